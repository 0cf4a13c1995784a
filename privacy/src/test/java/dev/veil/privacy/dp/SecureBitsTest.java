package dev.veil.privacy.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link SecureBits#nextLong(long)} and {@link SecureBits#nextBernoulli(double)}: ranges, edge cases and
 * frequencies (5-standard-error bounds, false failure about 5.7e-7 per check, 5 checks).
 */
class SecureBitsTest {
  static final int N = 100_000;
  private final SecureBits bits = SecureBits.system();

  @Test
  void nextLong_isUniformOnTheRange() {
    long[] counts = new long[3];
    for (int i = 0; i < N; i++) {
      long v = bits.nextLong(3);
      assertTrue(v >= 0 && v < 3);
      counts[(int) v]++;
    }
    for (long c : counts) {
      Stats.assertFrequency("P(v = k)", 1.0 / 3, c, N);
    }
    assertEquals(0, bits.nextLong(1));
    long big = (1L << 62) + 1; // rejection matters most for bounds near 2^63
    for (int i = 0; i < 1000; i++) {
      long v = bits.nextLong(big);
      assertTrue(v >= 0 && v < big);
    }
    assertEquals("bound must be >= 1. Provided value: 0",
        assertThrows(IllegalArgumentException.class, () -> bits.nextLong(0)).getMessage());
  }

  @Test
  void nextBernoulli_hasTheRequestedProbability() {
    long ones = 0;
    long rare = 0;
    for (int i = 0; i < N; i++) {
      ones += bits.nextBernoulli(0.3) ? 1 : 0;
      rare += bits.nextBernoulli(0.01) ? 1 : 0;
    }
    Stats.assertFrequency("P(true) for p = 0.3", 0.3, ones, N);
    Stats.assertFrequency("P(true) for p = 0.01", 0.01, rare, N);
    for (int i = 0; i < 100; i++) {
      assertFalse(bits.nextBernoulli(0));
      assertFalse(bits.nextBernoulli(Double.NaN));
      assertTrue(bits.nextBernoulli(1));
    }
  }
}
