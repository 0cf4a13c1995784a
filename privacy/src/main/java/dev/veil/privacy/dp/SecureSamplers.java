package dev.veil.privacy.dp;

/**
 * Integer-valued samplers built only from uniformly random bits (no logarithm of a floating-point
 * uniform, which would leak through the gaps in floating-point numbers; see Mironov 2012 and Google's
 * "Secure Noise Generation" note). Package-private; stateless and thread-safe.
 */
final class SecureSamplers {
  /** Geometric samples are truncated to [0, 2^62]; with rate >= 2^-52 the cut-off mass is e^-1024 = 0 in doubles. */
  static final long GEOMETRIC_MAX = 1L << 62;
  /** Smallest accepted geometric rate; the mechanisms' usual rates are about 2^-40. */
  static final double MIN_RATE = 0x1p-52;
  private static final double LN2 = Math.log(2);

  private SecureSamplers() {}

  /**
   * Exact Bernoulli(p) for a double {@code p}: compares an infinite string of random bits with the binary
   * expansion of {@code p} (which is finite, since doubles are dyadic). Uses 2 bits on average.
   */
  static boolean bernoulli(double p, SecureBits.BitStream bits) {
    if (!(p > 0)) {
      return false;
    }
    if (p >= 1) {
      return true;
    }
    double rest = p;
    while (rest > 0) {
      rest *= 2; // exact for doubles in (0, 1)
      int digit = rest >= 1 ? 1 : 0;
      rest -= digit; // exact
      int bit = bits.nextBit();
      if (bit != digit) {
        return bit < digit; // the uniform's first differing bit decides u < p
      }
    }
    return false; // u >= p with probability 1 once p's expansion ends
  }

  /** Below this, e^-x > 1/2 + 2^-17 (so the double Math.exp(-x) certainly has first binary digit 1). */
  private static final double EXP_ABOVE_HALF = 0.6931;
  /** Above this, e^-x < 1/2 - 2^-17 (first binary digit 0). */
  private static final double EXP_BELOW_HALF = 0.6932;

  /**
   * Exactly {@code bernoulli(Math.exp(-x), bits)} in distribution, for {@code x >= 0}, but computes the
   * exponential only when the first random bit does not decide: {@code bernoulli} compares the uniform's
   * bits with the binary digits of {@code p = Math.exp(-x)}; when {@code p}'s first digit is known from
   * {@code x} alone (1 for {@code x <= 0.6931}, 0 for {@code x >= 0.6932}; the margins are far beyond
   * the error of {@code Math.exp}), a first bit that differs from it decides, and otherwise the
   * comparison continues with the remaining digits, i.e. with {@code 2p - 1} or {@code 2p} (both exact in
   * doubles).
   */
  static boolean bernoulliExp(double x, SecureBits.BitStream bits) {
    if (x <= EXP_ABOVE_HALF) {
      if (bits.nextBit() == 0) {
        return true; // u < 1/2 <= p
      }
      return bernoulli(2 * Math.exp(-x) - 1, bits);
    }
    if (x >= EXP_BELOW_HALF) {
      if (bits.nextBit() == 1) {
        return false; // u >= 1/2 > p
      }
      return bernoulli(2 * Math.exp(-x), bits);
    }
    return bernoulli(Math.exp(-x), bits);
  }

  /**
   * Geometric on {0, 1, 2, ...}: P(X = k) = (1 - e^-rate) e^(-rate k), truncated to [0, 2^62] (conditioned
   * on X <= 2^62, by rejection; the cut-off mass is at most e^-1024). Split into independent parts
   * {@code X = Q m + R} with block size {@code m = 2^k}, the largest power of two with
   * {@code m rate <= ln 2} ({@code k = 0} for {@code rate > ln 2}), since
   * {@code P(Q = q, R = r)} is proportional to {@code e^(-rate m q) e^(-rate r)}:
   * <ul>
   *   <li>Q is geometric with continuation probability {@code e^(-rate m)} (in [1/2, 0.71) for k > 0):
   *       exact {@link #bernoulli} draws until the first failure, under 3.5 on average;
   *   <li>R, on {0, ..., m-1} with P(R = r) proportional to {@code e^(-rate r)}, by rejection: k uniform
   *       bits, accepted with probability {@code e^(-rate r) >= 1/2} by an exact {@link #bernoulliExp} draw
   *       (under 2 tries on average; the exponential is computed in half of the draws only).
   * </ul>
   * Only integers and uniform bits are involved (no logarithm of a floating-point uniform); as in the
   * discrete Gaussian's acceptance step, each probability is a double, exact up to one rounding of
   * {@code exp}. About k + 10 random bits per sample.
   */
  static long geometric(double rate, SecureBits.BitStream bits) {
    if (!(rate >= MIN_RATE)) {
      throw new IllegalArgumentException("the noise rate granularity * epsilon / (l0Sensitivity * (lInfSensitivity "
          + "+ granularity)) must be >= 2^-52 (raise epsilon or lower l0Sensitivity). Provided value: " + rate);
    }
    double ratio = LN2 / rate;
    int k = ratio < 1 ? 0 : Math.getExponent(ratio); // floor(log2(ln 2 / rate)), <= 51
    double continuation = Math.exp(-rate * (double) (1L << k));
    long maxQ = GEOMETRIC_MAX >>> k;
    while (true) {
      long q = 0;
      while (q <= maxQ && bernoulli(continuation, bits)) {
        q++;
      }
      long r = 0;
      if (k > 0) {
        do {
          r = bits.nextBits(k);
        } while (!bernoulliExp(rate * (double) r, bits));
      }
      if (q <= maxQ) {
        long x = (q << k) + r;
        if (x <= GEOMETRIC_MAX) {
          return x;
        }
      }
    }
  }

  /**
   * Two-sided geometric (discrete Laplace) on the integers: P(Z = z) proportional to e^(-rate |z|). Draws a
   * sign and a geometric magnitude and rejects "negative zero" so that 0 is not counted twice.
   */
  static long twoSidedGeometric(double rate, SecureBits.BitStream bits) {
    while (true) {
      int sign = bits.nextBit();
      long magnitude = geometric(rate, bits);
      if (sign == 1 && magnitude == 0) {
        continue;
      }
      return sign == 1 ? -magnitude : magnitude;
    }
  }

  /**
   * Discrete Gaussian on the integers, P(Z = z) proportional to e^(-z^2 / (2 sigma^2)), by the rejection
   * sampler of Canonne, Kamath and Steinke (2020, Algorithm 3): draw Y from the discrete Laplace with scale
   * t = floor(sigma) + 1 and accept with probability exp(-(|Y| - sigma^2/t)^2 / (2 sigma^2)). The acceptance
   * probability is a double (so it is exact up to one rounding of exp), the Laplace draw is exact.
   */
  static long discreteGaussian(double sigma, SecureBits.BitStream bits) {
    double t = Math.floor(sigma) + 1;
    double sigmaSquared = sigma * sigma;
    while (true) {
      long y = twoSidedGeometric(1.0 / t, bits);
      double c = Math.abs((double) y) - sigmaSquared / t;
      if (bernoulliExp(c * c / (2 * sigmaSquared), bits)) {
        return y;
      }
    }
  }
}
