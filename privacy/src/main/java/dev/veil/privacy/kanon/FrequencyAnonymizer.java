package dev.veil.privacy.kanon;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * k-anonymity (and l-diversity / t-closeness) planned from a {@link FrequencySet} instead of the
 * records: the result is a {@link Generalization}, a map from each distinct quasi-identifier tuple
 * to its output cells (or to suppression), which an engine then applies to every record in a
 * per-record pass. This is how the {@code kanonymize} pipeline stage runs on Spark and Beam.
 *
 * <ul>
 *   <li>{@link #mondrian}: {@link Mondrian}'s algorithm over weighted distinct tuples: the same
 *       ranks, the same cut rule ({@link Mondrian#chooseCut} on summaries whose counts are sums of
 *       tuple weights), the same allowance test, the same output cells and metrics. Records with
 *       equal quasi-identifiers are always on the same side of a cut, so the partitions are unions
 *       of distinct tuples and the output equals {@link Mondrian#anonymize} on the records (tested).
 *       Time {@code O(D q log D)} per tree level and memory {@code O(D q)} for {@code D} distinct
 *       tuples, whatever the number of records.
 *   <li>{@link #lattice}: {@link LatticeAnonymizer} on the records re-expanded from the set (each
 *       record a shared reference to its tuple), because the lattice search is defined on records;
 *       its memory is therefore {@code O(records * q)} ints on the planning machine: use it for
 *       data that fits one machine, and Mondrian for larger data.
 * </ul>
 *
 * <p>Privacy: the output meets the spec's models (see {@link AnonymizationSpec}). Stateless and
 * thread-safe.
 */
public final class FrequencyAnonymizer {
  private FrequencyAnonymizer() {}

  /**
   * A plan: per distinct quasi-identifier tuple its output cells or suppression, with the facts a
   * report needs (never values).
   *
   * @param suppressedRecords records whose tuple is suppressed
   * @param levels the lattice node (lattice only)
   */
  public record Result(String algorithm, Generalization generalization, long records, long suppressedRecords,
      Optional<List<Integer>> levels, UtilityMetrics utility, RiskMetrics risk, Map<String, Object> search) {}

  /**
   * The mapping of a plan: quasi-identifier tuple to output cells. Serializable so engines can ship
   * it to their workers; its size is proportional to the number of distinct tuples. Immutable and
   * thread-safe. Holds values: never log or report it.
   */
  public static final class Generalization implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String[] SUPPRESSED = new String[0];
    private final HashMap<List<String>, Integer> classOf; // -1: suppressed
    private final String[][] cells;

    Generalization(HashMap<List<String>, String[]> cellsByTuple) {
      this.classOf = new HashMap<>(Math.max(16, cellsByTuple.size() * 2));
      Map<List<String>, Integer> ids = new HashMap<>();
      List<String[]> distinct = new ArrayList<>();
      // class ids in tuple order, so that equal plans are equal objects
      List<List<String>> keys = new ArrayList<>(cellsByTuple.keySet());
      keys.sort((a, b) -> FrequencySet.compare(a.toArray(new String[0]), b.toArray(new String[0])));
      for (List<String> key : keys) {
        String[] c = cellsByTuple.get(key);
        if (c.length == 0) {
          classOf.put(key, -1);
          continue;
        }
        Integer id = ids.get(List.of(c));
        if (id == null) {
          id = distinct.size();
          ids.put(List.of(c), id);
          distinct.add(c);
        }
        classOf.put(key, id);
      }
      this.cells = distinct.toArray(new String[0][]);
    }

    /**
     * The output class of a record with quasi-identifiers {@code qi}: an index for {@link #cells},
     * or -1 when its class is suppressed.
     *
     * @throws IllegalStateException if the tuple was not in the frequency set the plan was made from
     */
    public int classOf(List<String> qi) {
      Integer c = classOf.get(qi);
      if (c == null) {
        throw new IllegalStateException("a quasi-identifier tuple was not counted in the frequency set (the input changed between the"
            + " counting pass and the generalizing pass)");
      }
      return c;
    }

    /** The output cells of class {@code id} (a copy). */
    public String[] cells(int id) {
      return cells[id].clone();
    }

    /** The output cells of a record with quasi-identifiers {@code qi}, or null when its class is suppressed. */
    public String[] cellsOf(List<String> qi) {
      int c = classOf(qi);
      return c < 0 ? null : cells[c].clone();
    }

    /** Cell {@code i} of class {@code id}. */
    public String cell(int id, int i) {
      return cells[id][i];
    }

    /** Number of distinct tuples mapped. */
    public int size() {
      return classOf.size();
    }

    /** Number of distinct output classes (not suppressed). */
    public int classes() {
      return cells.length;
    }
  }

  /** Distinct quasi-identifier tuples of a set (its tuples merged over the sensitive value), with weights. */
  private static final class Units {
    final int d;
    final int q;
    final String[][] qi; // [unit] -> q values
    final long[] weight;
    final int[] sensStart; // entries of the set belonging to a unit: [sensStart[u], sensStart[u+1])
    final int[] sensId; // sensitive id of each entry of the set
    final long[] sensCount;
    final List<String> sensValues;
    final long[] sensGlobal;

    Units(FrequencySet fs) {
      q = fs.quasiIdentifiers();
      List<String[]> units = new ArrayList<>();
      List<Long> w = new ArrayList<>();
      List<Integer> starts = new ArrayList<>();
      int n = fs.size();
      sensId = new int[n];
      sensCount = new long[n];
      String[] prev = null;
      for (int i = 0; i < n; i++) {
        String[] t = fs.tuple(i);
        String[] key = Arrays.copyOf(t, q);
        if (prev == null || !Arrays.equals(prev, key)) {
          units.add(key);
          w.add(0L);
          starts.add(i);
          prev = key;
        }
        w.set(w.size() - 1, w.get(w.size() - 1) + fs.count(i));
        sensCount[i] = fs.count(i);
      }
      starts.add(n);
      d = units.size();
      qi = units.toArray(new String[0][]);
      weight = w.stream().mapToLong(Long::longValue).toArray();
      sensStart = starts.stream().mapToInt(Integer::intValue).toArray();
      if (fs.withSensitive()) {
        TreeSet<String> values = new TreeSet<>();
        for (int i = 0; i < n; i++) values.add(sensKey(fs.tuple(i)[q]));
        sensValues = new ArrayList<>(values);
        Map<String, Integer> ids = new HashMap<>();
        for (String v : sensValues) ids.put(v, ids.size());
        sensGlobal = new long[sensValues.size()];
        for (int i = 0; i < n; i++) {
          sensId[i] = ids.get(sensKey(fs.tuple(i)[q]));
          sensGlobal[sensId[i]] += fs.count(i);
        }
      } else {
        sensValues = List.of();
        sensGlobal = new long[0];
      }
    }

    /** As {@link ClassModels}: a missing sensitive value is the empty text. */
    static String sensKey(String v) {
      return v == null ? "" : v;
    }
  }

  /**
   * Mondrian over the frequency set; see the class comment. Deterministic: the result depends only
   * on the set (which is canonical) and the spec.
   *
   * @param riskThreshold the prosecutor-risk threshold of the output's risk metrics
   * @throws IllegalArgumentException when the set is empty, k exceeds its records, a quasi-identifier
   *     value is missing, or the whole input does not meet the models
   * @throws HierarchyException when a value is not in its column's hierarchy (naming the column and
   *     the hierarchy file, never the value)
   */
  public static Result mondrian(FrequencySet fs, AnonymizationSpec spec, double riskThreshold) {
    long n = checkSize(fs, spec);
    List<String> qis = spec.quasiIdentifiers();
    Units u = new Units(fs);
    int q = u.q;
    int d = u.d;
    int[][] rank = new int[q][d];
    String[][] valueOfRank = new String[q][];
    double[][] numOfRank = new double[q][];
    GeneralizationHierarchy[] h = new GeneralizationHierarchy[q];
    for (int i = 0; i < q; i++) {
      h[i] = spec.hierarchies().get(qis.get(i));
      Map<String, Integer> ids = new LinkedHashMap<>();
      for (int t = 0; t < d; t++) {
        String v = u.qi[t][i];
        if (v == null) {
          throw new IllegalArgumentException("the value of column '" + qis.get(i) + "' is missing in " + countOf(u, t)
              + " (quasi-identifiers must have a value)");
        }
        ids.putIfAbsent(v, ids.size());
      }
      List<String> values = new ArrayList<>(ids.keySet());
      double[] num = new double[values.size()];
      boolean numeric = true;
      for (int j = 0; j < num.length && numeric; j++) {
        try {
          num[j] = Double.parseDouble(values.get(j).trim());
          numeric = Double.isFinite(num[j]);
        } catch (NumberFormatException e) {
          numeric = false;
        }
      }
      Integer[] order = new Integer[values.size()];
      for (int j = 0; j < order.length; j++) order[j] = j;
      final GeneralizationHierarchy hi = h[i];
      if (hi != null) {
        numeric = false;
        for (int j = 0; j < values.size(); j++) {
          if (!hi.contains(values.get(j))) {
            throw new HierarchyException("a value of column '" + qis.get(i) + "' is not in its hierarchy " + hi.source()
                + " (add the value to the hierarchy)");
          }
        }
        Arrays.sort(order, (a, b) -> Integer.compare(hi.indexOf(values.get(a)), hi.indexOf(values.get(b))));
      } else if (numeric) {
        Arrays.sort(order, (a, b) -> num[a] != num[b] ? Double.compare(num[a], num[b]) : values.get(a).compareTo(values.get(b)));
      } else {
        Arrays.sort(order, (a, b) -> values.get(a).compareTo(values.get(b)));
      }
      int[] rankOfId = new int[order.length];
      valueOfRank[i] = new String[order.length];
      numOfRank[i] = numeric ? new double[order.length] : null;
      for (int j = 0; j < order.length; j++) {
        rankOfId[order[j]] = j;
        valueOfRank[i][j] = values.get(order[j]);
        if (numeric) numOfRank[i][j] = num[order[j]];
      }
      for (int t = 0; t < d; t++) rank[i][t] = rankOfId[ids.get(u.qi[t][i])];
    }
    Models models = new Models(spec, u);
    int[] all = new int[d];
    for (int t = 0; t < d; t++) all[t] = t;
    if (!models.ok(all, 0, d)) {
      throw new IllegalArgumentException("the whole input of " + n + " records does not meet " + spec.describeModels()
          + ", so no partitioning can: lower k/l/t");
    }
    double[] span = new double[q];
    for (int i = 0; i < q; i++) {
      int top = valueOfRank[i].length - 1;
      span[i] = numOfRank[i] == null ? top : numOfRank[i][top] - numOfRank[i][0];
    }
    List<int[]> leaves = new ArrayList<>();
    Deque<int[]> stack = new ArrayDeque<>();
    stack.push(new int[] {0, d});
    int[] tmp = new int[d];
    int rounds = 0;
    while (!stack.isEmpty()) {
      int[] p = stack.pop();
      int from = p[0];
      int to = p[1];
      Mondrian.Summary s = summarize(rank, u.weight, all, from, to);
      boolean split = false;
      for (Mondrian.Cut c : Mondrian.chooseCut(s, span, numOfRank)) {
        int l = from;
        int rr = 0;
        for (int j = from; j < to; j++) {
          int t = all[j];
          if (rank[c.qi()][t] <= c.lastLeftRank()) all[l++] = t;
          else tmp[rr++] = t;
        }
        System.arraycopy(tmp, 0, all, l, rr);
        if (models.ok(all, from, l) && models.ok(all, l, to)) {
          Arrays.sort(all, from, l);
          Arrays.sort(all, l, to);
          stack.push(new int[] {l, to});
          stack.push(new int[] {from, l});
          split = true;
          rounds++;
          break;
        }
        Arrays.sort(all, from, to);
      }
      if (!split) leaves.add(new int[] {from, to});
    }
    // output cells, as Mondrian builds them
    long[][] countOfRank = new long[q][];
    for (int i = 0; i < q; i++) {
      countOfRank[i] = new long[valueOfRank[i].length];
      for (int t = 0; t < d; t++) countOfRank[i][rank[i][t]] += u.weight[t];
    }
    HashMap<List<String>, String[]> map = new HashMap<>(Math.max(16, d * 2));
    Map<List<String>, Long> classSizes = new HashMap<>();
    double prec = 0;
    double nue = 0;
    double nueMax = 0;
    for (int[] leaf : leaves) {
      long m = 0;
      for (int j = leaf[0]; j < leaf[1]; j++) m += u.weight[all[j]];
      String[] cells = new String[q];
      double[] cellPrec = new double[q];
      long[] cellCount = new long[q];
      for (int i = 0; i < q; i++) {
        Mondrian.cell(i, leaf, all, rank[i], valueOfRank[i], numOfRank[i], countOfRank[i], span[i], h[i], cells, cellPrec, cellCount);
      }
      classSizes.merge(List.of(cells), m, Long::sum);
      for (int j = leaf[0]; j < leaf[1]; j++) {
        int t = all[j];
        map.put(Arrays.asList(u.qi[t]), cells);
        long w = u.weight[t];
        for (int i = 0; i < q; i++) {
          long c0 = countOfRank[i][rank[i][t]];
          nue += w * (Math.log((double) cellCount[i] / c0) / Math.log(2));
          nueMax += w * (Math.log((double) n / c0) / Math.log(2));
          prec += w * cellPrec[i];
        }
      }
    }
    long discern = 0;
    for (long size : classSizes.values()) discern += size * size;
    UtilityMetrics util = new UtilityMetrics(discern, (double) n / ((double) classSizes.size() * spec.k()), OptionalDouble.empty(),
        prec / ((double) n * q), nue, nueMax == 0 ? 0 : nue / nueMax);
    Generalization g = new Generalization(map);
    Map<String, Object> search = new LinkedHashMap<>();
    search.put("partitions", leaves.size());
    search.put("splits", rounds);
    search.put("distinct_tuples", d);
    return new Result("mondrian", g, n, 0, Optional.empty(), util, outputRisk(fs, g, riskThreshold), search);
  }

  /**
   * The optimal lattice search ({@link LatticeAnonymizer}) on the records of the set; see the class
   * comment for its memory. Every quasi-identifier needs a hierarchy in {@code spec}.
   *
   * @throws IllegalArgumentException as {@link LatticeAnonymizer#prepare} and {@link LatticeAnonymizer#search}
   * @throws HierarchyException when a value is not in its column's hierarchy
   */
  public static Result lattice(FrequencySet fs, AnonymizationSpec spec, double riskThreshold) {
    long n = checkSize(fs, spec);
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("the lattice search holds every record in memory and supports at most " + (Integer.MAX_VALUE - 8)
          + " records. Provided value: " + n + " records; use algorithm mondrian");
    }
    List<String> header = new ArrayList<>(spec.quasiIdentifiers());
    int q = header.size();
    String sens = spec.sensitive().orElse(null);
    if (fs.withSensitive()) header.add(sens);
    for (int i = 0; i < q; i++) {
      GeneralizationHierarchy hi = spec.hierarchies().get(header.get(i));
      if (hi == null) continue; // LatticeAnonymizer names the column
      for (String v : fs.distinctValues(i)) {
        if (!hi.contains(v)) {
          throw new HierarchyException("a value of column '" + header.get(i) + "' is not in its hierarchy " + hi.source()
              + " (add the value to the hierarchy)");
        }
      }
    }
    List<String[]> rows = new ArrayList<>((int) n);
    int[] lines = new int[(int) n];
    for (int i = 0; i < fs.size(); i++) {
      String[] t = fs.tuple(i);
      for (long c = 0; c < fs.count(i); c++) rows.add(t);
    }
    for (int r = 0; r < lines.length; r++) lines[r] = r + 1;
    Table table = new Table("the frequency set", header, rows, lines);
    KAnonymizationResult r = LatticeAnonymizer.prepare(table, spec).anonymize(riskThreshold);
    HashMap<List<String>, String[]> map = new HashMap<>();
    int[] sup = r.suppressedRows();
    int si = 0;
    int oi = 0;
    for (int row = 0; row < rows.size(); row++) {
      List<String> key = Arrays.asList(Arrays.copyOf(rows.get(row), q));
      if (si < sup.length && sup[si] == row) {
        si++;
        map.putIfAbsent(key, Generalization.SUPPRESSED);
      } else {
        String[] out = r.rows().get(oi++);
        map.putIfAbsent(key, Arrays.copyOf(out, q));
      }
    }
    Map<String, Object> search = new LinkedHashMap<>(r.search());
    search.put("distinct_tuples", fs.size());
    return new Result("lattice", new Generalization(map), n, sup.length, r.levels(), r.utility(), r.risk(), search);
  }

  private static long checkSize(FrequencySet fs, AnonymizationSpec spec) {
    if (fs.quasiIdentifiers() != spec.quasiIdentifiers().size()) {
      throw new IllegalArgumentException("the frequency set must have one entry per quasi-identifier. Provided value: "
          + fs.quasiIdentifiers() + " entries for " + spec.quasiIdentifiers().size() + " quasi-identifiers");
    }
    long n = fs.records();
    if (n == 0) throw new IllegalArgumentException("the input must have at least one record. Provided value: 0 records");
    if (spec.k() > n) {
      throw new IllegalArgumentException("k must be <= the number of records (" + n + "). Provided value: " + spec.k());
    }
    return n;
  }

  private static String countOf(Units u, int t) {
    return u.weight[t] == 1 ? "1 record" : u.weight[t] + " records";
  }

  /** The risk of the output: classes of the cells, with the sensitive value when the set has one. */
  static RiskMetrics outputRisk(FrequencySet fs, Generalization g, double threshold) {
    int q = fs.quasiIdentifiers();
    FrequencySet.Builder b = FrequencySet.builder(q, fs.withSensitive());
    for (int i = 0; i < fs.size(); i++) {
      String[] t = fs.tuple(i);
      String[] cells = g.cellsOf(Arrays.asList(Arrays.copyOf(t, q)));
      if (cells == null) continue;
      String[] o = Arrays.copyOf(cells, q + (fs.withSensitive() ? 1 : 0));
      if (fs.withSensitive()) o[q] = t[q];
      b.add(o, fs.count(i));
    }
    FrequencySet out = b.build();
    if (out.size() == 0) return RiskMetrics.compute(Collections.emptyList(), new int[0], fs.withSensitive() ? 0 : -1, threshold);
    return out.risk(threshold);
  }

  private static Mondrian.Summary summarize(int[][] rank, long[] weight, int[] members, int from, int to) {
    int q = rank.length;
    int[][] rs = new int[q][];
    long[][] cs = new long[q][];
    long total = 0;
    for (int j = from; j < to; j++) total += weight[members[j]];
    int m = to - from;
    long[] buf = new long[m];
    for (int i = 0; i < q; i++) {
      // sort (rank, unit) pairs packed in a long: rank in the high bits
      for (int j = 0; j < m; j++) buf[j] = ((long) rank[i][members[from + j]] << 32) | members[from + j];
      Arrays.sort(buf);
      int distinct = 0;
      for (int j = 0; j < m; j++) if (j == 0 || (buf[j] >>> 32) != (buf[j - 1] >>> 32)) distinct++;
      rs[i] = new int[distinct];
      cs[i] = new long[distinct];
      int dd = -1;
      for (int j = 0; j < m; j++) {
        if (j == 0 || (buf[j] >>> 32) != (buf[j - 1] >>> 32)) rs[i][++dd] = (int) (buf[j] >>> 32);
        cs[i][dd] += weight[(int) (buf[j] & 0xffffffffL)];
      }
    }
    return new Mondrian.Summary(total, rs, cs);
  }

  /** The spec's models on a group of units. Not thread-safe. */
  private static final class Models {
    final int k;
    final ClassModels models;
    final Units u;
    final int[] hist;
    final int[] ids;

    Models(AnonymizationSpec spec, Units u) {
      this.k = spec.k();
      this.u = u;
      ClassModels cm = new ClassModels(spec, u.sensValues, u.sensGlobal);
      this.models = cm.needsSensitive() ? cm : null;
      this.hist = new int[Math.max(1, u.sensValues.size())];
      this.ids = new int[Math.max(1, u.sensValues.size())];
    }

    boolean ok(int[] members, int from, int to) {
      long size = 0;
      for (int j = from; j < to; j++) size += u.weight[members[j]];
      if (models == null) return size >= k;
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("l-diversity and t-closeness support classes of at most " + Integer.MAX_VALUE
            + " records. Provided value: " + size);
      }
      int m = 0;
      for (int j = from; j < to; j++) {
        int t = members[j];
        for (int e = u.sensStart[t]; e < u.sensStart[t + 1]; e++) {
          int s = u.sensId[e];
          if (hist[s] == 0) ids[m++] = s;
          hist[s] += (int) u.sensCount[e];
        }
      }
      boolean ok = models.fullOk((int) size, hist, ids, m);
      for (int i = 0; i < m; i++) hist[ids[i]] = 0;
      return ok;
    }
  }
}
