package dev.veil.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.report.RunReport;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.spec.Engine;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.PipelineSpecs;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.spec.SourceSpec;
import dev.veil.core.stage.StageRegistry;
import dev.veil.core.stage.builtin.CastStage;
import dev.veil.core.stage.builtin.FilterStage;
import dev.veil.core.stage.builtin.SelectStage;
import dev.veil.pipelines.EngineRunner;
import dev.veil.pipelines.Veil;
import dev.veil.pipelines.beam.BeamRunner;
import dev.veil.pipelines.generate.SyntheticDataGenerator;
import dev.veil.pipelines.spark.SparkRunner;
import dev.veil.privacy.detect.DetectStage;
import dev.veil.privacy.mask.MaskOperator;
import dev.veil.privacy.mask.MaskStage;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example and its YAML twin, kept compiling and running, and equal to each other. */
class ReadmeExampleIT {

  @org.junit.jupiter.api.AfterAll
  static void stopSpark() {
    // the README example starts a session and, being an example, leaves it to the JVM's end
    org.apache.spark.sql.SparkSession.getDefaultSession().foreach(s -> {
      s.stop();
      return null;
    });
  }

  @Test
  void readmeJavaExample_runsAndEqualsTheYamlVersion(@TempDir Path dir) throws Exception {
    SyntheticDataGenerator.generate(dir.resolve("data/customers.csv"), 2000, 3, n -> {});
    String data = dir.resolve("data/customers.csv").toString();
    String out = dir.resolve("out/customers").toString();

    // --- as in README.md ---
    PipelineSpec spec = PipelineSpec.builder("customers")
        .source(SourceSpec.csv(data).withTags("customer_id", "privacy-unit"))
        .stage(SelectStage.of("customer_id", "email", "phone", "notes", "age", "churned"))
        .stage(CastStage.of(Map.of("age", FieldType.LONG, "churned", FieldType.LONG)))
        .stage(FilterStage.of("age >= 21"))
        .stage(DetectStage.defaults())
        .stage(MaskStage.allPii().withOperator(new MaskOperator('*', 0, 2, "@.")))
        .sink(SinkSpec.parquet(out).withOverwrite(true))
        .engine(Engine.SPARK)
        .build();
    RunReport report = Veil.run(spec,
        engine -> engine == Engine.SPARK ? new SparkRunner(SparkRunner.localSession("local[*]")) : new BeamRunner(),
        EngineRunner.ProgressListener.NONE);
    // ---
    assertTrue(report.reconciles(), report.toText());
    assertEquals(2000, report.input());

    String yaml = String.join("\n",
        "name: customers",
        "engine: spark",
        "source: {format: csv, path: " + data + ", tags: {customer_id: [privacy-unit]}}",
        "stages:",
        "  - {type: select, columns: [customer_id, email, phone, notes, age, churned]}",
        "  - {type: cast, columns: {age: long, churned: long}}",
        "  - {type: filter, where: \"age >= 21\"}",
        "  - {type: detect}",
        "  - {type: mask, keepLast: 2, preserve: \"@.\"}",
        "sink: {format: parquet, path: " + out + ", mode: overwrite}");
    PipelineSpec fromYaml = PipelineSpecs.parse("customers.yaml", new StringReader(yaml), StageRegistry.discover(), null);
    assertEquals(spec, fromYaml);
    assertTrue(report.outputSchema().stream().anyMatch(f -> f.get("name").equals("email")
        && ((java.util.List<?>) f.get("tags")).contains("pii:" + PiiClass.EMAIL_ADDRESS.name())));
    assertTrue(Files.exists(Path.of(out, "_veil_schema.json")));
  }
}
