package dev.veil.privacy.dp;

/**
 * All argument checks of the differential-privacy package, with one message shape:
 * {@code "<name> must be <condition>. Provided value: <value>"}.
 *
 * <p>Only privacy parameters (epsilon, delta, sensitivities, alpha) are put into messages. The one
 * check on a record value ({@link #checkFiniteValue}) fails only for NaN or an infinity, so its message
 * can never reveal a real record value.
 *
 * <p>All methods are static, side-effect free and thread-safe.
 */
public final class DpPreconditions {
  /** Smallest admissible noise scale ({@code l0 * lInf / epsilon}); keeps granularities normal doubles. */
  static final double MIN_SCALE = Math.scalb(1.0, -970);

  private DpPreconditions() {}

  /** Smallest accepted epsilon, 2^-50 (smaller budgets give noise too large to be of any use). */
  public static final double MIN_EPSILON = 0x1p-50;

  /** Fails unless {@code epsilon} is finite and {@code >= 2^-50}. */
  public static double checkEpsilon(double epsilon) {
    if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be > 0 and finite. Provided value: " + epsilon);
    }
    if (epsilon < MIN_EPSILON) {
      throw new IllegalArgumentException("epsilon must be >= 2^-50. Provided value: " + epsilon);
    }
    return epsilon;
  }

  /** Fails unless {@code 0 <= delta < 1}. */
  public static double checkDelta(double delta) {
    if (!(delta >= 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be >= 0 and < 1. Provided value: " + delta);
    }
    return delta;
  }

  /** Fails unless {@code 0 < delta < 1} (mechanisms that need a positive delta, such as Gaussian). */
  public static double checkDeltaPositive(double delta) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be > 0 and < 1. Provided value: " + delta);
    }
    return delta;
  }

  /** Fails unless {@code delta == 0} (pure epsilon-DP mechanisms such as Laplace). */
  public static double checkDeltaZero(double delta) {
    if (delta != 0) {
      throw new IllegalArgumentException(
          "delta must be 0 for Laplace noise (use Gaussian noise for delta > 0). Provided value: " + delta);
    }
    return delta;
  }

  /** Fails unless {@code l0Sensitivity >= 1}. */
  public static int checkL0Sensitivity(int l0Sensitivity) {
    if (l0Sensitivity < 1) {
      throw new IllegalArgumentException("l0Sensitivity must be >= 1. Provided value: " + l0Sensitivity);
    }
    return l0Sensitivity;
  }

  /** Fails unless the integer {@code lInfSensitivity >= 1}. */
  public static long checkLInfSensitivity(long lInfSensitivity) {
    if (lInfSensitivity < 1) {
      throw new IllegalArgumentException("lInfSensitivity must be >= 1. Provided value: " + lInfSensitivity);
    }
    return lInfSensitivity;
  }

  /** Fails unless the real {@code lInfSensitivity} is finite and {@code > 0}. */
  public static double checkLInfSensitivity(double lInfSensitivity) {
    if (!(lInfSensitivity > 0) || !Double.isFinite(lInfSensitivity)) {
      throw new IllegalArgumentException(
          "lInfSensitivity must be > 0 and finite. Provided value: " + lInfSensitivity);
    }
    return lInfSensitivity;
  }

  /**
   * Fails unless the noise scale {@code l0Sensitivity * lInfSensitivity / epsilon} is finite and at least
   * 2^-970 (catches sensitivity overflow and scales too small to be represented with a granularity).
   */
  public static double checkScale(double scale) {
    if (!Double.isFinite(scale) || !(scale >= MIN_SCALE)) {
      throw new IllegalArgumentException(
          "l0Sensitivity * lInfSensitivity / epsilon must be finite and >= 2^-970 (lower the sensitivity or "
              + "raise epsilon if it overflows). Provided value: " + scale);
    }
    return scale;
  }

  /** Fails unless {@code 0 < alpha < 1}. */
  public static double checkAlpha(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be > 0 and < 1. Provided value: " + alpha);
    }
    return alpha;
  }

  /** Fails when a value to be noised is NaN or infinite (the message then shows only NaN/Infinity). */
  public static double checkFiniteValue(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite. Provided value: " + value);
    }
    return value;
  }

  /** Fails when {@code value} is null. */
  public static <T> T checkNotNull(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null. Provided value: null");
    }
    return value;
  }

  /** Smallest power of two that is {@code >= x}, for a positive normal {@code x}. */
  static double ceilPowerOfTwo(double x) {
    double p = Math.scalb(1.0, Math.getExponent(x));
    return p < x ? p * 2 : p;
  }
}
