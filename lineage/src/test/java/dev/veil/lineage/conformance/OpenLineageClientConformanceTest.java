package dev.veil.lineage.conformance;

import static dev.veil.lineage.conformance.LineageConformanceTest.JSON;
import static dev.veil.lineage.conformance.LineageConformanceTest.PRIVACY_FACET_URL;
import static dev.veil.lineage.conformance.LineageConformanceTest.assertProblem;
import static dev.veil.lineage.conformance.LineageConformanceTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.InputField;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineageClientUtils;
import java.io.IOException;
import java.net.URI;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Events built with the openlineage-java client model and serialized with {@link
 * OpenLineageClientUtils#toJson} conform to the local spec files: the client's output is what the
 * Veil emitter will send.
 */
@Tag("shared-data")
class OpenLineageClientConformanceTest {

  private static final URI PRODUCER = URI.create("https://github.com/veil/veil/tree/0.1.0/lineage");
  private static final OpenLineage OL = new OpenLineage(PRODUCER);
  private static final UUID RUN_ID = UUID.fromString("0194a7c4-6f1e-7c3a-9a55-3c1f2b8e4d10");
  private static final UUID PARENT_RUN_ID = UUID.fromString("0194a7c4-0000-7c3a-9a55-3c1f2b8e4d10");

  private static LineageConformance conformance;

  @BeforeAll
  static void load() {
    conformance = LineageConformance.load(SharedData.spec())
        .withCustomFacetSchema(PRIVACY_FACET_URL, resource("PrivacyBudgetRunFacet.json"));
  }

  @Test
  void runEventWithColumnLineageAndEveryPlannedFacet_conforms() {
    String json = OpenLineageClientUtils.toJson(runEvent(
        ZonedDateTime.of(2025, 1, 15, 10, 0, 0, 123_456_789, ZoneId.of("UTC"))));

    assertEquals(List.of(), conformance.validate(json));
  }

  @Test
  void clientOutput_hasTheShapeTheEmitterRelies() throws IOException {
    JsonNode event = JSON.readTree(OpenLineageClientUtils.toJson(runEvent(
        ZonedDateTime.of(2025, 1, 15, 10, 0, 0, 0, ZoneId.of("UTC")))));

    assertEquals("https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        event.get("schemaURL").asText());
    assertEquals(RUN_ID.toString(), event.at("/run/runId").asText());
    assertEquals(true, event.at(
        "/outputs/0/facets/columnLineage/fields/email/inputFields/0/transformations/0/masking")
        .asBoolean());
    assertEquals("INDIRECT",
        event.at("/outputs/0/facets/columnLineage/dataset/0/transformations/0/type").asText());
    assertEquals(PARENT_RUN_ID.toString(), event.at("/run/facets/parent/run/runId").asText());
    assertEquals("Beam", event.at("/run/facets/processing_engine/name").asText());
  }

  @Test
  void eventTimeInANamedZone_isWrittenWithAnOffsetAndConforms() throws IOException {
    String json = OpenLineageClientUtils.toJson(runEvent(
        ZonedDateTime.of(2025, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Berlin"))));

    assertEquals("2025-07-01T12:00:00+02:00", JSON.readTree(json).get("eventTime").asText());
    assertEquals(List.of(), conformance.validate(json));
  }

  @Test
  void customFacetSubclassWithItsOwnSchemaUrl_isCheckedAgainstTheRegisteredSchema() {
    RunEvent good = withPrivacyFacet(new PrivacyBudgetFacet(PRODUCER, 1.0, "LAPLACE"));
    RunEvent bad = withPrivacyFacet(new PrivacyBudgetFacet(PRODUCER, 0.0, "LAPLACE"));

    assertEquals(List.of(), conformance.validate(OpenLineageClientUtils.toJson(good)));
    assertProblem(conformance.validate(OpenLineageClientUtils.toJson(bad)),
        "/run/facets/privacyBudget/epsilon", "exclusive minimum", "PrivacyBudgetRunFacet.json");
  }

  @Test
  void defaultRunFacet_pointsAtTheCoreRunFacetSoOnlyTheBaseFieldsAreChecked() throws IOException {
    RunEvent event = withPrivacyFacet(new OpenLineage.DefaultRunFacet(PRODUCER));
    String json = OpenLineageClientUtils.toJson(event);

    assertEquals("https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunFacet",
        JSON.readTree(json).at("/run/facets/privacyBudget/_schemaURL").asText());
    assertEquals(List.of(), conformance.validate(json));
  }

  /**
   * openlineage-java 1.55.0 writes DataQualityMetricsDatasetFacet 1-0-1 while the local spec files
   * hold 1-0-0: the version mismatch is reported, not passed silently.
   */
  @Test
  void dataQualityMetricsDatasetFacet_isANewerVersionThanTheLocalFile() {
    OpenLineage.DataQualityMetricsDatasetFacet metrics = OL.newDataQualityMetricsDatasetFacetBuilder()
        .rowCount(10L)
        .columnMetrics(OL.newDataQualityMetricsDatasetFacetColumnMetricsBuilder().build())
        .build();
    RunEvent event = OL.newRunEventBuilder()
        .eventTime(ZonedDateTime.of(2025, 1, 15, 10, 0, 0, 0, ZoneId.of("UTC")))
        .eventType(RunEvent.EventType.COMPLETE)
        .run(OL.newRunBuilder().runId(RUN_ID).build())
        .job(OL.newJobBuilder().namespace("veil").name("mask_users").build())
        .outputs(List.of(OL.newOutputDatasetBuilder().namespace("file").name("/data/out")
            .facets(OL.newDatasetFacetsBuilder().dataQualityMetrics(metrics).build()).build()))
        .build();

    assertProblem(conformance.validate(OpenLineageClientUtils.toJson(event)),
        "/outputs/0/facets/dataQualityMetrics/_schemaURL", "unknown facet schema",
        "https://openlineage.io/spec/facets/1-0-1/DataQualityMetricsDatasetFacet.json",
        "https://openlineage.io/spec/facets/1-0-0/DataQualityMetricsDatasetFacet.json");
  }

  @Test
  void brokenClientOutput_isReported() {
    String json = OpenLineageClientUtils.toJson(runEvent(
        ZonedDateTime.of(2025, 1, 15, 10, 0, 0, 0, ZoneId.of("UTC"))))
        .replace("\"masking\":true", "\"masking\":\"true\"");

    assertTrue(json.contains("\"masking\":\"true\""), "the replacement must hit: " + json);
    assertProblem(conformance.validate(json),
        "/outputs/0/facets/columnLineage/fields/email/inputFields/0/transformations/0/masking",
        "boolean");
  }

  // ---------------------------------------------------------------------------------------------

  /** A FAIL event with the facets the Veil emitter plans to send, plus a few common ones. */
  static RunEvent runEvent(ZonedDateTime eventTime) {
    OpenLineage.InputFieldTransformations tokenized = OL.newInputFieldTransformationsBuilder()
        .type("DIRECT").subtype("TRANSFORMATION").description("FF1 tokenization").masking(true)
        .build();
    OpenLineage.InputFieldTransformations identity = OL.newInputFieldTransformationsBuilder()
        .type("DIRECT").subtype("IDENTITY").masking(false).build();
    OpenLineage.InputFieldTransformations filter = OL.newInputFieldTransformationsBuilder()
        .type("INDIRECT").subtype("FILTER").description("age >= 18").build();
    OpenLineage.ColumnLineageDatasetFacet columnLineage = OL.newColumnLineageDatasetFacetBuilder()
        .fields(OL.newColumnLineageDatasetFacetFieldsBuilder()
            .put("email", OL.newColumnLineageDatasetFacetFieldsAdditionalBuilder()
                .inputFields(List.of(inputField("email", tokenized))).build())
            .put("age", OL.newColumnLineageDatasetFacetFieldsAdditionalBuilder()
                .inputFields(List.of(inputField("age", identity))).build())
            .build())
        .dataset(List.of(inputField("age", filter)))
        .build();
    OpenLineage.SchemaDatasetFacet schema = OL.newSchemaDatasetFacetBuilder()
        .fields(List.of(
            OL.newSchemaDatasetFacetFieldsBuilder().name("email").type("STRING").build(),
            OL.newSchemaDatasetFacetFieldsBuilder().name("age").type("INTEGER").build()))
        .build();

    OpenLineage.ParentRunFacet parent = OL.newParentRunFacetBuilder()
        .run(OL.newParentRunFacetRunBuilder().runId(PARENT_RUN_ID).build())
        .job(OL.newParentRunFacetJobBuilder().namespace("veil").name("nightly").build())
        .root(OL.newParentRunFacetRootBuilder()
            .run(OL.newRootRunBuilder().runId(PARENT_RUN_ID).build())
            .job(OL.newRootJobBuilder().namespace("veil").name("nightly").build())
            .build())
        .build();
    OpenLineage.RunFacets runFacets = OL.newRunFacetsBuilder()
        .parent(parent)
        .processing_engine(OL.newProcessingEngineRunFacetBuilder()
            .name("Beam").version("2.62.0").openlineageAdapterVersion("0.1.0").build())
        .errorMessage(OL.newErrorMessageRunFacetBuilder()
            .message("mask stage failed: key not found").programmingLanguage("JAVA")
            .stackTrace("java.lang.IllegalStateException: key not found").build())
        .nominalTime(OL.newNominalTimeRunFacetBuilder().nominalStartTime(eventTime).build())
        .tags(OL.newTagsRunFacetBuilder().tags(List.of(OL.newTagsRunFacetFieldsBuilder()
            .key("environment").value("test").source("VEIL").build())).build())
        .build();

    OpenLineage.JobFacets jobFacets = OL.newJobFacetsBuilder()
        .jobType(OL.newJobTypeJobFacetBuilder()
            .processingType("BATCH").integration("VEIL").jobType("JOB").build())
        .documentation(OL.newDocumentationJobFacetBuilder()
            .description("Masks PII in the users table").build())
        .sourceCodeLocation(OL.newSourceCodeLocationJobFacetBuilder()
            .type("git").url(URI.create("https://github.com/veil/veil")).build())
        .build();

    OpenLineage.InputDataset input = OL.newInputDatasetBuilder()
        .namespace("file").name("/data/in/users.csv")
        .facets(OL.newDatasetFacetsBuilder()
            .schema(schema)
            .dataSource(OL.newDatasourceDatasetFacetBuilder()
                .name("file").uri(URI.create("file:///data/in")).build())
            .storage(OL.newStorageDatasetFacetBuilder().storageLayer("local").fileFormat("csv")
                .build())
            .build())
        .inputFacets(OL.newInputDatasetInputFacetsBuilder()
            .inputStatistics(OL.newInputStatisticsInputDatasetFacetBuilder()
                .rowCount(1200L).size(80_000L).build())
            .build())
        .build();
    OpenLineage.OutputDataset output = OL.newOutputDatasetBuilder()
        .namespace("file").name("/data/out/users.parquet")
        .facets(OL.newDatasetFacetsBuilder()
            .schema(schema)
            .columnLineage(columnLineage)
            .datasetType(OL.newDatasetTypeDatasetFacetBuilder().datasetType("TABLE").build())
            .lifecycleStateChange(OL.newLifecycleStateChangeDatasetFacetBuilder()
                .lifecycleStateChange(
                    OpenLineage.LifecycleStateChangeDatasetFacet.LifecycleStateChange.OVERWRITE)
                .build())
            .build())
        .outputFacets(OL.newOutputDatasetOutputFacetsBuilder()
            .outputStatistics(OL.newOutputStatisticsOutputDatasetFacetBuilder()
                .rowCount(1000L).size(52_311L).build())
            .build())
        .build();

    return OL.newRunEventBuilder()
        .eventTime(eventTime)
        .eventType(RunEvent.EventType.FAIL)
        .run(OL.newRunBuilder().runId(RUN_ID).facets(runFacets).build())
        .job(OL.newJobBuilder().namespace("veil").name("mask_users").facets(jobFacets).build())
        .inputs(List.of(input))
        .outputs(List.of(output))
        .build();
  }

  private static InputField inputField(String field,
      OpenLineage.InputFieldTransformations transformation) {
    return OL.newInputFieldBuilder()
        .namespace("file").name("/data/in/users.csv").field(field)
        .transformations(List.of(transformation))
        .build();
  }

  private static RunEvent withPrivacyFacet(OpenLineage.RunFacet facet) {
    return OL.newRunEventBuilder()
        .eventTime(ZonedDateTime.of(2025, 1, 15, 10, 0, 0, 0, ZoneId.of("UTC")))
        .eventType(RunEvent.EventType.COMPLETE)
        .run(OL.newRunBuilder().runId(RUN_ID)
            .facets(OL.newRunFacetsBuilder().put("privacyBudget", facet).build()).build())
        .job(OL.newJobBuilder().namespace("veil").name("mask_users").build())
        .build();
  }

  /** A custom run facet as the emitter would write one: its own _schemaURL, its own fields. */
  static final class PrivacyBudgetFacet extends OpenLineage.DefaultRunFacet {
    private final double epsilon;
    private final String mechanism;

    PrivacyBudgetFacet(URI producer, double epsilon, String mechanism) {
      super(producer);
      this.epsilon = epsilon;
      this.mechanism = mechanism;
    }

    @Override
    public URI get_schemaURL() {
      return URI.create(PRIVACY_FACET_URL);
    }

    public double getEpsilon() {
      return epsilon;
    }

    public String getMechanism() {
      return mechanism;
    }
  }
}
