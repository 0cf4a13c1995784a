package dev.veil.core.expr;

import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Function;

/**
 * Evaluates a bound {@link Expr} over one record with SQL three-valued logic. Strings compare by
 * Unicode code point (the order of their UTF-8 bytes, as Spark compares them); doubles compare with
 * {@code -0.0 == 0.0} and NaN equal to itself and greater than every other value (Spark's order);
 * a long compared with a double compares as doubles. Stateless and thread-safe.
 */
public final class ExprEvaluator {
  private ExprEvaluator() {}

  /**
   * @param values gives a field's value by name
   * @return TRUE, FALSE, or null for unknown
   */
  public static Boolean eval(Expr e, Function<String, Object> values) {
    Object v = value(e, values);
    return (Boolean) v;
  }

  /** Whether a filter keeps the record: only when the expression is TRUE. */
  public static boolean keeps(Expr e, Function<String, Object> values) {
    return Boolean.TRUE.equals(eval(e, values));
  }

  private static Object value(Expr e, Function<String, Object> values) {
    if (e instanceof Expr.Column c) {
      return values.apply(c.name());
    }
    if (e instanceof Expr.Literal l) {
      return l.value();
    }
    if (e instanceof Expr.Compare c) {
      Object l = value(c.left(), values);
      Object r = value(c.right(), values);
      if (l == null || r == null) return null;
      int cmp = compare(l, r);
      switch (c.op()) {
        case EQ: return cmp == 0;
        case NE: return cmp != 0;
        case LT: return cmp < 0;
        case LE: return cmp <= 0;
        case GT: return cmp > 0;
        case GE: return cmp >= 0;
        default: throw new IllegalStateException();
      }
    }
    if (e instanceof Expr.And a) {
      Boolean l = (Boolean) value(a.left(), values);
      if (Boolean.FALSE.equals(l)) return false;
      Boolean r = (Boolean) value(a.right(), values);
      if (Boolean.FALSE.equals(r)) return false;
      return (l == null || r == null) ? null : Boolean.TRUE;
    }
    if (e instanceof Expr.Or o) {
      Boolean l = (Boolean) value(o.left(), values);
      if (Boolean.TRUE.equals(l)) return true;
      Boolean r = (Boolean) value(o.right(), values);
      if (Boolean.TRUE.equals(r)) return true;
      return (l == null || r == null) ? null : Boolean.FALSE;
    }
    if (e instanceof Expr.Not n) {
      Boolean b = (Boolean) value(n.operand(), values);
      return b == null ? null : !b;
    }
    if (e instanceof Expr.IsNull n) {
      boolean isNull = value(n.operand(), values) == null;
      return n.negated() != isNull;
    }
    if (e instanceof Expr.In in) {
      Object v = value(in.operand(), values);
      if (v == null) return null;
      boolean sawNull = false;
      for (Expr.Literal lit : in.values()) {
        if (lit.value() == null) {
          sawNull = true;
        } else if (compare(v, lit.value()) == 0) {
          return !in.negated();
        }
      }
      if (sawNull) return null;
      return in.negated();
    }
    throw new IllegalStateException("unknown expression node " + e);
  }

  /** Total order used by comparisons; both arguments non-null and of comparable types. */
  public static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      if (x instanceof Long lx && y instanceof Long ly) {
        return Long.compare(lx, ly);
      }
      double dx = x.doubleValue();
      double dy = y.doubleValue();
      if (dx == dy) return 0; // -0.0 == 0.0
      return Double.compare(dx, dy); // NaN greatest, NaN == NaN
    }
    if (a instanceof String x && b instanceof String y) {
      return compareCodePoints(x, y);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    if (a instanceof LocalDate x && b instanceof LocalDate y) {
      return x.compareTo(y);
    }
    if (a instanceof Instant x && b instanceof Instant y) {
      return x.compareTo(y);
    }
    throw new IllegalArgumentException("cannot compare " + a.getClass().getSimpleName() + " with " + b.getClass().getSimpleName());
  }

  /** Compares by Unicode code point, which is the order of the UTF-8 encodings. */
  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) return Integer.compare(ca, cb);
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
