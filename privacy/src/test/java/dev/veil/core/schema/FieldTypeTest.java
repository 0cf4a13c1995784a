package dev.veil.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FieldTypeTest {

  @Test
  void fromSpecName_aliases_mapToTypes() {
    assertEquals(FieldType.LONG, FieldType.fromSpecName(" Integer "));
    assertEquals(FieldType.DOUBLE, FieldType.fromSpecName("float"));
    assertEquals(FieldType.BOOLEAN, FieldType.fromSpecName("bool"));
    String m = assertThrows(IllegalArgumentException.class, () -> FieldType.fromSpecName("decimal")).getMessage();
    assertTrue(m.contains("string, long, double, boolean, date, timestamp"), m);
  }

  @Test
  void specName_isLowerCaseAndParsesBack() {
    for (FieldType t : FieldType.values()) {
      assertEquals(t, FieldType.fromSpecName(t.specName()));
    }
  }
}
