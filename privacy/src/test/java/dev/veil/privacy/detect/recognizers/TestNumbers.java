package dev.veil.privacy.detect.recognizers;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test helpers: check-digit generators written independently of {@link Checksums} (they compute the
 * digit that completes a number rather than verifying one), and contract assertions shared by every
 * recognizer test.
 */
final class TestNumbers {
  private TestNumbers() {}

  /** {@code body} plus the Luhn digit that makes it valid. */
  static String withLuhn(String body) {
    for (int c = 0; c <= 9; c++) {
      String s = body + c;
      int sum = 0;
      for (int i = 0; i < s.length(); i++) {
        int d = s.charAt(s.length() - 1 - i) - '0';
        int v = i % 2 == 1 ? d * 2 : d;
        sum += v / 10 + v % 10;
      }
      if (sum % 10 == 0) return s;
    }
    throw new AssertionError("no Luhn digit for " + body);
  }

  // Verhoeff tables, as published (multiplication d, permutation p, inverse inv).
  private static final int[][] D = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
      {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
      {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
      {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  private static final int[][] P = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
      {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
      {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  private static final int[] INV = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};

  /** {@code body} plus its Verhoeff check digit (generation form: positions shifted by one). */
  static String withVerhoeff(String body) {
    int c = 0;
    for (int i = 0; i < body.length(); i++) {
      int d = body.charAt(body.length() - 1 - i) - '0';
      c = D[c][P[(i + 1) % 8][d]];
    }
    return body + INV[c];
  }

  /** {@code body} (9 digits) plus its NHS check digit, or null when the check would be 10. */
  static String withNhs(String body) {
    int sum = 0;
    for (int i = 0; i < 9; i++) sum += (body.charAt(i) - '0') * (10 - i);
    int r = sum % 11;
    if (r == 1) return null;
    return body + (r == 0 ? 0 : 11 - r);
  }

  static String randomDigits(Random rnd, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) sb.append((char) ('0' + rnd.nextInt(10)));
    return sb.toString();
  }

  /** {@code s} with the digit at {@code i} replaced by the next digit (mod 10). */
  static String bump(String s, int i) {
    char c = s.charAt(i);
    return s.substring(0, i) + (char) ('0' + (c - '0' + 1) % 10) + s.substring(i + 1);
  }

  /** {@code digits} split into groups of {@code sizes} joined by {@code sep}. */
  static String group(String digits, String sep, int... sizes) {
    StringBuilder sb = new StringBuilder();
    int p = 0;
    for (int sz : sizes) {
      if (p > 0) sb.append(sep);
      sb.append(digits, p, p + sz);
      p += sz;
    }
    assertEquals(digits.length(), p, "group sizes must cover the digits");
    return sb.toString();
  }

  /** The matched substrings. */
  static List<String> found(Recognizer r, String text) {
    List<String> out = new ArrayList<>();
    for (Span s : wellFormed(r, text)) out.add(text.substring(s.start(), s.end()));
    return out;
  }

  /** The [start, end) offsets. */
  static List<List<Integer>> offsets(Recognizer r, String text) {
    return wellFormed(r, text).stream().map(s -> List.of(s.start(), s.end())).toList();
  }

  /** The spans, after checking the contract: ordered, non-overlapping, labelled, no text in explanations. */
  static List<Span> wellFormed(Recognizer r, String text) {
    List<Span> spans = r.find(text);
    int prevEnd = 0;
    for (Span s : spans) {
      int pe = prevEnd;
      assertTrue(s.start() >= pe, () -> "spans must be in order and not overlap at " + pe + ": " + s);
      assertTrue(s.end() > s.start() && s.end() <= text.length());
      assertEquals(r.entity(), s.entity());
      assertEquals(r.id(), s.recognizer());
      String matched = text.substring(s.start(), s.end());
      assertFalse(s.explanation().contains(matched), "explanation must not hold the matched text");
      assertFalse(s.explanation().contains(matched.replaceAll("[ -]", "")), "explanation must not hold the matched digits");
      prevEnd = s.end();
    }
    return spans;
  }

  /** The repeated units of the 1 MB adversarial inputs for the hang guard. */
  static final List<String> ADVERSARIAL_UNITS = List.of("1 ", "1-", "12-", "4111 ", "4111-1111-", "1234 5678 ", "9", "a:", "::", "1.", "1.2.", "ff:",
        "GB82 ", "GB82 WEST ", "GB82WEST", "AB12 ", "1 -", "1  ", "0",
        // the recognizers added for the 40 entity types: their anchors and partial shapes
        "a", "a.", "a-", "aA1", "http://", "http://a", "www.", "https://a.com/((", "a.b.", "@a.", "-----BEGIN ",
        "-----BEGIN PRIVATE KEY-----\n", "-----BEGIN PRIVATE KEY-----\nAAAA", "eyJ", "eyJ.", "eyJhbGciOiJIUzI1NiJ9.", "0x", "0xab",
        "bc1", "bc1q", "1A1z", "3J98", "AKIA", "ghp_", "xoxb-", "xoxb-1-", "12:", "12:34 ", "1/2/", "3 March ", "March 3, ",
        "3rd of ", "1st ", "2pm ", "born ", "aged 1", "age 42 ", "1 years old ", "12345-", "CA 12345 ", "SW1A ", "SW1A 1AA",
        "A9 9AA", "9.", "ABCPE1234", "X1234567", "S1234567", "131052-", "12345678-", "RSSMRA85T10", "+", "%2", "Ab1+/");

  /** The 1 MB adversarial input made of {@code unit} repeated. */
  static String adversarial(String unit) {
    int mb = 1 << 20;
    return unit.repeat(mb / unit.length());
  }

  /**
   * The recognizer finds {@code value} at its exact offsets inside a sentence, validates it as a
   * whole value, does not find it glued to a letter or digit on either side, and survives
   * serialization.
   */
  static void assertFoundInSentence(Recognizer r, String value) throws Exception {
    assertTrue(r.validates(value), () -> r.id() + " must validate " + value);
    assertTrue(r.validates("  " + value + " "), () -> r.id() + " must validate a padded " + value);
    String text = "Record: " + value + ", please check.";
    List<Span> spans = wellFormed(r, text);
    assertEquals(1, spans.size(), () -> r.id() + " in " + text + ": " + spans);
    assertEquals(8, spans.get(0).start());
    assertEquals(8 + value.length(), spans.get(0).end());
    assertFalse(found(r, "xyz" + value).contains(value), () -> r.id() + " glued left " + value);
    assertFalse(found(r, value + "Q7 tail").contains(value), () -> r.id() + " glued right " + value);
    assertSerializable(r, text);
  }

  /** find and validates finish on every adversarial input within 60 s each (a guard against hangs only: a quadratic scan of 1 MB takes far longer, and load on a shared machine does not fail it). */
  static void assertLinear(Recognizer r) {
    for (String unit : ADVERSARIAL_UNITS) {
      String s = adversarial(unit);
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        wellFormed(r, s);
        r.validates(s);
      }, () -> "hang on input starting with '" + s.substring(0, 12) + "'");
    }
  }

  /** Round-trips through Java serialization and still finds the same spans. */
  static void assertSerializable(Recognizer r, String text) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(r);
    }
    Recognizer copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Recognizer) in.readObject();
    }
    Recognizer c = copy;
    assertAll(() -> assertEquals(r.entity(), c.entity()), () -> assertEquals(r.find(text), c.find(text)));
  }
}
