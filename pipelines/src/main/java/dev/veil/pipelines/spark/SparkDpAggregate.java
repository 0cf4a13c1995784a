package dev.veil.pipelines.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.Schema;
import dev.veil.privacy.dp.aggregate.DpAggregation;
import dev.veil.privacy.dp.aggregate.DpAggregator;
import dev.veil.privacy.dp.aggregate.DpQuery;
import dev.veil.privacy.dp.aggregate.DpRecord;
import dev.veil.privacy.dp.aggregate.DpRecordMapper;
import dev.veil.privacy.dp.aggregate.DpRunStats;
import dev.veil.privacy.dp.aggregate.PartitionAccumulator;
import dev.veil.privacy.dp.aggregate.PartitionKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * The {@code dp-aggregate} stage on Spark: the steps of {@link DpAggregator} over a {@code Dataset<Row>}
 * whose rows carry (at least) the columns of the stage's input schema, none of them without a privacy unit
 * (the caller dead-letters those first).
 *
 * <ol>
 *   <li>Only the query's columns (privacy unit, group-by, value columns) are kept, plus the 64-bit
 *       {@code xxhash64} of the privacy unit; a Catalyst shuffle hash-partitions the rows on that hash and
 *       sorts each partition by it (a radix sort on a long, not a comparison sort on strings), so every
 *       unit's records arrive together: rows stay Tungsten rows until then.
 *   <li>Each task streams its rows once: a run of equal hashes is split by the unit value itself (so a hash
 *       collision never merges two units), each unit is bounded by a {@link DpAggregator.UnitBounder}
 *       (the same code and randomness as {@link DpAggregator#boundUnit}), and its contributions are merged
 *       into one partial state per partition key held by the task: a flat {@code long[]} with exact 128-bit
 *       sums ({@link DpAggregator#supportsFlat()}, i.e. no quantiles), otherwise a
 *       {@link PartitionAccumulator}. No per-unit object leaves the task.
 *   <li>The task's partial states (at most one per partition key) and its bounding counts are merged with
 *       {@code reduceByKey} (exact merges, so the order does not matter) and collected on the driver.
 *   <li>The driver adds an empty state for every public partition without data and calls
 *       {@link DpAggregator#release} once per partition in key order.
 * </ol>
 *
 * <p><b>Privacy:</b> as {@link DpAggregation} states; correctness relies on step 1 putting all records of a
 * unit into one task (hash partitioning on a function of the unit value) and step 2 bounding every unit
 * exactly once. The partial states are exact and not private: they stay inside Spark's shuffle and the
 * driver's memory, only released rows leave. Stateless: thread-safe.
 */
public final class SparkDpAggregate {
  /** The bounding counts' key in the reduction (an encoded partition key always starts with a digit or '-'). */
  private static final String STATS_KEY = "_veil_dp_stats";
  private static final String HASH = "_veil_dp_unit_hash";

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
    LinkedHashSet<String> names = new LinkedHashSet<>();
    names.add(q.privacyUnit());
    names.addAll(q.groupBy());
    names.addAll(q.valueColumns());
    List<Field> fields = new ArrayList<>();
    List<Column> cols = new ArrayList<>();
    for (String n : names) {
      fields.add(input.require(n, "dp-aggregate"));
      cols.add(c(n));
    }
    DpRecordMapper mapper = DpRecordMapper.of(q, Schema.of(fields));
    int width = fields.size();
    cols.add(xxhash64(c(q.privacyUnit())).as(HASH));
    Dataset<Row> byUnit = rows.select(cols.toArray(new Column[0])).repartition(col(HASH)).sortWithinPartitions(col(HASH));
    boolean flat = aggregator.supportsFlat();
    JavaPairRDD<Object, Object> reduced = byUnit.javaRDD().mapPartitionsToPair(it -> {
      long t = System.nanoTime();
      List<Tuple2<Object, Object>> out = boundTask(it, agg.aggregator(), mapper, width, flat);
      if (nanos != null) nanos.add(System.nanoTime() - t);
      return out.iterator();
    }).reduceByKey((a, b) -> mergeAny(agg.aggregator(), a, b));
    List<Tuple2<Object, Object>> collected = reduced.collect();
    DpRunStats stats = new DpRunStats();
    TreeMap<PartitionKey, PartitionAccumulator> partitions = new TreeMap<>();
    for (Tuple2<Object, Object> kv : collected) {
      Object v = kv._2();
      if (v instanceof DpRunStats s) {
        stats.merge(s);
      } else {
        PartitionKey key = decode((String) kv._1());
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

  /** Step 2 for one task: bounds every unit of the rows (grouped by unit hash) into per-partition partial states. */
  private static List<Tuple2<Object, Object>> boundTask(Iterator<Row> it, DpAggregator aggregator, DpRecordMapper mapper,
      int width, boolean flat) {
    DpAggregator.UnitBounder bounder = aggregator.newUnitBounder();
    Map<PartitionKey, long[]> flatStates = new HashMap<>();
    Map<PartitionKey, PartitionAccumulator> accStates = new HashMap<>();
    Object[] buf = new Object[width];
    List<DpRecord> run = new ArrayList<>();
    long runHash = 0;
    while (it.hasNext()) {
      Row r = it.next();
      long h = r.getLong(width);
      if (h != runHash && !run.isEmpty()) {
        boundRun(run, bounder, flat, flatStates, accStates);
        run.clear();
      }
      runHash = h;
      for (int i = 0; i < width; i++) buf[i] = r.get(i);
      DpRecord d = mapper.map(buf);
      if (!d.hasPrivacyUnit()) {
        throw new IllegalStateException("dp-aggregate received a record without a privacy unit; such records must be "
            + "dead-lettered before the aggregation");
      }
      run.add(d);
    }
    if (!run.isEmpty()) boundRun(run, bounder, flat, flatStates, accStates);
    List<Tuple2<Object, Object>> out = new ArrayList<>(flatStates.size() + accStates.size() + 1);
    flatStates.forEach((k, v) -> out.add(new Tuple2<>(encode(k), v)));
    accStates.forEach((k, v) -> out.add(new Tuple2<>(encode(k), v)));
    out.add(new Tuple2<>(STATS_KEY, bounder.stats()));
    return out;
  }

  /** Bounds the units of one run of equal unit hashes: nearly always one unit; on a collision, each unit apart. */
  private static void boundRun(List<DpRecord> run, DpAggregator.UnitBounder bounder, boolean flat,
      Map<PartitionKey, long[]> flatStates, Map<PartitionKey, PartitionAccumulator> accStates) {
    String first = run.get(0).privacyUnit();
    boolean oneUnit = true;
    for (DpRecord d : run) {
      if (!d.privacyUnit().equals(first)) {
        oneUnit = false;
        break;
      }
    }
    if (oneUnit) {
      boundUnit(run, bounder, flat, flatStates, accStates);
      return;
    }
    Map<String, List<DpRecord>> byUnit = new LinkedHashMap<>();
    for (DpRecord d : run) byUnit.computeIfAbsent(d.privacyUnit(), u -> new ArrayList<>()).add(d);
    for (List<DpRecord> unit : byUnit.values()) boundUnit(unit, bounder, flat, flatStates, accStates);
  }

  private static void boundUnit(List<DpRecord> unit, DpAggregator.UnitBounder bounder, boolean flat,
      Map<PartitionKey, long[]> flatStates, Map<PartitionKey, PartitionAccumulator> accStates) {
    for (DpRecord d : unit) bounder.add(d.key(), d.values());
    if (flat) bounder.finishUnitFlat(flatStates);
    else bounder.finishUnit(accStates);
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
