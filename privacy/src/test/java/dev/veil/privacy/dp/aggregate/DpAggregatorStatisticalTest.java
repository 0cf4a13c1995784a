package dev.veil.privacy.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.dp.ConfidenceInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Statistical tests of {@link DpAggregator} with the real secure noise.
 *
 * <p>Every check is a normal-approximation bound at 5 standard errors: a false failure has probability
 * about 5.7e-7 per check; this class makes 20 such checks, so it fails spuriously with probability
 * below 1.2e-5. The two checks of the mean's approximate stddev allow 10% at a relative standard error of
 * about 1.6% (over 6 standard errors). Checks: the sample variance of released counts and sums matches the claimed noise stddev;
 * the 95% confidence intervals cover the true value in at least 95% of trials (and, for counts and sums,
 * not much more); bounding samples records and partitions uniformly.
 */
class DpAggregatorStatisticalTest {
  static final int TRIALS = 20_000;
  static final PartitionKey A = PartitionKey.of("a");

  private static void within(String what, double expected, double observed, double se) {
    assertTrue(Math.abs(observed - expected) <= 5 * se,
        what + ": expected " + expected + " +- " + 5 * se + ", observed " + observed);
  }

  /** A partition of 1000 units with values 0.001 i in [0, 10]; released TRIALS times. */
  private static List<MetricValue>[] releases(DpQuery q, String metric) {
    DpAggregator agg = DpAggregator.of(q, Mechanisms.secure());
    PartitionAccumulator acc = agg.emptyAccumulator();
    for (int i = 0; i < 1000; i++) {
      agg.merge(acc, agg.boundUnit(List.of(DpRecord.of("u" + i, A, 0.001 * i * 10))).contributions().get(A));
    }
    @SuppressWarnings("unchecked")
    List<MetricValue>[] out = new List[TRIALS];
    DpRunStats stats = new DpRunStats();
    for (int t = 0; t < TRIALS; t++) {
      out[t] = agg.release(A, acc, stats).orElseThrow().values();
    }
    return out;
  }

  private static DpQuery query(NoiseKind kind, Metric... metrics) {
    DpQuery.Builder b = DpQuery.builder().privacyUnit("u").groupBy("k").noise(kind)
        .budget(1.0, kind == NoiseKind.GAUSSIAN ? 1e-5 : 0).maxPartitionsContributed(2).bounds("x", 0, 10)
        .partitionSelection(PartitionSelection.publicPartitions(List.of(A)));
    for (Metric m : metrics) {
      b.metric(m);
    }
    return b.build();
  }

  @Test
  void countAndSum_noiseVarianceMatchesClaimedStddev_andCiCoverageIs95() {
    double trueSum = 0;
    for (int i = 0; i < 1000; i++) {
      trueSum += 0.001 * i * 10;
    }
    for (NoiseKind kind : NoiseKind.values()) {
      DpQuery q = query(kind, Metric.count(), Metric.sum("x"));
      List<MetricValue>[] rel = releases(q, "count");
      Map<String, Double> truth = Map.of("count", 1000.0, "sum(x)", trueSum);
      for (int m = 0; m < 2; m++) {
        String name = rel[0].get(m).name();
        double sd = rel[0].get(m).noiseStddev();
        double sumSq = 0;
        long covered = 0;
        for (List<MetricValue> r : rel) {
          MetricValue v = r.get(m);
          double err = v.value() - truth.get(name);
          sumSq += err * err;
          ConfidenceInterval ci = v.confidenceInterval().orElseThrow();
          covered += ci.lowerBound() <= truth.get(name) && truth.get(name) <= ci.upperBound() ? 1 : 0;
        }
        double var = sd * sd;
        // Var(X^2) = 20 b^4 = 5 var^2 for Laplace, 2 var^2 for Gaussian
        double k = kind == NoiseKind.LAPLACE ? 5 : 2;
        within(kind + " " + name + " noise variance", var, sumSq / TRIALS, var * Math.sqrt(k / TRIALS));
        double cov = (double) covered / TRIALS;
        // at least 95% (the integer path's noise is discrete: its exact interval covers P(|Z| <= k) >= 95%, for
        // a Laplace count of scale 4 about 95.6%), and not much more (the interval is not needlessly wide)
        double se = Math.sqrt(0.95 * 0.05 / TRIALS);
        assertTrue(cov >= 0.95 - 5 * se, kind + " " + name + " CI coverage " + cov + " below 95% - 5 se");
        assertTrue(cov <= 0.965 + 5 * se, kind + " " + name + " CI coverage " + cov + " far above 95%: the interval is too wide");
      }
    }
  }

  @Test
  void meanVarianceStddev_ciCoverIsAtLeast95_andMeanStddevIsClose() {
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < 1000; i++) {
      double x = 0.001 * i * 10;
      sum += x;
      sumSq += x * x;
    }
    double mean = sum / 1000;
    double var = sumSq / 1000 - mean * mean;
    for (NoiseKind kind : NoiseKind.values()) {
      DpQuery q = query(kind, Metric.mean("x"), Metric.variance("x"), Metric.stddev("x"));
      List<MetricValue>[] rel = releases(q, "mean");
      double[] truth = {mean, var, Math.sqrt(var)};
      for (int m = 0; m < 3; m++) {
        long covered = 0;
        double errSq = 0;
        for (List<MetricValue> r : rel) {
          ConfidenceInterval ci = r.get(m).confidenceInterval().orElseThrow();
          covered += ci.lowerBound() <= truth[m] && truth[m] <= ci.upperBound() ? 1 : 0;
          errSq += Math.pow(r.get(m).value() - truth[m], 2);
        }
        double cov = (double) covered / TRIALS;
        // conservative intervals: at least 95% (one-sided bound)
        assertTrue(cov >= 0.95 - 5 * Math.sqrt(0.95 * 0.05 / TRIALS), kind + " " + rel[0].get(m).name()
            + " coverage " + cov);
        if (m == 0) {
          // the delta-method stddev of the mean is an approximation: it must be within 10% of the observed one
          // at 1000 units (the observed RMS error has a relative standard error of about 1.6%)
          double claimed = rel[0].get(0).noiseStddev();
          double observed = Math.sqrt(errSq / TRIALS);
          assertTrue(Math.abs(observed / claimed - 1) <= 0.1, kind + " mean sd claimed " + claimed + " observed "
              + observed);
        }
      }
    }
  }

  @Test
  void linfBounding_samplesEachRecordWithProbabilityLinfOverN() {
    DpQuery q = DpQuery.builder().privacyUnit("u").groupBy("k").metric(Metric.quantiles("x", 0.5))
        .bounds("x", 0, 10).maxContributionsPerPartition(3).budget(1, 0)
        .partitionSelection(PartitionSelection.publicPartitions(List.of(A))).build();
    DpAggregator agg = DpAggregator.of(q, Mechanisms.secure());
    List<DpRecord> unit = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      unit.add(DpRecord.of("u", A, i + 0.5));
    }
    long[] included = new long[10];
    ColumnPlan plan = DpAggregator.columnPlans(q)[0];
    for (int t = 0; t < TRIALS; t++) {
      PartitionAccumulator acc = agg.boundUnit(unit).contributions().get(A);
      assertEquals(3, acc.records());
      for (int i = 0; i < 10; i++) {
        included[i] += acc.columns[0].leaves.containsKey(plan.leaf(i + 0.5)) ? 1 : 0;
      }
    }
    // checked for the first and last record (where a biased reservoir would show first)
    within("P(first record kept)", 0.3, (double) included[0] / TRIALS, Math.sqrt(0.3 * 0.7 / TRIALS));
    within("P(last record kept)", 0.3, (double) included[9] / TRIALS, Math.sqrt(0.3 * 0.7 / TRIALS));
  }

  @Test
  void l0Bounding_samplesEachPartitionWithProbabilityL0OverN() {
    List<PartitionKey> keys = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      keys.add(PartitionKey.of("p" + i));
    }
    DpQuery q = DpQuery.builder().privacyUnit("u").groupBy("k").metric(Metric.count()).maxPartitionsContributed(2)
        .budget(1, 0).partitionSelection(PartitionSelection.publicPartitions(keys)).build();
    DpAggregator agg = DpAggregator.of(q, Mechanisms.secure());
    List<DpRecord> unit = new ArrayList<>();
    for (PartitionKey k : keys) {
      unit.add(DpRecord.of("u", k));
    }
    long first = 0;
    long last = 0;
    for (int t = 0; t < TRIALS; t++) {
      Map<PartitionKey, PartitionAccumulator> c = agg.boundUnit(unit).contributions();
      assertEquals(2, c.size());
      first += c.containsKey(keys.get(0)) ? 1 : 0;
      last += c.containsKey(keys.get(4)) ? 1 : 0;
    }
    within("P(first partition kept)", 0.4, (double) first / TRIALS, Math.sqrt(0.24 / TRIALS));
    within("P(last partition kept)", 0.4, (double) last / TRIALS, Math.sqrt(0.24 / TRIALS));
  }
}
