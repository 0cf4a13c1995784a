package dev.veil.benchmarks;

import dev.veil.core.io.CsvLineParser;
import dev.veil.core.report.RunReport;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.spec.CsvOptions;
import dev.veil.core.spec.Engine;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.PipelineSpecs;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.stage.StageRegistry;
import dev.veil.pipelines.EngineRunner;
import dev.veil.pipelines.Veil;
import dev.veil.pipelines.beam.BeamRunner;
import dev.veil.pipelines.generate.SyntheticDataGenerator;
import dev.veil.pipelines.io.AvroRows;
import dev.veil.pipelines.spark.SparkRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.spark.sql.SparkSession;

/**
 * End-to-end throughput of the demo pipeline against a plain copy of the same data (read the same
 * CSV, write Parquet) on the same engine, in the same run: Spark {@code local[*]} and the Beam
 * DirectRunner. Each measurement is the best of {@code --repeat} runs after one warm-up run of each
 * job ({@code --warmup N} to change that); the result is records/s for both and the ratio pipeline/baseline. Results go to stdout as a
 * Markdown table and to {@code <dir>/results.json}. {@code --pipeline detect} runs the demo's
 * {@code detect} stage alone on the raw CSV columns instead of the whole demo pipeline (results in
 * {@code <dir>/results-detect.json}).
 *
 * <pre>
 * java ... dev.veil.benchmarks.EndToEndBenchmark --rows 1000000 --engines spark,beam --repeat 2 --dir target/bench [--pipeline detect]
 * </pre>
 */
public final class EndToEndBenchmark {
  private EndToEndBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = 1_000_000;
    List<String> engines = List.of("spark", "beam");
    int repeat = 2;
    Path dir = Path.of("target/bench");
    String mode = "demo";
    int warmup = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows": rows = Long.parseLong(args[++i]); break;
        case "--engines": engines = List.of(args[++i].split(",")); break;
        case "--repeat": repeat = Integer.parseInt(args[++i]); break;
        case "--dir": dir = Path.of(args[++i]); break;
        case "--pipeline": mode = args[++i]; break;
        case "--warmup": warmup = Integer.parseInt(args[++i]); break;
        default: throw new IllegalArgumentException("unknown argument " + args[i]
            + "; use --rows N --engines spark,beam --repeat N --warmup N --dir DIR --pipeline demo|detect");
      }
    }
    Files.createDirectories(dir);
    Path data = dir.resolve("data/customers.csv");
    if (!Files.exists(data) || lines(data) != rows + 1) {
      System.err.println("generating " + rows + " rows ...");
      SyntheticDataGenerator.generate(data, rows, 42, n -> {});
    }
    Path specFile = dev.veil.cli.DemoCommand.writeDemoFiles(dir);
    PipelineSpec loaded = PipelineSpecs.load(specFile, StageRegistry.discover());
    if (!mode.equals("demo") && !mode.equals("detect")) {
      throw new IllegalArgumentException("--pipeline must be demo or detect. Provided value: " + mode);
    }
    // detect: the demo's detect stage alone (column classification + free-text spans + findings) on the raw CSV columns
    PipelineSpec demo = mode.equals("demo") ? loaded
        : new PipelineSpec(loaded.name() + "-detect-only", loaded.engine(), loaded.source(),
            loaded.stages().stream().filter(st -> st instanceof dev.veil.privacy.detect.DetectStage).toList(), loaded.sink(),
            loaded.deadLetterPath(), loaded.reportPath(), loaded.sampleRows());
    if (demo.stages().isEmpty()) throw new IllegalStateException("the demo pipeline has no detect stage");
    System.err.println("pipeline " + mode + ": stages " + demo.stages().stream().map(st -> st.name()).toList());

    List<Map<String, Object>> results = new ArrayList<>();
    SparkSession spark = null;
    try {
      for (String e : engines) {
        Engine engine = Engine.fromSpecName(e);
        if (engine == Engine.SPARK && spark == null) spark = SparkRunner.localSession("local[*]");
        SparkSession s = spark;
        Job baseline = out -> engine == Engine.SPARK ? sparkCopy(s, data, out) : beamCopy(data, out);
        Job pipeline = out -> {
          PipelineSpec spec = new PipelineSpec(demo.name(), engine, demo.source(), demo.stages(), SinkSpec.parquet(out.toString()).withOverwrite(true),
              out + "-dead", out + "-report.json", demo.sampleRows());
          RunReport r = Veil.run(spec, x -> engine == Engine.SPARK ? new SparkRunner(s) : new BeamRunner(), EngineRunner.ProgressListener.NONE);
          if (!r.reconciles()) throw new IllegalStateException("run does not reconcile:\n" + r.toText());
          return r.input();
        };
        double base = best(baseline, dir.resolve(e + "-baseline"), warmup, repeat);
        double pipe = best(pipeline, dir.resolve(e + "-pipeline"), warmup, repeat);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", e);
        m.put("pipeline", mode);
        m.put("rows", rows);
        m.put("baselineSeconds", base);
        m.put("pipelineSeconds", pipe);
        m.put("baselineRecordsPerSecond", rows / base);
        m.put("pipelineRecordsPerSecond", rows / pipe);
        m.put("ratio", base / pipe);
        results.add(m);
        System.err.printf(Locale.ROOT, "%s: baseline %.1fs, pipeline %.1fs%n", e, base, pipe);
      }
    } finally {
      if (spark != null) spark.stop();
    }
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "| engine | rows | plain copy (records/s) | %s pipeline (records/s) | pipeline / copy |%n", mode));
    md.append("|---|---:|---:|---:|---:|\n");
    for (Map<String, Object> m : results) {
      md.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f | %.2f |%n", m.get("engine"), (long) m.get("rows"),
          (double) m.get("baselineRecordsPerSecond"), (double) m.get("pipelineRecordsPerSecond"), (double) m.get("ratio")));
    }
    System.out.print(md);
    Files.writeString(dir.resolve(mode.equals("demo") ? "results.json" : "results-" + mode + ".json"), new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(results), StandardCharsets.UTF_8);
  }

  @FunctionalInterface
  interface Job {
    long run(Path out) throws Exception;
  }

  /** One warm-up run, then the best wall time of {@code repeat} runs, in seconds. */
  static double best(Job job, Path out, int repeat) throws Exception {
    return best(job, out, 1, repeat);
  }

  /** {@code warmup} warm-up runs (1 by default), then the best wall time of {@code repeat} runs, in seconds. */
  static double best(Job job, Path out, int warmup, int repeat) throws Exception {
    if (repeat < 1) throw new IllegalArgumentException("--repeat must be >= 1. Provided value: " + repeat);
    if (warmup < 0) throw new IllegalArgumentException("--warmup must be >= 0. Provided value: " + warmup);
    double best = Double.MAX_VALUE;
    for (int i = 0; i < warmup + repeat; i++) {
      delete(out);
      delete(Path.of(out + "-dead"));
      long t = System.nanoTime();
      job.run(out);
      double s = (System.nanoTime() - t) / 1e9;
      if (i >= warmup) best = Math.min(best, s);
    }
    return best;
  }

  /** Baseline on Spark: the native CSV reader (header, all strings) straight to Parquet. */
  static long sparkCopy(SparkSession spark, Path csv, Path out) {
    spark.read().option("header", "true").csv(csv.toString()).write().parquet(out.toString());
    return 0;
  }

  /** Baseline on Beam: TextIO lines, split into fields, written as all-string Parquet records. */
  static long beamCopy(Path csv, Path out) throws IOException {
    String header;
    try (Stream<String> l = Files.lines(csv, StandardCharsets.UTF_8)) {
      header = l.findFirst().orElseThrow();
    }
    List<String> names = new CsvLineParser(CsvOptions.DEFAULT).parse(header, List.of());
    List<Field> fields = new ArrayList<>();
    for (String n : names) fields.add(Field.of(n, FieldType.STRING));
    Schema schema = Schema.of(fields);
    String avroJson = AvroRows.toAvro(schema).toString();
    DirectOptions o = PipelineOptionsFactory.as(DirectOptions.class);
    o.setRunner(DirectRunner.class);
    o.setTargetParallelism(Runtime.getRuntime().availableProcessors());
    o.setEnforceImmutability(false);
    o.setEnforceEncodability(false);
    Pipeline p = Pipeline.create(o);
    p.apply(TextIO.read().from(csv.toString()))
        .apply(ParDo.of(new DoFn<String, GenericRecord>() {
          private transient org.apache.avro.Schema avro;
          private transient CsvLineParser parser;

          @Setup
          public void setup() {
            avro = new org.apache.avro.Schema.Parser().parse(avroJson);
            parser = new CsvLineParser(CsvOptions.DEFAULT);
          }

          @ProcessElement
          public void process(@Element String line, OutputReceiver<GenericRecord> out) {
            if (line.equals(header)) return;
            try {
              List<String> f = parser.parse(line, List.of());
              if (f.size() == names.size()) out.output(AvroRows.toRecord(avro, f.toArray()));
            } catch (RuntimeException e) {
              // a plain copy skips what it cannot parse
            }
          }
        }))
        .setCoder(AvroCoder.generic(AvroRows.toAvro(schema)))
        .apply(FileIO.<GenericRecord>write().via(ParquetIO.sink(AvroRows.toAvro(schema))).to(out.toString()).withSuffix(".parquet"));
    p.run().waitUntilFinish();
    return 0;
  }

  private static long lines(Path f) throws IOException {
    try (Stream<String> l = Files.lines(f, StandardCharsets.ISO_8859_1)) {
      return l.count();
    }
  }

  private static void delete(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> w = Files.walk(p)) {
      for (Path x : w.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
    }
  }
}
