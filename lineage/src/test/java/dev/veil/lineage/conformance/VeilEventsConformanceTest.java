package dev.veil.lineage.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.plan.PipelinePlan;
import dev.veil.lineage.LineageEvents;
import dev.veil.lineage.facets.DpBudgetRunFacet;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every event Veil builds, for successful, failed and aborted runs, validates against the official and Veil schemas. */
@Tag("shared-data")
class VeilEventsConformanceTest {

  static final LineageConformance CONFORMANCE = LineageConformance.load(SharedData.spec()).withVeilFacets();

  @Test
  void everyEventOfEveryRunKind_validates() {
    PipelinePlan plan = dev.veil.lineage.LineageEventsTestPlans.demoPlan();
    LineageEvents events = new LineageEvents("veil");
    UUID run = UUID.randomUUID();
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    List<OpenLineage.RunEvent> all = new ArrayList<>();
    all.add(events.start(plan, run, t, "spark Spark 3.5.9 local[2]"));
    all.addAll(events.complete(plan, run, t, dev.veil.lineage.LineageEventsTestPlans.report(plan)));
    all.add(events.fail(plan, UUID.randomUUID(), t, "beam Beam 2.62.0 DirectRunner", new IllegalStateException("a <bad> \"thing\"")));
    all.add(events.abort(plan, UUID.randomUUID(), t, "spark Spark 3.5.9 local[2]"));
    assertEquals(1 + 2 * plan.stages().size() + 1 + 2, all.size());
    for (OpenLineage.RunEvent e : all) {
      String json = OpenLineageClientUtils.toJson(e);
      List<String> problems = CONFORMANCE.validate(json);
      assertTrue(problems.isEmpty(), e.getEventType() + " " + e.getJob().getName() + ": " + problems);
    }
  }

  @Test
  void dpBudgetFacet_validates_andABrokenVeilFacetIsCaught() {
    OpenLineage ol = new OpenLineage(LineageEvents.PRODUCER);
    OpenLineage.RunEvent e = ol.newRunEventBuilder().eventType(OpenLineage.RunEvent.EventType.COMPLETE)
        .eventTime(java.time.ZonedDateTime.parse("2026-11-25T10:00:00Z"))
        .run(ol.newRunBuilder().runId(UUID.randomUUID())
            .facets(ol.newRunFacetsBuilder().put("veil_dpBudget", new DpBudgetRunFacet(LineageEvents.PRODUCER, 1.0, 1e-6, "laplace", "basic", "L-1")).build()).build())
        .job(ol.newJobBuilder().namespace("veil").name("dp").build())
        .build();
    String json = OpenLineageClientUtils.toJson(e);
    assertTrue(CONFORMANCE.validate(json).isEmpty(), CONFORMANCE.validate(json).toString());
    String broken = json.replace("\"epsilon\":1.0", "\"epsilon\":-1.0");
    assertFalse(broken.equals(json), json);
    List<String> problems = CONFORMANCE.validate(broken);
    assertTrue(problems.stream().anyMatch(p -> p.contains("veil_dpBudget")), problems.toString());
  }

  @Test
  void contributedFacets_nominalTimeAndDataQualityAssertions_reachTheEventsAndValidate() throws Exception {
    PipelinePlan plan = dev.veil.lineage.LineageEventsTestPlans.demoPlan();
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    LineageEvents events = new LineageEvents("veil")
        .with(dev.veil.lineage.FacetContributor.nominalTime(t, t.plusSeconds(3600)))
        .with((p, report, ol, run, source, sink) -> source.dataQualityAssertions(ol.newDataQualityAssertionsDatasetFacet(List.of(
            ol.newDataQualityAssertionsDatasetFacetAssertionsBuilder().assertion("not_null").success(true).column("email").build()))));
    List<OpenLineage.RunEvent> all = new ArrayList<>();
    all.add(events.start(plan, UUID.randomUUID(), t, "spark Spark 3.5.9 local[2]"));
    all.addAll(events.complete(plan, UUID.randomUUID(), t, dev.veil.lineage.LineageEventsTestPlans.report(plan)));
    String last = OpenLineageClientUtils.toJson(all.get(all.size() - 1));
    com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(last);
    assertEquals("2026-11-25T10:00:00Z", node.at("/run/facets/nominalTime/nominalStartTime").asText());
    assertEquals("not_null", node.at("/inputs/0/inputFacets/dataQualityAssertions/assertions/0/assertion").asText());
    for (OpenLineage.RunEvent e : all) {
      List<String> problems = CONFORMANCE.validate(OpenLineageClientUtils.toJson(e));
      assertTrue(problems.isEmpty(), problems.toString());
    }
  }
}
