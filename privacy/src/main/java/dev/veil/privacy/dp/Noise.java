package dev.veil.privacy.dp;

/**
 * A differential-privacy noise mechanism: adds calibrated random noise to a value whose contribution
 * by one privacy unit is bounded.
 *
 * <h2>Security guarantees</h2>
 * For production implementations ({@link LaplaceNoise}, {@link GaussianNoise}): if changing the data of
 * one privacy unit changes the value in at most {@code l0Sensitivity} outputs, and each of those by at
 * most {@code lInfSensitivity} in absolute value, then releasing the noised outputs is
 * {@code (epsilon, delta)}-differentially private for that privacy unit. Noise is drawn from
 * {@link java.security.SecureRandom} (through {@link SecureBits}) by integer-valued samplers at a
 * power-of-two granularity, which avoids the floating-point attacks on textbook samplers.
 *
 * <h2>Not guaranteed; the caller's responsibilities</h2>
 * <ul>
 *   <li>Bounding contributions (clamping values, limiting partitions per privacy unit) so the stated
 *       sensitivities really hold. The mechanism cannot check this.
 *   <li>Budget accounting: each call spends {@code (epsilon, delta)}; repeated calls on the same data
 *       compose.
 *   <li>Not releasing the un-noised value or any value derived from it, and not re-drawing noise until a
 *       "nice" result appears.
 *   <li>Timing side channels are not addressed.
 * </ul>
 *
 * <p>Noise is unbiased (mean zero) up to the rounding of the input to the granularity. Implementations
 * are thread-safe (their only state is the thread-safe randomness source and, for Gaussian, a cache of
 * the last calibration).
 */
public interface Noise {

  /** Returns {@code value} plus integer-valued noise; saturates at {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE}. */
  long addNoise(long value, int l0Sensitivity, long lInfSensitivity, double epsilon, double delta);

  /** Returns {@code value} plus noise; the result is a multiple of the mechanism's granularity. */
  double addNoise(double value, int l0Sensitivity, double lInfSensitivity, double epsilon, double delta);

  /** The standard deviation of the (continuous) noise distribution for these parameters. */
  double standardDeviation(int l0Sensitivity, double lInfSensitivity, double epsilon, double delta);

  /**
   * An interval that contains the un-noised value with probability at least {@code 1 - alpha} (for a
   * 95% interval pass {@code alpha = 0.05}), computed from the released {@code noisedValue} only, so it
   * costs no extra privacy budget.
   */
  ConfidenceInterval confidenceInterval(
      double noisedValue, int l0Sensitivity, double lInfSensitivity, double epsilon, double delta, double alpha);

  /**
   * The radius {@code R} of the interval {@code [n - R, n + R]} around {@code n = addNoise(value, ...)} (the
   * integer-valued path) that contains {@code value} with probability at least {@code 1 - alpha}. The
   * integer path's noise is discrete, so the continuous interval of
   * {@link #confidenceInterval} does not carry over: for a discrete Laplace count of scale 4 the continuous
   * 95% radius 11.98 covers only {@code P(|Z| <= 11)} = 94.4%. Implementations compute the exact quantile of
   * their lattice noise and add the input's rounding allowance. The default (for noise without a lattice)
   * rounds the continuous radius up to an integer.
   */
  default double confidenceRadius(int l0Sensitivity, long lInfSensitivity, double epsilon, double delta, double alpha) {
    return Math.ceil(confidenceInterval(0.0, l0Sensitivity, (double) lInfSensitivity, epsilon, delta, alpha).upperBound());
  }

  /** The mechanism's name, e.g. {@code "LAPLACE"}. */
  String mechanism();
}
