package dev.veil.privacy.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The declarative form of {@link DpQuery}. */
class DpQueryMapsTest {

  @Test
  void cliStyleStrings_parseToTheSameQueryAsTheBuilder() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("privacyUnit", "user");
    m.put("groupBy", "day,shop");
    m.put("metrics", "count, sum(x), mean(x), quantiles(y;0.5;0.9)");
    m.put("bounds", "x=0:100,y=-5:-1");
    m.put("epsilon", 1.0);
    m.put("delta", "1e-6");
    DpQuery expected = DpQuery.builder().privacyUnit("user").groupBy("day", "shop").metric(Metric.count())
        .metric(Metric.sum("x")).metric(Metric.mean("x")).metric(Metric.quantiles("y", 0.5, 0.9))
        .bounds("x", 0, 100).bounds("y", -5, -1).budget(1.0, 1e-6).build();
    assertEquals(expected, DpQueryMaps.fromMap(m));
  }

  @Test
  void toMap_thenFromMap_isTheSameQuery() {
    DpQuery q = DpQuery.builder().privacyUnit("user").groupBy("day").metric(Metric.count().withBudget(0.2, 0))
        .metric(Metric.stddev("x").withWeight(3)).metric(Metric.quantiles("x", 0.1)).bounds("x", -1, 1)
        .budget(1.0, 0).maxPartitionsContributed(4).maxContributionsPerPartition(2).quantileTree(3, 8)
        .partitionSelection(PartitionSelection.publicPartitions(List.of(PartitionKey.of("mon"),
            PartitionKey.of((String) null)))).build();
    assertEquals(q, DpQueryMaps.fromMap(DpQueryMaps.toMap(q)));
    DpQuery g = DpQuery.builder().privacyUnit("user").groupBy("day").metric(Metric.count().withBudget(0.2, 1e-6))
        .metric(Metric.variance("x")).bounds("x", -1, 1).noise(NoiseKind.GAUSSIAN).budget(1.0, 1e-5)
        .partitionSelection(PartitionSelection.privateSelection(BudgetShare.weight(2),
            SelectionMethod.GAUSSIAN_THRESHOLDING)).build();
    assertEquals(g, DpQueryMaps.fromMap(DpQueryMaps.toMap(g)));
  }

  @Test
  void badSettings_failNamingTheKey() {
    Map<String, Object> m = new LinkedHashMap<>(Map.of("privacyUnit", "u", "metrics", "count", "epsilon", 1.0,
        "delta", 1e-6));
    m.put("epsilonn", 1);
    assertEquals("dp-aggregate has no setting 'epsilonn'. Valid settings: [bounds, delta, epsilon, groupBy, "
        + "maxContributionsPerPartition, maxPartitionsContributed, metrics, noise, partitionSelection, privacyUnit, "
        + "quantileTree]. Provided value: epsilonn",
        assertThrows(IllegalArgumentException.class, () -> DpQueryMaps.fromMap(m)).getMessage());
    m.remove("epsilonn");
    m.put("metrics", "median(x)");
    assertEquals("metric must be one of count, count_distinct_units, sum, mean, variance, stddev, quantiles. "
        + "Provided value: median", assertThrows(IllegalArgumentException.class, () -> DpQueryMaps.fromMap(m))
        .getMessage());
    m.put("metrics", "sum(x)");
    m.put("bounds", "x=0..100");
    assertEquals("bounds must look like 'x=0:100'. Provided value: x=0..100",
        assertThrows(IllegalArgumentException.class, () -> DpQueryMaps.fromMap(m)).getMessage());
    m.put("bounds", "x=0:100");
    m.put("noise", "cauchy");
    assertEquals("noise must be one of [laplace, gaussian]. Provided value: cauchy",
        assertThrows(IllegalArgumentException.class, () -> DpQueryMaps.fromMap(m)).getMessage());
    m.remove("noise");
    m.put("epsilon", "lots");
    assertEquals("epsilon must be a number. Provided value: lots",
        assertThrows(IllegalArgumentException.class, () -> DpQueryMaps.fromMap(m)).getMessage());
    m.put("epsilon", -1);
    assertEquals("epsilon must be > 0 and finite. Provided value: -1.0",
        assertThrows(IllegalArgumentException.class, () -> DpQueryMaps.fromMap(m)).getMessage());
  }
}
