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

class MacAddressRecognizerTest {

  private static final MacAddressRecognizer R = new MacAddressRecognizer();

  @ParameterizedTest
  @ValueSource(strings = {"00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001a.2b3c.4d5e", "a4:83:e7:12:34:56", " 00:1A:2B:3C:4D:5E "})
  void validates_colonDashAndCiscoForms_isTrue(String v) {
    assertTrue(R.validates(v));
  }

  @ParameterizedTest
  @ValueSource(strings = {"00:1A:2B:3C:4D", "00:1A:2B:3C:4D:5E:6F", "00:1A-2B:3C:4D:5E", "00:1G:2B:3C:4D:5E", "001A2B3C4D5E",
      "001a.2b3c", "001a.2b3c.4d5", "001a:2b3c:4d5e", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "0:1A:2B:3C:4D:5E", ""})
  void validates_wrongShapeOrNonIdentifying_isFalse(String v) {
    assertFalse(R.validates(v));
  }

  @Test
  void find_inSentence_givesOffsets() {
    String text = "Device 00:1A:2B:3C:4D:5E and 001a.2b3c.4d5e.";
    assertEquals(List.of(List.of(7, 24), List.of(29, 43)), offsets(R, text));
    assertEquals(PiiClass.of("MAC_ADDRESS"), R.find(text).get(0).entity());
  }

  @ParameterizedTest
  @ValueSource(strings = {"00:1A:2B:3C:4D:5E:6F", "11:00:1A:2B:3C:4D:5E", "x00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5Ex", "2001:db8::1"})
  void find_insideLongerRuns_isNothing(String text) {
    assertEquals(List.of(), R.find(text));
  }

  @Test
  void find_listOfAddresses_allFound() {
    assertEquals(List.of("00:1A:2B:3C:4D:5E", "00-1A-2B-3C-4D-5F"), found(R, "00:1A:2B:3C:4D:5E, 00-1A-2B-3C-4D-5F"));
  }

  @Test
  void idHintsAndEntity() {
    assertEquals(List.of("mac"), R.nameHints());
    assertFalse(R.validates(null));
    assertEquals(List.of(), R.find(null));
  }

  @Test
  void serializable() throws Exception {
    TestNumbers.assertSerializable(R, "mac 00:1A:2B:3C:4D:5E");
  }

  @Test
  void find_adversarialMegabyteInputs_finishWithoutHanging() {
    TestNumbers.assertLinear(R);
  }
}
