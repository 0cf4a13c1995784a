package dev.veil.privacy.anonymize;

import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Generalization operators: each replaces a value by a coarser one. Hides: the detail below the
 * chosen granularity. Leaks: the coarse value (a range, a month, a postal prefix, a hierarchy label)
 * and, for rare coarse values, still the person (generalization alone does not give k-anonymity;
 * the {@code kanonymize} stage chooses levels that do). Irreversible; deterministic without a key.
 * All are immutable and thread-safe.
 */
public final class Generalize {
  private Generalize() {}

  /**
   * Numeric bins {@code [lo, hi)} of {@code width} starting at {@code origin}, as a string such as
   * {@code [30, 40)}.
   */
  public record NumericBins(double width, double origin) implements AnonymizeOperator {
    public NumericBins {
      if (!(width > 0) || !Double.isFinite(width)) {
        throw new IllegalArgumentException("width must be > 0 and finite. Provided value: " + width);
      }
      if (!Double.isFinite(origin)) throw new IllegalArgumentException("origin must be finite. Provided value: " + origin);
    }

    @Override
    public String op() {
      return "bin";
    }

    @Override
    public FieldType outputType(FieldType input) {
      AnonymizeOperator.require(op(), input, FieldType.LONG, FieldType.DOUBLE);
      return FieldType.STRING;
    }

    @Override
    public Object apply(Object value, PiiClass entity) {
      if (value == null) return null;
      double v = ((Number) value).doubleValue();
      if (!Double.isFinite(v)) throw new UnencodableValueException("the value is not a finite number");
      double lo = origin + Math.floor((v - origin) / width) * width;
      return "[" + num(lo) + ", " + num(lo + width) + ")";
    }

    private static String num(double d) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    @Override
    public Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("op", op());
      m.put("width", width);
      m.put("origin", origin);
      return m;
    }
  }

  /** Truncates a date or timestamp (UTC) to the first day of its month or year; the type stays. */
  public record DateTruncation(String unit) implements AnonymizeOperator {
    public DateTruncation {
      if (!"month".equals(unit) && !"year".equals(unit)) {
        throw new IllegalArgumentException("unit must be month or year. Provided value: '" + unit + "'");
      }
    }

    @Override
    public String op() {
      return "truncate";
    }

    @Override
    public FieldType outputType(FieldType input) {
      return AnonymizeOperator.require(op(), input, FieldType.DATE, FieldType.TIMESTAMP);
    }

    @Override
    public Object apply(Object value, PiiClass entity) {
      if (value == null) return null;
      if (value instanceof Instant i) {
        LocalDate d = trunc(i.atOffset(ZoneOffset.UTC).toLocalDate());
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return trunc((LocalDate) value);
    }

    private LocalDate trunc(LocalDate d) {
      return "year".equals(unit) ? d.withDayOfYear(1) : d.withDayOfMonth(1);
    }

    @Override
    public Map<String, Object> describe() {
      return Map.of("op", op(), "unit", unit);
    }
  }

  /**
   * Keeps the first {@code keep} characters of a postal code and replaces the rest with
   * {@code fill} (length kept), or drops them when {@code fill} is empty.
   */
  public record PostalPrefix(int keep, String fill) implements AnonymizeOperator {
    public PostalPrefix {
      if (keep < 0) throw new IllegalArgumentException("keep must be >= 0. Provided value: " + keep);
      fill = fill == null ? "*" : fill;
      if (fill.codePointCount(0, fill.length()) > 1) {
        throw new IllegalArgumentException("fill must be one character or empty. Provided value: '" + fill + "'");
      }
    }

    @Override
    public String op() {
      return "prefix";
    }

    @Override
    public FieldType outputType(FieldType input) {
      return AnonymizeOperator.require(op(), input, FieldType.STRING);
    }

    @Override
    public Object apply(Object value, PiiClass entity) {
      if (value == null) return null;
      String s = (String) value;
      int n = s.codePointCount(0, s.length());
      if (n <= keep) return s;
      int cut = s.offsetByCodePoints(0, keep);
      return s.substring(0, cut) + fill.repeat(n - keep);
    }

    @Override
    public Map<String, Object> describe() {
      return Map.of("op", op(), "keep", keep, "fill", fill);
    }
  }

  /** Replaces a value by its label at {@code level} of a {@link Hierarchy}; longs are looked up by their decimal form. */
  public record HierarchyLevel(Hierarchy hierarchy, int level) implements AnonymizeOperator {
    public HierarchyLevel {
      if (hierarchy == null) throw new IllegalArgumentException("hierarchy must not be null. Provided value: null");
      if (level < 0 || level >= hierarchy.levels()) {
        throw new IllegalArgumentException("level must be >= 0 and <= " + (hierarchy.levels() - 1) + " for hierarchy file "
            + hierarchy.file() + ". Provided value: " + level);
      }
    }

    @Override
    public String op() {
      return "hierarchy";
    }

    @Override
    public FieldType outputType(FieldType input) {
      AnonymizeOperator.require(op(), input, FieldType.STRING, FieldType.LONG);
      return FieldType.STRING;
    }

    @Override
    public Object apply(Object value, PiiClass entity) {
      return value == null ? null : hierarchy.generalize(value.toString(), level);
    }

    @Override
    public Map<String, Object> describe() {
      return Map.of("op", op(), "file", hierarchy.file(), "level", level);
    }
  }

  /**
   * Top and bottom coding: values above {@code top} become {@code top}, values below {@code bottom}
   * become {@code bottom} (a null bound is open). Hides the magnitude of outliers; leaks that a
   * value is at or beyond a bound. The type stays (a long bound must be integral for long fields).
   */
  public record TopBottomCoding(Double bottom, Double top) implements AnonymizeOperator {
    public TopBottomCoding {
      if (bottom == null && top == null) {
        throw new IllegalArgumentException("top and bottom must not both be null. Provided value: null, null");
      }
      if (bottom != null && top != null && !(bottom <= top)) {
        throw new IllegalArgumentException("bottom must be <= top. Provided value: " + bottom + ", " + top);
      }
    }

    @Override
    public String op() {
      return "topcode";
    }

    @Override
    public FieldType outputType(FieldType input) {
      AnonymizeOperator.require(op(), input, FieldType.LONG, FieldType.DOUBLE);
      if (input == FieldType.LONG && ((bottom != null && bottom != Math.rint(bottom)) || (top != null && top != Math.rint(top)))) {
        throw new IllegalArgumentException("top and bottom must be whole numbers for a long field. Provided value: " + bottom + ", " + top);
      }
      return input;
    }

    @Override
    public Object apply(Object value, PiiClass entity) {
      if (value == null) return null;
      if (value instanceof Long l) {
        long v = l;
        if (top != null && v > top) v = top.longValue();
        if (bottom != null && v < bottom) v = bottom.longValue();
        return v;
      }
      double v = (Double) value;
      if (top != null && v > top) v = top;
      if (bottom != null && v < bottom) v = bottom;
      return v;
    }

    @Override
    public Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("op", op());
      if (bottom != null) m.put("bottom", bottom);
      if (top != null) m.put("top", top);
      return m;
    }
  }

  /** Parses a unit word, lower-cased. */
  static String unit(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
