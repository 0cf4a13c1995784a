package dev.veil.privacy.dp;

/**
 * Test-only access to the DP package: zero noise and deterministic randomness.
 *
 * <p><b>Never use in production.</b> Everything here voids the differential-privacy guarantee. Each
 * entry point needs the capability token {@link #FOR_TESTS_ONLY}, so every use is easy to find with
 * {@code grep -r FOR_TESTS_ONLY} and can be banned from production sources by a build rule.
 *
 * <p>Thread-safe (stateless).
 */
public final class DpTesting {
  /** The capability token; its name says what it is for. */
  public static final ForTestsOnly FOR_TESTS_ONLY = new ForTestsOnly();

  private DpTesting() {}

  /**
   * A {@link Noise} that returns values unchanged ({@link ZeroNoise}), for testing the deterministic
   * semantics of aggregations. It still validates all privacy parameters.
   */
  public static Noise zeroNoise(ForTestsOnly token) {
    DpPreconditions.checkNotNull(token, "token");
    return new ZeroNoise();
  }

  /** The capability type for test-only operations; its only instance is {@link #FOR_TESTS_ONLY}. */
  public static final class ForTestsOnly {
    private ForTestsOnly() {}

    @Override
    public String toString() {
      return "DpTesting.FOR_TESTS_ONLY";
    }
  }
}
