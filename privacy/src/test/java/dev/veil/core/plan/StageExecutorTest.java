package dev.veil.core.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.ReasonCode;
import dev.veil.core.error.RecordException;
import dev.veil.core.expr.ExprBinder;
import dev.veil.core.expr.ExprParser;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.stage.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageExecutorTest {

  private static final Schema IN = Schema.of(Field.of("a", FieldType.LONG), Field.of("b", FieldType.STRING));

  private static Op.Compute compute(List<String> inputs, Field out, dev.veil.core.stage.FieldFunction fn) {
    return new Op.Compute(inputs, out, fn, true);
  }

  @Test
  void apply_computeWithNewName_appendsTheField() {
    StageExecutor ex = new StageExecutor(IN, List.of(compute(List.of("a", "b"), Field.of("c", FieldType.STRING), in -> in[1] + "-" + in[0])));
    assertEquals(List.of("a", "b", "c"), ex.outputSchema().names());
    assertArrayEquals(new Object[] {1L, "x", "x-1"}, ex.apply(new Object[] {1L, "x"}));
  }

  @Test
  void apply_computeWithExistingName_replacesInPlaceWithTheNewType() {
    StageExecutor ex = new StageExecutor(IN, List.of(compute(List.of("a"), Field.of("a", FieldType.DOUBLE), in -> ((Long) in[0]) / 2.0)));
    assertEquals(FieldType.DOUBLE, ex.outputSchema().field(0).type());
    assertArrayEquals(new Object[] {1.5, "x"}, ex.apply(new Object[] {3L, "x"}));
  }

  @Test
  void apply_projectThenFilter_evaluatesTheFilterOnTheProjectedRecord() {
    Schema projected = IN.project(List.of("b"));
    StageExecutor ex = new StageExecutor(IN, List.of(new Op.Project(List.of("b")),
        new Op.Filter(ExprBinder.bindBoolean(ExprParser.parse("b = 'keep'"), projected), false)));
    assertArrayEquals(new Object[] {"keep"}, ex.apply(new Object[] {1L, "keep"}));
    assertNull(ex.apply(new Object[] {1L, "drop"}));
  }

  @Test
  void apply_computeThenFilterOnTheComputedField_seesTheNewValue() {
    Schema after = IN.put(Field.of("c", FieldType.LONG));
    StageExecutor ex = new StageExecutor(IN, List.of(compute(List.of("a"), Field.of("c", FieldType.LONG), in -> (Long) in[0] * 10),
        new Op.Filter(ExprBinder.bindBoolean(ExprParser.parse("c > 15"), after), true)));
    assertArrayEquals(new Object[] {2L, "x", 20L}, ex.apply(new Object[] {2L, "x"}));
    assertEquals(ReasonCode.REJECTED_BY_FILTER, assertThrows(RecordException.class, () -> ex.apply(new Object[] {1L, "x"})).reason());
  }

  @Test
  void apply_functionThrowsRecordException_propagatesIt() {
    StageExecutor ex = new StageExecutor(IN, List.of(compute(List.of("b"), Field.of("b", FieldType.LONG), in -> {
      throw new RecordException(ReasonCode.CAST_FAILED, "b", "not a long");
    })));
    assertEquals("b", assertThrows(RecordException.class, () -> ex.apply(new Object[] {1L, "x"})).field());
  }

  @Test
  void apply_neverModifiesTheInputArray() {
    StageExecutor ex = new StageExecutor(IN, List.of(compute(List.of("a"), Field.of("a", FieldType.LONG), in -> 0L)));
    Object[] row = {5L, "x"};
    ex.apply(row);
    assertArrayEquals(new Object[] {5L, "x"}, row);
  }

  @Test
  void apply_noOps_returnsTheRecord() {
    StageExecutor ex = new StageExecutor(IN, List.of());
    assertEquals(IN, ex.outputSchema());
    assertArrayEquals(new Object[] {1L, "x"}, ex.apply(new Object[] {1L, "x"}));
  }

  @Test
  void constructor_opReadingAMissingField_failsNamingIt() {
    String m = assertThrows(IllegalArgumentException.class,
        () -> new StageExecutor(IN, List.of(new Op.Project(List.of("a", "zz"))))).getMessage();
    assertTrue(m.contains("'zz'"), m);
    assertThrows(IllegalArgumentException.class,
        () -> new StageExecutor(IN, List.of(compute(List.of("zz"), Field.of("c", FieldType.LONG), in -> 1L))));
  }
}
