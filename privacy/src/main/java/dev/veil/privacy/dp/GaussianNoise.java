package dev.veil.privacy.dp;

/**
 * Gaussian noise for {@code (epsilon, delta)}-differential privacy with {@code 0 < delta < 1}, calibrated
 * by the analytic Gaussian mechanism and sampled as an exact discrete Gaussian at a power-of-two
 * granularity.
 *
 * <h2>Privacy guarantee</h2>
 * The L2 sensitivity is {@code Delta = sqrt(l0Sensitivity) * lInfSensitivity}. The standard deviation
 * {@code sigma} is the smallest (up to one ulp, by bisection) value with
 * {@code Phi(Delta/(2 sigma) - epsilon sigma/Delta) - e^epsilon Phi(-Delta/(2 sigma) - epsilon sigma/Delta) <= delta}
 * (Balle and Wang 2018, Theorem 8: the exact condition, tighter than the classic
 * {@code sqrt(2 ln(1.25/delta)) Delta/epsilon}). The condition is evaluated in the factored form
 * {@code 0.5 e^(-a^2/2) (erfcx(-a/sqrt2) - erfcx(b/sqrt2))}, which avoids overflow of {@code e^epsilon}
 * and underflow of {@code Phi}; see {@link NormalMath} for the accuracy of {@code erfc}.
 *
 * <p>Sampling (double path): granularity {@code g} = the smallest power of two {@code >= sigma * 2^-40};
 * the input is rounded to a multiple of {@code g}, so {@code sigma} is recomputed for the per-partition
 * sensitivity {@code lInf + g} (iterated until {@code g} is stable); the result is
 * {@code rounded + g * Z} where Z is a discrete Gaussian on the integers with parameter {@code sigma/g},
 * drawn by the Canonne-Kamath-Steinke (2020) rejection sampler from discrete Laplace draws built from
 * uniform bits ({@link SecureSamplers#discreteGaussian}). The discrete Gaussian at this resolution
 * satisfies the same (epsilon, delta) bound as the continuous one to within a negligible amount (CKS
 * 2020 show the discrete Gaussian's privacy loss is at most that of the continuous one for
 * concentrated DP; for the approximate-DP curve the difference at sigma/g >= 2^39 is far below double
 * precision). Its acceptance probability is a double, so it is exact up to one rounding of {@code exp}.
 *
 * <p>Long path: granularity 1 (no rounding) while {@code sigma <= 2^40}, otherwise as above.
 * Results saturate at the long range.
 *
 * <p>See {@link Noise} for the caller's responsibilities. Thread-safe: the only mutable state is a cache
 * of the last calibration, an immutable value published through a volatile field.
 */
public final class GaussianNoise implements Noise {
  static final int GRANULARITY_BITS = 40;
  private static final double SQRT2 = Math.sqrt(2);

  private final SecureBits bits;
  /** The last calibration, reused when the parameters repeat (the bisection costs ~100 erfc calls). */
  private volatile Calibration lastCalibration;

  private record Calibration(int l0, double lInf, double epsilon, double delta, boolean integer, double[] sigmaAndG) {
    boolean matches(int l0, double lInf, double epsilon, double delta, boolean integer) {
      return this.l0 == l0 && Double.compare(this.lInf, lInf) == 0 && Double.compare(this.epsilon, epsilon) == 0
          && Double.compare(this.delta, delta) == 0 && this.integer == integer;
    }
  }

  private GaussianNoise(SecureBits bits) {
    this.bits = bits;
  }

  /** Gaussian noise from a new {@link SecureBits#system()} source. */
  public static GaussianNoise create() {
    return new GaussianNoise(SecureBits.system());
  }

  /** Gaussian noise from the given source. */
  public static GaussianNoise withSource(SecureBits bits) {
    return new GaussianNoise(DpPreconditions.checkNotNull(bits, "bits"));
  }

  @Override
  public String mechanism() {
    return "GAUSSIAN";
  }

  @Override
  public double addNoise(double value, int l0Sensitivity, double lInfSensitivity, double epsilon, double delta) {
    check(l0Sensitivity, lInfSensitivity, epsilon, delta);
    DpPreconditions.checkFiniteValue(value);
    double[] sigmaAndG = sigmaWithGranularity(l0Sensitivity, lInfSensitivity, epsilon, delta, false);
    double sigma = sigmaAndG[0];
    double g = sigmaAndG[1];
    double rounded = Math.rint(value / g) * g;
    long z = SecureSamplers.discreteGaussian(sigma / g, bits.stream());
    return rounded + z * g;
  }

  @Override
  public long addNoise(long value, int l0Sensitivity, long lInfSensitivity, double epsilon, double delta) {
    DpPreconditions.checkLInfSensitivity(lInfSensitivity);
    check(l0Sensitivity, (double) lInfSensitivity, epsilon, delta);
    double[] sigmaAndG = sigmaWithGranularity(l0Sensitivity, (double) lInfSensitivity, epsilon, delta, true);
    double sigma = sigmaAndG[0];
    double gDouble = sigmaAndG[1];
    if (gDouble >= 0x1p62) {
      throw new IllegalArgumentException(
          "the Gaussian sigma must be < 2^102 for long values. Provided value: " + sigma);
    }
    long g = (long) gDouble;
    long rounded = g == 1 ? value : LaplaceNoise.roundToMultiple(value, g);
    long z = SecureSamplers.discreteGaussian(sigma / gDouble, bits.stream());
    long noise = Math.abs(z) > Long.MAX_VALUE / g ? (z > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : z * g;
    return LaplaceNoise.saturatedAdd(rounded, noise);
  }

  @Override
  public double standardDeviation(int l0Sensitivity, double lInfSensitivity, double epsilon, double delta) {
    check(l0Sensitivity, lInfSensitivity, epsilon, delta);
    return sigma(Math.sqrt(l0Sensitivity) * lInfSensitivity, epsilon, delta);
  }

  @Override
  public ConfidenceInterval confidenceInterval(
      double noisedValue, int l0Sensitivity, double lInfSensitivity, double epsilon, double delta, double alpha) {
    check(l0Sensitivity, lInfSensitivity, epsilon, delta);
    DpPreconditions.checkAlpha(alpha);
    DpPreconditions.checkFiniteValue(noisedValue);
    double sigma = sigmaWithGranularity(l0Sensitivity, lInfSensitivity, epsilon, delta, false)[0];
    double radius = sigma * NormalMath.upperQuantile(alpha / 2);
    return new ConfidenceInterval(noisedValue - radius, noisedValue + radius);
  }

  /**
   * For the integer path ({@code g Z}, {@code Z} a discrete Gaussian of parameter {@code s = sigma / g}): the
   * continuous radius {@code sigma z(alpha/2)} rounded up to the lattice, plus {@code g / 2} for rounding the
   * input when {@code g > 1}. The discrete Gaussian's tail beyond an integer {@code m >= r / g} is at most the
   * continuous tail beyond {@code m} divided by its normalizer's ratio to {@code sqrt(2 pi) s}, which is
   * {@code 1 - O(e^(-2 pi^2 s^2))} (Canonne, Kamath and Steinke 2020): negligible for the {@code s} Veil uses.
   */
  @Override
  public double confidenceRadius(int l0Sensitivity, long lInfSensitivity, double epsilon, double delta, double alpha) {
    DpPreconditions.checkAlpha(alpha);
    double[] sg = longSigmaAndGranularity(l0Sensitivity, lInfSensitivity, epsilon, delta);
    double g = sg[1];
    double r = sg[0] * NormalMath.upperQuantile(alpha / 2);
    return g * Math.ceil(r / g) + (g > 1 ? g / 2 : 0);
  }

  /**
   * {sigma, granularity} of the long path: the noise is {@code g Z} with Z a discrete Gaussian of parameter
   * {@code sigma / g}, after rounding the input to a multiple of {@code g} (none when {@code g = 1}).
   */
  double[] longSigmaAndGranularity(int l0Sensitivity, long lInfSensitivity, double epsilon, double delta) {
    DpPreconditions.checkLInfSensitivity(lInfSensitivity);
    check(l0Sensitivity, (double) lInfSensitivity, epsilon, delta);
    return sigmaWithGranularity(l0Sensitivity, (double) lInfSensitivity, epsilon, delta, true).clone();
  }

  /**
   * The analytic-Gaussian sigma for L2 sensitivity {@code l2}: the smallest double (bisection to adjacent
   * doubles) with {@link #delta}(sigma) <= {@code targetDelta}.
   */
  static double sigma(double l2, double epsilon, double targetDelta) {
    double hi = l2;
    while (delta(hi, l2, epsilon) > targetDelta) {
      hi *= 2;
    }
    double lo = hi / 2;
    while (delta(lo, l2, epsilon) <= targetDelta) {
      hi = lo;
      lo /= 2;
    }
    // invariant: delta(lo) > target >= delta(hi)
    while (true) {
      double mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) {
        return hi;
      }
      if (delta(mid, l2, epsilon) > targetDelta) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
  }

  /**
   * The exact delta of the Gaussian mechanism with standard deviation {@code sigma}, L2 sensitivity
   * {@code l2}: {@code Phi(a) - e^epsilon Phi(-b)} with {@code a = l2/(2 sigma) - epsilon sigma / l2},
   * {@code b = l2/(2 sigma) + epsilon sigma / l2}, using {@code epsilon - b^2/2 = -a^2/2}.
   */
  static double delta(double sigma, double l2, double epsilon) {
    double a = l2 / (2 * sigma) - epsilon * sigma / l2;
    double b = l2 / (2 * sigma) + epsilon * sigma / l2;
    double common = 0.5 * Math.exp(-a * a / 2);
    double second = common * NormalMath.erfcx(b / SQRT2);
    if (a >= 0) {
      return 1 - 0.5 * NormalMath.erfc(a / SQRT2) - second;
    }
    return common * NormalMath.erfcx(-a / SQRT2) - second;
  }

  /** {sigma, granularity}, cached for the last parameters (the returned array is never modified). */
  private double[] sigmaWithGranularity(int l0, double lInf, double epsilon, double delta, boolean integer) {
    Calibration c = lastCalibration;
    if (c != null && c.matches(l0, lInf, epsilon, delta, integer)) {
      return c.sigmaAndG();
    }
    double[] result = computeSigmaWithGranularity(l0, lInf, epsilon, delta, integer);
    lastCalibration = new Calibration(l0, lInf, epsilon, delta, integer, result);
    return result;
  }

  /** {sigma, granularity}; sigma accounts for the rounding allowance g when g > 1 or for doubles. */
  private static double[] computeSigmaWithGranularity(
      int l0, double lInf, double epsilon, double delta, boolean integer) {
    double sqrtL0 = Math.sqrt(l0);
    double sigma = DpPreconditions.checkScale(sigma(sqrtL0 * lInf, epsilon, delta));
    double g = granularity(sigma, integer);
    if (integer && g == 1) {
      return new double[] {sigma, g};
    }
    for (int i = 0; i < 10; i++) {
      double corrected = sigma(sqrtL0 * (lInf + g), epsilon, delta);
      double newG = granularity(corrected, integer);
      if (newG == g) {
        return new double[] {corrected, g};
      }
      g = newG;
    }
    return new double[] {sigma(sqrtL0 * (lInf + g), epsilon, delta), g};
  }

  private static double granularity(double sigma, boolean integer) {
    double g = DpPreconditions.ceilPowerOfTwo(Math.scalb(sigma, -GRANULARITY_BITS));
    return integer ? Math.max(1.0, g) : g;
  }

  private static void check(int l0, double lInf, double epsilon, double delta) {
    DpPreconditions.checkEpsilon(epsilon);
    DpPreconditions.checkDeltaPositive(delta);
    DpPreconditions.checkL0Sensitivity(l0);
    DpPreconditions.checkLInfSensitivity(lInf);
    DpPreconditions.checkScale(l0 * lInf / epsilon);
  }
}
