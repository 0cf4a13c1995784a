package dev.veil.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.SpecException;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.schema.Schema;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.spec.SourceSpec;
import dev.veil.core.stage.builtin.CastStage;
import dev.veil.core.stage.builtin.FilterStage;
import dev.veil.core.stage.builtin.SelectStage;
import dev.veil.privacy.detect.DetectStage;
import dev.veil.privacy.mask.MaskStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelinePlannerTest {

  private static final Schema SOURCE = Schema.of(Field.of("id", FieldType.STRING), Field.of("age", FieldType.STRING),
      Field.of("contact", FieldType.STRING));

  private static PipelineSpec spec(dev.veil.core.stage.StageSpec... stages) {
    PipelineSpec.Builder b = PipelineSpec.builder("people").source(SourceSpec.csv("in.csv")).sink(SinkSpec.parquet("out"));
    for (var s : stages) b.stage(s);
    return b.build();
  }

  /** Adults have e-mail contacts; minors have other text, so detection depends on which rows reach it. */
  private static List<Object[]> sample() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(new Object[] {"a" + i, "30", "adult" + i + "@example.com"});
      rows.add(new Object[] {"m" + i, "12", "n/a"});
    }
    rows.add(new Object[] {"bad", "unknown", "x@example.com"});
    return rows;
  }

  /** A stage that passes records through unchanged and keeps the sample it was planned with. */
  static final class CapturingStage implements dev.veil.core.stage.StageSpec {
    transient List<Object[]> seen;

    @Override
    public String type() {
      return "capture";
    }

    @Override
    public String name() {
      return "capture";
    }

    @Override
    public Map<String, Object> params() {
      return Map.of();
    }

    @Override
    public dev.veil.core.stage.StagePlan plan(dev.veil.core.stage.StageContext context) {
      seen = context.sample();
      return new dev.veil.core.stage.StagePlan(context.input(), List.of(),
          new dev.veil.core.stage.StageDescription("capture", "capture", Map.of(), List.of(), List.of()), List.of());
    }
  }

  private static dev.veil.core.stage.StageSpec kanonymize(int k) {
    return (dev.veil.core.stage.StageSpec) dev.veil.core.stage.StageRegistry.builtIn().parse(dev.veil.core.spec.SpecNode.parse("stage.yaml",
        new java.io.StringReader("type: kanonymize\nquasiIdentifiers: [age]\nk: " + k + "\nalgorithm: mondrian\n")));
  }

  @Test
  void plan_stagesAfterKAnonymizationSeeTheSampleGeneralizedByItsOwnPlan() {
    CapturingStage capture = new CapturingStage();
    PipelinePlanner.plan(spec(CastStage.of(Map.of("age", FieldType.LONG)), kanonymize(3), capture), SOURCE, List.of("in.csv"), ages());
    assertEquals(20, capture.seen.size(), "the 20 typed records, generalized; the failed cast was dead-lettered earlier");
    Map<Object, Integer> classes = new java.util.HashMap<>();
    for (Object[] r : capture.seen) classes.merge(r[1], 1, Integer::sum);
    assertTrue(classes.size() > 1 && classes.size() < 20, classes.toString());
    for (Map.Entry<Object, Integer> e : classes.entrySet()) {
      assertTrue(e.getValue() >= 3, "every age class of the sample holds at least k = 3 records: " + classes);
      assertTrue(e.getKey() instanceof String && !((String) e.getKey()).matches("\\d+"), "generalized, not a single age: " + e.getKey());
    }
  }

  @Test
  void plan_whenTheSampleAdmitsNoPlan_laterStagesSeeItsTextFormsUngeneralized() {
    CapturingStage capture = new CapturingStage();
    PipelinePlanner.plan(spec(CastStage.of(Map.of("age", FieldType.LONG)), kanonymize(50), capture), SOURCE, List.of("in.csv"), ages());
    List<Object> seen = capture.seen.stream().map(r -> r[1]).toList();
    assertEquals(java.util.stream.IntStream.range(0, 20).mapToObj(i -> String.valueOf(20 + i)).toList(), seen,
        "k = 50 is larger than the sample: only the type changes to the text form");
  }

  /** Twenty people aged 20 to 39, and one whose age does not cast. */
  private static List<Object[]> ages() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) rows.add(new Object[] {"p" + i, String.valueOf(20 + i), "n/a"});
    rows.add(new Object[] {"bad", "unknown", "n/a"});
    return rows;
  }

  @Test
  void plan_stagesSeeTheSampleAfterEarlierStages() {
    PipelineSpec spec = spec(CastStage.of(Map.of("age", FieldType.LONG)), FilterStage.of("age >= 18"), DetectStage.defaults(),
        MaskStage.allPii());
    PipelinePlan plan = PipelinePlanner.plan(spec, SOURCE, List.of("in.csv"), sample());
    assertEquals(4, plan.stages().size());
    Schema afterDetect = plan.stages().get(2).output();
    assertTrue(afterDetect.require("contact", "t").tags().piiClasses().contains(PiiClass.EMAIL_ADDRESS),
        "only adults (all e-mails) reach detect; the failed cast and the minors are not in its sample");
    assertTrue(plan.stages().get(2).plan().notes().get(0).contains("sample of 10 record(s)"), plan.stages().get(2).plan().notes().toString());
    assertTrue(plan.outputSchema().require("contact", "t").tags().masked());
    assertEquals(FieldType.LONG, plan.outputSchema().require("age", "t").type());
  }

  @Test
  void plan_recordsInputAndOutputSchemaOfEveryStageAndIndexes() {
    PipelineSpec spec = spec(SelectStage.of("age", "id"), CastStage.of(Map.of("age", FieldType.LONG)));
    PipelinePlan plan = PipelinePlanner.plan(spec, SOURCE, List.of("a.csv", "b.csv"), List.of());
    PlannedStage first = plan.stages().get(0);
    PlannedStage second = plan.stages().get(1);
    assertEquals(1, first.index());
    assertEquals(SOURCE, first.input());
    assertEquals(List.of("age", "id"), first.output().names());
    assertEquals(2, second.index());
    assertEquals(first.output(), second.input());
    assertEquals(second.output(), plan.outputSchema());
    assertEquals(SOURCE, plan.sourceSchema());
    assertEquals(List.of("a.csv", "b.csv"), plan.sourceFiles());
    assertEquals("source", plan.stageName(0));
    assertEquals("select", plan.stageName(1));
    assertEquals("cast", plan.stageName(2));
  }

  @Test
  void plan_noStages_outputIsTheSourceSchema() {
    PipelinePlan plan = PipelinePlanner.plan(spec(), SOURCE, List.of("in.csv"), List.of());
    assertEquals(SOURCE, plan.outputSchema());
  }

  @Test
  void plan_stageThatDoesNotFit_failsNamingPipelineStageIndexNameAndType() {
    PipelineSpec spec = spec(CastStage.of(Map.of("age", FieldType.LONG)), new FilterStage("adults", "age >= 'x'", false));
    String m = assertThrows(SpecException.class, () -> PipelinePlanner.plan(spec, SOURCE, List.of(), List.of())).getMessage();
    assertTrue(m.startsWith("people: stage 2 'adults' (filter): "), m);
    assertTrue(m.contains("field 'age' (long)"), m);
  }

  @Test
  void plan_sampleRowsFailingAStage_doNotFailPlanning() {
    PipelineSpec spec = spec(CastStage.of(Map.of("age", FieldType.LONG)), FilterStage.of("age > 0").withDeadLetterRejected(true),
        DetectStage.defaults());
    List<Object[]> rows = List.of(new Object[] {"1", "x", "a@example.com"}, new Object[] {"2", "-1", "b@example.com"},
        new Object[] {"3", "5", "c@example.com"});
    PipelinePlan plan = PipelinePlanner.plan(spec, SOURCE, List.of(), rows);
    assertTrue(plan.stages().get(2).plan().notes().get(0).contains("sample of 1 record(s)"));
    assertFalse(plan.stages().isEmpty());
  }
}
