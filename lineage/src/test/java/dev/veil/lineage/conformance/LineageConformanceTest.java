package dev.veil.lineage.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("shared-data")
class LineageConformanceTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static final String CORE_ID = "https://openlineage.io/spec/2-0-2/OpenLineage.json";
  static final String PRIVACY_FACET_URL =
      "https://veil.example/spec/facets/1-0-0/PrivacyBudgetRunFacet.json#/$defs/PrivacyBudgetRunFacet";

  /** A FAIL run event carrying every facet the Veil emitter plans to send. */
  static final String VALID_RUN_EVENT = """
      {
        "eventType": "FAIL",
        "eventTime": "2025-01-15T10:00:00.123+01:00",
        "producer": "https://github.com/veil/veil/tree/0.1.0/lineage",
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        "run": {
          "runId": "0194a7c4-6f1e-7c3a-9a55-3c1f2b8e4d10",
          "facets": {
            "parent": {
              "_producer": "https://github.com/veil/veil/tree/0.1.0/lineage",
              "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet",
              "run": { "runId": "0194a7c4-0000-7c3a-9a55-3c1f2b8e4d10" },
              "job": { "namespace": "veil", "name": "nightly" },
              "root": {
                "run": { "runId": "0194a7c4-0000-7c3a-9a55-3c1f2b8e4d10" },
                "job": { "namespace": "veil", "name": "nightly" }
              }
            },
            "processing_engine": {
              "_producer": "https://github.com/veil/veil/tree/0.1.0/lineage",
              "_schemaURL": "https://openlineage.io/spec/facets/1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet",
              "version": "2.62.0",
              "name": "Beam",
              "openlineageAdapterVersion": "0.1.0"
            },
            "errorMessage": {
              "_producer": "https://github.com/veil/veil/tree/0.1.0/lineage",
              "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet",
              "message": "mask stage failed: key not found",
              "programmingLanguage": "JAVA"
            }
          }
        },
        "job": {
          "namespace": "veil",
          "name": "mask_users",
          "facets": {
            "jobType": {
              "_producer": "https://github.com/veil/veil/tree/0.1.0/lineage",
              "_schemaURL": "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet",
              "processingType": "BATCH",
              "integration": "VEIL",
              "jobType": "JOB"
            }
          }
        },
        "inputs": [
          {
            "namespace": "file",
            "name": "/data/in/users.csv",
            "facets": {
              "schema": {
                "_producer": "https://github.com/veil/veil/tree/0.1.0/lineage",
                "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
                "fields": [ { "name": "email", "type": "STRING" }, { "name": "age", "type": "INTEGER" } ]
              }
            }
          }
        ],
        "outputs": [
          {
            "namespace": "file",
            "name": "/data/out/users.parquet",
            "facets": {
              "schema": {
                "_producer": "https://github.com/veil/veil/tree/0.1.0/lineage",
                "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
                "fields": [ { "name": "email", "type": "STRING" }, { "name": "age", "type": "INTEGER" } ]
              },
              "columnLineage": {
                "_producer": "https://github.com/veil/veil/tree/0.1.0/lineage",
                "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
                "fields": {
                  "email": {
                    "inputFields": [
                      {
                        "namespace": "file",
                        "name": "/data/in/users.csv",
                        "field": "email",
                        "transformations": [
                          { "type": "DIRECT", "subtype": "TRANSFORMATION", "description": "FF1 tokenization", "masking": true }
                        ]
                      }
                    ]
                  },
                  "age": {
                    "inputFields": [
                      {
                        "namespace": "file",
                        "name": "/data/in/users.csv",
                        "field": "age",
                        "transformations": [ { "type": "DIRECT", "subtype": "IDENTITY", "masking": false } ]
                      }
                    ]
                  }
                }
              }
            },
            "outputFacets": {
              "outputStatistics": {
                "_producer": "https://github.com/veil/veil/tree/0.1.0/lineage",
                "_schemaURL": "https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet",
                "rowCount": 1000,
                "size": 52311
              }
            }
          }
        ]
      }
      """;

  static LineageConformance conformance;
  static LineageConformance withPrivacyFacet;

  @BeforeAll
  static void load() {
    conformance = LineageConformance.load(SharedData.spec());
    withPrivacyFacet = conformance.withCustomFacetSchema(PRIVACY_FACET_URL, resource(
        "PrivacyBudgetRunFacet.json"));
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class HandBuiltRunEvent {

    @Test
    void withEveryPlannedFacet_hasNoProblems() {
      assertEquals(List.of(), conformance.validate(VALID_RUN_EVENT));
    }

    @Test
    void missingRunId_isReportedAtRun() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.get("run")).remove("runId");

      assertProblem(validate(event), "/run", "required property 'runId' not found",
          CORE_ID + "#/$defs/Run/required");
    }

    @Test
    void runIdThatIsNoUuid_failsTheUuidFormat() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.get("run")).put("runId", "run-42");

      assertProblem(validate(event), "/run/runId", "uuid", CORE_ID + "#/$defs/Run/properties/runId");
    }

    @Test
    void unknownEventType_failsTheEnum() {
      ObjectNode event = validRunEvent();
      event.put("eventType", "FINISHED");

      assertProblem(validate(event), "/eventType", "enumeration", "#/$defs/RunEvent");
    }

    @Test
    void eventTimeWithoutOffset_failsTheDateTimeFormat() {
      ObjectNode event = validRunEvent();
      event.put("eventTime", "2025-01-15T10:00:00.123");

      List<String> problems = validate(event);

      assertProblem(problems, "/eventTime", "date-time", "#/$defs/BaseEvent/properties/eventTime");
      assertEquals(1, problems.size(), () -> "only the event time is wrong: " + problems);
    }

    @Test
    void columnLineageInputFieldWithoutNamespace_isReportedAtThatInputField() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/outputs/0/facets/columnLineage/fields/email/inputFields/0"))
          .remove("namespace");

      List<String> problems = validate(event);

      assertProblem(problems, "/outputs/0/facets/columnLineage/fields/email/inputFields/0",
          "required property 'namespace' not found",
          "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/InputField/required");
      assertEquals(1, problems.size(), () -> "the core schema does not look inside: " + problems);
    }

    @Test
    void transformationWithoutType_isReported() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at(
          "/outputs/0/facets/columnLineage/fields/email/inputFields/0/transformations/0"))
          .remove("type");

      assertProblem(validate(event),
          "/outputs/0/facets/columnLineage/fields/email/inputFields/0/transformations/0",
          "required property 'type' not found", "ColumnLineageDatasetFacet.json");
    }

    @Test
    void maskingThatIsNoBoolean_isReported() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at(
          "/outputs/0/facets/columnLineage/fields/email/inputFields/0/transformations/0"))
          .put("masking", "yes");

      assertProblem(validate(event),
          "/outputs/0/facets/columnLineage/fields/email/inputFields/0/transformations/0/masking",
          "boolean", "ColumnLineageDatasetFacet.json");
    }

    @Test
    void errorMessageWithoutProgrammingLanguage_isReported() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/run/facets/errorMessage")).remove("programmingLanguage");

      assertProblem(validate(event), "/run/facets/errorMessage",
          "required property 'programmingLanguage' not found", "ErrorMessageRunFacet.json");
    }

    @Test
    void parentRunIdThatIsNoUuid_isReported() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/run/facets/parent/run")).put("runId", "not-a-uuid");

      assertProblem(validate(event), "/run/facets/parent/run/runId", "uuid",
          "ParentRunFacet.json");
    }

    @Test
    void jobTypeWithoutIntegration_isReported() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/job/facets/jobType")).remove("integration");

      assertProblem(validate(event), "/job/facets/jobType",
          "required property 'integration' not found", "JobTypeJobFacet.json");
    }

    @Test
    void outputStatisticsRowCountThatIsNoInteger_isReportedInOutputFacets() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/outputs/0/outputFacets/outputStatistics")).put("rowCount", 1.5);

      assertProblem(validate(event), "/outputs/0/outputFacets/outputStatistics/rowCount",
          "integer", "OutputStatisticsOutputDatasetFacet.json");
    }

    @Test
    void inputFacetsAreChecked() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/inputs/0")).set("inputFacets", JSON.createObjectNode().set(
          "inputStatistics", facet(
              "https://openlineage.io/spec/facets/1-0-0/InputStatisticsInputDatasetFacet.json#/$defs/InputStatisticsInputDatasetFacet")
              .put("rowCount", "many")));

      assertProblem(validate(event), "/inputs/0/inputFacets/inputStatistics/rowCount", "integer",
          "InputStatisticsInputDatasetFacet.json");
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class FacetSchemaMapping {

    @Test
    void olderVersionOfAnOfficialFacet_isUnknownAndNamesTheLocalVersion() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/outputs/0/facets/columnLineage")).put("_schemaURL",
          "https://openlineage.io/spec/facets/1-1-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet");

      assertProblem(validate(event), "/outputs/0/facets/columnLineage/_schemaURL",
          "unknown facet schema",
          "https://openlineage.io/spec/facets/1-1-0/ColumnLineageDatasetFacet.json",
          "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json");
    }

    @Test
    void unregisteredCustomFacet_isUnknown() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/run/facets")).set("privacyBudget",
          facet(PRIVACY_FACET_URL).put("epsilon", 1.0).put("mechanism", "LAPLACE"));

      assertProblem(validate(event), "/run/facets/privacyBudget/_schemaURL",
          "unknown facet schema", PRIVACY_FACET_URL, "withCustomFacetSchema");
    }

    @Test
    void facetWithoutSchemaUrl_isReported() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/run/facets/processing_engine")).remove("_schemaURL");

      assertProblem(validate(event), "/run/facets/processing_engine",
          "required property '_schemaURL' not found", CORE_ID + "#/$defs/BaseFacet");
    }

    @Test
    void fragmentThatSelectsNoDefinition_isUnknown() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/outputs/0/facets/schema")).put("_schemaURL",
          "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/Nope");

      assertProblem(validate(event), "/outputs/0/facets/schema/_schemaURL",
          "unknown facet schema", "#/$defs/Nope", "SchemaDatasetFacetFields");
    }

    @Test
    void malformedFragment_isUnknownAndDoesNotThrow() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/outputs/0/facets/schema")).put("_schemaURL",
          "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#$defs");

      assertProblem(validate(event), "/outputs/0/facets/schema/_schemaURL",
          "unknown facet schema");
    }

    @Test
    void urlWithoutFragment_usesTheFilesFacetProperty() {
      ObjectNode event = validRunEvent();
      ObjectNode columnLineage = (ObjectNode) event.at("/outputs/0/facets/columnLineage");
      columnLineage.put("_schemaURL",
          "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json");
      assertEquals(List.of(), validate(event));

      columnLineage.remove("fields");

      assertProblem(validate(event), "/outputs/0/facets/columnLineage",
          "required property 'fields' not found",
          "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet");
    }

    @Test
    void coreSchemaUrlWithoutFragment_isUnknown() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/run/facets/processing_engine")).put("_schemaURL", CORE_ID);

      assertProblem(validate(event), "/run/facets/processing_engine/_schemaURL",
          "unknown facet schema", "add a fragment");
    }

    @Test
    void deletedDatasetFacet_isNotCheckedForContent() {
      ObjectNode event = validRunEvent();
      ObjectNode columnLineage = (ObjectNode) event.at("/outputs/0/facets/columnLineage");
      columnLineage.remove("fields");
      assertProblem(validate(event), "/outputs/0/facets/columnLineage",
          "required property 'fields' not found");

      columnLineage.put("_deleted", true);

      assertEquals(List.of(), validate(event));
    }

    @Test
    void facetKeysWithSlashOrTilde_areEscapedInPaths() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/run/facets")).set("veil/odd~key",
          facet("https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet")
              .put("message", "m"));

      assertProblem(validate(event), "/run/facets/veil~1odd~0key",
          "required property 'programmingLanguage' not found");
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class CustomFacets {

    @Test
    void registeredFacetWithValidContent_hasNoProblems() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/run/facets")).set("privacyBudget",
          facet(PRIVACY_FACET_URL).put("epsilon", 1.0).put("delta", 1e-9)
              .put("mechanism", "LAPLACE"));

      assertEquals(List.of(), withPrivacyFacet.validate(event.toString()));
    }

    @Test
    void registeredFacetViolatingItsSchema_isReportedWithPathAndSchema() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/run/facets")).set("privacyBudget",
          facet(PRIVACY_FACET_URL).put("epsilon", -1.0));

      List<String> problems = withPrivacyFacet.validate(event.toString());

      assertProblem(problems, "/run/facets/privacyBudget/epsilon", "exclusive minimum value of 0",
          "https://veil.example/spec/facets/1-0-0/PrivacyBudgetRunFacet.json#/$defs/PrivacyBudgetRunFacet");
      assertProblem(problems, "/run/facets/privacyBudget",
          "required property 'mechanism' not found", "PrivacyBudgetRunFacet.json");
    }

    @Test
    void customSchemaRefToTheCoreSchema_resolvesOffline() {
      ObjectNode event = validRunEvent();
      ObjectNode privacy = facet(PRIVACY_FACET_URL).put("epsilon", 1.0).put("mechanism", "LAPLACE");
      privacy.remove("_producer");
      ((ObjectNode) event.at("/run/facets")).set("privacyBudget", privacy);

      assertProblem(withPrivacyFacet.validate(event.toString()), "/run/facets/privacyBudget",
          "required property '_producer' not found", CORE_ID + "#/$defs/BaseFacet");
    }

    @Test
    void registration_returnsANewInstanceAndLeavesTheOriginalUnchanged() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/run/facets")).set("privacyBudget",
          facet(PRIVACY_FACET_URL).put("epsilon", 1.0).put("mechanism", "LAPLACE"));

      assertNotEquals(conformance, withPrivacyFacet);
      assertEquals(List.of(), withPrivacyFacet.validate(event.toString()));
      assertProblem(conformance.validate(event.toString()),
          "/run/facets/privacyBudget/_schemaURL", "unknown facet schema");
    }

    @Test
    void facetWithSameBaseButAnotherFragment_isNotRegistered() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/run/facets")).set("privacyBudget", facet(
          "https://veil.example/spec/facets/1-0-0/PrivacyBudgetRunFacet.json#/$defs/Other")
          .put("epsilon", 1.0).put("mechanism", "LAPLACE"));

      assertProblem(withPrivacyFacet.validate(event.toString()),
          "/run/facets/privacyBudget/_schemaURL", "unknown facet schema");
    }

    @Test
    void urlNamingAnOfficialSchema_isRejected() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> conformance.withCustomFacetSchema(
              "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
              resource("PrivacyBudgetRunFacet.json")));
      assertTrue(e.getMessage().contains("must not name an official OpenLineage schema"),
          e.getMessage());
    }

    @Test
    void relativeUrl_isRejected() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> conformance.withCustomFacetSchema("PrivacyBudgetRunFacet.json",
              resource("PrivacyBudgetRunFacet.json")));
      assertTrue(e.getMessage().contains("absolute URI"), e.getMessage());
    }

    @Test
    void urlThatDisagreesWithTheSchemasId_isRejected() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> conformance.withCustomFacetSchema(
              "https://veil.example/spec/facets/2-0-0/PrivacyBudgetRunFacet.json#/$defs/PrivacyBudgetRunFacet",
              resource("PrivacyBudgetRunFacet.json")));
      assertTrue(e.getMessage().contains("$id must equal schemaUrl"), e.getMessage());
    }

    @Test
    void sameUrlTwice_isRejected() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> withPrivacyFacet.withCustomFacetSchema(PRIVACY_FACET_URL,
              resource("PrivacyBudgetRunFacet.json")));
      assertTrue(e.getMessage().contains("already registered"), e.getMessage());
    }

    @Test
    void fragmentMissingFromTheSchema_isRejected() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> conformance.withCustomFacetSchema(
              "https://veil.example/spec/facets/1-0-0/PrivacyBudgetRunFacet.json#/$defs/Nope",
              resource("PrivacyBudgetRunFacet.json")));
      assertTrue(e.getMessage().contains("#/$defs/Nope"), e.getMessage());
    }

    @Test
    void schemaWithARefThatIsNeitherLocalNorRegistered_isRejectedAtRegistration() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> conformance.withCustomFacetSchema(
              "https://veil.example/spec/facets/1-0-0/UnresolvableRefRunFacet.json#/$defs/UnresolvableRefRunFacet",
              resource("UnresolvableRefRunFacet.json")));
      assertTrue(e.getMessage().contains("cannot be compiled"), e.getMessage());
    }

    @Test
    void documentThatIsNoJsonSchema_isRejected() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> conformance.withCustomFacetSchema(
              "https://veil.example/spec/facets/1-0-0/NotAJsonSchema.json",
              resource("NotAJsonSchema.json")));
      assertTrue(e.getMessage().contains("not a valid JSON Schema"), e.getMessage());
    }

    @Test
    void unreadableSchema_throwsUncheckedIo(@TempDir Path dir) throws IOException {
      URL missing = dir.resolve("missing.json").toUri().toURL();

      assertThrows(UncheckedIOException.class, () -> conformance.withCustomFacetSchema(
          "https://veil.example/spec/facets/1-0-0/Missing.json", missing));
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class InvalidInput {

    @Test
    void malformedJson_isOneProblemWithThePosition() {
      List<String> problems = conformance.validate("{\"eventTime\": SECRET-VALUE}");

      assertEquals(1, problems.size(), problems::toString);
      assertTrue(problems.get(0).startsWith("(root): not a well-formed JSON document"),
          problems::toString);
      assertTrue(problems.get(0).contains("line 1"), problems::toString);
      assertFalse(problems.get(0).contains("SECRET"), problems::toString);
    }

    @Test
    void duplicateKey_isAProblem() {
      String duplicated = VALID_RUN_EVENT.replaceFirst("\"eventType\": \"FAIL\",",
          "\"eventType\": \"FAIL\", \"eventType\": \"COMPLETE\",");

      assertProblem(conformance.validate(duplicated), "(root)", "duplicate key");
    }

    @Test
    void trailingContent_isAProblem() {
      assertProblem(conformance.validate(VALID_RUN_EVENT + " {}"), "(root)",
          "not a well-formed JSON document");
    }

    @Test
    void emptyText_isAProblem() {
      assertProblem(conformance.validate("  "), "(root)", "empty document");
    }

    @Test
    void jsonThatIsNoObject_isAProblemNotAnException() {
      assertProblem(conformance.validate("[1, 2]"), "(root)", "object");
      assertProblem(conformance.validate("\"text\""), "(root)", "object");
    }

    @Test
    void facetsOfTheWrongShape_areReportedByTheCoreSchema() {
      ObjectNode event = validRunEvent();
      ((ObjectNode) event.at("/run/facets")).put("processing_engine", "Beam");
      ((ObjectNode) event.get("job")).put("facets", 5);
      event.put("outputs", "none");

      List<String> problems = validate(event);

      assertProblem(problems, "/run/facets/processing_engine", "object");
      assertProblem(problems, "/job/facets", "object");
      assertProblem(problems, "/outputs", "array");
    }

    @Test
    void problems_neverQuoteTheEventsValues() {
      ObjectNode event = validRunEvent();
      event.put("eventTime", "SECRET-TIME");
      event.put("eventType", "SECRET-TYPE");
      event.put("producer", "SECRET PRODUCER");
      ((ObjectNode) event.get("run")).put("runId", "SECRET-RUN");
      ((ObjectNode) event.at("/outputs/0/outputFacets/outputStatistics"))
          .put("rowCount", "SECRET-COUNT");

      List<String> problems = validate(event);

      assertTrue(problems.size() >= 5, problems::toString);
      problems.forEach(p -> assertFalse(p.contains("SECRET"), p));
    }

    @Test
    void nullEvent_isAProgrammingError() {
      assertThrows(NullPointerException.class, () -> conformance.validate(null));
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class EventTypes {

    @Test
    void jobEventWithABrokenFacet_isCheckedAsAJobEvent() {
      ObjectNode event = validRunEvent();
      event.remove("run");
      event.remove("eventType");
      event.put("schemaURL", CORE_ID + "#/$defs/JobEvent");
      assertEquals(List.of(), validate(event));

      ((ObjectNode) event.at("/inputs/0/facets/schema/fields/0")).remove("name");

      assertProblem(validate(event), "/inputs/0/facets/schema/fields/0",
          "required property 'name' not found", "SchemaDatasetFacet.json");
    }

    @Test
    void datasetEventFacets_areChecked() throws JsonProcessingException {
      ObjectNode event = (ObjectNode) JSON.readTree("""
          {
            "eventTime": "2025-01-15T10:00:00Z",
            "producer": "https://github.com/veil/veil/tree/0.1.0/lineage",
            "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent",
            "dataset": { "namespace": "file", "name": "/data/out/users.parquet", "facets": {} }
          }
          """);
      assertEquals(List.of(), validate(event));

      ((ObjectNode) event.at("/dataset/facets")).set("schema", facet(
          "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet")
          .put("fields", "email"));

      assertProblem(validate(event), "/dataset/facets/schema/fields", "array",
          "SchemaDatasetFacet.json");
    }

    @Test
    void runEventWithoutJob_reportsOnlyTheRunEventsReason() {
      ObjectNode event = validRunEvent();
      event.remove("job");

      List<String> problems = validate(event);

      assertEquals(List.of("(root): required property 'job' not found [schema: " + CORE_ID
          + "#/$defs/RunEvent/allOf/1/required]"), problems);
    }

    @Test
    void eventThatIsBothAJobAndADatasetEvent_failsTheOneOf() throws JsonProcessingException {
      ObjectNode event = (ObjectNode) JSON.readTree("""
          {
            "eventTime": "2025-01-15T10:00:00Z",
            "producer": "https://github.com/veil/veil/tree/0.1.0/lineage",
            "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent",
            "job": { "namespace": "veil", "name": "mask_users" },
            "dataset": { "namespace": "file", "name": "/data/out/users.parquet" }
          }
          """);

      assertProblem(validate(event), "(root)", "one and only one", CORE_ID + "#/oneOf");
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class Loading {

    @Test
    void toString_showsTheSettings() {
      String shown = withPrivacyFacet.toString();

      assertTrue(shown.contains("core=" + CORE_ID), shown);
      assertTrue(shown.contains("facetSchemas=38"), shown);
      assertTrue(shown.contains("customFacetSchemas=[" + PRIVACY_FACET_URL + "]"), shown);
      assertTrue(shown.contains("formatAssertions=on"), shown);
    }

    @Test
    void folderWithoutTheCoreSchema_isRejected(@TempDir Path dir) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LineageConformance.load(dir));
      assertTrue(e.getMessage().contains("OpenLineage.json and facets/"), e.getMessage());
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void folderWithoutFacetFiles_isRejected(@TempDir Path dir) throws IOException {
      Files.copy(SharedData.spec().resolve("OpenLineage.json"), dir.resolve("OpenLineage.json"));
      Files.createDirectory(dir.resolve("facets"));

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LineageConformance.load(dir));
      assertTrue(e.getMessage().contains("empty folder"), e.getMessage());
    }

    @Test
    void twoFilesWithTheSameId_areRejected(@TempDir Path dir) throws IOException {
      copySpec(dir, "SchemaDatasetFacet.json");
      Files.copy(SharedData.spec().resolve("facets/SchemaDatasetFacet.json"),
          dir.resolve("facets/SchemaDatasetFacetCopy.json"));

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LineageConformance.load(dir));
      assertTrue(e.getMessage().contains(
          "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json"), e.getMessage());
    }

    @Test
    void facetReferringToAnotherCoreVersion_isRejected(@TempDir Path dir) throws IOException {
      copySpec(dir, "SchemaDatasetFacet.json");
      Path core = dir.resolve("OpenLineage.json");
      Files.writeString(core, Files.readString(core).replace(
          "\"$id\": \"https://openlineage.io/spec/2-0-2/OpenLineage.json\"",
          "\"$id\": \"https://openlineage.io/spec/2-0-3/OpenLineage.json\""));

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LineageConformance.load(dir));
      assertTrue(e.getMessage().contains("SchemaDatasetFacet.json"), e.getMessage());
    }

    @Test
    void copyOfTheSpec_loadsAndValidates(@TempDir Path dir) throws IOException {
      copySpec(dir, "SchemaDatasetFacet.json");

      LineageConformance small = LineageConformance.load(dir);

      assertTrue(small.toString().contains("facetSchemas=1"), small::toString);
      assertProblem(small.validate(VALID_RUN_EVENT), "/run/facets/parent/_schemaURL",
          "unknown facet schema", "no local facet file is named ParentRunFacet.json");
    }

    private void copySpec(Path dir, String... facetFiles) throws IOException {
      Files.copy(SharedData.spec().resolve("OpenLineage.json"), dir.resolve("OpenLineage.json"));
      Files.createDirectory(dir.resolve("facets"));
      for (String file : facetFiles) {
        Files.copy(SharedData.spec().resolve("facets").resolve(file),
            dir.resolve("facets").resolve(file));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class Concurrency {

    /** A fresh instance compiles facet definitions on first use, from many threads at once. */
    @Test
    void concurrentValidations_giveTheSequentialResults() throws Exception {
      List<String> events = new ArrayList<>();
      events.add(VALID_RUN_EVENT);
      ObjectNode noNamespace = validRunEvent();
      ((ObjectNode) noNamespace.at("/outputs/0/facets/columnLineage/fields/email/inputFields/0"))
          .remove("namespace");
      events.add(noNamespace.toString());
      ObjectNode budget = validRunEvent();
      ((ObjectNode) budget.at("/run/facets")).set("privacyBudget",
          facet(PRIVACY_FACET_URL).put("epsilon", -1.0));
      events.add(budget.toString());
      ObjectNode noFragment = validRunEvent();
      ((ObjectNode) noFragment.at("/job/facets/jobType")).put("_schemaURL",
          "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json");
      ((ObjectNode) noFragment.at("/job/facets/jobType")).remove("integration");
      events.add(noFragment.toString());
      try (Stream<Path> examples = OfficialExamples.exampleEvents()) {
        for (Path example : examples.toList()) {
          events.add(Files.readString(example));
        }
      }
      List<List<String>> expected = events.stream().map(withPrivacyFacet::validate).toList();
      LineageConformance fresh = LineageConformance.load(SharedData.spec())
          .withCustomFacetSchema(PRIVACY_FACET_URL, resource("PrivacyBudgetRunFacet.json"));
      int threads = 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<List<String>>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int offset = t;
          results.add(pool.submit(() -> {
            start.await();
            List<List<String>> got = new ArrayList<>(Collections.nCopies(events.size(), null));
            for (int round = 0; round < 20; round++) {
              for (int i = 0; i < events.size(); i++) {
                int index = (i + offset + round) % events.size();
                got.set(index, fresh.validate(events.get(index)));
              }
            }
            return got;
          }));
        }
        start.countDown();
        for (Future<List<List<String>>> result : results) {
          assertEquals(expected, result.get(60, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
      assertTrue(expected.stream().filter(List::isEmpty).count() == 1,
          "exactly the valid event has no problems: " + expected);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The official examples: spec/tests/&lt;Facet&gt;/*.json and example-events/*.json. */
  @Nested
  class OfficialExamples {

    /** Each spec/tests/&lt;Facet&gt;/N.json is a facets object ({"schema": {...}}). */
    static Stream<Arguments> facetExamples() throws IOException {
      Path tests = SharedData.spec().resolve("tests");
      List<Arguments> cases = new ArrayList<>();
      try (Stream<Path> folders = Files.list(tests)) {
        for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
          Path facetFile = SharedData.spec().resolve("facets")
              .resolve(folder.getFileName() + ".json");
          assertTrue(Files.isRegularFile(facetFile), "no facet schema for tests folder " + folder);
          List<Path> examples;
          try (Stream<Path> files = Files.list(folder)) {
            examples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
          }
          assertFalse(examples.isEmpty(), "no examples in " + folder);
          for (Path example : examples) {
            cases.add(Arguments.of(folder.getFileName() + "/" + example.getFileName(), example,
                facetFile));
          }
        }
      }
      return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("facetExamples")
    void facetExample_validatesAgainstItsFacetSchema(String name, Path example, Path facetFile)
        throws IOException {
      JsonNode facetSchema = JSON.readTree(facetFile.toFile());
      String property = facetSchema.get("properties").fieldNames().next();
      String json = Files.readString(example, StandardCharsets.UTF_8);
      assertTrue(JSON.readTree(json).has(property),
          () -> name + " must hold the facet property '" + property + "', else the check is empty");

      assertEquals(List.of(), conformance.validateAgainst(facetSchema.get("$id").asText(), json));
    }

    @Test
    void facetExamples_coverEveryTestsFolder() throws IOException {
      long folders;
      try (Stream<Path> list = Files.list(SharedData.spec().resolve("tests"))) {
        folders = list.filter(Files::isDirectory).count();
      }
      long covered = facetExamples().map(a -> ((Path) a.get()[1]).getParent()).distinct().count();

      assertTrue(folders > 0);
      assertEquals(folders, covered);
    }

    @Test
    void facetExampleThatBreaksItsSchema_fails() throws IOException {
      Path example = SharedData.spec().resolve("tests/ErrorMessageRunFacet/1.json");
      ObjectNode doc = (ObjectNode) JSON.readTree(example.toFile());
      ((ObjectNode) doc.get("errorMessage")).remove("programmingLanguage");

      assertProblem(conformance.validateAgainst(
              "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json", doc.toString()),
          "/errorMessage", "required property 'programmingLanguage' not found");
    }

    @Test
    void currentColumnLineageExample_passesInsideAnEvent_olderOneIsAnUnknownVersion()
        throws IOException {
      JsonNode current = JSON.readTree(
          SharedData.spec().resolve("tests/ColumnLineageDatasetFacet/2.json").toFile());
      JsonNode older = JSON.readTree(
          SharedData.spec().resolve("tests/ColumnLineageDatasetFacet/1.json").toFile());
      ObjectNode event = validRunEvent();
      ObjectNode facets = (ObjectNode) event.at("/outputs/0/facets");

      facets.set("columnLineage", current.get("columnLineage"));
      assertEquals(List.of(), validate(event));

      facets.set("columnLineage", older.get("columnLineage"));
      assertProblem(validate(event), "/outputs/0/facets/columnLineage/_schemaURL",
          "unknown facet schema",
          "https://openlineage.io/spec/facets/1-1-0/ColumnLineageDatasetFacet.json");
    }

    @Test
    void specTestsFullEvent_passesTheCoreSchema_itsSqlFacetUrlIsUnknown() throws IOException {
      String json = Files.readString(SharedData.spec().resolve("tests/example_full_event.json"));

      assertEquals(List.of("/job/facets/sql/_schemaURL: unknown facet schema: http://123 is neither"
          + " the $id of a local OpenLineage schema nor a registered custom facet schema; register"
          + " it with withCustomFacetSchema"), conformance.validate(json));
    }

    static Stream<Path> exampleEvents() throws IOException {
      try (Stream<Path> files = Files.list(SharedData.openLineage().resolve("example-events"))) {
        return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
      }
    }

    /**
     * The eventTime check fails exactly on the examples whose eventTime has no offset; every other
     * problem is a facet whose _schemaURL is not a local $id (test URLs and pre-2.0 URLs).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleEvents")
    void exampleEvent_failsTheDateTimeFormatIffItsEventTimeHasNoOffset(Path file)
        throws IOException {
      String json = Files.readString(file, StandardCharsets.UTF_8);
      boolean offsetLess = !hasOffset(JSON.readTree(json).get("eventTime").asText());

      List<String> problems = conformance.validate(json);

      List<String> eventTime = problems.stream().filter(p -> p.startsWith("/eventTime: ")).toList();
      List<String> others = problems.stream().filter(p -> !p.startsWith("/eventTime: ")).toList();
      assertEquals(offsetLess ? 1 : 0, eventTime.size(), problems::toString);
      eventTime.forEach(p -> assertTrue(p.contains("date-time"), p));
      others.forEach(p -> assertTrue(p.contains("/_schemaURL: unknown facet schema"), p));
    }

    @Test
    void exactlyThreeExampleEventsLackTheOffset_andFailOnlyOnIt() throws IOException {
      List<String> failing = new ArrayList<>();
      for (Path file : exampleEvents().toList()) {
        ObjectNode event = (ObjectNode) JSON.readTree(file.toFile());
        if (conformance.validate(event.toString()).stream()
            .anyMatch(p -> p.startsWith("/eventTime: "))) {
          failing.add(file.getFileName().toString());
          event.put("eventTime", event.get("eventTime").asText() + "Z");
          assertTrue(validate(event).stream().allMatch(p -> p.contains("unknown facet schema")),
              () -> file + " with an offset has only facet-URL problems: " + validate(event));
        }
      }

      assertEquals(List.of("serde_example_dataset_event.json", "serde_example_job_event.json",
          "serde_example_run_event.json"), failing);
    }

    @Test
    void fullExampleEvent_passesTheCoreSchema_butItsTestFacetUrlsAreUnknown() throws IOException {
      String json = Files.readString(
          SharedData.openLineage().resolve("example-events/example_full_event.json"));

      List<String> problems = conformance.validate(json);

      assertEquals(8, problems.size(), problems::toString);
      problems.forEach(p -> assertTrue(p.contains(
          "/_schemaURL: unknown facet schema: http://test.schema.url is neither"), p));
    }

    private static boolean hasOffset(String eventTime) {
      return eventTime.matches(".*(Z|z|[+-]\\d{2}:\\d{2})$");
    }
  }

  // ---------------------------------------------------------------------------------------------

  static ObjectNode validRunEvent() {
    try {
      return (ObjectNode) JSON.readTree(VALID_RUN_EVENT);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode facet(String schemaUrl) {
    return JSON.createObjectNode()
        .put("_producer", "https://github.com/veil/veil/tree/0.1.0/lineage")
        .put("_schemaURL", schemaUrl);
  }

  static List<String> validate(JsonNode event) {
    return conformance.validate(event.toString());
  }

  static URL resource(String name) {
    URL url = LineageConformanceTest.class.getResource(name);
    if (url == null) {
      fail("missing test resource " + name);
    }
    return url;
  }

  /** Asserts one problem is at exactly {@code path} and mentions every fragment. */
  static void assertProblem(List<String> problems, String path, String... fragments) {
    for (String problem : problems) {
      if (problem.startsWith(path + ": ") && Stream.of(fragments).allMatch(problem::contains)) {
        return;
      }
    }
    fail("expected a problem at " + path + " mentioning " + List.of(fragments) + ", got "
        + problems);
  }
}
