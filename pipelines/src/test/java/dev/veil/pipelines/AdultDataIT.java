package dev.veil.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.report.RunReport;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.PipelineSpecs;
import dev.veil.core.stage.StageRegistry;
import dev.veil.pipelines.beam.BeamRunner;
import dev.veil.pipelines.spark.SparkRunner;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real external data: the raw UCI Adult file from {@code ../shared/data/adult/adult.data} (32,561
 * rows, no header, {@code ", "}-separated, {@code ?} for missing values, no newline after the last
 * row). Removing every row with a missing value must leave UCI's 30,162 complete rows, on both
 * engines, with identical records. Runs only with {@code -Pshared-data} (see {@code .ci/run}).
 */
@Tag("shared-data")
class AdultDataIT {

  static Path adult() {
    Path p = Path.of(System.getProperty("veil.shared.data", "../shared/data"), "adult", "adult.data");
    assertTrue(Files.isRegularFile(p), "shared data missing: " + p.toAbsolutePath() + " (set -Dveil.shared.data)");
    return p;
  }

  static PipelineSpec spec(Path dir, String engine) {
    String yaml = String.join("\n",
        "name: adult-complete-cases",
        "engine: " + engine,
        "source:",
        "  format: csv",
        "  path: " + adult().toAbsolutePath(),
        "  header: false",
        "  columns: [age, workclass, fnlwgt, education, education_num, marital_status, occupation, relationship, race, sex,"
            + " capital_gain, capital_loss, hours_per_week, native_country, income]",
        "stages:",
        "  - {type: cast, columns: {age: long, fnlwgt: long, education_num: long, capital_gain: long, capital_loss: long, hours_per_week: long}}",
        "  - {type: filter, name: complete-cases, where: \"workclass != ' ?' and occupation != ' ?' and native_country != ' ?'\"}",
        "sink: {format: parquet, path: " + dir.resolve(engine) + "}");
    return PipelineSpecs.parse("adult.yaml", new StringReader(yaml), StageRegistry.discover(), null);
  }

  @Test
  void adultData_completeCases_matchUciCountOnBothEngines(@TempDir Path dir) {
    SparkSession spark = SparkRunner.localSession("local[2]");
    try {
      RunReport s = Veil.run(spec(dir, "spark"), e -> new SparkRunner(spark), EngineRunner.ProgressListener.NONE);
      RunReport b = Veil.run(spec(dir, "beam"), e -> new BeamRunner(), EngineRunner.ProgressListener.NONE);
      for (RunReport r : List.of(s, b)) {
        assertTrue(r.reconciles(), r.toText());
        assertEquals(32_561, r.input(), r.toText());
        assertEquals(30_162, r.output(), r.toText());
        assertEquals(2_399, r.filtered(), r.toText());
        assertEquals(0, r.deadLettered(), r.toText());
      }
      CrossEngineIT.assertSameLines(CrossEngineIT.parquetRecords(dir.resolve("spark")), CrossEngineIT.parquetRecords(dir.resolve("beam")),
          "adult records");
    } finally {
      spark.stop();
    }
  }
}
