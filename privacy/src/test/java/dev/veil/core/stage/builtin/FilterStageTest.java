package dev.veil.core.stage.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.ReasonCode;
import dev.veil.core.error.RecordException;
import dev.veil.core.plan.StageExecutor;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.Op;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StagePlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterStageTest {

  private static final Schema IN = Schema.of(Field.of("id", FieldType.LONG), Field.of("age", FieldType.LONG),
      Field.of("country", FieldType.STRING));

  private static StagePlan plan(FilterStage s) {
    return s.plan(new StageContext(IN, 1, List.of()));
  }

  private static StageExecutor executor(FilterStage s) {
    return new StageExecutor(IN, plan(s).ops());
  }

  @Test
  void execute_keepsOnlyRecordsWhereTheExpressionIsTrue() {
    StageExecutor ex = executor(FilterStage.of("age >= 18 and country != 'XX'"));
    Object[] adult = {1L, 30L, "DE"};
    assertArrayEquals(adult, ex.apply(adult));
    assertNull(ex.apply(new Object[] {2L, 17L, "DE"}));
    assertNull(ex.apply(new Object[] {3L, 30L, "XX"}));
    assertNull(ex.apply(new Object[] {4L, null, "DE"}), "unknown is not kept");
  }

  @Test
  void execute_onRejectDeadLetter_throwsRejectedByFilter() {
    StageExecutor ex = executor(FilterStage.of("age >= 18").withDeadLetterRejected(true));
    RecordException e = assertThrows(RecordException.class, () -> ex.apply(new Object[] {1L, 17L, "DE"}));
    assertEquals(ReasonCode.REJECTED_BY_FILTER, e.reason());
    assertNull(e.field());
    assertEquals(ReasonCode.REJECTED_BY_FILTER, assertThrows(RecordException.class, () -> ex.apply(new Object[] {1L, null, "DE"})).reason());
    assertArrayEquals(new Object[] {1L, 18L, "DE"}, ex.apply(new Object[] {1L, 18L, "DE"}));
  }

  @Test
  void plan_keepsTheSchemaAndEmitsOneBoundFilterOp() {
    StagePlan p = plan(FilterStage.of("age > 17.5").withDeadLetterRejected(true));
    assertEquals(IN, p.output());
    assertEquals(1, p.ops().size());
    Op.Filter f = (Op.Filter) p.ops().get(0);
    assertTrue(f.deadLetterRejected());
  }

  @Test
  void description_readsExpressionFieldsAndMarksEveryFieldIndirectlyFiltered() {
    StagePlan p = plan(FilterStage.of("country in ('DE') and age > 1"));
    assertEquals(List.of("country", "age"), p.description().reads());
    List<FieldLineage> w = p.description().writes();
    assertEquals(2 * IN.size(), w.size());
    assertEquals(FieldLineage.identity("id"), w.get(0));
    assertEquals(new FieldLineage("id", List.of("country", "age"), FieldLineage.Kind.INDIRECT, "FILTER", false,
        "rows kept where country in ('DE') and age > 1"), w.get(1));
    assertEquals(Map.of("where", "country in ('DE') and age > 1", "onReject", "drop"), p.description().parameters());
  }

  @Test
  void constructor_badSyntax_failsWithPosition() {
    String m = assertThrows(IllegalArgumentException.class, () -> FilterStage.of("age >> 1")).getMessage();
    assertTrue(m.contains("position 6"), m);
    assertThrows(IllegalArgumentException.class, () -> FilterStage.of(" "));
    assertThrows(IllegalArgumentException.class, () -> FilterStage.of(null));
  }

  @Test
  void plan_typeMismatch_failsNamingTheField() {
    String m = assertThrows(IllegalArgumentException.class, () -> plan(FilterStage.of("country = 1"))).getMessage();
    assertTrue(m.contains("field 'country' (string)"), m);
  }

  @Test
  void plan_unknownField_failsListingFields() {
    String m = assertThrows(IllegalArgumentException.class, () -> plan(FilterStage.of("cuntry = 'DE'"))).getMessage();
    assertTrue(m.contains("'cuntry'") && m.contains("[id, age, country]"), m);
  }

  @Test
  void plan_nonBooleanCondition_fails() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> plan(FilterStage.of("age"))).getMessage().contains("as a condition"));
  }
}
