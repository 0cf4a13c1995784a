package dev.veil.privacy.detect.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EntityMappingTest {
  final EntityMapping m = EntityMapping.defaults();

  @Test
  void presidioResearchGoldTypes_mapToVeilTypes() {
    assertEquals("STREET_ADDRESS", m.canonical("ADDRESS"));
    assertEquals("LOCATION", m.canonical("GPE"));
    assertEquals("URL", m.canonical("DOMAIN_NAME"));
    assertEquals("DATE_TIME", m.canonical("DATE_OF_BIRTH"));
    assertEquals("PERSON", m.canonical("FIRST_NAME"));
    assertEquals("ORGANIZATION", m.canonical("ORG"));
    assertEquals("NRP", m.canonical("NATIONALITY"));
  }

  @Test
  void veilTypes_mapToThemselvesOrTheirCanonicalClass() {
    assertEquals("STREET_ADDRESS", m.canonical("STREET_ADDRESS"));
    assertEquals("STREET_ADDRESS", m.canonical("ZIP_CODE"));
    assertEquals("LOCATION", m.canonical("LOCATION"));
    assertEquals("URL", m.canonical("URL"));
    assertEquals("EMAIL_ADDRESS", m.canonical("EMAIL_ADDRESS"));
  }

  @Test
  void unknownTypes_mapToThemselves_upperCased() {
    assertEquals("US_DRIVER_LICENSE", m.canonical("US_DRIVER_LICENSE"));
    assertEquals("CRYPTO", m.canonical(" crypto "));
    assertEquals("LOCATION", m.canonical("gpe"));
  }

  @Test
  void streetAddressAndLocation_stayDistinct() {
    assertEquals("LOCATION", m.canonical("CITY"));
    assertEquals("STREET_ADDRESS", m.canonical("ADDRESS"));
  }

  @Test
  void with_addsASynonym_withoutChangingTheOriginal() {
    EntityMapping m2 = m.with("patient", "person");
    assertEquals("PERSON", m2.canonical("PATIENT"));
    assertEquals("PATIENT", m.canonical("PATIENT"));
    assertEquals("GPE", EntityMapping.identity().canonical("gpe"));
    assertThrows(IllegalArgumentException.class, () -> m.with(" ", "X"));
  }
}
