package dev.veil.privacy.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The approximate-DP test statistic used by {@link GoogleDpTestVectorsTest} can fail: it rejects a count
 * released with noise calibrated for sensitivity 1 when the neighbouring datasets differ by 3, and accepts
 * the honest neighbour (difference 1). 100,000 samples per dataset; Laplace with epsilon = ln 3.
 *
 * <p>False-failure rate: for the honest pair the statistic is 0 in expectation over the distributions,
 * but the sampling noise of the histogram buckets biases it up to about 0.004 at this n, with a standard
 * deviation below 0.001, so the bound 0.02 is over 15 standard deviations away; for the pair at distance 3
 * the expected value is {@code P(noise <= 0) (1 - 3/27) = 0.75 * 8/9 = 0.67}, and the bound 0.1 is
 * hundreds of standard deviations away. Both failure probabilities are negligible (below 1e-12).
 */
class ApproximateDpTestValidityTest {
  static final PartitionKey A = PartitionKey.of("a");
  static final double EPSILON = Math.log(3);
  static final int N = 100_000;

  private static Map<Long, Long> histogram(DpAggregator agg, long count) {
    PartitionAccumulator acc = agg.emptyAccumulator();
    acc.records = count;
    Map<Long, Long> h = new HashMap<>();
    DpRunStats stats = new DpRunStats();
    for (int i = 0; i < N; i++) {
      h.merge(Math.round(agg.release(A, acc, stats).orElseThrow().values().get(0).value()), 1L, Long::sum);
    }
    return h;
  }

  @Test
  void statistic_acceptsTheTrueSensitivity_andRejectsThreeTimesIt() {
    DpQuery q = DpQuery.builder().privacyUnit("u").groupBy("k").metric(Metric.count()).budget(EPSILON, 0)
        .partitionSelection(PartitionSelection.publicPartitions(List.of(A))).build();
    DpAggregator agg = DpAggregator.of(q, Mechanisms.secure());
    Map<Long, Long> base = histogram(agg, 100);
    Map<Long, Long> honest = histogram(agg, 101);
    Map<Long, Long> far = histogram(agg, 103);
    double honestValue = Math.max(GoogleDpTestVectorsTest.testValue(base, honest, EPSILON, N),
        GoogleDpTestVectorsTest.testValue(honest, base, EPSILON, N));
    double farValue = Math.max(GoogleDpTestVectorsTest.testValue(base, far, EPSILON, N),
        GoogleDpTestVectorsTest.testValue(far, base, EPSILON, N));
    assertTrue(honestValue <= 0.02, "honest neighbour: " + honestValue);
    assertTrue(farValue >= 0.1, "distance 3: " + farValue);
  }
}
