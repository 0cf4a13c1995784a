package dev.veil.privacy.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.dp.DpTesting;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link DpAggregator.StateMerger}, the small form of step 3 that engines ship to every bundle, merges
 * exactly as the aggregator does (accumulators and flat states), refuses another query's accumulators, and
 * stays small when the query lists many public partitions.
 */
class StateMergerTest {
  static final Mechanisms ZERO = Mechanisms.zeroNoiseForTests(DpTesting.FOR_TESTS_ONLY);

  @Test
  void mergesAsTheAggregator_accumulatorsAndFlatStates() {
    for (boolean quantiles : new boolean[] {false, true}) {
      DpAggregator agg = DpAggregator.of(UnitBounderTest.query(quantiles), ZERO);
      DpAggregator.StateMerger m = agg.stateMerger();
      Random r = new Random(3);
      Map<String, List<DpRecord>> byUnit = UnitBounderTest.data(r, 200);
      List<PartitionAccumulator> parts = new ArrayList<>();
      for (List<DpRecord> unit : byUnit.values()) {
        parts.addAll(agg.boundUnit(unit).contributions().values());
      }
      PartitionAccumulator viaAgg = agg.emptyAccumulator();
      PartitionAccumulator viaMerger = m.emptyAccumulator();
      for (PartitionAccumulator p : parts) {
        agg.merge(viaAgg, p);
        m.merge(viaMerger, p);
      }
      DpRunStats s1 = new DpRunStats();
      DpRunStats s2 = new DpRunStats();
      assertEquals(agg.release(agg.publicPartitions().get(0), viaAgg, s1).map(PartitionResult::toString),
          agg.release(agg.publicPartitions().get(0), viaMerger, s2).map(PartitionResult::toString));
      if (!quantiles) {
        assertEquals(agg.flatWidth(), m.flatWidth());
        long[] a = new long[3 * agg.flatWidth()];
        long[] b = new long[3 * agg.flatWidth()];
        long[] c = new long[3 * agg.flatWidth()];
        for (int i = 0; i < a.length; i++) {
          a[i] = r.nextLong();
          b[i] = a[i];
          c[i] = r.nextLong();
        }
        agg.mergeFlat(a, agg.flatWidth(), c, 2 * agg.flatWidth());
        m.mergeFlat(b, agg.flatWidth(), c, 2 * agg.flatWidth());
        assertArrayEquals(a, b);
        assertThrows(IllegalArgumentException.class, () -> m.mergeFlat(b, 2 * agg.flatWidth() + 1, c, 0));
      }
    }
  }

  @Test
  void refusesAnotherQuerysAccumulator() {
    DpAggregator.StateMerger m = DpAggregator.of(UnitBounderTest.query(false), ZERO).stateMerger();
    PartitionAccumulator other = DpAggregator.of(UnitBounderTest.query(true), ZERO).emptyAccumulator();
    assertThrows(IllegalArgumentException.class, () -> m.merge(m.emptyAccumulator(), other));
  }

  @Test
  void staysSmallWithManyPublicPartitions() throws Exception {
    List<PartitionKey> pub = new ArrayList<>();
    for (int k = 0; k < 20_000; k++) {
      pub.add(PartitionKey.of("k" + k));
    }
    DpQuery q = DpQuery.builder().privacyUnit("user").groupBy("k").budget(1.0, 0)
        .partitionSelection(PartitionSelection.publicPartitions(pub)).metric(Metric.count()).metric(Metric.sum("x"))
        .bounds("x", 0, 1).maxPartitionsContributed(1).maxContributionsPerPartition(1).build();
    DpAggregator agg = DpAggregator.of(q, ZERO);
    int whole = serializedSize(agg);
    int merger = serializedSize(agg.stateMerger());
    assertTrue(whole > 100_000 && merger < 500, "aggregator " + whole + " bytes, merger " + merger + " bytes");
  }

  private static int serializedSize(Object o) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(b)) {
      out.writeObject(o);
    }
    return b.size();
  }
}
