package dev.veil.privacy.budget;

import java.math.BigDecimal;

/**
 * The arithmetic of the two {@link Accountant}s.
 *
 * <h2>zCDP to (epsilon, delta)</h2>
 * {@link #zcdpToEpsilon} uses the standard conversion of Bun and Steinke (2016, Prop. 1.3):
 * {@code rho}-zCDP implies {@code (rho + 2 sqrt(rho ln(1/delta)), delta)}-DP for every
 * {@code delta > 0}. The tighter conversion of Canonne, Kamath and Steinke (2020, Prop. 12) is not
 * used; the standard one is simple, monotone and never smaller, so caps enforced with it are safe.
 *
 * <h2>Totals under {@link Accountant#ZCDP}</h2>
 * With {@code rho} the sum over zCDP-expressible releases and {@code (epsilonX, deltaX)} the basic sum
 * over the rest, the total against a dataset whose cap has {@code capDelta > 0} is
 * {@code (zcdpToEpsilon(rho, capDelta - deltaX) + epsilonX, capDelta)}: all of the cap's delta not used
 * by the other releases goes to the conversion. When {@code rho = 0} the total is
 * {@code (epsilonX, deltaX)}. When the cap's delta leaves nothing for the conversion the epsilon is
 * infinite (such a dataset cannot admit a zCDP release under this accountant).
 *
 * <p>All methods are static and thread-safe.
 */
public final class Accounting {
  private Accounting() {}

  /** An {@code (epsilon, delta)} pair; {@code epsilon} may be infinite. */
  public record EpsilonDelta(double epsilon, double delta) {}

  /**
   * The epsilon of {@code rho}-zCDP at {@code delta}: {@code rho + 2 sqrt(rho ln(1/delta))}; 0 when
   * {@code rho == 0}.
   */
  public static double zcdpToEpsilon(double rho, double delta) {
    if (!(rho >= 0) || !Double.isFinite(rho)) {
      throw new IllegalArgumentException("rho must be >= 0 and finite. Provided value: " + rho);
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be > 0 and < 1. Provided value: " + delta);
    }
    if (rho == 0) return 0;
    return rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
  }

  /** The total of {@code costs} under {@code accountant}, for a dataset whose cap has {@code capDelta}. */
  static EpsilonDelta total(Costs costs, Accountant accountant, double capDelta) {
    if (accountant == Accountant.BASIC) return new EpsilonDelta(costs.epsilon().doubleValue(), costs.delta().doubleValue());
    double epsX = costs.epsilonX().doubleValue();
    double deltaX = costs.deltaX().doubleValue();
    if (costs.rho().signum() == 0) return new EpsilonDelta(epsX, deltaX);
    double conversionDelta = BigDecimal.valueOf(capDelta).subtract(costs.deltaX()).doubleValue();
    if (!(conversionDelta > 0) || conversionDelta >= 1) return new EpsilonDelta(Double.POSITIVE_INFINITY, capDelta);
    return new EpsilonDelta(zcdpToEpsilon(costs.rho().doubleValue(), conversionDelta) + epsX, capDelta);
  }
}
