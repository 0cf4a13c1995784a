package dev.veil.privacy.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Mapping rows of the engine-neutral record model to {@link DpRecord}s. */
class DpRecordMapperTest {
  static final Schema SCHEMA = Schema.of(Field.of("user", FieldType.LONG), Field.of("day", FieldType.STRING),
      Field.of("amount", FieldType.DOUBLE), Field.of("visits", FieldType.LONG), Field.of("note", FieldType.STRING));

  static final DpQuery QUERY = DpQuery.builder().privacyUnit("user").groupBy("day").metric(Metric.sum("amount"))
      .metric(Metric.mean("visits")).bounds("amount", 0, 100).bounds("visits", 0, 10).budget(1, 1e-6).build();

  @Test
  void map_takesUnitAndKeyAsText_andValuesAsDoubles_nullBecomesNaN() {
    DpRecordMapper m = DpRecordMapper.of(QUERY, SCHEMA);
    DpRecord r = m.map(new Object[] {42L, "Mon", 12.5, 3L, "x"});
    assertEquals("42", r.privacyUnit());
    assertEquals(PartitionKey.of("Mon"), r.key());
    assertEquals("[12.5, 3.0]", Arrays.toString(r.values()));
    DpRecord missing = m.map(new Object[] {null, null, null, 1L, null});
    assertEquals(null, missing.privacyUnit());
    assertEquals(PartitionKey.of((String) null), missing.key());
    assertTrue(Double.isNaN(missing.values()[0]));
    assertEquals(DpAggregator.MISSING_PRIVACY_UNIT,
        DpAggregator.of(QUERY, Mechanisms.secure()).deadLetterReason(missing).orElseThrow());
  }

  @Test
  void of_failsOnMissingOrNonNumericColumns() {
    String m = assertThrows(IllegalArgumentException.class, () -> DpRecordMapper.of(QUERY,
        SCHEMA.project(java.util.List.of("user", "amount", "visits")))).getMessage();
    assertTrue(m.startsWith("dp-aggregate groupBy refers to field 'day', which does not exist here."), m);
    DpQuery onNote = QUERY.toBuilder().metric(Metric.sum("note")).bounds("note", 0, 1).build();
    assertEquals("dp-aggregate metric column 'note' must be numeric (cast it first). Provided value: STRING",
        assertThrows(IllegalArgumentException.class, () -> DpRecordMapper.of(onNote, SCHEMA)).getMessage());
  }
}
