package dev.veil.privacy.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.SpecException;
import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PipelinePlanner;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.spec.SourceSpec;
import dev.veil.core.spec.SpecNode;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.Op;
import dev.veil.core.stage.StagePlan;
import dev.veil.core.stage.StageRegistry;
import dev.veil.core.stage.builtin.DropStage;
import dev.veil.privacy.dp.DpTesting;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DpAggregateStageTest {
  static final Schema INPUT = Schema.of(Field.of("customer_id", FieldType.STRING), Field.of("country", FieldType.STRING),
      Field.of("income", FieldType.DOUBLE), Field.of("age", FieldType.LONG), Field.of("notes", FieldType.STRING));

  static final String YAML = String.join("\n",
      "type: dp-aggregate",
      "dataset: customers",
      "privacyUnit: customer_id",
      "groupBy: [country]",
      "metrics: \"count, sum(income), mean(age), quantiles(age;0.5)\"",
      "bounds: \"income=0:200000, age=18:100\"",
      "epsilon: 1.0",
      "maxPartitionsContributed: 2",
      "maxContributionsPerPartition: 1",
      "partitions: [DE, US]",
      "");

  static DpAggregateStage parse(String yaml) {
    return (DpAggregateStage) StageRegistry.builtIn().parse(SpecNode.parse("stage.yaml", new StringReader(yaml)));
  }

  static PipelineSpec pipeline(dev.veil.core.stage.StageSpec... stages) {
    PipelineSpec.Builder b = PipelineSpec.builder("dp").source(SourceSpec.csv("in.csv")).sink(SinkSpec.csv("out"));
    for (var s : stages) b.stage(s);
    return b.build();
  }

  @Test
  void specForm_parsesAndRoundTrips() {
    DpAggregateStage s = parse(YAML);
    assertEquals("customers", s.dataset());
    assertEquals(List.of(PartitionKey.of("DE"), PartitionKey.of("US")), s.query().selection().publicKeys());
    assertFalse(s.mechanisms().isZeroNoiseForTests());
    assertEquals(s, DpAggregateStage.fromMap(s.name(), s.params()));
  }

  @Test
  void noSpecKeyTurnsOnZeroNoise() {
    SpecException e = assertThrows(SpecException.class, () -> parse(YAML + "mechanisms: zero\n"));
    assertTrue(e.getMessage().contains("mechanisms"), e.getMessage());
    assertTrue(parse(YAML).withZeroNoiseForTests(DpTesting.FOR_TESTS_ONLY).mechanisms().isZeroNoiseForTests());
  }

  @Test
  void plan_outputColumnsAreKeysAndFourColumnsPerValue_taggedAsDpAggregates() {
    StagePlan p = parse(YAML).plan(new dev.veil.core.stage.StageContext(INPUT, 1, List.of()));
    List<String> expected = new ArrayList<>(List.of("country"));
    for (String m : List.of("count", "sum_income", "mean_age", "p50_age")) {
      expected.addAll(List.of(m, m + "_stddev", m + "_ci_low", m + "_ci_high"));
    }
    assertEquals(expected, p.output().names());
    for (Field f : p.output().fields()) {
      assertTrue(f.tags().transforms().contains(DpAggregation.TRANSFORM), f.name());
    }
    assertTrue(p.ops().get(0) instanceof Op.Aggregate);
    FieldLineage sum = p.description().writes().stream().filter(w -> w.output().equals("sum_income")).findFirst().orElseThrow();
    assertEquals("AGGREGATION", sum.subtype());
    assertTrue(sum.masking() && sum.description().contains("differentially private"), sum.description());
    @SuppressWarnings("unchecked")
    Map<String, Object> split = (Map<String, Object>) p.description().parameters().get("budgetSplit");
    double total = 0;
    for (Object v : split.values()) total += (Double) ((Map<?, ?>) v).get("epsilon");
    assertEquals(1.0, total, 1e-9, "the split adds up to epsilon: " + split);
    assertFalse(p.description().reads().contains("notes"));
  }

  @Test
  void budgetSplitNote_readsAsAskedWhileTheDescriptionKeepsTheExactShares() {
    String yaml = YAML.replace("epsilon: 1.0", "epsilon: 0.6")
        .replace("\"count, sum(income), mean(age), quantiles(age;0.5)\"", "\"count, sum(income), mean(age)\"");
    StagePlan p = parse(yaml).plan(new dev.veil.core.stage.StageContext(INPUT, 1, List.of()));
    assertTrue(p.notes().contains(
        "budget split: count epsilon=0.2 delta=0, sum(income) epsilon=0.2 delta=0, mean(age) epsilon=0.2 delta=0"), p.notes().toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> split = (Map<String, Object>) p.description().parameters().get("budgetSplit");
    assertEquals(List.of("count", "sum(income)", "mean(age)"), List.copyOf(split.keySet()));
    assertEquals(0.6 / 3, (Double) ((Map<?, ?>) split.get("count")).get("epsilon"));
  }

  @Test
  void planner_rejectsAnAggregateThatIsNotTheLastStage() {
    SpecException e = assertThrows(SpecException.class, () -> PipelinePlanner.plan(pipeline(parse(YAML), DropStage.of("country")),
        INPUT, List.of("in.csv"), List.of()));
    assertTrue(e.getMessage().contains("must be the last stage"), e.getMessage());
    PipelinePlan ok = PipelinePlanner.plan(pipeline(DropStage.of("notes"), parse(YAML)), INPUT, List.of("in.csv"),
        List.<Object[]>of(new Object[] {"c1", "DE", 10.0, 30L, "x"}));
    assertEquals("country", ok.outputSchema().names().get(0));
  }

  @Test
  void referenceExecution_matchesTheAggregator_andApplyRefusesPerRecord() {
    DpAggregateStage s = parse(YAML).withZeroNoiseForTests(DpTesting.FOR_TESTS_ONLY);
    StagePlan p = s.plan(new dev.veil.core.stage.StageContext(INPUT, 1, List.of()));
    dev.veil.core.plan.StageExecutor ex = new dev.veil.core.plan.StageExecutor(INPUT, p.ops());
    List<Object[]> rows = List.of(
        new Object[] {"a", "DE", 100.0, 30L, null},
        new Object[] {"a", "US", 300.0, 50L, null},
        new Object[] {"b", "DE", 500000.0, 10L, null},
        new Object[] {null, "DE", 1.0, 40L, null});
    DpAggregation.RowsResult r = ex.aggregate(rows);
    assertEquals(1, r.deadLetters().size());
    assertEquals(2, r.rows().size());
    Object[] de = r.rows().get(0);
    assertEquals("DE", de[0]);
    assertEquals(2.0, de[1]);
    assertEquals(200_100.0, (Double) de[5], 1e-6, "b's income clamped to 200000");
    assertEquals(2, r.stats().valuesClamped(), "b's income and age are clamped: " + r.stats());
    assertThrows(IllegalStateException.class, () -> ex.apply(rows.get(0)));
  }
}
