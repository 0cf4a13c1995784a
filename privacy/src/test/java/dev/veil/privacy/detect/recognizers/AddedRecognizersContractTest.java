package dev.veil.privacy.detect.recognizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Recognizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Shared SPI duties of the added recognizers: distinct entities and ids, hints, context words, a real prefilter, null and empty input. */
class AddedRecognizersContractTest {

  @Test
  void added_haveDistinctEntitiesAndIds_andThirtyNewTypes() {
    List<Recognizer> rs = AddedRecognizersHangGuardTest.added();
    Set<PiiClass> entities = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (Recognizer r : rs) {
      assertTrue(entities.add(r.entity()), r.entity().name());
      assertTrue(ids.add(r.id()), r.id());
    }
    assertEquals(30, entities.size());
    for (String existing : List.of("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS", "UK_NHS", "IN_AADHAAR",
        "CA_SIN", "UK_NINO", "MAC_ADDRESS")) {
      assertFalse(entities.contains(PiiClass.of(existing)), existing);
    }
  }

  @Test
  void added_declareLowerCaseHintsAndContextWords_andAnAnchoredPrefilter() {
    for (Recognizer r : AddedRecognizersHangGuardTest.added()) {
      assertFalse(r.nameHints().isEmpty(), r.id());
      assertFalse(r.contextWords().isEmpty(), r.id());
      for (String w : r.contextWords()) assertEquals(w.toLowerCase(Locale.ROOT), w, r.id());
      for (String w : r.nameHints()) assertEquals(w.toLowerCase(Locale.ROOT), w, r.id());
      assertFalse(r.prefilter().everyText(), r.id() + " must have a prefilter");
    }
  }

  @Test
  void added_nullAndEmptyInput_findNothingAndDoNotValidate() {
    for (Recognizer r : AddedRecognizersHangGuardTest.added()) {
      assertEquals(List.of(), r.find(null), r.id());
      assertEquals(List.of(), r.find(""), r.id());
      assertFalse(r.validates(null), r.id());
      assertFalse(r.validates(""), r.id());
      assertFalse(r.validates("   "), r.id());
    }
  }

  /** Seeded fuzzing: random splices of entity fragments, cut at random points (also mid-form at the very end), never throw. */
  @Test
  void added_randomTruncatedFragments_neverThrowAndStayWellFormed() {
    String[] parts = {"3", " ", "rd", " of ", "March", "Mar.", "2021", "-", "/", ".", ":", "14", "05", "T", "Z", "+01:00", "pm", "p.m.", "at ",
        "born ", "DOB", "aged ", "years old", "CA ", "94105", "SW1A", "1AA", "GIR 0AA", "https://", "www.", "example", ".com", "@", "(", ")",
        "-----BEGIN ", "RSA PRIVATE KEY", "-----", "\n", "-----END ", "eyJ", "hbGciOiJIUzI1NiJ9", "0x", "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "bc1", "qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "AKIA", "IOSFODNN7EXAMPLE", "ghp_", "xoxb-",
        "12345678", "Z", "X", "RSSMRA85T10A562S", "131052", "308T", "S1234567D", "ABCPE1234F", "\u00e9", "\uD83D\uDE00", "\uff10"};
    java.util.Random rnd = new java.util.Random(99);
    List<Recognizer> rs = AddedRecognizersHangGuardTest.added();
    for (int i = 0; i < 1500; i++) {
      StringBuilder sb = new StringBuilder();
      int k = 1 + rnd.nextInt(8);
      for (int j = 0; j < k; j++) sb.append(parts[rnd.nextInt(parts.length)]);
      String t = sb.substring(0, rnd.nextInt(sb.length() + 1));
      for (Recognizer r : rs) {
        TestNumbers.wellFormed(r, t);
        r.validates(t);
      }
    }
  }
}
