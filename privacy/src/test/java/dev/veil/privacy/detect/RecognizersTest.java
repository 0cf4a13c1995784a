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
        () -> Recognizers.forEntities(List.of(PiiClass.of("STARSHIP_REGISTRY")), List.of("US"))).getMessage();
    assertEquals("entities must be among the recognized types " + Recognizers.SUPPORTED + ". Provided value: STARSHIP_REGISTRY", m);
    assertTrue(Recognizers.SUPPORTED.size() >= 40, "at least 40 built-in entity types: " + Recognizers.SUPPORTED.size());
  }

  @Test
  void forEntities_none_givesNone() {
    assertTrue(Recognizers.forEntities(List.of(), List.of("XX")).isEmpty());
  }
}
