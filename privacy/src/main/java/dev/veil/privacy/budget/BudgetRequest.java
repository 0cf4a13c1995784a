package dev.veil.privacy.budget;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What one job (one run) asks to spend on one dataset: the mechanisms it will release. This is the
 * ledger's input; {@code veil dp aggregate} builds it from its query spec (one {@link MechanismEntry} per
 * metric and one for partition selection).
 *
 * <p>Its cost under {@link Accountant#BASIC} is {@link #epsilon()} and {@link #delta()}; under
 * {@link Accountant#ZCDP} it is {@link #rho()} plus the {@link #nonZcdpEpsilon()} and
 * {@link #nonZcdpDelta()} of steps without a zCDP bound. Sums are exact decimal sums of the recorded
 * doubles (so ten releases of 0.1 spend exactly 1.0). Immutable and thread-safe.
 *
 * @param mechanisms the mechanisms, at least one
 */
public record BudgetRequest(List<MechanismEntry> mechanisms) {

  /** Copies and validates the list. */
  public BudgetRequest {
    Objects.requireNonNull(mechanisms, "mechanisms");
    mechanisms = List.copyOf(mechanisms);
    if (mechanisms.isEmpty()) {
      throw new IllegalArgumentException("a budget request needs at least one mechanism. Provided: none");
    }
  }

  /** A request of the given mechanisms. */
  public static BudgetRequest of(MechanismEntry... mechanisms) {
    return new BudgetRequest(List.of(mechanisms));
  }

  /** Basic-composition epsilon: the exact decimal sum of every mechanism's epsilon. */
  public BigDecimal epsilon() {
    return costs().epsilon();
  }

  /** Basic-composition delta. */
  public BigDecimal delta() {
    return costs().delta();
  }

  /** Sum of {@code rho} over the mechanisms with a zCDP bound. */
  public BigDecimal rho() {
    return costs().rho();
  }

  /** Epsilon of the mechanisms without a zCDP bound. */
  public BigDecimal nonZcdpEpsilon() {
    return costs().epsilonX();
  }

  /** Delta of the mechanisms without a zCDP bound. */
  public BigDecimal nonZcdpDelta() {
    return costs().deltaX();
  }

  Costs costs() {
    Costs c = Costs.ZERO;
    for (MechanismEntry m : mechanisms) c = c.plus(Costs.of(m));
    return c;
  }
}
