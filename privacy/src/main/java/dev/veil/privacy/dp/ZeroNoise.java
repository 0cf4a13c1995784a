package dev.veil.privacy.dp;

/**
 * A test-only {@link Noise} that adds nothing: <b>no privacy at all; never for production</b>. Obtainable
 * only through {@link DpTesting#zeroNoise(DpTesting.ForTestsOnly)}. It validates parameters like the real
 * mechanisms (epsilon, 0 <= delta < 1, sensitivities), reports standard deviation 0 and a zero-width
 * confidence interval. Immutable and thread-safe.
 */
public final class ZeroNoise implements Noise {
  ZeroNoise() {}

  @Override
  public long addNoise(long value, int l0Sensitivity, long lInfSensitivity, double epsilon, double delta) {
    DpPreconditions.checkLInfSensitivity(lInfSensitivity);
    check(l0Sensitivity, (double) lInfSensitivity, epsilon, delta);
    return value;
  }

  @Override
  public double addNoise(double value, int l0Sensitivity, double lInfSensitivity, double epsilon, double delta) {
    check(l0Sensitivity, lInfSensitivity, epsilon, delta);
    return DpPreconditions.checkFiniteValue(value);
  }

  @Override
  public double standardDeviation(int l0Sensitivity, double lInfSensitivity, double epsilon, double delta) {
    check(l0Sensitivity, lInfSensitivity, epsilon, delta);
    return 0;
  }

  /** No noise: the value is exact. */
  @Override
  public double confidenceRadius(int l0Sensitivity, long lInfSensitivity, double epsilon, double delta, double alpha) {
    DpPreconditions.checkAlpha(alpha);
    return 0;
  }

  @Override
  public ConfidenceInterval confidenceInterval(
      double noisedValue, int l0Sensitivity, double lInfSensitivity, double epsilon, double delta, double alpha) {
    check(l0Sensitivity, lInfSensitivity, epsilon, delta);
    DpPreconditions.checkAlpha(alpha);
    DpPreconditions.checkFiniteValue(noisedValue);
    return new ConfidenceInterval(noisedValue, noisedValue);
  }

  @Override
  public String mechanism() {
    return "ZERO_NOISE_FOR_TESTS_ONLY";
  }

  private static void check(int l0, double lInf, double epsilon, double delta) {
    DpPreconditions.checkEpsilon(epsilon);
    DpPreconditions.checkDelta(delta);
    DpPreconditions.checkL0Sensitivity(l0);
    DpPreconditions.checkLInfSensitivity(lInf);
  }
}
