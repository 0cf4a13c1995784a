package dev.veil.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.io.SourceRecord;
import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.error.RecordException;
import dev.veil.core.plan.PlannedStage;
import dev.veil.core.plan.StageExecutor;
import dev.veil.core.report.RunReport;
import dev.veil.core.report.StageMetrics;
import dev.veil.core.spec.Engine;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.PipelineSpecs;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.stage.StageRegistry;
import dev.veil.pipelines.beam.BeamRunner;
import dev.veil.pipelines.generate.SyntheticDataGenerator;
import dev.veil.pipelines.io.ResolvedSource;
import dev.veil.pipelines.io.TextFormats;
import dev.veil.pipelines.spark.SparkRunner;
import dev.veil.privacy.dp.DpTesting;
import dev.veil.privacy.dp.aggregate.DpAggregateStage;
import dev.veil.privacy.dp.aggregate.DpAggregation;
import dev.veil.privacy.dp.aggregate.DpAggregator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dp-aggregate stage on Spark local[2] and the Beam DirectRunner: in zero-noise test mode both give
 * output rows, dead letters and counts identical to each other and to the in-memory reference
 * ({@link DpAggregator#aggregate}); with real noise the output has the documented shape, every public
 * partition appears, and two runs differ.
 *
 * <p>Data: the synthetic customer set with its customer ids folded onto {@value #UNITS} privacy units
 * (so units have several records in several countries, and L0/Linf bounding drop some) and every
 * {@value #BLANK_EVERY}th id blanked (dead-lettered by the stage).
 */
class DpAggregateCrossEngineIT {
  static final int UNITS = 500;
  static final int BLANK_EVERY = 97;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkRunner.localSession("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Generates the data and a pipeline spec reading it, with the given dp-aggregate stage lines. */
  static Path write(Path dir, int rows, String stage, String epsilon, String delta) throws Exception {
    Path csv = dir.resolve("data/customers.csv");
    SyntheticDataGenerator.generate(csv, rows, 21, n -> {});
    foldUnits(csv);
    Path spec = dir.resolve("dp.yaml");
    Files.writeString(spec, String.join("\n",
        "name: dp-test",
        "source:",
        "  format: csv",
        "  path: data/customers.csv",
        "stages:",
        "  - type: cast",
        "    columns: {age: long, income: double}",
        "  - type: dp-aggregate",
        "    name: stats",
        "    dataset: customers",
        "    privacyUnit: customer_id",
        "    groupBy: [country]",
        "    bounds: \"income=0:200000, age=18:100\"",
        "    epsilon: " + epsilon,
        "    delta: " + delta,
        "    maxPartitionsContributed: 2",
        "    maxContributionsPerPartition: 1",
        stage,
        "sink:",
        "  format: csv",
        "  path: out",
        ""));
    return spec;
  }

  /** Rewrites {@code C0001234,} ids at line starts to {@code U<n mod UNITS>,}, blanking every BLANK_EVERY-th. */
  static void foldUnits(Path csv) throws Exception {
    byte[] in = Files.readAllBytes(csv);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    int start = 0;
    while (start < in.length) {
      int end = start;
      while (end < in.length && in[end] != '\n') end++;
      boolean id = end - start > 9 && in[start] == 'C' && in[start + 8] == ',';
      for (int i = 1; id && i < 8; i++) id = in[start + i] >= '0' && in[start + i] <= '9';
      if (id) {
        int n = Integer.parseInt(new String(in, start + 1, 7, StandardCharsets.US_ASCII));
        String unit = n % BLANK_EVERY == 0 ? "" : "U" + (n % UNITS);
        out.write(unit.getBytes(StandardCharsets.US_ASCII));
        out.write(in, start + 8, end - start - 8);
      } else {
        out.write(in, start, end - start);
      }
      if (end < in.length) out.write('\n');
      start = end + 1;
    }
    Files.write(csv, out.toByteArray());
  }

  static PipelineSpec load(Path spec, boolean zeroNoise, Engine engine, Path out) throws Exception {
    PipelineSpec base = PipelineSpecs.load(spec, StageRegistry.discover());
    DpAggregateStage stage = (DpAggregateStage) base.stages().get(1);
    if (zeroNoise) stage = stage.withZeroNoiseForTests(DpTesting.FOR_TESTS_ONLY);
    return new PipelineSpec(base.name(), engine, base.source(), List.of(base.stages().get(0), stage), SinkSpec.csv(out.resolve("out").toString()),
        out.resolve("dead").toString(), out.resolve("report.json").toString(), base.sampleRows());
  }

  static RunReport run(PipelineSpec spec) {
    return Veil.run(spec, e -> e == Engine.SPARK ? new SparkRunner(spark) : new BeamRunner(), EngineRunner.ProgressListener.NONE);
  }

  @Test
  void zeroNoise_sparkBeamAndReference_giveIdenticalRowsDeadLettersAndCounts(@TempDir Path dir) throws Exception {
    zeroNoiseRun(dir, "count, count_distinct_units, sum(income), mean(age), variance(age), quantiles(age;0.5;0.9)");
  }

  /** Without quantiles the Spark adapter carries the partition state in its flat (long[]) form: the same outputs. */
  @Test
  void zeroNoise_flatStateOnSpark_givesTheReferenceRows(@TempDir Path dir) throws Exception {
    zeroNoiseRun(dir, "count, count_distinct_units, sum(income), mean(age), stddev(income)");
  }

  private void zeroNoiseRun(Path dir, String metrics) throws Exception {
    int rows = 4000;
    Path yaml = write(dir, rows, "    metrics: \"" + metrics + "\"",
        "20", "1.0e-6"); // a large epsilon so that private selection keeps the small countries too
    PipelineSpec sparkSpec = load(yaml, true, Engine.SPARK, dir.resolve("spark"));
    PipelineSpec beamSpec = load(yaml, true, Engine.BEAM, dir.resolve("beam"));
    RunReport s = run(sparkSpec);
    RunReport b = run(beamSpec);

    // the reference: the same records through the engine-neutral reader and DpAggregation.aggregateRows
    PipelinePlan plan = Veil.plan(sparkSpec);
    StageExecutor cast = plan.stages().get(0).executor();
    PlannedStage stage = plan.stages().get(1);
    List<Object[]> records = new ArrayList<>();
    for (SourceRecord r : ResolvedSource.open(sparkSpec.source(), rows).sample()) {
      if (r.isMalformed()) continue;
      try {
        records.add(cast.apply(r.values()));
      } catch (RecordException e) {
        // dead-lettered by the cast stage on every engine
      }
    }
    DpAggregation.RowsResult ref = stage.executor().aggregate(records);
    List<String> expected = new ArrayList<>();
    for (Object[] r : ref.rows()) expected.add(TextFormats.csvLine(r, ','));
    expected.sort(null);

    assertTrue(s.reconciles() && b.reconciles(), s.toText() + b.toText());
    assertEquals(rows, s.input());
    assertTrue(ref.rows().size() >= 5, "partitions released: " + ref.rows().size());
    assertTrue(ref.stats().recordsDroppedByL0() > 0 && ref.stats().recordsDroppedByLinf() > 0, ref.stats().toString());
    List<String> sparkRows = CrossEngineIT.textLines(dir.resolve("spark/out"), true);
    List<String> beamRows = CrossEngineIT.textLines(dir.resolve("beam/out"), true);
    CrossEngineIT.assertSameLines(expected, sparkRows, "spark vs reference rows");
    CrossEngineIT.assertSameLines(expected, beamRows, "beam vs reference rows");

    // counts: records in = aggregated + dead-lettered; the bounding counts equal the reference's
    StageMetrics sm = s.stages().get(2);
    StageMetrics bm = b.stages().get(2);
    assertEquals(ref.deadLetters().size(), sm.deadLettered());
    assertEquals(sm.in(), sm.out() + sm.deadLettered());
    assertEquals(List.of(sm.in(), sm.out(), sm.deadLettered()), List.of(bm.in(), bm.out(), bm.deadLettered()));
    Map<String, Long> expectedCounts = DpAggregation.reportCounts(ref.rows().size(), ref.stats());
    assertEquals(expectedCounts, sm.aggregation());
    assertEquals(expectedCounts, bm.aggregation());
    assertEquals(ref.rows().size(), s.partitionsReleased());
    assertTrue(s.toText().contains("NOT differentially private"), s.toText());

    List<Map<String, Object>> sparkDead = CrossEngineIT.deadLetters(dir.resolve("spark/dead"));
    List<Map<String, Object>> beamDead = CrossEngineIT.deadLetters(dir.resolve("beam/dead"));
    assertEquals(sparkDead, beamDead);
    long missing = sparkDead.stream().filter(m -> DpAggregator.MISSING_PRIVACY_UNIT.equals(m.get("reason"))).count();
    assertEquals(sm.deadLettered(), missing);
    assertTrue(missing > 0);
  }

  @Test
  void realNoise_everyPublicPartitionAppearsWithTheDocumentedColumns_andRunsDiffer(@TempDir Path dir) throws Exception {
    Path yaml = write(dir, 3000, "    metrics: \"count, sum(income), mean(age)\"\n    partitions: [DE, US, ZZ]", "1.0", "0");
    List<List<String>> runs = new ArrayList<>();
    for (String name : List.of("spark1", "spark2", "beam1")) {
      Engine e = name.startsWith("spark") ? Engine.SPARK : Engine.BEAM;
      RunReport r = run(load(yaml, false, e, dir.resolve(name)));
      assertTrue(r.reconciles(), r.toText());
      assertEquals(3, r.partitionsReleased());
      List<String> lines = Files.readAllLines(partFile(dir.resolve(name + "/out")));
      assertEquals("country,count,count_stddev,count_ci_low,count_ci_high,sum_income,sum_income_stddev,sum_income_ci_low,"
          + "sum_income_ci_high,mean_age,mean_age_stddev,mean_age_ci_low,mean_age_ci_high", lines.get(0));
      List<String> body = new ArrayList<>(CrossEngineIT.textLines(dir.resolve(name + "/out"), true));
      Set<String> keys = new HashSet<>();
      for (String l : body) {
        String[] f = l.split(",", -1);
        assertEquals(13, f.length, l);
        keys.add(f[0]);
        for (int m = 0; m < 3; m++) {
          double v = Double.parseDouble(f[1 + 4 * m]);
          double sd = Double.parseDouble(f[2 + 4 * m]);
          double lo = Double.parseDouble(f[3 + 4 * m]);
          double hi = Double.parseDouble(f[4 + 4 * m]);
          assertTrue(sd > 0 && lo <= hi, l);
        }
        double mean = Double.parseDouble(f[9]);
        assertTrue(mean >= 18 && mean <= 100, "mean within the bounds: " + l);
        assertTrue(Double.parseDouble(f[1]) >= 0, "count post-processed to >= 0: " + l);
      }
      assertEquals(Set.of("DE", "US", "ZZ"), keys);
      runs.add(body);
    }
    // fresh noise on every run: identical rows would need the same SecureRandom draws for all 9 released
    // numbers (sums and means noised at a granularity far below their noise sd), probability far below 1e-9
    assertNotEquals(runs.get(0), runs.get(1));
    assertNotEquals(runs.get(0), runs.get(2));
  }

  static Path partFile(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).filter(p -> {
        try {
          return Files.size(p) > 0;
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).findFirst().orElseThrow();
    }
  }
}
