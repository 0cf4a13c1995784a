package dev.veil.privacy.detect.recognizers;

import static dev.veil.privacy.detect.recognizers.TestNumbers.bump;
import static dev.veil.privacy.detect.recognizers.TestNumbers.group;
import static dev.veil.privacy.detect.recognizers.TestNumbers.offsets;
import static dev.veil.privacy.detect.recognizers.TestNumbers.withNhs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UkNhsRecognizerTest {

  private static final UkNhsRecognizer R = new UkNhsRecognizer();

  @ParameterizedTest
  @ValueSource(strings = {"943 476 5919", "9434765919", "943-476-5919", " 943 476 5919 "})
  void validates_publishedNhsNumber_isTrue(String v) {
    assertTrue(R.validates(v));
  }

  @Test
  void generatedNumbers_validateAndOneChangedDigitFails() {
    assertEquals("9434765919", withNhs("943476591"));
    Random rnd = new Random(3);
    int checked = 0;
    while (checked < 100) {
      String nhs = withNhs(TestNumbers.randomDigits(rnd, 9));
      if (nhs == null) {
        continue;
      }
      checked++;
      assertTrue(R.validates(nhs), nhs);
      assertTrue(R.validates(group(nhs, " ", 3, 3, 4)), nhs);
      for (int d = 0; d < 10; d++) {
        assertFalse(R.validates(bump(nhs, d)), "one digit changed must fail: " + bump(nhs, d));
      }
    }
  }

  @Test
  void checkDigitTen_isNeverValid() {
    Random rnd = new Random(5);
    String body;
    do {
      body = TestNumbers.randomDigits(rnd, 9);
    } while (withNhs(body) != null);
    for (int c = 0; c <= 9; c++) {
      assertFalse(Checksums.nhs(body + c));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"943 476 5918", "943476591", "94347659190", "9434 76 5919", "943 476-5919", "94 34 76 59 19", ""})
  void validates_badCheckDigitLengthOrGrouping_isFalse(String v) {
    assertFalse(R.validates(v));
  }

  @Test
  void find_inSentence_givesOffsets() {
    String text = "NHS no. 943 476 5919, alt 9434765919.";
    assertEquals(List.of(List.of(8, 20), List.of(26, 36)), offsets(R, text));
    assertEquals(1.0, R.find(text).get(0).score());
    assertTrue(R.find(text).get(0).explanation().contains("mod-11"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"19434765919", "94347659191", "a9434765919", "943 476 5918"})
  void find_insideLongerRunsOrBadCheck_isNothing(String text) {
    assertEquals(List.of(), R.find(text));
  }

  @Test
  void idHintsAndEntity() {
    assertEquals(PiiClass.of("UK_NHS"), R.entity());
    assertEquals(List.of("nhs"), R.nameHints());
    assertFalse(R.validates(null));
    assertEquals(List.of(), R.find(null));
  }

  @Test
  void serializable() throws Exception {
    TestNumbers.assertSerializable(R, "nhs 943 476 5919");
  }

  @Test
  void find_adversarialMegabyteInputs_finishWithoutHanging() {
    TestNumbers.assertLinear(R);
  }
}
