package dev.veil.privacy.detect.recognizers;

import static dev.veil.privacy.detect.recognizers.TestNumbers.bump;
import static dev.veil.privacy.detect.recognizers.TestNumbers.group;
import static dev.veil.privacy.detect.recognizers.TestNumbers.offsets;
import static dev.veil.privacy.detect.recognizers.TestNumbers.withLuhn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaSinRecognizerTest {

  private static final CaSinRecognizer R = new CaSinRecognizer();
  private static final String VALID = withLuhn("13069254");

  @Test
  void validates_generatedNumbers_inEachFormat() {
    assertTrue(R.validates(VALID));
    assertTrue(R.validates(group(VALID, " ", 3, 3, 3)));
    assertTrue(R.validates(group(VALID, "-", 3, 3, 3)));
    Random rnd = new Random(17);
    for (int i = 0; i < 100; i++) {
      char first = "1234567 9".replace(" ", "").charAt(rnd.nextInt(8));
      String sin = withLuhn(first + TestNumbers.randomDigits(rnd, 7));
      assertTrue(R.validates(sin), sin);
      for (int d = 0; d < 9; d++) {
        assertFalse(R.validates(bump(sin, d)), "one digit changed must fail: " + bump(sin, d));
      }
    }
  }

  @Test
  void validates_firstDigitZeroOrEight_isFalseThoughLuhnValid() {
    assertTrue(Checksums.luhn("046454286")); // the CRA's documented example starts with 0, which is never issued
    assertFalse(R.validates("046 454 286"));
    String eight = withLuhn("80000000");
    assertTrue(Checksums.luhn(eight));
    assertFalse(R.validates(eight));
  }

  @ParameterizedTest
  @ValueSource(strings = {"13069254", "1306925440", "130 6925 44", "13 069 2544", "130-692 544", ""})
  void validates_wrongLengthOrGrouping_isFalse(String v) {
    assertFalse(R.validates(v));
  }

  @Test
  void find_inSentence_givesOffsets() {
    String text = "SIN: " + group(VALID, " ", 3, 3, 3) + " (" + VALID + ")";
    assertEquals(List.of(List.of(5, 16), List.of(18, 27)), offsets(R, text));
    assertTrue(R.find(text).get(0).explanation().contains("Luhn"));
  }

  @Test
  void find_insideLongerRuns_isNothing() {
    assertEquals(List.of(), R.find("1" + VALID));
    assertEquals(List.of(), R.find(VALID + "0"));
    assertEquals(List.of(), R.find("n" + VALID));
  }

  @Test
  void idHintsAndEntity() {
    assertEquals(PiiClass.of("CA_SIN"), R.entity());
    assertTrue(R.nameHints().containsAll(List.of("sin", "social insurance")));
    assertFalse(R.validates(null));
  }

  @Test
  void serializable() throws Exception {
    TestNumbers.assertSerializable(R, "sin " + VALID);
  }

  @Test
  void find_adversarialMegabyteInputs_finishWithoutHanging() {
    TestNumbers.assertLinear(R);
  }
}
