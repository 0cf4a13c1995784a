package dev.veil.privacy.dp.aggregate;

import java.io.Serializable;

/**
 * How much of a query's total budget one consumer (a metric or private partition selection) gets:
 * either a relative {@linkplain #weight weight} or an {@linkplain #absolute absolute} (epsilon, delta).
 *
 * <p>Allocation (done by {@link DpQuery.Builder#build()}): absolute amounts are taken first; the rest of
 * the total epsilon is split among the weighted consumers in proportion to their weights, and the rest
 * of the total delta among the weighted consumers that use delta (Gaussian metrics and private
 * selection). If no consumer is weighted, the absolute amounts must add up to the total exactly (to a
 * relative 1e-9); a split that does not add up is an error. Immutable, serializable.
 */
public final class BudgetShare implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double weight;
  private final double epsilon;
  private final double delta;

  private BudgetShare(double weight, double epsilon, double delta) {
    this.weight = weight;
    this.epsilon = epsilon;
    this.delta = delta;
  }

  /** A relative share; {@code weight} must be {@code > 0} and finite. The default share is {@code weight(1)}. */
  public static BudgetShare weight(double weight) {
    if (!(weight > 0) || !Double.isFinite(weight)) {
      throw new IllegalArgumentException("weight must be > 0 and finite. Provided value: " + weight);
    }
    return new BudgetShare(weight, Double.NaN, Double.NaN);
  }

  /** An absolute share of {@code epsilon} and {@code delta} (validated like a {@link PrivacyBudget}). */
  public static BudgetShare absolute(double epsilon, double delta) {
    PrivacyBudget b = PrivacyBudget.of(epsilon, delta);
    return new BudgetShare(Double.NaN, b.epsilon(), b.delta());
  }

  /** Whether this is an absolute share. */
  public boolean isAbsolute() {
    return Double.isNaN(weight);
  }

  /** The weight (NaN for an absolute share). */
  public double weightValue() {
    return weight;
  }

  /** The absolute epsilon (NaN for a weight). */
  public double epsilon() {
    return epsilon;
  }

  /** The absolute delta (NaN for a weight). */
  public double delta() {
    return delta;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BudgetShare s && Double.compare(s.weight, weight) == 0
        && Double.compare(s.epsilon, epsilon) == 0 && Double.compare(s.delta, delta) == 0;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(weight) * 31 + Double.hashCode(epsilon) * 7 + Double.hashCode(delta);
  }

  @Override
  public String toString() {
    return isAbsolute() ? "absolute(epsilon=" + epsilon + ", delta=" + delta + ")" : "weight(" + weight + ")";
  }
}
