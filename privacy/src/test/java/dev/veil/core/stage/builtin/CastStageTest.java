package dev.veil.core.stage.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.ReasonCode;
import dev.veil.core.error.RecordException;
import dev.veil.core.plan.StageExecutor;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Tags;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.Op;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StagePlan;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CastStageTest {

  private static final Tags UNIT = Tags.parse(List.of("privacy-unit", "sensitivity:restricted"));
  private static final Schema IN = Schema.of(Field.of("id", FieldType.STRING).withTags(UNIT), Field.of("age", FieldType.STRING),
      Field.of("score", FieldType.STRING), Field.of("ok", FieldType.STRING), Field.of("day", FieldType.STRING),
      Field.of("at", FieldType.STRING), Field.of("n", FieldType.LONG));

  private static Map<String, FieldType> types(Object... kv) {
    Map<String, FieldType> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (FieldType) kv[i + 1]);
    return m;
  }

  private static final CastStage ALL = CastStage.of(types("id", FieldType.LONG, "age", FieldType.LONG, "score", FieldType.DOUBLE,
      "ok", FieldType.BOOLEAN, "day", FieldType.DATE, "at", FieldType.TIMESTAMP, "n", FieldType.DOUBLE));

  private static StagePlan plan(CastStage s) {
    return s.plan(new StageContext(IN, 1, List.of()));
  }

  private static Object[] run(CastStage s, Object... row) {
    return new StageExecutor(IN, plan(s).ops()).apply(row);
  }

  @Test
  void plan_changesTypesAndKeepsTagsAndOrder() {
    Schema out = plan(ALL).output();
    assertEquals(IN.names(), out.names());
    assertEquals(List.of(FieldType.LONG, FieldType.LONG, FieldType.DOUBLE, FieldType.BOOLEAN, FieldType.DATE, FieldType.TIMESTAMP,
        FieldType.DOUBLE), out.fields().stream().map(Field::type).toList());
    assertEquals(UNIT, out.field(0).tags());
  }

  @Test
  void execute_convertsTextWithTheValuesRules() {
    Object[] out = run(ALL, " 42 ", "30", "1.5e2", "yes", "2024-02-29", "2024-01-31 12:00:00", 3L);
    assertArrayEquals(new Object[] {42L, 30L, 150.0, true, LocalDate.of(2024, 2, 29), Instant.parse("2024-01-31T12:00:00Z"), 3.0}, out);
  }

  @Test
  void execute_nullStaysNull() {
    Object[] out = run(ALL, null, null, null, null, null, null, null);
    assertArrayEquals(new Object[7], out);
  }

  @Test
  void execute_blankTextWithEmptyAsNull_becomesNull() {
    Object[] out = run(ALL, "", "  ", "", "", "", "\t", 1L);
    assertArrayEquals(new Object[] {null, null, null, null, null, null, 1.0}, out);
  }

  @Test
  void execute_blankTextWithoutEmptyAsNull_failsAsCastFailed() {
    RecordException e = assertThrows(RecordException.class, () -> run(ALL.withEmptyAsNull(false), "1", "", "1", "1", "2024-01-01",
        "2024-01-01T00:00:00Z", 1L));
    assertEquals(ReasonCode.CAST_FAILED, e.reason());
    assertEquals("age", e.field());
  }

  @Test
  void execute_unconvertibleValue_isCastFailedNamingFieldWithoutValue() {
    RecordException e = assertThrows(RecordException.class,
        () -> run(ALL, "1", "thirty-one", "1", "1", "2024-01-01", "2024-01-01T00:00:00Z", 1L));
    assertEquals(ReasonCode.CAST_FAILED, e.reason());
    assertEquals("age", e.field());
    assertTrue(e.getMessage().contains("'age'"), e.getMessage());
    assertFalse(e.getMessage().contains("thirty-one"), e.getMessage());
  }

  @Test
  void execute_doubleToLongWithFraction_isCastFailed() {
    Schema in = Schema.of(Field.of("x", FieldType.DOUBLE));
    CastStage s = CastStage.of(types("x", FieldType.LONG));
    StageExecutor ex = new StageExecutor(in, s.plan(new StageContext(in, 1, List.of())).ops());
    assertArrayEquals(new Object[] {3L}, ex.apply(new Object[] {3.0}));
    assertEquals("x", assertThrows(RecordException.class, () -> ex.apply(new Object[] {3.5})).field());
  }

  @Test
  void plan_sameType_addsNoOp() {
    StagePlan p = plan(CastStage.of(types("age", FieldType.STRING, "n", FieldType.LONG, "score", FieldType.DOUBLE)));
    assertEquals(1, p.ops().size());
    Op.Compute c = (Op.Compute) p.ops().get(0);
    assertEquals(List.of("score"), c.inputs());
    assertEquals("score", c.output().name());
    assertTrue(c.fallible());
  }

  @Test
  void plan_unsupportedCast_failsNamingFieldAndSupportedCasts() {
    Schema in = Schema.of(Field.of("flag", FieldType.BOOLEAN));
    String m = assertThrows(IllegalArgumentException.class,
        () -> CastStage.of(types("flag", FieldType.DATE)).plan(new StageContext(in, 1, List.of()))).getMessage();
    assertTrue(m.contains("boolean to date") && m.contains("'flag'") && m.contains("Supported:"), m);
  }

  @Test
  void plan_unknownField_failsListingFields() {
    String m = assertThrows(IllegalArgumentException.class, () -> plan(CastStage.of(types("agee", FieldType.LONG)))).getMessage();
    assertTrue(m.contains("'agee'") && m.contains("[id, age, score, ok, day, at, n]"), m);
  }

  @Test
  void description_castFieldsAreTransformationsAndOthersIdentity() {
    StagePlan p = plan(CastStage.of(types("age", FieldType.LONG)));
    assertEquals(List.of("age"), p.description().reads());
    FieldLineage age = p.description().writes().get(1);
    assertEquals(new FieldLineage("age", List.of("age"), FieldLineage.Kind.DIRECT, "TRANSFORMATION", false, "cast to long"), age);
    assertEquals(FieldLineage.identity("id"), p.description().writes().get(0));
    assertEquals(IN.size(), p.description().writes().size());
    assertEquals(Map.of("columns", Map.of("age", "long"), "emptyAsNull", true), p.description().parameters());
  }

  @Test
  void constructor_emptyOrNullColumns_fails() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CastStage.of(Map.of())).getMessage()
        .contains("columns must map at least one field"));
    assertThrows(IllegalArgumentException.class, () -> new CastStage("c", null, true));
  }

  @Test
  void constructor_reservedFieldName_fails() {
    assertThrows(IllegalArgumentException.class, () -> CastStage.of(types("_veil_x", FieldType.LONG)));
  }

  @Test
  void execute_doesNotModifyTheInputRecord() {
    Object[] row = {"1", "2", "3", "true", "2024-01-01", "2024-01-01T00:00:00Z", 4L};
    Object[] copy = row.clone();
    run(ALL, row);
    assertArrayEquals(copy, row);
  }
}
