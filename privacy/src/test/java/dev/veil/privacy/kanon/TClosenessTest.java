package dev.veil.privacy.kanon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Parsing the t-closeness ground distance (shared by the {@code kanonymize} stage and command). */
class TClosenessTest {
  @Test
  void distanceParse_acceptsTheSpecNames() {
    assertEquals(TCloseness.Distance.EQUAL, TCloseness.Distance.parse("equal", "tDistance"));
    assertEquals(TCloseness.Distance.ORDERED, TCloseness.Distance.parse("ordered", "tDistance"));
    assertEquals("0.2-closeness (ordered distance)", new TCloseness(0.2, TCloseness.Distance.ORDERED).toString());
  }

  @Test
  void distanceParse_unknown_failsNamingTheParameterTheAllowedValuesAndTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TCloseness.Distance.parse("euclid", "--t-distance"));
    assertEquals("--t-distance must be equal or ordered. Provided value: 'euclid'", e.getMessage());
  }
}
