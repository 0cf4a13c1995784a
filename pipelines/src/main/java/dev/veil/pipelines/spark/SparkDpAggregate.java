package dev.veil.pipelines.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;

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
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.array.ByteArrayMethods;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;
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
 *       columns), plus the 64-bit {@code xxhash64} of the privacy unit; a Catalyst shuffle hash-partitions
 *       the rows on that hash, so every unit's records arrive in one task. The task reads Spark's internal
 *       rows directly (no conversion to {@code Row}).
 *   <li>Each task reads its rows once into flat arrays: per row a unit number (units told apart by the
 *       hash and then by the unit value itself, so a hash collision never merges two units), a partition
 *       key number (the group-by struct's bytes looked up in a per-task dictionary; each distinct key is
 *       turned into its {@link PartitionKey} text form once) and the values. A counting sort on the unit
 *       number then hands every unit's records to a {@link DpAggregator.UnitBounder} (the same code and
 *       randomness as {@link DpAggregator#boundUnit}), and its contributions are merged into one partial
 *       state per partition key held by the task: a flat {@code long[]} with exact 128-bit sums
 *       ({@link DpAggregator#supportsFlat()}, i.e. no quantiles), otherwise a {@link PartitionAccumulator}.
 *       No per-unit object leaves the task.
 *   <li>The task's partial states (at most one per partition key) and its bounding counts are merged per
 *       key after a second shuffle (exact merges, so the order does not matter) and collected on the driver.
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
 * must fit in the executor's memory: raise {@code spark.sql.shuffle.partitions} for larger inputs.
 */
public final class SparkDpAggregate {
  /** The bounding counts' key in the reduction (an encoded partition key always starts with a digit or '-'). */
  private static final String STATS_KEY = "_veil_dp_stats";
  private static final String HASH = "_veil_dp_unit_hash";
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
    if (!q.groupBy().isEmpty()) cols.add(struct(q.groupBy().stream().map(SparkDpAggregate::c).toArray(Column[]::new)).as(KEY));
    for (String v : q.valueColumns()) cols.add(c(v));
    cols.add(xxhash64(c(q.privacyUnit())).as(HASH));
    Dataset<Row> byUnit = rows.select(cols.toArray(new Column[0])).repartition(col(HASH));
    // the aggregator (with every public partition key) is deserialized once per executor, not once per task
    Broadcast<DpAggregator> shared = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext()).broadcast(aggregator);
    try {
      return run(byUnit, new TaskPlan(shared, byUnit.schema(), q.groupBy().size(), q.valueColumns().size()), agg, nanos);
    } finally {
      shared.destroy();
    }
  }

  private static DpAggregation.RowsResult run(Dataset<Row> byUnit, TaskPlan plan, DpAggregation agg, LongAccumulator nanos) {
    DpAggregator aggregator = agg.aggregator();
    Broadcast<DpAggregator> shared = plan.aggregator;
    JavaPairRDD<String, Object> states = byUnit.queryExecution().toRdd().toJavaRDD().mapPartitionsToPair(it -> {
      long t = System.nanoTime();
      List<Tuple2<String, Object>> out = plan.boundTask(it);
      if (nanos != null) nanos.add(System.nanoTime() - t);
      return out.iterator();
    });
    // each task sent at most one state per key: merging on the map side would only cost time
    JavaPairRDD<String, Object> reduced = states.combineByKey(v -> v, (a, b) -> mergeAny(shared.value(), a, b),
        (a, b) -> mergeAny(shared.value(), a, b), new HashPartitioner(states.getNumPartitions()), false,
        new JavaSerializer(byUnit.sparkSession().sparkContext().getConf()));
    List<Tuple2<String, Object>> collected = reduced.collect();
    DpRunStats stats = new DpRunStats();
    TreeMap<PartitionKey, PartitionAccumulator> partitions = new TreeMap<>();
    for (Tuple2<String, Object> kv : collected) {
      Object v = kv._2();
      if (v instanceof DpRunStats s) {
        stats.merge(s);
      } else {
        PartitionKey key = decode(kv._1());
        partitions.put(key, v instanceof long[] f ? aggregator.fromFlat(f) : (PartitionAccumulator) v);
      }
    }
    for (PartitionKey k : aggregator.publicPartitions()) partitions.computeIfAbsent(k, kk -> aggregator.emptyAccumulator());
    List<Object[]> out = new ArrayList<>();
    for (Map.Entry<PartitionKey, PartitionAccumulator> e : partitions.entrySet()) {
      aggregator.release(e.getKey(), e.getValue(), stats).ifPresent(p -> out.add(agg.row(p)));
    }
    return new DpAggregation.RowsResult(out, stats, List.of());
  }

  /**
   * Step 2 for the tasks: the column layout of the shuffled rows (unit, group-by struct unless there is no
   * group-by column, values, unit hash) and the aggregator. Immutable, serializable.
   */
  private static final class TaskPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Broadcast<DpAggregator> aggregator;
    private final DataType unitType;
    private final boolean stringUnit;
    private final DataType[] keyTypes; // empty: no group-by column, every record in the one partition
    private final DataType[] valueTypes;
    private final int firstValue;
    private final int hash;

    TaskPlan(Broadcast<DpAggregator> aggregator, StructType shuffled, int keys, int values) {
      this.aggregator = aggregator;
      StructField[] f = shuffled.fields();
      this.unitType = f[0].dataType();
      this.stringUnit = unitType instanceof StringType;
      this.keyTypes = new DataType[keys];
      if (keys > 0) {
        StructField[] k = ((StructType) f[1].dataType()).fields();
        for (int i = 0; i < keys; i++) keyTypes[i] = k[i].dataType();
      }
      this.firstValue = keys > 0 ? 2 : 1;
      this.valueTypes = new DataType[values];
      for (int i = 0; i < values; i++) valueTypes[i] = f[firstValue + i].dataType();
      this.hash = firstValue + values;
    }

    /** Reads the task's rows, groups them by unit, bounds every unit and returns the partial states and counts. */
    List<Tuple2<String, Object>> boundTask(Iterator<InternalRow> it) {
      DpAggregator aggregator = this.aggregator.value();
      TaskRows t = new TaskRows(this);
      while (it.hasNext()) t.add(it.next());
      PartitionKey[] keys = t.keys.toArray(new PartitionKey[0]);
      DpAggregator.IndexedUnitBounder bounder = aggregator.newIndexedUnitBounder(keys, t.values);
      List<Tuple2<String, Object>> out = new ArrayList<>();
      if (aggregator.supportsFlat()) {
        long[][] states = new long[keys.length][];
        t.bound(bounder, states, null);
        for (int k = 0; k < keys.length; k++) if (states[k] != null) out.add(new Tuple2<>(encode(keys[k]), states[k]));
      } else {
        PartitionAccumulator[] states = new PartitionAccumulator[keys.length];
        t.bound(bounder, null, states);
        for (int k = 0; k < keys.length; k++) if (states[k] != null) out.add(new Tuple2<>(encode(keys[k]), states[k]));
      }
      out.add(new Tuple2<>(STATS_KEY, bounder.stats()));
      return out;
    }
  }

  /**
   * One task's rows in flat arrays: unit number, key number and values per row. Unit values and group-by
   * structs are copied once per distinct value into a byte arena and looked up by their bytes. Not
   * thread-safe.
   */
  private static final class TaskRows {
    private final TaskPlan plan;
    private final int width;
    // rows
    private int rows;
    private int[] unitOf = new int[1024];
    private int[] keyOf = new int[1024];
    double[] values;
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
    private int[] keySlot = new int[1024]; // entry + 1; 0 = empty slot
    private int[] keySlotHash = new int[1024];
    private int entries;
    private int[] entryOff = new int[256];
    private int[] entryLen = new int[256];
    private int[] entryKey = new int[256];
    private final Map<InternalRow, Integer> keyNumbers = new HashMap<>(); // rows that are not UnsafeRows
    // key number -> PartitionKey
    private final Map<PartitionKey, Integer> keyByValue = new HashMap<>();
    final List<PartitionKey> keys = new ArrayList<>();
    // where the current row's unit or key bytes are
    private Object base;
    private long addr;
    private int len;

    TaskRows(TaskPlan plan) {
      this.plan = plan;
      this.width = plan.valueTypes.length;
      this.values = new double[1024 * Math.max(1, width)];
      if (plan.keyTypes.length == 0) key(PartitionKey.of());
    }

    void add(InternalRow r) {
      if (rows == unitOf.length) {
        unitOf = Arrays.copyOf(unitOf, rows * 2);
        keyOf = Arrays.copyOf(keyOf, rows * 2);
        values = Arrays.copyOf(values, rows * 2 * Math.max(1, width));
      }
      unitOf[rows] = unit(r);
      keyOf[rows] = plan.keyTypes.length == 0 ? 0 : keyNumber(r);
      for (int i = 0; i < width; i++) values[rows * width + i] = number(r, plan.firstValue + i, plan.valueTypes[i]);
      rows++;
    }

    /** Points base/addr/len at the variable-length field {@code i} of an UnsafeRow (a string or a struct). */
    private void locate(UnsafeRow u, int i) {
      long offsetAndSize = u.getLong(i);
      base = u.getBaseObject();
      addr = u.getBaseOffset() + (int) (offsetAndSize >> 32);
      len = (int) offsetAndSize;
    }

    private void locate(byte[] b) {
      base = b;
      addr = Platform.BYTE_ARRAY_OFFSET;
      len = b.length;
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

    /** The unit number of the row's privacy unit (a new one for a unit not seen yet). */
    private int unit(InternalRow r) {
      if (r.isNullAt(0)) throw missingUnit();
      if (plan.stringUnit && r instanceof UnsafeRow u) locate(u, 0);
      else if (plan.stringUnit) locate(r.getUTF8String(0).getBytes());
      else locate(Values.format(external(r, 0, plan.unitType)).getBytes(StandardCharsets.UTF_8));
      long h = r.getLong(plan.hash);
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

    /** The key number of the row's group-by struct (looked up by its bytes; formatted once per distinct struct). */
    private int keyNumber(InternalRow r) {
      int n = plan.keyTypes.length;
      if (!(r instanceof UnsafeRow u)) {
        InternalRow struct = r.getStruct(1, n);
        Integer k = keyNumbers.get(struct);
        if (k == null) {
          k = key(format(struct));
          keyNumbers.put(struct.copy(), k);
        }
        return k;
      }
      locate(u, 1);
      int h = Murmur3_x86_32.hashUnsafeBytes(base, addr, len, 42);
      int mask = keySlot.length - 1;
      int s = (int) mix(h) & mask;
      while (keySlot[s] != 0) {
        int e = keySlot[s] - 1;
        if (keySlotHash[s] == h && stored(entryOff[e], entryLen[e])) return entryKey[e];
        s = (s + 1) & mask;
      }
      if (entries == entryOff.length) {
        entryOff = Arrays.copyOf(entryOff, entries * 2);
        entryLen = Arrays.copyOf(entryLen, entries * 2);
        entryKey = Arrays.copyOf(entryKey, entries * 2);
      }
      int e = entries++;
      entryOff[e] = store();
      entryLen[e] = len;
      UnsafeRow struct = new UnsafeRow(n);
      struct.pointTo(arena, Platform.BYTE_ARRAY_OFFSET + entryOff[e], len);
      entryKey[e] = key(format(struct));
      keySlot[s] = e + 1;
      keySlotHash[s] = h;
      if (entries * 2 > keySlot.length) rehashKeys();
      return entryKey[e];
    }

    private void rehashKeys() {
      int[] oldSlot = keySlot;
      int[] oldHash = keySlotHash;
      keySlot = new int[oldSlot.length * 2];
      keySlotHash = new int[oldSlot.length * 2];
      int mask = keySlot.length - 1;
      for (int i = 0; i < oldSlot.length; i++) {
        if (oldSlot[i] == 0) continue;
        int s = (int) mix(oldHash[i]) & mask;
        while (keySlot[s] != 0) s = (s + 1) & mask;
        keySlot[s] = oldSlot[i];
        keySlotHash[s] = oldHash[i];
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

    /** Counting sort on the unit number, then each unit's records through the bounder into the states. */
    void bound(DpAggregator.IndexedUnitBounder bounder, long[][] flat, PartitionAccumulator[] acc) {
      int[] start = new int[units + 1];
      for (int r = 0; r < rows; r++) start[unitOf[r] + 1]++;
      for (int u = 0; u < units; u++) start[u + 1] += start[u];
      int[] order = new int[rows];
      int[] next = Arrays.copyOf(start, units);
      for (int r = 0; r < rows; r++) order[next[unitOf[r]]++] = r;
      next = null;
      for (int u = 0; u < units; u++) {
        for (int i = start[u]; i < start[u + 1]; i++) bounder.add(keyOf[order[i]], order[i]);
        if (flat != null) bounder.finishUnitFlat(flat);
        else bounder.finishUnit(acc);
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
