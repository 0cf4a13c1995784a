package dev.veil.privacy.dp.aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The noised quantile tree of one partition and metric, and the quantile estimates and confidence
 * intervals read from it. Package-private; not thread-safe (one instance per release).
 *
 * <p>Level {@code l} (1..h) has {@code b^l} nodes; node {@code (l, j)} covers the leaves
 * {@code [j b^(h-l), (j+1) b^(h-l))}. Each node is noised at most once, lazily, when first read; the
 * privacy cost of the whole tree is already charged (l0Sensitivity = L0 h), so reading more nodes costs
 * nothing. All results are post-processing of the noised node counts.
 *
 * <h2>Confidence interval</h2>
 * For rank {@code q}, let {@code N} be the number of values and {@code F(a)} the number of values in the
 * leaves left of leaf boundary {@code a}. For a boundary {@code a = (l, j)} (the start of node
 * {@code (l, j)}, {@code 0 < j < b^l}) the statistic {@code D(a) = (1-q) P(a) - q S(a)} uses the noised
 * counts of the canonical decomposition of the leaves left of {@code a} ({@code P}: at each level m <= l
 * the left siblings of the path to {@code (l, j)}) and right of it ({@code S}: the right siblings, plus node
 * {@code (l, j)} itself); its expectation is {@code F(a) - qN} and its noise a weighted sum of
 * {@code |P| + |S|} independent draws, bounded by {@code r(|P|, |S|)} = {@link
 * dev.veil.privacy.dp.NoiseTails#radius} at {@code beta = alpha / (2h)}.
 * <ul>
 *   <li>Lower bound: descend from the root; in the current node test its interior child boundaries left to
 *       right, keep the last one with {@code D(a) < -r} before the first that fails, and descend into the
 *       child starting there. {@code L} is the final start.
 *   <li>Upper bound: the mirror image with {@code D(a) > r}, scanning right to left; {@code U} is the end.
 * </ul>
 * Soundness: a true quantile {@code v} (any value with at most {@code qN} values below it and at least
 * {@code qN} values at or below it) satisfies {@code v >= a} whenever {@code F(a) < qN}, and {@code v < a}
 * whenever {@code F(a) > qN}. So {@code L > v} requires a test at a boundary {@code a >= a*} to pass
 * falsely, where {@code a*} is the smallest boundary with {@code F >= qN}; because each level scans in
 * order and stops at the first failure, that requires the test at {@code ceil_l(a*)} (the first level-l
 * grid point at or above {@code a*}) to pass for some level l: h fixed tests, each false with probability
 * at most {@code beta}. The same holds for {@code U}; so {@code [L, U]} contains every true quantile with
 * probability at least {@code 1 - 2h beta = 1 - alpha}. The interval is finally widened to contain the
 * point estimate (which keeps it sound) and by {@code (|lower| + |upper|) 2^-40} against the rounding of
 * the leaf assignment.
 */
final class NoisyQuantileTree {
  /** Noises one exact node count. */
  interface Noiser {
    double noised(long count);
  }

  /** The noise radius of {@code D(a)} with {@code nP} prefix and {@code nS} suffix draws. */
  interface Radius {
    double of(int nP, int nS);
  }

  private final int h;
  private final int b;
  private final double lower;
  private final double upper;
  private final long leaves;
  private final List<Map<Long, Long>> levels = new ArrayList<>();
  private final Noiser noiser;
  private final Map<Long, Double> noised = new HashMap<>();

  NoisyQuantileTree(Map<Integer, Long> leafCounts, int height, int branching, double lower, double upper,
      Noiser noiser) {
    this.h = height;
    this.b = branching;
    this.lower = lower;
    this.upper = upper;
    this.noiser = noiser;
    long n = 1;
    for (int l = 0; l < height; l++) {
      n *= branching;
    }
    this.leaves = n;
    for (int l = 0; l <= h; l++) {
      levels.add(new HashMap<>());
    }
    for (Map.Entry<Integer, Long> e : leafCounts.entrySet()) {
      long idx = e.getKey();
      for (int l = h; l >= 1; l--) {
        levels.get(l).merge(idx, e.getValue(), Long::sum);
        idx /= branching;
      }
    }
  }

  /** The raw noised count of node (level, idx) (may be negative), drawn on first use. */
  double raw(int level, long idx) {
    long key = ((long) level << 48) | idx;
    Double v = noised.get(key);
    if (v == null) {
      v = noiser.noised(levels.get(level).getOrDefault(idx, 0L));
      noised.put(key, v);
    }
    return v;
  }

  private double count(int level, long idx) {
    return Math.max(0.0, raw(level, idx));
  }

  /**
   * The quantile estimate for {@code rank}: descend from the root choosing the child where the rank's
   * share of the children's (non-negative) noised total falls, keeping the remaining fraction, and
   * interpolate linearly inside the final leaf (or inside a node whose children all have noised count 0).
   * Clamped to the bounds.
   */
  double quantile(double rank) {
    double frac = rank;
    long base = 0;
    double low = lower;
    double width = upper - lower;
    double[] counts = new double[b];
    for (int l = 1; l <= h; l++) {
      double childWidth = width / b;
      double total = 0;
      for (int k = 0; k < b; k++) {
        counts[k] = count(l, base * b + k);
        total += counts[k];
      }
      if (total <= 0) {
        return clamp(low + frac * width);
      }
      double target = frac * total;
      double cum = 0;
      int chosen = -1;
      for (int k = 0; k < b; k++) {
        if (counts[k] > 0 && cum + counts[k] >= target) {
          chosen = k;
          break;
        }
        cum += counts[k];
      }
      if (chosen < 0) { // rounding: target slightly above the total
        for (int k = b - 1; k >= 0; k--) {
          if (counts[k] > 0) {
            chosen = k;
            break;
          }
        }
        cum = total - counts[chosen];
      }
      frac = Math.max(0, Math.min(1, (target - cum) / counts[chosen]));
      base = base * b + chosen;
      low += chosen * childWidth;
      width = childWidth;
    }
    return clamp(low + frac * width);
  }

  /** The (1 - alpha) interval for {@code rank} given the radius function at beta = alpha / (2h). */
  double[] interval(double rank, double estimate, Radius radius) {
    long baseLow = descend(rank, radius, true);
    long baseHigh = descend(rank, radius, false);
    double leafWidth = (upper - lower) / leaves;
    double slack = (Math.abs(lower) + Math.abs(upper)) * 0x1p-40;
    double lo = baseLow == 0 ? lower : clamp(lower + baseLow * leafWidth - slack);
    double hi = baseHigh + 1 == leaves ? upper : clamp(lower + (baseHigh + 1) * leafWidth + slack);
    return new double[] {Math.min(lo, estimate), Math.max(hi, estimate)};
  }

  /**
   * One descent of the class comment; returns the final leaf index (its start is L, its end is U). At
   * level l, for the child boundary k of the current node, {@code P} is the sum of the left siblings of
   * the path's ancestors ({@code left}, {@code nLeft} nodes) plus children 0..k-1, and {@code S} the sum of
   * their right siblings plus children k..b-1 (equal to the decomposition of the leaves right of the
   * boundary: the right siblings at every level and the node starting at the boundary).
   */
  private long descend(double rank, Radius radius, boolean lowerBound) {
    long base = 0;
    double left = 0;
    double right = 0;
    int nLeft = 0;
    int nRight = 0;
    double[] c = new double[b];
    for (int l = 1; l <= h; l++) {
      double children = 0;
      for (int k = 0; k < b; k++) {
        c[k] = raw(l, base * b + k);
        children += c[k];
      }
      int chosen;
      if (lowerBound) {
        chosen = 0;
        double prefix = c[0];
        for (int k = 1; k < b; k++) {
          double d = (1 - rank) * (left + prefix) - rank * (right + children - prefix);
          if (d < -radius.of(nLeft + k, nRight + b - k)) {
            chosen = k;
            prefix += c[k];
          } else {
            break;
          }
        }
      } else {
        chosen = b - 1;
        double suffix = c[b - 1];
        for (int k = b - 1; k >= 1; k--) {
          double d = (1 - rank) * (left + children - suffix) - rank * (right + suffix);
          if (d > radius.of(nLeft + k, nRight + b - k)) {
            chosen = k - 1;
            suffix += c[k - 1];
          } else {
            break;
          }
        }
      }
      for (int k = 0; k < b; k++) {
        if (k < chosen) {
          left += c[k];
        } else if (k > chosen) {
          right += c[k];
        }
      }
      nLeft += chosen;
      nRight += b - 1 - chosen;
      base = base * b + chosen;
    }
    return base;
  }

  private double clamp(double v) {
    return Math.max(lower, Math.min(upper, v));
  }
}
