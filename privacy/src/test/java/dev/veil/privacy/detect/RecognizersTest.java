package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecognizersTest {

  @Test
  void forEntities_supportedEntities_giveOneRecognizerEachInEntityOrder() {
    List<Recognizer> rs = Recognizers.forEntities(List.of(PiiClass.PHONE_NUMBER, PiiClass.EMAIL_ADDRESS, PiiClass.PHONE_NUMBER),
        List.of("GB"));
    assertEquals(List.of(PiiClass.EMAIL_ADDRESS, PiiClass.PHONE_NUMBER), rs.stream().map(Recognizer::entity).toList());
    assertEquals(List.of("GB"), ((PhoneRecognizer) rs.get(1)).regions());
  }

  @Test
  void forEntities_unsupportedEntity_failsListingSupportedOnes() {
    String m = assertThrows(IllegalArgumentException.class,
        () -> Recognizers.forEntities(List.of(PiiClass.PERSON), List.of("US"))).getMessage();
    assertEquals("entities must be among the recognized types [CA_SIN, CREDIT_CARD, EMAIL_ADDRESS, IBAN_CODE, IN_AADHAAR, IP_ADDRESS,"
        + " MAC_ADDRESS, PHONE_NUMBER, UK_NHS, UK_NINO, US_SSN]. Provided value: PERSON", m);
  }

  @Test
  void forEntities_none_givesNone() {
    assertTrue(Recognizers.forEntities(List.of(), List.of("XX")).isEmpty());
  }
}
