package dev.veil.core.expr;

import java.io.Serializable;
import java.util.List;

/**
 * A boolean filter expression over the fields of one record, with SQL semantics: a comparison with
 * a null operand is unknown (null), {@code and}/{@code or}/{@code not} use three-valued logic, and a
 * filter keeps a record only when the expression is {@code true}. Parse with {@link ExprParser},
 * check against a schema with {@link ExprBinder}, evaluate with {@link ExprEvaluator}; the Spark
 * adapter compiles the same tree to native Catalyst columns, so both engines agree.
 *
 * <p>Immutable and serializable.
 */
public sealed interface Expr extends Serializable {

  /** A reference to a field. */
  record Column(String name) implements Expr {}

  /** A literal: String, Long, Double, Boolean, LocalDate, Instant, or null. */
  record Literal(Object value) implements Expr {}

  /** Comparison operators. */
  enum CmpOp {
    EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    public final String symbol;

    CmpOp(String symbol) {
      this.symbol = symbol;
    }
  }

  record Compare(CmpOp op, Expr left, Expr right) implements Expr {}

  record And(Expr left, Expr right) implements Expr {}

  record Or(Expr left, Expr right) implements Expr {}

  record Not(Expr operand) implements Expr {}

  /** {@code x is null} or, negated, {@code x is not null}; never unknown. */
  record IsNull(Expr operand, boolean negated) implements Expr {}

  /** {@code x in (a, b, ...)} or {@code x not in (...)}; literals only on the right. */
  record In(Expr operand, List<Literal> values, boolean negated) implements Expr {
    public In {
      values = List.copyOf(values);
    }
  }
}
