package dev.veil.privacy.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Builder validation and budget allocation of {@link DpQuery}. */
class DpQueryTest {

  private static DpQuery.Builder base() {
    return DpQuery.builder().privacyUnit("user").groupBy("day").metric(Metric.count()).metric(Metric.sum("x"))
        .bounds("x", 0, 10).budget(1.0, 1e-6);
  }

  private static String error(DpQuery.Builder b) {
    return assertThrows(IllegalArgumentException.class, b::build).getMessage();
  }

  @Test
  void weights_splitEpsilonProportionally_andDeltaGoesToSelectionUnderLaplace() {
    DpQuery q = DpQuery.builder().privacyUnit("user").groupBy("day").metric(Metric.count().withWeight(2))
        .metric(Metric.sum("x")).bounds("x", 0, 10).budget(1.2, 1e-6)
        .partitionSelection(PartitionSelection.privateSelection(BudgetShare.weight(1), SelectionMethod.AUTO))
        .build();
    assertEquals(0.6, q.allocation().get("count").epsilon(), 1e-12);
    assertEquals(0.0, q.allocation().get("count").delta());
    assertEquals(0.3, q.allocation().get("sum(x)").epsilon(), 1e-12);
    assertEquals(0.3, q.selectionBudget().orElseThrow().epsilon(), 1e-12);
    assertEquals(1e-6, q.selectionBudget().orElseThrow().delta(), 1e-18);
  }

  @Test
  void gaussian_splitsDeltaAmongMetricsAndSelectionByWeight() {
    DpQuery q = base().noise(NoiseKind.GAUSSIAN).build();
    assertEquals(1.0 / 3, q.allocation().get("count").epsilon(), 1e-12);
    assertEquals(1e-6 / 3, q.allocation().get("sum(x)").delta(), 1e-18);
    assertEquals(1e-6 / 3, q.selectionBudget().orElseThrow().delta(), 1e-18);
  }

  @Test
  void absoluteShares_thatAddUp_areUsedAsGiven() {
    DpQuery q = DpQuery.builder().privacyUnit("user").groupBy("day").metric(Metric.count().withBudget(0.25, 0))
        .metric(Metric.sum("x").withBudget(0.5, 0)).bounds("x", 0, 10).budget(1.0, 1e-6)
        .partitionSelection(PartitionSelection.privateSelection(BudgetShare.absolute(0.25, 1e-6),
            SelectionMethod.AUTO)).build();
    assertEquals(0.25, q.allocation().get("count").epsilon());
    assertEquals(0.5, q.allocation().get("sum(x)").epsilon());
    assertEquals(0.25, q.selectionBudget().orElseThrow().epsilon());
  }

  @Test
  void absoluteShares_thatDoNotAddUp_fail() {
    String m = error(DpQuery.builder().privacyUnit("user").groupBy("day")
        .metric(Metric.count().withBudget(0.25, 0)).metric(Metric.sum("x").withBudget(0.5, 0)).bounds("x", 0, 10)
        .budget(1.0, 1e-6).partitionSelection(PartitionSelection.privateSelection(BudgetShare.absolute(0.2, 1e-6),
            SelectionMethod.AUTO)));
    assertTrue(m.startsWith("budget split does not add up"), m);
    assertTrue(m.endsWith("Provided value: 0.95"), m);
  }

  @Test
  void absoluteShares_exceedingTheTotal_fail() {
    String m = error(base().metric(Metric.mean("x").withBudget(2.0, 0)));
    assertTrue(m.startsWith("budget split does not add up"), m);
  }

  @Test
  void absoluteDeltas_notSummingToTotal_fail() {
    String m = error(DpQuery.builder().privacyUnit("user").groupBy("day").metric(Metric.count().withBudget(0.5, 0))
        .budget(1.0, 1e-6).partitionSelection(PartitionSelection.privateSelection(BudgetShare.absolute(0.5, 1e-7),
            SelectionMethod.AUTO)));
    assertTrue(m.startsWith("budget split does not add up"), m);
  }

  @Test
  void laplaceMetric_withAbsoluteDelta_fails() {
    assertEquals("delta of count must be 0 (Laplace metrics use no delta). Provided value: 1.0E-7",
        error(DpQuery.builder().privacyUnit("user").metric(Metric.count().withBudget(0.1, 1e-7))
            .metric(Metric.sum("x")).bounds("x", 0, 10).budget(1.0, 1e-6)));
  }

  @Test
  void epsilon_nan_infinite_zero_negative_fail() {
    for (double e : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 0, -1}) {
      String m = assertThrows(IllegalArgumentException.class, () -> base().budget(e, 1e-6)).getMessage();
      assertEquals("epsilon must be > 0 and finite. Provided value: " + e, m);
    }
  }

  @Test
  void delta_outOfRange_fails() {
    for (double d : new double[] {Double.NaN, -1e-9, 1.0}) {
      String m = assertThrows(IllegalArgumentException.class, () -> base().budget(1, d)).getMessage();
      assertEquals("delta must be >= 0 and < 1. Provided value: " + d, m);
    }
  }

  @Test
  void privateSelection_withoutDelta_fails() {
    String m = error(base().budget(1.0, 0));
    assertTrue(m.startsWith("delta must be > 0 when Gaussian noise or private partition selection is used"), m);
  }

  @Test
  void publicPartitions_withLaplace_needNoDelta_andRejectAnUnusedDelta() {
    DpQuery.Builder b = base().budget(1.0, 0)
        .partitionSelection(PartitionSelection.publicPartitions(List.of(PartitionKey.of("mon"))));
    DpQuery q = b.build();
    assertFalse(q.selectionBudget().isPresent());
    assertEquals(0.5, q.allocation().get("count").epsilon(), 1e-12);
    String m = error(b.budget(1.0, 1e-6));
    assertTrue(m.startsWith("budget split does not add up: the total delta"), m);
  }

  @Test
  void gaussian_withoutDelta_fails() {
    String m = error(base().budget(1.0, 0).noise(NoiseKind.GAUSSIAN)
        .partitionSelection(PartitionSelection.publicPartitions(List.of(PartitionKey.of("mon")))));
    assertEquals("delta must be > 0 when Gaussian noise or private partition selection is used (or use Laplace "
        + "noise with public partitions). Provided value: 0.0", m);
  }

  @Test
  void missingBounds_unusedBounds_badBounds_fail() {
    assertEquals("bounds must be declared for every value column (call bounds(\"y\", lower, upper)). "
        + "Provided value: none for y", error(base().metric(Metric.mean("y"))));
    assertEquals("bounds are declared for a column no metric reads. Provided value: z",
        error(base().bounds("z", 0, 1)));
    assertEquals("upper bound must be > lower bound. Provided value: [1.0, 1.0]",
        assertThrows(IllegalArgumentException.class, () -> Bounds.of(1, 1)).getMessage());
    assertEquals("lower bound must be finite. Provided value: NaN",
        assertThrows(IllegalArgumentException.class, () -> Bounds.of(Double.NaN, 1)).getMessage());
    assertEquals("upper bound must be finite. Provided value: Infinity",
        assertThrows(IllegalArgumentException.class, () -> Bounds.of(0, Double.POSITIVE_INFINITY)).getMessage());
  }

  @Test
  void contributionBounds_outOfRange_fail() {
    assertEquals("maxPartitionsContributed must be >= 1 and <= 1000000. Provided value: 0",
        error(base().maxPartitionsContributed(0)));
    assertEquals("maxContributionsPerPartition must be >= 1 and <= 1000000. Provided value: 1000001",
        error(base().maxContributionsPerPartition(1_000_001)));
  }

  @Test
  void otherStructuralErrors_fail() {
    assertEquals("privacyUnit must be a non-blank column name. Provided value: null",
        error(DpQuery.builder().metric(Metric.count()).budget(1, 1e-6)));
    assertEquals("metrics must not be empty. Provided value: []",
        error(DpQuery.builder().privacyUnit("u").budget(1, 1e-6)));
    assertEquals("metric must not repeat. Provided value: count", error(base().metric(Metric.count())));
    assertEquals("groupBy column must not be the privacy unit (its values would be released). Provided value: user",
        error(base().groupBy("user")));
    assertEquals("rank must be >= 0 and <= 1. Provided value: 1.5",
        assertThrows(IllegalArgumentException.class, () -> Metric.quantiles("x", 0.5, 1.5)).getMessage());
    assertEquals("weight must be > 0 and finite. Provided value: NaN",
        assertThrows(IllegalArgumentException.class, () -> Metric.count().withWeight(Double.NaN)).getMessage());
    assertEquals("budget must be set (call budget(epsilon, delta)). Provided value: null",
        error(DpQuery.builder().privacyUnit("u").metric(Metric.count())));
  }

  @Test
  void hugeBoundsTimesContributions_stillValid_butOverflowingScaleFails() {
    // bounds of 1e300 are fine in fixed point (units are relative), tiny epsilon with huge L0*Linf is not
    base().bounds("x", -1e300, 1e300).build();
    String m = error(base().budget(0x1p-50, 1e-6).maxPartitionsContributed(1_000_000)
        .maxContributionsPerPartition(1_000_000));
    assertTrue(m.contains("must be"), m);
  }

  @Test
  void query_isSerializable_andEqualAfterRoundTrip() throws Exception {
    DpQuery q = base().metric(Metric.quantiles("x", 0.1, 0.9)).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(q);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      DpQuery back = (DpQuery) in.readObject();
      assertEquals(q, back);
      assertEquals(q.allocation(), back.allocation());
      assertEquals(q.toString(), back.toString());
    }
  }

  @Test
  void valueColumns_areDistinctInFirstUseOrder() {
    DpQuery q = DpQuery.builder().privacyUnit("u").metric(Metric.sum("b")).metric(Metric.mean("a"))
        .metric(Metric.variance("b")).bounds("a", 0, 1).bounds("b", 0, 1).budget(1, 1e-6).build();
    assertEquals(List.of("b", "a"), q.valueColumns());
  }
}
