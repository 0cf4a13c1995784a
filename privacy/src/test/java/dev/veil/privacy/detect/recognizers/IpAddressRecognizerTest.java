package dev.veil.privacy.detect.recognizers;

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

class IpAddressRecognizerTest {

  private static final IpAddressRecognizer R = new IpAddressRecognizer();

  @ParameterizedTest
  @ValueSource(strings = {"192.168.0.1", "10.0.0.255", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::1", "fe80::1:2:3:4",
      "2001:0DB8:85A3:0000:0000:8A2E:0370:7334", "::ffff:192.0.2.128", " 8.8.8.8 "})
  void validates_ipv4AndIpv6_isTrue(String v) {
    assertTrue(R.validates(v));
  }

  @ParameterizedTest
  @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "12:30", "12:30:45", "2001:db8::g", "2001:db8:::1", "1:2:3:4:5:6:7:8:9",
      "192.168.0.1/24", "host", "", "deadbeef"})
  void validates_malformed_isFalse(String v) {
    assertFalse(R.validates(v));
  }

  /**
   * The cheap shape test run before commons-validator never rejects an address the validator
   * accepts: seeded random strings over the run alphabet (biased towards address shapes), and
   * every valid address form of the other tests.
   */
  @Test
  void shapeTest_neverRejectsWhatTheValidatorAccepts() {
    org.apache.commons.validator.routines.InetAddressValidator v = org.apache.commons.validator.routines.InetAddressValidator.getInstance();
    java.util.Random rnd = new java.util.Random(20261126L);
    String alphabet = "0123456789abcdefABCDEF:.";
    String[] parts = {"1", "10", "255", "0", "fe80", "ffff", "::", ":", ".", "1.2.3.4", "2001", "db8", "a", "F"};
    int valid = 0;
    for (int k = 0; k < 300_000; k++) {
      StringBuilder b = new StringBuilder();
      int len = 1 + rnd.nextInt(12);
      for (int j = 0; j < len; j++) {
        if (rnd.nextBoolean()) b.append(parts[rnd.nextInt(parts.length)]);
        else b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      String x = b.toString();
      if (v.isValid(x)) {
        valid++;
        assertTrue(IpAddressRecognizer.mayBeAddress(x, 0, x.length()), "rejected a valid address of length " + x.length());
      }
    }
    for (String x : List.of("10.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "2001:db8::8a2e:370:7334", "::ffff:192.0.2.1",
        "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4")) {
      assertTrue(v.isValid(x), x);
      assertTrue(IpAddressRecognizer.mayBeAddress(x, 0, x.length()), x);
    }
    assertTrue(valid > 1000, "the random strings must hold valid addresses: " + valid);
    assertFalse(IpAddressRecognizer.mayBeAddress("added.", 0, 6));
    assertFalse(IpAddressRecognizer.mayBeAddress("9:23", 0, 4));
  }

  @Test
  void find_inSentence_givesOffsetsDroppingSentencePunctuation() {
    String text = "From 192.168.0.1 and 2001:db8::1. Also IP:10.0.0.1, port 10.1.2.3:8080.";
    assertEquals(List.of("192.168.0.1", "2001:db8::1", "10.0.0.1", "10.1.2.3"), found(R, text));
    assertEquals(List.of(5, 16), offsets(R, text).get(0));
    assertEquals(PiiClass.of("IP_ADDRESS"), R.find(text).get(0).entity());
    assertTrue(R.find(text).get(0).explanation().contains("InetAddressValidator"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.2.3.4", "1.2.3.4x", "version 1.2.3", "at 12:30:45 today", "999.1.1.1", "cafe", "x::1", "deadbeef:cafe"})
  void find_notAddressesOrGluedToWords_isNothing(String text) {
    assertEquals(List.of(), R.find(text));
  }

  @Test
  void idHintsAndEntity() {
    assertEquals(List.of("ip"), R.nameHints());
    assertFalse(R.validates(null));
    assertEquals(List.of(), R.find(null));
  }

  @Test
  void serializable() throws Exception {
    TestNumbers.assertSerializable(R, "host 10.0.0.1");
  }

  @Test
  void find_adversarialMegabyteInputs_finishWithoutHanging() {
    TestNumbers.assertLinear(R);
  }

  /**
   * The runs are found from their '.' and ':' characters: every address found in a text is the one
   * found in its run alone (between the characters on each side, which the boundary checks read), run by
   * run as a character-by-character walk enumerates the maximal runs holding a '.' or ':'; on seeded
   * random texts of hex digits, separators, letters and spaces.
   */
  @Test
  void find_equalsTheAddressesOfEachSeparatedRunFoundAlone() {
    java.util.Random rnd = new java.util.Random(31);
    String alphabet = "0123456789abcdefABCDEF....::::  xyz-_/é";
    int withSpans = 0;
    for (int k = 0; k < 20_000; k++) {
      StringBuilder b = new StringBuilder();
      int len = rnd.nextInt(60);
      for (int i = 0; i < len; i++) b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      if (k % 3 == 0) b.insert(rnd.nextInt(b.length() + 1), " 10." + rnd.nextInt(300) + ".0." + rnd.nextInt(9) + " ");
      String text = b.toString();
      List<dev.veil.privacy.detect.Span> expected = new java.util.ArrayList<>();
      int n = text.length();
      int i = 0;
      while (i < n) {
        if ("0123456789abcdefABCDEF.:".indexOf(text.charAt(i)) < 0) {
          i++;
          continue;
        }
        int j = i;
        boolean separated = false;
        while (j < n && "0123456789abcdefABCDEF.:".indexOf(text.charAt(j)) >= 0) {
          separated |= text.charAt(j) == '.' || text.charAt(j) == ':';
          j++;
        }
        if (separated) {
          // the run between the characters around it, a space standing for the text's start or end
          // (the same to the boundary checks), so the run never starts the text it is found in
          int from = i - 1;
          String alone = (i > 0 ? text.charAt(i - 1) : " ") + text.substring(i, j) + (j < n ? text.charAt(j) : " ");
          for (dev.veil.privacy.detect.Span sp : R.find(alone)) {
            if (sp.start() + from >= i && sp.end() + from <= j) {
              expected.add(new dev.veil.privacy.detect.Span(sp.entity(), sp.start() + from, sp.end() + from, sp.score(), sp.recognizer(), sp.explanation()));
            }
          }
        }
        i = j;
      }
      if (!expected.isEmpty()) withSpans++;
      assertEquals(expected, R.find(text), () -> "addresses in '" + text + "'");
    }
    assertTrue(withSpans > 3000, "many texts hold an address: " + withSpans);
  }
}
