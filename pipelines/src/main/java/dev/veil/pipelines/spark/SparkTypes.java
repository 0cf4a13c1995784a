package dev.veil.pipelines.spark;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Maps Veil field types to Spark SQL types (with the Java 8 time API: LocalDate and Instant). Stateless. */
final class SparkTypes {
  private SparkTypes() {}

  static DataType of(FieldType t) {
    switch (t) {
      case STRING: return DataTypes.StringType;
      case LONG: return DataTypes.LongType;
      case DOUBLE: return DataTypes.DoubleType;
      case BOOLEAN: return DataTypes.BooleanType;
      case DATE: return DataTypes.DateType;
      case TIMESTAMP: return DataTypes.TimestampType;
      default: throw new IllegalStateException("unknown type " + t);
    }
  }

  static List<StructField> fields(Schema s) {
    List<StructField> out = new ArrayList<>();
    for (Field f : s.fields()) {
      out.add(DataTypes.createStructField(f.name(), of(f.type()), true));
    }
    return out;
  }

  static StructType struct(Schema s) {
    return DataTypes.createStructType(fields(s));
  }
}
