package dev.veil.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaTest {

  private static final Schema S = Schema.of(Field.of("id", FieldType.LONG), Field.of("name", FieldType.STRING),
      Field.of("email", FieldType.STRING).withTags(Tags.NONE.withPii(PiiClass.EMAIL_ADDRESS)));

  @Test
  void of_duplicateNames_failsNamingTheName() {
    String m = assertThrows(IllegalArgumentException.class,
        () -> Schema.of(Field.of("a", FieldType.LONG), Field.of("b", FieldType.LONG), Field.of("a", FieldType.STRING))).getMessage();
    assertTrue(m.contains("'a' appears twice"), m);
  }

  @Test
  void require_missingField_namesUserFieldAndAvailableFields() {
    String m = assertThrows(IllegalArgumentException.class, () -> S.require("mail", "mask")).getMessage();
    assertTrue(m.startsWith("mask refers to field 'mail'"), m);
    assertTrue(m.contains("Fields available: [id, name, email]"), m);
  }

  @Test
  void require_existingField_returnsIt() {
    assertEquals(FieldType.STRING, S.require("name", "x").type());
  }

  @Test
  void lookups_byName_findIndexAndPresence() {
    assertEquals(2, S.indexOf("email"));
    assertEquals(-1, S.indexOf("nope"));
    assertTrue(S.has("id"));
    assertFalse(S.has("ID"));
    assertTrue(S.find("nope").isEmpty());
    assertEquals(List.of("id", "name", "email"), S.names());
    assertEquals(3, S.size());
  }

  @Test
  void project_keepsOnlyListedFieldsInListedOrderWithTags() {
    Schema p = S.project(List.of("email", "id"));
    assertEquals(List.of("email", "id"), p.names());
    assertTrue(p.field(0).tags().isPii());
  }

  @Test
  void project_unknownField_fails() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> S.project(List.of("x"))).getMessage().contains("'x'"));
  }

  @Test
  void replace_changesTheFieldInPlace() {
    Schema r = S.replace("name", f -> f.withType(FieldType.LONG));
    assertEquals(List.of("id", "name", "email"), r.names());
    assertEquals(FieldType.LONG, r.field(1).type());
    assertEquals(FieldType.STRING, S.field(1).type(), "original unchanged");
    assertThrows(IllegalArgumentException.class, () -> S.replace("nope", f -> f));
  }

  @Test
  void replace_renamingOntoAnExistingName_failsAsDuplicate() {
    assertThrows(IllegalArgumentException.class, () -> S.replace("name", f -> f.withName("id")));
  }

  @Test
  void put_newNameAppendsAndExistingNameReplacesInPlace() {
    assertEquals(List.of("id", "name", "email", "age"), S.put(Field.of("age", FieldType.LONG)).names());
    Schema r = S.put(Field.of("id", FieldType.STRING));
    assertEquals(List.of("id", "name", "email"), r.names());
    assertEquals(FieldType.STRING, r.field(0).type());
  }

  @Test
  void equals_comparesTypesAndTags() {
    assertEquals(S, Schema.of(S.fields()));
    assertEquals(S.hashCode(), Schema.of(S.fields()).hashCode());
    assertNotEquals(S, S.replace("email", f -> f.withTags(Tags.NONE)));
    assertNotEquals(S, S.replace("id", f -> f.withType(FieldType.DOUBLE)));
  }

  @Test
  void fields_isUnmodifiable() {
    assertThrows(UnsupportedOperationException.class, () -> S.fields().add(Field.of("x", FieldType.LONG)));
  }

  @Test
  void toString_listsNamesTypesAndTags() {
    assertEquals("Schema{id:long, name:string, email:string[pii:EMAIL_ADDRESS]}", S.toString());
  }
}
