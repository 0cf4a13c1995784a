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
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The {@code dp-aggregate} stage ({@link dev.veil.core.stage.Op.Aggregate}) as a Beam composite, following
 * {@link DpAggregator}'s steps:
 *
 * <ol>
 *   <li>records without a privacy unit go to {@link #deadLetters()} (counted as the stage's dead letters);
 *       the others are written, per bundle, into compact byte blocks ({@link UnitBlock}), one per
 *       <em>unit bucket</em> (a hash of the privacy unit modulo {@value #BUCKETS}), and the blocks are
 *       emitted when they reach {@value #FLUSH_BYTES} bytes or the bundle ends;
 *   <li>{@code GroupByKey} by unit bucket; per bucket the records are numbered by privacy unit and by
 *       partition key and bounded one unit at a time with a {@link DpAggregator.IndexedUnitBounder} (the
 *       semantics and randomness of {@link DpAggregator#boundUnit}), so every unit's records are bounded
 *       together, as the guarantee needs;
 *   <li>when the query has public partitions and a flat state ({@link DpAggregator#supportsFlat()}), each
 *       bucket emits the flat states of the public partitions it touched, and one {@code Combine.globally}
 *       adds them by index into one array over every public partition (exact 128-bit sums, so any
 *       combiner tree gives the same state; with no records at all every state is zero); with private
 *       partitions and flat states, each bucket emits the keys it touched with their flat states, and one
 *       {@code Combine.globally} merges them per key into one keyed set; with quantiles (no flat state) each
 *       bucket emits one accumulator per partition key it touched and {@code Combine.perKey} merges them
 *       with {@link DpAggregator#merge}, with an empty accumulator added for every public partition (slow on
 *       the DirectRunner, which processes every key of a {@code GroupByKey} as a bundle of its own);
 *   <li>{@link DpAggregator#release} once per partition into {@link #records()} (rows of the stage's output
 *       schema with source location file 0, line 0).
 * </ol>
 *
 * <p>Why blocks and buckets: a shuffle keyed by privacy unit moves one element per record and, on the
 * DirectRunner, processes every unit as a bundle of its own; buckets of byte blocks move a few thousand
 * elements and let one bounder run over a bucket's arrays. The cost: a bucket's records are held in memory
 * while it is bounded (about 40 bytes plus 8 per value column per record, and a map entry per distinct unit
 * and key), that is the input's size divided by {@value #BUCKETS}; and at most {@value #BUCKETS} workers
 * bound in parallel. The aggregation (with every public partition key) reaches the {@code DoFn}s as a singleton
 * side input and the combine functions hold only {@link DpAggregator#stateMerger()}: the DirectRunner
 * serializes a {@code DoFn} for every bundle. The exact, non-DP bounding and release counts go to committed
 * counters ({@link RunMetrics#aggregation}).
 *
 * <p>Input rows are Veil record rows ({@link BeamRows}): the fields of the schema the aggregation was bound
 * to, then the source file index and line. {@link #of(DpAggregation, dev.veil.core.schema.Schema)} builds the
 * stage for use in a Beam pipeline of one's own.
 *
 * <p>Privacy guarantee: that of {@link DpAggregator} (the released rows are (epsilon, delta)-DP for the
 * privacy unit), provided every record of a unit carries the same unit value, which this transform relies on
 * to bring a unit's records together. The caller is responsible for reserving the budget before running the
 * pipeline (Veil's runners do so through the ledger). Thread-safety: immutable once built; the {@code DoFn}s
 * keep per-bundle state in fields.
 */
public final class DpAggregateTransform extends PTransform<PCollection<Row>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;
  /** Unit buckets: the parallelism of the bounding step, and the share of the input one bucket holds. */
  static final int BUCKETS = 128;
  /** A bucket's block is emitted once it holds this many bytes (so a bundle buffers at most ~BUCKETS x this). */
  static final int FLUSH_BYTES = 1 << 16;

  private final int index;
  private final String stageName;
  private final List<String> sourceFiles;
  private final dev.veil.core.schema.Schema input;
  private final DpAggregation aggregation;
  private final Schema outputSchema;
  private final TupleTag<Row> records = new TupleTag<>("records");
  private final TupleTag<String> deadLetters = new TupleTag<>("dead-letters");
  private final TupleTag<KV<Integer, byte[]>> blocks = new TupleTag<>("blocks");

  private DpAggregateTransform(int index, String stageName, List<String> sourceFiles, dev.veil.core.schema.Schema input,
      DpAggregation aggregation, dev.veil.core.schema.Schema output) {
    super(index + "-" + stageName);
    this.index = index;
    this.stageName = stageName;
    this.sourceFiles = sourceFiles;
    this.input = input;
    this.aggregation = aggregation;
    this.outputSchema = BeamRows.recordSchema(output);
  }

  /** The transform of the aggregating stage {@code stage} of {@code plan}. */
  static DpAggregateTransform of(PipelinePlan plan, PlannedStage stage) {
    return new DpAggregateTransform(stage.index(), plan.stageName(stage.index()), plan.sourceFiles(), stage.input(),
        stage.executor().aggregateOp().aggregation(), stage.output());
  }

  /**
   * The stage for a Beam pipeline of one's own: input rows of {@link BeamRows#recordSchema}{@code (input)} (with
   * source file index 0, named {@code <input>} in dead letters), released rows of
   * {@link BeamRows#recordSchema}{@code (aggregation.outputSchema())}. Counts go to the same committed
   * counters as in a Veil run (stage index 0).
   *
   * @param aggregation the query bound to {@code input} ({@link DpAggregation#of})
   * @param input the schema of the records (user fields)
   */
  public static DpAggregateTransform of(DpAggregation aggregation, dev.veil.core.schema.Schema input) {
    return new DpAggregateTransform(0, DpAggregation.TRANSFORM, List.of("<input>"), input, aggregation,
        aggregation.outputSchema());
  }

  /** The released rows. */
  public TupleTag<Row> records() {
    return records;
  }

  /** The dead letters (JSON lines, see {@link DeadLetter#toJson()}): records without a privacy unit. */
  public TupleTag<String> deadLetters() {
    return deadLetters;
  }

  @Override
  public PCollectionTuple expand(PCollection<Row> in) {
    DpAggregator aggregator = aggregation.aggregator();
    // the aggregation (with every public partition key) reaches the DoFns as a side input: the DirectRunner
    // serializes a ParDo's DoFn for every bundle, which with 100k public keys cost more than the aggregation
    PCollectionView<DpAggregation> view = in.getPipeline()
        .apply("aggregation", Create.of(aggregation).withCoder(SerializableCoder.of(DpAggregation.class)))
        .apply("as-side-input", View.asSingleton());
    PCollectionTuple split = in.apply("key-by-unit-bucket", ParDo.of(new BlockFn(this, view))
        .withSideInputs(view).withOutputTags(blocks, TupleTagList.of(deadLetters)));
    split.get(deadLetters).setCoder(StringUtf8Coder.of());
    PCollection<KV<Integer, Iterable<byte[]>>> buckets = split.get(blocks)
        .setCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of()))
        .apply("group-by-unit-bucket", GroupByKey.create());
    int keyColumns = aggregator.query().groupBy().size();
    PCollection<Row> released;
    if (aggregator.supportsFlat() && !aggregator.publicPartitions().isEmpty()) {
      released = buckets
          .apply("bound-contributions", ParDo.of(new BoundFlatFn(view, keyColumns, index)).withSideInputs(view))
          .setCoder(new FlatStatesCoder())
          .apply("merge-public-partitions", Combine.globally(new FlatMergeFn(aggregator.stateMerger(),
              aggregator.publicPartitions().size())))
          .setCoder(new FlatStatesCoder())
          .apply("release", ParDo.of(new ReleaseFlatFn(view, outputSchema, index)).withSideInputs(view))
          .setRowSchema(outputSchema);
    } else if (aggregator.supportsFlat()) {
      released = buckets
          .apply("bound-contributions", ParDo.of(new BoundKeyedFlatFn(view, keyColumns, index)).withSideInputs(view))
          .setCoder(new KeyedFlatCoder())
          .apply("merge-partitions", Combine.globally(new KeyedFlatMergeFn(aggregator.stateMerger(), keyColumns)))
          .setCoder(new KeyedFlatCoder())
          .apply("release", ParDo.of(new ReleaseKeyedFlatFn(view, outputSchema, index)).withSideInputs(view))
          .setRowSchema(outputSchema);
    } else {
      Coder<List<String>> keyCoder = ListCoder.of(NullableCoder.of(StringUtf8Coder.of()));
      Coder<PartitionAccumulator> accCoder = SerializableCoder.of(PartitionAccumulator.class);
      KvCoder<List<String>, PartitionAccumulator> pairCoder = KvCoder.of(keyCoder, accCoder);
      PCollection<KV<List<String>, PartitionAccumulator>> bounded = buckets
          .apply("bound-contributions", ParDo.of(new BoundFn(view, keyColumns, index)).withSideInputs(view))
          .setCoder(pairCoder);
      List<KV<List<String>, PartitionAccumulator>> empties = new ArrayList<>();
      for (PartitionKey k : aggregator.publicPartitions()) {
        empties.add(KV.of(new ArrayList<>(k.values()), aggregator.emptyAccumulator()));
      }
      PCollection<KV<List<String>, PartitionAccumulator>> all = bounded;
      if (!empties.isEmpty()) {
        PCollection<KV<List<String>, PartitionAccumulator>> pub = in.getPipeline()
            .apply("public-partitions", Create.of(empties).withCoder(pairCoder));
        all = PCollectionList.of(bounded).and(pub).apply("with-public-partitions", Flatten.pCollections());
      }
      released = all
          .apply("merge-per-partition", Combine.perKey(new MergeFn(aggregator.stateMerger())))
          .setCoder(pairCoder)
          .apply("release", ParDo.of(new ReleaseFn(view, outputSchema, index)).withSideInputs(view))
          .setRowSchema(outputSchema);
    }
    return PCollectionTuple.of(records, released).and(deadLetters, split.get(deadLetters));
  }

  /** The unit bucket of a privacy unit: a mixed {@link String#hashCode()} (stable across JVMs). */
  static int bucket(String unit) {
    int h = unit.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & (BUCKETS - 1);
  }

  /** Step 1: dead-letters records without a privacy unit, writes the others into their unit bucket's block. */
  private static final class BlockFn extends DoFn<Row, KV<Integer, byte[]>> {
    private static final long serialVersionUID = 1L;
    private final int index;
    private final String stageName;
    private final List<String> sourceFiles;
    private final dev.veil.core.schema.Schema input;
    private final PCollectionView<DpAggregation> view;
    private final TupleTag<KV<Integer, byte[]>> blocks;
    private final TupleTag<String> deadLetters;
    private final Counter deadCounter;
    private transient long dead;
    private transient UnitBlock.Writer[] writers;
    private transient DpAggregation aggregation;

    BlockFn(DpAggregateTransform t, PCollectionView<DpAggregation> view) {
      index = t.index;
      stageName = t.stageName;
      sourceFiles = t.sourceFiles;
      input = t.input;
      this.view = view;
      blocks = t.blocks;
      deadLetters = t.deadLetters;
      deadCounter = RunMetrics.dead(t.index);
    }

    @StartBundle
    public void startBundle() {
      dead = 0;
      if (writers == null) {
        writers = new UnitBlock.Writer[BUCKETS];
      }
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (aggregation == null) {
        aggregation = c.sideInput(view);
      }
      Row row = c.element();
      Object[] values = BeamRows.values(row, input.size());
      DpRecord r = aggregation.record(values);
      Optional<String> reason = aggregation.aggregator().deadLetterReason(r);
      if (reason.isPresent()) {
        dead++;
        c.output(deadLetters, new DeadLetter(index, stageName, reason.get(), aggregation.missingUnitMessage(),
            aggregation.privacyUnitField(), sourceFiles.get(BeamRows.file(row)), BeamRows.line(row),
            DeadLetter.recordOf(input, values), null).toJson());
        return;
      }
      int b = bucket(r.privacyUnit());
      UnitBlock.Writer w = writers[b];
      if (w == null) {
        w = new UnitBlock.Writer(4096);
        writers[b] = w;
      }
      w.add(r.privacyUnit(), r.key().values(), r.values());
      if (w.size() >= FLUSH_BYTES) {
        c.output(KV.of(b, w.drain()));
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      for (int b = 0; b < BUCKETS; b++) {
        UnitBlock.Writer w = writers[b];
        if (w != null && w.records() > 0) {
          c.output(blocks, KV.of(b, w.drain()), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
        }
      }
      if (dead > 0) {
        deadCounter.inc(dead);
        RunMetrics.addAggregation(index, Map.of("recordsIn", dead, "missingPrivacyUnit", dead), "notDp.");
      }
    }
  }

  /**
   * The records of one unit bucket in arrays: partition keys and units numbered in first-seen order, each
   * record's key number and value columns; {@link #bound} runs a bounder over them one unit at a time.
   */
  static final class Bucket {
    final PartitionKey[] keys;
    final double[] values;
    private final int rows;
    private final int[] keyOf;
    private final int[] unitOf;
    private final int units;

    private Bucket(PartitionKey[] keys, double[] values, int rows, int[] keyOf, int[] unitOf, int units) {
      this.keys = keys;
      this.values = values;
      this.rows = rows;
      this.keyOf = keyOf;
      this.unitOf = unitOf;
      this.units = units;
    }

    /** Decodes the blocks of one bucket ({@link UnitBlock} records with {@code keyColumns} key values). */
    static Bucket decode(Iterable<byte[]> blocks, int keyColumns, int valueColumns) {
      Map<String, Integer> unitIds = new HashMap<>();
      Map<PartitionKey, Integer> keyIds = new HashMap<>();
      List<PartitionKey> keys = new ArrayList<>();
      int[] keyOf = new int[1024];
      int[] unitOf = new int[1024];
      double[] values = new double[1024 * Math.max(1, valueColumns)];
      int rows = 0;
      String[] key = new String[keyColumns];
      for (byte[] block : blocks) {
        UnitBlock.Reader r = new UnitBlock.Reader(block, keyColumns, valueColumns);
        while (r.next()) {
          if (rows == keyOf.length) {
            keyOf = Arrays.copyOf(keyOf, rows * 2);
            unitOf = Arrays.copyOf(unitOf, rows * 2);
            values = Arrays.copyOf(values, rows * 2 * Math.max(1, valueColumns));
          }
          for (int i = 0; i < keyColumns; i++) {
            key[i] = r.key(i);
          }
          PartitionKey k = PartitionKey.of(key); // copies the values
          Integer kid = keyIds.get(k);
          if (kid == null) {
            kid = keys.size();
            keyIds.put(k, kid);
            keys.add(k);
          }
          Integer uid = unitIds.get(r.unit());
          if (uid == null) {
            uid = unitIds.size();
            unitIds.put(r.unit(), uid);
          }
          keyOf[rows] = kid;
          unitOf[rows] = uid;
          for (int i = 0; i < valueColumns; i++) {
            values[rows * valueColumns + i] = r.value(i);
          }
          rows++;
        }
      }
      return new Bucket(keys.toArray(new PartitionKey[0]), values, rows, keyOf, unitOf, unitIds.size());
    }

    /**
     * {@link #bound} into one array of flat states ({@code width} = {@link DpAggregator#flatWidth()}): key number
     * {@code k}'s state at {@code [k * width ..]}, all zeros for a key no unit contributed to.
     */
    long[] boundFlat(DpAggregator.IndexedUnitBounder bounder, int width) {
      long[] states = new long[keys.length * width];
      bound(bounder, x -> x.finishUnitFlat(states));
      return states;
    }

    /** Calls {@code bounder.add} for every record of each unit, then {@code finishUnit}, unit after unit. */
    void bound(DpAggregator.IndexedUnitBounder bounder, java.util.function.Consumer<DpAggregator.IndexedUnitBounder> finishUnit) {
      int[] start = new int[units + 1];
      for (int r = 0; r < rows; r++) {
        start[unitOf[r] + 1]++;
      }
      for (int u = 0; u < units; u++) {
        start[u + 1] += start[u];
      }
      int[] fill = Arrays.copyOf(start, units);
      int[] order = new int[rows];
      for (int r = 0; r < rows; r++) {
        order[fill[unitOf[r]]++] = r;
      }
      for (int u = 0; u < units; u++) {
        for (int i = start[u]; i < start[u + 1]; i++) {
          bounder.add(keyOf[order[i]], order[i]);
        }
        finishUnit.accept(bounder);
      }
    }
  }

  /**
   * Step 2, the part every form shares: decodes one unit bucket, bounds its units with an
   * {@link DpAggregator.IndexedUnitBounder} and hands the result to {@link #emit}; the bounding counts go to
   * committed counters per bucket.
   */
  private abstract static class BoundBucketFn<T> extends DoFn<KV<Integer, Iterable<byte[]>>, T> {
    private static final long serialVersionUID = 1L;
    private final PCollectionView<DpAggregation> view;
    final int keyColumns;
    private final int index;

    BoundBucketFn(PCollectionView<DpAggregation> view, int keyColumns, int index) {
      this.view = view;
      this.keyColumns = keyColumns;
      this.index = index;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<byte[]>> bucket, OutputReceiver<T> out, ProcessContext c) {
      long t = System.nanoTime();
      DpAggregator aggregator = c.sideInput(view).aggregator();
      Bucket b = Bucket.decode(bucket.getValue(), keyColumns, aggregator.query().valueColumns().size());
      DpAggregator.IndexedUnitBounder bounder = aggregator.newIndexedUnitBounder(b.keys, b.values);
      emit(aggregator, b, bounder, out);
      RunMetrics.addAggregation(index, bounder.stats().asMap(), "notDp.");
      RunMetrics.nanos(index).inc(System.nanoTime() - t);
    }

    /** Bounds {@code b}'s units with {@code bounder} ({@link Bucket#bound}) and emits the bucket's states. */
    abstract void emit(DpAggregator aggregator, Bucket b, DpAggregator.IndexedUnitBounder bounder, OutputReceiver<T> out);
  }

  /** Step 2 with quantiles (no flat state): one accumulator per partition key the bucket touched. */
  private static final class BoundFn extends BoundBucketFn<KV<List<String>, PartitionAccumulator>> {
    private static final long serialVersionUID = 1L;

    BoundFn(PCollectionView<DpAggregation> view, int keyColumns, int index) {
      super(view, keyColumns, index);
    }

    @Override
    void emit(DpAggregator aggregator, Bucket b, DpAggregator.IndexedUnitBounder bounder,
        OutputReceiver<KV<List<String>, PartitionAccumulator>> out) {
      PartitionAccumulator[] partials = new PartitionAccumulator[b.keys.length];
      b.bound(bounder, x -> x.finishUnit(partials));
      for (int k = 0; k < partials.length; k++) {
        if (partials[k] != null) {
          out.output(KV.of(new ArrayList<>(b.keys[k].values()), partials[k]));
        }
      }
    }
  }

  /**
   * Step 2 with flat states of public partitions: the flat states of the public partitions the bucket
   * touched, by index in {@link DpAggregator#publicPartitions()} (keys that are not listed are dropped by the
   * bounder and counted).
   */
  private static final class BoundFlatFn extends BoundBucketFn<FlatStates> {
    private static final long serialVersionUID = 1L;

    BoundFlatFn(PCollectionView<DpAggregation> view, int keyColumns, int index) {
      super(view, keyColumns, index);
    }

    @Override
    void emit(DpAggregator aggregator, Bucket b, DpAggregator.IndexedUnitBounder bounder, OutputReceiver<FlatStates> out) {
      int width = aggregator.flatWidth();
      long[] states = b.boundFlat(bounder, width);
      int used = 0;
      for (int k = 0; k < b.keys.length; k++) {
        if (states[k * width] > 0 && bounder.publicIndex(k) >= 0) {
          used++;
        }
      }
      int[] at = new int[used];
      long[] flat = new long[used * width];
      int i = 0;
      for (int k = 0; k < b.keys.length; k++) {
        if (states[k * width] > 0 && bounder.publicIndex(k) >= 0) {
          at[i] = bounder.publicIndex(k);
          System.arraycopy(states, k * width, flat, i * width, width);
          i++;
        }
      }
      out.output(new FlatStates(at, flat));
    }
  }

  /**
   * Flat states of public partitions: {@code flat[i * width ..]} is the state of public partition
   * {@code index[i]}, or, when {@code index} is null, of public partition {@code i} (dense, every partition).
   * Only the dense arrays that {@link FlatMergeFn} made itself ({@code owned}) are ever changed; inputs never.
   */
  static final class FlatStates implements Serializable {
    private static final long serialVersionUID = 1L;
    final int[] index;
    final long[] flat;
    transient boolean owned;

    FlatStates(int[] index, long[] flat) {
      this.index = index;
      this.flat = flat;
    }

    boolean isEmpty() {
      return flat.length == 0;
    }
  }

  /** The coder of {@link FlatStates}: a varint (index length + 1, 0 for dense), the indexes, the state count and the longs. */
  static final class FlatStatesCoder extends CustomCoder<FlatStates> {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(FlatStates s, OutputStream out) throws IOException {
      VarInt.encode(s.index == null ? 0 : s.index.length + 1, out);
      if (s.index != null) {
        byte[] b = new byte[4 * s.index.length];
        java.nio.ByteBuffer.wrap(b).asIntBuffer().put(s.index);
        out.write(b);
      }
      VarInt.encode(s.flat.length, out);
      byte[] b = new byte[8 * s.flat.length];
      java.nio.ByteBuffer.wrap(b).asLongBuffer().put(s.flat);
      out.write(b);
    }

    @Override
    public FlatStates decode(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      int n = VarInt.decodeInt(in);
      int[] index = null;
      if (n > 0) {
        byte[] b = new byte[4 * (n - 1)];
        d.readFully(b);
        index = new int[n - 1];
        java.nio.ByteBuffer.wrap(b).asIntBuffer().get(index);
      }
      long[] flat = new long[VarInt.decodeInt(in)];
      byte[] b = new byte[8 * flat.length];
      d.readFully(b);
      java.nio.ByteBuffer.wrap(b).asLongBuffer().get(flat);
      return new FlatStates(index, flat);
    }
  }

  /**
   * Step 3 with flat states: adds the buckets' states into one dense array over every public partition.
   * The accumulator keeps the first input as it is and becomes dense (a new array of its own) at the second,
   * so inputs are never changed; the output is always dense (all zeros without input).
   */
  static final class FlatMergeFn extends Combine.CombineFn<FlatStates, FlatStates, FlatStates> {
    private static final long serialVersionUID = 1L;
    private final DpAggregator.StateMerger merger;
    private final int partitions;

    FlatMergeFn(DpAggregator.StateMerger merger, int partitions) {
      this.merger = merger;
      this.partitions = partitions;
    }

    @Override
    public FlatStates createAccumulator() {
      return new FlatStates(new int[0], new long[0]);
    }

    @Override
    public FlatStates addInput(FlatStates acc, FlatStates in) {
      if (in.isEmpty() && in.index != null) {
        return acc;
      }
      if (acc.isEmpty() && acc.index != null) {
        return in;
      }
      FlatStates dense = acc.owned ? acc : dense(acc);
      add(dense.flat, in);
      return dense;
    }

    /** A new dense array holding {@code s}. */
    private FlatStates dense(FlatStates s) {
      long size = (long) partitions * merger.flatWidth();
      if (size > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("dp-aggregate: too many public partitions (" + partitions + ")");
      }
      FlatStates d = new FlatStates(null, new long[(int) size]);
      d.owned = true;
      add(d.flat, s);
      return d;
    }

    private void add(long[] dense, FlatStates s) {
      int width = merger.flatWidth();
      if (s.index == null) {
        for (int i = 0; i * width < s.flat.length; i++) {
          merger.mergeFlat(dense, i * width, s.flat, i * width);
        }
        return;
      }
      for (int i = 0; i < s.index.length; i++) {
        merger.mergeFlat(dense, s.index[i] * width, s.flat, i * width);
      }
    }

    @Override
    public FlatStates mergeAccumulators(Iterable<FlatStates> accs) {
      FlatStates out = createAccumulator();
      for (FlatStates a : accs) {
        out = addInput(out, a);
      }
      return out;
    }

    @Override
    public FlatStates extractOutput(FlatStates acc) {
      return acc.index == null ? acc : dense(acc);
    }

    @Override
    public Coder<FlatStates> getAccumulatorCoder(CoderRegistry registry, Coder<FlatStates> inputCoder) {
      return new FlatStatesCoder();
    }

    @Override
    public Coder<FlatStates> getDefaultOutputCoder(CoderRegistry registry, Coder<FlatStates> inputCoder) {
      return new FlatStatesCoder();
    }
  }

  /**
   * Step 4, the part the flat forms share: selection and noise for every partition of one merged element
   * ({@link #forEach} names them), released rows out, counts to committed counters.
   */
  private abstract static class ReleaseMergedFn<T> extends DoFn<T, Row> {
    private static final long serialVersionUID = 1L;
    private final PCollectionView<DpAggregation> view;
    private final Schema outputSchema;
    private final int index;

    ReleaseMergedFn(PCollectionView<DpAggregation> view, Schema outputSchema, int index) {
      this.view = view;
      this.outputSchema = outputSchema;
      this.index = index;
    }

    @ProcessElement
    public void process(@Element T merged, OutputReceiver<Row> out, ProcessContext c) {
      DpAggregation aggregation = c.sideInput(view);
      DpAggregator aggregator = aggregation.aggregator();
      DpRunStats stats = new DpRunStats();
      long[] released = {0};
      forEach(aggregator, merged, (key, acc) -> aggregator.release(key, acc, stats).ifPresent(r -> {
        released[0]++;
        out.output(BeamRows.record(outputSchema, aggregation.row(r), 0, 0));
      }));
      RunMetrics.addAggregation(index, stats.asMap(), "notDp.");
      RunMetrics.addAggregation(index, Map.of("partitionsReleased", released[0]), "");
    }

    /** Calls {@code release} with every partition key of {@code merged} and its accumulator. */
    abstract void forEach(DpAggregator aggregator, T merged,
        java.util.function.BiConsumer<PartitionKey, PartitionAccumulator> release);
  }

  /** Step 4 with flat states of public partitions: every public partition, in the list's order. */
  private static final class ReleaseFlatFn extends ReleaseMergedFn<FlatStates> {
    private static final long serialVersionUID = 1L;

    ReleaseFlatFn(PCollectionView<DpAggregation> view, Schema outputSchema, int index) {
      super(view, outputSchema, index);
    }

    @Override
    void forEach(DpAggregator aggregator, FlatStates states,
        java.util.function.BiConsumer<PartitionKey, PartitionAccumulator> release) {
      List<PartitionKey> listed = aggregator.publicPartitions();
      int width = aggregator.flatWidth();
      for (int i = 0; i < listed.size(); i++) {
        release.accept(listed.get(i), aggregator.fromFlat(states.flat, i * width));
      }
    }
  }

  /** Step 2 with flat states of private partitions: the keys the bucket touched with their flat states. */
  private static final class BoundKeyedFlatFn extends BoundBucketFn<KeyedFlat> {
    private static final long serialVersionUID = 1L;

    BoundKeyedFlatFn(PCollectionView<DpAggregation> view, int keyColumns, int index) {
      super(view, keyColumns, index);
    }

    @Override
    void emit(DpAggregator aggregator, Bucket b, DpAggregator.IndexedUnitBounder bounder, OutputReceiver<KeyedFlat> out) {
      int width = aggregator.flatWidth();
      long[] states = b.boundFlat(bounder, width);
      KeyedFlat k = new KeyedFlat(keyColumns, width);
      for (int i = 0; i < b.keys.length; i++) {
        if (states[i * width] > 0) {
          k.add(b.keys[i].values().toArray(new String[0]), states, i * width, null);
        }
      }
      out.output(k);
    }
  }

  /**
   * Partition keys and their flat states: key {@code i}'s values at {@code keys[i * keyColumns ..]}, its state
   * at {@code flat[i * width ..]}. Only instances that {@link KeyedFlatMergeFn} made itself ({@code owned}) are
   * ever changed.
   */
  static final class KeyedFlat implements Serializable {
    private static final long serialVersionUID = 1L;
    final int keyColumns;
    final int width;
    String[] keys;
    long[] flat;
    int size;
    transient Map<List<String>, Integer> index;
    transient boolean owned;

    KeyedFlat(int keyColumns, int width) {
      this.keyColumns = keyColumns;
      this.width = width;
      this.keys = new String[8 * keyColumns];
      this.flat = new long[8 * width];
    }

    List<String> key(int i) {
      return Arrays.asList(keys).subList(i * keyColumns, (i + 1) * keyColumns);
    }

    /** Adds the state at {@code from[at ..]} under {@code key}: merged into the key's state if present (needs {@code merger}). */
    void add(String[] key, long[] from, int at, DpAggregator.StateMerger merger) {
      if (index != null) {
        Integer i = index.get(Arrays.asList(key));
        if (i != null) {
          merger.mergeFlat(flat, i * width, from, at);
          return;
        }
        index.put(Arrays.asList(key), size);
      }
      if (size * keyColumns + keyColumns > keys.length || size * width + width > flat.length) {
        keys = Arrays.copyOf(keys, Math.max(keys.length * 2, (size + 1) * keyColumns));
        flat = Arrays.copyOf(flat, Math.max(flat.length * 2, (size + 1) * width));
      }
      System.arraycopy(key, 0, keys, size * keyColumns, keyColumns);
      System.arraycopy(from, at, flat, size * width, width);
      size++;
    }
  }

  /**
   * The coder of {@link KeyedFlat}: column count, width, key count, the key values as one block of nullable
   * UTF-8 strings ({@link UnitBlock.Writer#addNullable}, preceded by its length), the longs in bulk. The
   * DirectRunner copies a combine's accumulator through its coder at every bundle, so this is on the hot path.
   */
  static final class KeyedFlatCoder extends CustomCoder<KeyedFlat> {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(KeyedFlat k, OutputStream out) throws IOException {
      VarInt.encode(k.keyColumns, out);
      VarInt.encode(k.width, out);
      VarInt.encode(k.size, out);
      UnitBlock.Writer w = new UnitBlock.Writer(8 * k.size * k.keyColumns);
      for (int i = 0; i < k.size * k.keyColumns; i++) {
        w.addNullable(k.keys[i]);
      }
      byte[] strings = w.drain();
      VarInt.encode(strings.length, out);
      out.write(strings);
      byte[] b = new byte[8 * k.size * k.width];
      java.nio.ByteBuffer.wrap(b).asLongBuffer().put(k.flat, 0, k.size * k.width);
      out.write(b);
    }

    @Override
    public KeyedFlat decode(InputStream in) throws IOException {
      KeyedFlat k = new KeyedFlat(VarInt.decodeInt(in), VarInt.decodeInt(in));
      int n = VarInt.decodeInt(in);
      DataInputStream d = new DataInputStream(in);
      byte[] strings = new byte[VarInt.decodeInt(in)];
      d.readFully(strings);
      UnitBlock.Reader r = new UnitBlock.Reader(strings, 0, 0);
      k.keys = new String[Math.max(1, n) * k.keyColumns];
      for (int i = 0; i < n * k.keyColumns; i++) {
        k.keys[i] = r.nullableString();
      }
      byte[] b = new byte[8 * n * k.width];
      d.readFully(b);
      k.flat = new long[Math.max(1, n) * k.width];
      java.nio.ByteBuffer.wrap(b).asLongBuffer().get(k.flat, 0, n * k.width);
      k.size = n;
      return k;
    }
  }

  /**
   * Step 3 with flat states of private partitions: merges the buckets' keyed states into one, per key
   * ({@link DpAggregator.StateMerger#mergeFlat}). The accumulator keeps the first input as it is and becomes
   * one of its own (with a key index) at the second, so inputs are never changed.
   */
  static final class KeyedFlatMergeFn extends Combine.CombineFn<KeyedFlat, KeyedFlat, KeyedFlat> {
    private static final long serialVersionUID = 1L;
    private final DpAggregator.StateMerger merger;
    private final int keyColumns;

    KeyedFlatMergeFn(DpAggregator.StateMerger merger, int keyColumns) {
      this.merger = merger;
      this.keyColumns = keyColumns;
    }

    @Override
    public KeyedFlat createAccumulator() {
      return new KeyedFlat(keyColumns, merger.flatWidth());
    }

    @Override
    public KeyedFlat addInput(KeyedFlat acc, KeyedFlat in) {
      if (in.size == 0) {
        return acc;
      }
      if (acc.size == 0 && !acc.owned) {
        return in;
      }
      KeyedFlat own = acc.owned ? acc : copy(acc);
      String[] key = new String[keyColumns];
      for (int i = 0; i < in.size; i++) {
        System.arraycopy(in.keys, i * keyColumns, key, 0, keyColumns);
        own.add(key.clone(), in.flat, i * in.width, merger);
      }
      return own;
    }

    /** An accumulator of its own (with a key index) holding {@code k}'s states. */
    private KeyedFlat copy(KeyedFlat k) {
      KeyedFlat own = createAccumulator();
      own.owned = true;
      own.index = new HashMap<>();
      String[] key = new String[keyColumns];
      for (int i = 0; i < k.size; i++) {
        System.arraycopy(k.keys, i * keyColumns, key, 0, keyColumns);
        own.add(key.clone(), k.flat, i * k.width, merger);
      }
      return own;
    }

    @Override
    public KeyedFlat mergeAccumulators(Iterable<KeyedFlat> accs) {
      KeyedFlat out = createAccumulator();
      for (KeyedFlat a : accs) {
        out = addInput(out, a);
      }
      return out;
    }

    @Override
    public KeyedFlat extractOutput(KeyedFlat acc) {
      return acc;
    }

    @Override
    public Coder<KeyedFlat> getAccumulatorCoder(CoderRegistry registry, Coder<KeyedFlat> inputCoder) {
      return new KeyedFlatCoder();
    }

    @Override
    public Coder<KeyedFlat> getDefaultOutputCoder(CoderRegistry registry, Coder<KeyedFlat> inputCoder) {
      return new KeyedFlatCoder();
    }
  }

  /** Step 4 with flat states of private partitions: every partition key with data (selection decides). */
  private static final class ReleaseKeyedFlatFn extends ReleaseMergedFn<KeyedFlat> {
    private static final long serialVersionUID = 1L;

    ReleaseKeyedFlatFn(PCollectionView<DpAggregation> view, Schema outputSchema, int index) {
      super(view, outputSchema, index);
    }

    @Override
    void forEach(DpAggregator aggregator, KeyedFlat states,
        java.util.function.BiConsumer<PartitionKey, PartitionAccumulator> release) {
      for (int i = 0; i < states.size; i++) {
        release.accept(PartitionKey.of(states.key(i)), aggregator.fromFlat(states.flat, i * states.width));
      }
    }
  }

  /** Step 3: the exact merge of accumulators. */
  private static final class MergeFn extends Combine.CombineFn<PartitionAccumulator, PartitionAccumulator, PartitionAccumulator> {
    private static final long serialVersionUID = 1L;
    private final DpAggregator.StateMerger aggregator;

    MergeFn(DpAggregator.StateMerger merger) {
      this.aggregator = merger;
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
    private final PCollectionView<DpAggregation> view;
    private final Schema outputSchema;
    private final int index;
    private transient DpRunStats stats;
    private transient long released;

    ReleaseFn(PCollectionView<DpAggregation> view, Schema outputSchema, int index) {
      this.view = view;
      this.outputSchema = outputSchema;
      this.index = index;
    }

    @StartBundle
    public void startBundle() {
      stats = new DpRunStats();
      released = 0;
    }

    @ProcessElement
    public void process(@Element KV<List<String>, PartitionAccumulator> p, OutputReceiver<Row> out, ProcessContext c) {
      DpAggregation aggregation = c.sideInput(view);
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
