package dev.veil.privacy.detect.recognizers;

import static dev.veil.privacy.detect.recognizers.TestNumbers.found;
import static dev.veil.privacy.detect.recognizers.TestNumbers.offsets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IbanRecognizerTest {

  private static final IbanRecognizer R = new IbanRecognizer();

  /** Independent ISO 7064 mod-97 check: move the first four characters to the end, letters to 10..35. */
  private static boolean mod97(String iban) {
    String r = iban.substring(4) + iban.substring(0, 4);
    StringBuilder n = new StringBuilder();
    for (char c : r.toCharArray()) n.append(Character.getNumericValue(c));
    return new BigInteger(n.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
  }

  @ParameterizedTest
  @ValueSource(strings = {"GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", "DE89 3704 0044 0532 0130 00",
      "FR14 2004 1010 0505 0001 3M02 606", "NL91ABNA0417164300", "CH93 0076 2011 6238 5295 7", "  GB82 WEST 1234 5698 7654 32 "})
  void validates_publishedExamples_isTrue(String v) {
    assertTrue(mod97(v.replace(" ", "").trim()));
    assertTrue(R.validates(v));
  }

  @ParameterizedTest
  @ValueSource(strings = {"GB82 WEST 1234 5698 7654 33", "GB83WEST12345698765432", "GB82WEST1234569876543", "GB82WEST123456987654321",
      "DE89370400440532013001", "XX82WEST12345698765432", "gb82west12345698765432", "GB82-WEST-1234-5698-7654-32", "", "GB82"})
  void validates_changedDigitWrongLengthUnknownCountryOrShape_isFalse(String v) {
    assertFalse(R.validates(v));
  }

  @Test
  void validates_everySingleCharacterChange_fails() {
    String iban = "GB82WEST12345698765432";
    for (int i = 2; i < iban.length(); i++) {
      char c = iban.charAt(i);
      char d = Character.isDigit(c) ? (char) ('0' + (c - '0' + 1) % 10) : (char) ('A' + (c - 'A' + 1) % 26);
      String changed = iban.substring(0, i) + d + iban.substring(i + 1);
      assertFalse(R.validates(changed), changed);
    }
  }

  @Test
  void find_groupedAndCompactInSentence_giveOffsets() {
    String text = "Pay to GB82 WEST 1234 5698 7654 32 or DE89370400440532013000.";
    assertEquals(List.of(List.of(7, 34), List.of(38, 60)), offsets(R, text));
    assertEquals(1.0, R.find(text).get(0).score());
    assertEquals(PiiClass.of("IBAN_CODE"), R.find(text).get(0).entity());
    assertTrue(R.find(text).get(0).explanation().contains("IBANValidator"));
  }

  @Test
  void find_groupFollowedByWord_stopsAtIbanLength() {
    assertEquals(List.of("DE89 3704 0044 0532 0130 00"), found(R, "iban DE89 3704 0044 0532 0130 00 ABCD done"));
    assertEquals(List.of("NL91 ABNA 0417 1643 00"), found(R, "NL91 ABNA 0417 1643 00 thanks"));
  }

  @Test
  void find_afterANonIbanCandidate_stillFindsIt() {
    assertEquals(List.of("GB82 WEST 1234 5698 7654 32"), found(R, "XY12 GB82 WEST 1234 5698 7654 32"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"XGB82WEST12345698765432", "GB82WEST12345698765432X", "GB82WEST123456987654321", "9GB82WEST12345698765432",
      "GB82 WEST 1234 5698 7654 33"})
  void find_insideLongerTokensOrBadCheck_isNothing(String text) {
    assertEquals(List.of(), R.find(text));
  }

  @Test
  void idHintsAndEntity() {
    assertEquals(List.of("iban"), R.nameHints());
    assertFalse(R.validates(null));
    assertEquals(List.of(), R.find(null));
  }

  @Test
  void serializable() throws Exception {
    TestNumbers.assertSerializable(R, "GB82 WEST 1234 5698 7654 32");
  }

  @Test
  void find_adversarialMegabyteInputs_finishWithoutHanging() {
    TestNumbers.assertLinear(R);
  }
}
