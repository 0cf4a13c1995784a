package dev.veil.privacy.kanon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Recomputes, from the input and output rows alone, what an anonymization promised: written
 * separately from the production code, by the definitions, with no shared helpers. It groups the
 * output rows by their quasi-identifier values with plain maps and checks class sizes, distinct /
 * entropy / recursive l and t (equal and ordered EMD), the suppression limit, that non-QI columns
 * are untouched and that every output cell generalizes its input value.
 */
final class IndependentChecker {
  private IndependentChecker() {}

  /** Measured properties of an output, returned so tests can compare them with reported figures. */
  record Measured(int minClassSize, int classes, int minDistinct, double minEntropyL, double maxEmdEqual, double maxEmdOrdered) {}

  /**
   * @param cover for each QI column name: original value -> the set of labels that may replace it
   *     (all its hierarchy labels), or null to accept ranges/sets checked by {@code covers}
   */
  static Measured check(List<String> header, List<String[]> input, List<String[]> output, int[] suppressed, List<String> qis,
      String sensitive, int k, LDiversity l, TCloseness t, double maxSuppression, Map<String, Map<String, Set<String>>> cover) {
    // 1. suppression within the limit, output = input minus suppressed rows, in order
    assertTrue(suppressed.length <= Math.floor(maxSuppression * input.size() + 1e-9),
        "suppressed " + suppressed.length + " of " + input.size() + " > limit " + maxSuppression);
    Set<Integer> sup = new HashSet<>();
    for (int s : suppressed) sup.add(s);
    assertEquals(input.size() - sup.size(), output.size(), "output size");
    List<Integer> qiIdx = new ArrayList<>();
    for (String qi : qis) qiIdx.add(header.indexOf(qi));
    int o = 0;
    for (int r = 0; r < input.size(); r++) {
      if (sup.contains(r)) continue;
      String[] in = input.get(r);
      String[] out = output.get(o++);
      assertEquals(in.length, out.length);
      for (int c = 0; c < in.length; c++) {
        if (qiIdx.contains(c)) {
          String name = header.get(c);
          if (cover != null && cover.containsKey(name)) {
            Set<String> ok = cover.get(name).get(in[c]);
            assertTrue(ok != null && ok.contains(out[c]), "row " + r + " column " + name + ": output cell is not a generalization of the input");
          } else {
            assertTrue(covers(out[c], in[c]), "row " + r + " column " + name + ": output range/set does not cover the input value");
          }
        } else {
          assertEquals(in[c], out[c], "row " + r + " non-QI column " + header.get(c) + " changed");
        }
      }
    }
    // 2. classes
    Map<List<String>, List<String>> classes = new HashMap<>();
    int s = sensitive == null ? -1 : header.indexOf(sensitive);
    for (String[] row : output) {
      List<String> key = new ArrayList<>();
      for (int c : qiIdx) key.add(row[c]);
      classes.computeIfAbsent(key, x -> new ArrayList<>()).add(s < 0 ? "" : String.valueOf(row[s]));
    }
    // global distribution over the INPUT
    Map<String, Double> global = new TreeMap<>();
    if (s >= 0) for (String[] row : input) global.merge(String.valueOf(row[s]), 1.0 / input.size(), Double::sum);
    int minSize = Integer.MAX_VALUE;
    int minDistinct = Integer.MAX_VALUE;
    double minEntropyL = Double.POSITIVE_INFINITY;
    double maxEq = 0;
    double maxOrd = 0;
    for (List<String> members : classes.values()) {
      minSize = Math.min(minSize, members.size());
      assertTrue(members.size() >= k, "class of size " + members.size() + " < k=" + k);
      if (s < 0) continue;
      Map<String, Integer> freq = new HashMap<>();
      for (String v : members) freq.put(v, freq.getOrDefault(v, 0) + 1);
      minDistinct = Math.min(minDistinct, freq.size());
      double ent = 0;
      for (int f : freq.values()) {
        double p = f / (double) members.size();
        ent += -p * Math.log(p);
      }
      minEntropyL = Math.min(minEntropyL, Math.exp(ent));
      double eq = emdEqual(freq, members.size(), global);
      double ord = emdOrdered(freq, members.size(), global);
      maxEq = Math.max(maxEq, eq);
      maxOrd = Math.max(maxOrd, ord);
      if (l != null) {
        switch (l.variant()) {
          case DISTINCT -> assertTrue(freq.size() >= l.l(), "distinct l " + freq.size() + " < " + l.l());
          case ENTROPY -> assertTrue(ent >= Math.log(l.l()) - 1e-9, "entropy l " + Math.exp(ent) + " < " + l.l());
          case RECURSIVE -> {
            List<Integer> counts = new ArrayList<>(freq.values());
            counts.sort((a, b) -> b - a);
            int li = (int) l.l();
            assertTrue(counts.size() >= li, "recursive: fewer than l distinct values");
            int tail = 0;
            for (int i = li - 1; i < counts.size(); i++) tail += counts.get(i);
            assertTrue(counts.get(0) < l.c() * tail, "recursive (c,l): r1=" + counts.get(0) + " >= c*" + tail);
          }
          default -> fail();
        }
      }
      if (t != null) {
        double d = t.distance() == TCloseness.Distance.EQUAL ? eq : ord;
        assertTrue(d <= t.t() + 1e-9, "EMD " + d + " > t=" + t.t());
      }
    }
    return new Measured(output.isEmpty() ? 0 : minSize, classes.size(), minDistinct, minEntropyL, maxEq, maxOrd);
  }

  static double emdEqual(Map<String, Integer> freq, int size, Map<String, Double> global) {
    double sum = 0;
    Set<String> all = new HashSet<>(global.keySet());
    all.addAll(freq.keySet());
    for (String v : all) sum += Math.abs(freq.getOrDefault(v, 0) / (double) size - global.getOrDefault(v, 0.0));
    return sum / 2;
  }

  /** Ordered EMD: values sorted numerically if all are numbers, else as text; distance |i-j|/(m-1). */
  static double emdOrdered(Map<String, Integer> freq, int size, Map<String, Double> global) {
    List<String> values = new ArrayList<>(global.keySet());
    boolean numeric = values.stream().allMatch(v -> v.matches("-?[0-9]+(\\.[0-9]+)?"));
    if (numeric) values.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
    else values.sort(String::compareTo);
    int m = values.size();
    if (m <= 1) return 0;
    // transport cost by the flow across each gap between neighbours
    double carried = 0;
    double cost = 0;
    for (int i = 0; i < m - 1; i++) {
      String v = values.get(i);
      carried += freq.getOrDefault(v, 0) / (double) size - global.get(v);
      cost += Math.abs(carried) / (m - 1);
    }
    return cost;
  }

  /** Mondrian cells: a single value, {@code [lo, hi]} numeric range, or {@code {a,b,c}} set, or a label given in cover. */
  static boolean covers(String cell, String value) {
    if (cell.equals(value)) return true;
    if (cell.startsWith("[") && cell.endsWith("]")) {
      String[] p = cell.substring(1, cell.length() - 1).split(", ");
      double v = Double.parseDouble(value);
      return Double.parseDouble(p[0]) <= v && v <= Double.parseDouble(p[1]);
    }
    if (cell.startsWith("{") && cell.endsWith("}")) {
      return List.of(cell.substring(1, cell.length() - 1).split(",")).contains(value);
    }
    return false;
  }

  /** Reads a hierarchy file without the production loader: value -> all labels of its row. */
  static Map<String, Set<String>> labelsOf(Collection<String> lines) {
    Map<String, Set<String>> m = new HashMap<>();
    for (String line : lines) {
      if (line.isBlank()) continue;
      String[] cells = line.split(";", -1);
      m.put(cells[0], new HashSet<>(List.of(cells)));
    }
    return m;
  }

  static void assertSameRow(String[] a, String[] b) {
    assertArrayEquals(a, b);
  }
}
