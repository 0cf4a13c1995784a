package dev.veil.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.core.io.SourceRecord;
import dev.veil.core.report.RunReport;
import dev.veil.core.report.StageMetrics;
import dev.veil.core.spec.Engine;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.PipelineSpecs;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.spec.SourceSpec;
import dev.veil.core.stage.StageRegistry;
import dev.veil.pipelines.beam.BeamRunner;
import dev.veil.pipelines.generate.SyntheticDataGenerator;
import dev.veil.pipelines.io.ParquetSource;
import dev.veil.pipelines.io.TextFormats;
import dev.veil.pipelines.spark.SparkRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo pipeline on the Beam DirectRunner and on Spark local[*] gives identical output records,
 * identical dead letters and identical per-stage counts.
 */
class CrossEngineIT {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkRunner.localSession("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static PipelineSpec demoSpec(Path dir) throws Exception {
    Path spec = dev.veil.cli.DemoCommand.writeDemoFiles(dir);
    return PipelineSpecs.load(spec, StageRegistry.discover());
  }

  @Test
  void demoPipeline_sparkAndBeam_giveIdenticalRecordsDeadLettersAndCounts(@TempDir Path dir) throws Exception {
    SyntheticDataGenerator.generate(dir.resolve("data/customers.csv"), 6000, 7, n -> {});
    PipelineSpec base = demoSpec(dir);
    RunReport spark1 = run(base, Engine.SPARK, dir.resolve("spark"));
    RunReport beam1 = run(base, Engine.BEAM, dir.resolve("beam"));

    assertTrue(spark1.reconciles() && beam1.reconciles());
    assertEquals(6000, spark1.input());
    assertTrue(spark1.deadLettered() > 0 && spark1.filtered() > 0, spark1.toText());
    assertEquals(counts(spark1), counts(beam1));
    assertEquals(spark1.outputSchema(), beam1.outputSchema());

    List<String> sparkRecords = parquetRecords(dir.resolve("spark/out"));
    List<String> beamRecords = parquetRecords(dir.resolve("beam/out"));
    assertEquals(spark1.output(), sparkRecords.size());
    assertSameLines(sparkRecords, beamRecords, "output records");
    List<String> sparkDead = new ArrayList<>();
    for (Map<String, Object> m : deadLetters(dir.resolve("spark/dead"))) sparkDead.add(new ObjectMapper().writeValueAsString(m));
    List<String> beamDead = new ArrayList<>();
    for (Map<String, Object> m : deadLetters(dir.resolve("beam/dead"))) beamDead.add(new ObjectMapper().writeValueAsString(m));
    assertEquals(spark1.deadLettered(), sparkDead.size());
    assertSameLines(sparkDead, beamDead, "dead letters");
  }

  @Test
  void csvAndJsonSinks_sparkAndBeam_writeIdenticalLines(@TempDir Path dir) throws Exception {
    SyntheticDataGenerator.generate(dir.resolve("data/customers.csv"), 1500, 11, n -> {});
    PipelineSpec base = demoSpec(dir);
    for (SinkSpec sink : List.of(SinkSpec.csv("x"), SinkSpec.jsonl("x"))) {
      String f = sink.format().specName();
      PipelineSpec s = new PipelineSpec(base.name(), base.engine(), base.source(), findingsUnder(base, dir.resolve("sf-" + f)),
          sink.withPath(dir.resolve("s-" + f).toString()), dir.resolve("sd-" + f).toString(), base.reportPath(), base.sampleRows());
      PipelineSpec b = new PipelineSpec(base.name(), base.engine(), base.source(), findingsUnder(base, dir.resolve("bf-" + f)),
          sink.withPath(dir.resolve("b-" + f).toString()), dir.resolve("bd-" + f).toString(), base.reportPath(), base.sampleRows());
      Veil.run(s.withEngine(Engine.SPARK), e -> new SparkRunner(spark), EngineRunner.ProgressListener.NONE);
      Veil.run(b.withEngine(Engine.BEAM), e -> new BeamRunner(), EngineRunner.ProgressListener.NONE);
      boolean csv = f.equals("csv");
      List<String> sl = textLines(dir.resolve("s-" + f), csv);
      List<String> bl = textLines(dir.resolve("b-" + f), csv);
      assertTrue(sl.size() > 1000, f);
      assertSameLines(sl, bl, f + " sink");
    }
  }

  @Test
  void gzipSource_sparkAndBeam_readTheSameRecordsAsTheUncompressedFile(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("data/customers.csv");
    SyntheticDataGenerator.generate(csv, 3000, 13, n -> {});
    Path gz = dir.resolve("data/customers.csv.gz");
    try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(csv, out);
    }
    PipelineSpec base = demoSpec(dir);
    RunReport plain = run(base, Engine.SPARK, dir.resolve("plain"));
    PipelineSpec zipped = base.withSource(base.source().withPath(gz.toString()));
    RunReport s = run(zipped, Engine.SPARK, dir.resolve("gz-spark"));
    RunReport b = run(zipped, Engine.BEAM, dir.resolve("gz-beam"));
    assertEquals(counts(plain), counts(s));
    assertEquals(counts(plain), counts(b));
    List<String> expected = parquetRecords(dir.resolve("plain/out"));
    assertSameLines(expected, parquetRecords(dir.resolve("gz-spark/out")), "gzip on spark");
    assertSameLines(expected, parquetRecords(dir.resolve("gz-beam/out")), "gzip on beam");
  }

  @Test
  void detectFindings_sparkAndBeam_countAndWriteTheSameFindings(@TempDir Path dir) throws Exception {
    SyntheticDataGenerator.generate(dir.resolve("data/customers.csv"), 2000, 17, n -> {});
    PipelineSpec base = demoSpec(dir);
    List<String> lines = new ArrayList<>();
    List<List<String>> countsPerEngine = new ArrayList<>();
    for (Engine engine : List.of(Engine.SPARK, Engine.BEAM)) {
      Path findings = dir.resolve(engine.name()).resolve("findings"); // where run() puts each run's findings
      List<dev.veil.core.stage.StageSpec> stages = new ArrayList<>();
      for (dev.veil.core.stage.StageSpec st : base.stages()) {
        stages.add(st instanceof dev.veil.privacy.detect.DetectStage d ? d.withFindings(findings.toString()) : st);
      }
      PipelineSpec spec = new PipelineSpec(base.name(), base.engine(), base.source(), stages, base.sink(), base.deadLetterPath(),
          base.reportPath(), base.sampleRows());
      RunReport r = run(spec, engine, dir.resolve(engine.name()));
      StageMetrics detect = r.stages().stream().filter(m -> m.type().equals("detect")).findFirst().orElseThrow();
      assertTrue(detect.findings().getOrDefault("email/EMAIL_ADDRESS", 0L) > 1000, detect.findings().toString());
      assertTrue(detect.findings().getOrDefault("notes/EMAIL_ADDRESS", 0L) > 0, detect.findings().toString());
      long total = detect.findings().values().stream().mapToLong(Long::longValue).sum();
      List<String> written = textLines(findings, false);
      assertEquals(total, written.size(), "one findings line per counted finding");
      for (String l : written) {
        assertTrue(!l.contains("@"), "findings never hold values: " + l);
      }
      countsPerEngine.add(counts(r));
      if (lines.isEmpty()) {
        lines.addAll(written);
      } else {
        assertSameLines(lines, written, "findings");
      }
    }
    assertEquals(countsPerEngine.get(0), countsPerEngine.get(1));
  }

  /** Equal lists, reported by the first difference rather than the whole (large) lists. */
  static void assertSameLines(List<String> expected, List<String> actual, String what) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        throw new AssertionError(what + " differ at " + i + ":\n spark: " + expected.get(i) + "\n beam:  " + actual.get(i));
      }
    }
    assertEquals(expected.size(), actual.size(), what + " count");
  }

  /** The stages of {@code base} with detect's findings written under {@code out} (each run its own directory). */
  static List<dev.veil.core.stage.StageSpec> findingsUnder(PipelineSpec base, Path out) {
    List<dev.veil.core.stage.StageSpec> stages = new ArrayList<>();
    for (dev.veil.core.stage.StageSpec st : base.stages()) {
      stages.add(st instanceof dev.veil.privacy.detect.DetectStage d && d.findings() != null
          ? d.withFindings(out.resolve("findings").toString()) : st);
    }
    return stages;
  }

  private RunReport run(PipelineSpec base, Engine engine, Path out) {
    PipelineSpec spec = new PipelineSpec(base.name(), engine, base.source(), findingsUnder(base, out),
        SinkSpec.parquet(out.resolve("out").toString()), out.resolve("dead").toString(), out.resolve("report.json").toString(),
        base.sampleRows());
    return Veil.run(spec, e -> e == Engine.SPARK ? new SparkRunner(spark) : new BeamRunner(), EngineRunner.ProgressListener.NONE);
  }

  private static List<String> counts(RunReport r) {
    List<String> out = new ArrayList<>();
    for (StageMetrics m : r.stages()) {
      out.add(m.index() + " " + m.name() + " " + m.in() + " " + m.out() + " " + m.filtered() + " " + m.deadLettered() + " " + m.findings());
    }
    return out;
  }

  /** Output records as JSON lines in a canonical order (engine-neutral Parquet reader). */
  static List<String> parquetRecords(Path dir) {
    ParquetSource p = ParquetSource.open(SourceSpec.parquet(dir.toString()));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < p.files().size(); i++) {
      p.read(i, (SourceRecord r) -> out.add(TextFormats.jsonLine(p.schema(), r.values())));
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** The lines of every part file, sorted; with {@code headers}, each file's first line must be the same header and is left out. */
  static List<String> textLines(Path dir, boolean headers) throws Exception {
    List<String> out = new ArrayList<>();
    String header = null;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(x -> x.getFileName().toString().startsWith("part-")).toList()) {
        List<String> lines = Files.readAllLines(p);
        if (headers && !lines.isEmpty()) {
          if (header != null) assertEquals(header, lines.get(0), "header of " + p);
          header = lines.get(0);
          lines = lines.subList(1, lines.size());
        }
        out.addAll(lines);
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> deadLetters(Path dir) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<Map<String, Object>> out = new ArrayList<>();
    for (String l : textLines(dir, false)) if (!l.isBlank()) out.add(json.readValue(l, Map.class));
    out.sort(Comparator.comparing(m -> ((Map<String, Object>) m.get("source")).get("line").toString() + "/" + m.get("stageIndex")));
    return out;
  }
}
