package dev.veil.privacy.detect.recognizers;

import static dev.veil.privacy.detect.recognizers.TestNumbers.assertFoundInSentence;
import static dev.veil.privacy.detect.recognizers.TestNumbers.found;
import static dev.veil.privacy.detect.recognizers.TestNumbers.offsets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** URL, DOMAIN_NAME, DATE_TIME, DATE_OF_BIRTH, AGE and ZIP_CODE. */
class TextEntityRecognizersTest {
  private static final UrlRecognizer URL = new UrlRecognizer();
  private static final DomainNameRecognizer DOMAIN = new DomainNameRecognizer();
  private static final DateTimeRecognizer DATE = new DateTimeRecognizer();
  private static final DateOfBirthRecognizer DOB = new DateOfBirthRecognizer();
  private static final AgeRecognizer AGE = new AgeRecognizer();
  private static final ZipCodeRecognizer ZIP = new ZipCodeRecognizer();

  // --- URL

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com", "http://www.example.co.uk/path/to?q=1&r=2#frag", "ftp://files.example.org/pub/a.txt",
      "https://example.com:8443/a_(b)", "http://192.168.0.1/admin", "www.example.com/page"})
  void url_validUrls_areFoundWhole(String v) throws Exception {
    assertFoundInSentence(URL, v);
  }

  @Test
  void url_trailingPunctuationAndBrackets_areDropped() {
    assertEquals(List.of("https://example.com/a"), found(URL, "See https://example.com/a."));
    assertEquals(List.of("https://example.com/a"), found(URL, "(see https://example.com/a)"));
    assertEquals(List.of("https://en.wikipedia.org/wiki/Foo_(bar)"), found(URL, "at https://en.wikipedia.org/wiki/Foo_(bar), ok"));
    assertEquals(List.of(List.of(4, 23), List.of(28, 40)), offsets(URL, "Go: https://example.com and www.veil.dev!"));
    assertEquals(0.9, URL.find("https://example.com").get(0).score());
    assertEquals(0.7, URL.find("www.example.com").get(0).score());
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://example.invalidtld", "http://", "https://exa mple.com", "mailto:someone@example.com", "xhttps://example.com",
      "javascript:alert(1)", "www.nodot"})
  void url_invalidOrUnsupported_notFound(String v) {
    assertFalse(URL.validates(v));
    assertFalse(found(URL, v).contains(v));
  }

  // --- DOMAIN_NAME

  /**
   * The checks the domain recognizer runs before commons-validator (the last label starts with a
   * letter and is a known top-level domain) hold for every name the validator accepts: seeded
   * random dotted names over letters, digits and hyphens, with real and made-up last labels.
   */
  @Test
  void domain_precheck_neverRejectsWhatTheValidatorAccepts() {
    org.apache.commons.validator.routines.DomainValidator v = org.apache.commons.validator.routines.DomainValidator.getInstance(false);
    java.util.Random rnd = new java.util.Random(20261126L);
    String[] labels = {"example", "a", "x1", "my-site", "10", "e", "g", "com", "COM", "org", "io", "de", "uk", "co", "xn--p1ai", "xn--80ak6aa92e",
        "zz", "txt", "png", "2b", "-a", "a-", "Shop", "AI", "museum", "123"};
    int valid = 0;
    for (int k = 0; k < 200_000; k++) {
      StringBuilder b = new StringBuilder(labels[rnd.nextInt(labels.length)]);
      int more = 1 + rnd.nextInt(3);
      for (int j = 0; j < more; j++) b.append('.').append(labels[rnd.nextInt(labels.length)]);
      String name = b.toString();
      if (!v.isValid(name)) continue;
      valid++;
      String tld = name.substring(name.lastIndexOf('.') + 1);
      assertTrue(Character.isLetter(tld.charAt(0)) && v.isValidTld(tld), "precheck rejects a valid name of length " + name.length());
    }
    assertTrue(valid > 10_000, "the random names must hold valid ones: " + valid);
  }

  @Test
  void domain_bareDomains_areFound() throws Exception {
    assertFoundInSentence(DOMAIN, "example.co.uk");
    assertFoundInSentence(DOMAIN, "mail.example.org");
    assertEquals(List.of("veil.dev", "example.com"), found(DOMAIN, "Visit veil.dev or example.com."));
    assertEquals(0.6, DOMAIN.find("example.com").get(0).score());
    assertEquals(0.3, DOMAIN.find("readme.md").get(0).score(), "file-extension-like TLD");
    assertEquals(0.3, DOMAIN.find("it ended.Club").get(0).score(), "missing space after a full stop");
  }

  @Test
  void domain_emailAndUrlHosts_areLeftToTheirRecognizers() {
    assertEquals(List.of(), DOMAIN.find("write to jane.doe@example.com today"));
    assertEquals(List.of(), DOMAIN.find("see https://example.com/x"));
    assertEquals(List.of(), DOMAIN.find("see http://example.com"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.invalidtld", "3.14", "e.g", "-example.com-x", "exa_mple.com", "localhost", "v1.2.3"})
  void domain_nonDomains_fail(String v) {
    assertFalse(DOMAIN.validates(v), v);
  }

  /**
   * The runs are found from their dots: every name found in a text is the one found in its run alone
   * (between the characters on each side, a space standing for the text's start or end, which the
   * boundary checks treat alike), run by run as a character walk enumerates the maximal runs of
   * name characters holding a '.'; on seeded random texts of letters, digits, dots, dashes and
   * other characters, with real names spliced in.
   */
  @Test
  void domain_find_equalsTheNamesOfEachDottedRunFoundAlone() {
    java.util.Random rnd = new java.util.Random(37);
    String alphabet = "abcmoz0129ABC....--  @/:_é";
    List<String> names = List.of("example.com", "veil.dev", "mail.example.co.uk", "a-b.org", "Test.IO");
    int withSpans = 0;
    for (int k = 0; k < 20_000; k++) {
      StringBuilder b = new StringBuilder();
      int len = rnd.nextInt(60);
      for (int i = 0; i < len; i++) b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      if (k % 2 == 0) b.insert(rnd.nextInt(b.length() + 1), names.get(rnd.nextInt(names.size())));
      String text = b.toString();
      List<dev.veil.privacy.detect.Span> expected = new java.util.ArrayList<>();
      int n = text.length();
      int i = 0;
      while (i < n) {
        if (!isNameChar(text.charAt(i))) {
          i++;
          continue;
        }
        int j = i;
        while (j < n && isNameChar(text.charAt(j))) j++;
        if (text.substring(i, j).indexOf('.') >= 0) {
          String alone = (i > 0 ? text.charAt(i - 1) : " ") + text.substring(i, j) + (j < n ? text.charAt(j) : " ");
          for (dev.veil.privacy.detect.Span sp : DOMAIN.find(alone)) {
            if (sp.start() - 1 >= 0 && sp.end() - 1 <= j - i) {
              expected.add(new dev.veil.privacy.detect.Span(sp.entity(), sp.start() - 1 + i, sp.end() - 1 + i, sp.score(), sp.recognizer(), sp.explanation()));
            }
          }
        }
        i = j;
      }
      if (!expected.isEmpty()) withSpans++;
      assertEquals(expected, DOMAIN.find(text), () -> "names in '" + text + "'");
    }
    assertTrue(withSpans > 1000, "many texts hold a name: " + withSpans);
  }

  /** An ASCII letter or digit, '.' or '-'. */
  private static boolean isNameChar(char c) {
    return c < 128 && Character.isLetterOrDigit(c) || c == '.' || c == '-';
  }

  // --- DATE_TIME

  @ParameterizedTest
  @ValueSource(strings = {"2021-03-03", "2021/3/3", "2021-03-03T14:05:09Z", "2021-03-03T14:05:09.123+01:00", "2021-03-03 14:05", "03/04/2021",
      "31/12/2021", "12/31/2021", "3-4-2021", "03.04.2021", "03/04/21", "March 3, 2021", "Mar. 3rd 2021", "March 3", "March 2021",
      "3 March 2021", "3rd of March, 2021", "3rd March", "21st Sept 2020", "14:05", "14:05:09", "2:30 pm", "2pm", "2 p.m.", "11 AM",
      "March 3, 2021 at 2pm", "2021-02-28", "2020-02-29", "29 February 2024", "10:00 UTC"})
  void dateTime_commonForms_areFoundWhole(String v) throws Exception {
    assertFoundInSentence(DATE, v);
    assertEquals(PiiClass.DATE_TIME, DATE.find(v).get(0).entity());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2021-02-29", "2021-13-01", "2021-04-31", "31/31/2021", "32 March 2021", "February 30, 2021", "3th March",
      "1nd of May", "25:00", "12:60", "13pm", "0 am", "1.2.3", "3-4-21", "12345", "2021-03-03-04", "1.2.2021.3", "Mayday 3", "May I"})
  void dateTime_invalidCalendarOrClockOrShape_fail(String v) {
    assertFalse(DATE.validates(v), v);
  }

  @Test
  void dateTime_offsetsInSentences() {
    String t = "Born on March 3, 2021 at 2pm, moved 2021-04-05; call at 14:05 or 3rd of June.";
    assertEquals(List.of("March 3, 2021 at 2pm", "2021-04-05", "14:05", "3rd of June"), found(DATE, t));
    assertEquals(List.of(), DATE.find("version 1.2.3, 10:30:45:12 and 12:34:56:78:9a are not times; 3.14 neither"));
    assertEquals(0.85, DATE.find("on 2021-03-03").get(0).score());
    assertEquals(0.6, DATE.find("at 14:05").get(0).score());
  }

  @Test
  void dateTime_partialFormsAtTheEndOfTheText_areSafe() {
    for (String t : List.of("on 3 ", "on 3rd of ", "March ", "March 3, ", "2021-03-03T", "2021-03-", "14:", "2 p.", "3 of", "3 o")) {
      assertEquals(List.of(), DATE.find(t).stream().filter(s -> s.end() > t.length()).toList(), t);
      DOB.find("born " + t);
    }
    assertEquals(List.of("2021-03-03"), found(DATE, "2021-03-03T"));
  }

  // --- DATE_OF_BIRTH

  @Test
  void dob_dateWithBirthCue_isFoundAndOutranksDateTime() {
    for (String t : List.of("born on 3 March 1985.", "DOB: 1985-03-03", "Date of birth: 03/03/1985", "birthday is March 3, 1985",
        "d.o.b. 03.03.1985", "b. 1985-03-03", "1985-03-03 (birth date)")) {
      List<String> f = found(DOB, t);
      assertEquals(1, f.size(), t);
      assertTrue(DOB.find(t).get(0).score() > DATE.find(t).get(0).score(), t);
    }
    assertEquals(List.of(List.of(8, 20)), offsets(DOB, "born on 3 March 1985."));
  }

  @Test
  void dob_withoutCueOrCueForAnotherNumber_isNothing() {
    assertEquals(List.of(), DOB.find("meeting on 3 March 1985"));
    assertEquals(List.of(), DOB.find("born in room 12 on 3 March 1985"));
    assertEquals(List.of(), DOB.find("born at 14:05"));
  }

  @Test
  void dob_validatesPlausibleDates() {
    assertTrue(DOB.validates("1985-03-03"));
    assertTrue(DOB.validates("03/03/85"));
    assertFalse(DOB.validates("1885-03-03"));
    assertFalse(DOB.validates("1985-02-30"));
    assertFalse(DOB.validates("1985-03-03 14:05"));
  }

  // --- AGE

  @Test
  void age_numbersWithAgePhrases() {
    assertEquals(List.of("42", "7", "101", "30", "65", "5"), found(AGE,
        "aged 42, a 7-year-old, 101 years old, age: 30, 65 yrs old and 5 y/o."));
    assertEquals(List.of(List.of(7, 9)), offsets(AGE, "She is 42 years old."));
    assertEquals(0.85, AGE.find("aged 42").get(0).score());
  }

  @Test
  void age_otherNumbersOrOutOfRange_areNothing() {
    assertEquals(List.of(), AGE.find("121 years old, 42% old, 042 years old, 4.5 years old, room 42, 1-42 years old"));
    assertEquals(List.of(), AGE.find("teenaged 42"));
    assertTrue(AGE.validates("0"));
    assertTrue(AGE.validates("120"));
    assertFalse(AGE.validates("121"));
    assertFalse(AGE.validates("07"));
    assertFalse(AGE.validates("-1"));
  }

  // --- ZIP_CODE

  @ParameterizedTest
  @ValueSource(strings = {"94105", "94105-1234", "SW1A 1AA", "EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "GIR 0AA",
      "SW1A1AA"})
  void zip_usAndUkFormats_areFound(String v) throws Exception {
    assertFoundInSentence(ZIP, v);
  }

  @ParameterizedTest
  @ValueSource(strings = {"00000", "9410", "941050", "94105-123", "Q1A 1AA", "AI1 1AA", "SW1A 1CA", "sw1a 1aa", "W1I 0AX", "EC1L 1BB",
      "GIR 1AA"})
  void zip_invalidFormats_fail(String v) {
    assertFalse(ZIP.validates(v), v);
  }

  @Test
  void zip_scoresRiseAfterAStateCode() {
    assertEquals(0.3, ZIP.find("lot 94105").get(0).score());
    assertEquals(0.5, ZIP.find("lot 94105-1234").get(0).score());
    assertEquals(0.7, ZIP.find("San Francisco, CA 94105").get(0).score());
    assertEquals(0.8, ZIP.find("NY, 10001-2345").get(0).score());
    assertEquals(0.6, ZIP.find("London SW1A 1AA").get(0).score());
    assertEquals(List.of(List.of(18, 23)), offsets(ZIP, "San Francisco, CA 94105."));
    assertEquals(List.of(), ZIP.find("pi is 3.14159, 12345.67 and 123456"));
  }
}
