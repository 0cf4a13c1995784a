package dev.veil.pipelines.beam;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.pipelines.SystemColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;

/**
 * How a Veil record travels through a Beam pipeline: a {@link Row} whose leading fields are the
 * user's fields (all nullable, in Veil schema order, with the Java classes of {@link FieldType}) and
 * whose last two fields are the bookkeeping columns {@link SystemColumns#FILE} (int32) and
 * {@link SystemColumns#LINE} (int64), so a record that a later stage rejects can still name its
 * source location. Records removed by a stage leave the main output (see {@link StageTransform}), so
 * the other system columns are not carried.
 *
 * <p>Type mapping: STRING, LONG as INT64, DOUBLE, BOOLEAN, DATE as {@link SqlTypes#DATE}
 * ({@link java.time.LocalDate}) and TIMESTAMP as {@link SqlTypes#TIMESTAMP} ({@link java.time.Instant}).
 * Rows are built with {@link Row.Builder#attachValues(List)}, which keeps the values as given (no
 * per-record verification or copying). Stateless and thread-safe.
 */
public final class BeamRows {
  private BeamRows() {}

  /** The Beam schema of records with the user fields of {@code schema} plus FILE and LINE. */
  public static Schema recordSchema(dev.veil.core.schema.Schema schema) {
    Schema.Builder b = Schema.builder();
    for (Field f : schema.fields()) {
      b.addNullableField(f.name(), fieldType(f.type()));
    }
    b.addInt32Field(SystemColumns.FILE);
    b.addInt64Field(SystemColumns.LINE);
    return b.build();
  }

  /** The Beam field type of a Veil type. */
  static Schema.FieldType fieldType(FieldType type) {
    switch (type) {
      case STRING: return Schema.FieldType.STRING;
      case LONG: return Schema.FieldType.INT64;
      case DOUBLE: return Schema.FieldType.DOUBLE;
      case BOOLEAN: return Schema.FieldType.BOOLEAN;
      case DATE: return Schema.FieldType.logicalType(SqlTypes.DATE);
      case TIMESTAMP: return Schema.FieldType.logicalType(SqlTypes.TIMESTAMP);
      default: throw new IllegalStateException("unknown field type " + type);
    }
  }

  /** A record row of {@code recordSchema} holding {@code values} (user fields) and the source location. */
  public static Row record(Schema recordSchema, Object[] values, int file, long line) {
    List<Object> all = new ArrayList<>(values.length + 2);
    for (Object v : values) {
      all.add(v);
    }
    all.add(file);
    all.add(line);
    return Row.withSchema(recordSchema).attachValues(all);
  }

  /** The first {@code width} (user) values of a record row. */
  public static Object[] values(Row row, int width) {
    Object[] out = new Object[width];
    for (int i = 0; i < width; i++) {
      out[i] = row.getValue(i);
    }
    return out;
  }

  /** The index of the source file a record row came from. */
  public static int file(Row row) {
    return row.<Integer>getValue(row.getFieldCount() - 2);
  }

  /** The 1-based source line where a record row starts. */
  public static long line(Row row) {
    return row.<Long>getValue(row.getFieldCount() - 1);
  }
}
