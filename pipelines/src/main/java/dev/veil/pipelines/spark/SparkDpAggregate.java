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
 *   <li>Only the query's columns are kept (the privacy unit, the group-by columns as one struct, the value
 *       columns). Each map task reads Spark's internal rows directly (no conversion to {@code Row}) in
 *       chunks of up to 2M rows and groups each chunk by unit in flat arrays (units looked up by their
 *       64-bit {@code xxhash64} and then their bytes; group-by structs by their bytes). It writes the chunk
 *       as one compact byte block per reducer: the unit's bytes once per unit and chunk, then per record
 *       the struct's number and the values. The reducer of a unit is its hash modulo
 *       {@code spark.sql.shuffle.partitions}, so every unit's records arrive in one reduce task. Grouping on
 *       the map side only gathers records; no record is dropped or changed before step 2.
 *   <li>Each reduce task reads its blocks into flat arrays: per record a unit number (units told apart by
 *       the hash and then by the unit value itself, so a hash collision never merges two units), a partition
 *       key number (each block's structs looked up by their bytes in a per-task dictionary; each distinct
 *       key is turned into its {@link PartitionKey} text form once) and the values. A counting sort on the
 *       unit number then hands every unit's records to a {@link DpAggregator.IndexedUnitBounder} (the same
 *       semantics and randomness as {@link DpAggregator#boundUnit}), and its contributions are merged into
 *       one partial state per partition key held by the task: a flat {@code long[]} with exact 128-bit sums
 *       ({@link DpAggregator#supportsFlat()}, i.e. no quantiles), otherwise a {@link PartitionAccumulator}.
 *       No per-unit object leaves the task.
 *   <li>The tasks' partial states (at most one per partition key and task) and bounding counts are
 *       collected on the driver and merged per key (exact merges, so the order does not matter).
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
 * driver's memory, only released rows leave. Stateless: thread-safe. A task holds its rows' unit and key
 * numbers and values in memory (about 16 bytes plus 8 per value column per row), so a shuffle partition
 * must fit in the executor's memory: raise {@code spark.sql.shuffle.partitions} for larger inputs. A map
 * task holds one chunk (at most 2M rows) and its blocks at a time.
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
    // the reducer of a block is its key: HashPartitioner maps 0 .. reducers - 1 to themselves
    List<TaskResult> results = blocks.partitionBy(new HashPartitioner(plan.reducers)).mapPartitions(it -> {
      long t = System.nanoTime();
      TaskResult r = plan.boundTask(it);
      if (nanos != null) nanos.add(System.nanoTime() - t);
      return List.of(r).iterator();
    }).collect();
    DpRunStats stats = new DpRunStats();
    Map<String, Integer> index = new HashMap<>();
    List<String> names = new ArrayList<>();
    List<Object> merged = new ArrayList<>();
    int width = aggregator.supportsFlat() ? aggregator.flatWidth() : 0;
    for (TaskResult r : results) {
      stats.merge(r.stats);
      for (int i = 0; i < r.keys.length; i++) {
        Object state = r.flat != null ? Arrays.copyOfRange(r.flat, i * width, (i + 1) * width) : r.accumulators[i];
        Integer at = index.get(r.keys[i]);
        if (at == null) {
          index.put(r.keys[i], merged.size());
          names.add(r.keys[i]);
          merged.add(state);
        } else {
          merged.set(at, mergeAny(aggregator, merged.get(at), state));
        }
      }
    }
    TreeMap<PartitionKey, PartitionAccumulator> partitions = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) {
      Object v = merged.get(i);
      partitions.put(decode(names.get(i)), v instanceof long[] f ? aggregator.fromFlat(f) : (PartitionAccumulator) v);
    }
    for (PartitionKey k : aggregator.publicPartitions()) partitions.computeIfAbsent(k, kk -> aggregator.emptyAccumulator());
    List<Object[]> out = new ArrayList<>();
    for (Map.Entry<PartitionKey, PartitionAccumulator> e : partitions.entrySet()) {
      aggregator.release(e.getKey(), e.getValue(), stats).ifPresent(p -> out.add(agg.row(p)));
    }
    return new DpAggregation.RowsResult(out, stats, List.of());
  }

  /** One reduce task's output: its partial states (flat, or accumulators with quantiles) per encoded key, and its counts. */
  private static final class TaskResult implements Serializable {
    private static final long serialVersionUID = 1L;

    final String[] keys;
    final long[] flat; // keys.length * flatWidth, or null
    final PartitionAccumulator[] accumulators; // or null
    final DpRunStats stats;

    TaskResult(String[] keys, long[] flat, PartitionAccumulator[] accumulators, DpRunStats stats) {
      this.keys = keys;
      this.flat = flat;
      this.accumulators = accumulators;
      this.stats = stats;
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
    /** Sub-buckets per reducer (the top bits of the unit hash): a reducer groups one at a time, in a small table. */
    static final int SUBS = 64;

    private final Broadcast<DpAggregator> aggregator;
    private final StructType schema;
    private final DataType unitType;
    private final boolean stringUnit;
    private final DataType[] keyTypes; // empty: no group-by column, every record in the one partition
    private final boolean stringKey; // one group-by column of strings, not wrapped in a struct
    private final DataType[] valueTypes;
    private final int firstValue;
    final int reducers;

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
      TaskRows keyTable = new TaskRows(this, true);
      List<byte[]> blocks = new ArrayList<>();
      List<int[]> keyOfStruct = new ArrayList<>();
      List<int[]> segments = new ArrayList<>(); // per block: byte offset and rows of each sub-bucket
      long total = 0;
      while (it.hasNext()) {
        byte[] b = it.next()._2();
        long o = Platform.BYTE_ARRAY_OFFSET;
        int structs = Platform.getInt(b, o);
        int[] pos = {4};
        int[] translate = new int[structs];
        for (int i = 0; i < structs; i++) {
          int l = varint(b, pos) - 1;
          if (l < 0) {
            translate[i] = keyTable.nullKeyNumber();
            continue;
          }
          keyTable.base = b;
          keyTable.addr = o + pos[0];
          keyTable.len = l;
          translate[i] = keyTable.keyNumber();
          pos[0] += l;
        }
        int[] seg = new int[2 * SUBS];
        int at = pos[0] + 8 * SUBS;
        for (int s = 0; s < SUBS; s++) {
          int bytes = Platform.getInt(b, o + pos[0] + 8 * s);
          seg[2 * s] = at;
          seg[2 * s + 1] = Platform.getInt(b, o + pos[0] + 8 * s + 4);
          total += seg[2 * s + 1];
          at += bytes;
        }
        blocks.add(b);
        keyOfStruct.add(translate);
        segments.add(seg);
      }
      if (total > Integer.MAX_VALUE - 8 || total * Math.max(1, w) > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("dp-aggregate: a shuffle partition holds " + total + " records, too many for one "
            + "task; raise spark.sql.shuffle.partitions");
      }
      int rows = (int) total;
      double[] values = new double[rows * w];
      int[] keyOf = new int[rows];
      PartitionKey[] keys = keyTable.keys.toArray(new PartitionKey[0]);
      DpAggregator.IndexedUnitBounder bounder = aggregator.newIndexedUnitBounder(keys, values);
      boolean flat = aggregator.supportsFlat();
      long[][] flatStates = flat ? new long[keys.length][] : null;
      PartitionAccumulator[] accStates = flat ? null : new PartitionAccumulator[keys.length];
      TaskRows units = new TaskRows(this, true);
      int[] unitOf = new int[1024];
      int row = 0;
      int[] pos = new int[1];
      for (int s = 0; s < SUBS; s++) {
        int first = row;
        units.resetUnits();
        for (int bi = 0; bi < blocks.size(); bi++) {
          byte[] b = blocks.get(bi);
          int[] translate = keyOfStruct.get(bi);
          int[] seg = segments.get(bi);
          pos[0] = seg[2 * s];
          long o = Platform.BYTE_ARRAY_OFFSET;
          for (int n = seg[2 * s + 1]; n > 0; n--) {
            long h = Platform.getLong(b, o + pos[0]);
            pos[0] += 8;
            int l = varint(b, pos);
            units.base = b;
            units.addr = o + pos[0];
            units.len = l;
            if (row - first == unitOf.length) unitOf = Arrays.copyOf(unitOf, unitOf.length * 2);
            unitOf[row - first] = units.unit(h);
            pos[0] += l;
            keyOf[row] = keyTypes.length == 0 ? 0 : translate[varint(b, pos)];
            for (int c = 0; c < w; c++) {
              values[row * w + c] = Platform.getDouble(b, o + pos[0]);
              pos[0] += 8;
            }
            row++;
          }
        }
        // counting sort of the sub-bucket's rows on the unit number, then each unit through the bounder
        int n = units.units;
        int[] start = new int[n + 1];
        int count = row - first;
        for (int r = 0; r < count; r++) start[unitOf[r] + 1]++;
        for (int u = 0; u < n; u++) start[u + 1] += start[u];
        int[] order = new int[count];
        int[] next = Arrays.copyOf(start, n);
        for (int r = 0; r < count; r++) order[next[unitOf[r]]++] = r;
        for (int u = 0; u < n; u++) {
          for (int i = start[u]; i < start[u + 1]; i++) bounder.add(keyOf[first + order[i]], first + order[i]);
          if (flat) bounder.finishUnitFlat(flatStates);
          else bounder.finishUnit(accStates);
        }
      }
      List<String> names = new ArrayList<>();
      if (flat) {
        int width = aggregator.flatWidth();
        int n = 0;
        for (long[] f : flatStates) if (f != null) n++;
        long[] out = new long[n * width];
        n = 0;
        for (int k = 0; k < keys.length; k++) {
          if (flatStates[k] == null) continue;
          names.add(encode(keys[k]));
          System.arraycopy(flatStates[k], 0, out, n++ * width, width);
        }
        return new TaskResult(names.toArray(new String[0]), out, null, bounder.stats());
      }
      List<PartitionAccumulator> kept = new ArrayList<>();
      for (int k = 0; k < keys.length; k++) {
        if (accStates[k] == null) continue;
        names.add(encode(keys[k]));
        kept.add(accStates[k]);
      }
      return new TaskResult(names.toArray(new String[0]), null, kept.toArray(new PartitionAccumulator[0]), bounder.stats());
    }
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
   * Lookup tables of a task by bytes (the caller points {@code base/addr/len} at them): units
   * ({@link #unit}: a number per distinct unit since the last {@link #resetUnits}) and group-by structs
   * ({@link #keyNumber}: on the map side, {@code reduceSide} false, the number of the distinct struct; on
   * the reduce side that of its {@link PartitionKey}, as structs of different bytes may format to the same
   * key, listed in {@link #keys}). Values are copied once per distinct value into a byte arena. Not
   * thread-safe.
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
    // key number -> PartitionKey
    private final Map<PartitionKey, Integer> keyByValue = new HashMap<>();
    final List<PartitionKey> keys = new ArrayList<>();
    // where the current row's unit or key bytes are
    private Object base;
    private long addr;
    private int len;
    private final boolean reduceSide;

    TaskRows(TaskPlan plan, boolean reduceSide) {
      this.plan = plan;
      this.reduceSide = reduceSide;
      if (reduceSide && plan.keyTypes.length == 0) key(PartitionKey.of());
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
      Platform.copyMemory(base, addr, arena, Platform.BYTE_ARRAY_OFFSET + arenaUsed, len);
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
      if (len >= 8) return Platform.getLong(base, addr);
      long v = 0;
      for (int i = 0; i < len; i++) v |= (Platform.getByte(base, addr + i) & 0xFFL) << (8 * i);
      return v;
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
     * The key number of the group-by struct at the current bytes: on the map side the number of the distinct
     * struct, on the reduce side that of its partition key (formatted once per distinct struct).
     */
    private int keyNumber() {
      long h = XXH64.hashUnsafeBytes(base, addr, len, 42);
      long head = head();
      int mask = keySlots - 1;
      int s = (int) mix(h) & mask;
      while (keyTable[3 * s + 2] != 0) {
        if (keyTable[3 * s] == h && keyTable[3 * s + 1] == head) {
          long lenAndEntry = keyTable[3 * s + 2];
          int e = (int) lenAndEntry - 1;
          // the same length and first bytes, and the rest (if longer than 8 bytes) equal too
          if ((int) (lenAndEntry >>> 32) == len && (len <= 8 || stored(entryOff[e], len))) {
            return reduceSide ? entryKey[e] : e;
          }
        }
        s = (s + 1) & mask;
      }
      int e = newEntry();
      entryOff[e] = store();
      entryLen[e] = len;
      if (!reduceSide) {
        entryKey[e] = e;
      } else if (plan.stringKey) {
        entryKey[e] = key(PartitionKey.of(UTF8String.fromAddress(arena, Platform.BYTE_ARRAY_OFFSET + entryOff[e], len).toString()));
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
        entryKey[e] = reduceSide ? key(PartitionKey.of((String) null)) : e;
        nullEntry = e;
      }
      return reduceSide ? entryKey[nullEntry] : nullEntry;
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
      Integer n = keyByValue.get(key);
      if (n != null) return n;
      keys.add(key);
      keyByValue.put(key, keys.size() - 1);
      return keys.size() - 1;
    }

  }

  /** A growable byte buffer (little-endian numbers, unsigned LEB128 varints). Not thread-safe. */
  private static final class Buf {
    byte[] bytes;
    int size;

    Buf(int capacity) {
      bytes = new byte[capacity];
    }

    private void ensure(int n) {
      if (bytes.length - size < n) {
        bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * bytes.length, (long) size + n)));
      }
    }

    void varint(int v) {
      ensure(5);
      while ((v & ~0x7F) != 0) {
        bytes[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      bytes[size++] = (byte) v;
    }

    void putLong(long v) {
      ensure(8);
      Platform.putLong(bytes, Platform.BYTE_ARRAY_OFFSET + size, v);
      size += 8;
    }

    void putDouble(double v) {
      ensure(8);
      Platform.putDouble(bytes, Platform.BYTE_ARRAY_OFFSET + size, v);
      size += 8;
    }

    void bytes(Object base, long addr, int len) {
      ensure(len);
      Platform.copyMemory(base, addr, bytes, Platform.BYTE_ARRAY_OFFSET + size, len);
      size += len;
    }
  }

  /**
   * Map side: one chunk of input rows written as blocks, one per reducer that receives rows. The reducer of
   * a row is its unit's 64-bit hash ({@code xxhash64} of the unit's bytes, seed 42) modulo the number of
   * reducers, its sub-bucket the hash's top 6 bits. A block is: the number of group-by structs it uses
   * (4 bytes) and their bytes (each a varint length + 1 and the bytes, 0 for the null string key; numbered
   * from 0 in this order; with one group-by column of strings, the string's bytes), then per
   * sub-bucket its length in bytes and its number of rows (4 bytes each), then the sub-buckets' rows: the
   * unit's hash (8 bytes), its bytes (varint length, bytes), the struct's number in the block (varint;
   * absent without group-by columns) and the values (8 bytes each). Rows are neither dropped nor changed.
   * Not thread-safe.
   */
  private static final class MapChunk {
    private final TaskPlan plan;
    private final int width;
    private final TaskRows structs; // the group-by structs by their bytes (map side: number = distinct bytes)
    private final Buf[][] segments;
    private final int[][] segmentRows;
    private final int[][] local; // per reducer: struct number -> its number in the block + 1 (0: not used yet)
    private final int[] used;
    private final Buf[] dict;

    MapChunk(TaskPlan plan) {
      this.plan = plan;
      this.width = plan.valueTypes.length;
      this.structs = new TaskRows(plan, false);
      int r = plan.reducers;
      this.segments = new Buf[r][TaskPlan.SUBS];
      this.segmentRows = new int[r][TaskPlan.SUBS];
      this.local = new int[r][];
      this.used = new int[r];
      this.dict = new Buf[r];
    }

    void add(UnsafeRow r) {
      if (r.isNullAt(0)) throw missingUnit();
      Object base;
      long addr;
      int len;
      if (plan.stringUnit) {
        long offsetAndSize = r.getLong(0);
        base = r.getBaseObject();
        addr = r.getBaseOffset() + (int) (offsetAndSize >> 32);
        len = (int) offsetAndSize;
      } else {
        byte[] b = Values.format(external(r, 0, plan.unitType)).getBytes(StandardCharsets.UTF_8);
        base = b;
        addr = Platform.BYTE_ARRAY_OFFSET;
        len = b.length;
      }
      long h = XXH64.hashUnsafeBytes(base, addr, len, 42);
      int red = (int) Math.floorMod(h, (long) plan.reducers);
      int sub = (int) (h >>> 58);
      Buf b = segments[red][sub];
      if (b == null) {
        b = new Buf(1 << 12);
        segments[red][sub] = b;
      }
      segmentRows[red][sub]++;
      b.putLong(h);
      b.varint(len);
      b.bytes(base, addr, len);
      if (plan.stringKey && r.isNullAt(1)) {
        b.varint(local(red, structs.nullKeyNumber()));
      } else if (plan.keyTypes.length > 0) {
        structs.locate(r, 1);
        b.varint(local(red, structs.keyNumber()));
      }
      for (int i = 0; i < width; i++) b.putDouble(number(r, plan.firstValue + i, plan.valueTypes[i]));
    }

    /** The number in reducer {@code red}'s block of the chunk's struct {@code e}. */
    private int local(int red, int e) {
      int[] l = local[red];
      if (l == null || e >= l.length) {
        l = l == null ? new int[Math.max(1024, e + 1)] : Arrays.copyOf(l, Math.max(e + 1, 2 * l.length));
        local[red] = l;
      }
      int v = l[e];
      if (v == 0) {
        Buf d = dict[red];
        if (d == null) {
          d = new Buf(1 << 12);
          dict[red] = d;
        }
        int len = structs.entryLen[e];
        d.varint(len + 1);
        if (len > 0) d.bytes(structs.arena, Platform.BYTE_ARRAY_OFFSET + structs.entryOff[e], len);
        v = ++used[red];
        l[e] = v;
      }
      return v - 1;
    }

    void blocks(java.util.Queue<Tuple2<Integer, byte[]>> out) {
      for (int red = 0; red < plan.reducers; red++) {
        long size = 4 + (dict[red] == null ? 0 : dict[red].size) + 8L * TaskPlan.SUBS;
        boolean any = false;
        for (int s = 0; s < TaskPlan.SUBS; s++) {
          if (segments[red][s] != null) {
            size += segments[red][s].size;
            any = true;
          }
        }
        if (!any) continue;
        if (size > Integer.MAX_VALUE - 8) throw new IllegalStateException("dp-aggregate: a block exceeds 2 GB");
        byte[] block = new byte[(int) size];
        long o = Platform.BYTE_ARRAY_OFFSET;
        Platform.putInt(block, o, used[red]);
        int at = 4;
        if (dict[red] != null) {
          System.arraycopy(dict[red].bytes, 0, block, at, dict[red].size);
          at += dict[red].size;
        }
        int data = at + 8 * TaskPlan.SUBS;
        for (int s = 0; s < TaskPlan.SUBS; s++) {
          Buf b = segments[red][s];
          Platform.putInt(block, o + at + 8 * s, b == null ? 0 : b.size);
          Platform.putInt(block, o + at + 8 * s + 4, segmentRows[red][s]);
          if (b != null) {
            System.arraycopy(b.bytes, 0, block, data, b.size);
            data += b.size;
          }
        }
        out.add(new Tuple2<>(red, block));
      }
    }
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
