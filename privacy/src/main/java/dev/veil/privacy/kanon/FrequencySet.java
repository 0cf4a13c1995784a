package dev.veil.privacy.kanon;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The frequency set of a table (LeFevre et al.): its distinct tuples of quasi-identifier values,
 * optionally extended by the value of one sensitive column, each with the number of records that
 * hold it. It is all the k-anonymity algorithms need to know about the records: class sizes,
 * sensitive histograms and cuts are sums over it, so an engine computes it with one distributed
 * aggregation and the plan is made from it on one machine, in memory proportional to the number of
 * distinct tuples, not of records.
 *
 * <p>Tuples are text (a value's text form, see the {@code kanonymize} stage); a null entry is a
 * missing value. The set is canonical: entries are sorted by tuple (element by element, null
 * first, then {@link String#compareTo}) and equal tuples are merged, so two engines that count
 * the same records build equal sets whatever order their aggregation returned them in.
 *
 * <p>Immutable, thread-safe, serializable. Privacy: holds quasi-identifier and sensitive values;
 * it is as sensitive as the data and must never be logged or written to a report.
 */
public final class FrequencySet implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int quasiIdentifiers;
  private final boolean withSensitive;
  private final String[][] tuples;
  private final long[] counts;
  private final long records;

  private FrequencySet(int quasiIdentifiers, boolean withSensitive, String[][] tuples, long[] counts) {
    this.quasiIdentifiers = quasiIdentifiers;
    this.withSensitive = withSensitive;
    this.tuples = tuples;
    this.counts = counts;
    long n = 0;
    for (long c : counts) n = Math.addExact(n, c);
    this.records = n;
  }

  /** A builder for tuples of {@code quasiIdentifiers} values, plus one sensitive value when {@code withSensitive}. */
  public static Builder builder(int quasiIdentifiers, boolean withSensitive) {
    if (quasiIdentifiers < 1) {
      throw new IllegalArgumentException("quasiIdentifiers must be >= 1. Provided value: " + quasiIdentifiers);
    }
    return new Builder(quasiIdentifiers, withSensitive);
  }

  /** The frequency set of {@code table} on the columns {@code qis} (and {@code sensitive}, or null). */
  public static FrequencySet of(Table table, List<String> qis, String sensitive) {
    int[] cols = new int[qis.size() + (sensitive == null ? 0 : 1)];
    for (int i = 0; i < qis.size(); i++) cols[i] = table.column(qis.get(i));
    if (sensitive != null) cols[qis.size()] = table.column(sensitive);
    Builder b = builder(qis.size(), sensitive != null);
    for (String[] row : table.rows()) {
      String[] t = new String[cols.length];
      for (int i = 0; i < cols.length; i++) t[i] = row[cols[i]];
      b.add(t, 1);
    }
    return b.build();
  }

  /** Number of quasi-identifiers (the first entries of every tuple). */
  public int quasiIdentifiers() {
    return quasiIdentifiers;
  }

  /** Whether every tuple ends with a sensitive value. */
  public boolean withSensitive() {
    return withSensitive;
  }

  /** Number of distinct tuples. */
  public int size() {
    return tuples.length;
  }

  /** Number of records (sum of the counts). */
  public long records() {
    return records;
  }

  /** Tuple {@code i} (a copy). */
  public String[] tuple(int i) {
    return tuples[i].clone();
  }

  /** Records holding tuple {@code i}. */
  public long count(int i) {
    return counts[i];
  }

  /** Compares tuples element by element, null first. */
  static int compare(String[] a, String[] b) {
    for (int i = 0; i < a.length; i++) {
      String x = a[i];
      String y = b[i];
      if (x == null || y == null) {
        if (x != y) return x == null ? -1 : 1;
        continue;
      }
      int c = x.compareTo(y);
      if (c != 0) return c;
    }
    return 0;
  }

  /**
   * The risk metrics of the records this set counts, on the quasi-identifiers (with the sensitive
   * value when the set has one); equal to {@link RiskMetrics#compute} over the records.
   */
  public RiskMetrics risk(double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be >= 0 and <= 1. Provided value: " + threshold);
    }
    long min = Long.MAX_VALUE;
    long atRisk = 0;
    long uniques = 0;
    long classes = 0;
    int minL = Integer.MAX_VALUE;
    double minEl = Double.POSITIVE_INFINITY;
    int i = 0;
    while (i < tuples.length) {
      int j = i;
      long size = 0;
      while (j < tuples.length && sameQi(tuples[i], tuples[j])) size += counts[j++];
      classes++;
      min = Math.min(min, size);
      if (1.0 / size > threshold) atRisk += size;
      if (size == 1) uniques++;
      if (withSensitive) {
        // tuples i..j-1 differ only in their sensitive value: one entry per distinct value
        minL = Math.min(minL, j - i);
        double h = 0;
        for (int e = i; e < j; e++) h -= (double) counts[e] / size * Math.log((double) counts[e] / size);
        minEl = Math.min(minEl, Math.exp(h));
      }
      i = j;
    }
    long n = records;
    return new RiskMetrics(n, classes, n == 0 ? 0 : min, n == 0 ? 0 : 1.0 / min, n == 0 ? 0 : (double) classes / n, threshold,
        atRisk, uniques, n == 0 ? 0 : (double) classes / n, withSensitive && n > 0 ? minL : 0, withSensitive && n > 0 ? minEl : 0);
  }

  private boolean sameQi(String[] a, String[] b) {
    for (int i = 0; i < quasiIdentifiers; i++) {
      if (a[i] == null ? b[i] != null : !a[i].equals(b[i])) return false;
    }
    return true;
  }

  /** The distinct values of entry {@code column} of the tuples, in tuple order of first appearance (nulls skipped). */
  public List<String> distinctValues(int column) {
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (String[] t : tuples) {
      if (t[column] != null && seen.add(t[column])) out.add(t[column]);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FrequencySet f && f.quasiIdentifiers == quasiIdentifiers && f.withSensitive == withSensitive
        && Arrays.deepEquals(f.tuples, tuples) && Arrays.equals(f.counts, counts);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(tuples) * 31 + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "FrequencySet{" + tuples.length + " distinct tuples, " + records + " records}"; // never the values
  }

  /**
   * Collects counts; equal tuples are merged. Not thread-safe. The engines feed it the output of
   * their aggregation (Spark: a {@code groupBy().count()} collected to the driver; Beam: a
   * {@code Combine}).
   */
  public static final class Builder {
    private final int quasiIdentifiers;
    private final boolean withSensitive;
    private final Map<List<String>, long[]> counts = new HashMap<>();

    private Builder(int quasiIdentifiers, boolean withSensitive) {
      this.quasiIdentifiers = quasiIdentifiers;
      this.withSensitive = withSensitive;
    }

    /** Adds {@code count} records holding {@code tuple}. */
    public Builder add(String[] tuple, long count) {
      int width = quasiIdentifiers + (withSensitive ? 1 : 0);
      if (tuple.length != width) {
        throw new IllegalArgumentException("tuple must have " + width + " entries. Provided value: " + tuple.length + " entries");
      }
      if (count < 1) throw new IllegalArgumentException("count must be >= 1. Provided value: " + count);
      counts.computeIfAbsent(Arrays.asList(tuple.clone()), x -> new long[1])[0] += count;
      return this;
    }

    /** Adds every tuple of {@code other}. */
    public Builder addAll(FrequencySet other) {
      for (int i = 0; i < other.size(); i++) add(other.tuples[i], other.counts[i]);
      return this;
    }

    /** Distinct tuples so far. */
    public int size() {
      return counts.size();
    }

    public FrequencySet build() {
      List<Map.Entry<List<String>, long[]>> entries = new ArrayList<>(counts.entrySet());
      String[][] t = new String[entries.size()][];
      for (int i = 0; i < t.length; i++) t[i] = entries.get(i).getKey().toArray(new String[0]);
      Integer[] order = new Integer[t.length];
      for (int i = 0; i < order.length; i++) order[i] = i;
      Arrays.sort(order, (a, b) -> compare(t[a], t[b]));
      String[][] st = new String[t.length][];
      long[] sc = new long[t.length];
      for (int i = 0; i < order.length; i++) {
        st[i] = t[order[i]];
        sc[i] = entries.get(order[i]).getValue()[0];
      }
      return new FrequencySet(quasiIdentifiers, withSensitive, st, sc);
    }
  }
}
