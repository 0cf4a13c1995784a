package dev.veil.privacy.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.dp.ConfidenceInterval;
import dev.veil.privacy.dp.DpTesting;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 95% confidence intervals of tree quantiles.
 *
 * <p>Statistical checks: each (noise kind, rank) counts, over {@link #TRIALS} releases with fresh secure
 * noise, the releases whose interval misses the true quantile, and fails if that count exceeds
 * {@code 0.05 T + 5 sqrt(0.05 * 0.95 T)}: if the true miss probability is at most 5%, this happens with
 * probability below 3e-7 per check (one-sided normal approximation at 5 standard errors); 8 checks, so
 * the class fails spuriously with probability below 3e-6. The interval is conservative by construction,
 * so a correct implementation misses far less than 5%. The usefulness checks (mean width) compare with
 * margins of many standard errors. The zero-noise check is deterministic.
 */
class QuantileConfidenceIntervalTest {
  static final int TRIALS = 1500;
  static final PartitionKey A = PartitionKey.of("a");
  static final int N = 301; // q N is never an integer for the ranks below, so the true quantile is one value
  static final double[] RANKS = {0.1, 0.5, 0.9, 0.99};

  /** Skewed values in [0, 100]: v_i = 100 (i / N)^2. */
  private static double valueOf(int i) {
    return 100.0 * (i / (double) N) * (i / (double) N);
  }

  /** The empirical q-quantile: the ceil(qN)-th smallest value (the only value with <= qN below and >= qN at or below). */
  private static double trueQuantile(double q) {
    int k = (int) Math.ceil(q * N); // values are increasing in i
    return valueOf(k - 1);
  }

  private static DpQuery query(NoiseKind kind, double epsilon) {
    Metric m = Metric.quantiles("x", RANKS);
    return DpQuery.builder().privacyUnit("u").groupBy("k").metric(m).noise(kind)
        .budget(epsilon, kind == NoiseKind.GAUSSIAN ? 1e-5 : 0).bounds("x", 0, 100).quantileTree(3, 8)
        .partitionSelection(PartitionSelection.publicPartitions(List.of(A))).build();
  }

  private static PartitionAccumulator data(DpAggregator agg) {
    PartitionAccumulator acc = agg.emptyAccumulator();
    for (int i = 0; i < N; i++) {
      agg.merge(acc, agg.boundUnit(List.of(DpRecord.of("u" + i, A, valueOf(i)))).contributions().get(A));
    }
    return acc;
  }

  @Test
  void coverageIsAtLeast95Percent_andIntervalsAreInformative() {
    for (NoiseKind kind : NoiseKind.values()) {
      DpAggregator agg = DpAggregator.of(query(kind, 1.0), Mechanisms.secure());
      PartitionAccumulator acc = data(agg);
      long[] misses = new long[RANKS.length];
      double[] width = new double[RANKS.length];
      DpRunStats stats = new DpRunStats();
      for (int t = 0; t < TRIALS; t++) {
        PartitionResult r = agg.release(A, acc, stats).orElseThrow();
        for (int i = 0; i < RANKS.length; i++) {
          MetricValue v = r.value("quantiles(x)[" + RANKS[i] + "]");
          ConfidenceInterval ci = v.confidenceInterval().orElseThrow();
          double truth = trueQuantile(RANKS[i]);
          misses[i] += ci.lowerBound() <= truth && truth <= ci.upperBound() ? 0 : 1;
          assertTrue(ci.lowerBound() <= v.value() && v.value() <= ci.upperBound(), "the estimate is in its CI");
          assertTrue(ci.lowerBound() >= 0 && ci.upperBound() <= 100, "the CI is within the bounds");
          width[i] += ci.upperBound() - ci.lowerBound();
        }
      }
      double limit = 0.05 * TRIALS + 5 * Math.sqrt(0.05 * 0.95 * TRIALS);
      for (int i = 0; i < RANKS.length; i++) {
        assertTrue(misses[i] <= limit, kind + " rank " + RANKS[i] + ": " + misses[i] + " of " + TRIALS
            + " intervals missed the true quantile (limit " + limit + ")");
      }
      // informative: the median's interval (about +-60 ranks of 301 here) is far narrower than the range
      assertTrue(width[1] / TRIALS < 50, kind + " mean width of the median's CI " + width[1] / TRIALS);
    }
  }

  @Test
  void zeroNoise_intervalIsTheLeafOfTheTrueQuantile() {
    DpAggregator agg = DpAggregator.of(query(NoiseKind.LAPLACE, 1.0),
        Mechanisms.zeroNoiseForTests(DpTesting.FOR_TESTS_ONLY));
    PartitionResult r = agg.release(A, data(agg), new DpRunStats()).orElseThrow();
    double leaf = 100.0 / 512;
    for (double q : RANKS) {
      ConfidenceInterval ci = r.value("quantiles(x)[" + q + "]").confidenceInterval().orElseThrow();
      double truth = trueQuantile(q);
      double start = Math.floor(truth / leaf) * leaf;
      assertTrue(Math.abs(ci.lowerBound() - start) < 1e-9 && Math.abs(ci.upperBound() - (start + leaf)) < 1e-9,
          "rank " + q + ": expected the leaf [" + start + ", " + (start + leaf) + "], got " + ci);
    }
  }
}
