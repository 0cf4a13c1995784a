package dev.veil.privacy.dp.aggregate;

import dev.veil.privacy.dp.ConfidenceInterval;
import dev.veil.privacy.dp.Noise;
import dev.veil.privacy.dp.NoiseTails;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How one metric is released from a {@link PartitionAccumulator}: which exact integers are noised, with
 * which sensitivities and budget parts. With {@code L0} partitions per unit and {@code Linf} records per
 * partition (all noise calls use l0Sensitivity = L0 unless stated):
 *
 * <ul>
 *   <li>COUNT: records, lInf = Linf, whole budget.
 *   <li>COUNT_DISTINCT_UNITS: units, lInf = 1, whole budget.
 *   <li>SUM: raw fixed-point sum, lInf = Linf * mRaw units, whole budget; result times gRaw.
 *   <li>MEAN (Google's BoundedMean approach): budget halved between the count of finite values (lInf = Linf)
 *       and the normalized sum of {@code v - midpoint} (lInf = Linf * mNorm); mean =
 *       {@code midpoint + noisedSum / max(1, noisedCount)}, clamped to the bounds.
 *   <li>VARIANCE / STDDEV: budget in thirds: count, normalized sum, normalized sum of squares
 *       (lInf = Linf * mSq); variance = {@code E[(v-mid)^2] - E[v-mid]^2}, clamped to
 *       {@code [0, halfWidth^2]}; stddev = its square root.
 *   <li>QUANTILES: every node count of the tree, l0Sensitivity = L0 * height, lInf = Linf, whole budget
 *       (a unit's value touches one node per level). Each rank's 95% interval comes from tests on
 *       prefix/suffix sums of the noised node counts ({@link NoisyQuantileTree}).
 * </ul>
 * Noise on integers uses the long path of the mechanisms (exact discrete noise). Confidence intervals are
 * for 95%: components of MEAN (2) and VARIANCE (3) each get {@code alpha / k} (union bound). Immutable;
 * thread-safe given a thread-safe {@link Mechanisms}.
 */
final class MetricPlan implements Serializable {
  private static final long serialVersionUID = 1L;
  static final double ALPHA = 0.05;

  private final Metric metric;
  private final int columnIndex;
  private final ColumnPlan column;
  private final PrivacyBudget budget;
  private final NoiseKind noiseKind;
  private final int l0;
  private final int lInf;
  private final int treeHeight;
  private final int branching;

  MetricPlan(DpQuery q, Metric metric, int columnIndex, ColumnPlan column) {
    this.metric = metric;
    this.columnIndex = columnIndex;
    this.column = column;
    this.budget = q.allocation().get(metric.name());
    this.noiseKind = q.noiseKind();
    this.l0 = q.maxPartitionsContributed();
    this.lInf = q.maxContributionsPerPartition();
    this.treeHeight = q.treeHeight();
    this.branching = q.branchingFactor();
  }

  /** Builds every plan of {@code q} and computes its noise scales, which fails on overflowing sensitivities. */
  static void validateAll(DpQuery q) {
    Noise laplaceOrGaussian = Mechanisms.secure().noise(q.noiseKind());
    for (MetricPlan p : DpAggregator.plans(q, DpAggregator.columnPlans(q))) {
      p.checkScales(laplaceOrGaussian);
    }
    if (q.selectionBudget().isPresent()) {
      new PartitionSelector(q.selectionBudget().get(), q.maxPartitionsContributed(), q.selection().method());
    }
  }

  private void checkScales(Noise noise) {
    for (long[] c : components()) {
      PrivacyBudget b = part();
      noise.standardDeviation((int) c[0], (double) c[1], b.epsilon(), b.delta());
    }
  }

  /** {l0Sensitivity, lInfSensitivity} of each noised component. */
  private List<long[]> components() {
    List<long[]> out = new ArrayList<>();
    switch (metric.kind()) {
      case COUNT -> out.add(new long[] {l0, lInf});
      case COUNT_DISTINCT_UNITS -> out.add(new long[] {l0, 1});
      case SUM -> out.add(new long[] {l0, (long) lInf * column.mRaw});
      case MEAN -> {
        out.add(new long[] {l0, lInf});
        out.add(new long[] {l0, (long) lInf * column.mNorm});
      }
      case VARIANCE, STDDEV -> {
        out.add(new long[] {l0, lInf});
        out.add(new long[] {l0, (long) lInf * column.mNorm});
        out.add(new long[] {l0, (long) lInf * column.mSq});
      }
      case QUANTILES -> out.add(new long[] {(long) l0 * treeHeight, lInf});
    }
    return out;
  }

  /** The budget of one noised component. */
  private PrivacyBudget part() {
    return switch (metric.kind()) {
      case MEAN -> budget.split(2);
      case VARIANCE, STDDEV -> budget.split(3);
      default -> budget;
    };
  }

  /** A noised integer in units, its noise sd and a (1 - alpha) interval. */
  private record Noised(double value, double sd, double lo, double hi) {}

  /**
   * One noised component with its own noise instance, and its standard deviation and confidence radius,
   * which depend on the parameters only and are computed once.
   */
  private record Component(Noise noise, int l0s, long lInfs, PrivacyBudget b, double sd, double radius) {
    Noised noised(long value) {
      long n = noise.addNoise(value, l0s, lInfs, b.epsilon(), b.delta());
      return new Noised(n, sd, n - radius, n + radius);
    }
  }

  private transient volatile Component[] cache;

  private Component[] components(Mechanisms mechanisms) {
    Component[] c = cache;
    if (c == null) {
      List<long[]> comps = components();
      int k = comps.size();
      double alpha = ALPHA / k; // union bound over the components of MEAN / VARIANCE
      PrivacyBudget b = part();
      c = new Component[k];
      for (int i = 0; i < k; i++) {
        Noise noise = mechanisms.newNoise(noiseKind);
        int l0s = (int) comps.get(i)[0];
        long lInfs = comps.get(i)[1];
        double sd = noise.standardDeviation(l0s, (double) lInfs, b.epsilon(), b.delta());
        // the releases below use the integer path: its lattice noise needs the exact discrete radius
        double radius = noise.confidenceRadius(l0s, lInfs, b.epsilon(), b.delta(), alpha);
        c[i] = new Component(noise, l0s, lInfs, b, sd, radius);
      }
      cache = c;
    }
    return c;
  }

  void release(PartitionAccumulator acc, Mechanisms mechanisms, List<MetricValue> out) {
    Component[] comps = components(mechanisms);
    String name = metric.name();
    switch (metric.kind()) {
      case COUNT, COUNT_DISTINCT_UNITS -> {
        long v = metric.kind() == MetricKind.COUNT ? acc.records : acc.units;
        Noised n = comps[0].noised(v);
        out.add(new MetricValue(name, Math.max(0, n.value), n.sd,
            new ConfidenceInterval(Math.max(0, n.lo), Math.max(0, n.hi))));
      }
      case SUM -> {
        PartitionAccumulator.Column c = acc.columns[columnIndex];
        Noised n = comps[0].noised(c.rawSum.saturatedLong());
        double g = column.gRaw;
        double min = column.bounds.lower() >= 0 ? 0 : Double.NEGATIVE_INFINITY;
        double max = column.bounds.upper() <= 0 ? 0 : Double.POSITIVE_INFINITY;
        out.add(new MetricValue(name, clamp(n.value * g, min, max), n.sd * g,
            new ConfidenceInterval(clamp(n.lo * g, min, max), clamp(n.hi * g, min, max))));
      }
      case MEAN -> out.add(mean(acc.columns[columnIndex], comps));
      case VARIANCE, STDDEV -> out.add(variance(acc.columns[columnIndex], comps));
      case QUANTILES -> quantiles(acc.columns[columnIndex], comps[0], out);
    }
  }

  private static double clamp(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }

  private MetricValue mean(PartitionAccumulator.Column c, Component[] comps) {
    Noised count = comps[0].noised(c.count);
    Noised sum = comps[1].noised(c.normSum.saturatedLong());
    double g = column.gNorm;
    double mid = column.midpoint;
    Bounds bounds = column.bounds;
    double denom = Math.max(1, count.value);
    double normMean = sum.value * g / denom;
    double mean = clamp(mid + normMean, bounds.lower(), bounds.upper());
    double sd = Math.sqrt(sum.sd * g * sum.sd * g + normMean * normMean * count.sd * count.sd) / denom;
    double[] r = ratioRange(sum.lo * g, sum.hi * g, Math.max(1, count.lo), Math.max(1, count.hi));
    ConfidenceInterval ci = new ConfidenceInterval(clamp(mid + r[0], bounds.lower(), bounds.upper()),
        clamp(mid + r[1], bounds.lower(), bounds.upper()));
    return new MetricValue(metric.name(), mean, sd, ci);
  }

  private MetricValue variance(PartitionAccumulator.Column c, Component[] comps) {
    Noised count = comps[0].noised(c.count);
    Noised sum = comps[1].noised(c.normSum.saturatedLong());
    Noised sq = comps[2].noised(c.squareSum.saturatedLong());
    double gN = column.gNorm;
    double gS = column.gSq;
    double off = column.sqOffset;
    double maxVar = column.bounds.halfWidth() * column.bounds.halfWidth();
    double denom = Math.max(1, count.value);
    double m1 = sum.value * gN / denom;
    double m2 = sq.value * gS / denom + off;
    double var = clamp(m2 - m1 * m1, 0, maxVar);
    // delta method: V = Sq gS / c + off - (S gN / c)^2
    double dSq = gS / denom;
    double dS = -2 * m1 * gN / denom;
    double dC = (-(m2 - off) + 2 * m1 * m1) / denom;
    double sdVar = Math.sqrt(Math.pow(dSq * sq.sd, 2) + Math.pow(dS * sum.sd, 2) + Math.pow(dC * count.sd, 2));
    double cLo = Math.max(1, count.lo);
    double cHi = Math.max(1, count.hi);
    double[] m1r = ratioRange(sum.lo * gN, sum.hi * gN, cLo, cHi);
    double[] m2r = ratioRange(sq.lo * gS, sq.hi * gS, cLo, cHi);
    double m1sqLo = m1r[0] <= 0 && m1r[1] >= 0 ? 0 : Math.min(m1r[0] * m1r[0], m1r[1] * m1r[1]);
    double m1sqHi = Math.max(m1r[0] * m1r[0], m1r[1] * m1r[1]);
    double vLo = clamp(m2r[0] + off - m1sqHi, 0, maxVar);
    double vHi = clamp(m2r[1] + off - m1sqLo, 0, maxVar);
    if (metric.kind() == MetricKind.VARIANCE) {
      return new MetricValue(metric.name(), var, sdVar, new ConfidenceInterval(vLo, vHi));
    }
    double sd = var > 0 ? sdVar / (2 * Math.sqrt(var)) : Math.sqrt(sdVar);
    return new MetricValue(metric.name(), Math.sqrt(var), sd, new ConfidenceInterval(Math.sqrt(vLo), Math.sqrt(vHi)));
  }

  /** The range of s / c over s in [sLo, sHi], c in [cLo, cHi] with 0 < cLo <= cHi (extremes at corners). */
  private static double[] ratioRange(double sLo, double sHi, double cLo, double cHi) {
    double a = sLo / cLo;
    double b = sLo / cHi;
    double c = sHi / cLo;
    double d = sHi / cHi;
    return new double[] {Math.min(Math.min(a, b), Math.min(c, d)), Math.max(Math.max(a, b), Math.max(c, d))};
  }

  /**
   * Quantiles from the tree ({@link NoisyQuantileTree}): each node read is noised once (the same noised
   * tree serves every rank and its interval). Results are clamped to the bounds and made non-decreasing
   * in the rank; each rank gets its own 95% confidence interval (not simultaneous over the ranks).
   */
  private void quantiles(PartitionAccumulator.Column c, Component comp, List<MetricValue> out) {
    NoisyQuantileTree tree = new NoisyQuantileTree(c.leaves, treeHeight, branching, column.bounds.lower(),
        column.bounds.upper(), count -> (double) comp.noise().addNoise(count, comp.l0s(), comp.lInfs(),
            comp.b().epsilon(), comp.b().delta()));
    List<Double> ranks = metric.ranks();
    Integer[] order = new Integer[ranks.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(ranks.get(x), ranks.get(y)));
    double[] values = new double[ranks.size()];
    double previous = column.bounds.lower();
    for (int oi : order) {
      double result = Math.max(previous, tree.quantile(ranks.get(oi)));
      previous = result;
      values[oi] = result;
    }
    double beta = ALPHA / (2.0 * treeHeight);
    for (int i = 0; i < values.length; i++) {
      double rank = ranks.get(i);
      double[] ci = tree.interval(rank, values[i], (nP, nS) -> radius(comp, rank, nP, nS, beta));
      out.add(new MetricValue(metric.name() + "[" + rank + "]", values[i], Double.NaN,
          new ConfidenceInterval(ci[0], ci[1])));
    }
  }

  /** Tail radii of the quantile statistics, by (rank, nP, nS); they depend on the parameters only. */
  private transient volatile Map<String, Double> radii;

  private double radius(Component comp, double rank, int nP, int nS, double beta) {
    Map<String, Double> m = radii;
    if (m == null) {
      m = new java.util.concurrent.ConcurrentHashMap<>();
      radii = m;
    }
    return m.computeIfAbsent(rank + "/" + nP + "/" + nS, k -> NoiseTails.radius(comp.noise(), comp.l0s(),
        comp.lInfs(), comp.b().epsilon(), comp.b().delta(), 1 - rank, nP, rank, nS, beta));
  }
}
