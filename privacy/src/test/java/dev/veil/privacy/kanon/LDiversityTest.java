package dev.veil.privacy.kanon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Parsing the l-diversity variant (shared by the {@code kanonymize} stage and command) and {@link LDiversity#of}. */
class LDiversityTest {
  @Test
  void variantParse_acceptsTheSpecNames_andRoundTripsThem() {
    assertEquals(LDiversity.Variant.DISTINCT, LDiversity.Variant.parse("distinct", "lVariant"));
    assertEquals(LDiversity.Variant.ENTROPY, LDiversity.Variant.parse("entropy", "lVariant"));
    assertEquals(LDiversity.Variant.RECURSIVE, LDiversity.Variant.parse("recursive", "lVariant"));
    for (LDiversity.Variant v : LDiversity.Variant.values()) assertEquals(v, LDiversity.Variant.parse(v.specName(), "x"));
  }

  @Test
  void variantParse_unknownOrOtherCase_failsNamingTheParameterTheAllowedValuesAndTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LDiversity.Variant.parse("Distinct", "--l-variant"));
    assertEquals("--l-variant must be distinct, entropy or recursive. Provided value: 'Distinct'", e.getMessage());
    IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> LDiversity.Variant.parse(null, "lVariant"));
    assertEquals("lVariant must be distinct, entropy or recursive. Provided value: 'null'", n.getMessage());
  }

  @Test
  void of_keepsCForRecursiveOnly() {
    assertEquals(LDiversity.distinct(3), LDiversity.of(LDiversity.Variant.DISTINCT, 3, 4));
    assertEquals(LDiversity.entropy(2.5), LDiversity.of(LDiversity.Variant.ENTROPY, 2.5, 4));
    assertEquals(LDiversity.recursive(4, 3), LDiversity.of(LDiversity.Variant.RECURSIVE, 3, 4));
    assertThrows(IllegalArgumentException.class, () -> LDiversity.of(LDiversity.Variant.RECURSIVE, 3, 0));
  }
}
