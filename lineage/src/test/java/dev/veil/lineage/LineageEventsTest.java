package dev.veil.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PipelinePlanner;
import dev.veil.core.report.RunCounts;
import dev.veil.core.report.RunReport;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.spec.SourceSpec;
import dev.veil.core.stage.builtin.CastStage;
import dev.veil.core.stage.builtin.DropStage;
import dev.veil.core.stage.builtin.FilterStage;
import dev.veil.privacy.detect.DetectStage;
import dev.veil.privacy.mask.MaskStage;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LineageEventsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static PipelinePlan demoPlan() {
    return LineageEventsTestPlans.demoPlan();
  }

  static RunReport report(PipelinePlan plan) {
    return LineageEventsTestPlans.report(plan);
  }

  static JsonNode json(OpenLineage.RunEvent e) throws Exception {
    return JSON.readTree(OpenLineageClientUtils.toJson(e));
  }

  @Test
  void start_namesJobAndFileDatasetsByConvention() throws Exception {
    PipelinePlan plan = demoPlan();
    UUID run = UUID.randomUUID();
    JsonNode e = json(new LineageEvents("veil").start(plan, run, Instant.parse("2026-11-25T10:00:00Z"), "spark Spark 3.5.9"));
    assertEquals("START", e.get("eventType").asText());
    assertEquals(run.toString(), e.at("/run/runId").asText());
    assertEquals("veil", e.at("/job/namespace").asText());
    assertEquals("customers", e.at("/job/name").asText());
    assertEquals("PIPELINE", e.at("/job/facets/jobType/jobType").asText());
    assertEquals("file", e.at("/inputs/0/namespace").asText());
    assertEquals("/data/in.csv", e.at("/inputs/0/name").asText());
    assertEquals("/data/out", e.at("/outputs/0/name").asText());
    assertEquals("/data/out-dead-letter", e.at("/outputs/1/name").asText());
    assertEquals("Spark", e.at("/run/facets/processing_engine/name").asText());
    assertEquals("3.5.9", e.at("/run/facets/processing_engine/version").asText());
    assertTrue(e.get("eventTime").asText().endsWith("Z"), e.get("eventTime").asText());
  }

  @Test
  void complete_pipelineColumnLineageMarksMaskedColumnsAndComposesStages() throws Exception {
    PipelinePlan plan = demoPlan();
    List<OpenLineage.RunEvent> events = new LineageEvents("veil").complete(plan, UUID.randomUUID(), Instant.parse("2026-11-25T10:00:00Z"), report(plan));
    assertEquals(2 * plan.stages().size() + 1, events.size());
    JsonNode last = json(events.get(events.size() - 1));
    assertEquals("COMPLETE", last.get("eventType").asText());
    JsonNode fields = last.at("/outputs/0/facets/columnLineage/fields");
    // email: masked, directly from the source's email, plus the filter's indirect dependency on age
    boolean maskedFromEmail = false;
    boolean filterFromAge = false;
    for (JsonNode in : fields.at("/email/inputFields")) {
      JsonNode t = in.at("/transformations/0");
      if (in.get("field").asText().equals("email") && t.get("masking").asBoolean() && t.get("type").asText().equals("DIRECT")) maskedFromEmail = true;
      if (in.get("field").asText().equals("age") && t.get("type").asText().equals("INDIRECT") && t.get("subtype").asText().equals("FILTER")) {
        filterFromAge = true;
        assertFalse(t.get("masking").asBoolean(), "the filter only read age; age itself was not masked into email");
      }
    }
    assertTrue(maskedFromEmail, fields.toString());
    assertTrue(filterFromAge, fields.toString());
    for (JsonNode in : fields.at("/age/inputFields")) {
      if (in.at("/transformations/0/type").asText().equals("DIRECT")) {
        assertFalse(in.at("/transformations/0/masking").asBoolean());
        assertEquals("TRANSFORMATION", in.at("/transformations/0/subtype").asText()); // the cast
      }
    }
    assertTrue(fields.path("notes").isMissingNode(), "dropped fields have no lineage");
    assertEquals(90, last.at("/outputs/0/outputFacets/outputStatistics/rowCount").asLong());
    assertEquals(5, last.at("/outputs/1/outputFacets/outputStatistics/rowCount").asLong());
    JsonNode dl = last.at("/run/facets/veil_deadLetters");
    assertEquals(100, dl.get("input").asLong());
    assertEquals(5, dl.get("deadLettered").asLong());
    assertEquals(6, dl.get("stages").size());
    assertTrue(dl.get("_schemaURL").asText().startsWith("https://veil.dev/spec/facets/1-0-0/VeilDeadLettersRunFacet.json"));
    JsonNode privacy = last.at("/outputs/0/facets/veil_privacy/columns");
    assertEquals("EMAIL_ADDRESS", privacy.at("/email/piiClasses/0").asText());
    assertEquals("mask", privacy.at("/email/operator").asText());
    assertTrue(privacy.at("/email/masked").asBoolean());
    assertTrue(privacy.path("age").isMissingNode());
  }

  @Test
  void complete_stageRunsLinkToThePipelineRunAndCarryTheirOwnLineage() throws Exception {
    PipelinePlan plan = demoPlan();
    UUID run = UUID.randomUUID();
    List<OpenLineage.RunEvent> events = new LineageEvents("veil").complete(plan, run, Instant.parse("2026-11-25T10:00:00Z"), report(plan));
    JsonNode maskComplete = json(events.get(7)); // stage 4 (mask): START at 6, COMPLETE at 7
    assertEquals("COMPLETE", maskComplete.get("eventType").asText());
    assertEquals("customers.4-mask", maskComplete.at("/job/name").asText());
    assertEquals("STAGE", maskComplete.at("/job/facets/jobType/jobType").asText());
    assertEquals(run.toString(), maskComplete.at("/run/facets/parent/run/runId").asText());
    assertEquals("customers", maskComplete.at("/run/facets/parent/job/name").asText());
    assertEquals(LineageEvents.childRunId(run, 4).toString(), maskComplete.at("/run/runId").asText());
    assertEquals("customers/stage-3", maskComplete.at("/inputs/0/name").asText());
    assertEquals("customers/stage-4", maskComplete.at("/outputs/0/name").asText());
    JsonNode t = maskComplete.at("/outputs/0/facets/columnLineage/fields/email/inputFields/0/transformations/0");
    assertTrue(t.get("masking").asBoolean());
    JsonNode last = json(events.get(9)); // stage 5 (drop) writes the sink
    assertEquals("/data/out", last.at("/outputs/0/name").asText());
  }

  @Test
  void fail_carriesTheErrorMessageFacet() throws Exception {
    PipelinePlan plan = demoPlan();
    JsonNode e = json(new LineageEvents("veil").fail(plan, UUID.randomUUID(), Instant.now(), "beam Beam 2.62.0", new IllegalStateException("disk full")));
    assertEquals("FAIL", e.get("eventType").asText());
    assertEquals("IllegalStateException: disk full", e.at("/run/facets/errorMessage/message").asText());
    assertEquals("JAVA", e.at("/run/facets/errorMessage/programmingLanguage").asText());
    assertNotNull(e.at("/run/facets/errorMessage/_schemaURL").asText());
  }
}
