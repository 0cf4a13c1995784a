package dev.veil.privacy.dp;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Helpers for the statistical tests. Every check is a two-sided normal-approximation bound at
 * {@link #Z} standard errors: a false failure has probability about 5.7e-7 per check (below 1e-6), so
 * the whole suite (fewer than 175 such checks, 84 of them in {@link ClosenessVectorsTest}) fails spuriously
 * with probability below 1e-4.
 */
final class Stats {
  /** Two-sided P(|N(0,1)| > 5) = 5.7e-7. */
  static final double Z = 5.0;

  private Stats() {}

  /** Asserts |observed - expected| <= Z * standardError. */
  static void assertWithin(String what, double expected, double observed, double standardError) {
    double bound = Z * standardError;
    assertTrue(Math.abs(observed - expected) <= bound,
        what + ": expected " + expected + " +- " + bound + " (5 standard errors), observed " + observed);
  }

  /** Asserts a frequency count / n is within Z binomial standard errors of p. */
  static void assertFrequency(String what, double p, long count, long n) {
    assertWithin(what, p, (double) count / n, Math.sqrt(p * (1 - p) / n));
  }
}
