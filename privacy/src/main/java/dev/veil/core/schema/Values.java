package dev.veil.core.schema;

import dev.veil.core.error.ReasonCode;
import dev.veil.core.error.RecordException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The one definition of how Veil turns text into typed values and typed values into text, shared
 * by the {@code cast} stage, the readers and the writers of every engine, so all agree.
 *
 * <ul>
 *   <li>LONG: optional sign and decimal digits ({@code 42}, {@code -7}); no grouping, no exponent.
 *   <li>DOUBLE: decimal or scientific notation ({@code 3.5}, {@code -1e-3}); NaN and infinities are
 *       rejected; written with {@link Double#toString(double)}.
 *   <li>BOOLEAN: {@code true/false}, {@code yes/no}, {@code 1/0}, case-insensitive; written
 *       {@code true/false}.
 *   <li>DATE: ISO-8601 {@code yyyy-MM-dd}.
 *   <li>TIMESTAMP: ISO-8601 with an offset ({@code 2024-01-31T12:00:00Z}, {@code ...+01:00}) or a
 *       local date-time taken as UTC ({@code 2024-01-31T12:00:00}, {@code 2024-01-31 12:00:00});
 *       truncated to microseconds; written as {@code yyyy-MM-dd'T'HH:mm:ss.SSSSSSZ} in UTC.
 * </ul>
 *
 * Parse failures throw {@link RecordException} with a message that never quotes the value.
 */
public final class Values {
  private Values() {}

  /** The timestamp text format of every Veil writer (and Spark's {@code timestampFormat} option). */
  public static final String TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX";

  private static final DateTimeFormatter TIMESTAMP_OUT =
      DateTimeFormatter.ofPattern(TIMESTAMP_PATTERN, Locale.ROOT).withZone(ZoneOffset.UTC);
  /**
   * A local date-time with exactly one separator, 'T' or ' ', resolved strictly like the offset form (both separators
   * optional accepted "2024-01-3112:00", and the default SMART resolver turned "2023-02-30" into "2023-02-28").
   */
  private static final List<DateTimeFormatter> LOCAL_DATE_TIMES = List.of(
      DateTimeFormatter.ISO_LOCAL_DATE_TIME,
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral(' ')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .toFormatter(Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT)
          .withChronology(IsoChronology.INSTANCE));

  /**
   * Parses {@code text} as {@code type}.
   *
   * @param field named in the error
   * @throws RecordException with {@link ReasonCode#CAST_FAILED}
   */
  public static Object parse(String text, FieldType type, String field) {
    String t = type == FieldType.STRING ? text : text.trim();
    switch (type) {
      case STRING:
        return text;
      case LONG:
        if (!isInteger(t)) throw fail(field, "is not a whole number (expected digits with an optional sign)");
        try {
          return Long.parseLong(t);
        } catch (NumberFormatException e) {
          throw fail(field, "is outside the range of a 64-bit long");
        }
      case DOUBLE:
        if (!isDecimal(t)) throw fail(field, "is not a decimal number");
        double d = Double.parseDouble(t);
        if (!Double.isFinite(d)) throw fail(field, "is outside the range of a double");
        return d;
      case BOOLEAN:
        switch (t.toLowerCase(Locale.ROOT)) {
          case "true": case "yes": case "1": return Boolean.TRUE;
          case "false": case "no": case "0": return Boolean.FALSE;
          default: throw fail(field, "is not a boolean (expected true/false, yes/no or 1/0)");
        }
      case DATE:
        try {
          return LocalDate.parse(t);
        } catch (DateTimeParseException e) {
          throw fail(field, "is not an ISO-8601 date (yyyy-MM-dd)");
        }
      case TIMESTAMP:
        return parseTimestamp(t, field);
      default:
        throw new IllegalStateException("unknown type " + type);
    }
  }

  /** Converts {@code value} of type {@code from} to {@code to}; text goes through {@link #parse}. */
  public static Object convert(Object value, FieldType from, FieldType to, String field) {
    if (value == null || from == to) return value;
    if (from == FieldType.STRING) return parse((String) value, to, field);
    if (to == FieldType.STRING) return format(value);
    if (from == FieldType.LONG && to == FieldType.DOUBLE) return ((Long) value).doubleValue();
    if (from == FieldType.DOUBLE && to == FieldType.LONG) {
      double d = (Double) value;
      if (d != Math.rint(d) || d < -0x1p63 || d >= 0x1p63) throw fail(field, "is not a whole number that fits a long");
      return (long) d;
    }
    if (from == FieldType.DATE && to == FieldType.TIMESTAMP) return ((LocalDate) value).atStartOfDay(ZoneOffset.UTC).toInstant();
    if (from == FieldType.TIMESTAMP && to == FieldType.DATE) return LocalDate.ofInstant((Instant) value, ZoneOffset.UTC);
    if (from == FieldType.BOOLEAN && to == FieldType.LONG) return ((Boolean) value) ? 1L : 0L;
    throw new IllegalArgumentException("cast from " + from.specName() + " to " + to.specName() + " is not supported for field '"
        + field + "'. Supported: string to any type, any type to string, long<->double, date<->timestamp, boolean to long");
  }

  /** Whether {@link #convert} supports the pair. */
  public static boolean canConvert(FieldType from, FieldType to) {
    return from == to || from == FieldType.STRING || to == FieldType.STRING
        || (from.isNumeric() && to.isNumeric())
        || (from == FieldType.DATE && to == FieldType.TIMESTAMP) || (from == FieldType.TIMESTAMP && to == FieldType.DATE)
        || (from == FieldType.BOOLEAN && to == FieldType.LONG);
  }

  /** The canonical text of a value; null for null. */
  public static String format(Object value) {
    if (value == null) return null;
    if (value instanceof Instant i) return TIMESTAMP_OUT.format(i);
    return value.toString();
  }

  /** Truncates to the microsecond precision every engine keeps. */
  public static Instant micros(Instant i) {
    return i.truncatedTo(ChronoUnit.MICROS);
  }

  private static Instant parseTimestamp(String t, String field) {
    try {
      return micros(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeParseException e) {
      for (DateTimeFormatter f : LOCAL_DATE_TIMES) {
        try {
          return micros(LocalDateTime.parse(t, f).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e2) {
          // try the next form
        }
      }
      throw fail(field, "is not an ISO-8601 timestamp (like 2024-01-31T12:00:00Z)");
    }
  }

  private static boolean isInteger(String t) {
    int i = 0;
    if (t.isEmpty()) return false;
    if (t.charAt(0) == '-' || t.charAt(0) == '+') i++;
    if (i == t.length()) return false;
    for (; i < t.length(); i++) {
      if (t.charAt(i) < '0' || t.charAt(i) > '9') return false;
    }
    return true;
  }

  private static boolean isDecimal(String t) {
    int i = 0;
    int n = t.length();
    if (n == 0) return false;
    if (t.charAt(i) == '-' || t.charAt(i) == '+') i++;
    int digits = 0;
    while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') { i++; digits++; }
    if (i < n && t.charAt(i) == '.') {
      i++;
      while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') { i++; digits++; }
    }
    if (digits == 0) return false;
    if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
      i++;
      if (i < n && (t.charAt(i) == '-' || t.charAt(i) == '+')) i++;
      int exp = 0;
      while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') { i++; exp++; }
      if (exp == 0) return false;
    }
    return i == n;
  }

  private static RecordException fail(String field, String what) {
    return new RecordException(ReasonCode.CAST_FAILED, field, "value of field '" + field + "' " + what);
  }

}
