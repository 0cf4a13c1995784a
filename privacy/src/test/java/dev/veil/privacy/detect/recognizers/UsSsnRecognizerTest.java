package dev.veil.privacy.detect.recognizers;

import static dev.veil.privacy.detect.recognizers.TestNumbers.found;
import static dev.veil.privacy.detect.recognizers.TestNumbers.offsets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Span;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsSsnRecognizerTest {

  private static final UsSsnRecognizer R = new UsSsnRecognizer();

  @ParameterizedTest
  @ValueSource(strings = {"536-22-1234", "536 22 1234", "536221234", " 001-01-0001 ", "665-99-9999", "899-01-0001", "772-45-6780"})
  void validates_wellFormedSsn_isTrue(String v) {
    assertTrue(R.validates(v));
  }

  @ParameterizedTest
  @ValueSource(strings = {"000-12-3456", "666-12-3456", "900-12-3456", "999-12-3456", "950123456", "536-00-1234", "536-22-0000",
      "078-05-1120", "219-09-9999", "123-45-6789", "078051120", "536-22-123", "536-22-12345", "5362212345", "53622123",
      "536-221-234", "53-622-1234", "536-22 1234", "536--22-1234", "536_22_1234", "ssn 536-22-1234", "", "abc-de-fghi"})
  void validates_forbiddenPartsKnownFakesAndBadShapes_isFalse(String v) {
    assertFalse(R.validates(v));
  }

  @Test
  void find_ssnsInSentence_giveOffsetsAndScores() {
    String text = "SSN 536-22-1234 or 772 45 6780; bare 536221234.";
    assertEquals(List.of(List.of(4, 15), List.of(19, 30), List.of(37, 46)), offsets(R, text));
    List<Span> spans = R.find(text);
    assertEquals(0.85, spans.get(0).score());
    assertEquals(0.6, spans.get(2).score());
    assertEquals(PiiClass.US_SSN, spans.get(0).entity());
    assertTrue(spans.get(0).explanation().contains("SSA"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5362212345", "15362212345", "x536221234", "536221234x", "1536-22-1234", "536-22-12345", "3.536221234",
      "000-12-3456", "666-12-3456", "078-05-1120", "id536-22-1234"})
  void find_insideLongerRunsOrForbidden_isNothing(String text) {
    assertEquals(List.of(), R.find(text));
  }

  @Test
  void find_phoneNumberShapes_areNotSsns() {
    assertEquals(List.of(), R.find("call 555-123-4567 or (201) 555-0123"));
  }

  @Test
  void find_adjacentGroups_takeWholeGroupsOnly() {
    assertEquals(List.of("536-22-1234"), found(R, "ref 12 536-22-1234 end"));
  }

  @Test
  void find_null_givesNothing() {
    assertEquals(List.of(), R.find(null));
    assertFalse(R.validates(null));
  }

  @Test
  void idHintsAndEntity() {
    assertEquals(PiiClass.US_SSN, R.entity());
    assertEquals(List.of("ssn", "social"), R.nameHints());
  }

  @Test
  void serializable() throws Exception {
    TestNumbers.assertSerializable(R, "ssn 536-22-1234");
  }

  @Test
  void find_adversarialMegabyteInputs_finishWithoutHanging() {
    TestNumbers.assertLinear(R);
  }
}
