package dev.veil.privacy.dp.aggregate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reference executor of a {@link DpQuery} and the single source of its semantics: engine adapters
 * (Beam, Spark) call the same four steps, so in test mode they give exactly the outputs of
 * {@link #aggregate}.
 *
 * <ol>
 *   <li>{@link #deadLetterReason(DpRecord)}: a record without a privacy-unit id is dead-lettered with
 *       {@link #MISSING_PRIVACY_UNIT} (engines route it to their dead-letter output and call
 *       {@link DpRunStats#countMissingPrivacyUnit()}).
 *   <li>Group the remaining records by privacy unit, then {@link #boundUnit(Iterable)} once per unit: drops
 *       records of non-public partitions, keeps at most {@code L0} of the unit's partitions (chosen
 *       uniformly at random) and at most {@code Linf} records in each (uniform reservoir sample), clamps
 *       values and drops non-finite ones, and emits one {@link PartitionAccumulator} per kept partition.
 *   <li>Combine per partition key with {@link #merge} (starting from {@link #emptyAccumulator()}):
 *       associative and commutative.
 *   <li>{@link #release}: private partition selection (or, for public partitions, every listed key: add
 *       {@link #emptyAccumulator()} for keys without data, see {@link #publicPartitions()}), then noise.
 * </ol>
 *
 * <h2>Privacy guarantee</h2>
 * The released {@link PartitionResult}s are {@code (epsilon, delta)}-DP for the query's budget with respect
 * to adding or removing one privacy unit, provided the caller releases nothing else (accumulators and
 * {@link DpRunStats} are not private) and each query's budget is accounted for. Bounding and selection
 * randomness comes from {@code SecureRandom} through {@link Mechanisms}.
 *
 * <p>Thread-safe: holds only immutable plans and the thread-safe {@link Mechanisms}. Serializable, so
 * engine adapters can ship it to workers.
 */
public final class DpAggregator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Dead-letter reason code of a record whose privacy-unit id is null or blank. */
  public static final String MISSING_PRIVACY_UNIT = "DP_MISSING_PRIVACY_UNIT";

  private final DpQuery query;
  private final Mechanisms mechanisms;
  private final int fingerprint;
  private final ColumnPlan[] columns;
  private final List<MetricPlan> plans;
  private final PartitionSelector selector; // null for public partitions
  private final Map<PartitionKey, Integer> publicKeys; // public key -> its index in publicPartitions()
  private final StateMerger merger;

  private DpAggregator(DpQuery query, Mechanisms mechanisms) {
    this.query = query;
    this.mechanisms = mechanisms;
    this.fingerprint = query.toString().hashCode();
    this.columns = columnPlans(query);
    this.plans = plans(query, columns);
    this.selector = query.selectionBudget().map(b -> new PartitionSelector(b, query.maxPartitionsContributed(),
        query.selection().method())).orElse(null);
    List<PartitionKey> listed = query.selection().publicKeys();
    Map<PartitionKey, Integer> index = new HashMap<>(2 * listed.size());
    for (int i = 0; i < listed.size(); i++) {
      index.put(listed.get(i), i);
    }
    this.publicKeys = Collections.unmodifiableMap(index);
    this.merger = new StateMerger(fingerprint, columns.length);
  }

  /** An aggregator for {@code query} drawing randomness from {@code mechanisms}. */
  public static DpAggregator of(DpQuery query, Mechanisms mechanisms) {
    return new DpAggregator(Objects.requireNonNull(query, "query"), Objects.requireNonNull(mechanisms, "mechanisms"));
  }

  static ColumnPlan[] columnPlans(DpQuery q) {
    List<String> cols = q.valueColumns();
    ColumnPlan[] out = new ColumnPlan[cols.size()];
    int leaves = (int) Math.round(Math.pow(q.branchingFactor(), q.treeHeight()));
    for (int i = 0; i < out.length; i++) {
      String c = cols.get(i);
      boolean raw = false;
      boolean norm = false;
      boolean sq = false;
      boolean tree = false;
      for (Metric m : q.metrics()) {
        if (!m.column().equals(c)) {
          continue;
        }
        switch (m.kind()) {
          case SUM -> raw = true;
          case MEAN -> norm = true;
          case VARIANCE, STDDEV -> sq = true;
          case QUANTILES -> tree = true;
          default -> { }
        }
      }
      out[i] = new ColumnPlan(c, q.bounds().get(c), raw, norm, sq, tree, leaves);
    }
    return out;
  }

  static List<MetricPlan> plans(DpQuery q, ColumnPlan[] columns) {
    List<MetricPlan> out = new ArrayList<>();
    for (Metric m : q.metrics()) {
      int idx = m.kind().needsColumn() ? q.valueColumns().indexOf(m.column()) : -1;
      out.add(new MetricPlan(q, m, idx, idx < 0 ? null : columns[idx]));
    }
    return out;
  }

  public DpQuery query() {
    return query;
  }

  public Mechanisms mechanisms() {
    return mechanisms;
  }

  /** The partition selector; empty for public partitions. */
  public Optional<PartitionSelector> selector() {
    return Optional.ofNullable(selector);
  }

  /** The public partition keys in key order (empty for private selection). */
  public List<PartitionKey> publicPartitions() {
    return query.selection().publicKeys();
  }

  /** The index of {@code key} in {@link #publicPartitions()}, or -1 if it is not listed (or selection is private). */
  public int publicIndex(PartitionKey key) {
    Integer i = publicKeys.get(key);
    return i == null ? -1 : i;
  }

  /** Step 1: the dead-letter reason of {@code record}, or empty if it can be aggregated. */
  public Optional<String> deadLetterReason(DpRecord record) {
    return reasonOf(record);
  }

  /** {@link #deadLetterReason}, which depends on the record alone. */
  static Optional<String> reasonOf(DpRecord record) {
    return record.hasPrivacyUnit() ? Optional.empty() : Optional.of(MISSING_PRIVACY_UNIT);
  }

  /** A new, empty accumulator of this query. */
  public PartitionAccumulator emptyAccumulator() {
    return merger.emptyAccumulator();
  }

  /**
   * Step 3: merges {@code b} into {@code a} and returns {@code a} ({@code b} is unchanged). Exact, associative
   * and commutative. Fails if the accumulators belong to different queries.
   */
  public PartitionAccumulator merge(PartitionAccumulator a, PartitionAccumulator b) {
    return merger.merge(a, b);
  }

  /**
   * The part of this aggregator that step 3 needs ({@link #emptyAccumulator}, {@link #merge},
   * {@link #mergeFlat}), as a small object: engines that ship a combine function to every bundle or task (Beam
   * serializes a {@code CombineFn} for each bundle on the DirectRunner) send this instead of the whole
   * aggregator with its public partition list. Same results as the aggregator's methods.
   */
  public StateMerger stateMerger() {
    return merger;
  }

  /**
   * See {@link #stateMerger()}: exact merges of partition states of one query, both as accumulators and as
   * flat states. Immutable and thread-safe; serializable (two ints).
   */
  public static final class StateMerger implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int fingerprint;
    private final int columns;

    private StateMerger(int fingerprint, int columns) {
      this.fingerprint = fingerprint;
      this.columns = columns;
    }

    /** {@link DpAggregator#emptyAccumulator()}. */
    public PartitionAccumulator emptyAccumulator() {
      return new PartitionAccumulator(fingerprint, columns);
    }

    /** {@link DpAggregator#merge}: merges {@code b} into {@code a} and returns {@code a}. */
    public PartitionAccumulator merge(PartitionAccumulator a, PartitionAccumulator b) {
      if (a.fingerprint != fingerprint || b.fingerprint != fingerprint) {
        throw new IllegalArgumentException("accumulators must come from the same DpQuery to be merged. Provided value: "
            + "fingerprints " + a.fingerprint + " and " + b.fingerprint + ", expected " + fingerprint);
      }
      a.units += b.units;
      a.records += b.records;
      for (int i = 0; i < a.columns.length; i++) {
        a.columns[i].mergeFrom(b.columns[i]);
      }
      return a;
    }

    /** {@link DpAggregator#flatWidth()}. */
    public int flatWidth() {
      return FLAT_HEAD + FLAT_COLUMN * columns;
    }

    /** {@link DpAggregator#mergeFlat(long[], int, long[], int)}. */
    public void mergeFlat(long[] a, int aAt, long[] b, int bAt) {
      int width = flatWidth();
      if (aAt < 0 || bAt < 0 || aAt + width > a.length || bAt + width > b.length) {
        throw new IllegalArgumentException("flat states must lie within their arrays. Provided value: offsets " + aAt
            + " and " + bAt);
      }
      a[aAt] += b[bAt];
      a[aAt + 1] += b[bAt + 1];
      for (int i = 0; i < columns; i++) {
        int o = FLAT_HEAD + FLAT_COLUMN * i;
        a[aAt + o] += b[bAt + o];
        for (int s = o + 1; s < o + FLAT_COLUMN; s += 2) {
          add128(a, aAt + s, b[bAt + s], b[bAt + s + 1]);
        }
      }
    }
  }

  /** The output of {@link #boundUnit}: the unit's bounded contributions and what bounding counted. */
  public record UnitContributions(Map<PartitionKey, PartitionAccumulator> contributions, DpRunStats stats)
      implements Serializable {}

  /**
   * Step 2: contribution bounding of all records of ONE privacy unit (every record must carry the same,
   * present id; the engine groups by it first). See the class comment.
   *
   * @throws IllegalArgumentException if a record has no privacy-unit id or records of several units are mixed
   */
  public UnitContributions boundUnit(Iterable<DpRecord> recordsOfOneUnit) {
    DpRunStats stats = new DpRunStats();
    Map<PartitionKey, Reservoir> byPartition = new HashMap<>();
    String unit = null;
    for (DpRecord r : recordsOfOneUnit) {
      if (!r.hasPrivacyUnit()) {
        throw new IllegalArgumentException("records passed to boundUnit must have a privacy-unit id (route them to "
            + "the dead-letter output with deadLetterReason first). Provided value: a record without one");
      }
      if (unit == null) {
        unit = r.privacyUnit();
      } else if (!unit.equals(r.privacyUnit())) {
        throw new IllegalArgumentException("records passed to boundUnit must belong to one privacy unit (group by "
            + query.privacyUnit() + " first). Provided value: records of several units");
      }
      checkShape(r);
      offer(byPartition, r.key(), r.values(), stats);
    }
    Map<PartitionKey, PartitionAccumulator> out = new LinkedHashMap<>();
    select(byPartition, stats, (key, sample) -> {
      PartitionAccumulator acc = emptyAccumulator();
      acc.units = 1;
      for (double[] values : sample) {
        accumulate(acc, values, 0, stats);
      }
      out.put(key, acc);
    });
    return new UnitContributions(out, stats);
  }

  /** Step 2, record by record: counts the record and adds it to its partition's reservoir (unless not public). */
  private void offer(Map<PartitionKey, Reservoir> byPartition, PartitionKey key, double[] values, DpRunStats stats) {
    stats.recordsIn++;
    if (!publicKeys.isEmpty() && !publicKeys.containsKey(key)) {
      stats.recordsNotInPublicPartitions++;
      return;
    }
    Reservoir res = byPartition.get(key);
    if (res == null) {
      res = new Reservoir(query.maxContributionsPerPartition(), mechanisms.isZeroNoiseForTests());
      byPartition.put(key, res);
    }
    res.offer(values, mechanisms);
  }

  /** The kept sample of one (unit, partition). */
  private interface SampleSink {
    void accept(PartitionKey key, List<double[]> sample);
  }

  /**
   * Step 2, per unit: keeps at most L0 of the unit's partitions (uniformly, or in test mode the smallest
   * keys) and hands each kept partition's Linf-sample to {@code sink}; counts what is dropped.
   */
  private void select(Map<PartitionKey, Reservoir> byPartition, DpRunStats stats, SampleSink sink) {
    int l0 = query.maxPartitionsContributed();
    Set<PartitionKey> keptSet = null; // null: all kept
    if (byPartition.size() > l0) {
      List<PartitionKey> keys = new ArrayList<>(byPartition.keySet());
      if (mechanisms.isZeroNoiseForTests()) {
        Collections.sort(keys);
      } else {
        // partial Fisher-Yates: a uniform random subset of size l0
        for (int i = 0; i < l0; i++) {
          int j = i + (int) mechanisms.uniform(keys.size() - i);
          Collections.swap(keys, i, j);
        }
      }
      keptSet = new HashSet<>(keys.subList(0, l0));
    }
    for (Map.Entry<PartitionKey, Reservoir> e : byPartition.entrySet()) {
      Reservoir res = e.getValue();
      if (keptSet != null && !keptSet.contains(e.getKey())) {
        stats.unitPartitionsDroppedByL0++;
        stats.recordsDroppedByL0 += res.seen;
        continue;
      }
      List<double[]> sample = res.sample();
      stats.recordsDroppedByLinf += res.seen - sample.size();
      sink.accept(e.getKey(), sample);
    }
  }

  /**
   * Step 2 for engines that stream records already grouped by privacy unit: a reusable bounder with exactly
   * the semantics and randomness of {@link #boundUnit}, without per-unit result objects. Call
   * {@link UnitBounder#add} for every record of one unit, then {@link UnitBounder#finishUnit} (or
   * {@link UnitBounder#finishUnitFlat}), then go on with the next unit. The caller is responsible for
   * passing all records of a unit, and only them, between two {@code finishUnit} calls (otherwise the
   * bound per unit, and so the guarantee, does not hold). Counts go to {@link UnitBounder#stats()}.
   * Not thread-safe: one per task.
   */
  public UnitBounder newUnitBounder() {
    return new UnitBounder();
  }

  /** See {@link #newUnitBounder()}. */
  public final class UnitBounder {
    private final Map<PartitionKey, Reservoir> byPartition = new HashMap<>();
    private final DpRunStats stats = new DpRunStats();

    private UnitBounder() {}

    /** Adds one record of the current unit: its partition key and its values (not copied; keep them unchanged). */
    public void add(PartitionKey key, double[] values) {
      if (values.length != columns.length || key.size() != query.groupBy().size()) {
        checkShape(new DpRecord(null, key, values));
      }
      offer(byPartition, key, values, stats);
    }

    /** Bounds the current unit and merges its contributions into {@code partials} (accumulators per partition). */
    public void finishUnit(Map<PartitionKey, PartitionAccumulator> partials) {
      select(byPartition, stats, (key, sample) -> {
        PartitionAccumulator acc = partials.get(key);
        if (acc == null) {
          acc = emptyAccumulator();
          partials.put(key, acc);
        }
        acc.units++;
        for (double[] values : sample) {
          accumulate(acc, values, 0, stats);
        }
      });
      byPartition.clear();
    }

    /**
     * Bounds the current unit and adds its contributions into {@code partials} in the flat form
     * ({@link #flatWidth()}); only for queries with {@link #supportsFlat()}.
     */
    public void finishUnitFlat(Map<PartitionKey, long[]> partials) {
      select(byPartition, stats, (key, sample) -> {
        long[] f = partials.get(key);
        if (f == null) {
          f = new long[flatWidth()];
          partials.put(key, f);
        }
        f[0]++;
        for (double[] values : sample) {
          accumulateFlat(f, values, 0, stats);
        }
      });
      byPartition.clear();
    }

    /** The counts of everything bounded so far (not private: run report only). */
    public DpRunStats stats() {
      return stats;
    }
  }

  /**
   * Step 2 for engines that number partition keys and hold the values in one array, as
   * {@link #newUnitBounder()} but without hash lookups or per-record objects: {@code keys[k]} is the key of
   * key number {@code k} (one number per distinct key), {@code values} holds the values of record {@code r}
   * at {@code values[r * w .. r * w + w)} ({@code w} = the number of value columns). Exactly the semantics
   * and randomness of {@link #boundUnit}. The caller passes all records of a unit, and only them, between two
   * {@code finishUnit} calls, and must not change {@code values} while bounding. Not thread-safe: one per
   * task.
   *
   * @throws IllegalArgumentException if a key does not have one value per group-by column
   */
  public IndexedUnitBounder newIndexedUnitBounder(PartitionKey[] keys, double[] values) {
    return new IndexedUnitBounder(keys, values);
  }

  /** See {@link #newIndexedUnitBounder}. */
  public final class IndexedUnitBounder {
    private final PartitionKey[] keys;
    private final double[] values;
    private final boolean[] inPublic;
    private final int[] publicIndex; // per key number: its index in publicPartitions(), -1 if not listed
    private final boolean deterministic = mechanisms.isZeroNoiseForTests();
    private final int capacity = query.maxContributionsPerPartition();
    private final DpRunStats stats = new DpRunStats();
    // per key number: its slot in the current unit, valid if stamp[k] == unit
    private final int[] slotOfKey;
    private final int[] stamp;
    private int unit = 1;
    // per slot (a distinct key of the current unit, in first-seen order): key number, records seen, sample rows
    private int slots;
    private int[] slotKey = new int[8];
    private long[] seen = new long[8];
    private int[] sampled = new int[8];
    private int[][] rows = new int[8][];
    private boolean[] kept = new boolean[8];
    private int[] order = new int[8];

    private IndexedUnitBounder(PartitionKey[] keys, double[] values) {
      this.keys = keys.clone();
      this.values = Objects.requireNonNull(values, "values");
      this.inPublic = new boolean[keys.length];
      this.publicIndex = new int[keys.length];
      for (int k = 0; k < keys.length; k++) {
        if (keys[k].size() != query.groupBy().size()) {
          throw new IllegalArgumentException("record key must have one value per groupBy column " + query.groupBy()
              + ". Provided value: " + keys[k].size() + " values");
        }
        Integer listed = publicKeys.get(keys[k]);
        publicIndex[k] = listed == null ? -1 : listed;
        inPublic[k] = publicKeys.isEmpty() || listed != null;
      }
      this.slotOfKey = new int[keys.length];
      this.stamp = new int[keys.length];
    }

    /** {@link DpAggregator#publicIndex} of key number {@code key} (looked up once, when the bounder was made). */
    public int publicIndex(int key) {
      return publicIndex[key];
    }

    /** Adds record {@code row} of the current unit, of key number {@code key} (the {@link Reservoir} steps). */
    public void add(int key, int row) {
      stats.recordsIn++;
      if (!inPublic[key]) {
        stats.recordsNotInPublicPartitions++;
        return;
      }
      int s;
      if (stamp[key] == unit) {
        s = slotOfKey[key];
      } else {
        s = newSlot(key);
      }
      long n = ++seen[s];
      int size = sampled[s];
      if (deterministic || size < capacity) {
        if (size == rows[s].length) {
          rows[s] = Arrays.copyOf(rows[s], size * 2);
        }
        rows[s][size] = row;
        sampled[s] = size + 1;
        return;
      }
      long j = mechanisms.uniform(n);
      if (j < capacity) {
        rows[s][(int) j] = row;
      }
    }

    private int newSlot(int key) {
      if (slots == slotKey.length) {
        int n = slots * 2;
        slotKey = Arrays.copyOf(slotKey, n);
        seen = Arrays.copyOf(seen, n);
        sampled = Arrays.copyOf(sampled, n);
        rows = Arrays.copyOf(rows, n);
      }
      int s = slots++;
      stamp[key] = unit;
      slotOfKey[key] = s;
      slotKey[s] = key;
      seen[s] = 0;
      sampled[s] = 0;
      if (rows[s] == null) {
        rows[s] = new int[Math.max(2, Math.min(capacity, 64))];
      }
      return s;
    }

    /** Bounds the current unit into {@code partials[key number]} (flat states, created when missing). */
    public void finishUnitFlat(long[][] partials) {
      finishFlat(partials, null);
    }

    /**
     * As {@link #finishUnitFlat(long[][])}, with the flat states of all key numbers in one array: key number
     * {@code k}'s state at {@code states[k * flatWidth() .. (k + 1) * flatWidth())} (all zeros until a unit
     * contributes to it; a state with contributions has a unit count, its first slot, of at least 1).
     */
    public void finishUnitFlat(long[] states) {
      finishFlat(null, states);
    }

    /** The bounding of {@link #finishUnitFlat}: into {@code partials[key number]} or, when it is null, into {@code states}. */
    private void finishFlat(long[][] partials, long[] states) {
      boolean[] kept = keptSlots();
      int w = columns.length;
      int width = flatWidth();
      for (int s = 0; s < slots; s++) {
        if (kept != null && !kept[s]) {
          dropByL0(s);
          continue;
        }
        int n = sample(s, w);
        long[] f = states;
        int o = 0;
        if (partials == null) {
          o = slotKey[s] * width;
        } else {
          f = partials[slotKey[s]];
          if (f == null) {
            f = new long[width];
            partials[slotKey[s]] = f;
          }
        }
        f[o]++;
        for (int i = 0; i < n; i++) {
          accumulateFlat(f, o, values, rows[s][i] * w, stats);
        }
      }
      nextUnit();
    }

    /** Bounds the current unit into {@code partials[key number]} (accumulators, created when missing). */
    public void finishUnit(PartitionAccumulator[] partials) {
      boolean[] kept = keptSlots();
      int w = columns.length;
      for (int s = 0; s < slots; s++) {
        if (kept != null && !kept[s]) {
          dropByL0(s);
          continue;
        }
        int n = sample(s, w);
        PartitionAccumulator acc = partials[slotKey[s]];
        if (acc == null) {
          acc = emptyAccumulator();
          partials[slotKey[s]] = acc;
        }
        acc.units++;
        for (int i = 0; i < n; i++) {
          accumulate(acc, values, rows[s][i] * w, stats);
        }
      }
      nextUnit();
    }

    /** The counts of everything bounded so far (not private: run report only). */
    public DpRunStats stats() {
      return stats;
    }

    /** L0 as in {@link #select}: null if all slots are kept, else the kept ones (valid until the next call). */
    private boolean[] keptSlots() {
      int l0 = query.maxPartitionsContributed();
      if (slots <= l0) {
        return null;
      }
      if (kept.length < slots) {
        kept = new boolean[slots * 2];
        order = new int[slots * 2];
      }
      Arrays.fill(kept, 0, slots, false);
      if (deterministic) {
        Integer[] sorted = new Integer[slots];
        for (int s = 0; s < slots; s++) {
          sorted[s] = s;
        }
        Arrays.sort(sorted, (a, b) -> keys[slotKey[a]].compareTo(keys[slotKey[b]]));
        for (int i = 0; i < l0; i++) {
          kept[sorted[i]] = true;
        }
        return kept;
      }
      for (int s = 0; s < slots; s++) {
        order[s] = s;
      }
      for (int i = 0; i < l0; i++) { // partial Fisher-Yates: a uniform random subset of size l0
        int j = i + (int) mechanisms.uniform(slots - i);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
        kept[order[i]] = true;
      }
      return kept;
    }

    private void dropByL0(int s) {
      stats.unitPartitionsDroppedByL0++;
      stats.recordsDroppedByL0 += seen[s];
    }

    /** The slot's Linf sample as {@link Reservoir#sample}, left in the first places of its rows; returns its size. */
    private int sample(int s, int w) {
      int n = sampled[s];
      if (deterministic && n > capacity) {
        Integer[] r = new Integer[n];
        for (int i = 0; i < n; i++) {
          r[i] = rows[s][i];
        }
        Arrays.sort(r, (a, b) -> Arrays.compare(values, a * w, a * w + w, values, b * w, b * w + w));
        for (int i = 0; i < n; i++) {
          rows[s][i] = r[i];
        }
        n = capacity;
      }
      stats.recordsDroppedByLinf += seen[s] - n;
      return n;
    }

    private void nextUnit() {
      slots = 0;
      unit++;
      if (unit == 0) { // wrapped around: forget the stamps
        Arrays.fill(stamp, 0);
        unit = 1;
      }
    }
  }

  // ---- flat accumulators: the state of a partition without quantiles as a long[] ----

  private static final int FLAT_HEAD = 2; // units, records
  private static final int FLAT_COLUMN = 7; // count, raw (hi, lo), norm (hi, lo), squares (hi, lo)

  /**
   * Whether the query's partition state has a flat form (no quantile tree): then engines may carry it as a
   * {@code long[]} of {@link #flatWidth()} (from {@link UnitBounder#finishUnitFlat}), merge with
   * {@link #mergeFlat} and turn it back with {@link #fromFlat}: the same exact state as the accumulators.
   */
  public boolean supportsFlat() {
    for (ColumnPlan c : columns) {
      if (c.tree) {
        return false;
      }
    }
    return true;
  }

  /** The length of this query's flat state: units, records, then per value column the count and three exact 128-bit sums. */
  public int flatWidth() {
    return merger.flatWidth();
  }

  /** Adds {@code b} into {@code a} exactly (128-bit sums) and returns {@code a}; associative and commutative. */
  public long[] mergeFlat(long[] a, long[] b) {
    if (a.length != flatWidth() || b.length != flatWidth()) {
      throw new IllegalArgumentException("flat states must have " + flatWidth() + " slots. Provided value: "
          + a.length + " and " + b.length);
    }
    mergeFlat(a, 0, b, 0);
    return a;
  }

  /**
   * {@link #mergeFlat(long[], long[])} of the flat states at {@code a[aAt..]} and {@code b[bAt..]} (each
   * {@link #flatWidth()} long): adds the second into the first exactly.
   */
  public void mergeFlat(long[] a, int aAt, long[] b, int bAt) {
    merger.mergeFlat(a, aAt, b, bAt);
  }

  /** The accumulator of a flat state (the same numbers). */
  public PartitionAccumulator fromFlat(long[] f) {
    if (f.length != flatWidth()) {
      throw new IllegalArgumentException("a flat state must have " + flatWidth() + " slots. Provided value: "
          + f.length);
    }
    return fromFlat(f, 0);
  }

  /** The accumulator of the flat state at {@code f[at .. at + flatWidth())}. */
  public PartitionAccumulator fromFlat(long[] f, int at) {
    if (at < 0 || at + flatWidth() > f.length) {
      throw new IllegalArgumentException("a flat state must lie within its array. Provided value: offset " + at);
    }
    PartitionAccumulator acc = emptyAccumulator();
    acc.units = f[at];
    acc.records = f[at + 1];
    for (int i = 0; i < columns.length; i++) {
      int o = at + FLAT_HEAD + FLAT_COLUMN * i;
      PartitionAccumulator.Column c = acc.columns[i];
      c.count = f[o];
      c.rawSum.set(f[o + 1], f[o + 2]);
      c.normSum.set(f[o + 3], f[o + 4]);
      c.squareSum.set(f[o + 5], f[o + 6]);
    }
    return acc;
  }

  /** Adds the signed 128-bit number (hi, lo) to slots {@code i} (high word) and {@code i + 1} (low word). */
  private static void add128(long[] a, int i, long hi, long lo) {
    long old = a[i + 1];
    long sum = old + lo;
    a[i] += hi + (Long.compareUnsigned(sum, old) < 0 ? 1 : 0);
    a[i + 1] = sum;
  }

  /** Adds the sign-extended long {@code v} to the 128-bit number in slots {@code i}, {@code i + 1}. */
  private static void add128(long[] a, int i, long v) {
    add128(a, i, v < 0 ? -1 : 0, v);
  }

  /** {@link #accumulate} into a flat state: the same per-value steps and counts. */
  private void accumulateFlat(long[] f, double[] values, int offset, DpRunStats stats) {
    accumulateFlat(f, 0, values, offset, stats);
  }

  /** {@link #accumulate} into the flat state at {@code f[at..]}: the same per-value steps and counts. */
  private void accumulateFlat(long[] f, int at, double[] values, int offset, DpRunStats stats) {
    f[at + 1]++;
    for (int i = 0; i < columns.length; i++) {
      double v = values[offset + i];
      if (!Double.isFinite(v)) {
        stats.valuesNonFinite++;
        continue;
      }
      ColumnPlan p = columns[i];
      double clamped = p.bounds.clamp(v);
      if (clamped != v) {
        stats.valuesClamped++;
      }
      int o = at + FLAT_HEAD + FLAT_COLUMN * i;
      f[o]++;
      if (p.raw) {
        add128(f, o + 1, p.rawUnits(clamped));
      }
      if (p.norm) {
        long n = p.normUnits(clamped);
        add128(f, o + 3, n);
        if (p.squares) {
          add128(f, o + 5, p.squareUnits(n));
        }
      }
    }
  }

  private void checkShape(DpRecord r) {
    if (r.values().length != columns.length) {
      throw new IllegalArgumentException("record values must align with the query's value columns "
          + query.valueColumns() + ". Provided value: " + r.values().length + " values");
    }
    if (r.key().size() != query.groupBy().size()) {
      throw new IllegalArgumentException("record key must have one value per groupBy column " + query.groupBy()
          + ". Provided value: " + r.key().size() + " values");
    }
  }

  /** Adds one kept record (its values at {@code values[offset..]}) to {@code acc}: count, clamped sums, leaves. */
  private void accumulate(PartitionAccumulator acc, double[] values, int offset, DpRunStats stats) {
    acc.records++;
    for (int i = 0; i < columns.length; i++) {
      double v = values[offset + i];
      if (!Double.isFinite(v)) {
        stats.valuesNonFinite++;
        continue;
      }
      ColumnPlan p = columns[i];
      double clamped = p.bounds.clamp(v);
      if (clamped != v) {
        stats.valuesClamped++;
      }
      PartitionAccumulator.Column c = acc.columns[i];
      c.count++;
      if (p.raw) {
        c.rawSum.add(p.rawUnits(clamped));
      }
      if (p.norm) {
        long n = p.normUnits(clamped);
        c.normSum.add(n);
        if (p.squares) {
          c.squareSum.add(p.squareUnits(n));
        }
      }
      if (p.tree) {
        c.leaves.merge(p.leaf(clamped), 1L, Long::sum);
      }
    }
  }

  /**
   * Step 4: selection and noise for one partition. Returns the released metrics, or empty if private
   * selection drops the partition. For public partitions every key is released (call it with
   * {@link #emptyAccumulator()} for listed keys without data); a key not in the list fails.
   * Updates {@code stats} (kept / dropped partitions). Each call draws fresh noise: call it once per
   * partition.
   */
  public Optional<PartitionResult> release(PartitionKey key, PartitionAccumulator acc, DpRunStats stats) {
    if (acc.fingerprint != fingerprint) {
      throw new IllegalArgumentException("accumulator must come from this DpQuery. Provided value: fingerprint "
          + acc.fingerprint + ", expected " + fingerprint);
    }
    if (selector != null) {
      if (!selector.keep(acc.units, mechanisms)) {
        stats.partitionsDroppedBySelection++;
        return Optional.empty();
      }
    } else {
      if (!publicKeys.containsKey(key)) {
        throw new IllegalArgumentException("key must be one of the public partitions. Provided value: a key not "
            + "in the list");
      }
      if (acc.units == 0) {
        stats.emptyPublicPartitions++;
      }
    }
    stats.partitionsKept++;
    List<MetricValue> values = new ArrayList<>();
    for (MetricPlan p : plans) {
      p.release(acc, mechanisms, values);
    }
    return Optional.of(new PartitionResult(key, values));
  }

  /** A record the reference executor dead-lettered: its 0-based position in the input and the reason code. */
  public record Rejected(long index, String reason, String field) {}

  /** The output of {@link #aggregate}: released partitions in key order, run statistics, dead letters. */
  public record Result(List<PartitionResult> partitions, DpRunStats stats, List<Rejected> deadLetters) {
    /** Copies the lists. */
    public Result {
      partitions = List.copyOf(partitions);
      deadLetters = List.copyOf(deadLetters);
    }

    /** The released partition with this key, if any. */
    public Optional<PartitionResult> partition(PartitionKey key) {
      return partitions.stream().filter(p -> p.key().equals(key)).findFirst();
    }
  }

  /** Runs the four steps in memory over {@code records}. */
  public Result aggregate(Iterable<DpRecord> records) {
    DpRunStats stats = new DpRunStats();
    List<Rejected> dead = new ArrayList<>();
    Map<String, List<DpRecord>> byUnit = new HashMap<>();
    long index = 0;
    for (DpRecord r : records) {
      Optional<String> reason = deadLetterReason(r);
      if (reason.isPresent()) {
        stats.countMissingPrivacyUnit();
        dead.add(new Rejected(index, reason.get(), query.privacyUnit()));
      } else {
        checkShape(r);
        byUnit.computeIfAbsent(r.privacyUnit(), u -> new ArrayList<>()).add(r);
      }
      index++;
    }
    Map<PartitionKey, PartitionAccumulator> partitions = new TreeMap<>();
    for (List<DpRecord> unitRecords : byUnit.values()) {
      UnitContributions uc = boundUnit(unitRecords);
      stats.merge(uc.stats());
      for (Map.Entry<PartitionKey, PartitionAccumulator> e : uc.contributions().entrySet()) {
        partitions.merge(e.getKey(), e.getValue(), this::merge);
      }
    }
    for (PartitionKey k : publicPartitions()) {
      partitions.computeIfAbsent(k, kk -> emptyAccumulator());
    }
    List<PartitionResult> out = new ArrayList<>();
    for (Map.Entry<PartitionKey, PartitionAccumulator> e : partitions.entrySet()) {
      release(e.getKey(), e.getValue(), stats).ifPresent(out::add);
    }
    return new Result(out, stats, dead);
  }

  /**
   * Up to {@code capacity} records of one (unit, partition): a uniform sample (Algorithm R with
   * {@code SecureRandom} indices), or in test mode all records, of which the {@code capacity} smallest by
   * their values are kept (order-independent).
   */
  private static final class Reservoir {
    final int capacity;
    final boolean deterministic;
    final List<double[]> items = new ArrayList<>();
    long seen;

    Reservoir(int capacity, boolean deterministic) {
      this.capacity = capacity;
      this.deterministic = deterministic;
    }

    void offer(double[] r, Mechanisms m) {
      seen++;
      if (deterministic || items.size() < capacity) {
        items.add(r);
        return;
      }
      long j = m.uniform(seen);
      if (j < capacity) {
        items.set((int) j, r);
      }
    }

    List<double[]> sample() {
      if (!deterministic || items.size() <= capacity) {
        return items;
      }
      List<double[]> sorted = new ArrayList<>(items);
      sorted.sort(VALUE_ORDER);
      return sorted.subList(0, capacity);
    }
  }

  private static final Comparator<double[]> VALUE_ORDER = Arrays::compare;
}
