package dev.veil.privacy.dp.aggregate;

import dev.veil.privacy.dp.DpPreconditions;
import java.io.Serializable;

/**
 * An (epsilon, delta) differential-privacy budget. {@code delta = 0} means pure epsilon-DP (there is no
 * "absent" delta). Immutable, thread-safe, serializable.
 *
 * @param epsilon {@code > 0} and finite (at least 2^-50)
 * @param delta {@code >= 0} and {@code < 1}
 */
public record PrivacyBudget(double epsilon, double delta) implements Serializable {
  /** Validates epsilon and delta with the messages of {@link DpPreconditions}. */
  public PrivacyBudget {
    DpPreconditions.checkEpsilon(epsilon);
    DpPreconditions.checkDelta(delta);
  }

  /** A budget of {@code epsilon} and {@code delta}. */
  public static PrivacyBudget of(double epsilon, double delta) {
    return new PrivacyBudget(epsilon, delta);
  }

  /** A pure epsilon-DP budget ({@code delta = 0}). */
  public static PrivacyBudget ofEpsilon(double epsilon) {
    return new PrivacyBudget(epsilon, 0);
  }

  /** This budget divided into {@code parts} equal parts (for mechanisms built from several noised values). */
  PrivacyBudget split(int parts) {
    return new PrivacyBudget(epsilon / parts, delta / parts);
  }
}
