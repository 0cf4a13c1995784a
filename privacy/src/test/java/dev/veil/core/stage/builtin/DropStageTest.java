package dev.veil.core.stage.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.plan.StageExecutor;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Tags;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StagePlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropStageTest {

  private static final Schema IN = Schema.of(Field.of("id", FieldType.LONG).withTags(Tags.parse(List.of("privacy-unit"))),
      Field.of("notes", FieldType.STRING), Field.of("age", FieldType.LONG), Field.of("ssn", FieldType.STRING));

  private static StagePlan plan(DropStage s) {
    return s.plan(new StageContext(IN, 2, List.of()));
  }

  @Test
  void plan_removesListedFieldsAndKeepsOthersInOrderWithTags() {
    StagePlan p = plan(DropStage.of("ssn", "notes"));
    assertEquals(Schema.of(IN.field(0), IN.field(2)), p.output());
    assertEquals(List.of("dropped [ssn, notes]"), p.notes());
  }

  @Test
  void execute_removesTheValues() {
    StagePlan p = plan(DropStage.of("notes"));
    assertArrayEquals(new Object[] {1L, 30L, "123"}, new StageExecutor(IN, p.ops()).apply(new Object[] {1L, "n", 30L, "123"}));
  }

  @Test
  void description_readsKeptFieldsAsIdentity() {
    StagePlan p = plan(DropStage.of("notes"));
    assertEquals("drop", p.description().type());
    assertEquals(List.of("id", "age", "ssn"), p.description().reads());
    assertEquals(List.of(FieldLineage.identity("id"), FieldLineage.identity("age"), FieldLineage.identity("ssn")),
        p.description().writes());
  }

  @Test
  void plan_unknownField_failsSoATypoCannotLetDataThrough() {
    String m = assertThrows(IllegalArgumentException.class, () -> plan(DropStage.of("snn"))).getMessage();
    assertTrue(m.contains("'snn'") && m.contains("[id, notes, age, ssn]"), m);
  }

  @Test
  void plan_droppingEveryField_fails() {
    String m = assertThrows(IllegalArgumentException.class, () -> plan(DropStage.of("id", "notes", "age", "ssn"))).getMessage();
    assertTrue(m.contains("must leave at least one field"), m);
  }

  @Test
  void constructor_emptyOrDuplicateColumns_fails() {
    assertThrows(IllegalArgumentException.class, () -> DropStage.of());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DropStage.of("a", "a")).getMessage().contains("'a' appears twice"));
  }
}
