package dev.veil.privacy.budget;

/**
 * The kind of a noise mechanism recorded in the budget ledger. The kind decides how a release is
 * accounted under each {@link Accountant}.
 *
 * <ul>
 *   <li>{@link #LAPLACE}, {@link #DISCRETE_LAPLACE}, {@link #PURE_DP}: pure {@code epsilon}-DP
 *       ({@code delta = 0}); also {@code rho = epsilon^2 / 2} zCDP (Bun and Steinke 2016, Prop. 1.4).
 *   <li>{@link #GAUSSIAN}: {@code (epsilon, delta)}-DP as calibrated, and exactly
 *       {@code rho = Delta^2 / (2 sigma^2)} zCDP for L2 sensitivity {@code Delta} and standard deviation
 *       {@code sigma} (Bun and Steinke 2016, Prop. 1.6; the discrete Gaussian satisfies the same,
 *       Canonne, Kamath and Steinke 2020).
 *   <li>{@link #APPROX_DP}: any other {@code (epsilon, delta)}-DP step without a zCDP bound (for
 *       example private partition selection by thresholding); the zCDP accountant adds it by basic
 *       composition.
 * </ul>
 */
public enum MechanismKind {
  LAPLACE(true),
  DISCRETE_LAPLACE(true),
  PURE_DP(true),
  GAUSSIAN(false),
  APPROX_DP(false);

  private final boolean pure;

  MechanismKind(boolean pure) {
    this.pure = pure;
  }

  /** True for mechanisms that are pure {@code epsilon}-DP ({@code delta = 0}). */
  public boolean isPure() {
    return pure;
  }

  /** True when the mechanism has a zCDP ({@code rho}) bound: every kind except {@link #APPROX_DP}. */
  public boolean hasZcdp() {
    return this != APPROX_DP;
  }
}
