package dev.veil.privacy.dp.aggregate;

/**
 * How private partition selection decides whether to release a partition, from its number {@code n} of
 * distinct privacy units (after contribution bounding). See {@link PartitionSelector}.
 */
public enum SelectionMethod {
  /** Whichever of the two needs fewer units for a 50% chance of release, for the query's parameters. */
  AUTO,
  /**
   * The optimal truncated-geometric thresholding of Desfontaines, Voss, Gipson and Mandayam (PoPETs 2022),
   * with per-partition budget {@code (epsilon / L0, delta / L0)}. Best for small {@code L0}.
   */
  TRUNCATED_GEOMETRIC,
  /** Gaussian noise on {@code n} (L2 sensitivity {@code sqrt(L0)}) compared with a threshold set by delta. */
  GAUSSIAN_THRESHOLDING
}
