package dev.veil.pipelines.beam;

import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PlannedStage;
import dev.veil.core.report.DeadLetter;
import dev.veil.privacy.dp.aggregate.DpAggregation;
import dev.veil.privacy.dp.aggregate.DpAggregator;
import dev.veil.privacy.dp.aggregate.DpRecord;
import dev.veil.privacy.dp.aggregate.DpRunStats;
import dev.veil.privacy.dp.aggregate.PartitionAccumulator;
import dev.veil.privacy.dp.aggregate.PartitionKey;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The {@code dp-aggregate} stage ({@link dev.veil.core.stage.Op.Aggregate}) as a Beam composite, following
 * {@link DpAggregator}'s steps:
 *
 * <ol>
 *   <li>records without a privacy unit go to {@link #deadLetters()} (counted as the stage's dead letters);
 *       the others are keyed by privacy unit;
 *   <li>{@code GroupByKey} by unit, then per unit the bounding of {@link DpAggregator#boundUnit} (with a
 *       {@link DpAggregator.UnitBounder}), merged per partition key within each bundle and emitted as
 *       (partition key, accumulator) pairs when the bundle finishes;
 *   <li>{@code Combine.perKey} with a {@code CombineFn} around {@link DpAggregator#emptyAccumulator} and
 *       {@link DpAggregator#merge} (exact, so any combiner tree gives the same state), with an empty
 *       accumulator added for every public partition;
 *   <li>{@link DpAggregator#release} once per partition into {@link #records()} (rows of the stage's output
 *       schema with source location file 0, line 0).
 * </ol>
 *
 * Keys travel as lists of nullable strings (a deterministic coder, as {@code GroupByKey} needs),
 * accumulators with Java serialization ({@link SerializableCoder}). The exact, non-DP bounding and release
 * counts go to committed counters ({@link RunMetrics#aggregation}).
 *
 * <p>Thread-safety: immutable once built; the {@code DoFn}s keep per-bundle counts in fields.
 */
final class DpAggregateTransform extends PTransform<PCollection<Row>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final String stageName;
  private final List<String> sourceFiles;
  private final dev.veil.core.schema.Schema input;
  private final DpAggregation aggregation;
  private final Schema outputSchema;
  private final TupleTag<Row> records = new TupleTag<>("records");
  private final TupleTag<String> deadLetters = new TupleTag<>("dead-letters");
  private final TupleTag<KV<String, UnitRecord>> keyed = new TupleTag<>("keyed");

  private DpAggregateTransform(PlannedStage stage, String stageName, List<String> sourceFiles) {
    super(stage.index() + "-" + stageName);
    this.index = stage.index();
    this.stageName = stageName;
    this.sourceFiles = sourceFiles;
    this.input = stage.input();
    this.aggregation = stage.executor().aggregateOp().aggregation();
    this.outputSchema = BeamRows.recordSchema(stage.output());
  }

  /** The transform of the aggregating stage {@code stage} of {@code plan}. */
  static DpAggregateTransform of(PipelinePlan plan, PlannedStage stage) {
    return new DpAggregateTransform(stage, plan.stageName(stage.index()), plan.sourceFiles());
  }

  TupleTag<Row> records() {
    return records;
  }

  TupleTag<String> deadLetters() {
    return deadLetters;
  }

  /** One record of a privacy unit, compact and serializable: its partition key's values and its metric values. */
  static final class UnitRecord implements Serializable {
    private static final long serialVersionUID = 1L;
    final String[] key;
    final double[] values;

    UnitRecord(String[] key, double[] values) {
      this.key = key;
      this.values = values;
    }
  }

  /**
   * A compact coder for {@link UnitRecord}: the number of key values, each key value as a nullable
   * UTF-8 string, the number of metric values and their IEEE-754 bits. Every record of the stage
   * crosses the group-by-unit shuffle (and, on the DirectRunner, is encoded again for its checks), so
   * Java serialization (a class descriptor and object headers per element) cost far more than the
   * data. Not deterministic in the sense Beam requires of keys (doubles), and it is only used for values.
   */
  static final class UnitRecordCoder extends org.apache.beam.sdk.coders.CustomCoder<UnitRecord> {
    private static final long serialVersionUID = 1L;
    private static final Coder<String> STRING = NullableCoder.of(StringUtf8Coder.of());

    @Override
    public void encode(UnitRecord r, java.io.OutputStream out) throws java.io.IOException {
      org.apache.beam.sdk.util.VarInt.encode(r.key.length, out);
      for (String k : r.key) STRING.encode(k, out);
      org.apache.beam.sdk.util.VarInt.encode(r.values.length, out);
      byte[] bits = new byte[8 * r.values.length];
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bits);
      for (double v : r.values) b.putLong(Double.doubleToRawLongBits(v));
      out.write(bits);
    }

    @Override
    public UnitRecord decode(java.io.InputStream in) throws java.io.IOException {
      String[] key = new String[org.apache.beam.sdk.util.VarInt.decodeInt(in)];
      for (int i = 0; i < key.length; i++) key[i] = STRING.decode(in);
      double[] values = new double[org.apache.beam.sdk.util.VarInt.decodeInt(in)];
      byte[] bits = new byte[8 * values.length];
      new java.io.DataInputStream(in).readFully(bits);
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bits);
      for (int i = 0; i < values.length; i++) values[i] = Double.longBitsToDouble(b.getLong());
      return new UnitRecord(key, values);
    }
  }

  @Override
  public PCollectionTuple expand(PCollection<Row> in) {
    Coder<List<String>> keyCoder = ListCoder.of(NullableCoder.of(StringUtf8Coder.of()));
    Coder<PartitionAccumulator> accCoder = SerializableCoder.of(PartitionAccumulator.class);
    PCollectionTuple split = in.apply("key-by-unit", ParDo.of(new KeyFn(this))
        .withOutputTags(keyed, TupleTagList.of(deadLetters)));
    split.get(deadLetters).setCoder(StringUtf8Coder.of());
    PCollection<KV<String, UnitRecord>> byUnit = split.get(keyed)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), new UnitRecordCoder()));
    KvCoder<List<String>, PartitionAccumulator> pairCoder = KvCoder.of(keyCoder, accCoder);
    PCollection<KV<List<String>, PartitionAccumulator>> bounded = byUnit
        .apply("group-by-unit", GroupByKey.create())
        .apply("bound-contributions", ParDo.of(new BoundFn(aggregation.aggregator(), index)))
        .setCoder(pairCoder);
    List<KV<List<String>, PartitionAccumulator>> empties = new ArrayList<>();
    for (PartitionKey k : aggregation.aggregator().publicPartitions()) {
      empties.add(KV.of(new ArrayList<>(k.values()), aggregation.aggregator().emptyAccumulator()));
    }
    PCollection<KV<List<String>, PartitionAccumulator>> all = bounded;
    if (!empties.isEmpty()) {
      PCollection<KV<List<String>, PartitionAccumulator>> pub = in.getPipeline()
          .apply("public-partitions", Create.of(empties).withCoder(pairCoder));
      all = PCollectionList.of(bounded).and(pub).apply("with-public-partitions", Flatten.pCollections());
    }
    PCollection<Row> released = all
        .apply("merge-per-partition", Combine.perKey(new MergeFn(aggregation.aggregator())))
        .setCoder(pairCoder)
        .apply("release", ParDo.of(new ReleaseFn(aggregation, outputSchema, index)))
        .setRowSchema(outputSchema);
    return PCollectionTuple.of(records, released).and(deadLetters, split.get(deadLetters));
  }

  /** Step 1: dead-letters records without a privacy unit, keys the others by it. */
  private static final class KeyFn extends DoFn<Row, KV<String, UnitRecord>> {
    private static final long serialVersionUID = 1L;
    private final int index;
    private final String stageName;
    private final List<String> sourceFiles;
    private final dev.veil.core.schema.Schema input;
    private final DpAggregation aggregation;
    private final TupleTag<KV<String, UnitRecord>> keyed;
    private final TupleTag<String> deadLetters;
    private final Counter deadCounter;
    private transient long dead;

    KeyFn(DpAggregateTransform t) {
      index = t.index;
      stageName = t.stageName;
      sourceFiles = t.sourceFiles;
      input = t.input;
      aggregation = t.aggregation;
      keyed = t.keyed;
      deadLetters = t.deadLetters;
      deadCounter = RunMetrics.dead(t.index);
    }

    @StartBundle
    public void startBundle() {
      dead = 0;
    }

    @ProcessElement
    public void process(@Element Row row, MultiOutputReceiver out) {
      Object[] values = BeamRows.values(row, input.size());
      DpRecord r = aggregation.record(values);
      Optional<String> reason = aggregation.aggregator().deadLetterReason(r);
      if (reason.isPresent()) {
        dead++;
        out.get(deadLetters).output(new DeadLetter(index, stageName, reason.get(), aggregation.missingUnitMessage(),
            aggregation.privacyUnitField(), sourceFiles.get(BeamRows.file(row)), BeamRows.line(row),
            DeadLetter.recordOf(input, values), null).toJson());
        return;
      }
      out.get(keyed).output(KV.of(r.privacyUnit(), new UnitRecord(r.key().values().toArray(new String[0]), r.values())));
    }

    @FinishBundle
    public void finishBundle() {
      if (dead > 0) {
        deadCounter.inc(dead);
        RunMetrics.addAggregation(index, Map.of("recordsIn", dead, "missingPrivacyUnit", dead), "notDp.");
      }
    }
  }

  /**
   * Step 2: contribution bounding of one unit at a time ({@link DpAggregator.UnitBounder}, the semantics of
   * {@link DpAggregator#boundUnit}); the bounded contributions of a bundle's units are merged per partition
   * key in the bundle and emitted once per key when the bundle finishes (in the global window: the stage runs
   * on bounded input), so the per-partition combine sees one accumulator per bundle and key, not one per
   * unit and key. Its counts go to committed counters per bundle.
   */
  private static final class BoundFn extends DoFn<KV<String, Iterable<UnitRecord>>, KV<List<String>, PartitionAccumulator>> {
    private static final long serialVersionUID = 1L;
    private final DpAggregator aggregator;
    private final int index;
    private transient DpAggregator.UnitBounder bounder;
    private transient Map<PartitionKey, PartitionAccumulator> partials;
    private transient long nanos;

    BoundFn(DpAggregator aggregator, int index) {
      this.aggregator = aggregator;
      this.index = index;
    }

    @StartBundle
    public void startBundle() {
      bounder = aggregator.newUnitBounder();
      partials = new HashMap<>();
      nanos = 0;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<UnitRecord>> unit) {
      long t = System.nanoTime();
      for (UnitRecord r : unit.getValue()) bounder.add(PartitionKey.of(r.key), r.values);
      bounder.finishUnit(partials);
      nanos += System.nanoTime() - t;
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      for (Map.Entry<PartitionKey, PartitionAccumulator> e : partials.entrySet()) {
        c.output(KV.of(new ArrayList<>(e.getKey().values()), e.getValue()), GlobalWindow.INSTANCE.maxTimestamp(),
            GlobalWindow.INSTANCE);
      }
      partials = null;
      RunMetrics.addAggregation(index, bounder.stats().asMap(), "notDp.");
      RunMetrics.nanos(index).inc(nanos);
    }
  }

  /** Step 3: the exact merge of accumulators. */
  private static final class MergeFn extends Combine.CombineFn<PartitionAccumulator, PartitionAccumulator, PartitionAccumulator> {
    private static final long serialVersionUID = 1L;
    private final DpAggregator aggregator;

    MergeFn(DpAggregator aggregator) {
      this.aggregator = aggregator;
    }

    @Override
    public PartitionAccumulator createAccumulator() {
      return aggregator.emptyAccumulator();
    }

    @Override
    public PartitionAccumulator addInput(PartitionAccumulator acc, PartitionAccumulator input) {
      return aggregator.merge(acc, input);
    }

    @Override
    public PartitionAccumulator mergeAccumulators(Iterable<PartitionAccumulator> accs) {
      PartitionAccumulator out = aggregator.emptyAccumulator();
      for (PartitionAccumulator a : accs) aggregator.merge(out, a);
      return out;
    }

    @Override
    public PartitionAccumulator extractOutput(PartitionAccumulator acc) {
      return acc;
    }

    @Override
    public Coder<PartitionAccumulator> getAccumulatorCoder(CoderRegistry registry, Coder<PartitionAccumulator> inputCoder) {
      return SerializableCoder.of(PartitionAccumulator.class);
    }

    @Override
    public Coder<PartitionAccumulator> getDefaultOutputCoder(CoderRegistry registry, Coder<PartitionAccumulator> inputCoder) {
      return SerializableCoder.of(PartitionAccumulator.class);
    }
  }

  /** Step 4: selection and noise, once per partition. */
  private static final class ReleaseFn extends DoFn<KV<List<String>, PartitionAccumulator>, Row> {
    private static final long serialVersionUID = 1L;
    private final DpAggregation aggregation;
    private final Schema outputSchema;
    private final int index;
    private transient DpRunStats stats;
    private transient long released;

    ReleaseFn(DpAggregation aggregation, Schema outputSchema, int index) {
      this.aggregation = aggregation;
      this.outputSchema = outputSchema;
      this.index = index;
    }

    @StartBundle
    public void startBundle() {
      stats = new DpRunStats();
      released = 0;
    }

    @ProcessElement
    public void process(@Element KV<List<String>, PartitionAccumulator> p, OutputReceiver<Row> out) {
      aggregation.aggregator().release(PartitionKey.of(p.getKey()), p.getValue(), stats).ifPresent(r -> {
        released++;
        out.output(BeamRows.record(outputSchema, aggregation.row(r), 0, 0));
      });
    }

    @FinishBundle
    public void finishBundle() {
      RunMetrics.addAggregation(index, stats.asMap(), "notDp.");
      RunMetrics.addAggregation(index, Map.of("partitionsReleased", released), "");
    }
  }
}
