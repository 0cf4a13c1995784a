package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.veil.core.schema.PiiClass;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneRecognizerTest {

  private static final PhoneRecognizer US = new PhoneRecognizer(List.of("US"));

  /** The numbers the tests rely on, checked against libphonenumber itself first. */
  @BeforeAll
  static void numbersAreValidInLibphonenumber() throws Exception {
    PhoneNumberUtil u = PhoneNumberUtil.getInstance();
    for (String us : List.of("+1 650-253-0000", "(650) 253-0000", "(201) 555-0123", "617-253-1000")) {
      assertTrue(u.isValidNumber(u.parse(us, "US")), us);
    }
    assertTrue(u.isValidNumber(u.parse("020 7946 0958", "GB")));
    assertFalse(u.isValidNumber(u.parse("020 7946 0958", "US")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"+1 650-253-0000", "(650) 253-0000", "650.253.0000", "6502530000", " (201) 555-0123 ", "617-253-1000 x123",
      "+44 20 7946 0958"})
  void validates_validNumber_isTrue(String v) {
    assertTrue(US.validates(v));
  }

  @ParameterizedTest
  @ValueSource(strings = {"12345", "555-0123", "1-800-FLOWERS", "call me", "000-000-0000", "+1 650-253-0000 650-253-0000 650-253-0000",
      "2024-01-31", ""})
  void validates_invalidNumberOrText_isFalse(String v) {
    assertFalse(US.validates(v));
  }

  @Test
  void validates_nationalNumberOfAnotherCountry_dependsOnTheRegions() {
    assertFalse(US.validates("020 7946 0958"));
    assertTrue(new PhoneRecognizer(List.of("US", "gb")).validates("020 7946 0958"));
  }

  /**
   * Digits after a '-' or '/' glued to a code are a part number (a code holding a digit) or, after a
   * code of capitals, an invoice or order number unless the default regions' plans accept them.
   */
  @Test
  void find_identifierTails_areNoPhoneNumbers() {
    // only another country's plan (DE, tried as a guess) accepts these digits
    assertEquals(List.of(), found(US, "Invoice INV-2024-00123 is due."));
    assertEquals(List.of("2024-00123"), found(new PhoneRecognizer(List.of("DE")), "Invoice INV-2024-00123 is due."),
        "valid in a default region");
    assertEquals(List.of(), found(US, "Part A1-650-253-0000 is out of stock."));
    assertEquals(List.of(), found(US, "order PO12/650-253-0000"));
    // near misses: the same numbers written on their own, after a label or after a separator and a space
    assertEquals(List.of("650-253-0000"), found(US, "Part A1 - 650-253-0000 is the line."));
    assertEquals(List.of("650-253-0000"), found(US, "Tel/Fax: 650-253-0000"));
    assertEquals(List.of("650-253-0000"), found(US, "-650-253-0000"));
    // a name or label glued before a '/' or '-' (contact fields), and numbers starting with '+' or '('
    assertEquals(List.of("650-253-0000"), found(US, "John Smith/650-253-0000"));
    assertEquals(List.of("650-253-0000"), found(US, "Mobile-650-253-0000"));
    assertEquals(List.of("+1 650 253 0000"), found(US, "Tel/+1 650 253 0000"));
    assertEquals(List.of("(650) 253-0000"), found(US, "Call Jane/(650) 253-0000"));
    // a label of capitals before a number valid in the default region: the number counts
    assertEquals(List.of("650-253-0000"), found(US, "TEL-650-253-0000"));
    assertEquals(List.of("650-253-0000"), found(US, "Contact: TEL/650-253-0000"));
  }

  @Test
  void constructor_regions_areNormalizedToUpperCase() {
    assertEquals(List.of("GB", "DE"), new PhoneRecognizer(List.of(" gb", "De")).regions());
  }

  @Test
  void constructor_unsupportedRegion_failsNamingIt() {
    String m = assertThrows(IllegalArgumentException.class, () -> new PhoneRecognizer(List.of("US", "XX"))).getMessage();
    assertTrue(m.contains("'XX'") && m.contains("ISO 3166"), m);
  }

  @Test
  void constructor_noRegions_fails() {
    assertThrows(IllegalArgumentException.class, () -> new PhoneRecognizer(List.of()));
    assertThrows(IllegalArgumentException.class, () -> new PhoneRecognizer(null));
  }

  @Test
  void find_numbersInText_givesExactSpans() {
    String t = "call +1 650-253-0000 or (201) 555-0123 today";
    List<Span> spans = US.find(t);
    assertEquals(List.of("+1 650-253-0000", "(201) 555-0123"), spans.stream().map(s -> t.substring(s.start(), s.end())).toList());
    assertEquals(PiiClass.PHONE_NUMBER, spans.get(0).entity());
  }

  @Test
  void find_noNumber_givesNoSpans() {
    assertEquals(List.of(), US.find("order 12345 shipped on 2024-01-31"));
    assertEquals(List.of(), US.find(""));
    assertEquals(List.of(), US.find(null));
  }

  @Test
  void find_twoRegions_doesNotReportOverlappingSpans() {
    PhoneRecognizer both = new PhoneRecognizer(List.of("US", "GB"));
    String t = "US +1 650-253-0000, UK 020 7946 0958";
    List<Span> spans = both.find(t);
    assertEquals(2, spans.size());
    assertFalse(spans.get(0).overlaps(spans.get(1)));
    assertTrue(spans.get(0).start() < spans.get(1).start());
  }

  @Test
  void minDigits_isFourForTheBundledMetadata() {
    assertEquals(4, PhoneRecognizer.MIN_DIGITS);
  }

  @Test
  void find_digitShortcut_neverHidesANumberLibphonenumberWouldFind() {
    // texts with fewer than MIN_DIGITS digits, in phone-like shapes: libphonenumber itself finds nothing in them
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(20261125);
    String alphabet = "abc XYZ+()-./ ";   // no digits: those come only from the budget below
    String digitChars = "0123456789\u0660\u0661\uFF11\uFF19";   // ASCII, Arabic-Indic and full-width digits
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    for (int t = 0; t < 3000; t++) {
      StringBuilder sb = new StringBuilder("+");
      int digits = rnd.nextInt(PhoneRecognizer.MIN_DIGITS);
      for (int i = 0; i < 12; i++) {
        if (digits > 0 && rnd.nextInt(3) == 0) {
          sb.append(digitChars.charAt(rnd.nextInt(digitChars.length())));
          digits--;
        } else {
          sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
      }
      String text = sb.toString();
      assertTrue(text.chars().filter(Character::isDigit).count() < PhoneRecognizer.MIN_DIGITS, text);
      for (String region : List.of("US", "GB", "DE", "SH", "NU", "TK")) {
        assertFalse(util.findNumbers(text, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE).iterator().hasNext(),
            "libphonenumber found a number with fewer than " + PhoneRecognizer.MIN_DIGITS + " digits in: " + text);
      }
    }
  }

  @Test
  void prefilter_firesOnNumbersWrittenInOtherDigitScripts() {
    PhoneRecognizer r = new PhoneRecognizer(java.util.List.of("GB"));
    String fullWidth = "call \uff10\uff12\uff10 \uff17\uff19\uff14\uff16 \uff10\uff10\uff10\uff10 now";
    org.junit.jupiter.api.Assertions.assertFalse(r.find(fullWidth).isEmpty(), "libphonenumber reads full-width digits");
    TextProfile p = TextProfile.of(fullWidth, TextProfile.trie(r.prefilter().anchors()));
    org.junit.jupiter.api.Assertions.assertTrue(r.prefilter().fires(p));
    TextProfile none = TextProfile.of("call me maybe", TextProfile.trie(r.prefilter().anchors()));
    org.junit.jupiter.api.Assertions.assertFalse(r.prefilter().fires(none));
    org.junit.jupiter.api.Assertions.assertTrue(r.contextWords().contains("phone"));
  }

  private static List<String> found(PhoneRecognizer r, String t) {
    return r.find(t).stream().map(s -> t.substring(s.start(), s.end())).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"+1-944-435-4352", "001-420-335-7509", "(983) 832-4226", "(983)832-4226", "986.291.2294", "1-811-619-0008",
      "+1 (390) 559-1978", "+1 974 544 6591"})
  void find_northAmericanLayout_withAnUnassignedAreaCode_isFound(String number) {
    assertEquals(List.of(number), found(US, "call me at " + number + " tomorrow"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"944-435-43521", "094-435-4352", "944-035-4352", "944-435.4352", "944 435-4352", "(944 435-4352",
      "+2-944-435-4352", "944-4354-352"})
  void nanpLayout_nearMiss_isZero(String number) {
    // (some of these are still valid national numbers elsewhere, which find() reports at a lower score)
    assertEquals(0.0, PhoneRecognizer.nanpLayout(number));
    assertTrue(PhoneRecognizer.nanpLayout("944-435-4352") > 0.5);
  }

  @Test
  void find_extensionAfterTheNumber_belongsToTheSpan() {
    assertEquals(List.of("001-420-335-7509x38548"), found(US, "Fax: 001-420-335-7509x38548"));
    assertEquals(List.of("+1 (547) 612-9178 ext. 754"), found(US, "call +1 (547) 612-9178 ext. 754 now"));
    assertEquals(List.of("(650) 253-0000 x12"), found(US, "desk (650) 253-0000 x12."));
    assertEquals(List.of("(650) 253-0000"), found(US, "desk (650) 253-0000 xylophone"));
  }

  @Test
  void find_internationalForms_withPrefixInParenthesesOrTrunkZero() {
    assertEquals(List.of("(+351) 212 345 678"), found(US, "call (+351) 212 345 678 now"));
    assertEquals(List.of("+44(0)20 7946 0958"), found(US, "call +44(0)20 7946 0958 now"));
    assertEquals(List.of("011 44 20 7946 0958"), found(US, "call 011 44 20 7946 0958 now"));
    assertEquals(List.of(), found(US, "call (+351) 212 now"));
  }

  @Test
  void find_phoneShapedGroupsInNoKnownPlan_scoreBelowTheThreshold_andOtherNumberShapesAreNotPhones() {
    // below 0.5: reported by the analyzer only with a context word
    assertTrue(PhoneRecognizer.phoneGroups("99 111 2222"));
    assertFalse(PhoneRecognizer.phoneGroups("123-45-6789"), "SSN shape");
    assertFalse(PhoneRecognizer.phoneGroups("4111 1111 1111 1111"), "card shape");
    assertFalse(PhoneRecognizer.phoneGroups("1 2 3"), "groups too short");
    assertTrue(PhoneRecognizer.UNCHECKED_SCORE < 0.5);
    assertTrue(PhoneRecognizer.ssnShaped("123-45-6789") && PhoneRecognizer.ssnShaped("123 45 6789"));
    assertEquals(List.of(), found(US, "my number is 123-45-6789"), "an SSN shape is not a foreign phone number");
  }

  @Test
  void find_ipAddressesAndDateTimes_areNotPhoneNumbers() {
    assertEquals(List.of(), found(US, "from 115.237.101.174 today"));
    assertEquals(List.of(), found(US, "at 2014-04-08 19:07:29 the job ran"));
    assertEquals(List.of(), found(US, "at 22/02/1995 00:41 the job ran"));
    // a real number next to them is still found
    assertEquals(List.of("(650) 253-0000"), found(US, "from 115.237.101.174 call (650) 253-0000"));
  }

  @Test
  void find_bareDigitRun_validOnlyInAnotherCountry_isNotFound_butTheGroupedOneIs() {
    assertEquals(List.of(), found(US, "My driver's license number is 481195160"));
    assertEquals(List.of("481 195 160"), found(US, "my number is 481 195 160"));
    assertFalse(PhoneRecognizer.grouped("481195160"));
    assertTrue(PhoneRecognizer.grouped("(96) 627277"));
  }
}
