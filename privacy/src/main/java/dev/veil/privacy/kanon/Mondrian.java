package dev.veil.privacy.kanon;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Strict multidimensional Mondrian (LeFevre, DeWitt, Ramakrishnan 2006): the records are split
 * recursively at the median of one quasi-identifier until no split leaves both halves meeting the
 * models; each final partition is an equivalence class whose cells become ranges or value sets.
 *
 * <p>Order of each quasi-identifier: the order of its hierarchy's rows when one is given (siblings
 * stay adjacent; cells become hierarchy labels), otherwise numeric when every value is a number
 * (cells become ranges), otherwise text order (cells become value sets). Split
 * rule, deterministic (numbers equal in value but written differently are ordered by their text): try the quasi-identifiers by decreasing normalized width of the partition
 * ({@code (max - min) / (global max - global min)} on values for numeric, on ranks otherwise; ties
 * to the earlier quasi-identifier); cut at the median (the value at sorted position
 * {@code (m-1)/2}): left = values {@code <=} the median, right = the rest, or, when that leaves the
 * right side empty, left = values {@code <} the median. A cut is allowed when both halves meet
 * every model of the spec (k, and l-diversity / t-closeness if set). Strict: no value is on both
 * sides.
 *
 * <p>Output cells: the value itself when a partition has one value; numeric {@code [lo, hi]}; for a
 * column with a hierarchy the label of the lowest level common to all the partition's values;
 * otherwise the set {@code {a,b,c}} in the column's order. Nothing is suppressed (every
 * partition meets the models, the whole table must), so {@code maxSuppression} is not used.
 *
 * <p>Distribution: {@link #chooseCut} is a pure function of a partition's {@link Summary} (per
 * quasi-identifier sorted (rank, count) histograms), so it works on counts as well as on records.
 * The pipeline stage ({@code kanonymize}) uses that: {@link FrequencyAnonymizer#mondrian} runs this
 * algorithm over the input's {@link FrequencySet} (distinct quasi-identifier tuples with counts, one
 * distributed aggregation), with the same ranks, cuts, allowance test, cells and metrics, and its
 * output equals this class's on the same records. This class is the single-machine reference.
 *
 * <p>Privacy: the output meets the spec's models (see {@link AnonymizationSpec}). Not thread-safe.
 */
public final class Mondrian {
  private final Table table;
  private final AnonymizationSpec spec;
  private final int n;
  private final int q;
  private final int[] qiCols;
  private final int[][] rank; // [qi][record]
  private final String[][] valueOfRank; // [qi][rank]
  private final double[][] numOfRank; // [qi][rank] or null when not numeric
  private final GeneralizationHierarchy[] h;
  private final ClassModels models;

  private Mondrian(Table table, AnonymizationSpec spec) {
    this.table = table;
    this.spec = spec;
    this.n = table.size();
    if (n == 0) throw new IllegalArgumentException("the table must have at least one record. Provided value: 0 records in " + table.source());
    if (spec.k() > n) {
      throw new IllegalArgumentException("k must be <= the number of records (" + n + ") of " + table.source() + ". Provided value: " + spec.k());
    }
    List<String> qis = spec.quasiIdentifiers();
    this.q = qis.size();
    this.qiCols = new int[q];
    this.rank = new int[q][n];
    this.valueOfRank = new String[q][];
    this.numOfRank = new double[q][];
    this.h = new GeneralizationHierarchy[q];
    spec.sensitive().ifPresent(table::column);
    for (int i = 0; i < q; i++) {
      qiCols[i] = table.column(qis.get(i));
      h[i] = spec.hierarchies().get(qis.get(i));
      Map<String, Integer> ids = new LinkedHashMap<>();
      for (int r = 0; r < n; r++) {
        String v = table.rows().get(r)[qiCols[i]];
        if (v == null) {
          throw new IllegalArgumentException(table.source() + ":" + table.lines()[r] + ":" + (qiCols[i] + 1) + ": the value of column '"
              + qis.get(i) + "' is missing (quasi-identifiers must have a value)");
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
        for (int r = 0; r < n; r++) {
          if (!hi.contains(table.rows().get(r)[qiCols[i]])) {
            throw new HierarchyException(table.source() + ":" + table.lines()[r] + ":" + (qiCols[i] + 1) + ": the value of column '"
                + qis.get(i) + "' is not in its hierarchy " + hi.source() + " (add the value to the hierarchy)");
          }
        }
        Arrays.sort(order, (a, b) -> Integer.compare(hi.indexOf(values.get(a)), hi.indexOf(values.get(b))));
      } else if (numeric) {
        // equal numbers written differently (1 and 1.0) are ordered by their text, so the order does not depend on row order
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
      for (int r = 0; r < n; r++) rank[i][r] = rankOfId[ids.get(table.rows().get(r)[qiCols[i]])];
    }
    this.models = new ClassModels(spec, table);
  }

  /** Partitions the table under the spec; risk threshold 0.2. */
  public static KAnonymizationResult anonymize(Table table, AnonymizationSpec spec) {
    return anonymize(table, spec, 0.2);
  }

  /**
   * Partitions the table under the spec.
   *
   * @throws IllegalArgumentException when k exceeds the records, a column is missing, or the whole
   *     table does not meet the models
   */
  public static KAnonymizationResult anonymize(Table table, AnonymizationSpec spec, double riskThreshold) {
    return new Mondrian(table, spec).run(riskThreshold);
  }

  /**
   * The summary of one partition: for each quasi-identifier the distinct ranks present, ascending,
   * with their counts. Merge two summaries of disjoint parts by adding counts rank by rank.
   */
  public record Summary(long records, int[][] ranks, long[][] counts) {}

  /** A cut of a partition: records with {@code rank[qi] <= lastLeftRank} go left. */
  public record Cut(int qi, int lastLeftRank) {}

  static Summary summarize(int[][] rank, int[] members, int from, int to) {
    int q = rank.length;
    int[][] rs = new int[q][];
    long[][] cs = new long[q][];
    int m = to - from;
    int[] buf = new int[m];
    for (int i = 0; i < q; i++) {
      for (int j = 0; j < m; j++) buf[j] = rank[i][members[from + j]];
      Arrays.sort(buf);
      int distinct = 0;
      for (int j = 0; j < m; j++) if (j == 0 || buf[j] != buf[j - 1]) distinct++;
      rs[i] = new int[distinct];
      cs[i] = new long[distinct];
      int d = -1;
      for (int j = 0; j < m; j++) {
        if (j == 0 || buf[j] != buf[j - 1]) rs[i][++d] = buf[j];
        cs[i][d]++;
      }
    }
    return new Summary(m, rs, cs);
  }

  /**
   * The candidate cuts of a partition in the order they are tried (decreasing normalized width,
   * then quasi-identifier order); at most one per quasi-identifier, none for a single-valued one.
   *
   * @param span for each quasi-identifier, {@code (global max - global min)} of the value used for
   *     the width (numeric value or rank); 0 when the column has one value
   * @param numeric for each quasi-identifier its numeric values by rank, or null to use ranks
   */
  public static List<Cut> chooseCut(Summary s, double[] span, double[][] numeric) {
    int q = s.ranks().length;
    Integer[] dims = new Integer[q];
    double[] width = new double[q];
    for (int i = 0; i < q; i++) {
      dims[i] = i;
      int[] r = s.ranks()[i];
      double lo = numeric[i] == null ? r[0] : numeric[i][r[0]];
      double hi = numeric[i] == null ? r[r.length - 1] : numeric[i][r[r.length - 1]];
      width[i] = span[i] == 0 ? 0 : (hi - lo) / span[i];
    }
    Arrays.sort(dims, (a, b) -> width[a] != width[b] ? Double.compare(width[b], width[a]) : Integer.compare(a, b));
    List<Cut> cuts = new ArrayList<>();
    for (int i : dims) {
      int[] r = s.ranks()[i];
      if (r.length < 2) continue;
      long medianPos = (s.records() - 1) / 2;
      long seen = 0;
      int med = 0;
      for (int j = 0; j < r.length; j++) {
        seen += s.counts()[i][j];
        if (seen > medianPos) {
          med = j;
          break;
        }
      }
      int last = med < r.length - 1 ? med : med - 1; // right side must not be empty
      cuts.add(new Cut(i, r[last]));
    }
    return cuts;
  }

  private KAnonymizationResult run(double riskThreshold) {
    int[] all = new int[n];
    for (int r = 0; r < n; r++) all[r] = r;
    if (!models.classOk(all, 0, n, true)) {
      throw new IllegalArgumentException("the whole table of " + n + " records does not meet " + spec.describeModels()
          + ", so no partitioning can: lower k/l/t");
    }
    double[] span = new double[q];
    for (int i = 0; i < q; i++) {
      int top = valueOfRank[i].length - 1;
      span[i] = numOfRank[i] == null ? top : numOfRank[i][top] - numOfRank[i][0];
    }
    // explicit stack of [from, to) ranges of 'all', split in place
    List<int[]> leaves = new ArrayList<>();
    Deque<int[]> stack = new ArrayDeque<>();
    stack.push(new int[] {0, n});
    int[] tmp = new int[n];
    int rounds = 0;
    while (!stack.isEmpty()) {
      int[] p = stack.pop();
      int from = p[0];
      int to = p[1];
      Summary s = summarize(rank, all, from, to);
      boolean split = false;
      for (Cut c : chooseCut(s, span, numOfRank)) {
        int l = from;
        int rr = 0;
        for (int j = from; j < to; j++) {
          int rec = all[j];
          if (rank[c.qi()][rec] <= c.lastLeftRank()) all[l++] = rec;
          else tmp[rr++] = rec;
        }
        System.arraycopy(tmp, 0, all, l, rr);
        if (models.classOk(all, from, l, true) && models.classOk(all, l, to, true)) {
          // sort each half by record index so the result does not depend on traversal details
          Arrays.sort(all, from, l);
          Arrays.sort(all, l, to);
          stack.push(new int[] {l, to});
          stack.push(new int[] {from, l});
          split = true;
          rounds++;
          break;
        }
        Arrays.sort(all, from, to); // undo: restore the partition's order
      }
      if (!split) leaves.add(new int[] {from, to});
    }
    // output cells
    String[][] cellOf = new String[n][];
    long discern = 0;
    double prec = 0;
    double nue = 0;
    double nueMax = 0;
    long[][] countOfRank = new long[q][];
    for (int i = 0; i < q; i++) {
      countOfRank[i] = new long[valueOfRank[i].length];
      for (int r = 0; r < n; r++) countOfRank[i][rank[i][r]]++;
    }
    // partitions whose cells come out equal (hierarchy labels coarser than the partitions) form one class
    Map<List<String>, Long> classSizes = new HashMap<>();
    for (int[] leaf : leaves) {
      int m = leaf[1] - leaf[0];
      String[] cells = new String[q];
      double[] cellPrec = new double[q];
      long[] cellCount = new long[q];
      for (int i = 0; i < q; i++) {
        cell(i, leaf, all, rank[i], valueOfRank[i], numOfRank[i], countOfRank[i], span[i], h[i], cells, cellPrec, cellCount);
      }
      classSizes.merge(List.of(cells), (long) m, Long::sum);
      for (int j = leaf[0]; j < leaf[1]; j++) {
        int rec = all[j];
        cellOf[rec] = cells;
        for (int i = 0; i < q; i++) {
          long c0 = countOfRank[i][rank[i][rec]];
          nue += Math.log((double) cellCount[i] / c0) / Math.log(2);
          nueMax += Math.log((double) n / c0) / Math.log(2);
          prec += cellPrec[i];
        }
      }
    }
    for (long size : classSizes.values()) discern += size * size;
    List<String[]> out = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      String[] o = table.rows().get(r).clone();
      for (int i = 0; i < q; i++) o[qiCols[i]] = cellOf[r][i];
      out.add(o);
    }
    UtilityMetrics u = new UtilityMetrics(discern, (double) n / ((double) classSizes.size() * spec.k()), OptionalDouble.empty(),
        prec / ((double) n * q), nue, nueMax == 0 ? 0 : nue / nueMax);
    int sens = spec.sensitive().map(table::column).orElse(-1);
    RiskMetrics risk = RiskMetrics.compute(out, qiCols, sens, riskThreshold);
    Map<String, Object> search = new LinkedHashMap<>();
    search.put("partitions", leaves.size());
    search.put("splits", rounds);
    return new KAnonymizationResult("mondrian", table.header(), out, new int[0], Optional.empty(), u, risk, search);
  }


  /**
   * The cell of quasi-identifier {@code i} for the partition {@code all[leaf[0]..leaf[1])} (indices into
   * {@code rank}): the value itself when the partition holds one; a range {@code [lo, hi]} for a numeric
   * column; the lowest hierarchy label shared by all present values; else the set of present values.
   * Writes the cell, its precision loss and the number of records (by {@code countOfRank}) the cell covers
   * into {@code cells[i]}, {@code cellPrec[i]} and {@code cellCount[i]}. Shared by the single-machine and
   * the frequency-set paths, so both build identical cells.
   */
  static void cell(int i, int[] leaf, int[] all, int[] rank, String[] valueOfRank, double[] numOfRank, long[] countOfRank,
      double span, GeneralizationHierarchy h, String[] cells, double[] cellPrec, long[] cellCount) {
    int lo = Integer.MAX_VALUE;
    int hi = Integer.MIN_VALUE;
    java.util.TreeSet<Integer> present = new java.util.TreeSet<>();
    for (int j = leaf[0]; j < leaf[1]; j++) {
      int rk = rank[all[j]];
      lo = Math.min(lo, rk);
      hi = Math.max(hi, rk);
      present.add(rk);
    }
    int dom = valueOfRank.length;
    if (lo == hi) {
      cells[i] = valueOfRank[lo];
      cellPrec[i] = 0;
      cellCount[i] = countOfRank[lo];
    } else if (numOfRank != null) {
      cells[i] = "[" + valueOfRank[lo] + ", " + valueOfRank[hi] + "]";
      cellPrec[i] = span == 0 ? 0 : (numOfRank[hi] - numOfRank[lo]) / span;
      for (int rk = lo; rk <= hi; rk++) cellCount[i] += countOfRank[rk];
    } else if (h != null) {
      int level = 1;
      while (true) {
        String label = null;
        boolean same = true;
        for (int rk : present) {
          String lab = h.generalize(valueOfRank[rk], level);
          if (label == null) label = lab;
          else if (!label.equals(lab)) same = false;
        }
        if (same || level == h.levels() - 1) {
          cells[i] = label;
          break;
        }
        level++;
      }
      int covered = 0;
      for (String v : h.domain()) if (h.generalize(v, level).equals(cells[i])) covered++;
      cellPrec[i] = h.domain().size() <= 1 ? 0 : (double) (covered - 1) / (h.domain().size() - 1);
      for (int rk = 0; rk < dom; rk++) {
        if (h.generalize(valueOfRank[rk], level).equals(cells[i])) cellCount[i] += countOfRank[rk];
      }
    } else {
      StringBuilder sb = new StringBuilder("{");
      for (int rk : present) {
        if (sb.length() > 1) sb.append(',');
        sb.append(valueOfRank[rk]);
        cellCount[i] += countOfRank[rk];
      }
      cells[i] = sb.append('}').toString();
      cellPrec[i] = dom <= 1 ? 0 : (double) (present.size() - 1) / (dom - 1);
    }
  }
}
