package dev.veil.core.expr;

import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Values;
import dev.veil.core.error.RecordException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an {@link Expr} against a schema and returns an equivalent tree in which every literal has
 * the type of the field it is compared with (so {@code signup >= '2024-01-01'} compares dates, and
 * {@code income > 10} compares doubles). Fails with a message naming the field and the types when
 * a comparison makes no sense.
 */
public final class ExprBinder {
  private ExprBinder() {}

  /** The fields an expression reads, in order of first appearance. */
  public static List<String> columns(Expr e) {
    List<String> out = new ArrayList<>();
    collect(e, out);
    return out;
  }

  private static void collect(Expr e, List<String> out) {
    if (e instanceof Expr.Column c) {
      if (!out.contains(c.name())) out.add(c.name());
    } else if (e instanceof Expr.Compare c) {
      collect(c.left(), out);
      collect(c.right(), out);
    } else if (e instanceof Expr.And a) {
      collect(a.left(), out);
      collect(a.right(), out);
    } else if (e instanceof Expr.Or o) {
      collect(o.left(), out);
      collect(o.right(), out);
    } else if (e instanceof Expr.Not n) {
      collect(n.operand(), out);
    } else if (e instanceof Expr.IsNull n) {
      collect(n.operand(), out);
    } else if (e instanceof Expr.In in) {
      collect(in.operand(), out);
    }
  }

  /**
   * @throws IllegalArgumentException when a field is missing or types do not fit
   */
  public static Expr bind(Expr e, Schema schema) {
    if (e instanceof Expr.Column c) {
      schema.require(c.name(), "filter expression");
      return c;
    }
    if (e instanceof Expr.Literal) {
      return e;
    }
    if (e instanceof Expr.Compare c) {
      Expr l = bind(c.left(), schema);
      Expr r = bind(c.right(), schema);
      FieldType lt = typeOf(l, schema);
      FieldType rt = typeOf(r, schema);
      if (lt != null && r instanceof Expr.Literal lit) {
        r = coerce(lit, lt, l);
      } else if (rt != null && l instanceof Expr.Literal lit) {
        l = coerce(lit, rt, r);
      } else if (lt != null && rt != null && lt != rt && !(lt.isNumeric() && rt.isNumeric())) {
        throw new IllegalArgumentException("filter expression compares " + describe(l) + " (" + lt.specName()
            + ") with " + describe(r) + " (" + rt.specName() + "); cast one of them first");
      }
      return new Expr.Compare(c.op(), l, r);
    }
    if (e instanceof Expr.And a) {
      return new Expr.And(bindBoolean(a.left(), schema), bindBoolean(a.right(), schema));
    }
    if (e instanceof Expr.Or o) {
      return new Expr.Or(bindBoolean(o.left(), schema), bindBoolean(o.right(), schema));
    }
    if (e instanceof Expr.Not n) {
      return new Expr.Not(bindBoolean(n.operand(), schema));
    }
    if (e instanceof Expr.IsNull n) {
      return new Expr.IsNull(bind(n.operand(), schema), n.negated());
    }
    if (e instanceof Expr.In in) {
      Expr operand = bind(in.operand(), schema);
      FieldType t = typeOf(operand, schema);
      List<Expr.Literal> values = new ArrayList<>();
      for (Expr.Literal v : in.values()) {
        values.add(t == null ? v : coerce(v, t, operand));
      }
      return new Expr.In(operand, values, in.negated());
    }
    throw new IllegalStateException("unknown expression node " + e);
  }

  /** Binds {@code e} and checks that it yields a boolean. */
  public static Expr bindBoolean(Expr e, Schema schema) {
    Expr bound = bind(e, schema);
    if (bound instanceof Expr.Column c && schema.require(c.name(), "filter").type() != FieldType.BOOLEAN) {
      throw new IllegalArgumentException("filter expression uses field '" + c.name() + "' of type "
          + schema.require(c.name(), "filter").type().specName() + " as a condition; compare it with a value");
    }
    if (bound instanceof Expr.Literal l && !(l.value() == null || l.value() instanceof Boolean)) {
      throw new IllegalArgumentException("filter expression uses the value " + l.value() + " as a condition");
    }
    return bound;
  }

  /** The static type of a field reference, literal or boolean-valued node; null for null literals. */
  static FieldType typeOf(Expr e, Schema schema) {
    if (e instanceof Expr.Compare || e instanceof Expr.And || e instanceof Expr.Or || e instanceof Expr.Not
        || e instanceof Expr.IsNull || e instanceof Expr.In) {
      return FieldType.BOOLEAN;
    }
    if (e instanceof Expr.Column c) {
      return schema.require(c.name(), "filter expression").type();
    }
    if (e instanceof Expr.Literal l) {
      Object v = l.value();
      if (v == null) return null;
      if (v instanceof String) return FieldType.STRING;
      if (v instanceof Long) return FieldType.LONG;
      if (v instanceof Double) return FieldType.DOUBLE;
      if (v instanceof Boolean) return FieldType.BOOLEAN;
      if (v instanceof LocalDate) return FieldType.DATE;
      if (v instanceof Instant) return FieldType.TIMESTAMP;
    }
    return null;
  }

  private static Expr.Literal coerce(Expr.Literal lit, FieldType target, Expr other) {
    Object v = lit.value();
    if (v == null) {
      return lit;
    }
    try {
      switch (target) {
        case STRING:
          if (v instanceof String) return lit;
          break;
        case LONG:
          if (v instanceof Long) return lit;
          if (v instanceof Double) return lit; // compared as doubles
          break;
        case DOUBLE:
          if (v instanceof Long l) return new Expr.Literal(l.doubleValue());
          if (v instanceof Double) return lit;
          break;
        case BOOLEAN:
          if (v instanceof Boolean) return lit;
          break;
        case DATE:
          if (v instanceof String s) return new Expr.Literal(Values.parse(s, FieldType.DATE, "literal"));
          break;
        case TIMESTAMP:
          if (v instanceof String s) return new Expr.Literal(Values.parse(s, FieldType.TIMESTAMP, "literal"));
          break;
        default:
          break;
      }
    } catch (RecordException e) {
      throw new IllegalArgumentException("filter expression compares " + describe(other) + " (" + target.specName()
          + ") with '" + v + "', which is not an ISO-8601 " + target.specName()
          + (target == FieldType.DATE ? " (yyyy-MM-dd)" : " (like 2024-01-31T12:00:00Z)"));
    }
    throw new IllegalArgumentException("filter expression compares " + describe(other) + " (" + target.specName()
        + ") with the " + typeOf(lit, Schema.of()).specName() + " value " + (v instanceof String ? "'" + v + "'" : v)
        + "; use a " + target.specName() + " value or cast the field first");
  }

  private static String describe(Expr e) {
    if (e instanceof Expr.Column c) return "field '" + c.name() + "'";
    if (e instanceof Expr.Literal l) return "value " + l.value();
    return "an expression";
  }

}
