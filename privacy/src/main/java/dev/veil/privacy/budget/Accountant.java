package dev.veil.privacy.budget;

/**
 * How the privacy loss of a dataset's releases is totalled. Each dataset's caps are enforced under
 * exactly one accountant (its {@link DatasetPolicy#accountant()}); {@code veil budget status} shows the
 * totals under both, recomputed from the recorded mechanisms.
 *
 * <ul>
 *   <li>{@link #BASIC}: sequential composition; {@code k} releases with {@code (epsilon_i, delta_i)} are
 *       {@code (sum epsilon_i, sum delta_i)}-DP (Dwork and Roth 2014, Thm 3.16; valid as a filter under
 *       adaptively chosen parameters, Rogers et al. 2016).
 *   <li>{@link #ZCDP}: zero-concentrated DP; the {@code rho} of every zCDP-expressible release add up
 *       (Bun and Steinke 2016, Lemma 2.3) and the total is converted once to {@code (epsilon, delta)} by
 *       {@link Accounting#zcdpToEpsilon} (the conversion of Canonne, Kamath and Steinke 2020); releases without a zCDP bound ({@link MechanismKind#APPROX_DP})
 *       are then added by basic composition. Much tighter than {@link #BASIC} for many Gaussian releases.
 * </ul>
 */
public enum Accountant {
  BASIC,
  ZCDP
}
