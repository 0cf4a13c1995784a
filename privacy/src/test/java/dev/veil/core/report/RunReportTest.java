package dev.veil.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PlannedStage;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Tags;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.spec.SourceSpec;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.builtin.CastStage;
import dev.veil.core.stage.builtin.DropStage;
import dev.veil.core.stage.builtin.FilterStage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportTest {

  private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

  /** source (csv) -> 1 cast -> 2 filter -> 3 drop, built by hand. */
  private static PipelinePlan plan() {
    Schema source = Schema.of(Field.of("id", FieldType.STRING), Field.of("age", FieldType.STRING),
        Field.of("email", FieldType.STRING).withTags(Tags.NONE.withPii(PiiClass.EMAIL_ADDRESS)));
    CastStage cast = CastStage.of(Map.of("age", FieldType.LONG));
    FilterStage filter = new FilterStage("adults", "age >= 18", false);
    DropStage drop = DropStage.of("id");
    PipelineSpec spec = PipelineSpec.builder("people").source(SourceSpec.csv("in.csv")).stage(cast).stage(filter).stage(drop)
        .sink(SinkSpec.parquet("/out/people")).build();
    PlannedStage s1 = new PlannedStage(1, cast, source, cast.plan(new StageContext(source, 1, List.of())));
    PlannedStage s2 = new PlannedStage(2, filter, s1.output(), filter.plan(new StageContext(s1.output(), 2, List.of())));
    PlannedStage s3 = new PlannedStage(3, drop, s2.output(), drop.plan(new StageContext(s2.output(), 3, List.of())));
    return new PipelinePlan(spec, source, List.of("in.csv"), List.of(s1, s2, s3));
  }

  private static RunCounts counts() {
    RunCounts c = new RunCounts(3);
    c.addRead(60);
    c.addRead(40);
    c.addDead(0, 3);        // malformed source records
    c.addDead(1, 5);        // cast failures
    c.addFiltered(2, 12);
    c.addNanos(1, 1_500_000);
    c.addNanos(1, 1_000_000);
    c.addNanos(3, 999_999);
    return c;
  }

  private static RunReport report() {
    return RunReport.of("run-1", plan(), "spark", "3.5.9", START, Duration.ofMillis(2500), counts());
  }

  @Test
  void of_derivesEveryStagesCountsFromTheRunCounts() {
    List<StageMetrics> s = report().stages();
    assertEquals(List.of(
        new StageMetrics(0, "source", "csv", 100, 97, 0, 3, -1),
        new StageMetrics(1, "cast", "cast", 97, 92, 0, 5, 2),
        new StageMetrics(2, "adults", "filter", 92, 80, 12, 0, -1),
        new StageMetrics(3, "drop", "drop", 80, 80, 0, 0, 0)), s);
  }

  @Test
  void of_totalsReconcileInputWithOutputFilteredAndDeadLettered() {
    RunReport r = report();
    assertEquals(100, r.input());
    assertEquals(80, r.output());
    assertEquals(12, r.filtered());
    assertEquals(8, r.deadLettered());
    assertTrue(r.reconciles());
  }

  @Test
  void of_copiesIdentityPathsNotesAndOutputSchema() {
    RunReport r = report();
    assertEquals("people", r.pipeline());
    assertEquals("/out/people", r.outputPath());
    assertEquals("/out/people-dead-letter", r.deadLetterPath());
    assertEquals("/out/people-report.json", r.reportPath());
    assertEquals(Map.of("3 drop", List.of("dropped [id]")), r.notes());
    assertEquals(List.of(
        Map.of("name", "age", "type", "long", "tags", List.of()),
        Map.of("name", "email", "type", "string", "tags", List.of("pii:EMAIL_ADDRESS"))), r.outputSchema());
  }

  @Test
  void reconciles_inconsistentStage_isFalse() {
    RunReport r = report();
    RunReport broken = new RunReport(r.runId(), r.pipeline(), r.engine(), r.engineVersion(), r.startedAt(), r.wallTime(),
        List.of(new StageMetrics(0, "source", "csv", 10, 9, 0, 0, -1)), Map.of(), 10, 9, 0, 1, List.of(), "o", "d", "r");
    assertFalse(broken.reconciles());
    RunReport totals = new RunReport(r.runId(), r.pipeline(), r.engine(), r.engineVersion(), r.startedAt(), r.wallTime(),
        r.stages(), Map.of(), 100, 80, 12, 7, List.of(), "o", "d", "r");
    assertFalse(totals.reconciles());
  }

  @Test
  void toText_showsTheTableTheReconciliationAndFusedStages() {
    String t = report().toText();
    assertTrue(t.contains("input 100 = output 80 + filtered 12 + dead-letter 8  ->  reconciled"), t);
    assertTrue(t.contains("fused"), t);
    assertTrue(t.contains("- dropped [id]"), t);
    assertTrue(t.contains("wall=2.5s"), t);
  }

  @Test
  void toJson_holdsTotalsStagesAndSchema() throws Exception {
    JsonNode j = new ObjectMapper().readTree(report().toJson());
    assertEquals("run-1", j.get("runId").asText());
    assertEquals("2024-05-01T10:00:00Z", j.get("startedAt").asText());
    assertEquals(2500, j.get("wallMillis").asLong());
    assertEquals(100, j.get("input").asLong());
    assertEquals(80, j.get("output").asLong());
    assertTrue(j.get("reconciles").asBoolean());
    assertEquals(4, j.get("stages").size());
    assertEquals(12, j.get("stages").get(2).get("filtered").asLong());
    assertEquals("pii:EMAIL_ADDRESS", j.get("outputSchema").get(1).get("tags").get(0).asText());
  }

  @Test
  void runCounts_unsetNanos_areMinusOne() {
    RunCounts c = new RunCounts(2);
    assertEquals(2, c.stages());
    assertEquals(-1, c.nanos(0));
    c.addNanos(0, 0);
    assertEquals(0, c.nanos(0));
  }
}
