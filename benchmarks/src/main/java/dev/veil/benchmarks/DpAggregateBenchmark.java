package dev.veil.benchmarks;

import dev.veil.core.report.RunReport;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Tags;
import dev.veil.core.schema.FieldType;
import dev.veil.core.spec.Engine;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.spec.SourceSpec;
import dev.veil.core.stage.builtin.CastStage;
import dev.veil.pipelines.EngineRunner;
import dev.veil.pipelines.Veil;
import dev.veil.pipelines.beam.BeamRows;
import dev.veil.pipelines.beam.BeamRunner;
import dev.veil.pipelines.beam.DpAggregateTransform;
import dev.veil.pipelines.spark.SparkDpAggregate;
import dev.veil.pipelines.spark.SparkRunner;
import dev.veil.privacy.dp.aggregate.DpAggregateStage;
import dev.veil.privacy.dp.aggregate.DpAggregation;
import dev.veil.privacy.dp.aggregate.DpAggregator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Differentially private aggregation (count, sum, mean per key, with contribution bounding: at most
 * {@value #L0} keys per privacy unit and {@value #LINF} records per key and unit, values clamped, private
 * partition selection) as a Veil pipeline ({@code cast} + {@code dp-aggregate}), against the same
 * non-DP aggregation written natively on the same engine and data: Spark
 * {@code groupBy(key).agg(count, sum, avg)} over the native CSV reader, and Beam
 * {@code TextIO -> Combine.perKey(count, sum) -> TextIO}. On Spark the aggregation alone is also timed
 * over a cached in-memory {@code Dataset} ({@link #sparkInMemory}; skip with {@code --no-core}, or run only
 * it with {@code --core-only}; {@code --floor} adds the structural floor of a DP plan, see there). Each figure is the best wall time of
 * {@code --repeat} runs after one warm-up; the ratio is DP time / non-DP time. Results go to stdout as a
 * Markdown table and to {@code <dir>/dp-results.json}.
 *
 * <p>Data (generated once, seeded): {@code unit,key,value}; {@code rows / 10} privacy units, each record
 * with a uniform key among {@code --keys} and a value uniform in [0, 1000).
 *
 * <pre>
 * benchmarks/run-dp --rows 1000000 --keys 10000 --engines spark,beam --repeat 1
 * (target configuration: --rows 10000000 --keys 100000)
 * </pre>
 */
public final class DpAggregateBenchmark {
  static final int L0 = 4;
  static final int LINF = 2;

  private DpAggregateBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = 1_000_000;
    int keys = 10_000;
    List<String> engines = List.of("spark", "beam");
    int repeat = 1;
    Path dir = Path.of("target/bench");
    boolean core = true;
    boolean coreOnly = false;
    boolean floor = false;
    boolean privateSelection = false;
    List<String> beamBaselines = List.of("perkey", "bundle-map");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows": rows = Long.parseLong(args[++i]); break;
        case "--keys": keys = Integer.parseInt(args[++i]); break;
        case "--engines": engines = List.of(args[++i].split(",")); break;
        case "--repeat": repeat = Integer.parseInt(args[++i]); break;
        case "--dir": dir = Path.of(args[++i]); break;
        case "--no-core": core = false; break;
        case "--core-only": coreOnly = true; break;
        case "--floor": floor = true; break;
        case "--private": privateSelection = true; break;
        case "--beam-baselines": beamBaselines = List.of(args[++i].split(",")); break;
        default: throw new IllegalArgumentException("unknown argument " + args[i]
            + "; use --rows N --keys N --engines spark,beam --repeat N --dir DIR [--no-core | --core-only] [--floor]"
            + " [--beam-baselines perkey,bundle-map] [--private]");
      }
    }
    Files.createDirectories(dir);
    Path data = dir.resolve("dp-data/records-" + rows + "-" + keys + ".csv");
    if (!Files.exists(data)) {
      System.err.println("generating " + rows + " rows over " + keys + " keys ...");
      generate(data, rows, keys);
    }
    // public partitions (every key): with ~100 records per key, private selection at epsilon 1 would keep none
    List<String> partitions = new ArrayList<>();
    for (int k = 0; k < keys; k++) partitions.add("k" + k);
    Map<String, Object> params = new java.util.HashMap<>(Map.of("dataset", "bench", "privacyUnit", "unit",
        "groupBy", List.of("key"), "metrics", "count, sum(value), mean(value)", "bounds", "value=0:1000",
        "epsilon", 1.0, "delta", 0.0, "maxPartitionsContributed", L0, "maxContributionsPerPartition", LINF,
        "partitions", partitions));
    if (privateSelection) {
      // private partition selection (its own share of the budget, needs delta): the per-key merge path
      params.remove("partitions");
      params.put("delta", 1e-6);
    }
    DpAggregateStage stage = DpAggregateStage.fromMap("dp", params);
    List<Map<String, Object>> results = new ArrayList<>();
    SparkSession spark = null;
    try {
      for (String e : engines) {
        Engine engine = Engine.fromSpecName(e);
        if (engine == Engine.SPARK && spark == null) spark = SparkRunner.localSession("local[*]");
        SparkSession s = spark;
        long[] released = {0};
        EndToEndBenchmark.Job baseline = out -> engine == Engine.SPARK ? sparkGroupBy(s, data, out) : beamGroupBy(data, out);
        EndToEndBenchmark.Job dp = out -> {
          PipelineSpec spec = PipelineSpec.builder("dp-bench").engine(engine).source(SourceSpec.csv(data.toString()))
              .stage(new CastStage("cast", Map.of("value", FieldType.DOUBLE), true)).stage(stage)
              .sink(SinkSpec.csv(out.toString())).deadLetterPath(out + "-dead").reportPath(out + "-report.json").build();
          RunReport r = Veil.run(spec, x -> engine == Engine.SPARK ? new SparkRunner(s) : new BeamRunner(),
              EngineRunner.ProgressListener.NONE);
          if (!r.reconciles()) throw new IllegalStateException("run does not reconcile:\n" + r.toText());
          released[0] = r.partitionsReleased();
          return r.input();
        };
        if (engine == Engine.SPARK && core) {
          results.addAll(sparkInMemory(s, data, stage, rows, keys, repeat, floor));
        }
        if (engine == Engine.BEAM && core) {
          results.addAll(beamSamePipeline(data, stage, rows, keys, repeat, beamBaselines));
        }
        if (!coreOnly) {
          double base = EndToEndBenchmark.best(baseline, dir.resolve(e + "-groupby"), repeat);
          double priv = EndToEndBenchmark.best(dp, dir.resolve(e + "-dp"), repeat);
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("engine", e);
          m.put("timed", "from file");
          m.put("rows", rows);
          m.put("keys", keys);
          m.put("groupBySeconds", base);
          m.put("dpSeconds", priv);
          m.put("ratio", priv / base);
          m.put("partitionsReleased", released[0]);
          results.add(m);
          System.err.printf(Locale.ROOT, "%s from file: non-DP groupBy %.1fs, DP aggregation %.1fs%n", e, base, priv);
        }
      }
    } finally {
      if (spark != null) spark.stop();
    }
    StringBuilder md = new StringBuilder();
    md.append("| engine | timed | rows | keys | non-DP groupBy (s) | DP aggregation (s) | DP / non-DP | CPU non-DP (s) "
        + "| CPU DP (s) | CPU DP / non-DP | partitions released |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map<String, Object> m : results) {
      boolean cpu = m.containsKey("groupByCpuSeconds");
      md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %.1f | %.1f | %.2f | %s | %s | %s | %,d |%n", m.get("engine"),
          m.get("timed"), (long) m.get("rows"), (int) m.get("keys"), (double) m.get("groupBySeconds"), (double) m.get("dpSeconds"),
          (double) m.get("ratio"), cpu ? String.format(Locale.ROOT, "%.1f", (double) m.get("groupByCpuSeconds")) : "-",
          cpu ? String.format(Locale.ROOT, "%.1f", (double) m.get("dpCpuSeconds")) : "-",
          cpu ? String.format(Locale.ROOT, "%.2f", (double) m.get("cpuRatio")) : "-", (long) m.get("partitionsReleased")));
    }
    System.out.print(md);
    Files.writeString(dir.resolve("dp-results.json"), new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(results), StandardCharsets.UTF_8);
  }

  /**
   * The aggregation alone on Spark, without reading or writing files: the CSV is read once into a cached
   * {@code Dataset} (unit, key, value; not timed), then {@code groupBy(key).agg(count, sum, avg)} collected
   * to the driver is timed against {@link SparkDpAggregate#aggregate} (grouping by unit, bounding, merging,
   * release of every partition on the driver) over the same cached rows, which is what the
   * {@code dp-aggregate} stage runs inside a Veil pipeline. Besides the wall time, the JVM's CPU time (all
   * threads: executors, GC, JIT) of each run is taken, which the load of other processes disturbs less; both
   * are the best of {@code repeat} runs after one warm-up, non-DP and DP runs alternating.
   *
   * <p>With {@code floor}, also the structural floor of any DP plan that must bring each unit's rows
   * together: the same cached rows with the unit's {@code xxhash64}, shuffled on it and sorted within
   * partitions by it, only counted ({@code floor: shuffle + sort}), and shuffled alone
   * ({@code floor: shuffle}), each against the same native {@code groupBy}.
   */
  static List<Map<String, Object>> sparkInMemory(SparkSession spark, Path csv, DpAggregateStage stage, long rows, int keys,
      int repeat, boolean floor) throws Exception {
    Dataset<Row> ds = spark.read().option("header", "true").schema("unit STRING, key STRING, value DOUBLE")
        .csv(csv.toString()).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (ds.count() != rows) throw new IllegalStateException("cached dataset lost rows");
      Schema schema = Schema.of(new Field("unit", FieldType.STRING, true, Tags.NONE),
          new Field("key", FieldType.STRING, true, Tags.NONE), new Field("value", FieldType.DOUBLE, true, Tags.NONE));
      DpAggregation agg = DpAggregation.of(DpAggregator.of(stage.query(), stage.mechanisms()), schema);
      long[] released = {0};
      Runnable baseline = () -> ds.groupBy("key").agg(functions.count("*").as("count"),
          functions.sum("value").as("sum_value"), functions.avg("value").as("mean_value")).collectAsList().size();
      Map<String, Runnable> jobs = new LinkedHashMap<>();
      jobs.put("in memory (cached Dataset)", () -> released[0] = SparkDpAggregate.aggregate(ds, schema, agg, null).rows().size());
      if (floor) {
        Dataset<Row> hashed = ds.withColumn("h", functions.xxhash64(functions.col("unit")));
        jobs.put("floor: shuffle + sort", () -> hashed.repartition(functions.col("h")).sortWithinPartitions("h")
            .queryExecution().toRdd().count());
        jobs.put("floor: shuffle", () -> hashed.repartition(functions.col("h")).queryExecution().toRdd().count());
      }
      List<Map<String, Object>> out = new ArrayList<>();
      for (Map.Entry<String, Runnable> job : jobs.entrySet()) {
        out.add(alternate("spark", job.getKey(), baseline, job.getValue(), repeat, rows, keys,
            () -> job.getKey().startsWith("floor") ? 0L : released[0]));
      }
      return out;
    } finally {
      ds.unpersist();
    }
  }

  /**
   * Runs {@code baseline} and {@code dp} alternately, {@code 1 + repeat} times each, and returns the best wall
   * and CPU time of each after the first (warm-up) pair, with their ratios, as one result row.
   */
  private static Map<String, Object> alternate(String engine, String timed, Runnable baseline, Runnable dp, int repeat,
      long rows, int keys, java.util.function.LongSupplier released) {
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE}; // wall, cpu: base, dp
    for (int i = 0; i < 1 + repeat; i++) {
      double[] b = timed(baseline);
      double[] d = timed(dp);
      if (i == 0) continue;
      best[0] = Math.min(best[0], b[0]);
      best[1] = Math.min(best[1], b[1]);
      best[2] = Math.min(best[2], d[0]);
      best[3] = Math.min(best[3], d[1]);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("engine", engine);
    m.put("timed", timed);
    m.put("rows", rows);
    m.put("keys", keys);
    m.put("groupBySeconds", best[0]);
    m.put("dpSeconds", best[2]);
    m.put("ratio", best[2] / best[0]);
    m.put("groupByCpuSeconds", best[1]);
    m.put("dpCpuSeconds", best[3]);
    m.put("cpuRatio", best[3] / best[1]);
    m.put("partitionsReleased", released.getAsLong());
    m.put("loadAverage", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.err.printf(Locale.ROOT, "%s %s: non-DP %.1fs (CPU %.1fs), DP %.1fs (CPU %.1fs), load %.1f%n",
        engine, timed, best[0], best[1], best[2], best[3], (double) m.get("loadAverage"));
    return m;
  }

  /** Runs {@code job} once: {wall seconds, CPU seconds of the whole JVM}. */
  private static double[] timed(Runnable job) {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long c = os.getProcessCpuTime();
    long t = System.nanoTime();
    job.run();
    return new double[] {(System.nanoTime() - t) / 1e9, (os.getProcessCpuTime() - c) / 1e9};
  }

  /** {@code unit,key,value} with a header; seeded, so the same arguments give the same file. */
  static void generate(Path file, long rows, int keys) throws IOException {
    Files.createDirectories(file.getParent());
    SplittableRandom r = new SplittableRandom(7);
    long units = Math.max(1, rows / 10);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("unit,key,value\n");
      for (long i = 0; i < rows; i++) {
        w.write("u" + r.nextLong(units) + ",k" + r.nextInt(keys) + "," + r.nextInt(1000) + "\n");
      }
    }
  }

  /** The non-DP aggregation on Spark: native CSV reader, groupBy(key).agg(count, sum, avg), CSV out. */
  static long sparkGroupBy(SparkSession spark, Path csv, Path out) {
    spark.read().option("header", "true").schema("unit STRING, key STRING, value DOUBLE").csv(csv.toString())
        .groupBy("key").agg(functions.count("*").as("count"), functions.sum("value").as("sum_value"),
            functions.avg("value").as("mean_value"))
        .write().option("header", "true").csv(out.toString());
    return 0;
  }

  /** Count and sum of one key (the non-DP accumulator). */
  static final class CountSum implements Serializable {
    private static final long serialVersionUID = 1L;
    long count;
    double sum;
  }

  /** count, sum and mean of one key's values, as text {@code count,sum,mean} (the non-DP aggregation on Beam). */
  static final class CountSumFn extends Combine.CombineFn<Double, CountSum, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public CountSum createAccumulator() {
      return new CountSum();
    }

    @Override
    public CountSum addInput(CountSum acc, Double v) {
      acc.count++;
      acc.sum += v;
      return acc;
    }

    @Override
    public CountSum mergeAccumulators(Iterable<CountSum> accs) {
      CountSum m = new CountSum();
      for (CountSum a : accs) {
        m.count += a.count;
        m.sum += a.sum;
      }
      return m;
    }

    @Override
    public String extractOutput(CountSum acc) {
      return acc.count + "," + acc.sum + "," + (acc.sum / acc.count);
    }

    @Override
    public Coder<CountSum> getAccumulatorCoder(CoderRegistry registry, Coder<Double> inputCoder) {
      return SerializableCoder.of(CountSum.class);
    }
  }

  /**
   * The aggregation step alone on Beam: both pipelines read the CSV with {@code TextIO} and parse every line
   * into a Veil record row (unit, key, value) with the same code; then the non-DP one runs
   * {@code Combine.perKey(count, sum)} on (key, value) and the DP one {@link DpAggregateTransform} (bucketing
   * by unit, bounding, merging, release of every public partition); both end in {@code Count.globally}. Neither
   * writes files. A second non-DP baseline does the aggregation by hand, as the DP stage does (one map of
   * sums per bundle, all merged in one {@code Combine.globally}): on the DirectRunner a {@code GroupByKey}
   * processes every key as a bundle of its own, which {@code Combine.perKey} pays once per partition key and
   * the DP stage once per unit bucket, so this baseline shows what the DP steps cost beyond the grouping
   * ({@code --beam-baselines perkey,bundle-map} chooses; with 100k keys {@code Combine.perKey} takes more than
   * 20 minutes a run here).
   * Wall and JVM CPU time of each run, best of {@code repeat} after one warm-up, non-DP and DP
   * alternating (DirectRunner, 2 threads, immutability and encodability checks off, as Veil's runner).
   */
  static List<Map<String, Object>> beamSamePipeline(Path csv, DpAggregateStage stage, long rows, int keys, int repeat,
      List<String> which) {
    Schema schema = Schema.of(new Field("unit", FieldType.STRING, true, Tags.NONE),
        new Field("key", FieldType.STRING, true, Tags.NONE), new Field("value", FieldType.DOUBLE, true, Tags.NONE));
    DpAggregation agg = DpAggregation.of(DpAggregator.of(stage.query(), stage.mechanisms()), schema);
    org.apache.beam.sdk.schemas.Schema recordSchema = BeamRows.recordSchema(schema);
    Runnable baseline = () -> {
      Pipeline p = beamPipeline();
      beamRecords(p, csv, recordSchema)
          .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.doubles()))
              .via((org.apache.beam.sdk.values.Row r) -> KV.of(r.getString(1), r.getDouble(2))))
          .apply(Combine.perKey(new CountSumFn()))
          .apply(Count.globally());
      p.run().waitUntilFinish();
    };
    Runnable handCombined = () -> {
      Pipeline p = beamPipeline();
      beamRecords(p, csv, recordSchema)
          .apply(org.apache.beam.sdk.transforms.ParDo.of(new BundleSumsFn()))
          .setCoder(SerializableCoder.of(BundleSums.class))
          .apply(Combine.globally(new MergeSumsFn()))
          .apply(Count.globally());
      p.run().waitUntilFinish();
    };
    long[] released = {0};
    Runnable dp = () -> {
      Pipeline p = beamPipeline();
      DpAggregateTransform t = DpAggregateTransform.of(agg, schema);
      beamRecords(p, csv, recordSchema).apply(t).get(t.records()).apply(Count.globally());
      org.apache.beam.sdk.PipelineResult result = p.run();
      result.waitUntilFinish();
      released[0] = 0;
      for (org.apache.beam.sdk.metrics.MetricResult<Long> c : result.metrics().allMetrics().getCounters()) {
        if (c.getName().getName().endsWith("|partitionsReleased")) released[0] += c.getCommitted();
      }
    };
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, Runnable> baselines = new LinkedHashMap<>();
    if (which.contains("perkey")) baselines.put("same pipeline (TextIO + parse), non-DP: Combine.perKey", baseline);
    if (which.contains("bundle-map")) {
      baselines.put("same pipeline (TextIO + parse), non-DP: one map per bundle + Combine.globally", handCombined);
    }
    for (Map.Entry<String, Runnable> base : baselines.entrySet()) {
      out.add(alternate("beam", base.getKey(), base.getValue(), dp, repeat, rows, keys, () -> released[0]));
    }
    return out;
  }

  /** Per key: count and sum, for the hand-combined non-DP baseline. */
  static final class BundleSums implements Serializable {
    private static final long serialVersionUID = 1L;
    final java.util.HashMap<String, CountSum> sums = new java.util.HashMap<>();

    void add(String key, long count, double sum) {
      CountSum c = sums.computeIfAbsent(key, k -> new CountSum());
      c.count += count;
      c.sum += sum;
    }
  }

  /** Sums a bundle's records per key in one map, emitted when the bundle finishes. */
  static final class BundleSumsFn extends org.apache.beam.sdk.transforms.DoFn<org.apache.beam.sdk.values.Row, BundleSums> {
    private static final long serialVersionUID = 1L;
    private transient BundleSums sums;

    @StartBundle
    public void start() {
      sums = new BundleSums();
    }

    @ProcessElement
    public void process(@Element org.apache.beam.sdk.values.Row r) {
      sums.add(r.getString(1), 1, r.getDouble(2));
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      c.output(sums, org.apache.beam.sdk.transforms.windowing.GlobalWindow.INSTANCE.maxTimestamp(),
          org.apache.beam.sdk.transforms.windowing.GlobalWindow.INSTANCE);
      sums = null;
    }
  }

  /** Merges the bundles' maps into one (the hand-combined non-DP baseline); the output is its number of keys. */
  static final class MergeSumsFn extends Combine.CombineFn<BundleSums, BundleSums, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public BundleSums createAccumulator() {
      return new BundleSums();
    }

    @Override
    public BundleSums addInput(BundleSums acc, BundleSums in) {
      for (Map.Entry<String, CountSum> e : in.sums.entrySet()) acc.add(e.getKey(), e.getValue().count, e.getValue().sum);
      return acc;
    }

    @Override
    public BundleSums mergeAccumulators(Iterable<BundleSums> accs) {
      BundleSums m = new BundleSums();
      for (BundleSums a : accs) addInput(m, a);
      return m;
    }

    @Override
    public Long extractOutput(BundleSums acc) {
      return (long) acc.sums.size();
    }

    @Override
    public Coder<BundleSums> getAccumulatorCoder(CoderRegistry registry, Coder<BundleSums> inputCoder) {
      return SerializableCoder.of(BundleSums.class);
    }
  }

  private static Pipeline beamPipeline() {
    DirectOptions o = PipelineOptionsFactory.as(DirectOptions.class);
    o.setRunner(DirectRunner.class);
    o.setTargetParallelism(2);
    o.setEnforceImmutability(false);
    o.setEnforceEncodability(false);
    return Pipeline.create(o);
  }

  /** The CSV's records as Veil record rows (unit, key, value as a double; file 0, line 0). */
  private static org.apache.beam.sdk.values.PCollection<org.apache.beam.sdk.values.Row> beamRecords(Pipeline p, Path csv,
      org.apache.beam.sdk.schemas.Schema recordSchema) {
    return p.apply(TextIO.read().from(csv.toString()))
        .apply(Filter.by((String l) -> !l.startsWith("unit,")))
        .apply(MapElements.into(TypeDescriptors.rows()).via((String l) -> {
          int a = l.indexOf(',');
          int b = l.indexOf(',', a + 1);
          return BeamRows.record(recordSchema, new Object[] {l.substring(0, a), l.substring(a + 1, b),
              Double.parseDouble(l.substring(b + 1))}, 0, 0);
        }))
        .setRowSchema(recordSchema);
  }

  /** The non-DP aggregation on Beam: TextIO, Combine.perKey(count, sum, mean), TextIO (DirectRunner, 2 threads as Veil's). */
  static long beamGroupBy(Path csv, Path out) {
    Pipeline p = beamPipeline();
    p.apply(TextIO.read().from(csv.toString()))
        .apply(Filter.by((String l) -> !l.startsWith("unit,")))
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.doubles())).via((String l) -> {
          int a = l.indexOf(',');
          int b = l.indexOf(',', a + 1);
          return KV.of(l.substring(a + 1, b), Double.parseDouble(l.substring(b + 1)));
        }))
        .apply(Combine.perKey(new CountSumFn()))
        .apply(MapElements.into(TypeDescriptors.strings()).via((KV<String, String> kv) -> kv.getKey() + "," + kv.getValue()))
        .apply(TextIO.write().to(out.resolve("part").toString()).withSuffix(".csv"));
    p.run().waitUntilFinish();
    return 0;
  }
}
