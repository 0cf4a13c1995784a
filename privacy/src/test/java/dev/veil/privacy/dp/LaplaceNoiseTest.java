package dev.veil.privacy.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Laplace noise: semantics and statistical tests on the real SecureRandom. Each statistical check has a
 * false-failure probability of about 5.7e-7 (see {@link Stats}); no sleeps, no timing assertions.
 */
class LaplaceNoiseTest {
  private static final int N = 100_000;
  private final Noise noise = LaplaceNoise.create();

  @Test
  void mechanism_isLaplace() {
    assertEquals("LAPLACE", noise.mechanism());
  }

  @Test
  void standardDeviation_isSqrt2TimesScale() {
    assertEquals(Math.sqrt(2) * 3 * 2.5 / 0.5, noise.standardDeviation(3, 2.5, 0.5, 0), 1e-12);
  }

  @Test
  void addNoise_double_sampleMeanAndVariance_matchTheory() {
    double b = 2.0; // l0 = 2, lInf = 1.5, epsilon = 1.5
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < N; i++) {
      double x = noise.addNoise(100.0, 2, 1.5, 1.5, 0) - 100.0;
      sum += x;
      sumSq += x * x;
    }
    double variance = 2 * b * b;
    Stats.assertWithin("mean", 0, sum / N, Math.sqrt(variance / N));
    // E[X^4] = 24 b^4 for Laplace, so Var(X^2) = 20 b^4
    Stats.assertWithin("variance", variance, sumSq / N, Math.sqrt(20 * Math.pow(b, 4) / N));
  }

  @Test
  void addNoise_double_isSymmetric() {
    long positive = 0;
    long negative = 0;
    for (int i = 0; i < N; i++) {
      double x = noise.addNoise(0.0, 1, 1.0, 1.0, 0);
      positive += x > 0 ? 1 : 0;
      negative += x < 0 ? 1 : 0;
    }
    // P(noise = 0) is about 2^-41, so each sign has probability 1/2
    Stats.assertFrequency("P(noise > 0)", 0.5, positive, N);
    Stats.assertFrequency("P(noise < 0)", 0.5, negative, N);
  }

  @Test
  void granularity_isSmallestPowerOfTwoAboveScaleTimes2PowMinus40() {
    assertEquals(0x1p-40, LaplaceNoise.granularity(1.0));
    assertEquals(0x1p-38, LaplaceNoise.granularity(3.0));
    assertEquals(0x1p10, LaplaceNoise.granularity(0x1p50));
    assertEquals(0x1p-8, LaplaceNoise.granularity(1 / Math.log(3) * 0x1p32)); // 0.91 * 2^-8 -> 2^-8
  }

  @Test
  void addNoise_double_resultIsMultipleOfGranularity() {
    for (int i = 0; i < 1000; i++) {
      double small = noise.addNoise(0.123456789, 1, 1.0, 1.0, 0);
      assertEquals(Math.rint(small / 0x1p-40), small / 0x1p-40, "scale 1: multiple of 2^-40");
      double large = noise.addNoise(12345.678, 1, 0x1p50, 1.0, 0);
      assertEquals(0.0, Math.abs(large % 1024.0), "scale 2^50: multiple of 2^10");
    }
  }

  @Test
  void addNoise_double_offLatticeInput_isRoundedOntoLattice() {
    // scale 2^50 -> granularity 1024: unless 1535 and 1537 are rounded to 1024 / 2048, the sum is off the lattice
    for (int i = 0; i < 100; i++) {
      assertEquals(0.0, Math.abs(noise.addNoise(1535.0, 1, 0x1p50, 1.0, 0) % 1024.0));
      assertEquals(0.0, Math.abs(noise.addNoise(1537.0, 1, 0x1p50, 1.0, 0) % 1024.0));
    }
  }

  @Test
  void addNoise_long_rateOne_matchesDiscreteLaplace() {
    // l0 = 1, lInf = 1, epsilon = 1: P(Z = z) = tanh(1/2) e^-|z|
    double p0 = Math.tanh(0.5);
    double second = 0;
    double fourth = 0;
    for (int k = 1; k < 200; k++) {
      double pk = p0 * Math.exp(-k);
      second += 2 * pk * k * k;
      fourth += 2 * pk * Math.pow(k, 4);
    }
    long zeros = 0;
    long ones = 0;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < N; i++) {
      long z = noise.addNoise(7L, 1, 1L, 1.0, 0) - 7L;
      zeros += z == 0 ? 1 : 0;
      ones += z == 1 ? 1 : 0;
      sum += z;
      sumSq += (double) z * z;
    }
    Stats.assertFrequency("P(Z=0)", p0, zeros, N);
    Stats.assertFrequency("P(Z=1)", p0 * Math.exp(-1), ones, N);
    Stats.assertWithin("mean", 0, sum / N, Math.sqrt(second / N));
    Stats.assertWithin("variance", second, sumSq / N, Math.sqrt((fourth - second * second) / N));
  }

  @Test
  void addNoise_long_largeScale_usesPowerOfTwoGranularity() {
    // scale 2^45 -> granularity 2^5 = 32
    for (int i = 0; i < 1000; i++) {
      assertEquals(0, Math.floorMod(noise.addNoise(3L, 1, 1L << 45, 1.0, 0), 32L));
    }
  }

  @Test
  void addNoise_long_nearMaxValue_saturatesInsteadOfOverflowing() {
    for (int i = 0; i < 1000; i++) {
      assertTrue(noise.addNoise(Long.MAX_VALUE - 2, 1, 1L, 1.0, 0) > Long.MAX_VALUE - 10_000);
      assertTrue(noise.addNoise(Long.MIN_VALUE + 2, 1, 1L, 1.0, 0) < Long.MIN_VALUE + 10_000);
    }
  }

  @Test
  void addNoise_double_hugeInput_keepsMagnitude() {
    double x = noise.addNoise(1e12, 1, 1.0, Math.log(3), 0);
    assertTrue(Math.abs(x - 1e12) < 100);
  }

  @Test
  void confidenceInterval_95percent_hasRadiusBLn20() {
    ConfidenceInterval ci = noise.confidenceInterval(5.0, 1, 1.0, 1.0, 0, 0.05);
    assertEquals(5 - Math.log(20), ci.lowerBound(), 1e-9);
    assertEquals(5 + Math.log(20), ci.upperBound(), 1e-9);
  }

  @Test
  void confidenceInterval_95percent_coversTrueValue() {
    long covered = 0;
    for (int i = 0; i < N; i++) {
      double noised = noise.addNoise(3.0, 1, 1.0, 1.0, 0);
      ConfidenceInterval ci = noise.confidenceInterval(noised, 1, 1.0, 1.0, 0, 0.05);
      covered += ci.lowerBound() <= 3.0 && 3.0 <= ci.upperBound() ? 1 : 0;
    }
    Stats.assertFrequency("coverage", 0.95, covered, N);
  }

  /** P(|Z| <= k) for the two-sided geometric of this rate, summed term by term from its pmf. */
  private static double coverage(long k, double rate) {
    double c = (1 - Math.exp(-rate)) / (1 + Math.exp(-rate));
    double p = c;
    for (long z = 1; z <= k; z++) p += 2 * c * Math.exp(-rate * z);
    return p;
  }

  @Test
  void confidenceRadius_integerPath_isTheSmallestLatticeRadiusWithTheNominalCoverage() {
    // count-like parameters: g = 1, rate = epsilon / (l0 linf); the continuous radius b ln(1/alpha) under-covers
    int[][] cases = {{2, 1}, {1, 1}, {4, 3}, {1, 10}};
    double[] epsilons = {0.5, 1.0, 0.1, 2.0};
    for (int i = 0; i < cases.length; i++) {
      for (double alpha : new double[] {0.05, 0.01, 0.0125}) {
        int l0 = cases[i][0];
        long linf = cases[i][1];
        double eps = epsilons[i];
        double rate = eps / (l0 * linf);
        double r = noise.confidenceRadius(l0, linf, eps, 0, alpha);
        long k = (long) r;
        assertEquals(k, r, 0.0, "an integer radius on the unit lattice");
        assertTrue(coverage(k, rate) >= 1 - alpha, "covers: k " + k + " rate " + rate + " alpha " + alpha);
        assertTrue(k == 0 || coverage(k - 1, rate) < 1 - alpha, "smallest: k " + k + " rate " + rate + " alpha " + alpha);
      }
    }
    // the case that exposed the gap: scale 4, 95%: the continuous radius 11.98 covers only P(|Z| <= 11) = 94.4%
    double continuous = noise.confidenceInterval(0, 2, 1, 0.5, 0, 0.05).upperBound();
    assertTrue(coverage((long) continuous, 0.25) < 0.95, "continuous radius " + continuous);
    assertEquals(12.0, noise.confidenceRadius(2, 1, 0.5, 0, 0.05));
  }

  @Test
  void confidenceRadius_coarseLattice_addsTheRoundingAllowance() {
    // huge sensitivity (fixed-point sums): g > 1, the radius is a multiple of g plus g / 2, at least the continuous one
    long linf = 1L << 50;
    double r = noise.confidenceRadius(1, linf, 1.0, 0, 0.05);
    double continuous = noise.confidenceInterval(0, 1, (double) linf, 1.0, 0, 0.05).upperBound();
    double g = LaplaceNoise.longLattice(1, linf, 1.0, 0)[0];
    assertTrue(g > 1, "g " + g);
    assertEquals(g / 2, r % g, 0.0);
    assertTrue(r >= continuous * (1 - 1e-9) && r <= continuous * 1.001, "radius " + r + " continuous " + continuous);
  }
}
