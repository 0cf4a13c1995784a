package dev.veil.privacy.dp;

/**
 * A closed interval {@code [lowerBound, upperBound]} that contains the true (pre-noise) value with at
 * least the requested confidence {@code 1 - alpha}, accounting for the added noise only (not for
 * contribution bounding or clamping). Immutable and thread-safe.
 */
public record ConfidenceInterval(double lowerBound, double upperBound) {
  /** Checks {@code lowerBound <= upperBound} and that neither is NaN. */
  public ConfidenceInterval {
    if (Double.isNaN(lowerBound) || Double.isNaN(upperBound) || lowerBound > upperBound) {
      throw new IllegalArgumentException(
          "lowerBound must be <= upperBound and not NaN. Provided value: [" + lowerBound + ", " + upperBound + "]");
    }
  }
}
