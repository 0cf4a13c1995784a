package dev.veil.privacy.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.dp.DpTesting;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Deterministic semantics of {@link DpAggregator} with zero noise ({@link Mechanisms#zeroNoiseForTests}):
 * bounding, clamping, fixed-point sums, means, variances, quantiles, public partitions, selection and
 * bad input. Expected values are computed independently from the test data, not from the implementation.
 */
class DpAggregatorZeroNoiseTest {
  static final Mechanisms ZERO = Mechanisms.zeroNoiseForTests(DpTesting.FOR_TESTS_ONLY);
  static final PartitionKey A = PartitionKey.of("a");
  static final PartitionKey B = PartitionKey.of("b");
  static final PartitionKey C = PartitionKey.of("c");
  static final PartitionKey D = PartitionKey.of("d");

  static DpQuery.Builder publicQuery(PartitionKey... keys) {
    return DpQuery.builder().privacyUnit("user").groupBy("k").budget(1.0, 0)
        .partitionSelection(PartitionSelection.publicPartitions(List.of(keys)));
  }

  static DpRecord rec(String unit, PartitionKey key, double... values) {
    return DpRecord.of(unit, key, values);
  }

  @Test
  void countsAndSum_areExact_whenNoBoundBites() {
    DpQuery q = publicQuery(A, B).metric(Metric.count()).metric(Metric.countDistinctUnits()).metric(Metric.sum("x"))
        .bounds("x", -10, 10).maxContributionsPerPartition(3).maxPartitionsContributed(2).build();
    List<DpRecord> in = List.of(rec("u1", A, 1.5), rec("u1", A, 2.5), rec("u2", A, -4), rec("u2", B, 7),
        rec("u3", B, 0.25));
    DpAggregator.Result r = DpAggregator.of(q, ZERO).aggregate(in);
    PartitionResult a = r.partition(A).orElseThrow();
    assertEquals(3, a.value("count").value());
    assertEquals(2, a.value("count_distinct_units").value());
    assertEquals(0.0, a.value("sum(x)").value(), 1e-8);
    PartitionResult b = r.partition(B).orElseThrow();
    assertEquals(2, b.value("count").value());
    assertEquals(7.25, b.value("sum(x)").value(), 1e-8);
    assertEquals(0, r.stats().recordsDroppedByLinf() + r.stats().recordsDroppedByL0() + r.stats().valuesClamped());
    assertEquals(5, r.stats().recordsIn());
    assertEquals(0.0, a.value("sum(x)").noiseStddev());
  }

  @Test
  void linfBounding_keepsAtMostLinfRecordsPerUnitAndPartition() {
    DpQuery q = publicQuery(A).metric(Metric.count()).metric(Metric.sum("x")).bounds("x", 0, 100)
        .maxContributionsPerPartition(2).build();
    List<DpRecord> in = List.of(rec("u1", A, 50), rec("u1", A, 10), rec("u1", A, 30), rec("u1", A, 20),
        rec("u1", A, 40), rec("u2", A, 5));
    DpAggregator.Result r = DpAggregator.of(q, ZERO).aggregate(in);
    PartitionResult a = r.partition(A).orElseThrow();
    assertEquals(3, a.value("count").value()); // 2 of u1 + 1 of u2
    // test mode keeps the smallest values of u1 (10, 20)
    assertEquals(35, a.value("sum(x)").value(), 1e-8);
    assertEquals(3, r.stats().recordsDroppedByLinf());
  }

  @Test
  void l0Bounding_keepsAtMostL0PartitionsPerUnit() {
    DpQuery q = publicQuery(A, B, C, D).metric(Metric.count()).maxPartitionsContributed(2).build();
    List<DpRecord> in = List.of(rec("u1", D), rec("u1", C), rec("u1", B), rec("u1", A), rec("u1", A),
        rec("u2", D));
    DpAggregator.Result r = DpAggregator.of(q, ZERO).aggregate(in);
    // test mode keeps the first partitions in key order: a, b
    assertEquals(1, r.partition(A).orElseThrow().value("count").value()); // Linf = 1
    assertEquals(1, r.partition(B).orElseThrow().value("count").value());
    assertEquals(0, r.partition(C).orElseThrow().value("count").value());
    assertEquals(1, r.partition(D).orElseThrow().value("count").value());
    assertEquals(2, r.stats().unitPartitionsDroppedByL0());
    assertEquals(2, r.stats().recordsDroppedByL0());
    assertEquals(1, r.stats().recordsDroppedByLinf());
  }

  @Test
  void randomBounding_respectsL0AndLinf_forEveryUnit() {
    DpQuery q = publicQuery(A, B, C, D).metric(Metric.count()).metric(Metric.countDistinctUnits())
        .maxPartitionsContributed(2).maxContributionsPerPartition(3).build();
    DpAggregator agg = DpAggregator.of(q, Mechanisms.secure());
    List<DpRecord> unit = new ArrayList<>();
    for (PartitionKey k : List.of(A, B, C, D)) {
      for (int i = 0; i < 10; i++) {
        unit.add(rec("u1", k));
      }
    }
    for (int trial = 0; trial < 50; trial++) {
      DpAggregator.UnitContributions uc = agg.boundUnit(unit);
      assertEquals(2, uc.contributions().size());
      for (PartitionAccumulator acc : uc.contributions().values()) {
        assertEquals(3, acc.records());
        assertEquals(1, acc.units());
      }
      assertEquals(20, uc.stats().recordsDroppedByL0());
      assertEquals(14, uc.stats().recordsDroppedByLinf());
    }
  }

  @Test
  void clamping_clampsAndCounts() {
    DpQuery q = publicQuery(A).metric(Metric.sum("x")).metric(Metric.mean("x")).bounds("x", 0, 10)
        .maxContributionsPerPartition(5).build();
    DpAggregator.Result r = DpAggregator.of(q, ZERO).aggregate(List.of(rec("u1", A, -5), rec("u1", A, 1000),
        rec("u2", A, 4)));
    assertEquals(14, r.partition(A).orElseThrow().value("sum(x)").value(), 1e-8);
    assertEquals(14.0 / 3, r.partition(A).orElseThrow().value("mean(x)").value(), 1e-8);
    assertEquals(2, r.stats().valuesClamped());
  }

  @Test
  void nanAndInfinities_areDroppedAndCounted_neverPropagated() {
    DpQuery q = publicQuery(A).metric(Metric.count()).metric(Metric.sum("x")).metric(Metric.mean("x"))
        .metric(Metric.variance("x")).metric(Metric.quantiles("x", 0.5)).bounds("x", 0, 10)
        .maxContributionsPerPartition(5).build();
    DpAggregator.Result r = DpAggregator.of(q, ZERO).aggregate(List.of(rec("u1", A, Double.NaN),
        rec("u1", A, Double.POSITIVE_INFINITY), rec("u2", A, Double.NEGATIVE_INFINITY), rec("u2", A, 4),
        rec("u3", A, 6)));
    PartitionResult a = r.partition(A).orElseThrow();
    assertEquals(5, a.value("count").value()); // records still count
    assertEquals(10, a.value("sum(x)").value(), 1e-8);
    assertEquals(5, a.value("mean(x)").value(), 1e-8);
    assertEquals(1, a.value("variance(x)").value(), 1e-6);
    for (MetricValue v : a.values()) {
      assertTrue(Double.isFinite(v.value()), v.name());
    }
    assertEquals(3, r.stats().valuesNonFinite());
  }

  @Test
  void missingPrivacyUnit_isDeadLetteredWithReasonAndField() {
    DpQuery q = publicQuery(A).metric(Metric.count()).build();
    DpAggregator agg = DpAggregator.of(q, ZERO);
    DpAggregator.Result r = agg.aggregate(Arrays.asList(rec("u1", A), rec(null, A), rec("  ", A), rec("u2", A)));
    assertEquals(2, r.partition(A).orElseThrow().value("count").value());
    assertEquals(List.of(new DpAggregator.Rejected(1, DpAggregator.MISSING_PRIVACY_UNIT, "user"),
        new DpAggregator.Rejected(2, DpAggregator.MISSING_PRIVACY_UNIT, "user")), r.deadLetters());
    assertEquals(2, r.stats().missingPrivacyUnit());
    assertEquals(4, r.stats().recordsIn());
    assertEquals(DpAggregator.MISSING_PRIVACY_UNIT, agg.deadLetterReason(rec(null, A)).orElseThrow());
    assertFalse(agg.deadLetterReason(rec("u", A)).isPresent());
    assertThrows(IllegalArgumentException.class, () -> agg.boundUnit(List.of(rec(null, A))));
    assertThrows(IllegalArgumentException.class, () -> agg.boundUnit(List.of(rec("u1", A), rec("u2", A))));
  }

  @Test
  void wrongRecordShape_fails() {
    DpQuery q = publicQuery(A).metric(Metric.sum("x")).bounds("x", 0, 1).build();
    DpAggregator agg = DpAggregator.of(q, ZERO);
    String m = assertThrows(IllegalArgumentException.class, () -> agg.aggregate(List.of(rec("u", A)))).getMessage();
    assertEquals("record values must align with the query's value columns [x]. Provided value: 0 values", m);
  }

  @Test
  void meanVarianceStddev_matchTheTextbookFormulas() {
    double[] xs = {2, 4, 4, 4, 5, 5, 7, 9};
    DpQuery q = publicQuery(A).metric(Metric.mean("x")).metric(Metric.variance("x")).metric(Metric.stddev("x"))
        .bounds("x", 0, 10).build();
    List<DpRecord> in = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) {
      in.add(rec("u" + i, A, xs[i]));
    }
    PartitionResult a = DpAggregator.of(q, ZERO).aggregate(in).partition(A).orElseThrow();
    assertEquals(5, a.value("mean(x)").value(), 1e-8);
    assertEquals(4, a.value("variance(x)").value(), 1e-6);
    assertEquals(2, a.value("stddev(x)").value(), 1e-6);
    assertEquals(5, a.value("mean(x)").confidenceInterval().orElseThrow().lowerBound(), 1e-8);
  }

  @Test
  void quantiles_areWithinOneLeafOfTheEmpiricalQuantile() {
    for (int[] shape : new int[][] {{4, 16}, {2, 4}, {3, 10}}) {
      DpQuery q = publicQuery(A).metric(Metric.quantiles("x", 0.0, 0.1, 0.25, 0.5, 0.9, 1.0)).bounds("x", 0, 1000)
          .quantileTree(shape[0], shape[1]).build();
      double leaf = 1000 / Math.pow(shape[1], shape[0]);
      Random rnd = new Random(42);
      int n = 2000;
      double[] xs = new double[n];
      List<DpRecord> in = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        xs[i] = rnd.nextDouble() * 1000 * rnd.nextDouble();
        in.add(rec("u" + i, A, xs[i]));
      }
      Arrays.sort(xs);
      PartitionResult a = DpAggregator.of(q, ZERO).aggregate(in).partition(A).orElseThrow();
      double previous = -1;
      for (double rank : q.metrics().get(0).ranks()) {
        double got = a.value("quantiles(x)[" + rank + "]").value();
        double expected = xs[Math.max(0, (int) Math.ceil(rank * n) - 1)];
        assertTrue(Math.abs(got - expected) <= leaf, "tree " + Arrays.toString(shape) + " rank " + rank
            + ": expected " + expected + " +- " + leaf + ", got " + got);
        assertTrue(got >= previous, "quantiles must not decrease with the rank");
        previous = got;
      }
    }
  }

  @Test
  void publicPartitions_emptyKeysAppearWithZeros_andUnlistedKeysAreDropped() {
    DpQuery q = publicQuery(A, B).metric(Metric.count()).metric(Metric.sum("x")).metric(Metric.mean("x"))
        .bounds("x", 2, 6).build();
    DpAggregator.Result r = DpAggregator.of(q, ZERO).aggregate(List.of(rec("u1", A, 3), rec("u2", C, 5)));
    assertEquals(List.of(A, B), r.partitions().stream().map(PartitionResult::key).toList());
    PartitionResult b = r.partition(B).orElseThrow();
    assertEquals(0, b.value("count").value());
    assertEquals(0, b.value("sum(x)").value());
    assertEquals(4, b.value("mean(x)").value(), 1e-12); // the midpoint
    assertEquals(1, r.stats().emptyPublicPartitions());
    assertEquals(1, r.stats().recordsNotInPublicPartitions());
    assertEquals(2, r.stats().partitionsKept());
  }

  @Test
  void privateSelection_inTestMode_keepsExactlyPartitionsWithKeepProbabilityAtLeastHalf() {
    for (SelectionMethod method : new SelectionMethod[] {SelectionMethod.TRUNCATED_GEOMETRIC,
        SelectionMethod.GAUSSIAN_THRESHOLDING}) {
      DpQuery q = DpQuery.builder().privacyUnit("user").groupBy("k").metric(Metric.countDistinctUnits())
          .budget(1.0, 1e-5).partitionSelection(PartitionSelection.privateSelection(BudgetShare.weight(1), method))
          .build();
      DpAggregator agg = DpAggregator.of(q, ZERO);
      PartitionSelector sel = agg.selector().orElseThrow();
      assertEquals(method, sel.method());
      List<DpRecord> in = new ArrayList<>();
      for (int n = 1; n <= 40; n++) {
        for (int u = 0; u < n; u++) {
          in.add(rec("p" + n + "u" + u, PartitionKey.of(String.format("%02d", n))));
        }
      }
      DpAggregator.Result r = agg.aggregate(in);
      int firstKept = Integer.parseInt(r.partitions().get(0).key().values().get(0));
      assertTrue(sel.keepProbability(firstKept) >= 0.5 && sel.keepProbability(firstKept - 1) < 0.5,
          method + " threshold at " + firstKept);
      assertEquals(41 - firstKept, r.partitions().size());
      assertEquals(firstKept - 1, r.stats().partitionsDroppedBySelection());
      assertTrue(firstKept > 1 && firstKept < 40, method + ": " + firstKept);
    }
  }

  @Test
  void fixedPointSums_doNotDependOnOrder_andAreExactToTheGranularity() {
    DpQuery q = publicQuery(A).metric(Metric.sum("x")).bounds("x", -1e12, 1e12).maxContributionsPerPartition(1000)
        .build();
    double g = ColumnPlan.granularity(1e12);
    List<DpRecord> in = new ArrayList<>();
    double exact = 0; // the sum of the rounded values, in units (exact in a long)
    long units = 0;
    Random rnd = new Random(7);
    for (int i = 0; i < 1000; i++) {
      double v = (i % 2 == 0 ? 1e12 : -1e12) * rnd.nextDouble() + 0.1;
      units += Math.round(v / g);
      in.add(rec("u", A, v));
    }
    exact = units * g;
    double first = DpAggregator.of(q, ZERO).aggregate(in).partition(A).orElseThrow().value("sum(x)").value();
    assertEquals(exact, first);
    for (int t = 0; t < 20; t++) {
      Collections.shuffle(in, rnd);
      assertEquals(first, DpAggregator.of(q, ZERO).aggregate(in).partition(A).orElseThrow().value("sum(x)").value());
    }
  }

  @Test
  void fixedPointGranularity_givesAtMost2Pow31UnitsPerValue() {
    // below 2^-991 the granularity stops at the smallest normal double (fewer units, never more)
    assertEquals(Double.MIN_NORMAL, ColumnPlan.granularity(1e-300));
    for (double m : new double[] {1e-290, 0.1, 1, 3, 1e6, 1e300}) {
      double g = ColumnPlan.granularity(m);
      assertTrue(m / g <= 0x1p31 && m / g > 0x1p30, m + " / " + g);
      assertEquals(g, Math.scalb(1.0, Math.getExponent(g)), "a power of two");
    }
  }

  @Test
  void int128_sumsBeyondTheLongRange_andSaturates() {
    Int128 s = new Int128();
    for (int i = 0; i < 4; i++) {
      s.add(Long.MAX_VALUE);
    }
    assertEquals(java.math.BigInteger.valueOf(Long.MAX_VALUE).multiply(java.math.BigInteger.valueOf(4)),
        s.toBigInteger());
    assertEquals(Long.MAX_VALUE, s.saturatedLong());
    for (int i = 0; i < 8; i++) {
      s.add(Long.MIN_VALUE);
    }
    assertEquals(Long.MIN_VALUE, s.saturatedLong());
    Int128 t = new Int128();
    t.add(-5);
    t.add(3);
    assertEquals(-2, t.saturatedLong());
  }

  @Test
  void merge_isOrderIndependent_andAccumulatorsSurviveSerialization() throws Exception {
    DpQuery q = publicQuery(A).metric(Metric.count()).metric(Metric.variance("x")).metric(Metric.quantiles("x", 0.5))
        .metric(Metric.sum("x")).bounds("x", -3, 8).maxContributionsPerPartition(3).build();
    DpAggregator agg = DpAggregator.of(q, ZERO);
    List<PartitionAccumulator> parts = new ArrayList<>();
    Random rnd = new Random(3);
    for (int u = 0; u < 30; u++) {
      List<DpRecord> recs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        recs.add(rec("u" + u, A, rnd.nextGaussian() * 5));
      }
      parts.add(agg.boundUnit(recs).contributions().get(A));
    }
    PartitionAccumulator left = agg.emptyAccumulator();
    for (PartitionAccumulator p : parts) {
      agg.merge(left, roundTrip(p));
    }
    Collections.shuffle(parts, rnd);
    PartitionAccumulator half1 = agg.emptyAccumulator();
    PartitionAccumulator half2 = agg.emptyAccumulator();
    for (int i = 0; i < parts.size(); i++) {
      agg.merge(i % 2 == 0 ? half1 : half2, parts.get(i));
    }
    PartitionAccumulator right = agg.merge(half2, half1);
    assertTrue(left.sameState(right));
    assertEquals(90, right.records());
    assertEquals(30, right.units());
    DpAggregator other = DpAggregator.of(q.toBuilder().maxContributionsPerPartition(4).build(), ZERO);
    assertThrows(IllegalArgumentException.class, () -> other.merge(other.emptyAccumulator(), left));
  }

  @Test
  void aggregate_inTestMode_isIndependentOfInputOrder() {
    DpQuery q = publicQuery(A, B, C).metric(Metric.count()).metric(Metric.mean("x")).metric(Metric.quantiles("x", 0.3))
        .bounds("x", 0, 50).maxPartitionsContributed(2).maxContributionsPerPartition(2).build();
    Random rnd = new Random(11);
    List<DpRecord> in = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      in.add(rec("u" + rnd.nextInt(20), List.of(A, B, C).get(rnd.nextInt(3)), rnd.nextDouble() * 60));
    }
    String first = DpAggregator.of(q, ZERO).aggregate(in).partitions().toString();
    for (int t = 0; t < 5; t++) {
      Collections.shuffle(in, rnd);
      assertEquals(first, DpAggregator.of(q, ZERO).aggregate(in).partitions().toString());
    }
  }

  @Test
  void aggregator_survivesSerialization_andGivesTheSameResults() throws Exception {
    DpQuery q = DpQuery.builder().privacyUnit("user").groupBy("k").metric(Metric.count())
        .metric(Metric.stddev("x")).metric(Metric.quantiles("x", 0.5)).bounds("x", 0, 50).budget(1, 1e-5)
        .noise(NoiseKind.GAUSSIAN).build();
    DpAggregator agg = DpAggregator.of(q, ZERO);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(agg);
    }
    DpAggregator back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (DpAggregator) in.readObject();
    }
    List<DpRecord> in = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      in.add(rec("u" + i, i % 2 == 0 ? A : B, i % 37));
    }
    String expected = agg.aggregate(in).partitions().toString();
    assertEquals(expected, back.aggregate(in).partitions().toString());
    assertEquals(2, back.aggregate(in).partitions().size());
  }

  private static PartitionAccumulator roundTrip(PartitionAccumulator p) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(p);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (PartitionAccumulator) in.readObject();
    }
  }
}
