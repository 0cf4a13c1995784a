package dev.veil.privacy.dp.aggregate;

import java.io.Serializable;

/**
 * The declared range {@code [lower, upper]} of a value column. Every value is clamped into it before
 * aggregation, which is what bounds one privacy unit's influence on sums, means, variances and
 * quantiles. The bounds must be chosen without looking at the private data (or from a DP estimate);
 * bounds derived from the data itself leak it. Immutable, thread-safe, serializable.
 *
 * @param lower the smallest value kept, finite
 * @param upper the largest value kept, finite and {@code > lower}
 */
public record Bounds(double lower, double upper) implements Serializable {
  /** Checks both bounds are finite and {@code lower < upper}. */
  public Bounds {
    if (!Double.isFinite(lower)) {
      throw new IllegalArgumentException("lower bound must be finite. Provided value: " + lower);
    }
    if (!Double.isFinite(upper)) {
      throw new IllegalArgumentException("upper bound must be finite. Provided value: " + upper);
    }
    if (!(lower < upper)) {
      throw new IllegalArgumentException(
          "upper bound must be > lower bound. Provided value: [" + lower + ", " + upper + "]");
    }
    if (!Double.isFinite(upper - lower)) {
      throw new IllegalArgumentException(
          "upper bound - lower bound must be finite. Provided value: [" + lower + ", " + upper + "]");
    }
  }

  /** Bounds {@code [lower, upper]}. */
  public static Bounds of(double lower, double upper) {
    return new Bounds(lower, upper);
  }

  /** {@code value} clamped into the bounds (the value must be finite). */
  public double clamp(double value) {
    return Math.max(lower, Math.min(upper, value));
  }

  /** The midpoint {@code (lower + upper) / 2}, computed without overflow. */
  public double midpoint() {
    return lower / 2 + upper / 2;
  }

  /** Half the width, {@code (upper - lower) / 2}. */
  public double halfWidth() {
    return upper / 2 - lower / 2;
  }

  /** The largest absolute value in the bounds. */
  public double maxAbs() {
    return Math.max(Math.abs(lower), Math.abs(upper));
  }

  @Override
  public String toString() {
    return "[" + lower + ", " + upper + "]";
  }
}
