package dev.veil.privacy.detect.recognizers;

import static dev.veil.privacy.detect.recognizers.IdGenerators.assertEverySubstitutionFails;
import static dev.veil.privacy.detect.recognizers.TestNumbers.assertFoundInSentence;
import static dev.veil.privacy.detect.recognizers.TestNumbers.found;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** National identifiers with check characters: ES NIF/NIE, IT fiscal code, DE tax id, SG NRIC/FIN, PESEL, FI HETU, IN PAN. */
class NationalIdRecognizersTest {
  private static final String DIGITS = "0123456789";
  private static final String ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  // --- Spain

  @Test
  void esNif_publishedAndGenerated_validateAndAreFound() throws Exception {
    EsNifRecognizer r = new EsNifRecognizer();
    assertEquals(PiiClass.of("ES_NIF"), r.entity());
    assertFoundInSentence(r, "12345678Z");
    assertFoundInSentence(r, "12345678-Z");
    Random rnd = new Random(11);
    for (int i = 0; i < 200; i++) assertTrue(r.validates(IdGenerators.nif(rnd)));
    assertEquals(0.9, r.find("NIF 12345678Z").get(0).score());
  }

  @Test
  void esNif_everySingleCharacterChange_fails() {
    Random rnd = new Random(12);
    for (int i = 0; i < 20; i++) assertEverySubstitutionFails(IdChecks::esNif, IdGenerators.nif(rnd), ALNUM);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1234567Z", "123456789Z", "12345678z", "12345678", "A2345678Z", "12345678ZZ"})
  void esNif_nearMisses_areNotFound(String v) {
    assertFalse(new EsNifRecognizer().validates(v));
    assertEquals(List.of(), new EsNifRecognizer().find("dni " + v + " ok"));
  }

  @Test
  void esNie_publishedAndGenerated() throws Exception {
    EsNieRecognizer r = new EsNieRecognizer();
    assertFoundInSentence(r, "X1234567L");
    assertFoundInSentence(r, "X-1234567-L");
    Random rnd = new Random(13);
    for (int i = 0; i < 20; i++) assertEverySubstitutionFails(IdChecks::esNie, IdGenerators.nie(rnd), ALNUM);
    assertFalse(r.validates("W1234567L"));
    assertFalse(r.validates("X123456L"));
  }

  // --- Italy

  @Test
  void itFiscalCode_publishedExampleAndGenerated() throws Exception {
    ItFiscalCodeRecognizer r = new ItFiscalCodeRecognizer();
    assertFoundInSentence(r, "RSSMRA85T10A562S");
    Random rnd = new Random(21);
    for (int i = 0; i < 100; i++) {
      assertTrue(r.validates(IdGenerators.itFiscal(rnd, false)));
      assertTrue(r.validates(IdGenerators.itFiscal(rnd, true)), "omocodia");
    }
  }

  @Test
  void itFiscalCode_omocodiaOfThePublishedExample_validates() {
    // 562 -> SRN (omocodia letters for 5, 6, 2), check recomputed by the test-side tables
    String first15 = "RSSMRA85T10ASRN";
    String code = first15 + IdGenerators.itCheck(first15);
    assertTrue(IdChecks.itFiscalCode(code), code);
    assertFalse(IdChecks.itFiscalCode(first15 + (char) ('A' + (IdGenerators.itCheck(first15) - 'A' + 1) % 26)));
  }

  @Test
  void itFiscalCode_everySingleCharacterChange_fails() {
    Random rnd = new Random(22);
    assertEverySubstitutionFails(IdChecks::itFiscalCode, "RSSMRA85T10A562S", ALNUM);
    for (int i = 0; i < 10; i++) assertEverySubstitutionFails(IdChecks::itFiscalCode, IdGenerators.itFiscal(rnd, i % 2 == 0), ALNUM);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RSSMRA85T10A562", "RSSMRA85T10A562SX", "RSSMRA85F10A562S", "RSSMRA85T32A562S", "rssmra85t10a562s"})
  void itFiscalCode_badMonthDayLengthOrCase_fails(String v) {
    assertFalse(new ItFiscalCodeRecognizer().validates(v));
  }

  // --- Germany

  @Test
  void deTaxId_generatedAndGrouped() throws Exception {
    DeTaxIdRecognizer r = new DeTaxIdRecognizer();
    Random rnd = new Random(31);
    String id = IdGenerators.deTaxId(rnd);
    assertFoundInSentence(r, id);
    assertFoundInSentence(r, TestNumbers.group(id, " ", 2, 3, 3, 3));
    for (int i = 0; i < 200; i++) assertTrue(r.validates(IdGenerators.deTaxId(rnd)));
    for (int i = 0; i < 20; i++) assertEverySubstitutionFails(IdChecks::deTaxId, IdGenerators.deTaxId(rnd), DIGITS);
  }

  @Test
  void deTaxId_repetitionRule_isEnforced() {
    // all ten distinct, or two repeated digits, fail even with a correct ISO 7064 check digit
    for (String body : List.of("1234567890", "1123456788", "1112345678", "1111234567")) {
      String id = body + IdGenerators.mod11Mod10Check(body);
      assertTrue(IdChecks.iso7064Mod11Mod10(id));
      assertFalse(IdChecks.deTaxId(id), id);
    }
    String ok = "1123456789";
    assertTrue(IdChecks.deTaxId(ok + IdGenerators.mod11Mod10Check(ok)));
    String triple = "1121345678"; // three 1s, not in a row
    assertTrue(IdChecks.deTaxId(triple + IdGenerators.mod11Mod10Check(triple)));
    String zero = "0123456788";
    assertFalse(IdChecks.deTaxId(zero + IdGenerators.mod11Mod10Check(zero)));
  }

  // --- Singapore

  @Test
  void sgNric_everySeries_validatesAndIsFound() throws Exception {
    SgNricRecognizer r = new SgNricRecognizer();
    // the commonly published examples for S, T, F and G, and M (ICA's steps: sum + 3, P = 11 - sum mod 11, letter P of KLJNPQRTUWX)
    for (String v : List.of("S1234567D", "T1234567J", "F1234567N", "G1234567X", "M1234567K")) assertFoundInSentence(r, v);
    assertFalse(r.validates("M1234567X"), "the M table indexed without the 11 - r step");
    Random rnd = new Random(41);
    for (char p : "STFGM".toCharArray()) {
      for (int i = 0; i < 10; i++) {
        String v = IdGenerators.sgNric(rnd, p);
        assertEverySubstitutionFails(IdChecks::sgNric, v, ALNUM, 0);
      }
    }
    assertFalse(r.validates("A1234567D"));
    assertFalse(r.validates("S123456D"));
  }

  // --- Poland, Finland

  @Test
  void pesel_publishedAndGenerated() throws Exception {
    PlPeselRecognizer r = new PlPeselRecognizer();
    assertFoundInSentence(r, "44051401359");
    Random rnd = new Random(51);
    for (int i = 0; i < 20; i++) assertEverySubstitutionFails(IdChecks::pesel, IdGenerators.pesel(rnd), DIGITS);
    String badDate = "44023101350"; // 31 February
    assertFalse(IdChecks.pesel(badDate.substring(0, 10) + pesCheck(badDate.substring(0, 10))));
  }

  private static int pesCheck(String ten) {
    int[] w = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
    int s = 0;
    for (int i = 0; i < 10; i++) s += (ten.charAt(i) - '0') * w[i];
    return (10 - s % 10) % 10;
  }

  @Test
  void hetu_publishedAndGenerated() throws Exception {
    FiPersonalIdentityCodeRecognizer r = new FiPersonalIdentityCodeRecognizer();
    assertFoundInSentence(r, "131052-308T");
    Random rnd = new Random(61);
    // the century sign (position 6) is not covered by the check character: it only moves the birth year
    for (int i = 0; i < 20; i++) assertEverySubstitutionFails(IdChecks::fiHetu, IdGenerators.hetu(rnd), ALNUM, 6);
    assertFalse(r.validates("131052-001T"), "individual number 001 is never issued");
    assertFalse(r.validates("310252-308T"), "31 February");
    assertEquals(List.of("131052-308T"), found(r, "hetu 131052-308T."));
  }

  // --- India

  @Test
  void inPan_formatAndHolderType() throws Exception {
    InPanRecognizer r = new InPanRecognizer();
    assertFoundInSentence(r, "ABCPE1234F");
    for (char t : "ABCFGHJLPT".toCharArray()) assertTrue(r.validates("ABC" + t + "E1234F"));
    for (char t : "DEIKMNOQRSUVWXYZ".toCharArray()) assertFalse(r.validates("ABC" + t + "E1234F"), "holder type " + t);
    assertFalse(r.validates("ABCPE12345"));
    assertFalse(r.validates("abcpe1234f"));
    assertEquals(0.5, r.find("PAN ABCPE1234F").get(0).score());
  }

  @Test
  void contextWordsAndHints_areLowerCaseAndPresent() {
    for (Recognizer r : List.<Recognizer>of(new EsNifRecognizer(), new EsNieRecognizer(), new ItFiscalCodeRecognizer(), new DeTaxIdRecognizer(),
        new SgNricRecognizer(), new PlPeselRecognizer(), new FiPersonalIdentityCodeRecognizer(), new InPanRecognizer())) {
      assertFalse(r.contextWords().isEmpty(), r.id());
      assertFalse(r.nameHints().isEmpty(), r.id());
      for (String w : r.contextWords()) assertEquals(w.toLowerCase(java.util.Locale.ROOT), w);
      for (Span s : r.find("nothing to see here 1234")) throw new AssertionError(r.id() + " found " + s);
    }
  }
}
