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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
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
import org.apache.spark.unsafe.Platform;
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
    TaskPlan plan = new TaskPlan(aggregator, byUnit.schema(), q.groupBy().size(), q.valueColumns().size());
    JavaPairRDD<String, Object> states = byUnit.queryExecution().toRdd().toJavaRDD().mapPartitionsToPair(it -> {
      long t = System.nanoTime();
      List<Tuple2<String, Object>> out = plan.boundTask(it);
      if (nanos != null) nanos.add(System.nanoTime() - t);
      return out.iterator();
    });
    // each task sent at most one state per key: merging on the map side would only cost time
    JavaPairRDD<String, Object> reduced = states.combineByKey(v -> v, (a, b) -> mergeAny(aggregator, a, b),
        (a, b) -> mergeAny(aggregator, a, b), new HashPartitioner(states.getNumPartitions()), false,
        new JavaSerializer(rows.sparkSession().sparkContext().getConf()));
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

    private final DpAggregator aggregator;
    private final DataType unitType;
    private final boolean stringUnit;
    private final DataType[] keyTypes; // empty: no group-by column, every record in the one partition
    private final DataType[] valueTypes;
    private final int firstValue;
    private final int hash;

    TaskPlan(DpAggregator aggregator, StructType shuffled, int keys, int values) {
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
      TaskRows t = new TaskRows(this);
      while (it.hasNext()) t.add(it.next());
      DpAggregator.UnitBounder bounder = aggregator.newUnitBounder();
      boolean flat = aggregator.supportsFlat();
      Map<PartitionKey, long[]> flatStates = new HashMap<>();
      Map<PartitionKey, PartitionAccumulator> accStates = new HashMap<>();
      t.bound(bounder, flat, flatStates, accStates);
      List<Tuple2<String, Object>> out = new ArrayList<>(flatStates.size() + accStates.size() + 1);
      flatStates.forEach((k, v) -> out.add(new Tuple2<>(encode(k), v)));
      accStates.forEach((k, v) -> out.add(new Tuple2<>(encode(k), v)));
      out.add(new Tuple2<>(STATS_KEY, bounder.stats()));
      return out;
    }
  }

  /** One task's rows in flat arrays: unit number, key number and values per row. Not thread-safe. */
  private static final class TaskRows {
    private final TaskPlan plan;
    private final int width;
    // rows
    private int rows;
    private int[] unitOf = new int[1024];
    private int[] keyOf = new int[1024];
    private double[] values;
    // units: an open-addressing table from the unit hash to the first unit with that hash; units sharing a hash
    // (a collision) are chained through nextSameHash
    private long[] slotHash = new long[1024];
    private int[] slotUnit = new int[1024]; // unit number + 1; 0 = empty slot
    private int units;
    private Object[] unitValue = new Object[256]; // UTF8String (copied) or the formatted String
    private int[] nextSameHash = new int[256];
    // partition keys: the group-by struct's bytes (copied) -> key number, and key number -> PartitionKey
    private final Map<InternalRow, Integer> keyNumbers = new HashMap<>();
    private final Map<PartitionKey, Integer> keyByValue = new HashMap<>();
    private final List<PartitionKey> keys = new ArrayList<>();
    private final List<PartitionKey> publicKeys;

    TaskRows(TaskPlan plan) {
      this.plan = plan;
      this.width = plan.valueTypes.length;
      this.values = new double[1024 * Math.max(1, width)];
      this.publicKeys = plan.aggregator.publicPartitions();
      if (plan.keyTypes.length == 0) key(PartitionKey.of());
    }

    void add(InternalRow r) {
      if (rows == unitOf.length) {
        unitOf = Arrays.copyOf(unitOf, rows * 2);
        keyOf = Arrays.copyOf(keyOf, rows * 2);
        values = Arrays.copyOf(values, rows * 2 * Math.max(1, width));
      }
      unitOf[rows] = unit(r);
      keyOf[rows] = plan.keyTypes.length == 0 ? 0 : keyNumber(r.getStruct(1, plan.keyTypes.length));
      for (int i = 0; i < width; i++) values[rows * width + i] = number(r, plan.firstValue + i, plan.valueTypes[i]);
      rows++;
    }

    /** The unit number of the row's privacy unit (a new one for a unit not seen yet). */
    private int unit(InternalRow r) {
      if (r.isNullAt(0)) throw missingUnit();
      Object value = plan.stringUnit ? r.getUTF8String(0) : Values.format(external(r, 0, plan.unitType));
      long h = r.getLong(plan.hash);
      int mask = slotUnit.length - 1;
      int s = (int) mix(h) & mask;
      while (slotUnit[s] != 0) {
        if (slotHash[s] == h) {
          int u = slotUnit[s] - 1;
          while (true) {
            if (sameUnit(unitValue[u], value)) return u;
            if (nextSameHash[u] < 0) {
              int n = newUnit(value);
              nextSameHash[u] = n;
              return n;
            }
            u = nextSameHash[u];
          }
        }
        s = (s + 1) & mask;
      }
      int n = newUnit(value);
      slotHash[s] = h;
      slotUnit[s] = n + 1;
      if (units * 2 > slotUnit.length) rehash();
      return n;
    }

    /** Whether two unit values are the same unit: equal text, as the reference groups units. */
    private static boolean sameUnit(Object a, Object b) {
      if (a.equals(b)) return true;
      // different UTF-8 bytes can decode to the same text (malformed input); the text decides
      return a instanceof UTF8String && a.toString().equals(b.toString());
    }

    private int newUnit(Object value) {
      if (value instanceof UTF8String u) {
        value = u.clone(); // the row's memory is reused for the next row
        if (!nonBlank(u) && u.toString().isBlank()) throw missingUnit();
      } else if (((String) value).isBlank()) {
        throw missingUnit();
      }
      if (units == unitValue.length) {
        unitValue = Arrays.copyOf(unitValue, units * 2);
        nextSameHash = Arrays.copyOf(nextSameHash, units * 2);
      }
      unitValue[units] = value;
      nextSameHash[units] = -1;
      return units++;
    }

    /** A cheap sufficient test: the first byte is a visible ASCII character (so the text is not blank). */
    private static boolean nonBlank(UTF8String u) {
      if (u.numBytes() == 0) return false;
      byte b = Platform.getByte(u.getBaseObject(), u.getBaseOffset());
      return b > ' ' && b < 127;
    }

    private void rehash() {
      long[] oldHash = slotHash;
      int[] oldUnit = slotUnit;
      slotHash = new long[oldHash.length * 2];
      slotUnit = new int[oldUnit.length * 2];
      int mask = slotUnit.length - 1;
      for (int i = 0; i < oldUnit.length; i++) {
        if (oldUnit[i] == 0) continue;
        int s = (int) mix(oldHash[i]) & mask;
        while (slotUnit[s] != 0) s = (s + 1) & mask;
        slotHash[s] = oldHash[i];
        slotUnit[s] = oldUnit[i];
      }
    }

    private static long mix(long h) {
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      return h;
    }

    /** The key number of a group-by struct (its bytes are only read; copied when the key is new). */
    private int keyNumber(InternalRow struct) {
      Integer n = keyNumbers.get(struct);
      if (n != null) return n;
      String[] text = new String[plan.keyTypes.length];
      for (int i = 0; i < text.length; i++) {
        text[i] = struct.isNullAt(i) ? null : Values.format(external(struct, i, plan.keyTypes[i]));
      }
      int k = key(PartitionKey.of(text));
      keyNumbers.put(struct.copy(), k);
      return k;
    }

    /**
     * The number of a partition key; one {@link PartitionKey} object per distinct key in the task, the
     * aggregator's own object for a public partition (so lookups compare references).
     */
    private int key(PartitionKey key) {
      Integer n = keyByValue.get(key);
      if (n != null) return n;
      int i = Collections.binarySearch(publicKeys, key);
      PartitionKey canonical = i >= 0 ? publicKeys.get(i) : key;
      keys.add(canonical);
      keyByValue.put(canonical, keys.size() - 1);
      return keys.size() - 1;
    }

    /** Counting sort on the unit number, then each unit's records through the bounder. */
    void bound(DpAggregator.UnitBounder bounder, boolean flat, Map<PartitionKey, long[]> flatStates,
        Map<PartitionKey, PartitionAccumulator> accStates) {
      int[] start = new int[units + 1];
      for (int r = 0; r < rows; r++) start[unitOf[r] + 1]++;
      for (int u = 0; u < units; u++) start[u + 1] += start[u];
      int[] order = new int[rows];
      int[] next = Arrays.copyOf(start, units);
      for (int r = 0; r < rows; r++) order[next[unitOf[r]]++] = r;
      next = null;
      PartitionKey[] keyArray = keys.toArray(new PartitionKey[0]);
      for (int u = 0; u < units; u++) {
        for (int i = start[u]; i < start[u + 1]; i++) {
          int r = order[i];
          bounder.add(keyArray[keyOf[r]], Arrays.copyOfRange(values, r * width, r * width + width));
        }
        if (flat) bounder.finishUnitFlat(flatStates);
        else bounder.finishUnit(accStates);
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
