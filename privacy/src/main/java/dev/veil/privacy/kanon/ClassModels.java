package dev.veil.privacy.kanon;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The privacy models of a spec as a test on one equivalence class, given its size and the
 * histogram of its sensitive values. Package-private engine part shared by the lattice search and
 * Mondrian. Distances and entropies are compared with a tolerance of 1e-12 so that rounding does
 * not reject a class that meets the bound exactly. Not thread-safe (scratch arrays).
 */
final class ClassModels {
  static final double EPS = 1e-12;
  final int k;
  final Optional<LDiversity> l;
  final Optional<TCloseness> t;
  /** Sensitive value id of each record, or null. */
  final int[] sensitive;
  final int domain;
  final double[] global; // global distribution by id
  final int[] rank; // rank of id in the ORDERED order
  private final int[] scratch;

  ClassModels(AnonymizationSpec spec, Table table) {
    this.k = spec.k();
    this.l = spec.lDiversity();
    this.t = spec.tCloseness();
    if (spec.sensitive().isPresent() && (l.isPresent() || t.isPresent())) {
      int col = table.column(spec.sensitive().get());
      Map<String, Integer> ids = new HashMap<>();
      int n = table.size();
      sensitive = new int[n];
      java.util.List<String> values = new java.util.ArrayList<>();
      for (int r = 0; r < n; r++) {
        String v = table.rows().get(r)[col];
        String key = v == null ? "" : v;
        Integer id = ids.get(key);
        if (id == null) {
          id = ids.size();
          ids.put(key, id);
          values.add(key);
        }
        sensitive[r] = id;
      }
      domain = ids.size();
      global = new double[domain];
      for (int s : sensitive) global[s] += 1.0 / n;
      rank = orderedRanks(values);
    } else {
      sensitive = null;
      domain = 0;
      global = new double[0];
      rank = new int[0];
    }
    scratch = new int[Math.max(domain, 1)];
  }

  /**
   * The models over a frequency set: sensitive value {@code id} occurs {@code globalCounts[id]}
   * times in the input, and {@code values.get(id)} is its text (for the ordered distance). Classes
   * are then tested with {@link #fullOk} on their sensitive histograms; {@link #classOk} is not
   * available (there are no per-record ids).
   */
  ClassModels(AnonymizationSpec spec, java.util.List<String> values, long[] globalCounts) {
    this.k = spec.k();
    this.l = spec.lDiversity();
    this.t = spec.tCloseness();
    if (spec.sensitive().isPresent() && (l.isPresent() || t.isPresent())) {
      long n = 0;
      for (long c : globalCounts) n += c;
      sensitive = new int[0];
      domain = values.size();
      global = new double[domain];
      for (int id = 0; id < domain; id++) global[id] = (double) globalCounts[id] / n;
      rank = orderedRanks(values);
    } else {
      sensitive = null;
      domain = 0;
      global = new double[0];
      rank = new int[0];
    }
    scratch = new int[Math.max(domain, 1)];
  }

  boolean needsSensitive() {
    return sensitive != null;
  }

  /** Ranks by numeric value when every value is a number, else by text. */
  static int[] orderedRanks(java.util.List<String> values) {
    Integer[] order = new Integer[values.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    double[] num = new double[values.size()];
    boolean numeric = true;
    for (int i = 0; i < num.length && numeric; i++) {
      try {
        num[i] = Double.parseDouble(values.get(i).trim());
        numeric = Double.isFinite(num[i]);
      } catch (NumberFormatException e) {
        numeric = false;
      }
    }
    final boolean isNum = numeric;
    Arrays.sort(order, (a, b) -> isNum ? Double.compare(num[a], num[b]) : values.get(a).compareTo(values.get(b)));
    int[] rank = new int[order.length];
    for (int i = 0; i < order.length; i++) rank[order[i]] = i;
    return rank;
  }

  /**
   * The monotone part of the models: k and the number of distinct sensitive values every
   * l-diversity variant implies. If a class passes, every union of it with other classes passes.
   */
  boolean monotoneOk(int size, int distinct) {
    return size >= k && (l.isEmpty() || distinct >= l.get().minDistinct());
  }

  /** Whether the full models are monotone under suppression (then the monotone part is all). */
  boolean fullIsMonotone() {
    return t.isEmpty() && (l.isEmpty() || l.get().variant() == LDiversity.Variant.DISTINCT);
  }

  /**
   * All models on a class of {@code size} records whose sensitive counts are {@code hist[ids[0..m)]}
   * (the ids with a non-zero count).
   */
  boolean fullOk(int size, int[] hist, int[] ids, int m) {
    if (!monotoneOk(size, m)) return false;
    if (l.isPresent()) {
      LDiversity d = l.get();
      if (d.variant() == LDiversity.Variant.ENTROPY) {
        double h = 0;
        for (int i = 0; i < m; i++) {
          double p = (double) hist[ids[i]] / size;
          h -= p * Math.log(p);
        }
        if (h < Math.log(d.l()) - EPS) return false;
      } else if (d.variant() == LDiversity.Variant.RECURSIVE) {
        int[] c = new int[m];
        for (int i = 0; i < m; i++) c[i] = hist[ids[i]];
        Arrays.sort(c); // ascending: r1 = c[m-1], r_l = c[m-l]
        int li = (int) d.l();
        long tail = 0;
        for (int i = 0; i <= m - li; i++) tail += c[i];
        if (!(c[m - 1] < d.c() * tail)) return false;
      }
    }
    if (t.isPresent()) {
      if (emd(size, hist, ids, m, t.get().distance()) > t.get().t() + EPS) return false;
    }
    return true;
  }

  /** Earth mover's distance of a class's distribution to the global one. */
  double emd(int size, int[] hist, int[] ids, int m, TCloseness.Distance distance) {
    if (distance == TCloseness.Distance.EQUAL) {
      double seen = 0;
      double d = 0;
      for (int i = 0; i < m; i++) {
        int id = ids[i];
        d += Math.abs((double) hist[id] / size - global[id]);
        seen += global[id];
      }
      d += Math.max(0, 1 - seen); // ids absent from the class contribute their global mass
      return d / 2;
    }
    if (domain <= 1) return 0;
    double[] p = new double[domain];
    for (int i = 0; i < m; i++) p[rank[ids[i]]] = (double) hist[ids[i]] / size;
    double[] q = new double[domain];
    for (int id = 0; id < domain; id++) q[rank[id]] = global[id];
    double cum = 0;
    double d = 0;
    for (int r = 0; r < domain; r++) {
      cum += p[r] - q[r];
      d += Math.abs(cum);
    }
    return d / (domain - 1);
  }

  /**
   * Checks the class made of the records {@code members[from..to)}.
   *
   * @param full whether to test all models or only the monotone part
   */
  boolean classOk(int[] members, int from, int to, boolean full) {
    int size = to - from;
    if (sensitive == null) return size >= k;
    int[] hist = scratch;
    int[] ids = new int[Math.min(size, domain)];
    int m = 0;
    for (int i = from; i < to; i++) {
      int s = sensitive[members[i]];
      if (hist[s]++ == 0) ids[m++] = s;
    }
    boolean ok = full ? fullOk(size, hist, ids, m) : monotoneOk(size, m);
    for (int i = 0; i < m; i++) hist[ids[i]] = 0;
    return ok;
  }
}
