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
}
