package dev.veil.privacy.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Argument validation of every mechanism, with the exact messages. */
class DpPreconditionsTest {
  private static final Noise LAPLACE = LaplaceNoise.create();
  private static final Noise GAUSSIAN = GaussianNoise.create();
  private static final Noise ZERO = DpTesting.zeroNoise(DpTesting.FOR_TESTS_ONLY);
  private static final double LN3 = Math.log(3);

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  /** Runs the check on the double and long addNoise and the stddev / CI methods of all three mechanisms. */
  private static void assertAllReject(String expected, int l0, double lInf, double epsilon, double deltaGaussian,
      double deltaLaplace) {
    for (Noise noise : List.of(LAPLACE, GAUSSIAN, ZERO)) {
      double delta = noise == LAPLACE ? deltaLaplace : deltaGaussian;
      assertMessage(expected, () -> noise.addNoise(1.0, l0, lInf, epsilon, delta));
      assertMessage(expected, () -> noise.standardDeviation(l0, lInf, epsilon, delta));
      assertMessage(expected, () -> noise.confidenceInterval(1.0, l0, lInf, epsilon, delta, 0.05));
      if (Double.isFinite(lInf) && lInf >= 1 && lInf == Math.rint(lInf)) {
        assertMessage(expected, () -> noise.addNoise(1L, l0, (long) lInf, epsilon, delta));
      }
    }
  }

  @Test
  void epsilon_nan_throwsException() {
    assertAllReject("epsilon must be > 0 and finite. Provided value: NaN", 1, 1, Double.NaN, 1e-5, 0);
  }

  @Test
  void epsilon_zero_throwsException() {
    assertAllReject("epsilon must be > 0 and finite. Provided value: 0.0", 1, 1, 0, 1e-5, 0);
  }

  @Test
  void epsilon_negative_throwsException() {
    assertAllReject("epsilon must be > 0 and finite. Provided value: -1.0", 1, 1, -1, 1e-5, 0);
  }

  @Test
  void epsilon_infinite_throwsException() {
    assertAllReject("epsilon must be > 0 and finite. Provided value: Infinity", 1, 1,
        Double.POSITIVE_INFINITY, 1e-5, 0);
  }

  @Test
  void epsilon_belowTwoPowMinus50_throwsException() {
    assertAllReject("epsilon must be >= 2^-50. Provided value: 1.0E-16", 1, 1, 1e-16, 1e-5, 0);
  }

  @Test
  void noiseRate_tooSmall_throwsException() {
    // huge l0 with a tiny epsilon: the geometric rate ~ epsilon / l0 falls below 2^-52
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LAPLACE.addNoise(0.0, Integer.MAX_VALUE, 1.0, 1e-12, 0));
    assertEquals(true, e.getMessage().startsWith("the noise rate granularity * epsilon / (l0Sensitivity"),
        e.getMessage());
  }

  @Test
  void l0Sensitivity_zero_throwsException() {
    assertAllReject("l0Sensitivity must be >= 1. Provided value: 0", 0, 1, LN3, 1e-5, 0);
  }

  @Test
  void l0Sensitivity_negative_throwsException() {
    assertAllReject("l0Sensitivity must be >= 1. Provided value: -3", -3, 1, LN3, 1e-5, 0);
  }

  @Test
  void lInfSensitivity_zero_throwsException() {
    assertAllReject("lInfSensitivity must be > 0 and finite. Provided value: 0.0", 1, 0, LN3, 1e-5, 0);
    for (Noise noise : List.of(LAPLACE, GAUSSIAN, ZERO)) {
      double delta = noise == LAPLACE ? 0 : 1e-5;
      assertMessage("lInfSensitivity must be >= 1. Provided value: 0", () -> noise.addNoise(1L, 1, 0L, LN3, delta));
      assertMessage("lInfSensitivity must be >= 1. Provided value: -2", () -> noise.addNoise(1L, 1, -2L, LN3, delta));
    }
  }

  @Test
  void lInfSensitivity_nan_throwsException() {
    assertAllReject("lInfSensitivity must be > 0 and finite. Provided value: NaN", 1, Double.NaN, LN3, 1e-5, 0);
  }

  @Test
  void lInfSensitivity_infinite_throwsException() {
    assertAllReject("lInfSensitivity must be > 0 and finite. Provided value: Infinity", 1,
        Double.POSITIVE_INFINITY, LN3, 1e-5, 0);
  }

  @Test
  void sensitivityOverEpsilon_overflow_throwsException() {
    String expected = "l0Sensitivity * lInfSensitivity / epsilon must be finite and >= 2^-970 (lower the "
        + "sensitivity or raise epsilon if it overflows). Provided value: Infinity";
    assertMessage(expected, () -> LAPLACE.addNoise(0.0, 2, Double.MAX_VALUE, 1.0, 0));
    assertMessage(expected, () -> GAUSSIAN.addNoise(0.0, 2, Double.MAX_VALUE, 1.0, 1e-5));
    assertMessage(expected, () -> LAPLACE.addNoise(0.0, 1, 1e300, 1e-10, 0));
  }

  @Test
  void sensitivityOverEpsilon_tooSmall_throwsException() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LAPLACE.addNoise(0.0, 1, 1e-300, 1e10, 0));
    assertEquals(true, e.getMessage().startsWith("l0Sensitivity * lInfSensitivity / epsilon must be finite"));
  }

  @Test
  void delta_nonZero_laplace_throwsException() {
    assertMessage("delta must be 0 for Laplace noise (use Gaussian noise for delta > 0). Provided value: 1.0E-5",
        () -> LAPLACE.addNoise(0.0, 1, 1.0, LN3, 1e-5));
    assertMessage("delta must be 0 for Laplace noise (use Gaussian noise for delta > 0). Provided value: NaN",
        () -> LAPLACE.addNoise(0L, 1, 1L, LN3, Double.NaN));
  }

  @Test
  void delta_zero_gaussian_throwsException() {
    assertMessage("delta must be > 0 and < 1. Provided value: 0.0", () -> GAUSSIAN.addNoise(0.0, 1, 1.0, LN3, 0));
  }

  @Test
  void delta_one_throwsException() {
    assertMessage("delta must be > 0 and < 1. Provided value: 1.0", () -> GAUSSIAN.addNoise(0.0, 1, 1.0, LN3, 1));
    assertMessage("delta must be >= 0 and < 1. Provided value: 1.0", () -> ZERO.addNoise(0.0, 1, 1.0, LN3, 1));
  }

  @Test
  void delta_nan_throwsException() {
    assertMessage("delta must be > 0 and < 1. Provided value: NaN",
        () -> GAUSSIAN.addNoise(0.0, 1, 1.0, LN3, Double.NaN));
    assertMessage("delta must be >= 0 and < 1. Provided value: NaN", () -> ZERO.addNoise(0.0, 1, 1.0, LN3, Double.NaN));
  }

  @Test
  void delta_negative_throwsException() {
    assertMessage("delta must be > 0 and < 1. Provided value: -0.1", () -> GAUSSIAN.addNoise(0.0, 1, 1.0, LN3, -0.1));
    assertMessage("delta must be >= 0 and < 1. Provided value: -0.1", () -> ZERO.addNoise(0.0, 1, 1.0, LN3, -0.1));
  }

  @Test
  void alpha_outOfRange_throwsException() {
    for (double alpha : new double[] {0, 1, -0.5, 2, Double.NaN}) {
      String expected = "alpha must be > 0 and < 1. Provided value: " + alpha;
      assertMessage(expected, () -> LAPLACE.confidenceInterval(0, 1, 1, LN3, 0, alpha));
      assertMessage(expected, () -> GAUSSIAN.confidenceInterval(0, 1, 1, LN3, 1e-5, alpha));
      assertMessage(expected, () -> ZERO.confidenceInterval(0, 1, 1, LN3, 0, alpha));
    }
  }

  @Test
  void value_nonFinite_throwsException() {
    for (Noise noise : List.of(LAPLACE, GAUSSIAN, ZERO)) {
      double delta = noise == LAPLACE ? 0 : 1e-5;
      assertMessage("value must be finite. Provided value: NaN", () -> noise.addNoise(Double.NaN, 1, 1.0, LN3, delta));
      assertMessage("value must be finite. Provided value: -Infinity",
          () -> noise.addNoise(Double.NEGATIVE_INFINITY, 1, 1.0, LN3, delta));
    }
  }

  @Test
  void source_null_throwsException() {
    assertMessage("bits must not be null. Provided value: null", () -> LaplaceNoise.withSource(null));
    assertMessage("bits must not be null. Provided value: null", () -> GaussianNoise.withSource(null));
    assertMessage("random must not be null. Provided value: null", () -> SecureBits.from(null));
  }

  @Test
  void confidenceInterval_reversedBounds_throwsException() {
    assertMessage("lowerBound must be <= upperBound and not NaN. Provided value: [2.0, 1.0]",
        () -> new ConfidenceInterval(2, 1));
  }
}
