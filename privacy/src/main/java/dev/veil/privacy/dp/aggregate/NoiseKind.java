package dev.veil.privacy.dp.aggregate;

/**
 * The noise distribution added to every released aggregate of a {@link DpQuery}.
 *
 * <ul>
 *   <li>{@link #LAPLACE}: pure epsilon-DP for the metrics ({@code delta = 0}); noise scale grows with
 *       {@code L0 * Linf}. Best when each privacy unit contributes to few partitions.
 *   <li>{@link #GAUSSIAN}: (epsilon, delta)-DP, needs {@code delta > 0}; noise grows with
 *       {@code sqrt(L0) * Linf}, so it wins when {@code L0} is large.
 * </ul>
 * Both draw from {@code SecureRandom} through the secure samplers of {@code dev.veil.privacy.dp}.
 */
public enum NoiseKind {
  LAPLACE,
  GAUSSIAN
}
