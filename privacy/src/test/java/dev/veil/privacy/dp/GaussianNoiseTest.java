package dev.veil.privacy.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gaussian noise: analytic-Gaussian calibration and statistical tests on the real SecureRandom (each
 * statistical check has a false-failure probability of about 5.7e-7, see {@link Stats}).
 */
class GaussianNoiseTest {
  private static final int N = 100_000;
  private final Noise noise = GaussianNoise.create();

  @Test
  void mechanism_isGaussian() {
    assertEquals("GAUSSIAN", noise.mechanism());
  }

  @Test
  void sigma_epsilon1Delta1e5_isAbout3_73() {
    double sigma = noise.standardDeviation(1, 1.0, 1.0, 1e-5);
    assertEquals(3.73, sigma, 0.005);
    assertTrue(GaussianNoise.delta(sigma, 1, 1) <= 1e-5);
    assertTrue(GaussianNoise.delta(sigma * 0.999, 1, 1) > 1e-5);
    assertTrue(GaussianNoise.delta(Math.nextDown(sigma), 1, 1) > 1e-5, "smallest double satisfying the condition");
  }

  @ParameterizedTest
  @CsvSource({
    "1.0986122886681098, 1e-5, 1.0",
    "0.01, 1e-5, 1.0",
    "1e-6, 1e-5, 1.0",
    "5.0, 1e-5, 1.0",
    "50.0, 1e-10, 1.0",
    "1.0, 1e-10, 3.0",
    "1.0, 0.5, 1.0",
    "0.1, 1e-3, 1000.0"
  })
  void sigma_isTightForDeltaCondition(double epsilon, double delta, double l2) {
    double sigma = GaussianNoise.sigma(l2, epsilon, delta);
    assertTrue(Double.isFinite(sigma) && sigma > 0);
    assertTrue(GaussianNoise.delta(sigma, l2, epsilon) <= delta);
    assertTrue(GaussianNoise.delta(sigma * 0.999, l2, epsilon) > delta);
    if (epsilon < 1) {
      // the analytic sigma never exceeds the classic bound sqrt(2 ln(1.25/delta)) l2 / epsilon
      assertTrue(sigma <= Math.sqrt(2 * Math.log(1.25 / delta)) * l2 / epsilon);
    }
  }

  @Test
  void delta_isDecreasingInSigma() {
    double previous = 1;
    for (double sigma = 0.05; sigma < 20; sigma *= 1.1) {
      double d = GaussianNoise.delta(sigma, 1, 1);
      assertTrue(d >= 0 && d <= previous, "sigma " + sigma + ": " + d + " > " + previous);
      previous = d;
    }
  }

  @Test
  void standardDeviation_usesL2SensitivitySqrtL0TimesLInf() {
    assertEquals(noise.standardDeviation(1, 2.0, 1.0, 1e-5), noise.standardDeviation(4, 1.0, 1.0, 1e-5), 1e-9);
  }

  @Test
  void addNoise_double_sampleMeanAndVariance_matchTheory() {
    double sigma = noise.standardDeviation(1, 1.0, Math.log(3), 1e-5);
    double variance = sigma * sigma;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < N; i++) {
      double x = noise.addNoise(-50.0, 1, 1.0, Math.log(3), 1e-5) + 50.0;
      sum += x;
      sumSq += x * x;
    }
    Stats.assertWithin("mean", 0, sum / N, Math.sqrt(variance / N));
    // Var(X^2) = 2 sigma^4 for a Gaussian
    Stats.assertWithin("variance", variance, sumSq / N, variance * Math.sqrt(2.0 / N));
  }

  @Test
  void addNoise_double_isSymmetric() {
    long positive = 0;
    for (int i = 0; i < N; i++) {
      positive += noise.addNoise(0.0, 1, 1.0, 1.0, 1e-5) > 0 ? 1 : 0;
    }
    Stats.assertFrequency("P(noise > 0)", 0.5, positive, N);
  }

  @Test
  void addNoise_long_smallSigma_hasDiscreteGaussianVariance() {
    double sigma = noise.standardDeviation(1, 1.0, 1.0, 1e-5);
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < N; i++) {
      long z = noise.addNoise(0L, 1, 1L, 1.0, 1e-5);
      sum += z;
      sumSq += (double) z * z;
    }
    // at sigma = 3.73 the discrete Gaussian's variance equals sigma^2 up to ~e^(-2 pi^2 sigma^2)
    double variance = sigma * sigma;
    Stats.assertWithin("mean", 0, sum / N, Math.sqrt(variance / N));
    Stats.assertWithin("variance", variance, sumSq / N, variance * Math.sqrt(2.0 / N));
  }

  @Test
  void addNoise_double_resultIsMultipleOfGranularity() {
    double sigma = noise.standardDeviation(1, 0x1p50, 1.0, 1e-5); // about 3.7 * 2^50 -> granularity 2^12
    double g = DpPreconditions.ceilPowerOfTwo(Math.scalb(sigma, -40));
    assertEquals(0x1p12, g);
    for (int i = 0; i < 1000; i++) {
      assertEquals(0.0, Math.abs(noise.addNoise(1234.5, 1, 0x1p50, 1.0, 1e-5) % g));
      assertEquals(0, Math.floorMod(noise.addNoise(1234L, 1, 1L << 50, 1.0, 1e-5), (long) g));
    }
  }

  @Test
  void confidenceInterval_95percent_coversTrueValue() {
    ConfidenceInterval fixed = noise.confidenceInterval(0, 1, 1.0, 1.0, 1e-5, 0.05);
    double sigma = noise.standardDeviation(1, 1.0, 1.0, 1e-5);
    assertEquals(1.959963984540054 * sigma, fixed.upperBound(), 1e-6);
    long covered = 0;
    for (int i = 0; i < N; i++) {
      double noised = noise.addNoise(3.0, 1, 1.0, 1.0, 1e-5);
      ConfidenceInterval ci = noise.confidenceInterval(noised, 1, 1.0, 1.0, 1e-5, 0.05);
      covered += ci.lowerBound() <= 3.0 && 3.0 <= ci.upperBound() ? 1 : 0;
    }
    Stats.assertFrequency("coverage", 0.95, covered, N);
  }
}
