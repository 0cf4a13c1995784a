package dev.veil.privacy.dp;

/**
 * Laplace noise for pure {@code epsilon}-differential privacy ({@code delta} must be 0), sampled securely
 * as a two-sided geometric variable at a power-of-two granularity (Google's "Secure Noise Generation").
 *
 * <h2>Privacy guarantee</h2>
 * With scale {@code b = l0Sensitivity * lInfSensitivity / epsilon}, the double path
 * <ol>
 *   <li>chooses the granularity {@code g} = the smallest power of two {@code >= b * 2^-40},
 *   <li>rounds the input to the nearest multiple of {@code g} (this can move two neighbouring inputs
 *       apart by up to {@code g} more, so the per-partition sensitivity used is {@code lInf + g}),
 *   <li>draws {@code Z} with {@code P(Z = z) proportional to exp(-|z| g epsilon / (l0 (lInf + g)))} by
 *       {@link SecureSamplers#twoSidedGeometric} (uniform bits only, no {@code log} of a float), and
 *   <li>returns {@code rounded + Z * g}, a multiple of {@code g} computed with one correctly rounded
 *       addition, i.e. a post-processing of the exact integer {@code rounded/g + Z}.
 * </ol>
 * This is the discrete Laplace mechanism on the lattice {@code gZ}, hence {@code epsilon}-DP for the stated
 * sensitivities. The noise variance exceeds {@code 2 b^2} by a relative {@code ~2^-39}.
 *
 * <p>The long path is the discrete Laplace mechanism on the integers: granularity 1 (no rounding, rate
 * {@code epsilon / (l0 lInf)}) while {@code b <= 2^40}; for larger scales the granularity is the smallest
 * power of two {@code >= b * 2^-40} and the input is rounded as above. Results saturate at the long range.
 * For small scales the discrete noise's variance {@code 2e^-r/(1-e^-r)^2} (rate r) is slightly below the
 * continuous {@code 2b^2} reported by {@link #standardDeviation}.
 *
 * <p>See {@link Noise} for the caller's responsibilities. Immutable and thread-safe (the randomness
 * source is thread-safe).
 */
public final class LaplaceNoise implements Noise {
  /** Granularity is at least scale * 2^-40: the noise has about 40 bits of resolution below its scale. */
  static final int GRANULARITY_BITS = 40;

  private final SecureBits bits;

  private LaplaceNoise(SecureBits bits) {
    this.bits = bits;
  }

  /** Laplace noise from a new {@link SecureBits#system()} source. */
  public static LaplaceNoise create() {
    return new LaplaceNoise(SecureBits.system());
  }

  /** Laplace noise from the given source. */
  public static LaplaceNoise withSource(SecureBits bits) {
    return new LaplaceNoise(DpPreconditions.checkNotNull(bits, "bits"));
  }

  @Override
  public String mechanism() {
    return "LAPLACE";
  }

  @Override
  public double addNoise(double value, int l0Sensitivity, double lInfSensitivity, double epsilon, double delta) {
    double scale = checkedScale(l0Sensitivity, lInfSensitivity, epsilon, delta);
    DpPreconditions.checkFiniteValue(value);
    double g = granularity(scale);
    double rate = g * epsilon / (l0Sensitivity * (lInfSensitivity + g));
    double rounded = Math.rint(value / g) * g;
    long z = SecureSamplers.twoSidedGeometric(rate, bits.stream());
    return rounded + z * g;
  }

  @Override
  public long addNoise(long value, int l0Sensitivity, long lInfSensitivity, double epsilon, double delta) {
    DpPreconditions.checkLInfSensitivity(lInfSensitivity);
    double scale = checkedScale(l0Sensitivity, (double) lInfSensitivity, epsilon, delta);
    double gDouble = Math.max(1.0, granularity(scale));
    if (gDouble == 1.0) {
      long z = SecureSamplers.twoSidedGeometric(epsilon / ((double) l0Sensitivity * lInfSensitivity), bits.stream());
      return saturatedAdd(value, z);
    }
    if (gDouble >= 0x1p62) {
      throw new IllegalArgumentException(
          "l0Sensitivity * lInfSensitivity / epsilon must be < 2^102 for long values. Provided value: " + scale);
    }
    long g = (long) gDouble;
    double rate = gDouble * epsilon / (l0Sensitivity * ((double) lInfSensitivity + gDouble));
    long rounded = roundToMultiple(value, g);
    long z = SecureSamplers.twoSidedGeometric(rate, bits.stream());
    long noise = Math.abs(z) > Long.MAX_VALUE / g ? (z > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : z * g;
    return saturatedAdd(rounded, noise);
  }

  @Override
  public double standardDeviation(int l0Sensitivity, double lInfSensitivity, double epsilon, double delta) {
    return Math.sqrt(2) * checkedScale(l0Sensitivity, lInfSensitivity, epsilon, delta);
  }

  /** Laplace tails: P(|noise| > b ln(1/alpha)) = alpha exactly, so the interval is symmetric with that radius. */
  @Override
  public ConfidenceInterval confidenceInterval(
      double noisedValue, int l0Sensitivity, double lInfSensitivity, double epsilon, double delta, double alpha) {
    double scale = checkedScale(l0Sensitivity, lInfSensitivity, epsilon, delta);
    DpPreconditions.checkAlpha(alpha);
    DpPreconditions.checkFiniteValue(noisedValue);
    // the effective scale includes the rounding allowance lInf + g
    double g = granularity(scale);
    double radius = scale * (1 + g / lInfSensitivity) * Math.log(1 / alpha);
    return new ConfidenceInterval(noisedValue - radius, noisedValue + radius);
  }

  /**
   * Exact for the integer path: the noise is {@code g Z} with {@code P(Z = z)} proportional to
   * {@code e^(-rate |z|)}, so {@code P(|Z| > k) = 2 e^(-rate (k + 1)) / (1 + e^(-rate))}; the radius is
   * {@code g k} for the smallest such {@code k} at most {@code alpha}, plus {@code g / 2} for rounding the input
   * to a multiple of {@code g} when {@code g > 1}.
   */
  @Override
  public double confidenceRadius(int l0Sensitivity, long lInfSensitivity, double epsilon, double delta, double alpha) {
    DpPreconditions.checkAlpha(alpha);
    double[] lattice = longLattice(l0Sensitivity, lInfSensitivity, epsilon, delta);
    double g = lattice[0];
    double rate = lattice[1];
    // P(|Z| > k) <= alpha  <=>  k + 1 >= ln(2 / (alpha (1 + e^-rate))) / rate
    double k = Math.max(0, Math.ceil(Math.log(2 / (alpha * (1 + Math.exp(-rate)))) / rate) - 1);
    while (k > 0 && tail(k - 1, rate) <= alpha) k--; // guard against rounding in the logarithm: the smallest k
    while (tail(k, rate) > alpha) k++;
    return g * k + (g > 1 ? g / 2 : 0);
  }

  /** {@code P(|Z| > k)} for the two-sided geometric {@code Z} of this rate. */
  static double tail(double k, double rate) {
    return 2 * Math.exp(-rate * (k + 1)) / (1 + Math.exp(-rate));
  }

  /**
   * The lattice of the long path for these parameters: {granularity g, rate} where the noise is {@code g Z}
   * with {@code P(Z = z)} proportional to {@code e^(-rate |z|)}, after rounding the input to a multiple of
   * {@code g} (no rounding when {@code g = 1}).
   */
  static double[] longLattice(int l0Sensitivity, long lInfSensitivity, double epsilon, double delta) {
    DpPreconditions.checkLInfSensitivity(lInfSensitivity);
    double scale = checkedScale(l0Sensitivity, (double) lInfSensitivity, epsilon, delta);
    double g = Math.max(1.0, granularity(scale));
    if (g == 1.0) {
      return new double[] {1.0, epsilon / ((double) l0Sensitivity * lInfSensitivity)};
    }
    return new double[] {g, g * epsilon / (l0Sensitivity * ((double) lInfSensitivity + g))};
  }

  /** The granularity used for this scale: the smallest power of two >= scale * 2^-40. */
  static double granularity(double scale) {
    return DpPreconditions.ceilPowerOfTwo(Math.scalb(scale, -GRANULARITY_BITS));
  }

  private static double checkedScale(int l0, double lInf, double epsilon, double delta) {
    DpPreconditions.checkEpsilon(epsilon);
    DpPreconditions.checkDeltaZero(delta);
    DpPreconditions.checkL0Sensitivity(l0);
    DpPreconditions.checkLInfSensitivity(lInf);
    return DpPreconditions.checkScale(l0 * lInf / epsilon);
  }

  static long roundToMultiple(long value, long g) {
    long q = Math.floorDiv(value, g);
    long r = Math.floorMod(value, g);
    if (r >= g / 2) {
      q++;
    }
    try {
      return Math.multiplyExact(q, g);
    } catch (ArithmeticException overflow) {
      return (q - 1) * g; // only just below 2^63: round down instead of overflowing
    }
  }

  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }
}
