package dev.veil.privacy.dp.aggregate;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Values;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a row of Veil's engine-neutral record model (values aligned with a {@link Schema}) into a
 * {@link DpRecord} for a {@link DpQuery}, the same way on every engine: the privacy unit and the group-by
 * values in their canonical text form ({@link Values#format}; null stays null, so a missing privacy unit is
 * dead-lettered and a missing group-by value is its own partition), and each value column as a double
 * (null becomes NaN, dropped and counted by the aggregator).
 *
 * <p>{@link #of} checks that every column of the query exists and that value columns are numeric, with a
 * message naming the field. Immutable, thread-safe, serializable.
 */
public final class DpRecordMapper implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int unitIndex;
  private final int[] keyIndexes;
  private final int[] valueIndexes;

  private DpRecordMapper(int unitIndex, int[] keyIndexes, int[] valueIndexes) {
    this.unitIndex = unitIndex;
    this.keyIndexes = keyIndexes;
    this.valueIndexes = valueIndexes;
  }

  /** A mapper for rows of {@code schema}; fails naming the field if a column is missing or not numeric. */
  public static DpRecordMapper of(DpQuery query, Schema schema) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(schema, "schema");
    schema.require(query.privacyUnit(), "dp-aggregate privacyUnit");
    int unit = schema.indexOf(query.privacyUnit());
    List<Integer> keys = new ArrayList<>();
    for (String g : query.groupBy()) {
      schema.require(g, "dp-aggregate groupBy");
      keys.add(schema.indexOf(g));
    }
    int[] values = new int[query.valueColumns().size()];
    for (int i = 0; i < values.length; i++) {
      String c = query.valueColumns().get(i);
      Field f = schema.require(c, "dp-aggregate metric");
      if (!f.type().isNumeric()) {
        throw new IllegalArgumentException("dp-aggregate metric column '" + c + "' must be numeric (cast it first). "
            + "Provided value: " + f.type());
      }
      values[i] = schema.indexOf(c);
    }
    return new DpRecordMapper(unit, keys.stream().mapToInt(Integer::intValue).toArray(), values);
  }

  /** The record of one row (values aligned with the schema given to {@link #of}). */
  public DpRecord map(Object[] row) {
    String[] key = new String[keyIndexes.length];
    for (int i = 0; i < key.length; i++) {
      key[i] = Values.format(row[keyIndexes[i]]);
    }
    double[] values = new double[valueIndexes.length];
    for (int i = 0; i < values.length; i++) {
      Object v = row[valueIndexes[i]];
      values[i] = v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
    return new DpRecord(Values.format(row[unitIndex]), PartitionKey.of(key), values);
  }
}
