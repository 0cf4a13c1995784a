package dev.veil.privacy.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.dp.DpTesting;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The streaming {@link DpAggregator.UnitBounder} and the flat ({@code long[]}) partition state that engine
 * adapters use must give exactly the state of the reference path ({@link DpAggregator#boundUnit} +
 * {@link DpAggregator#merge}): checked in test mode over seeded random inputs with NaN, infinities,
 * out-of-bounds values, non-public keys and units above L0 and Linf; and, with secure randomness, the
 * bounds themselves hold.
 */
class UnitBounderTest {
  static final Mechanisms ZERO = Mechanisms.zeroNoiseForTests(DpTesting.FOR_TESTS_ONLY);

  static DpQuery query(boolean quantiles) {
    List<PartitionKey> pub = new ArrayList<>();
    for (int k = 0; k < 12; k++) {
      pub.add(PartitionKey.of("k" + k, k % 2 == 0 ? "x" : null));
    }
    DpQuery.Builder b = DpQuery.builder().privacyUnit("user").groupBy("k", "g").budget(1.0, 0)
        .partitionSelection(PartitionSelection.publicPartitions(pub))
        .metric(Metric.count()).metric(Metric.countDistinctUnits()).metric(Metric.sum("x")).metric(Metric.mean("y"))
        .metric(Metric.variance("y")).bounds("x", -5, 20).bounds("y", 1, 3)
        .maxPartitionsContributed(3).maxContributionsPerPartition(2);
    if (quantiles) {
      b.metric(Metric.quantiles("x", 0.5));
    }
    return b.build();
  }

  static double value(Random r) {
    int c = r.nextInt(20);
    return c == 0 ? Double.NaN : c == 1 ? Double.POSITIVE_INFINITY : c == 2 ? -1e9 : r.nextDouble() * 40 - 10;
  }

  /** Records of {@code units} units, grouped by unit; some keys are not public. */
  static Map<String, List<DpRecord>> data(Random r, int units) {
    Map<String, List<DpRecord>> byUnit = new LinkedHashMap<>();
    for (int u = 0; u < units; u++) {
      List<DpRecord> recs = new ArrayList<>();
      int n = 1 + r.nextInt(12);
      for (int i = 0; i < n; i++) {
        int k = r.nextInt(14);
        recs.add(DpRecord.of("u" + u, PartitionKey.of("k" + k, k % 2 == 0 ? "x" : null), value(r), value(r)));
      }
      byUnit.put("u" + u, recs);
    }
    return byUnit;
  }

  @Test
  void bounderAndFlatState_equalTheReferencePath_inTestMode() {
    Random r = new Random(11);
    for (int round = 0; round < 50; round++) {
      DpAggregator agg = DpAggregator.of(query(false), ZERO);
      assertTrue(agg.supportsFlat());
      Map<String, List<DpRecord>> byUnit = data(r, 1 + r.nextInt(40));
      Map<PartitionKey, PartitionAccumulator> reference = new TreeMap<>();
      DpRunStats refStats = new DpRunStats();
      for (List<DpRecord> unit : byUnit.values()) {
        DpAggregator.UnitContributions uc = agg.boundUnit(unit);
        refStats.merge(uc.stats());
        uc.contributions().forEach((k, v) -> reference.merge(k, v, agg::merge));
      }
      // two "tasks" bound disjoint sets of units; their partial states are merged afterwards
      DpAggregator.UnitBounder t1 = agg.newUnitBounder();
      DpAggregator.UnitBounder t2 = agg.newUnitBounder();
      Map<PartitionKey, PartitionAccumulator> acc1 = new HashMap<>();
      Map<PartitionKey, long[]> flat1 = new HashMap<>();
      Map<PartitionKey, long[]> flat2 = new HashMap<>();
      DpAggregator.UnitBounder f1 = agg.newUnitBounder();
      DpAggregator.UnitBounder f2 = agg.newUnitBounder();
      int i = 0;
      for (List<DpRecord> unit : byUnit.values()) {
        DpAggregator.UnitBounder t = i % 2 == 0 ? t1 : t2;
        DpAggregator.UnitBounder f = i % 3 == 0 ? f1 : f2;
        for (DpRecord d : unit) {
          t.add(d.key(), d.values());
          f.add(d.key(), d.values());
        }
        t.finishUnit(acc1); // both tasks into one map: merging into a shared partial state is allowed too
        f.finishUnitFlat(f == f1 ? flat1 : flat2);
        i++;
      }
      flat2.forEach((k, v) -> flat1.merge(k, v, agg::mergeFlat));
      assertEquals(reference.keySet(), acc1.keySet());
      assertEquals(reference.keySet(), flat1.keySet());
      for (PartitionKey k : reference.keySet()) {
        assertTrue(reference.get(k).sameState(acc1.get(k)), "accumulator state of " + k + " in round " + round);
        assertTrue(reference.get(k).sameState(agg.fromFlat(flat1.get(k))), "flat state of " + k + " in round " + round);
      }
      assertEquals(refStats.asMap(), t1.stats().merge(t2.stats()).asMap());
      assertEquals(refStats.asMap(), f1.stats().merge(f2.stats()).asMap());
    }
  }

  /** Numbers the keys of {@code units} in first-seen order and lays their values out row-major, as the Spark task does. */
  static final class Numbered {
    final List<PartitionKey> keys = new ArrayList<>();
    final List<int[]> keyOfRowByUnit = new ArrayList<>(); // per unit: key number of each row
    final List<int[]> rowsByUnit = new ArrayList<>(); // per unit: row numbers
    double[] values;

    Numbered(Collection<List<DpRecord>> units, int width) {
      Map<PartitionKey, Integer> numbers = new HashMap<>();
      List<double[]> rows = new ArrayList<>();
      for (List<DpRecord> unit : units) {
        int[] k = new int[unit.size()];
        int[] r = new int[unit.size()];
        for (int i = 0; i < unit.size(); i++) {
          DpRecord d = unit.get(i);
          // a fresh but equal PartitionKey object, as a task builds them
          k[i] = numbers.computeIfAbsent(PartitionKey.of(d.key().values()), key -> {
            keys.add(key);
            return keys.size() - 1;
          });
          r[i] = rows.size();
          rows.add(d.values());
        }
        keyOfRowByUnit.add(k);
        rowsByUnit.add(r);
      }
      values = new double[rows.size() * width];
      for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, values, i * width, width);
    }
  }

  @Test
  void indexedBounder_equalsTheReferencePath_inTestMode_flatAndWithQuantiles() {
    Random r = new Random(23);
    for (int round = 0; round < 60; round++) {
      boolean quantiles = round % 3 == 2;
      DpAggregator agg = DpAggregator.of(query(quantiles), ZERO);
      Map<String, List<DpRecord>> byUnit = data(r, 1 + r.nextInt(40));
      Map<PartitionKey, PartitionAccumulator> reference = new TreeMap<>();
      DpRunStats refStats = new DpRunStats();
      for (List<DpRecord> unit : byUnit.values()) {
        DpAggregator.UnitContributions uc = agg.boundUnit(unit);
        refStats.merge(uc.stats());
        uc.contributions().forEach((k, v) -> reference.merge(k, v, agg::merge));
      }
      Numbered n = new Numbered(byUnit.values(), 2);
      PartitionKey[] keys = n.keys.toArray(new PartitionKey[0]);
      DpAggregator.IndexedUnitBounder b = agg.newIndexedUnitBounder(keys, n.values);
      DpAggregator.IndexedUnitBounder packed = agg.newIndexedUnitBounder(keys, n.values); // all states in one array
      long[][] flat = new long[keys.length][];
      long[] packedStates = quantiles ? null : new long[keys.length * agg.flatWidth()];
      PartitionAccumulator[] accs = new PartitionAccumulator[keys.length];
      for (int u = 0; u < n.rowsByUnit.size(); u++) {
        for (int i = 0; i < n.rowsByUnit.get(u).length; i++) b.add(n.keyOfRowByUnit.get(u)[i], n.rowsByUnit.get(u)[i]);
        if (quantiles) {
          b.finishUnit(accs);
          continue;
        }
        b.finishUnitFlat(flat);
        for (int i = 0; i < n.rowsByUnit.get(u).length; i++) packed.add(n.keyOfRowByUnit.get(u)[i], n.rowsByUnit.get(u)[i]);
        packed.finishUnitFlat(packedStates);
      }
      Map<PartitionKey, PartitionAccumulator> indexed = new TreeMap<>();
      Map<PartitionKey, PartitionAccumulator> fromPacked = new TreeMap<>();
      int w = agg.flatWidth();
      for (int k = 0; k < keys.length; k++) {
        if (flat[k] != null) indexed.put(keys[k], agg.fromFlat(flat[k]));
        if (accs[k] != null) indexed.put(keys[k], accs[k]);
        if (packedStates != null && packedStates[k * w] > 0) {
          fromPacked.put(keys[k], agg.fromFlat(java.util.Arrays.copyOfRange(packedStates, k * w, (k + 1) * w)));
        }
      }
      assertEquals(reference.keySet(), indexed.keySet(), "round " + round);
      for (PartitionKey k : reference.keySet()) {
        assertTrue(reference.get(k).sameState(indexed.get(k)), "state of " + k + " in round " + round);
      }
      assertEquals(refStats.asMap(), b.stats().asMap(), "round " + round);
      if (!quantiles) {
        assertEquals(reference.keySet(), fromPacked.keySet(), "round " + round);
        for (PartitionKey k : reference.keySet()) {
          assertTrue(reference.get(k).sameState(fromPacked.get(k)), "packed state of " + k + " in round " + round);
        }
        assertEquals(refStats.asMap(), packed.stats().asMap(), "round " + round);
      }
    }
  }

  @Test
  void indexedBounder_withSecureRandomness_keepsAtMostL0PartitionsAndLinfRecords() {
    DpAggregator agg = DpAggregator.of(query(false), Mechanisms.secure());
    Random r = new Random(4);
    for (int round = 0; round < 200; round++) {
      List<DpRecord> unit = data(r, 1).values().iterator().next();
      Numbered n = new Numbered(List.of(unit), 2);
      PartitionKey[] keys = n.keys.toArray(new PartitionKey[0]);
      DpAggregator.IndexedUnitBounder b = agg.newIndexedUnitBounder(keys, n.values);
      for (int i = 0; i < unit.size(); i++) b.add(n.keyOfRowByUnit.get(0)[i], n.rowsByUnit.get(0)[i]);
      long[][] flat = new long[keys.length][];
      b.finishUnitFlat(flat);
      long publicKeysOfUnit = unit.stream().map(DpRecord::key).filter(agg.publicPartitions()::contains).distinct().count();
      long kept = java.util.Arrays.stream(flat).filter(java.util.Objects::nonNull).count();
      assertEquals(Math.min(3, publicKeysOfUnit), kept);
      for (long[] f : flat) {
        if (f == null) continue;
        assertEquals(1, f[0]);
        assertTrue(f[1] >= 1 && f[1] <= 2);
      }
      DpRunStats s = b.stats();
      assertEquals(unit.size(), s.recordsIn());
      long keptRecords = java.util.Arrays.stream(flat).filter(java.util.Objects::nonNull).mapToLong(f -> f[1]).sum();
      assertEquals(unit.size(), keptRecords + s.recordsNotInPublicPartitions() + s.recordsDroppedByL0()
          + s.recordsDroppedByLinf());
    }
  }

  @Test
  void bounder_handlesQuantileStates_andFlatFormIsRefusedForThem() {
    DpAggregator agg = DpAggregator.of(query(true), ZERO);
    assertFalse(agg.supportsFlat());
    Map<String, List<DpRecord>> byUnit = data(new Random(5), 30);
    Map<PartitionKey, PartitionAccumulator> reference = new TreeMap<>();
    Map<PartitionKey, PartitionAccumulator> streamed = new HashMap<>();
    DpAggregator.UnitBounder b = agg.newUnitBounder();
    for (List<DpRecord> unit : byUnit.values()) {
      agg.boundUnit(unit).contributions().forEach((k, v) -> reference.merge(k, v, agg::merge));
      unit.forEach(d -> b.add(d.key(), d.values()));
      b.finishUnit(streamed);
    }
    for (PartitionKey k : reference.keySet()) {
      assertTrue(reference.get(k).sameState(streamed.get(k)));
    }
    assertEquals(reference.size(), streamed.size());
  }

  @Test
  void bounder_withSecureRandomness_keepsAtMostL0PartitionsAndLinfRecords() {
    DpAggregator agg = DpAggregator.of(query(false), Mechanisms.secure());
    Random r = new Random(3);
    for (int round = 0; round < 200; round++) {
      Map<String, List<DpRecord>> byUnit = data(r, 1);
      List<DpRecord> unit = byUnit.values().iterator().next();
      DpAggregator.UnitBounder b = agg.newUnitBounder();
      unit.forEach(d -> b.add(d.key(), d.values()));
      Map<PartitionKey, long[]> flat = new HashMap<>();
      b.finishUnitFlat(flat);
      long publicKeysOfUnit = unit.stream().map(DpRecord::key).filter(agg.publicPartitions()::contains).distinct().count();
      assertEquals(Math.min(3, publicKeysOfUnit), flat.size());
      for (long[] f : flat.values()) {
        assertEquals(1, f[0]);
        assertTrue(f[1] >= 1 && f[1] <= 2);
      }
    }
  }

  @Test
  void flatSums_areExactBeyondTheLongRange() {
    DpQuery q = DpQuery.builder().privacyUnit("user").groupBy("k").budget(1.0, 0)
        .partitionSelection(PartitionSelection.publicPartitions(List.of(PartitionKey.of("a"))))
        .metric(Metric.sum("x")).bounds("x", -1e6, 1e6).maxContributionsPerPartition(1).build();
    DpAggregator agg = DpAggregator.of(q, ZERO);
    Map<PartitionKey, long[]> flat = new HashMap<>();
    DpAggregator.UnitBounder b = agg.newUnitBounder();
    b.add(PartitionKey.of("a"), new double[] {1e6});
    b.finishUnitFlat(flat);
    long[] one = flat.get(PartitionKey.of("a")).clone();
    long[] sum = new long[agg.flatWidth()];
    BigInteger expected = agg.fromFlat(one).columns[0].rawSum.toBigInteger().multiply(BigInteger.valueOf(1L << 33));
    for (int i = 0; i < 33; i++) { // doubling: 2^33 contributions of 2^31 units each = 2^64 units
      sum = i == 0 ? agg.mergeFlat(agg.mergeFlat(new long[agg.flatWidth()], one), one) : agg.mergeFlat(sum, sum.clone());
    }
    assertEquals(expected, agg.fromFlat(sum).columns[0].rawSum.toBigInteger());
    assertTrue(expected.bitLength() > 63);
  }

  /** The example of docs/differential-privacy.md ("For engine adapters"), verbatim between the markers. */
  @Test
  void docExample_streamingBounder_releasesWhatTheReferenceReleases() {
    DpQuery query = DpQuery.builder().privacyUnit("user").groupBy("k", "g").budget(20.0, 1e-6)
        .metric(Metric.count()).metric(Metric.sum("x")).metric(Metric.mean("y")).bounds("x", -5, 20).bounds("y", 1, 3)
        .maxPartitionsContributed(3).maxContributionsPerPartition(2).build(); // private partition selection
    DpAggregator aggregator = DpAggregator.of(query, ZERO);
    Collection<List<DpRecord>> recordsGroupedByUnit = data(new Random(8), 400).values();
    // doc:streaming-bounder
    DpAggregator.UnitBounder bounder = aggregator.newUnitBounder();
    Map<PartitionKey, long[]> partials = new HashMap<>();
    for (List<DpRecord> unit : recordsGroupedByUnit) {
      for (DpRecord r : unit) bounder.add(r.key(), r.values());
      bounder.finishUnitFlat(partials);          // bounded, merged into this task's state
    }
    // (the maps of other tasks are merged in with aggregator::mergeFlat)
    List<PartitionResult> released = new ArrayList<>();
    for (PartitionKey key : new TreeSet<>(partials.keySet())) {
      aggregator.release(key, aggregator.fromFlat(partials.get(key)), bounder.stats()).ifPresent(released::add);
    }
    // doc:end
    List<DpRecord> all = new ArrayList<>();
    recordsGroupedByUnit.forEach(all::addAll);
    List<PartitionResult> reference = aggregator.aggregate(all).partitions();
    assertTrue(reference.size() >= 5, "released " + reference.size());
    assertEquals(reference.toString(), released.toString()); // every released number, at full precision
  }

  @Test
  void flatState_ofAnotherWidth_isRefused() {
    DpAggregator agg = DpAggregator.of(query(false), ZERO);
    assertThrows(IllegalArgumentException.class, () -> agg.mergeFlat(new long[3], new long[agg.flatWidth()]));
    assertThrows(IllegalArgumentException.class, () -> agg.fromFlat(new long[1]));
  }
}
