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

class UkNinoRecognizerTest {

  private static final UkNinoRecognizer R = new UkNinoRecognizer();

  @ParameterizedTest
  @ValueSource(strings = {"AB123456C", "AB 12 34 56 C", "CE123456D", "JG103759A", "OA000001B", " AB123456A "})
  void validates_wellFormedNino_isTrue(String v) {
    assertTrue(R.validates(v));
  }

  @ParameterizedTest
  @ValueSource(strings = {"QQ123456C", "DA123456A", "FA123456A", "IA123456A", "UA123456A", "VA123456A", "AD123456A", "AO123456A",
      "AQ123456A", "BG123456A", "GB123456A", "NK123456A", "KN123456A", "TN123456A", "NT123456A", "ZZ123456A", "AB123456E",
      "AB12345C", "AB1234567C", "ab123456c", "AB 123456 C", "AB12 34 56C", "AB123456", "A1234567C", ""})
  void validates_forbiddenLettersOrBadShape_isFalse(String v) {
    assertFalse(R.validates(v));
  }

  @Test
  void find_inSentence_givesOffsets() {
    String text = "NI: AB123456C, spouse CE 12 34 56 D.";
    assertEquals(List.of(List.of(4, 13), List.of(22, 35)), offsets(R, text));
    assertEquals(0.85, R.find(text).get(0).score());
    assertTrue(R.find(text).get(0).explanation().contains("HMRC"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"XAB123456C", "AB123456CD", "AB1234567", "1AB123456C", "AB123456C9"})
  void find_gluedToWordCharacters_isNothing(String text) {
    assertEquals(List.of(), R.find(text));
  }

  @Test
  void find_adjacentNinos_bothFound() {
    assertEquals(List.of("AB123456C", "CE123456D"), found(R, "AB123456C CE123456D"));
  }

  @Test
  void idHintsAndEntity() {
    assertEquals(PiiClass.of("UK_NINO"), R.entity());
    assertTrue(R.nameHints().contains("nino"));
    assertFalse(R.validates(null));
    assertEquals(List.of(), R.find(null));
  }

  @Test
  void serializable() throws Exception {
    TestNumbers.assertSerializable(R, "nino AB123456C");
  }

  @Test
  void find_adversarialMegabyteInputs_finishWithoutHanging() {
    TestNumbers.assertLinear(R);
  }
}
