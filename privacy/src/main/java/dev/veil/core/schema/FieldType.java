package dev.veil.core.schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The value types a Veil field can have, with the Java class every engine adapter uses for them.
 *
 * <p>Engine adapters map these one to one: Spark {@code StringType, LongType, DoubleType,
 * BooleanType, DateType, TimestampType} (with the Java 8 time API on) and Beam {@code STRING, INT64,
 * DOUBLE, BOOLEAN}, {@code SqlTypes.DATE} and {@code SqlTypes.TIMESTAMP}.
 */
public enum FieldType {
  STRING(String.class),
  LONG(Long.class),
  DOUBLE(Double.class),
  BOOLEAN(Boolean.class),
  /** A calendar date without a zone. */
  DATE(LocalDate.class),
  /** An instant on the UTC time line, microsecond precision. */
  TIMESTAMP(Instant.class);

  private final Class<?> javaClass;

  FieldType(Class<?> javaClass) {
    this.javaClass = javaClass;
  }

  /** The Java class of non-null values of this type. */
  public Class<?> javaClass() {
    return javaClass;
  }

  /** The lower-case name used in pipeline specs ({@code string}, {@code long}, ...). */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether values of this type are numbers. */
  public boolean isNumeric() {
    return this == LONG || this == DOUBLE;
  }

  /**
   * Parses a spec name; accepts the aliases {@code int}, {@code integer}, {@code bigint} for LONG,
   * {@code float}, {@code number} for DOUBLE and {@code bool} for BOOLEAN.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static FieldType fromSpecName(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "string": case "str": case "text": return STRING;
      case "long": case "int": case "integer": case "bigint": case "int64": return LONG;
      case "double": case "float": case "number": case "float64": return DOUBLE;
      case "boolean": case "bool": return BOOLEAN;
      case "date": return DATE;
      case "timestamp": return TIMESTAMP;
      default:
        throw new IllegalArgumentException(
            "type must be one of string, long, double, boolean, date, timestamp. Provided value: '" + name + "'");
    }
  }
}
