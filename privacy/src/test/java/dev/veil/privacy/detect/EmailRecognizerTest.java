package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailRecognizerTest {

  private static final EmailRecognizer R = new EmailRecognizer();

  /** The [start, end) pairs of the spans found in {@code text}. */
  private static List<List<Integer>> spans(String text) {
    return R.find(text).stream().map(s -> List.of(s.start(), s.end())).toList();
  }

  private static List<String> found(String text) {
    return R.find(text).stream().map(s -> text.substring(s.start(), s.end())).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"john.doe@example.com", "a+tag@sub.example.co.uk", "  ann@example.org  ", "x_y-z@example-mail.de"})
  void validates_wellFormedAddress_isTrue(String v) {
    assertTrue(R.validates(v));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not an email", "a@b", "@example.com", "ann@", "ann@localhost", "ann@example.invalidtld", "a b@example.com",
      "ann@@example.com", "ann@example..com", ""})
  void validates_malformedOrUnknownTld_isFalse(String v) {
    assertFalse(R.validates(v));
  }

  /**
   * The domain-remembering validator answers exactly as commons-validator's {@code getInstance(false,
   * false)}: seeded random addresses over a few domains (valid, invalid, IP literals, upper case), so
   * domains repeat, share cache slots and alternate with each other.
   */
  @Test
  void domainMemoValidator_answersAsTheLibrary() {
    org.apache.commons.validator.routines.EmailValidator library = org.apache.commons.validator.routines.EmailValidator.getInstance(false, false);
    EmailRecognizer.DomainMemoValidator memo = new EmailRecognizer.DomainMemoValidator();
    String[] users = {"jane", "j.doe", "a+b", "x_y", ".bad", "bad.", "o'neil", "\"quoted\"", "", "a..b"};
    String[] domains = {"example.com", "EXAMPLE.COM", "mertz.biz", "gmail.com", "localhost", "example.invalidtld", "[10.0.0.1]",
        "[999.0.0.1]", "-bad.com", "bad-.com", "sub.example.co.uk", "xn--p1ai.xn--p1ai", "a.b", "", "example..com"};
    java.util.Random rnd = new java.util.Random(20261126L);
    int valid = 0;
    for (int k = 0; k < 20_000; k++) {
      String address = users[rnd.nextInt(users.length)] + "@" + domains[rnd.nextInt(domains.length)];
      boolean expected = library.isValid(address);
      assertEquals(expected, memo.isValid(address), "address #" + k);
      if (expected) valid++;
    }
    assertTrue(valid > 2_000 && valid < 18_000, "the addresses must mix valid and invalid ones: " + valid);
  }

  @Test
  void validates_null_isFalse() {
    assertFalse(R.validates(null));
  }

  @Test
  void find_addressesInText_givesExactSpansInOrder() {
    String t = "mail a@example.com and b@example.org now";
    assertEquals(List.of(List.of(5, 18), List.of(23, 36)), spans(t));
    Span s = R.find(t).get(0);
    assertEquals(PiiClass.EMAIL_ADDRESS, s.entity());
    assertEquals("email-commons-validator", s.recognizer());
    assertEquals(1.0, s.score());
  }

  @Test
  void find_trailingPunctuation_isNotPartOfTheAddress() {
    assertEquals(List.of("john@example.com"), found("Write to john@example.com."));
    assertEquals(List.of("john@example.com"), found("<john@example.com>, thanks"));
    assertEquals(List.of("john@example.com"), found("(john@example.com-)"));
  }

  @Test
  void find_leadingDots_areNotPartOfTheAddress() {
    assertEquals(List.of("john@example.com"), found("(.john@example.com)"));
    assertEquals(List.of("john@example.com"), found("..john@example.com"));
  }

  @Test
  void find_adjacentAddresses_areFoundSeparately() {
    assertEquals(List.of("a@example.com", "b@example.org"), found("a@example.com,b@example.org"));
  }

  @Test
  void find_noValidAddress_givesNoSpans() {
    assertEquals(List.of(), spans("user@host and @handle and a@b"));
    assertEquals(List.of(), spans(""));
    assertEquals(List.of(), spans(null));
  }

  @Test
  void find_addressInNonAsciiText_usesUtf16Offsets() {
    String t = "\uD83D\uDE00 ann@example.com";
    assertEquals(List.of(List.of(3, 18)), spans(t));
  }

  /**
   * A guard against hangs only: each 1 MB input gets its own generous budget (60 s; a quadratic scan
   * of 1 MB, about 5 x 10^11 steps, takes far longer), so machine load does not add up across inputs
   * and does not fail it.
   */
  @Test
  void find_megabyteOfAdversarialInput_finishesInLinearTime() {
    int n = 1 << 20;
    String valid = "ann@example.com ";
    String longLocal = ("x".repeat(63) + "@" + "d".repeat(60) + ".com ").repeat(n / 129);
    java.util.Map<String, Integer> expected = new java.util.LinkedHashMap<>();
    expected.put("a@".repeat(n / 2), 0);
    expected.put("@".repeat(n), 0);
    expected.put("a.".repeat(n / 2), 0);
    expected.put("a".repeat(n) + "@", 0);
    expected.put("@" + "a.".repeat(n / 2), 0);
    expected.put(("a".repeat(70) + "@" + "b-".repeat(130)).repeat(n / 331), 0);
    expected.put(valid.repeat(n / valid.length()), n / valid.length());
    expected.put(longLocal, n / 129);
    for (java.util.Map.Entry<String, Integer> e : expected.entrySet()) {
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertEquals((int) e.getValue(), R.find(e.getKey()).size()));
    }
  }

  @Test
  void contextAndPrefilter_anchorOnAt() {
    assertTrue(R.contextWords().contains("email"));
    assertTrue(R.prefilter().anchors().contains("@"));
    assertFalse(R.prefilter().everyText());
  }

  @Test
  void metadata_namesEntityIdAndHints() {
    assertEquals(PiiClass.EMAIL_ADDRESS, R.entity());
    assertTrue(R.nameHints().contains("email"));
  }
}
