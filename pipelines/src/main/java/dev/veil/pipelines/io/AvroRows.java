package dev.veil.pipelines.io;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

/**
 * Converts between Veil schemas/values and Avro (the record model Parquet files are read and
 * written through outside Spark). Every field is a nullable union; DATE is an {@code int} with
 * logical type {@code date}, TIMESTAMP a {@code long} with {@code timestamp-micros}, matching what
 * Spark writes with {@code spark.sql.parquet.outputTimestampType=TIMESTAMP_MICROS}. Stateless.
 */
public final class AvroRows {
  private AvroRows() {}

  public static org.apache.avro.Schema toAvro(Schema schema) {
    List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
    for (Field f : schema.fields()) {
      org.apache.avro.Schema t;
      switch (f.type()) {
        case STRING: t = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING); break;
        case LONG: t = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG); break;
        case DOUBLE: t = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE); break;
        case BOOLEAN: t = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN); break;
        case DATE: t = LogicalTypes.date().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT)); break;
        case TIMESTAMP: t = LogicalTypes.timestampMicros().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG)); break;
        default: throw new IllegalStateException();
      }
      org.apache.avro.Schema u = org.apache.avro.Schema.createUnion(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), t);
      fields.add(new org.apache.avro.Schema.Field(avroName(f.name()), u, null, org.apache.avro.Schema.Field.NULL_DEFAULT_VALUE));
    }
    return org.apache.avro.Schema.createRecord("veil_record", null, "dev.veil", false, fields);
  }

  /** Avro names must be {@code [A-Za-z_][A-Za-z0-9_]*}; Veil names that are not cannot go to Parquet outside Spark. */
  static String avroName(String name) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("field name must be letters, digits and '_' (not starting with a digit) to be written as Parquet."
          + " Provided value: '" + name + "'; rename it with a select stage or write csv/jsonl");
    }
    return name;
  }

  public static GenericRecord toRecord(org.apache.avro.Schema avro, Object[] values) {
    GenericData.Record r = new GenericData.Record(avro);
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v instanceof LocalDate d) v = (int) d.toEpochDay();
      else if (v instanceof Instant t) v = ChronoUnit.MICROS.between(Instant.EPOCH, t);
      r.put(i, v);
    }
    return r;
  }

  /** Veil type of an Avro field type (unions with null unwrapped); null when unsupported. */
  static FieldType typeOf(org.apache.avro.Schema s) {
    if (s.getType() == org.apache.avro.Schema.Type.UNION) {
      org.apache.avro.Schema inner = null;
      for (org.apache.avro.Schema x : s.getTypes()) {
        if (x.getType() != org.apache.avro.Schema.Type.NULL) {
          if (inner != null) return null;
          inner = x;
        }
      }
      return inner == null ? null : typeOf(inner);
    }
    String logical = s.getLogicalType() == null ? null : s.getLogicalType().getName();
    switch (s.getType()) {
      case STRING: case ENUM: return FieldType.STRING;
      case INT: return "date".equals(logical) ? FieldType.DATE : FieldType.LONG;
      case LONG:
        if ("timestamp-micros".equals(logical) || "timestamp-millis".equals(logical)
            || "local-timestamp-micros".equals(logical) || "local-timestamp-millis".equals(logical)) return FieldType.TIMESTAMP;
        return FieldType.LONG;
      case FLOAT: case DOUBLE: return FieldType.DOUBLE;
      case BOOLEAN: return FieldType.BOOLEAN;
      default: return null;
    }
  }

  /** Converts one Avro value to the Java class of {@code type}. */
  static Object fromAvro(Object v, FieldType type, org.apache.avro.Schema fieldSchema) {
    if (v == null) return null;
    switch (type) {
      case STRING: return v instanceof Utf8 || v instanceof CharSequence ? v.toString() : String.valueOf(v);
      case LONG: return ((Number) v).longValue();
      case DOUBLE: return ((Number) v).doubleValue();
      case BOOLEAN: return v;
      case DATE: return v instanceof LocalDate d ? d : LocalDate.ofEpochDay(((Number) v).longValue());
      case TIMESTAMP:
        if (v instanceof Instant t) return t;
        long n = ((Number) v).longValue();
        org.apache.avro.Schema s = unwrap(fieldSchema);
        String logical = s.getLogicalType() == null ? "" : s.getLogicalType().getName();
        return logical.endsWith("millis") ? Instant.ofEpochMilli(n) : Instant.EPOCH.plus(n, ChronoUnit.MICROS);
      default: throw new IllegalStateException();
    }
  }

  private static org.apache.avro.Schema unwrap(org.apache.avro.Schema s) {
    if (s.getType() != org.apache.avro.Schema.Type.UNION) return s;
    for (org.apache.avro.Schema x : s.getTypes()) {
      if (x.getType() != org.apache.avro.Schema.Type.NULL) return x;
    }
    return s;
  }
}
