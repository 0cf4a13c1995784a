package dev.veil.core.stage.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.plan.StageExecutor;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Tags;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StagePlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectStageTest {

  private static final Schema IN = Schema.of(Field.of("id", FieldType.LONG), Field.of("name", FieldType.STRING),
      Field.of("email", FieldType.STRING).withTags(Tags.NONE.withPii(PiiClass.EMAIL_ADDRESS)));

  private static StagePlan plan(SelectStage s) {
    return s.plan(new StageContext(IN, 1, List.of()));
  }

  @Test
  void plan_keepsListedFieldsInListedOrderWithTheirTags() {
    StagePlan p = plan(SelectStage.of("email", "id"));
    assertEquals(Schema.of(IN.field(2), IN.field(0)), p.output());
  }

  @Test
  void execute_projectsTheRecord() {
    SelectStage s = SelectStage.of("email", "id");
    Object[] out = new StageExecutor(IN, plan(s).ops()).apply(new Object[] {7L, "Ann", "a@example.com"});
    assertArrayEquals(new Object[] {"a@example.com", 7L}, out);
  }

  @Test
  void description_readsListedFieldsAndCopiesThemUnchanged() {
    StagePlan p = plan(new SelectStage("keep", List.of("name", "id")));
    assertEquals("select", p.description().type());
    assertEquals("keep", p.description().name());
    assertEquals(List.of("name", "id"), p.description().reads());
    assertEquals(List.of(FieldLineage.identity("name"), FieldLineage.identity("id")), p.description().writes());
    assertEquals(Map.of("columns", List.of("name", "id")), p.description().parameters());
    assertEquals(FieldLineage.Kind.DIRECT, p.description().writes().get(0).kind());
    assertEquals("IDENTITY", p.description().writes().get(0).subtype());
  }

  @Test
  void plan_unknownField_failsListingAvailableFields() {
    String m = assertThrows(IllegalArgumentException.class, () -> plan(SelectStage.of("id", "mail"))).getMessage();
    assertTrue(m.contains("'mail'") && m.contains("[id, name, email]"), m);
  }

  @Test
  void constructor_emptyColumns_fails() {
    String m = assertThrows(IllegalArgumentException.class, () -> new SelectStage("s", List.of())).getMessage();
    assertTrue(m.contains("columns must list at least one field"), m);
    assertThrows(IllegalArgumentException.class, () -> new SelectStage("s", null));
  }

  @Test
  void constructor_duplicateColumn_failsNamingIt() {
    String m = assertThrows(IllegalArgumentException.class, () -> SelectStage.of("id", "name", "id")).getMessage();
    assertTrue(m.contains("'id' appears twice"), m);
  }

  @Test
  void constructor_reservedOrEmptyName_fails() {
    assertThrows(IllegalArgumentException.class, () -> SelectStage.of("_veil_row"));
    assertThrows(IllegalArgumentException.class, () -> SelectStage.of(""));
  }

  @Test
  void constructor_nullName_defaultsToType() {
    assertEquals("select", new SelectStage(null, List.of("id")).name());
  }

  @Test
  void constructor_copiesTheColumnList() {
    List<String> cols = new java.util.ArrayList<>(List.of("id"));
    SelectStage s = new SelectStage("s", cols);
    cols.add("name");
    assertEquals(List.of("id"), s.columns());
  }
}
