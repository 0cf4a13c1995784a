package dev.veil.privacy.dp;

/**
 * Rigorous tail bounds for weighted sums of independent noise draws of the long (integer) path of a
 * {@link Noise}, used for confidence intervals that combine many noised counts (the quantile tree).
 *
 * <p>For {@code S = w1 (X_1 + ... + X_n1) + w2 (Y_1 + ... + Y_n2)}, where every {@code X_i, Y_i} is the
 * error {@code addNoise(value, l0, lInf, epsilon, delta) - value} of an independent call, {@link #radius}
 * returns {@code r} with {@code P(S > r) <= beta} and {@code P(S < -r) <= beta}. The bound is not an
 * approximation:
 * <ul>
 *   <li>{@link LaplaceNoise}: the Chernoff bound {@code inf_t e^(-t r) E[e^(t S)]} with the exact moment
 *       generating function of the discrete Laplace distribution on the noise lattice,
 *       {@code M(s) = (1 - e^-rate)^2 / ((1 - e^(s - rate)) (1 - e^(-s - rate)))}, minimized over
 *       {@code t} by golden-section search (any {@code t} gives a valid bound, so an inexact minimum only
 *       widens the radius).
 *   <li>{@link GaussianNoise}: the discrete Gaussian with parameter {@code sigma} is
 *       {@code sigma^2}-sub-Gaussian (Canonne, Kamath and Steinke 2020), so
 *       {@code r = sigma sqrt(2 (n1 w1^2 + n2 w2^2) ln(1/beta))}.
 *   <li>{@link ZeroNoise} (tests only): 0.
 * </ul>
 * When the noise lattice is coarser than 1 (scales above 2^40) the input rounding, at most {@code g/2} per
 * draw, is added in full. The bound is symmetric because the noise distributions are. Stateless and
 * thread-safe.
 */
public final class NoiseTails {
  private static final double INV_PHI = (Math.sqrt(5) - 1) / 2;

  private NoiseTails() {}

  /**
   * A radius {@code r} with {@code P(S > r) <= beta} (and {@code P(S < -r) <= beta}) for the weighted sum
   * described in the class comment; {@code 0 < beta < 1}, weights finite, counts {@code >= 0}.
   *
   * @throws IllegalArgumentException for an unknown {@link Noise} implementation or invalid arguments
   */
  public static double radius(Noise noise, int l0Sensitivity, long lInfSensitivity, double epsilon, double delta,
      double w1, int n1, double w2, int n2, double beta) {
    DpPreconditions.checkNotNull(noise, "noise");
    if (!(beta > 0 && beta < 1)) {
      throw new IllegalArgumentException("beta must be in (0, 1). Provided value: " + beta);
    }
    if (n1 < 0 || n2 < 0 || !Double.isFinite(w1) || !Double.isFinite(w2)) {
      throw new IllegalArgumentException("counts must be >= 0 and weights finite. Provided value: "
          + n1 + " x " + w1 + ", " + n2 + " x " + w2);
    }
    double a1 = n1 == 0 ? 0 : Math.abs(w1);
    double a2 = n2 == 0 ? 0 : Math.abs(w2);
    if (noise instanceof ZeroNoise z) {
      z.standardDeviation(l0Sensitivity, (double) lInfSensitivity, epsilon, delta); // validates
      return 0;
    }
    if (noise instanceof GaussianNoise gaussian) {
      double[] sigmaAndG = gaussian.longSigmaAndGranularity(l0Sensitivity, lInfSensitivity, epsilon, delta);
      double sigma = sigmaAndG[0];
      double g = sigmaAndG[1];
      double r = sigma * Math.sqrt(2 * (n1 * a1 * a1 + n2 * a2 * a2) * Math.log(1 / beta));
      return r + rounding(g, n1 * a1 + n2 * a2);
    }
    if (noise instanceof LaplaceNoise) {
      double[] lattice = LaplaceNoise.longLattice(l0Sensitivity, lInfSensitivity, epsilon, delta);
      double g = lattice[0];
      return g * laplaceChernoff(lattice[1], a1, n1, a2, n2, beta) + rounding(g, n1 * a1 + n2 * a2);
    }
    throw new IllegalArgumentException("no tail bound for the mechanism " + noise.mechanism());
  }

  private static double rounding(double g, double totalWeight) {
    return g > 1 ? totalWeight * g / 2 : 0;
  }

  /**
   * min over t in (0, rate / max w) of (ln(1/beta) + n1 ln M(w1 t) + n2 ln M(w2 t)) / t, in lattice units.
   * The objective is unimodal (its numerator is convex and 0 at t = 0), so golden-section search applies.
   */
  static double laplaceChernoff(double rate, double w1, int n1, double w2, int n2, double beta) {
    double maxW = Math.max(w1, w2);
    if (maxW == 0) {
      return 0;
    }
    double tMax = rate / maxW;
    double c = Math.log(1 / beta);
    double lo = 0;
    double hi = tMax;
    double x1 = hi - INV_PHI * (hi - lo);
    double x2 = lo + INV_PHI * (hi - lo);
    double f1 = objective(x1, rate, c, w1, n1, w2, n2);
    double f2 = objective(x2, rate, c, w1, n1, w2, n2);
    for (int i = 0; i < 200 && hi - lo > tMax * 1e-15; i++) {
      if (f1 <= f2) {
        hi = x2;
        x2 = x1;
        f2 = f1;
        x1 = hi - INV_PHI * (hi - lo);
        f1 = objective(x1, rate, c, w1, n1, w2, n2);
      } else {
        lo = x1;
        x1 = x2;
        f1 = f2;
        x2 = lo + INV_PHI * (hi - lo);
        f2 = objective(x2, rate, c, w1, n1, w2, n2);
      }
    }
    return Math.min(f1, f2);
  }

  private static double objective(double t, double rate, double c, double w1, int n1, double w2, int n2) {
    if (!(t > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    double k = 0;
    if (n1 > 0 && w1 > 0) {
      k += n1 * logMgf(w1 * t, rate);
    }
    if (n2 > 0 && w2 > 0) {
      k += n2 * logMgf(w2 * t, rate);
    }
    double v = (c + k) / t;
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }

  /** ln E[e^(s Z)] for the discrete Laplace with rate {@code rate}, {@code |s| < rate}; +inf otherwise. */
  static double logMgf(double s, double rate) {
    if (!(Math.abs(s) < rate)) {
      return Double.POSITIVE_INFINITY;
    }
    return 2 * Math.log(-Math.expm1(-rate)) - Math.log(-Math.expm1(s - rate)) - Math.log(-Math.expm1(-s - rate));
  }
}
