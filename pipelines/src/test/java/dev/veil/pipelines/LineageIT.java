package dev.veil.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.core.report.RunReport;
import dev.veil.core.spec.Engine;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.PipelineSpecs;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.stage.StageRegistry;
import dev.veil.lineage.Lineage;
import dev.veil.lineage.LineageEvents;
import dev.veil.lineage.transport.LineageTransport;
import dev.veil.pipelines.beam.BeamRunner;
import dev.veil.pipelines.generate.SyntheticDataGenerator;
import dev.veil.pipelines.spark.SparkRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo pipeline reports its lineage on both engines: the events, their order, and the masked columns. */
class LineageIT {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkRunner.localSession("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Keeps the events in memory, in order. */
  static final class Recording implements LineageTransport {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void emit(String eventJson) {
      events.add(eventJson);
    }

    @Override
    public String describe() {
      return "memory";
    }
  }

  /** A transport that is down; a fault that cannot be caused otherwise without a network. */
  static final class Down implements LineageTransport {
    @Override
    public void emit(String eventJson) throws IOException {
      throw new IOException("connection refused");
    }

    @Override
    public String describe() {
      return "down";
    }
  }

  static PipelineSpec demo(Path dir) throws Exception {
    SyntheticDataGenerator.generate(dir.resolve("data/customers.csv"), 2000, 21, n -> {});
    Path spec = dev.veil.cli.DemoCommand.writeDemoFiles(dir);
    PipelineSpec demo = PipelineSpecs.load(spec, StageRegistry.discover());
    // these tests run the demo several times into different sinks: no shared findings directory
    List<dev.veil.core.stage.StageSpec> stages = new java.util.ArrayList<>();
    for (dev.veil.core.stage.StageSpec st : demo.stages()) {
      stages.add(st instanceof dev.veil.privacy.detect.DetectStage d ? d.withoutFindingsDataset() : st);
    }
    return new PipelineSpec(demo.name(), demo.engine(), demo.source(), stages, demo.sink(), demo.deadLetterPath(),
        demo.reportPath(), demo.sampleRows());
  }

  @Test
  void demoRun_emitsStartStagesAndComplete_withMaskedColumnsMarked_onBothEngines(@TempDir Path dir) throws Exception {
    PipelineSpec base = demo(dir);
    for (Engine engine : List.of(Engine.SPARK, Engine.BEAM)) {
      Recording rec = new Recording();
      PipelineSpec spec = base.withEngine(engine).withSink(SinkSpec.parquet(dir.resolve("out-" + engine.specName()).toString()));
      RunReport report = Veil.run(spec, e -> e == Engine.SPARK ? new SparkRunner(spark) : new BeamRunner(),
          EngineRunner.ProgressListener.NONE, new Lineage(new LineageEvents("veil"), rec, false));
      ObjectMapper json = new ObjectMapper();
      List<JsonNode> events = new ArrayList<>();
      for (String e : rec.events) events.add(json.readTree(e));
      int stages = spec.stages().size();
      assertEquals(1 + 2 * stages + 1, events.size(), engine + ": START, stage START/COMPLETE pairs, COMPLETE");
      assertEquals("START", events.get(0).get("eventType").asText());
      JsonNode last = events.get(events.size() - 1);
      assertEquals("COMPLETE", last.get("eventType").asText());
      assertEquals(report.runId(), last.at("/run/runId").asText());
      assertEquals(engine == Engine.SPARK ? "Spark" : "Beam", last.at("/run/facets/processing_engine/name").asText());
      assertEquals(report.output(), last.at("/outputs/0/outputFacets/outputStatistics/rowCount").asLong());
      assertEquals(report.deadLettered(), last.at("/run/facets/veil_deadLetters/deadLettered").asLong());
      JsonNode fields = last.at("/outputs/0/facets/columnLineage/fields");
      for (String masked : List.of("customer_id", "email", "age")) { // tokenized, hashed, generalized to 5-anonymity
        assertTrue(maskedFromItself(fields.get(masked), masked), engine + " " + masked + ": " + fields.get(masked));
      }
      assertTrue(fields.get("phone") == null && fields.get("notes") == null, "the demo policy drops phone numbers and notes");
      for (String plain : List.of("income", "churned")) {
        assertTrue(!maskedFromItself(fields.get(plain), plain), engine + " " + plain);
      }
      for (int i = 1; i < events.size() - 1; i++) {
        assertEquals(report.runId(), events.get(i).at("/run/facets/parent/run/runId").asText());
      }
    }
  }

  static boolean maskedFromItself(JsonNode field, String name) {
    for (JsonNode in : field.get("inputFields")) {
      if (in.get("field").asText().equals(name) && in.at("/transformations/0/masking").asBoolean()) return true;
    }
    return false;
  }

  @Test
  void failingRun_emitsFailWithTheError(@TempDir Path dir) throws Exception {
    PipelineSpec spec = demo(dir).withSink(SinkSpec.parquet(dir.resolve("out").toString()));
    Recording rec = new Recording();
    EngineRunner broken = new EngineRunner() {
      @Override
      public Result run(dev.veil.core.plan.PipelinePlan plan, dev.veil.pipelines.io.ResolvedSource source, ProgressListener p) {
        throw new IllegalStateException("executor lost");
      }

      @Override
      public String engineVersion() {
        return "Test 1.0";
      }
    };
    // a fake engine: the only way to make an engine fail on demand
    assertThrows(IllegalStateException.class,
        () -> Veil.run(spec, e -> broken, EngineRunner.ProgressListener.NONE, new Lineage(new LineageEvents("veil"), rec, false)));
    assertEquals(2, rec.events.size());
    JsonNode fail = new ObjectMapper().readTree(rec.events.get(1));
    assertEquals("FAIL", fail.get("eventType").asText());
    assertEquals("IllegalStateException: executor lost", fail.at("/run/facets/errorMessage/message").asText());
  }

  @Test
  void lineageDown_pipelineStillSucceeds_unlessStrict(@TempDir Path dir) throws Exception {
    PipelineSpec spec = demo(dir).withSink(SinkSpec.parquet(dir.resolve("out").toString()));
    RunReport r = Veil.run(spec, e -> new SparkRunner(spark), EngineRunner.ProgressListener.NONE,
        new Lineage(new LineageEvents("veil"), new Down(), false));
    assertTrue(r.reconciles());
    PipelineSpec again = spec.withSink(SinkSpec.parquet(dir.resolve("out2").toString()));
    Lineage.LineageException e = assertThrows(Lineage.LineageException.class, () -> Veil.run(again, x -> new SparkRunner(spark),
        EngineRunner.ProgressListener.NONE, new Lineage(new LineageEvents("veil"), new Down(), true)));
    assertTrue(e.getMessage().contains("down") && e.getMessage().contains("connection refused"), e.getMessage());
  }

  @Test
  @org.junit.jupiter.api.Tag("shared-data")
  void everyEventOfSuccessfulAndFailedRuns_onBothEngines_validatesAgainstTheOfficialSchemas(@TempDir Path dir) throws Exception {
    dev.veil.lineage.conformance.LineageConformance conformance = dev.veil.lineage.conformance.LineageConformance
        .load(Path.of(System.getProperty("veil.shared.data"), "openlineage", "spec")).withVeilFacets();
    PipelineSpec base = demo(dir);
    Recording rec = new Recording();
    for (Engine engine : List.of(Engine.SPARK, Engine.BEAM)) {
      PipelineSpec spec = base.withEngine(engine).withSink(SinkSpec.jsonl(dir.resolve("ok-" + engine.specName()).toString()));
      Veil.run(spec, e -> e == Engine.SPARK ? new SparkRunner(spark) : new BeamRunner(), EngineRunner.ProgressListener.NONE,
          new Lineage(new LineageEvents("veil"), rec, false));
      PipelineSpec failing = base.withEngine(engine).withSink(SinkSpec.jsonl(dir.resolve("fail-" + engine.specName()).toString()));
      EngineRunner broken = new EngineRunner() {
        @Override
        public Result run(dev.veil.core.plan.PipelinePlan plan, dev.veil.pipelines.io.ResolvedSource source, ProgressListener p) {
          throw new IllegalStateException("worker lost <node-7>");
        }

        @Override
        public String engineVersion() {
          return engine == Engine.SPARK ? new SparkRunner(spark).engineVersion() : new BeamRunner().engineVersion();
        }
      };
      assertThrows(IllegalStateException.class, () -> Veil.run(failing, e -> broken, EngineRunner.ProgressListener.NONE,
          new Lineage(new LineageEvents("veil"), rec, false)));
    }
    int stages = base.stages().size();
    assertEquals(2 * ((1 + 2 * stages + 1) + 2), rec.events.size());
    for (String event : rec.events) {
      List<String> problems = conformance.validate(event);
      assertTrue(problems.isEmpty(), problems + " in " + event.substring(0, Math.min(200, event.length())));
    }
  }
}
