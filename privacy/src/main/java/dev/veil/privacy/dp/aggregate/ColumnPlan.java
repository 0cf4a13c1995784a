package dev.veil.privacy.dp.aggregate;

import java.io.Serializable;

/**
 * How one value column is turned into exact integers (fixed point), derived from its bounds only.
 *
 * <p>Granularity: for a magnitude {@code M}, {@code g(M)} is the smallest power of two with
 * {@code M / g <= 2^31}; a value {@code v} becomes the long {@code round(v / g)} (division by a power of
 * two is exact, so the only rounding is one deterministic rounding per value). Each value is thus at
 * most {@code 2^31} units in absolute value, and its relative resolution is {@code 2^-31} of the bound
 * (about 5e-10), far finer than any useful noise. Sums of units are exact 128-bit integers
 * ({@link Int128}), so their result does not depend on the order of addition; the floating-point
 * rounding and re-ordering attacks on DP sums (Casacuberta et al., CCS 2022) therefore do not apply.
 *
 * <ul>
 *   <li>raw sum (SUM): units of {@code gRaw = g(max(|lower|, |upper|))}.
 *   <li>normalized sum (MEAN, VARIANCE, STDDEV): {@code v - midpoint}, units of {@code gNorm = g(halfWidth)},
 *       clamped to {@code [-mNorm, mNorm]} with {@code mNorm = ceil(halfWidth / gNorm)}.
 *   <li>normalized squares (VARIANCE, STDDEV): {@code (n gNorm)^2 - Q/2} for the normalized units n, with
 *       {@code Q = (mNorm gNorm)^2}, in units of {@code gSq = g(Q/2)}, clamped to {@code [-mSq, mSq]}.
 *   <li>quantile tree leaf: {@code floor((v - lower) / (upper - lower) * leaves)}, clamped to the leaves.
 * </ul>
 * Immutable, serializable.
 */
final class ColumnPlan implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int UNIT_BITS = 31;

  final String column;
  final Bounds bounds;
  final boolean raw;
  final boolean norm;
  final boolean squares;
  final boolean tree;
  final double gRaw;
  final long mRaw;
  final double midpoint;
  final double gNorm;
  final long mNorm;
  final double sqOffset;
  final double gSq;
  final long mSq;
  final int leaves;

  ColumnPlan(String column, Bounds bounds, boolean raw, boolean norm, boolean squares, boolean tree, int leaves) {
    this.column = column;
    this.bounds = bounds;
    this.raw = raw;
    this.norm = norm || squares;
    this.squares = squares;
    this.tree = tree;
    this.leaves = leaves;
    this.gRaw = granularity(bounds.maxAbs());
    this.mRaw = Math.max(Math.abs(Math.round(bounds.lower() / gRaw)), Math.abs(Math.round(bounds.upper() / gRaw)));
    this.midpoint = bounds.midpoint();
    this.gNorm = granularity(bounds.halfWidth());
    this.mNorm = (long) Math.ceil(bounds.halfWidth() / gNorm);
    double q = (double) mNorm * mNorm * gNorm * gNorm;
    this.sqOffset = q / 2;
    this.gSq = granularity(sqOffset);
    this.mSq = (long) Math.ceil(sqOffset / gSq);
  }

  /** The smallest power of two {@code g} with {@code magnitude / g <= 2^31} (1 for a zero magnitude). */
  static double granularity(double magnitude) {
    if (!(magnitude > 0)) {
      return 1;
    }
    double g = Math.scalb(1.0, Math.getExponent(magnitude) - UNIT_BITS);
    while (magnitude / g > 0x1p31) {
      g *= 2;
    }
    return Math.max(g, Double.MIN_NORMAL);
  }

  long rawUnits(double clamped) {
    return Math.max(-mRaw, Math.min(mRaw, Math.round(clamped / gRaw)));
  }

  long normUnits(double clamped) {
    return Math.max(-mNorm, Math.min(mNorm, Math.round((clamped - midpoint) / gNorm)));
  }

  long squareUnits(long normUnits) {
    double q = (double) normUnits * normUnits * gNorm * gNorm; // one deterministic rounding per value
    return Math.max(-mSq, Math.min(mSq, Math.round((q - sqOffset) / gSq)));
  }

  int leaf(double clamped) {
    int i = (int) Math.floor((clamped - bounds.lower()) / (bounds.upper() - bounds.lower()) * leaves);
    return Math.max(0, Math.min(leaves - 1, i));
  }
}
