package dev.veil.privacy.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.dp.ConfidenceInterval;
import dev.veil.privacy.dp.DpTesting;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The examples of {@code docs/differential-privacy.md}, verbatim between the {@code // doc:} markers, so
 * the documentation cannot drift from the API.
 */
class DocExamplesTest {

  /** Synthetic restaurant visits: 3000 visitors, 1-10 visits each, over 7 days, 2-60 euros. */
  static List<DpRecord> visits() {
    Random rnd = new Random(2024);
    String[] days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    List<DpRecord> out = new ArrayList<>();
    for (int v = 0; v < 3000; v++) {
      int n = 1 + rnd.nextInt(10);
      for (int i = 0; i < n; i++) {
        out.add(DpRecord.of("visitor-" + v, PartitionKey.of(days[rnd.nextInt(7)]), 2 + rnd.nextDouble() * 58));
      }
    }
    return out;
  }

  @Test
  void quickStart() {
    List<DpRecord> records = visits();
    // doc:quick-start
    DpQuery query = DpQuery.builder()
        .privacyUnit("visitor_id")             // the person to protect
        .groupBy("day")                        // one partition per day
        .metric(Metric.count())
        .metric(Metric.sum("euros"))
        .metric(Metric.mean("euros").withWeight(2))
        .metric(Metric.quantiles("euros", 0.5, 0.9).withWeight(3))
        .bounds("euros", 0, 50)                // values are clamped into [0, 50]
        .maxPartitionsContributed(3)           // L0: a visitor counts in at most 3 days
        .maxContributionsPerPartition(2)       // Linf: and at most 2 visits per day
        .quantileTree(/* height= */ 2, /* branchingFactor= */ 16)  // 256 leaves, less noise than 16^4
        .budget(/* epsilon= */ 2.0, /* delta= */ 1e-6)
        .noise(NoiseKind.LAPLACE)
        .build();                              // private partition selection by default

    DpAggregator aggregator = DpAggregator.of(query, Mechanisms.secure());
    DpAggregator.Result result = aggregator.aggregate(records);
    for (PartitionResult day : result.partitions()) {
      MetricValue mean = day.value("mean(euros)");
      ConfidenceInterval ci = mean.confidenceInterval().orElseThrow();
      System.out.printf("%s: count %.0f, mean %.2f euros (noise sd %.2f, 95%% CI [%.2f, %.2f]), median %.2f%n",
          day.key().values().get(0), day.value("count").value(), mean.value(), mean.noiseStddev(),
          ci.lowerBound(), ci.upperBound(), day.value("quantiles(euros)[0.5]").value());
    }
    System.out.println(query.allocation() + " selection " + query.selectionBudget().orElseThrow());
    // doc:end
    // every day has over 1000 visitors after bounding: far above the ~400 at which selection keeps for sure
    assertEquals(7, result.partitions().size());
    for (PartitionResult day : result.partitions()) {
      MetricValue mean = day.value("mean(euros)");
      assertTrue(mean.value() >= 0 && mean.value() <= 50);
      ConfidenceInterval ci = mean.confidenceInterval().orElseThrow();
      assertTrue(ci.lowerBound() <= mean.value() && mean.value() <= ci.upperBound());
      assertTrue(day.value("quantiles(euros)[0.5]").value() <= day.value("quantiles(euros)[0.9]").value());
    }
    // weights 1 + 1 + 2 + 3 and private selection's default weight 1: eight parts of epsilon 2
    assertEquals(0.25, query.allocation().get("count").epsilon(), 1e-12);
    assertEquals(0.5, query.allocation().get("mean(euros)").epsilon(), 1e-12);
    assertEquals(0.75, query.allocation().get("quantiles(euros)").epsilon(), 1e-12);
    assertEquals(0.25, query.selectionBudget().orElseThrow().epsilon(), 1e-12);
    assertEquals(1e-6, query.selectionBudget().orElseThrow().delta(), 1e-18);
  }

  @Test
  void testModeForYourOwnTests() {
    // doc:test-mode
    DpQuery query = DpQuery.builder()
        .privacyUnit("visitor_id").groupBy("day")
        .metric(Metric.count()).metric(Metric.countDistinctUnits())
        .maxPartitionsContributed(1).maxContributionsPerPartition(5)
        .budget(/* epsilon= */ 1.0, /* delta= */ 0.0)
        .partitionSelection(PartitionSelection.publicPartitions(
            List.of(PartitionKey.of("Mon"), PartitionKey.of("Tue"))))
        .build();
    DpAggregator aggregator = DpAggregator.of(query,
        Mechanisms.zeroNoiseForTests(DpTesting.FOR_TESTS_ONLY));   // NO privacy: tests only
    DpAggregator.Result result = aggregator.aggregate(List.of(
        DpRecord.of("alice", PartitionKey.of("Mon")),
        DpRecord.of("alice", PartitionKey.of("Mon")),
        DpRecord.of("bob", PartitionKey.of("Mon")),
        DpRecord.of(null, PartitionKey.of("Mon"))));               // dead-lettered: no privacy unit
    PartitionResult monday = result.partition(PartitionKey.of("Mon")).orElseThrow();
    PartitionResult tuesday = result.partition(PartitionKey.of("Tue")).orElseThrow();
    // monday: count 3, distinct visitors 2; tuesday (no data): 0 and 0; one dead letter
    // doc:end
    assertEquals(3, monday.value("count").value());
    assertEquals(2, monday.value("count_distinct_units").value());
    assertEquals(0, tuesday.value("count").value());
    assertEquals(0, tuesday.value("count_distinct_units").value());
    assertEquals(1, result.deadLetters().size());
    assertEquals(DpAggregator.MISSING_PRIVACY_UNIT, result.deadLetters().get(0).reason());
  }
}
