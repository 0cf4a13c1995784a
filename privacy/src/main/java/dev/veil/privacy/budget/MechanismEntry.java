package dev.veil.privacy.budget;

import dev.veil.privacy.dp.DpPreconditions;
import java.util.Objects;

/**
 * One noise mechanism of a release (one metric, or the partition-selection step), as recorded in the
 * budget ledger: enough to recompute the release's cost under every {@link Accountant}.
 *
 * <p>Privacy guarantee recorded: the mechanism is {@code (epsilon, delta)}-DP with respect to the
 * dataset's privacy unit, and, when {@link #kind()} has a zCDP bound, {@link #rho()}-zCDP. The ledger
 * trusts these numbers: the caller (the DP aggregation) is responsible for recording the parameters the
 * noise was actually calibrated with, after contribution bounding.
 *
 * <p>{@code l2Sensitivity} and {@code sigma} are meaningful only for {@link MechanismKind#GAUSSIAN} and
 * are {@code 0} for every other kind. Immutable and thread-safe; validated when constructed.
 *
 * @param label what the mechanism released, e.g. {@code "count"}, {@code "sum(x)"},
 *     {@code "partition-selection"} (1..200 characters; never record values)
 * @param kind the mechanism kind
 * @param epsilon the epsilon the mechanism was calibrated for
 * @param delta the delta (0 for pure mechanisms)
 * @param l2Sensitivity the L2 sensitivity {@code Delta} (Gaussian only)
 * @param sigma the noise standard deviation (Gaussian only)
 */
public record MechanismEntry(String label, MechanismKind kind, double epsilon, double delta, double l2Sensitivity,
    double sigma) {

  /** Validates every field; see the class documentation. */
  public MechanismEntry {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(kind, "kind");
    if (label.isBlank() || label.length() > 200) {
      throw new IllegalArgumentException("label must be 1..200 characters, not blank. Provided length: " + label.length());
    }
    DpPreconditions.checkEpsilon(epsilon);
    if (kind.isPure()) {
      if (delta != 0) {
        throw new IllegalArgumentException("delta must be 0 for a pure mechanism (" + kind + "). Provided value: " + delta);
      }
    } else if (kind == MechanismKind.GAUSSIAN) {
      DpPreconditions.checkDeltaPositive(delta);
    } else {
      DpPreconditions.checkDelta(delta);
    }
    if (kind == MechanismKind.GAUSSIAN) {
      if (!(l2Sensitivity > 0) || !Double.isFinite(l2Sensitivity)) {
        throw new IllegalArgumentException("l2Sensitivity must be > 0 and finite. Provided value: " + l2Sensitivity);
      }
      if (!(sigma > 0) || !Double.isFinite(sigma)) {
        throw new IllegalArgumentException("sigma must be > 0 and finite. Provided value: " + sigma);
      }
    } else if (l2Sensitivity != 0 || sigma != 0) {
      throw new IllegalArgumentException("l2Sensitivity and sigma are recorded only for GAUSSIAN; must be 0 for " + kind
          + ". Provided values: " + l2Sensitivity + ", " + sigma);
    }
  }

  /** A Laplace release (pure {@code epsilon}-DP). */
  public static MechanismEntry laplace(String label, double epsilon) {
    return new MechanismEntry(label, MechanismKind.LAPLACE, epsilon, 0, 0, 0);
  }

  /** A discrete-Laplace release (pure {@code epsilon}-DP). */
  public static MechanismEntry discreteLaplace(String label, double epsilon) {
    return new MechanismEntry(label, MechanismKind.DISCRETE_LAPLACE, epsilon, 0, 0, 0);
  }

  /**
   * A Gaussian release calibrated for {@code (epsilon, delta)} with L2 sensitivity {@code l2Sensitivity}
   * and standard deviation {@code sigma}.
   */
  public static MechanismEntry gaussian(String label, double epsilon, double delta, double l2Sensitivity, double sigma) {
    return new MechanismEntry(label, MechanismKind.GAUSSIAN, epsilon, delta, l2Sensitivity, sigma);
  }

  /** Any other {@code (epsilon, delta)}-DP step without a zCDP bound, e.g. private partition selection. */
  public static MechanismEntry approximate(String label, double epsilon, double delta) {
    return new MechanismEntry(label, MechanismKind.APPROX_DP, epsilon, delta, 0, 0);
  }

  /**
   * The zCDP parameter: {@code epsilon^2 / 2} for pure mechanisms, {@code Delta^2 / (2 sigma^2)} for
   * Gaussian, and {@code NaN} for {@link MechanismKind#APPROX_DP} (no zCDP bound).
   */
  public double rho() {
    if (kind.isPure()) return epsilon * epsilon / 2;
    if (kind == MechanismKind.GAUSSIAN) return l2Sensitivity * l2Sensitivity / (2 * sigma * sigma);
    return Double.NaN;
  }
}
