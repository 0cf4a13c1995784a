package dev.veil.privacy.detect.recognizers;

import static dev.veil.privacy.detect.recognizers.TestNumbers.bump;
import static dev.veil.privacy.detect.recognizers.TestNumbers.group;
import static dev.veil.privacy.detect.recognizers.TestNumbers.offsets;
import static dev.veil.privacy.detect.recognizers.TestNumbers.withVerhoeff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InAadhaarRecognizerTest {

  private static final InAadhaarRecognizer R = new InAadhaarRecognizer();
  private static final String VALID = withVerhoeff("23456789012");

  @Test
  void verhoeffHelper_matchesPublishedExample() {
    assertEquals("2363", withVerhoeff("236")); // the textbook Verhoeff example
    assertTrue(Checksums.verhoeff("2363"));
    assertFalse(Checksums.verhoeff("2364"));
  }

  @Test
  void validates_generatedNumbers_inEachFormat() {
    assertTrue(R.validates(VALID));
    assertTrue(R.validates(group(VALID, " ", 4, 4, 4)));
    assertTrue(R.validates(group(VALID, "-", 4, 4, 4)));
    Random rnd = new Random(13);
    for (int i = 0; i < 100; i++) {
      String a = withVerhoeff((char) ('2' + rnd.nextInt(8)) + TestNumbers.randomDigits(rnd, 10));
      assertTrue(R.validates(a), a);
      for (int d = 0; d < 12; d++) {
        assertFalse(R.validates(bump(a, d)), "one digit changed must fail: " + bump(a, d));
      }
    }
  }

  @Test
  void validates_firstDigitZeroOrOne_isFalse() {
    String zero = withVerhoeff("03456789012");
    String one = withVerhoeff("13456789012");
    assertTrue(Checksums.verhoeff(zero) && Checksums.verhoeff(one));
    assertFalse(R.validates(zero));
    assertFalse(R.validates(one));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2345678901", "2345 6789 01", "234567890123456", "23456 789 0123", ""})
  void validates_wrongLengthOrGrouping_isFalse(String v) {
    assertFalse(R.validates(v));
  }

  @Test
  void find_inSentence_givesOffsets() {
    String grouped = group(VALID, " ", 4, 4, 4);
    String text = "Aadhaar " + grouped + " and " + VALID + ".";
    assertEquals(List.of(List.of(8, 22), List.of(27, 39)), offsets(R, text));
    assertEquals(1.0, R.find(text).get(0).score());
    assertTrue(R.find(text).get(0).explanation().contains("Verhoeff"));
  }

  @Test
  void find_insideLongerRuns_isNothing() {
    assertEquals(List.of(), R.find("1" + VALID));
    assertEquals(List.of(), R.find(VALID + "1"));
    assertEquals(List.of(), R.find("x" + VALID));
    assertEquals(List.of(), R.find(bump(VALID, 5)));
  }

  @Test
  void idHintsAndEntity() {
    assertEquals(PiiClass.of("IN_AADHAAR"), R.entity());
    assertTrue(R.nameHints().contains("aadhaar"));
    assertFalse(R.validates(null));
    assertEquals(List.of(), R.find(null));
  }

  @Test
  void serializable() throws Exception {
    TestNumbers.assertSerializable(R, "id " + VALID);
  }

  @Test
  void find_adversarialMegabyteInputs_finishWithoutHanging() {
    TestNumbers.assertLinear(R);
  }
}
