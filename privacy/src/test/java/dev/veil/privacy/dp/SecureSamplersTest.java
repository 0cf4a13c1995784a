package dev.veil.privacy.dp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Statistical tests of the bit-level samplers, on the real SecureRandom (see {@link Stats} for the error
 * rate; 23 checks, so a spurious failure of this class has probability below 1.4e-5).
 */
class SecureSamplersTest {
  private static final int N = 200_000;
  private final SecureBits bits = SecureBits.system();

  @Test
  void bernoulli_frequencyMatchesProbability() {
    for (double p : new double[] {0.3, 0.5, 1.0 / 3, 0.999}) {
      SecureBits.BitStream s = bits.stream();
      long hits = 0;
      for (int i = 0; i < N; i++) {
        hits += SecureSamplers.bernoulli(p, s) ? 1 : 0;
      }
      Stats.assertFrequency("Bernoulli(" + p + ")", p, hits, N);
    }
  }

  @Test
  void bernoulli_extremes_areExact() {
    SecureBits.BitStream s = bits.stream();
    for (int i = 0; i < 10_000; i++) {
      assertFalse(SecureSamplers.bernoulli(0, s));
      assertFalse(SecureSamplers.bernoulli(Double.MIN_VALUE, s)); // P(true) = 2^-1074
      assertTrue(SecureSamplers.bernoulli(1, s));
    }
  }

  @Test
  void bernoulliExp_hasProbabilityEToTheMinusX_onBothSidesOfHalf() {
    // 0.6931 and 0.6932 are the shortcut's limits; 0.69315 is between them (no shortcut)
    for (double x : new double[] {0.0, 0.1, 0.6931, 0.69315, 0.6932, 2.0}) {
      SecureBits.BitStream s = bits.stream();
      long hits = 0;
      for (int i = 0; i < N; i++) {
        hits += SecureSamplers.bernoulliExp(x, s) ? 1 : 0;
      }
      Stats.assertFrequency("Bernoulli(e^-" + x + ")", Math.exp(-x), hits, N);
    }
  }

  @Test
  void geometric_rateLn2_isFairCoinCount() {
    // rate ln 2: P(X = k) = 2^-(k+1), so P(X = 0) = 1/2, P(X = 1) = 1/4, mean 1
    SecureBits.BitStream s = bits.stream();
    long zeros = 0;
    long ones = 0;
    double sum = 0;
    for (int i = 0; i < N; i++) {
      long x = SecureSamplers.geometric(Math.log(2), s);
      zeros += x == 0 ? 1 : 0;
      ones += x == 1 ? 1 : 0;
      sum += x;
    }
    Stats.assertFrequency("P(X=0)", 0.5, zeros, N);
    Stats.assertFrequency("P(X=1)", 0.25, ones, N);
    Stats.assertWithin("mean", 1.0, sum / N, Math.sqrt(2.0 / N)); // variance (1-p)/p^2 = 2
  }

  @Test
  void geometric_smallRate_matchesTheCdfAcrossBlocks() {
    // rate 1/1000: blocks of m = 512 values (the largest power of two with m rate <= ln 2); the CDF
    // P(X <= c) = 1 - e^(-rate (c + 1)) is checked inside the first block, at and across block edges
    double rate = 1e-3;
    long[] cuts = {0, 100, 511, 512, 700, 1023, 3000};
    long[] below = new long[cuts.length];
    double sum = 0;
    SecureBits.BitStream s = bits.stream();
    for (int i = 0; i < N; i++) {
      long x = SecureSamplers.geometric(rate, s);
      sum += x;
      for (int c = 0; c < cuts.length; c++) {
        below[c] += x <= cuts[c] ? 1 : 0;
      }
    }
    for (int c = 0; c < cuts.length; c++) {
      Stats.assertFrequency("P(X <= " + cuts[c] + ")", -Math.expm1(-rate * (cuts[c] + 1)), below[c], N);
    }
    double q = Math.exp(-rate);
    Stats.assertWithin("mean", q / (1 - q), sum / N, Math.sqrt(q / ((1 - q) * (1 - q)) / N));
  }

  @Test
  void discreteGaussian_smallSigma_matchesExactPmf() {
    double sigma = 1.5;
    double norm = 0;
    for (int k = -60; k <= 60; k++) {
      norm += Math.exp(-k * k / (2 * sigma * sigma));
    }
    SecureBits.BitStream s = bits.stream();
    long zeros = 0;
    long twos = 0;
    for (int i = 0; i < N; i++) {
      long x = SecureSamplers.discreteGaussian(sigma, s);
      zeros += x == 0 ? 1 : 0;
      twos += x == 2 ? 1 : 0;
    }
    Stats.assertFrequency("P(Z=0)", 1 / norm, zeros, N);
    Stats.assertFrequency("P(Z=2)", Math.exp(-4 / (2 * sigma * sigma)) / norm, twos, N);
  }
}
