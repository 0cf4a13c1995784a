package dev.veil.privacy.budget;

import java.math.BigDecimal;

/**
 * The arithmetic of the two {@link Accountant}s.
 *
 * <h2>zCDP to (epsilon, delta)</h2>
 * {@link #zcdpToEpsilon}, used by the {@link Accountant#ZCDP} accountant, is the conversion of Canonne,
 * Kamath and Steinke (2020, "The Discrete Gaussian for Differential Privacy", Prop. 12 / Cor. 13):
 * {@code rho}-zCDP implies {@code (epsilon, delta)}-DP for every {@code alpha > 1} with
 * {@code delta = e^((alpha-1)(alpha rho - epsilon)) / (alpha-1) * (1 - 1/alpha)^alpha}, i.e.
 * <pre>
 *   epsilon = min over alpha > 1 of  alpha rho + (ln(1/delta) + (alpha-1) ln(1 - 1/alpha) - ln alpha) / (alpha-1).
 * </pre>
 * With {@code x = alpha - 1} the term is evaluated as
 * {@code (1+x) rho + (ln(1/delta) + x ln x - (1+x) log1p(x)) / x}, which has no cancellation for
 * {@code x} near 0 or large. The minimum is searched over {@code ln x} in [-40, 40] (a grid of 401 points,
 * then golden-section refinement around the best one). Every {@code alpha} gives a valid bound, so an
 * inexact search can only return a larger (safe) epsilon; the result is also never above the simple
 * conversion of Bun and Steinke (2016, Prop. 1.3), {@link #zcdpToEpsilonBunSteinke}
 * {@code rho + 2 sqrt(rho ln(1/delta))}, which is also valid, and is clamped at 0 from below. The
 * result increases with {@code rho} and decreases with {@code delta} (up to the search's resolution),
 * so caps enforced with it stay safe. Ledgers written before this change store {@code rho} (not the
 * converted epsilon), so their totals are simply recomputed with the tighter conversion.
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
   * The epsilon of {@code rho}-zCDP at {@code delta} by the Canonne-Kamath-Steinke conversion (see the
   * class comment); 0 when {@code rho == 0}.
   */
  public static double zcdpToEpsilon(double rho, double delta) {
    check(rho, delta);
    if (rho == 0) return 0;
    double simple = zcdpToEpsilonBunSteinke(rho, delta);
    double logInvDelta = -Math.log(delta);
    int n = 400;
    double lo = -40;
    double hi = 40;
    double best = Double.POSITIVE_INFINITY;
    int bestI = 0;
    for (int i = 0; i <= n; i++) {
      double v = cksEpsilon(rho, logInvDelta, lo + (hi - lo) * i / n);
      if (v < best) {
        best = v;
        bestI = i;
      }
    }
    // golden-section on [grid point before, grid point after] the best one (the term is unimodal in alpha)
    double a = lo + (hi - lo) * Math.max(0, bestI - 1) / n;
    double b = lo + (hi - lo) * Math.min(n, bestI + 1) / n;
    double invPhi = (Math.sqrt(5) - 1) / 2;
    double x1 = b - invPhi * (b - a);
    double x2 = a + invPhi * (b - a);
    double f1 = cksEpsilon(rho, logInvDelta, x1);
    double f2 = cksEpsilon(rho, logInvDelta, x2);
    for (int i = 0; i < 100; i++) {
      if (f1 <= f2) {
        b = x2;
        x2 = x1;
        f2 = f1;
        x1 = b - invPhi * (b - a);
        f1 = cksEpsilon(rho, logInvDelta, x1);
      } else {
        a = x1;
        x1 = x2;
        f1 = f2;
        x2 = a + invPhi * (b - a);
        f2 = cksEpsilon(rho, logInvDelta, x2);
      }
    }
    best = Math.min(best, Math.min(f1, f2));
    return Math.max(0, Math.min(simple, best));
  }

  /**
   * The epsilon of {@code rho}-zCDP at {@code delta} by the simple conversion of Bun and Steinke (2016,
   * Prop. 1.3): {@code rho + 2 sqrt(rho ln(1/delta))}; 0 when {@code rho == 0}. Valid but looser than
   * {@link #zcdpToEpsilon}; shown for comparison only.
   */
  public static double zcdpToEpsilonBunSteinke(double rho, double delta) {
    check(rho, delta);
    if (rho == 0) return 0;
    return rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
  }

  /** The CKS epsilon at alpha = 1 + e^logX; +infinity where it is not a finite number. */
  static double cksEpsilon(double rho, double logInvDelta, double logX) {
    double x = Math.exp(logX);
    double v = (1 + x) * rho + (logInvDelta + x * logX - (1 + x) * Math.log1p(x)) / x;
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }

  private static void check(double rho, double delta) {
    if (!(rho >= 0) || !Double.isFinite(rho)) {
      throw new IllegalArgumentException("rho must be >= 0 and finite. Provided value: " + rho);
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be > 0 and < 1. Provided value: " + delta);
    }
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
