package dev.veil.core.schema;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "_veil_row", "a`b", "tab\there", "new\nline"})
  void checkName_invalidName_failsQuotingIt(String name) {
    String m = assertThrows(IllegalArgumentException.class, () -> Field.checkName(name)).getMessage();
    assertTrue(m.contains("Provided value: '" + name + "'"), m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "first name", "_veil", "veil_x", "Straße", "x.y"})
  void checkName_validName_passes(String name) {
    assertDoesNotThrow(() -> Field.checkName(name));
  }

  @Test
  void constructor_nullTypeOrTags_failsOrDefaults() {
    assertThrows(IllegalArgumentException.class, () -> new Field("a", null, true, Tags.NONE));
    assertEquals(Tags.NONE, new Field("a", FieldType.LONG, true, null).tags());
  }
}
