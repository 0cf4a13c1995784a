package dev.veil.pipelines.spark;

import static dev.veil.pipelines.SystemColumns.FIELD;
import static dev.veil.pipelines.SystemColumns.FILE;
import static dev.veil.pipelines.SystemColumns.FILTERED;
import static dev.veil.pipelines.SystemColumns.LINE;
import static dev.veil.pipelines.SystemColumns.MESSAGE;
import static dev.veil.pipelines.SystemColumns.RAW;
import static dev.veil.pipelines.SystemColumns.REASON;
import static dev.veil.pipelines.SystemColumns.RECORD;
import static dev.veil.pipelines.SystemColumns.STAGE;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.core.error.ReasonCode;
import dev.veil.core.error.RecordException;
import dev.veil.core.expr.Expr;
import dev.veil.core.io.SourceRecord;
import dev.veil.core.io.TextSource;
import dev.veil.core.io.TextSplit;
import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PlannedStage;
import dev.veil.core.report.DeadLetter;
import dev.veil.core.report.RunCounts;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.Schema;
import dev.veil.core.spec.Format;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.stage.FieldFunction;
import dev.veil.core.stage.FrequencyPlanner;
import dev.veil.core.stage.Op;
import dev.veil.core.stage.StagePlan;
import dev.veil.privacy.kanon.FrequencySet;
import dev.veil.pipelines.EngineRunner;
import dev.veil.privacy.dp.aggregate.DpAggregation;
import dev.veil.privacy.dp.aggregate.DpAggregator;
import dev.veil.pipelines.io.ParquetSource;
import dev.veil.pipelines.io.ResolvedSource;
import dev.veil.pipelines.io.TextFormats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * The Apache Spark adapter: runs a {@link PipelinePlan} as {@code Dataset<Row>} operations.
 *
 * <p>The source is read by the engine-neutral readers in parallel splits (so line numbers, encoding
 * checks and dead-lettering are exactly those of every engine). Each stage then touches only the
 * columns it needs: projections are {@code select}s, filters compile to native Catalyst predicates
 * (whole-stage code generation keeps running), and a computed field is a UDF over exactly its input
 * columns. Records a stage rejects stay in the dataset, marked in the bookkeeping columns of
 * {@link dev.veil.pipelines.SystemColumns} with a JSON snapshot of what that stage received, and are
 * skipped by later stages; at the end the dataset is persisted once, counted exactly with one
 * aggregation, and split into the sink and the dead-letter output.
 *
 * <p>A pipeline ending in a {@code dp-aggregate} stage ({@link Op.Aggregate}): records without a
 * privacy unit are dead-lettered by that stage like any other rejected record; the others are aggregated by
 * {@link SparkDpAggregate} (grouped by privacy unit with a Catalyst shuffle on the unit's hash, bounded per
 * unit, merged per partition key within each task and then across tasks, released on the driver once per
 * partition), and the released rows are written to the sink.
 *
 * <p>A two-pass stage ({@link Op.Frequencies}: {@code kanonymize}, {@code risk}): its input is
 * counted by distinct key tuple with a Catalyst {@code groupBy().count()}, the groups are collected
 * to the driver, planned there once, and the per-record ops of the plan run like any stage's (their
 * functions, which hold the plan, reach the executors in Spark's broadcast task binary).
 *
 * <p>One instance per {@link SparkSession}; {@link #run} may be called repeatedly, not concurrently.
 */
public final class SparkRunner implements EngineRunner {
  private static final long SPLIT_BYTES = 16L << 20;
  private final SparkSession spark;

  public SparkRunner(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * A session configured the way Veil needs it (UTC, Java 8 time types, microsecond Parquet
   * timestamps, no UI). Under {@code spark-submit} (when {@code spark.master} is already set) the
   * submitted master wins over {@code master}.
   */
  public static SparkSession localSession(String master) {
    SparkSession.Builder b = SparkSession.builder().appName("veil");
    if (System.getProperty("spark.master") == null) {
      b = b.master(master).config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
    }
    return b
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }

  /** Applies Veil's required settings to an existing session (for clusters and {@code spark-submit}). */
  public static void configure(SparkSession spark) {
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    spark.conf().set("spark.sql.datetime.java8API.enabled", "true");
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
  }

  @Override
  public String engineVersion() {
    return "Spark " + spark.version() + " " + spark.sparkContext().master();
  }

  @Override
  public Result run(PipelinePlan plan, ResolvedSource source, ProgressListener progress) {
    configure(spark);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int n = plan.stages().size();
    List<LongAccumulator> nanos = new ArrayList<>();
    for (int i = 0; i <= n; i++) {
      nanos.add(spark.sparkContext().longAccumulator("veil.stage." + i + ".nanos"));
    }
    LongAccumulator bytes = spark.sparkContext().longAccumulator("veil.source.bytes");
    long[] totalBytes = {0};
    Dataset<Row> ds = read(jsc, source, plan.sourceSchema(), bytes, totalBytes);
    PlannedStage aggStage = n > 0 && plan.stages().get(n - 1).executor().aggregateOp() != null ? plan.stages().get(n - 1) : null;
    Map<Integer, Map<String, Object>> privacyReports = new java.util.TreeMap<>();
    for (PlannedStage stage : plan.stages()) {
      if (stage == aggStage) {
        ds = markMissingUnits(ds, stage);
      } else if (stage.executor().frequenciesOp() != null) {
        FrequencyPlanner.Planned planned = planFrequencies(ds, stage);
        privacyReports.put(stage.index(), planned.report());
        PlannedStage concrete = new PlannedStage(stage.index(), stage.spec(), stage.input(),
            new StagePlan(stage.output(), planned.ops(), stage.plan().description(), stage.plan().notes()));
        ds = applyStage(ds, concrete, nanos.get(stage.index()));
      } else {
        ds = applyStage(ds, stage, nanos.get(stage.index()));
      }
    }
    // an aggregating stage keeps its input records until the aggregation at the end
    Schema out = aggStage != null ? aggStage.input() : plan.outputSchema();
    List<Column> finalCols = new ArrayList<>();
    for (Field f : out.fields()) finalCols.add(c(f.name()));
    for (String s : List.of(FILE, LINE, STAGE, REASON, MESSAGE, FIELD, RAW, RECORD)) finalCols.add(col(s));
    List<String> findingCols = findingColumns(ds);
    for (String s : findingCols) finalCols.add(col(s));
    ds = persistUncompressed(ds.select(finalCols.toArray(new Column[0])));
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "veil-progress");
      t.setDaemon(true);
      return t;
    });
    try {
      poller.scheduleAtFixedRate(() -> progress.bytesRead(bytes.value(), totalBytes[0]), 500, 500, TimeUnit.MILLISECONDS);
      RunCounts counts = new RunCounts(n);
      List<Row> groups = ds.groupBy(col(STAGE), col(REASON).equalTo(lit(FILTERED)).as("f")).count().collectAsList();
      for (Row g : groups) {
        long count = g.getLong(2);
        counts.addRead(count);
        if (!g.isNullAt(0)) {
          int stage = g.getInt(0);
          if (!g.isNullAt(1) && g.getBoolean(1)) counts.addFiltered(stage, count);
          else counts.addDead(stage, count);
        }
      }
      progress.recordsRead(counts.read());
      privacyReports.forEach(counts::setPrivacyReport);
      for (String fc : findingCols) {
        countAndWriteFindings(ds, fc, plan, counts);
      }
      if (aggStage != null) {
        Op.Aggregate agg = aggStage.executor().aggregateOp();
        DpAggregation.RowsResult released = aggregate(ds.where(col(STAGE).isNull()), out, agg.aggregation(),
            nanos.get(aggStage.index()));
        for (long i = 0; i < counts.dead(aggStage.index()); i++) released.stats().countMissingPrivacyUnit();
        counts.addAggregation(aggStage.index(), DpAggregation.reportCounts(released.rows().size(), released.stats()));
        List<Row> rows = new ArrayList<>();
        for (Object[] r : released.rows()) rows.add(RowFactory.create(r));
        Schema aggOut = plan.outputSchema();
        writeSink(spark.createDataFrame(rows, DataTypes.createStructType(SparkTypes.fields(aggOut))).coalesce(1), aggOut,
            plan.spec().sink(), rows.isEmpty());
      } else {
        long kept = counts.read();
        for (int i = 0; i <= n; i++) kept -= counts.filtered(i) + counts.dead(i);
        writeSink(ds.where(col(STAGE).isNull()), out, plan.spec().sink(), kept == 0);
      }
      writeDeadLetters(ds.where(col(STAGE).isNotNull().and(col(REASON).notEqual(lit(FILTERED)))), plan);
      for (int i = 1; i <= n; i++) {
        if (!plan.stages().get(i - 1).plan().ops().stream().allMatch(o -> o instanceof Op.Project || o instanceof Op.Filter)) {
          counts.addNanos(i, nanos.get(i).value());
        }
      }
      return new Result(counts, engineVersion());
    } finally {
      poller.shutdownNow();
      progress.bytesRead(bytes.value(), totalBytes[0]);
      ds.unpersist();
    }
  }

  /**
   * Caches the run's final records for the three passes over them (counts, sink, dead letters).
   * The cache is built without Spark's in-memory column compression: its dictionary statistics on
   * high-cardinality text (names, e-mails, notes) cost more than the whole rest of the read, and the
   * cache lives only for this run. The session's own setting is restored for the caller's caches.
   */
  private Dataset<Row> persistUncompressed(Dataset<Row> ds) {
    String key = "spark.sql.inMemoryColumnarStorage.compressed";
    String before = spark.conf().get(key, "true");
    spark.conf().set(key, "false");
    try {
      return ds.persist(StorageLevel.MEMORY_AND_DISK());
    } finally {
      spark.conf().set(key, before);
    }
  }

  // ---- reading ----

  private Dataset<Row> read(JavaSparkContext jsc, ResolvedSource source, Schema schema, LongAccumulator bytes, long[] totalBytes) {
    List<StructField> fields = new ArrayList<>(SparkTypes.fields(schema));
    fields.add(DataTypes.createStructField(FILE, DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField(LINE, DataTypes.LongType, false));
    fields.add(DataTypes.createStructField(STAGE, DataTypes.IntegerType, true));
    fields.add(DataTypes.createStructField(REASON, DataTypes.StringType, true));
    fields.add(DataTypes.createStructField(MESSAGE, DataTypes.StringType, true));
    fields.add(DataTypes.createStructField(FIELD, DataTypes.StringType, true));
    fields.add(DataTypes.createStructField(RAW, DataTypes.StringType, true));
    fields.add(DataTypes.createStructField(RECORD, DataTypes.StringType, true));
    StructType type = DataTypes.createStructType(fields);
    int width = schema.size();
    JavaRDD<Row> rows;
    if (source.text() != null) {
      TextSource text = source.text();
      List<TextSplit> splits = text.splits(SPLIT_BYTES);
      List<Long> sizes = new ArrayList<>();
      for (TextSplit sp : splits) {
        long end = sp.end() == Long.MAX_VALUE ? fileSize(sp.file()) : sp.end();
        sizes.add(end - sp.start());
        totalBytes[0] += end - sp.start();
      }
      List<scala.Tuple2<TextSplit, Long>> work = new ArrayList<>();
      for (int i = 0; i < splits.size(); i++) work.add(new scala.Tuple2<>(splits.get(i), sizes.get(i)));
      rows = jsc.parallelize(work, splits.size()).mapPartitions(it -> {
        List<Row> out = new ArrayList<>();
        while (it.hasNext()) {
          scala.Tuple2<TextSplit, Long> w = it.next();
          text.read(w._1(), r -> out.add(toRow(r, width)));
          bytes.add(w._2());
        }
        return out.iterator();
      });
    } else {
      ParquetSource parquet = source.parquet();
      List<Integer> files = new ArrayList<>();
      for (int i = 0; i < parquet.files().size(); i++) files.add(i);
      rows = jsc.parallelize(files, Math.max(1, files.size())).mapPartitions(it -> {
        List<Row> out = new ArrayList<>();
        while (it.hasNext()) parquet.read(it.next(), r -> out.add(toRow(r, width)));
        return out.iterator();
      });
    }
    return spark.createDataFrame(rows, type);
  }

  private static long fileSize(String file) {
    try {
      return java.nio.file.Files.size(java.nio.file.Path.of(file));
    } catch (java.io.IOException e) {
      throw new dev.veil.core.error.InputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static Row toRow(SourceRecord r, int width) {
    Object[] v = new Object[width + 8];
    if (r.isMalformed()) {
      v[width + 2] = 0;
      v[width + 3] = r.reason();
      v[width + 4] = r.message();
      v[width + 5] = r.field();
      v[width + 6] = r.raw();
    } else {
      System.arraycopy(r.values(), 0, v, 0, width);
    }
    v[width] = r.fileIndex();
    v[width + 1] = r.line();
    return RowFactory.create(v);
  }

  // ---- findings ----

  private static final String FINDINGS_PREFIX = "_veil_find_";
  private static final StructType FINDING = DataTypes.createStructType(List.of(
      DataTypes.createStructField("column", DataTypes.StringType, false),
      DataTypes.createStructField("entity", DataTypes.StringType, false),
      DataTypes.createStructField("start", DataTypes.IntegerType, false),
      DataTypes.createStructField("end", DataTypes.IntegerType, false),
      DataTypes.createStructField("score", DataTypes.DoubleType, false)));

  private static List<String> findingColumns(Dataset<Row> ds) {
    List<String> out = new ArrayList<>();
    for (String n : ds.columns()) {
      if (n.startsWith(FINDINGS_PREFIX)) out.add(n);
    }
    return out;
  }

  /**
   * Counts a stage's findings exactly (one aggregation over the cached final records; rows the stage
   * removed carry no findings) and writes them as JSON lines when the stage asked for a findings dataset.
   */
  private static void countAndWriteFindings(Dataset<Row> ds, String column, PipelinePlan plan, RunCounts counts) {
    int stage = Integer.parseInt(column.substring(FINDINGS_PREFIX.length()));
    Dataset<Row> exploded = ds.select(col(FILE), col(LINE), org.apache.spark.sql.functions.explode(col(column)).as("f"));
    for (Row g : exploded.groupBy(col("f.column"), col("f.entity")).count().collectAsList()) {
      counts.addFindings(stage, g.getString(0) + "/" + g.getString(1), g.getLong(2));
    }
    String path = null;
    for (Op op : plan.stages().get(stage - 1).plan().ops()) {
      if (op instanceof Op.Inspect in && in.findingsPath() != null) path = in.findingsPath();
    }
    if (path == null) return;
    List<String> files = plan.sourceFiles();
    String stageName = plan.stageName(stage);
    exploded.map((org.apache.spark.api.java.function.MapFunction<Row, String>) r -> {
      Row f = r.getStruct(2);
      return new dev.veil.core.stage.Finding(f.getString(0), f.getString(1), f.getInt(2), f.getInt(3), f.getDouble(4))
          .toJsonLine(files.get(r.getInt(0)), r.getLong(1), stage, stageName);
    }, Encoders.STRING()).write().text(path);
  }

  /** A stage's inspection: the findings of one record as an array of structs. */
  private static final class InspectUdf implements UDF1<Object, List<Row>> {
    private static final long serialVersionUID = 1L;
    private final dev.veil.core.stage.RecordInspector inspector;
    private final boolean multi;
    private final LongAccumulator nanos;

    InspectUdf(dev.veil.core.stage.RecordInspector inspector, boolean multi, LongAccumulator nanos) {
      this.inspector = inspector;
      this.multi = multi;
      this.nanos = nanos;
    }

    @Override
    public List<Row> call(Object in) {
      long t = System.nanoTime();
      List<Row> out = new ArrayList<>();
      inspector.inspect(args(in, multi), f -> out.add(RowFactory.create(f.column(), f.entity(), f.start(), f.end(), f.score())));
      nanos.add(System.nanoTime() - t);
      return out;
    }
  }

  // ---- differentially private aggregation ----

  /** Dead-letters the records of an aggregating stage that have no privacy unit; the others pass unchanged. */
  private Dataset<Row> markMissingUnits(Dataset<Row> ds, PlannedStage stage) {
    DpAggregation agg = stage.executor().aggregateOp().aggregation();
    Schema schema = stage.input();
    List<Column> inputCols = new ArrayList<>();
    for (String nme : schema.names()) inputCols.add(c(nme));
    Column all = struct(inputCols.toArray(new Column[0]));
    UserDefinedFunction reason = org.apache.spark.sql.functions.udf(
        // static: the closure must not carry the aggregation (every public key) to each task
        (UDF1<Object, String>) u -> DpAggregation.reasonOfUnit(u).orElse(null), DataTypes.StringType);
    UserDefinedFunction snapshot = org.apache.spark.sql.functions.udf(new SnapshotUdf(schema), DataTypes.StringType);
    String t = "_veil_dp_reason";
    ds = ds.withColumn(t, when(col(STAGE).isNull(), reason.apply(c(agg.privacyUnitField()))));
    Column failed = col(t).isNotNull();
    List<Column> out = new ArrayList<>(inputCols);
    out.add(col(FILE));
    out.add(col(LINE));
    out.add(when(failed, lit(stage.index())).otherwise(col(STAGE)).as(STAGE));
    out.add(when(failed, col(t)).otherwise(col(REASON)).as(REASON));
    out.add(when(failed, lit(agg.missingUnitMessage())).otherwise(col(MESSAGE)).as(MESSAGE));
    out.add(when(failed, lit(agg.privacyUnitField())).otherwise(col(FIELD)).as(FIELD));
    out.add(col(RAW));
    out.add(when(failed, snapshot.apply(all)).otherwise(col(RECORD)).as(RECORD));
    for (String earlier : findingColumns(ds)) out.add(col(earlier));
    return ds.select(out.toArray(new Column[0]));
  }


  /**
   * Aggregates the records (rows with the columns of {@code input}) as {@link DpAggregator} describes, with
   * {@link SparkDpAggregate}: group by unit, bound, merge per partition, release on the driver. Returns the
   * released rows in partition-key order and the bounding and release counts.
   */
  private DpAggregation.RowsResult aggregate(Dataset<Row> alive, Schema input, DpAggregation agg, LongAccumulator nanos) {
    return SparkDpAggregate.aggregate(alive, input, agg, nanos);
  }

  // ---- two-pass stages ----

  /**
   * Phase (a) and (b) of an {@link Op.Frequencies} stage: counts the distinct key tuples of the
   * records alive at the stage with a native Catalyst aggregation ({@code groupBy(keys).count()}),
   * collects at most {@code maxDistinct + 1} groups to the driver (more is an error before the driver
   * holds them all), and plans there. The stage's input is not cached: the per-record pass that
   * follows recomputes it from the source, so memory stays bounded by the distinct tuples.
   */
  private static FrequencyPlanner.Planned planFrequencies(Dataset<Row> ds, PlannedStage stage) {
    FrequencyPlanner p = stage.executor().frequenciesOp().planner();
    List<Column> keys = new ArrayList<>();
    for (String f : p.keyFields()) keys.add(c(f));
    int width = keys.size();
    // Whole-stage code generation fuses every earlier stage's UDFs into the aggregation's generated method;
    // after a few stages (the demo: detect, anonymize, mask, minimize) it passes the JVM's 64 KB method
    // limit, and Spark logs a compile failure with a 4,000-line stack trace before falling back to the
    // non-fused plan. This query therefore plans without whole-stage fusion from the start (the same plan
    // Spark falls back to), and the session's setting is restored right after.
    org.apache.spark.sql.SparkSession spark = ds.sparkSession();
    String wholeStage = "spark.sql.codegen.wholeStage";
    String previous = spark.conf().get(wholeStage, "true");
    List<Row> groups;
    spark.conf().set(wholeStage, "false");
    try {
      groups = ds.where(col(STAGE).isNull()).groupBy(keys.toArray(new Column[0])).count()
          .limit(p.maxDistinct() + 1).collectAsList();
    } finally {
      spark.conf().set(wholeStage, previous);
    }
    if (groups.size() > p.maxDistinct()) throw p.tooManyDistinct();
    FrequencySet.Builder b = FrequencySet.builder(p.quasiIdentifiers(), p.withSensitive());
    for (Row g : groups) {
      Object[] v = new Object[width];
      for (int i = 0; i < width; i++) v[i] = g.get(i);
      String[] key = p.key(v);
      if (key != null) b.add(key, g.getLong(width));
    }
    return p.plan(b.build());
  }

  // ---- stages ----

  private static Column c(String name) {
    return col("`" + name + "`");
  }

  private Dataset<Row> applyStage(Dataset<Row> ds, PlannedStage stage, LongAccumulator nanos) {
    Schema schema = stage.input();
    Map<String, Column> current = new LinkedHashMap<>();
    for (Field f : schema.fields()) current.put(f.name(), c(f.name()));
    Column alive = col(STAGE).isNull();
    List<Column> errors = new ArrayList<>(); // struct(r, m, f) per fallible op, in order
    Column keep = null;
    boolean filterDead = false;
    int tmp = 0;
    List<Column> inspections = new ArrayList<>();
    for (Op op : stage.plan().ops()) {
      if (op instanceof Op.Project p) {
        Map<String, Column> next = new LinkedHashMap<>();
        for (String f : p.fields()) next.put(f, current.get(f));
        current = next;
      } else if (op instanceof Op.Compute cpt) {
        List<Column> inputs = new ArrayList<>();
        for (String in : cpt.inputs()) inputs.add(current.get(in));
        Column arg = inputs.size() == 1 ? inputs.get(0) : struct(inputs.toArray(new Column[0]));
        boolean multi = inputs.size() > 1;
        if (cpt.fallible()) {
          StructType rt = DataTypes.createStructType(List.of(
              DataTypes.createStructField("v", SparkTypes.of(cpt.output().type()), true),
              DataTypes.createStructField("r", DataTypes.StringType, true),
              DataTypes.createStructField("m", DataTypes.StringType, true),
              DataTypes.createStructField("f", DataTypes.StringType, true)));
          UserDefinedFunction udf = org.apache.spark.sql.functions.udf(new FallibleUdf(cpt.function(), multi, nanos), rt);
          String t = "_veil_t" + (tmp++);
          ds = ds.withColumn(t, when(alive, udf.apply(arg)));
          current.put(cpt.output().name(), col(t + ".v"));
          errors.add(col(t));
        } else {
          UserDefinedFunction udf = org.apache.spark.sql.functions.udf(new PlainUdf(cpt.function(), multi, nanos),
              SparkTypes.of(cpt.output().type()));
          current.put(cpt.output().name(), when(alive, udf.apply(arg)));
        }
      } else if (op instanceof Op.Inspect ins) {
        List<Column> inputs = new ArrayList<>();
        for (String in : ins.inputs()) inputs.add(current.get(in));
        Column arg = inputs.size() == 1 ? inputs.get(0) : struct(inputs.toArray(new Column[0]));
        UserDefinedFunction udf = org.apache.spark.sql.functions.udf(new InspectUdf(ins.inspector(), inputs.size() > 1, nanos),
            DataTypes.createArrayType(FINDING, false));
        inspections.add(udf.apply(arg));
      } else if (op instanceof Op.Filter f) {
        Map<String, Column> fields = current;
        Column pred = coalesce(compile(f.predicate(), fields::get), lit(false));
        keep = keep == null ? pred : keep.and(pred);
        filterDead = f.deadLetterRejected();
      }
    }
    // the first error of the stage, if any
    Column errR = lit(null).cast(DataTypes.StringType);
    Column errM = errR;
    Column errF = errR;
    for (int i = errors.size() - 1; i >= 0; i--) {
      Column e = errors.get(i);
      Column has = e.getField("r").isNotNull();
      errR = when(has, e.getField("r")).otherwise(errR);
      errM = when(has, e.getField("m")).otherwise(errM);
      errF = when(has, e.getField("f")).otherwise(errF);
    }
    Column failed = alive.and(errR.isNotNull());
    Column rejected = keep == null ? lit(false) : alive.and(not(keep));
    // a failure is checked before the filter, as the reference executor runs ops in order
    Column removedHere = failed.or(rejected);
    List<Column> out = new ArrayList<>();
    for (Map.Entry<String, Column> e : current.entrySet()) {
      // rows removed here keep their input in the RECORD snapshot; their field values no longer matter
      out.add(e.getValue().cast(SparkTypes.of(stage.output().require(e.getKey(), "stage").type())).as(e.getKey()));
    }
    // keep the stage's input columns that a projection removed, so dead letters show what the stage received
    List<String> inputNames = schema.names();
    UserDefinedFunction snapshot = org.apache.spark.sql.functions.udf(new SnapshotUdf(schema), DataTypes.StringType);
    List<Column> inputCols = new ArrayList<>();
    for (String nme : inputNames) inputCols.add(c(nme));
    boolean deadHere = !errors.isEmpty() || filterDead;
    Column deadNow = failed.or(filterDead ? rejected : lit(false));
    Column rejectReason = filterDead ? lit(ReasonCode.REJECTED_BY_FILTER) : lit(FILTERED);
    out.add(col(FILE));
    out.add(col(LINE));
    out.add(when(removedHere, lit(stage.index())).otherwise(col(STAGE)).as(STAGE));
    out.add(when(failed, errR).when(rejected, rejectReason).otherwise(col(REASON)).as(REASON));
    out.add(when(failed, errM).when(rejected, filterDead ? lit("rejected by the filter") : lit(null).cast(DataTypes.StringType))
        .otherwise(col(MESSAGE)).as(MESSAGE));
    out.add(when(failed, errF).otherwise(col(FIELD)).as(FIELD));
    out.add(col(RAW));
    out.add((deadHere ? when(deadNow, snapshot.apply(struct(inputCols.toArray(new Column[0])))).otherwise(col(RECORD)) : col(RECORD)).as(RECORD));
    for (String earlier : findingColumns(ds)) out.add(col(earlier));
    if (!inspections.isEmpty()) {
      // findings count only for records the stage passes on (as the reference executor's callers do)
      Column all = inspections.size() == 1 ? inspections.get(0)
          : org.apache.spark.sql.functions.concat(inspections.toArray(new Column[0]));
      out.add(when(alive.and(not(removedHere)), all).as(FINDINGS_PREFIX + stage.index()));
    }
    return ds.select(out.toArray(new Column[0]));
  }

  /**
   * Compiles a bound filter expression to a native Catalyst column with the semantics of
   * {@link dev.veil.core.expr.ExprEvaluator} (SQL three-valued logic; Spark orders strings by UTF-8
   * bytes, that is by code point, and doubles with -0.0 = 0.0 and NaN largest, as the evaluator does).
   *
   * @param fields the column holding each field at this point of the stage
   */
  static Column compile(Expr e, java.util.function.Function<String, Column> fields) {
    if (e instanceof Expr.Column cl) return fields.apply(cl.name());
    if (e instanceof Expr.Literal l) return lit(l.value());
    if (e instanceof Expr.Compare cmp) {
      Column l = compile(cmp.left(), fields);
      Column r = compile(cmp.right(), fields);
      switch (cmp.op()) {
        case EQ: return l.equalTo(r);
        case NE: return l.notEqual(r);
        case LT: return l.lt(r);
        case LE: return l.leq(r);
        case GT: return l.gt(r);
        case GE: return l.geq(r);
        default: throw new IllegalStateException();
      }
    }
    if (e instanceof Expr.And a) return compile(a.left(), fields).and(compile(a.right(), fields));
    if (e instanceof Expr.Or o) return compile(o.left(), fields).or(compile(o.right(), fields));
    if (e instanceof Expr.Not nt) return not(compile(nt.operand(), fields));
    if (e instanceof Expr.IsNull in) return in.negated() ? compile(in.operand(), fields).isNotNull() : compile(in.operand(), fields).isNull();
    if (e instanceof Expr.In in) {
      Object[] values = in.values().stream().map(Expr.Literal::value).toArray();
      Column isin = compile(in.operand(), fields).isin(values);
      return in.negated() ? not(isin) : isin;
    }
    throw new IllegalStateException("unknown expression " + e);
  }

  private static Object[] args(Object in, boolean multi) {
    if (!multi) return new Object[] {in};
    Row r = (Row) in;
    Object[] a = new Object[r.length()];
    for (int i = 0; i < a.length; i++) a[i] = r.get(i);
    return a;
  }

  /** A non-failing stage function over its input columns. */
  private static final class PlainUdf implements UDF1<Object, Object> {
    private static final long serialVersionUID = 1L;
    private final FieldFunction fn;
    private final boolean multi;
    private final LongAccumulator nanos;

    PlainUdf(FieldFunction fn, boolean multi, LongAccumulator nanos) {
      this.fn = fn;
      this.multi = multi;
      this.nanos = nanos;
    }

    @Override
    public Object call(Object in) {
      long t = System.nanoTime();
      Object v = fn.apply(args(in, multi));
      nanos.add(System.nanoTime() - t);
      return v;
    }
  }

  /** A failing-capable stage function: returns struct(v, reason, message, field). */
  private static final class FallibleUdf implements UDF1<Object, Row> {
    private static final long serialVersionUID = 1L;
    private final FieldFunction fn;
    private final boolean multi;
    private final LongAccumulator nanos;

    FallibleUdf(FieldFunction fn, boolean multi, LongAccumulator nanos) {
      this.fn = fn;
      this.multi = multi;
      this.nanos = nanos;
    }

    @Override
    public Row call(Object in) {
      long t = System.nanoTime();
      try {
        return RowFactory.create(fn.apply(args(in, multi)), null, null, null);
      } catch (RecordException e) {
        return RowFactory.create(null, e.reason(), e.getMessage(), e.field());
      } finally {
        nanos.add(System.nanoTime() - t);
      }
    }
  }

  /** JSON of the record a stage received, for its dead letters (runs only for rejected rows). */
  private static final class SnapshotUdf implements UDF1<Row, String> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Schema schema;

    SnapshotUdf(Schema schema) {
      this.schema = schema;
    }

    @Override
    public String call(Row r) throws Exception {
      Object[] v = new Object[r.length()];
      for (int i = 0; i < v.length; i++) v[i] = r.get(i);
      return JSON.writeValueAsString(DeadLetter.recordOf(schema, v));
    }
  }

  // ---- writing ----

  /**
   * Writes the records to the sink. CSV part files start with the header; with no record at all
   * (e.g. a {@code kanonymize} that suppressed everything) the sink gets one part file holding only
   * the header, as on Beam, instead of the empty part file Spark would write.
   */
  private static void writeSink(Dataset<Row> alive, Schema out, SinkSpec sink, boolean empty) {
    List<Column> cols = new ArrayList<>();
    for (Field f : out.fields()) cols.add(c(f.name()));
    Dataset<Row> data = alive.select(cols.toArray(new Column[0]));
    if (sink.format() == Format.PARQUET) {
      data.write().parquet(sink.path());
      return;
    }
    int w = out.size();
    char delim = sink.delimiter();
    Format fmt = sink.format();
    String header = TextFormats.csvHeader(out, delim);
    if (empty && fmt == Format.CSV) {
      alive.sparkSession().createDataset(List.of(header), Encoders.STRING()).coalesce(1).write().text(sink.path());
      return;
    }
    Dataset<String> lines = data.mapPartitions((org.apache.spark.api.java.function.MapPartitionsFunction<Row, String>) it -> {
      List<String> buf = new ArrayList<>();
      if (fmt == Format.CSV && it.hasNext()) buf.add(header);
      return new Iterator<String>() {
        int i = 0;

        @Override
        public boolean hasNext() {
          return i < buf.size() || it.hasNext();
        }

        @Override
        public String next() {
          if (i < buf.size()) return buf.get(i++);
          Row r = it.next();
          Object[] v = new Object[w];
          for (int k = 0; k < w; k++) v[k] = r.get(k);
          return fmt == Format.CSV ? TextFormats.csvLine(v, delim) : TextFormats.jsonLine(out, v);
        }
      };
    }, Encoders.STRING());
    lines.write().text(sink.path());
  }

  private static void writeDeadLetters(Dataset<Row> dead, PipelinePlan plan) {
    Map<Integer, String> names = new HashMap<>();
    for (int i = 0; i <= plan.stages().size(); i++) names.put(i, plan.stageName(i));
    List<String> files = plan.sourceFiles();
    Dataset<String> lines = dead.select(col(STAGE), col(REASON), col(MESSAGE), col(FIELD), col(FILE), col(LINE), col(RECORD), col(RAW))
        .map((org.apache.spark.api.java.function.MapFunction<Row, String>) r -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> record = r.isNullAt(6) ? null : new ObjectMapper().readValue(r.getString(6), LinkedHashMap.class);
          int stage = r.getInt(0);
          return new DeadLetter(stage, names.get(stage), r.getString(1), r.getString(2), r.getString(3), files.get(r.getInt(4)),
              r.getLong(5), record, r.getString(7)).toJson();
        }, Encoders.STRING());
    lines.write().text(plan.spec().deadLetterPath());
  }
}
