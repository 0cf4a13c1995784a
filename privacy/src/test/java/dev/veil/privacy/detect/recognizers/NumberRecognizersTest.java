package dev.veil.privacy.detect.recognizers;

import static dev.veil.privacy.detect.recognizers.IdGenerators.assertEverySubstitutionFails;
import static dev.veil.privacy.detect.recognizers.TestNumbers.assertFoundInSentence;
import static dev.veil.privacy.detect.recognizers.TestNumbers.found;
import static dev.veil.privacy.detect.recognizers.TestNumbers.offsets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Digit-only numbers: AU TFN/ABN/ACN/Medicare, US ITIN, passport, driver's licence, bank account and ABA routing numbers. */
class NumberRecognizersTest {
  private static final String DIGITS = "0123456789";

  @Test
  void auTfn_publishedExampleGroupedAndSolid() throws Exception {
    AuTfnRecognizer r = new AuTfnRecognizer();
    assertFoundInSentence(r, "123 456 782");
    assertFoundInSentence(r, "123456782");
    assertEquals(0.4, r.find("x 123456782").get(0).score());
    assertEquals(0.6, r.find("x 123 456 782").get(0).score());
    Random rnd = new Random(1);
    for (int i = 0; i < 20; i++) assertEverySubstitutionFails(IdChecks::auTfn, IdGenerators.tfn(rnd), DIGITS);
    assertFalse(r.validates("123 456 78"));
    assertFalse(r.validates("12 3456 782"));
  }

  @Test
  void auAbn_publishedExample() throws Exception {
    AuAbnRecognizer r = new AuAbnRecognizer();
    assertFoundInSentence(r, "51 824 753 556");
    assertFoundInSentence(r, "51824753556");
    Random rnd = new Random(2);
    for (int i = 0; i < 20; i++) assertEverySubstitutionFails(IdChecks::auAbn, IdGenerators.abn(rnd), DIGITS);
  }

  @Test
  void auAcn_publishedExamples() throws Exception {
    AuAcnRecognizer r = new AuAcnRecognizer();
    assertFoundInSentence(r, "005 749 986");
    assertTrue(r.validates("000 000 019"));
    Random rnd = new Random(3);
    for (int i = 0; i < 50; i++) assertTrue(IdChecks.auAcn(IdGenerators.acn(rnd)));
    // weights 8..1 mod 10 miss some changes (weight 5 with a change of 2, 4, 6 or 8): each changed check digit fails
    String acn = "005749986";
    for (int c = 0; c <= 9; c++) {
      if (c != 6) assertFalse(IdChecks.auAcn(acn.substring(0, 8) + c));
    }
  }

  @Test
  void auMedicare_generatedGroupedAndWithIrn() throws Exception {
    AuMedicareRecognizer r = new AuMedicareRecognizer();
    Random rnd = new Random(4);
    String m = IdGenerators.medicare(rnd);
    assertFoundInSentence(r, m);
    assertFoundInSentence(r, TestNumbers.group(m, " ", 4, 5, 1));
    assertFoundInSentence(r, TestNumbers.group(m + "1", " ", 4, 5, 1, 1));
    for (int i = 0; i < 20; i++) {
      String v = IdGenerators.medicare(rnd);
      assertEverySubstitutionFails(s -> IdChecks.auMedicare(s) && s.charAt(9) == v.charAt(9), v, DIGITS, 9);
    }
    assertFalse(r.validates("1" + m.substring(1)), "first digit 2-6");
  }

  @Test
  void usItin_rulesAndShapes() throws Exception {
    UsItinRecognizer r = new UsItinRecognizer();
    Random rnd = new Random(5);
    String v = IdGenerators.itin(rnd);
    assertFoundInSentence(r, v);
    assertFoundInSentence(r, TestNumbers.group(v, "-", 3, 2, 4));
    for (int i = 0; i < 100; i++) assertTrue(r.validates(IdGenerators.itin(rnd)));
    for (String g : List.of("00", "49", "66", "69", "89", "93")) assertFalse(r.validates("912-" + g + "-3456"), g);
    assertFalse(r.validates("812-70-3456"));
    assertEquals(0.85, r.find("ITIN 912-70-3456").get(0).score());
    assertEquals(0.6, r.find("ITIN 912703456").get(0).score());
  }

  @Test
  void usPassport_shapesNeedContext() throws Exception {
    UsPassportRecognizer r = new UsPassportRecognizer();
    assertFoundInSentence(r, "912345678");
    assertFoundInSentence(r, "A12345678");
    assertEquals(0.3, r.find("no 912345678").get(0).score());
    assertEquals(0.4, r.find("no A12345678").get(0).score());
    for (String bad : List.of("12345678", "1234567890", "AB1234567", "012345678", "a12345678")) assertFalse(r.validates(bad), bad);
    assertTrue(r.contextWords().contains("passport"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"D1234567", "AB123456", "123456789CA", "12ABC12345", "123AB1234", "12345678"})
  void usDriverLicense_stateShapes_validate(String v) throws Exception {
    assertFoundInSentence(new UsDriverLicenseRecognizer(), v);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ABC1234", "D123", "1234", "D1234567890123456", "12345", "1A2B3C4D"})
  void usDriverLicense_otherShapes_fail(String v) {
    assertFalse(new UsDriverLicenseRecognizer().validates(v));
  }

  @Test
  void usBankNumber_lengths() throws Exception {
    UsBankNumberRecognizer r = new UsBankNumberRecognizer();
    assertFoundInSentence(r, "12345678");
    assertFoundInSentence(r, "12345678901234567");
    assertFalse(r.validates("1234567"));
    assertFalse(r.validates("123456789012345678"));
    assertEquals(0.3, r.find("account 12345678").get(0).score());
    assertEquals(List.of(), r.find("account 1234-5678"));
  }

  @Test
  void abaRouting_publishedAndGenerated() throws Exception {
    AbaRoutingRecognizer r = new AbaRoutingRecognizer();
    assertFoundInSentence(r, "011000015");
    assertFoundInSentence(r, "0210-0002-1");
    Random rnd = new Random(6);
    for (int i = 0; i < 20; i++) assertEverySubstitutionFails(IdChecks::abaRouting, IdGenerators.aba(rnd), DIGITS);
    assertFalse(r.validates("000000000"));
    assertFalse(r.validates("131000000".substring(0, 8) + "0"), "prefix 13 is not a Federal Reserve range");
    assertEquals(List.of(List.of(8, 17)), offsets(r, "routing 011000015 and 0110000150"));
  }

  @Test
  void digitGroups_embeddedInLongerNumbersOrDecimals_areNotFound() {
    assertEquals(List.of(), found(new AuAbnRecognizer(), "51824753556.5"));
    assertEquals(List.of(), found(new AuTfnRecognizer(), "1123456782"));
    assertEquals(List.of(), found(new PlPeselRecognizer(), "x44051401359y"));
  }
}
