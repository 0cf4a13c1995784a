package dev.veil.pipelines.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Values;
import dev.veil.privacy.dp.aggregate.DpAggregation;
import dev.veil.privacy.dp.aggregate.DpAggregator;
import dev.veil.privacy.dp.aggregate.DpQuery;
import dev.veil.privacy.dp.aggregate.DpRecordMapper;
import dev.veil.privacy.dp.aggregate.DpRunStats;
import dev.veil.privacy.dp.aggregate.PartitionAccumulator;
import dev.veil.privacy.dp.aggregate.PartitionKey;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.array.ByteArrayMethods;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * The {@code dp-aggregate} stage on Spark: the steps of {@link DpAggregator} over a {@code Dataset<Row>}
 * whose rows carry (at least) the columns of the stage's input schema, none of them without a privacy unit
 * (the caller dead-letters those first).
 *
 * <ol>
 *   <li>Only the query's columns are kept (the privacy unit, one group-by column of strings as it is or
 *       several as one struct, the value columns). Each map task reads Spark's internal rows directly (no
 *       conversion to {@code Row}) and appends each row, unchanged, to a segment chosen by a 64-bit hash of
 *       the unit's bytes ({@link #hashBytes}): the reducer is the hash modulo
 *       {@code spark.sql.shuffle.partitions}, the sub-bucket its top bits. A row is written compactly (the
 *       unit's and the group-by value's bytes with varint lengths, values as varints when they are small
 *       integers, else 8 bytes; see {@link MapChunk}); per chunk of up to 2M rows a map task emits one byte
 *       block per reducer, which Spark shuffles as a single record. So every unit's records arrive in one
 *       reduce task, and no record is dropped, merged or changed before step 2.
 *   <li>Each reduce task reads its blocks one sub-bucket at a time into flat arrays: per record a unit number
 *       (units told apart by the hash and then by the unit value itself, so a hash collision never merges two
 *       units; the table holds one sub-bucket's units, so it stays small), a partition key number (the
 *       group-by bytes looked up in the task's table, in a second pass per segment so that its cache misses
 *       overlap; each distinct key is turned into its {@link PartitionKey} text form once) and the values.
 *       A counting sort on the unit number then hands every unit's records to a
 *       {@link DpAggregator.IndexedUnitBounder} (the same semantics and randomness as
 *       {@link DpAggregator#boundUnit}), and its contributions are merged into one partial state per
 *       partition key held by the task: flat states with exact 128-bit sums in one {@code long[]}
 *       ({@link DpAggregator#supportsFlat()}, i.e. no quantiles), otherwise {@link PartitionAccumulator}s.
 *       No per-unit object leaves the task.
 *   <li>The tasks' partial states (at most one per partition key and task; keyed by the key's index in the
 *       public list for flat states of public partitions, else by the {@link #encode}d key) and bounding
 *       counts are merged per key on the driver as each task's result arrives (Spark's {@code reduce}; exact
 *       merges, so the order does not matter), so the driver holds the merged states and one task's result
 *       at a time, not one state per key and task.
 *   <li>The driver adds an empty state for every public partition without data and calls
 *       {@link DpAggregator#release} once per partition in key order.
 * </ol>
 *
 * <p>Values are read as {@link DpRecordMapper} reads a {@code Row} of a Veil session (Java 8 time API):
 * group-by and unit values in {@link Values#format} text form, numbers as doubles, null as NaN.
 *
 * <p><b>Privacy:</b> as {@link DpAggregation} states; correctness relies on step 1 putting all records of a
 * unit into one task (hash partitioning on a function of the unit value) and step 2 bounding every unit
 * exactly once. The partial states are exact and not private: they stay inside Spark's shuffle and the
 * driver's memory, only released rows leave. Stateless: thread-safe. A reduce task holds its blocks and
 * its rows' unit and key numbers and values in memory (about 12 bytes plus 8 per value column per row,
 * plus the blocks), so a shuffle partition must fit in the executor's memory: raise
 * {@code spark.sql.shuffle.partitions} for larger inputs. A map task holds one chunk (at most 2M rows) as
 * blocks at a time.
 */
public final class SparkDpAggregate {
  private static final String KEY = "_veil_dp_key";

  private SparkDpAggregate() {}

  /**
   * Aggregates {@code rows} (with the columns of {@code input}; no row without a privacy unit) and returns
   * the released rows in partition-key order with the run counts. {@code nanos}, if not null, receives the
   * time the tasks spend bounding.
   */
  public static DpAggregation.RowsResult aggregate(Dataset<Row> rows, Schema input, DpAggregation agg,
      LongAccumulator nanos) {
    DpAggregator aggregator = agg.aggregator();
    DpQuery q = aggregator.query();
    List<Field> fields = new ArrayList<>();
    List<String> names = new ArrayList<>();
    names.add(q.privacyUnit());
    names.addAll(q.groupBy());
    names.addAll(q.valueColumns());
    for (String n : names) {
      if (fields.stream().noneMatch(f -> f.name().equals(n))) fields.add(input.require(n, "dp-aggregate"));
    }
    DpRecordMapper.of(q, Schema.of(fields)); // checks the value columns are numeric, naming the field
    List<Column> cols = new ArrayList<>();
    cols.add(c(q.privacyUnit()));
    // one group-by column of strings is looked up by the string's bytes, more (or other types) as one struct
    boolean stringKey = q.groupBy().size() == 1
        && rows.select(c(q.groupBy().get(0))).schema().fields()[0].dataType() instanceof StringType;
    if (stringKey) cols.add(c(q.groupBy().get(0)));
    else if (!q.groupBy().isEmpty()) cols.add(struct(q.groupBy().stream().map(SparkDpAggregate::c).toArray(Column[]::new)).as(KEY));
    for (String v : q.valueColumns()) cols.add(c(v));
    Dataset<Row> projected = rows.select(cols.toArray(new Column[0]));
    SparkSession session = rows.sparkSession();
    int reducers = Math.max(1, session.sessionState().conf().numShufflePartitions());
    // the aggregator (with every public partition key) is deserialized once per executor, not once per task
    Broadcast<DpAggregator> shared = JavaSparkContext.fromSparkContext(session.sparkContext()).broadcast(aggregator);
    try {
      return run(projected, new TaskPlan(shared, projected.schema(), q.groupBy().size(), stringKey, q.valueColumns().size(), reducers),
          agg, nanos);
    } finally {
      shared.destroy();
    }
  }

  private static DpAggregation.RowsResult run(Dataset<Row> projected, TaskPlan plan, DpAggregation agg, LongAccumulator nanos) {
    DpAggregator aggregator = agg.aggregator();
    // map side: each input partition's rows grouped by unit into one byte block per reducer and chunk
    JavaPairRDD<Integer, byte[]> blocks = projected.queryExecution().toRdd().toJavaRDD()
        .mapPartitionsToPair(it -> plan.groupTask(it, nanos));
    // the reducer of a block is its key: HashPartitioner maps 0 .. reducers - 1 to themselves. The task
    // results are merged as they reach the driver (Spark's reduce hands them over one at a time), so the
    // driver holds the merged states and one task's result, not every task's (with many reducers and
    // many keys, collecting them all would need reducers x keys states at once)
    List<PartitionKey> listed = aggregator.publicPartitions(); // in key order
    int width = aggregator.supportsFlat() ? aggregator.flatWidth() : 0;
    Object reduced = blocks.partitionBy(new HashPartitioner(plan.reducers)).mapPartitions(it -> {
      long t = System.nanoTime();
      TaskResult r = plan.boundTask(it);
      if (nanos != null) nanos.add(System.nanoTime() - t);
      return List.<Object>of(r).iterator();
    }).reduce((x, y) -> Merged.of(x, plan).add(y, plan));
    Merged merged = Merged.of(reduced, plan);
    DpRunStats stats = merged.stats;
    if (merged.dense != null) {
      // flat states of public partitions: merged by index into one array, released in the list's order
      long[] states = merged.dense;
      List<Object[]> out = new ArrayList<>();
      for (int i = 0; i < listed.size(); i++) {
        // a key some unit contributed to has a unit count of at least 1; the others get the empty state
        PartitionAccumulator acc = states[i * width] > 0 ? aggregator.fromFlat(states, i * width) : aggregator.emptyAccumulator();
        aggregator.release(listed.get(i), acc, stats).ifPresent(p -> out.add(agg.row(p)));
      }
      return new DpAggregation.RowsResult(out, stats, List.of());
    }
    List<String> names = merged.names;
    Map<PartitionKey, Object> byKey = new HashMap<>(2 * names.size());
    for (int i = 0; i < names.size(); i++) byKey.put(decode(names.get(i)), merged.states.get(i));
    List<PartitionKey> order;
    if (!listed.isEmpty() && listed.stream().filter(byKey::containsKey).count() == byKey.size()) {
      order = listed; // every key with data is public (the bounder drops the others): release in the list's order
    } else {
      java.util.TreeSet<PartitionKey> keys = new java.util.TreeSet<>(byKey.keySet());
      keys.addAll(listed);
      order = new ArrayList<>(keys);
    }
    List<Object[]> out = new ArrayList<>();
    for (PartitionKey k : order) {
      Object v = byKey.get(k);
      PartitionAccumulator acc = v == null ? aggregator.emptyAccumulator()
          : v instanceof long[] f ? aggregator.fromFlat(f) : (PartitionAccumulator) v;
      aggregator.release(k, acc, stats).ifPresent(p -> out.add(agg.row(p)));
    }
    return new DpAggregation.RowsResult(out, stats, List.of());
  }

  /**
   * The task results merged on the driver: flat states of public partitions in one array indexed by the
   * key's position in {@link DpAggregator#publicPartitions()} while every result has them so, otherwise
   * states by {@link #encode}d key (exact merges, so the order of the results does not matter). Built by
   * Spark's {@code reduce} from the results as they arrive; never shipped to a task, serializable only
   * because {@code reduce}'s function is.
   */
  private static final class Merged implements Serializable {
    private static final long serialVersionUID = 1L;

    final DpRunStats stats = new DpRunStats();
    long[] dense; // listed keys x flat width, or null once a result names its keys
    final Map<String, Integer> index = new HashMap<>();
    final List<String> names = new ArrayList<>();
    final List<Object> states = new ArrayList<>();

    /** {@code o} itself when it is merged states, else a new merge holding the task result {@code o}. */
    static Merged of(Object o, TaskPlan plan) {
      if (o instanceof Merged m) return m;
      Merged m = new Merged();
      DpAggregator aggregator = plan.aggregator();
      if (((TaskResult) o).publicIndex != null) {
        long size = (long) aggregator.publicPartitions().size() * aggregator.flatWidth();
        if (size > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("dp-aggregate: too many public partitions (" + aggregator.publicPartitions().size() + ")");
        }
        m.dense = new long[(int) size];
      }
      return m.add(o, plan);
    }

    /** Merges {@code o} (a task result or merged states) into this. */
    Merged add(Object o, TaskPlan plan) {
      DpAggregator aggregator = plan.aggregator();
      List<PartitionKey> listed = aggregator.publicPartitions();
      int width = aggregator.supportsFlat() ? aggregator.flatWidth() : 0;
      if (o instanceof Merged m) {
        stats.merge(m.stats);
        if (m.dense != null) {
          if (dense != null) {
            for (int i = 0; i < listed.size(); i++) if (m.dense[i * width] > 0) aggregator.mergeFlat(dense, i * width, m.dense, i * width);
          } else {
            for (int i = 0; i < listed.size(); i++) {
              if (m.dense[i * width] > 0) put(aggregator, encode(listed.get(i)), Arrays.copyOfRange(m.dense, i * width, (i + 1) * width));
            }
          }
        }
        if (!m.names.isEmpty()) {
          byName(aggregator, listed, width);
          for (int i = 0; i < m.names.size(); i++) put(aggregator, m.names.get(i), m.states.get(i));
        }
        return this;
      }
      TaskResult r = (TaskResult) o;
      stats.merge(r.stats);
      if (r.publicIndex != null && dense != null) {
        for (int i = 0; i < r.publicIndex.length; i++) aggregator.mergeFlat(dense, r.publicIndex[i] * width, r.flat, i * width);
        return this;
      }
      byName(aggregator, listed, width);
      for (int i = 0; i < r.size(); i++) {
        String name = r.keys != null ? r.keys[i] : encode(listed.get(r.publicIndex[i]));
        put(aggregator, name, r.flat != null ? Arrays.copyOfRange(r.flat, i * width, (i + 1) * width) : r.accumulators[i]);
      }
      return this;
    }

    /** Moves the dense states, if any, to states by name (a result named its keys). */
    private void byName(DpAggregator aggregator, List<PartitionKey> listed, int width) {
      if (dense == null) return;
      long[] d = dense;
      dense = null;
      for (int i = 0; i < listed.size(); i++) {
        if (d[i * width] > 0) put(aggregator, encode(listed.get(i)), Arrays.copyOfRange(d, i * width, (i + 1) * width));
      }
    }

    private void put(DpAggregator aggregator, String name, Object state) {
      Integer at = index.putIfAbsent(name, states.size());
      if (at == null) {
        names.add(name);
        states.add(state);
      } else {
        states.set(at, mergeAny(aggregator, states.get(at), state));
      }
    }
  }

  /**
   * One reduce task's output: its partial states (flat, or accumulators with quantiles) per key, and its
   * counts. A key is its {@link #encode}d form, or (flat states of public partitions) its index in
   * {@link DpAggregator#publicPartitions()}.
   */
  private static final class TaskResult implements Serializable {
    private static final long serialVersionUID = 1L;

    final String[] keys; // or null
    final int[] publicIndex; // or null
    final long[] flat; // one state of flatWidth per key, or null
    final PartitionAccumulator[] accumulators; // or null
    final DpRunStats stats;

    TaskResult(String[] keys, int[] publicIndex, long[] flat, PartitionAccumulator[] accumulators, DpRunStats stats) {
      this.keys = keys;
      this.publicIndex = publicIndex;
      this.flat = flat;
      this.accumulators = accumulators;
      this.stats = stats;
    }

    int size() {
      return keys != null ? keys.length : publicIndex.length;
    }
  }

  /**
   * Step 2 for the tasks: the column layout of the projected rows (unit, group-by struct unless there is no
   * group-by column, values), the number of reduce tasks and the aggregator. Immutable, serializable.
   */
  private static final class TaskPlan implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Rows a map task groups at a time (bounds its memory; grouping in chunks loses nothing, reducers regroup). */
    static final int CHUNK_ROWS = 1 << 21;
    /**
     * Sub-buckets per reducer (the top bits of the unit hash; a reducer groups one at a time, in a small
     * table): 64 / reducers rounded down to a power of two, at least 1 (so a map task writes at most 64
     * segments at a time, whose page ends stay in cache).
     */
    final int subs;
    final int subBits;

    private final Broadcast<DpAggregator> aggregator;
    private final StructType schema;
    private final DataType unitType;
    private final boolean stringUnit;
    private final DataType[] keyTypes; // empty: no group-by column, every record in the one partition
    private final boolean stringKey; // one group-by column of strings, not wrapped in a struct
    private final DataType[] valueTypes;
    private final int firstValue;
    final int reducers;

    /** The aggregator (the broadcast's value: on the driver, the one the plan was made with). */
    DpAggregator aggregator() {
      return aggregator.value();
    }

    TaskPlan(Broadcast<DpAggregator> aggregator, StructType projected, int keys, boolean stringKey, int values, int reducers) {
      this.aggregator = aggregator;
      this.schema = projected;
      StructField[] f = projected.fields();
      this.unitType = f[0].dataType();
      this.stringUnit = unitType instanceof StringType;
      this.keyTypes = new DataType[keys];
      this.stringKey = stringKey;
      if (stringKey) {
        keyTypes[0] = f[1].dataType();
      } else if (keys > 0) {
        StructField[] k = ((StructType) f[1].dataType()).fields();
        for (int i = 0; i < keys; i++) keyTypes[i] = k[i].dataType();
      }
      this.firstValue = keys > 0 ? 2 : 1;
      this.valueTypes = new DataType[values];
      for (int i = 0; i < values; i++) valueTypes[i] = f[firstValue + i].dataType();
      this.reducers = reducers;
      this.subs = Integer.highestOneBit(Math.max(1, 64 / reducers));
      this.subBits = Integer.numberOfTrailingZeros(subs);
    }

    /** The sub-bucket of a unit hash. */
    int sub(long h) {
      return subBits == 0 ? 0 : (int) (h >>> (64 - subBits));
    }

    /**
     * Map side: reads the input partition's rows in chunks of {@link #CHUNK_ROWS} and returns per chunk one
     * block per reducer that receives rows (see {@link MapChunk}).
     */
    Iterator<Tuple2<Integer, byte[]>> groupTask(Iterator<InternalRow> it, LongAccumulator nanos) {
      return new Iterator<>() {
        private final java.util.ArrayDeque<Tuple2<Integer, byte[]>> ready = new java.util.ArrayDeque<>();
        private UnsafeProjection toUnsafe;

        @Override
        public boolean hasNext() {
          while (ready.isEmpty() && it.hasNext()) {
            long t = System.nanoTime();
            MapChunk chunk = new MapChunk(TaskPlan.this);
            for (int n = 0; n < CHUNK_ROWS && it.hasNext(); n++) {
              InternalRow r = it.next();
              if (!(r instanceof UnsafeRow)) {
                if (toUnsafe == null) toUnsafe = UnsafeProjection.create(schema);
                r = toUnsafe.apply(r);
              }
              chunk.add((UnsafeRow) r);
            }
            chunk.blocks(ready);
            if (nanos != null) nanos.add(System.nanoTime() - t);
          }
          return !ready.isEmpty();
        }

        @Override
        public Tuple2<Integer, byte[]> next() {
          if (!hasNext()) throw new java.util.NoSuchElementException();
          return ready.poll();
        }
      };
    }

    /**
     * Reduce side: reads the task's blocks, then sub-bucket by sub-bucket groups the rows by unit and bounds
     * every unit; returns the partial states and counts.
     */
    TaskResult boundTask(Iterator<Tuple2<Integer, byte[]>> it) {
      DpAggregator aggregator = this.aggregator.value();
      int w = valueTypes.length;
      List<byte[]> blocks = new ArrayList<>();
      List<int[]> segments = new ArrayList<>(); // per block: byte offset and rows of each sub-bucket
      long total = 0;
      long o = Platform.BYTE_ARRAY_OFFSET;
      while (it.hasNext()) {
        byte[] b = it.next()._2();
        int[] seg = new int[2 * subs];
        int at = 8 * subs;
        for (int s = 0; s < subs; s++) {
          seg[2 * s] = at;
          seg[2 * s + 1] = Platform.getInt(b, o + 8 * s + 4);
          total += seg[2 * s + 1];
          at += Platform.getInt(b, o + 8 * s);
        }
        blocks.add(b);
        segments.add(seg);
      }
      if (total > Integer.MAX_VALUE - 8 || total * Math.max(1, w) > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("dp-aggregate: a shuffle partition holds " + total + " records, too many for one "
            + "task; raise spark.sql.shuffle.partitions");
      }
      int rows = (int) total;
      double[] values = new double[rows * w];
      int[] keyOf = new int[rows];
      int[] unitOf = new int[rows];
      TaskRows keyTable = new TaskRows(this);
      TaskRows units = new TaskRows(this);
      int row = 0;
      int unitBase = 0; // units are numbered across sub-buckets: those of sub-bucket s follow those of s - 1
      Segment segment = new Segment(this, keyTable, units, unitOf, keyOf, values);
      for (int s = 0; s < subs; s++) {
        units.resetUnits();
        for (int bi = 0; bi < blocks.size(); bi++) {
          int[] seg = segments.get(bi);
          row = segment.read(blocks.get(bi), seg[2 * s], seg[2 * s + 1], row, unitBase);
        }
        unitBase += units.units;
      }
      blocks = null;
      PartitionKey[] keys = keyTable.keys.toArray(new PartitionKey[0]);
      DpAggregator.IndexedUnitBounder bounder = aggregator.newIndexedUnitBounder(keys, values);
      boolean flat = aggregator.supportsFlat();
      int width = flat ? aggregator.flatWidth() : 0;
      if (flat && (long) keys.length * width > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("dp-aggregate: too many partition keys in one task (" + keys.length + ")");
      }
      long[] flatStates = flat ? new long[keys.length * width] : null; // key k's state at k * width
      PartitionAccumulator[] accStates = flat ? null : new PartitionAccumulator[keys.length];
      int[] start = new int[unitBase + 1];
      int[] order = byUnit(unitOf, rows, unitBase, start);
      boundUnits(bounder, start, order, keyOf, unitBase, flatStates, accStates);
      List<String> names = new ArrayList<>();
      if (flat) {
        int used = 0;
        for (int k = 0; k < keys.length; k++) if (flatStates[k * width] > 0) used++;
        long[] out = new long[used * width];
        int[] publicIndex = aggregator.publicPartitions().isEmpty() ? null : new int[used];
        used = 0;
        for (int k = 0; k < keys.length; k++) {
          if (flatStates[k * width] == 0) continue; // no unit contributed (a contributing unit counts 1)
          if (publicIndex != null) {
            publicIndex[used] = bounder.publicIndex(k);
            if (publicIndex[used] < 0) publicIndex = null; // not listed (the bounder drops those): by name
          }
          System.arraycopy(flatStates, k * width, out, used++ * width, width);
        }
        if (publicIndex != null) return new TaskResult(null, publicIndex, out, null, bounder.stats());
        for (int k = 0; k < keys.length; k++) if (flatStates[k * width] > 0) names.add(encode(keys[k]));
        return new TaskResult(names.toArray(new String[0]), null, out, null, bounder.stats());
      }
      List<PartitionAccumulator> kept = new ArrayList<>();
      for (int k = 0; k < keys.length; k++) {
        if (accStates[k] == null) continue;
        names.add(encode(keys[k]));
        kept.add(accStates[k]);
      }
      return new TaskResult(names.toArray(new String[0]), null, null, kept.toArray(new PartitionAccumulator[0]), bounder.stats());
    }
  }

  /**
   * Counting sort of a task's rows on the unit number (rows are already in sub-bucket order, so the scatter
   * stays local): fills {@code start} ({@code units + 1} entries) and returns the rows in unit order.
   */
  private static int[] byUnit(int[] unitOf, int rows, int units, int[] start) {
    for (int r = 0; r < rows; r++) start[unitOf[r] + 1]++;
    for (int u = 0; u < units; u++) start[u + 1] += start[u];
    int[] order = new int[rows];
    int[] next = Arrays.copyOf(start, units);
    for (int r = 0; r < rows; r++) order[next[unitOf[r]]++] = r;
    return order;
  }

  /** Hands each unit's records (in {@link #byUnit} order) to the bounder, one unit at a time. */
  private static void boundUnits(DpAggregator.IndexedUnitBounder bounder, int[] start, int[] order, int[] keyOf,
      int units, long[] flatStates, PartitionAccumulator[] accStates) {
    for (int u = 0; u < units; u++) {
      for (int i = start[u]; i < start[u + 1]; i++) bounder.add(keyOf[order[i]], order[i]);
      if (flatStates != null) bounder.finishUnitFlat(flatStates);
      else bounder.finishUnit(accStates);
    }
  }

  /**
   * Reduce side: reads the rows of one sub-bucket of one block into a task's arrays (a method of its own,
   * called per segment, so that the JIT compiles it fully early). Not thread-safe.
   */
  private static final class Segment {
    private final TaskPlan plan;
    private final TaskRows keyTable;
    private final TaskRows units;
    private final int[] unitOf;
    private final int[] keyOf;
    private final double[] values;
    private final int[] pos = new int[1];
    // per row of the segment: where its group-by bytes are (offset, length; -1: null), their hash and first
    // 8 bytes, looked up in a second pass so that the table's cache misses overlap
    private int[] keyAt = new int[1024];
    private int[] keyLen = new int[1024];
    private long[] keyHash = new long[1024];
    private long[] keyHead = new long[1024];

    Segment(TaskPlan plan, TaskRows keyTable, TaskRows units, int[] unitOf, int[] keyOf, double[] values) {
      this.plan = plan;
      this.keyTable = keyTable;
      this.units = units;
      this.unitOf = unitOf;
      this.keyOf = keyOf;
      this.values = values;
    }

    /** Reads {@code count} rows of block {@code b} from byte {@code at} as rows {@code row..}; returns the next row. */
    int read(byte[] b, int at, int count, int row, int unitBase) {
      long o = Platform.BYTE_ARRAY_OFFSET;
      int w = plan.valueTypes.length;
      boolean keyed = plan.keyTypes.length > 0;
      if (count > keyAt.length) {
        int c = Math.max(count, 2 * keyAt.length);
        keyAt = new int[c];
        keyLen = new int[c];
        keyHash = new long[c];
        keyHead = new long[c];
      }
      pos[0] = at;
      int first = row;
      for (int n = 0; n < count; n++) {
        int l = varint(b, pos);
        units.base = b;
        units.addr = o + pos[0];
        units.len = l;
        unitOf[row] = unitBase + units.unit(hashBytes(b, o + pos[0], l));
        pos[0] += l;
        if (keyed) {
          l = varint(b, pos) - 1;
          keyAt[n] = pos[0];
          keyLen[n] = l;
          if (l > 0) pos[0] += l;
        }
        for (int c = 0; c < w; c++) values[row * w + c] = number(b, pos);
        row++;
      }
      if (keyed) {
        for (int n = 0; n < count; n++) {
          int l = keyLen[n];
          if (l >= 0) {
            keyHead[n] = head(b, o + keyAt[n], l);
            keyHash[n] = hashBytes(b, o + keyAt[n], l);
          }
        }
        for (int n = 0; n < count; n++) {
          int l = keyLen[n];
          keyOf[first + n] = l < 0 ? keyTable.nullKeyNumber() : keyTable.keyNumber(b, o + keyAt[n], l, keyHash[n], keyHead[n]);
        }
      }
      return row;
    }
  }

  /** Reads a value written by {@link Pages#number} at {@code pos[0]} and advances it. */
  static double number(byte[] b, int[] pos) {
    int p = pos[0];
    if (b[p] == 1) {
      pos[0] = p + 9;
      return Platform.getDouble(b, Platform.BYTE_ARRAY_OFFSET + p + 1);
    }
    long z = 0;
    for (int shift = 0; ; shift += 7) {
      byte x = b[p++];
      z |= (long) (x & 0x7F) << shift;
      if (x >= 0) break;
    }
    pos[0] = p;
    z >>>= 1;
    return (double) ((z >>> 1) ^ -(z & 1));
  }

  /** Reads an unsigned LEB128 varint at {@code pos[0]} and advances it. */
  private static int varint(byte[] b, int[] pos) {
    int v = 0;
    int p = pos[0];
    for (int shift = 0; ; shift += 7) {
      byte x = b[p++];
      v |= (x & 0x7F) << shift;
      if (x >= 0) {
        pos[0] = p;
        return v;
      }
    }
  }

  /**
   * A reduce task's lookup tables by bytes (the caller points {@code base/addr/len} at them): units
   * ({@link #unit}: a number per distinct unit since the last {@link #resetUnits}) and group-by values
   * ({@link #keyNumber}: the number of their {@link PartitionKey}, as values of different bytes may format
   * to the same key, listed in {@link #keys}). Bytes are copied once per distinct value into a byte arena.
   * Not thread-safe.
   */
  private static final class TaskRows {
    private final TaskPlan plan;
    // the bytes of every distinct unit value and group-by struct
    private byte[] arena = new byte[1 << 16];
    private int arenaUsed;
    // units: an open-addressing table from the unit hash to the first unit with that hash, three longs a slot
    // (the hash, the unit's first 8 bytes, its length << 32 | unit number + 1; 0 = empty slot), so that a short
    // unit is found and compared in one cache line; units sharing a hash (a collision) are chained through
    // nextSameHash
    private long[] table = new long[3 * 1024];
    private int tableSlots = 1024;
    private int units;
    private int[] unitOff = new int[256];
    private int[] unitLen = new int[256];
    private int[] nextSameHash = new int[256];
    // group-by structs (their bytes) -> key number: an open-addressing table of entries
    // (as the units' table: the hash, the first 8 bytes, length << 32 | entry + 1; 0 = empty slot)
    private long[] keyTable = new long[3 * 1024];
    private int keySlots = 1024;
    private int nullEntry = -1; // the entry of a null string key (entryLen -1), if any
    private int entries;
    private int[] entryOff = new int[256];
    private int[] entryLen = new int[256];
    private int[] entryKey = new int[256];
    // key -> key number; for one string group-by column only built once a value's bytes are not valid UTF-8
    // (valid UTF-8 bytes decode to distinct strings, so until then distinct bytes are distinct keys)
    private Map<PartitionKey, Integer> keyByValue;
    final List<PartitionKey> keys = new ArrayList<>();
    // where the current row's unit or key bytes are
    private Object base;
    private long addr;
    private int len;

    TaskRows(TaskPlan plan) {
      this.plan = plan;
      if (plan.keyTypes.length == 0 || !plan.stringKey) keyByValue = new HashMap<>();
      if (plan.keyTypes.length == 0) key(PartitionKey.of());
    }

    /** Forgets all units (the reduce side's next sub-bucket); keeps the tables' capacity. */
    void resetUnits() {
      if (units > 0) Arrays.fill(table, 0, 3 * tableSlots, 0L);
      units = 0;
      arenaUsed = 0;
    }

    /** Points base/addr/len at the variable-length field {@code i} of an UnsafeRow (a string or a struct). */
    private void locate(UnsafeRow u, int i) {
      long offsetAndSize = u.getLong(i);
      base = u.getBaseObject();
      addr = u.getBaseOffset() + (int) (offsetAndSize >> 32);
      len = (int) offsetAndSize;
    }

    /** Copies the current bytes into the arena and returns their offset there. */
    private int store() {
      if (arena.length - arenaUsed < len) {
        arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * arena.length, (long) arenaUsed + len)));
      }
      copy(base, addr, arena, Platform.BYTE_ARRAY_OFFSET + arenaUsed, len);
      int off = arenaUsed;
      arenaUsed += len;
      return off;
    }

    private boolean stored(int off, int length) {
      return length == len && ByteArrayMethods.arrayEquals(arena, Platform.BYTE_ARRAY_OFFSET + off, base, addr, len);
    }

    /** The unit number of the current bytes with 64-bit hash {@code h} (a new one for a unit not seen yet). */
    private int unit(long h) {
      long head = head();
      int mask = tableSlots - 1;
      int s = (int) mix(h) & mask;
      while (table[3 * s + 2] != 0) {
        if (table[3 * s] == h) {
          long lenAndUnit = table[3 * s + 2];
          int u = (int) lenAndUnit - 1;
          // the same length and first bytes, and the rest (if longer than 8 bytes) equal too
          if ((int) (lenAndUnit >>> 32) == len && table[3 * s + 1] == head && (len <= 8 || stored(unitOff[u], len))) {
            return u;
          }
          while (true) {
            if (sameUnit(u)) return u;
            if (nextSameHash[u] < 0) {
              int n = newUnit();
              nextSameHash[u] = n;
              return n;
            }
            u = nextSameHash[u];
          }
        }
        s = (s + 1) & mask;
      }
      int n = newUnit();
      table[3 * s] = h;
      table[3 * s + 1] = head;
      table[3 * s + 2] = ((long) len << 32) | (n + 1L);
      if (units * 2 > tableSlots) rehash();
      return n;
    }

    /** The first (up to) 8 bytes of the current value as a long. */
    private long head() {
      return SparkDpAggregate.head(base, addr, len);
    }

    /** Whether unit {@code u} is the current row's unit: equal text, as the reference groups units. */
    private boolean sameUnit(int u) {
      if (stored(unitOff[u], unitLen[u])) return true;
      // different UTF-8 bytes can decode to the same text (malformed input); the text decides
      return UTF8String.fromAddress(arena, Platform.BYTE_ARRAY_OFFSET + unitOff[u], unitLen[u]).toString()
          .equals(UTF8String.fromAddress(base, addr, len).toString());
    }

    private int newUnit() {
      if (len == 0) throw missingUnit();
      byte first = Platform.getByte(base, addr);
      // a visible ASCII first character: not blank; otherwise decide on the text
      if (!(first > ' ' && first < 127) && UTF8String.fromAddress(base, addr, len).toString().isBlank()) {
        throw missingUnit();
      }
      if (units == unitOff.length) {
        unitOff = Arrays.copyOf(unitOff, units * 2);
        unitLen = Arrays.copyOf(unitLen, units * 2);
        nextSameHash = Arrays.copyOf(nextSameHash, units * 2);
      }
      unitOff[units] = store();
      unitLen[units] = len;
      nextSameHash[units] = -1;
      return units++;
    }

    private void rehash() {
      long[] old = table;
      int oldSlots = tableSlots;
      tableSlots *= 2;
      table = new long[3 * tableSlots];
      int mask = tableSlots - 1;
      for (int i = 0; i < oldSlots; i++) {
        if (old[3 * i + 2] == 0) continue;
        int s = (int) mix(old[3 * i]) & mask;
        while (table[3 * s + 2] != 0) s = (s + 1) & mask;
        System.arraycopy(old, 3 * i, table, 3 * s, 3);
      }
    }

    private static long mix(long h) {
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      return h;
    }

    /**
     * The key number of the group-by value (string or struct) at the current bytes: that of its partition
     * key (formatted once per distinct value).
     */
    private int keyNumber() {
      return keyNumber(base, addr, len, hashBytes(base, addr, len), head());
    }

    /** {@link #keyNumber()} of the given bytes, with their {@link #hashBytes} and {@link #head} known. */
    private int keyNumber(Object base, long addr, int len, long h, long head) {
      int mask = keySlots - 1;
      int s = (int) mix(h) & mask;
      long firstSlot = keyTable[3 * s + 2];
      if (firstSlot != 0 && keyTable[3 * s] == h && keyTable[3 * s + 1] == head && (int) (firstSlot >>> 32) == len && len <= 8) {
        return entryKey[(int) firstSlot - 1]; // the common case: found in the first slot
      }
      this.base = base;
      this.addr = addr;
      this.len = len;
      while (keyTable[3 * s + 2] != 0) {
        if (keyTable[3 * s] == h && keyTable[3 * s + 1] == head) {
          long lenAndEntry = keyTable[3 * s + 2];
          int e = (int) lenAndEntry - 1;
          // the same length and first bytes, and the rest (if longer than 8 bytes) equal too
          if ((int) (lenAndEntry >>> 32) == len && (len <= 8 || stored(entryOff[e], len))) {
            return entryKey[e];
          }
        }
        s = (s + 1) & mask;
      }
      int e = newEntry();
      entryOff[e] = store();
      entryLen[e] = len;
      if (plan.stringKey) {
        String text = UTF8String.fromAddress(arena, Platform.BYTE_ARRAY_OFFSET + entryOff[e], len).toString();
        if (keyByValue == null && !validUtf8(text, entryOff[e], len)) {
          keyByValue = new HashMap<>(2 * keys.size());
          for (int k = 0; k < keys.size(); k++) keyByValue.put(keys.get(k), k);
        }
        entryKey[e] = key(PartitionKey.of(text));
      } else {
        UnsafeRow struct = new UnsafeRow(plan.keyTypes.length);
        struct.pointTo(arena, Platform.BYTE_ARRAY_OFFSET + entryOff[e], len);
        entryKey[e] = key(format(struct));
      }
      keyTable[3 * s] = h;
      keyTable[3 * s + 1] = head;
      keyTable[3 * s + 2] = ((long) len << 32) | (e + 1L);
      if (entries * 2 > keySlots) rehashKeys();
      return entryKey[e];
    }

    /** The key number of a null group-by value (only with one group-by column of strings, which is not a struct). */
    private int nullKeyNumber() {
      if (nullEntry < 0) {
        int e = newEntry();
        entryOff[e] = 0;
        entryLen[e] = -1;
        entryKey[e] = key(PartitionKey.of((String) null));
        nullEntry = e;
      }
      return entryKey[nullEntry];
    }

    private int newEntry() {
      if (entries == entryOff.length) {
        entryOff = Arrays.copyOf(entryOff, entries * 2);
        entryLen = Arrays.copyOf(entryLen, entries * 2);
        entryKey = Arrays.copyOf(entryKey, entries * 2);
      }
      return entries++;
    }

    private void rehashKeys() {
      long[] old = keyTable;
      int oldSlots = keySlots;
      keySlots *= 2;
      keyTable = new long[3 * keySlots];
      int mask = keySlots - 1;
      for (int i = 0; i < oldSlots; i++) {
        if (old[3 * i + 2] == 0) continue;
        int s = (int) mix(old[3 * i]) & mask;
        while (keyTable[3 * s + 2] != 0) s = (s + 1) & mask;
        System.arraycopy(old, 3 * i, keyTable, 3 * s, 3);
      }
    }

    private PartitionKey format(InternalRow struct) {
      String[] text = new String[plan.keyTypes.length];
      for (int i = 0; i < text.length; i++) {
        text[i] = struct.isNullAt(i) ? null : Values.format(external(struct, i, plan.keyTypes[i]));
      }
      return PartitionKey.of(text);
    }

    /** The number of a partition key (group-by values of different bytes may format to the same key). */
    private int key(PartitionKey key) {
      if (keyByValue == null) { // distinct valid UTF-8 strings so far: a new entry is a new key
        keys.add(key);
        return keys.size() - 1;
      }
      Integer n = keyByValue.get(key);
      if (n != null) return n;
      keys.add(key);
      keyByValue.put(key, keys.size() - 1);
      return keys.size() - 1;
    }

    /** Whether {@code text}, decoded from the arena's bytes at {@code off}, encodes back to exactly them. */
    private boolean validUtf8(String text, int off, int len) {
      byte[] again = text.getBytes(StandardCharsets.UTF_8);
      return again.length == len && ByteArrayMethods.arrayEquals(again, Platform.BYTE_ARRAY_OFFSET, arena,
          Platform.BYTE_ARRAY_OFFSET + off, len);
    }

  }

  /**
   * Map side: one chunk of input rows written as blocks, one per reducer that receives rows. The reducer of
   * a row is its unit's 64-bit hash ({@link #hashBytes} of the unit's bytes) modulo the number of
   * reducers, its sub-bucket the hash's top bits ({@link TaskPlan#subs}). A block is: per sub-bucket its
   * length in bytes and its number of rows (4 bytes each), then the sub-buckets' rows: the unit's bytes
   * (varint length, bytes; the reducer hashes them again), the group-by value's bytes (varint length + 1,
   * bytes; 0 for a null string; absent without group-by columns; with one group-by column of strings the
   * string's bytes, otherwise the struct's) and the values ({@link Pages#number}). Rows are neither
   * dropped nor changed. Not thread-safe.
   */
  private static final class MapChunk {
    private final TaskPlan plan;
    private final int width;
    private final Pages[][] segments;
    private final int[][] segmentRows;

    MapChunk(TaskPlan plan) {
      this.plan = plan;
      this.width = plan.valueTypes.length;
      this.segments = new Pages[plan.reducers][plan.subs];
      this.segmentRows = new int[plan.reducers][plan.subs];
    }

    void add(UnsafeRow r) {
      if (r.isNullAt(0)) throw missingUnit();
      Object base;
      long addr;
      int len;
      boolean padded; // the bytes are followed by padding up to a multiple of 8 (UnsafeRow fields)
      if (plan.stringUnit) {
        long offsetAndSize = r.getLong(0);
        base = r.getBaseObject();
        addr = r.getBaseOffset() + (int) (offsetAndSize >> 32);
        len = (int) offsetAndSize;
        padded = true;
      } else {
        byte[] b = Values.format(external(r, 0, plan.unitType)).getBytes(StandardCharsets.UTF_8);
        base = b;
        addr = Platform.BYTE_ARRAY_OFFSET;
        len = b.length;
        padded = false;
      }
      long h = hashBytes(base, addr, len);
      int red = (int) Math.floorMod(h, (long) plan.reducers);
      int sub = plan.sub(h);
      Pages b = segments[red][sub];
      if (b == null) {
        b = new Pages();
        segments[red][sub] = b;
      }
      segmentRows[red][sub]++;
      boolean hasKey = plan.keyTypes.length > 0 && !r.isNullAt(1);
      long keyOffsetAndSize = hasKey ? r.getLong(1) : 0;
      int keyLen = (int) keyOffsetAndSize;
      b.room(5 + len + 8 + 5 + keyLen + 8 + 9 * width);
      b.varint(len);
      if (padded) b.words(base, addr, len);
      else b.bytes(base, addr, len);
      if (plan.keyTypes.length > 0) {
        if (!hasKey) {
          b.varint(0); // only a string column can be null: a struct never is
        } else {
          b.varint(keyLen + 1);
          b.words(r.getBaseObject(), r.getBaseOffset() + (int) (keyOffsetAndSize >> 32), keyLen);
        }
      }
      for (int i = 0; i < width; i++) b.number(number(r, plan.firstValue + i, plan.valueTypes[i]));
    }

    void blocks(java.util.Queue<Tuple2<Integer, byte[]>> out) {
      int subs = plan.subs;
      for (int red = 0; red < plan.reducers; red++) {
        long size = 8L * subs;
        boolean any = false;
        for (int s = 0; s < subs; s++) {
          if (segments[red][s] != null) {
            size += segments[red][s].length();
            any = true;
          }
        }
        if (!any) continue;
        if (size > Integer.MAX_VALUE - 8) throw new IllegalStateException("dp-aggregate: a block exceeds 2 GB");
        byte[] block = new byte[(int) size];
        long o = Platform.BYTE_ARRAY_OFFSET;
        int data = 8 * subs;
        for (int s = 0; s < subs; s++) {
          Pages b = segments[red][s];
          Platform.putInt(block, o + 8 * s, b == null ? 0 : b.length());
          Platform.putInt(block, o + 8 * s + 4, segmentRows[red][s]);
          if (b != null) data = b.copyTo(block, data);
        }
        out.add(new Tuple2<>(red, block));
      }
    }
  }

  /**
   * A byte sequence written in pages that are never copied (1 KB growing to 64 KB): the writer reserves
   * room for a whole row first ({@link #room}), so a row never straddles pages and the concatenated pages
   * read as one sequence. Little-endian numbers, unsigned LEB128 varints. Not thread-safe.
   */
  static final class Pages {
    private static final int MAX_PAGE = 1 << 16;
    private final List<byte[]> full = new ArrayList<>();
    private int[] fullSizes = new int[8];
    private int fullTotal;
    private byte[] page = new byte[1 << 10];
    private int size;

    /** Makes sure the current page has {@code n} more bytes. */
    void room(int n) {
      if (page.length - size >= n) return;
      if (full.size() == fullSizes.length) fullSizes = Arrays.copyOf(fullSizes, fullSizes.length * 2);
      fullSizes[full.size()] = size;
      full.add(page);
      fullTotal += size;
      page = new byte[Math.max(n, Math.min(MAX_PAGE, 2 * page.length))];
      size = 0;
    }

    int length() {
      return fullTotal + size;
    }

    /** Copies the sequence into {@code dst} at {@code at}; returns the offset after it. */
    int copyTo(byte[] dst, int at) {
      for (int i = 0; i < full.size(); i++) {
        System.arraycopy(full.get(i), 0, dst, at, fullSizes[i]);
        at += fullSizes[i];
      }
      System.arraycopy(page, 0, dst, at, size);
      return at + size;
    }

    void varint(int v) {
      while ((v & ~0x7F) != 0) {
        page[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      page[size++] = (byte) v;
    }

    void putLong(long v) {
      Platform.putLong(page, Platform.BYTE_ARRAY_OFFSET + size, v);
      size += 8;
    }

    /**
     * A value in at most 9 bytes, exactly: an integer of magnitude up to 2^52 (not -0.0) as the LEB128 varint
     * of its zigzag form shifted left by one (lowest bit 0); any other double as the byte 1 and its 8 bytes.
     */
    void number(double v) {
      long l = (long) v;
      if (l == v && l >= -(1L << 52) && l <= (1L << 52) && (l != 0 || Double.doubleToRawLongBits(v) == 0)) {
        long z = ((l << 1) ^ (l >> 63)) << 1;
        while ((z & ~0x7FL) != 0) {
          page[size++] = (byte) ((z & 0x7F) | 0x80);
          z >>>= 7;
        }
        page[size++] = (byte) z;
      } else {
        page[size++] = 1;
        Platform.putDouble(page, Platform.BYTE_ARRAY_OFFSET + size, v);
        size += 8;
      }
    }

    void bytes(Object base, long addr, int len) {
      copy(base, addr, page, Platform.BYTE_ARRAY_OFFSET + size, len);
      size += len;
    }

    /**
     * Appends {@code len} bytes whose source is readable up to the next multiple of 8 (an UnsafeRow field),
     * a word at a time; the bytes copied beyond {@code len} are overwritten by what follows (the caller
     * reserved room for them).
     */
    void words(Object base, long addr, int len) {
      long to = Platform.BYTE_ARRAY_OFFSET + size;
      for (int i = 0; i < len; i += 8) Platform.putLong(page, to + i, Platform.getLong(base, addr + i));
      size += len;
    }
  }

  /** The first (up to) 8 bytes at {@code addr} as a little-endian long (zero-padded). */
  static long head(Object base, long addr, int len) {
    if (len >= 8) return Platform.getLong(base, addr);
    long v = 0;
    int i = 0;
    if (len >= 4) {
      v = Platform.getInt(base, addr) & 0xFFFFFFFFL;
      i = 4;
    }
    for (; i < len; i++) v |= (Platform.getByte(base, addr + i) & 0xFFL) << (8 * i);
    return v;
  }

  /**
   * A 64-bit hash of {@code len} bytes, a function of the bytes alone: up to 8 bytes mixed from their value
   * and length (murmur3's 64-bit finalizer), longer ones Spark's {@code xxhash64} (seed 42).
   */
  static long hashBytes(Object base, long addr, int len) {
    if (len > 8) return XXH64.hashUnsafeBytes(base, addr, len, 42);
    long h = head(base, addr, len) ^ (len * 0x9E3779B97F4A7C15L);
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** Copies {@code len} bytes; short copies word by word instead of a native call. */
  static void copy(Object src, long from, Object dst, long to, int len) {
    if (len > 32) {
      Platform.copyMemory(src, from, dst, to, len);
      return;
    }
    int i = 0;
    for (; i + 8 <= len; i += 8) Platform.putLong(dst, to + i, Platform.getLong(src, from + i));
    for (; i < len; i++) Platform.putByte(dst, to + i, Platform.getByte(src, from + i));
  }

  private static IllegalStateException missingUnit() {
    return new IllegalStateException("dp-aggregate received a record without a privacy unit; such records must be "
        + "dead-lettered before the aggregation");
  }

  /**
   * The value a {@code Row} of a Veil session holds for field {@code i} (Java 8 time API: {@code LocalDate},
   * {@code Instant}); the row's field must not be null.
   */
  static Object external(InternalRow r, int i, DataType t) {
    if (t instanceof StringType) return r.getUTF8String(i).toString();
    if (t instanceof LongType) return r.getLong(i);
    if (t instanceof DoubleType) return r.getDouble(i);
    if (t instanceof BooleanType) return r.getBoolean(i);
    if (t instanceof DateType) return LocalDate.ofEpochDay(r.getInt(i));
    if (t instanceof TimestampType) return DateTimeUtils.microsToInstant(r.getLong(i));
    if (t instanceof IntegerType) return r.getInt(i);
    return CatalystTypeConverters.convertToScala(r.get(i, t), t);
  }

  /** A value column of the row as {@link DpRecordMapper} reads it: the number as a double, NaN if null or not numeric. */
  static double number(InternalRow r, int i, DataType t) {
    if (r.isNullAt(i)) return Double.NaN;
    if (t instanceof DoubleType) return r.getDouble(i);
    if (t instanceof LongType) return r.getLong(i);
    if (t instanceof IntegerType) return r.getInt(i);
    if (t instanceof FloatType) return r.getFloat(i);
    if (t instanceof ShortType) return r.getShort(i);
    if (t instanceof ByteType) return r.getByte(i);
    if (t instanceof DecimalType d) return r.getDecimal(i, d.precision(), d.scale()).toJavaBigDecimal().doubleValue();
    return Double.NaN;
  }

  private static Object mergeAny(DpAggregator aggregator, Object a, Object b) {
    if (a instanceof DpRunStats s) return s.merge((DpRunStats) b);
    if (a instanceof long[] f) return aggregator.mergeFlat(f, (long[]) b);
    return aggregator.merge((PartitionAccumulator) a, (PartitionAccumulator) b);
  }

  /** A partition key as one string: per value {@code -1:} for null or {@code <length>:<value>} (unambiguous). */
  static String encode(PartitionKey k) {
    StringBuilder sb = new StringBuilder();
    for (String v : k.values()) {
      if (v == null) sb.append("-1:");
      else sb.append(v.length()).append(':').append(v);
    }
    return sb.toString();
  }

  /** The inverse of {@link #encode}. */
  static PartitionKey decode(String s) {
    List<String> values = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      int colon = s.indexOf(':', i);
      int len = Integer.parseInt(s.substring(i, colon));
      if (len < 0) {
        values.add(null);
        i = colon + 1;
      } else {
        values.add(s.substring(colon + 1, colon + 1 + len));
        i = colon + 1 + len;
      }
    }
    return PartitionKey.of(values);
  }

  private static Column c(String name) {
    return col("`" + name + "`");
  }
}
