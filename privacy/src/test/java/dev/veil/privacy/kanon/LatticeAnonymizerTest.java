package dev.veil.privacy.kanon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The lattice search against brute force: on seeded random tables, every node of the lattice is
 * generalized and judged by the definitions (test code), the loss is recomputed from its
 * definition, and the search must return the same optimal node; its output passes the
 * {@link IndependentChecker}.
 */
class LatticeAnonymizerTest {
  static final List<String> ZIP_ROWS = List.of("10115;101**;1****;*", "10117;101**;1****;*", "10245;102**;1****;*", "10247;102**;1****;*",
      "20095;200**;2****;*", "20097;200**;2****;*");
  static final String[] DISEASES = {"flu", "cold", "hiv", "cancer", "asthma"};

  record Data(Table table, Map<String, GeneralizationHierarchy> hierarchies) {}

  static Data randomData(long seed, int n) {
    Random rnd = new Random(seed);
    List<String[]> rows = new ArrayList<>();
    List<String> ages = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      String age = String.valueOf(20 + (int) Math.min(39, Math.abs(rnd.nextGaussian() * 12)));
      ages.add(age);
      String zip = ZIP_ROWS.get(rnd.nextInt(ZIP_ROWS.size())).split(";")[0];
      String sex = rnd.nextBoolean() ? "M" : "F";
      double u = rnd.nextDouble();
      String disease = DISEASES[u < 0.4 ? 0 : u < 0.7 ? 1 : u < 0.85 ? 2 : u < 0.95 ? 3 : 4];
      rows.add(new String[] {String.valueOf(r), age, zip, sex, disease});
    }
    Map<String, GeneralizationHierarchy> h = new HashMap<>();
    h.put("age", GeneralizationHierarchy.numeric("age", ages, 5));
    h.put("zip", GeneralizationHierarchy.parse("zip.csv", ZIP_ROWS, ';'));
    h.put("sex", GeneralizationHierarchy.parse("sex.csv", List.of("M;*", "F;*"), ';'));
    return new Data(Table.of("people.csv", List.of("id", "age", "zip", "sex", "disease"), rows), h);
  }

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of(1L, 2, null, null, 0.0),
        Arguments.of(2L, 5, null, null, 0.0),
        Arguments.of(3L, 5, null, null, 0.05),
        Arguments.of(4L, 10, null, null, 0.1),
        Arguments.of(5L, 3, LDiversity.distinct(2), null, 0.05),
        Arguments.of(6L, 3, LDiversity.distinct(3), null, 0.1),
        Arguments.of(7L, 2, LDiversity.entropy(2), null, 0.05),
        Arguments.of(8L, 2, LDiversity.recursive(3, 2), null, 0.1),
        Arguments.of(9L, 2, null, new TCloseness(0.3, TCloseness.Distance.EQUAL), 0.05),
        Arguments.of(10L, 2, null, new TCloseness(0.25, TCloseness.Distance.ORDERED), 0.1),
        Arguments.of(11L, 4, LDiversity.entropy(1.8), new TCloseness(0.35, TCloseness.Distance.EQUAL), 0.08));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void search_findsTheBruteForceOptimum_andTheOutputPassesTheChecker(long seed, int k, LDiversity l, TCloseness t, double supp) {
    Data d = randomData(seed, 300);
    List<String> qis = List.of("age", "zip", "sex");
    AnonymizationSpec.Builder b = AnonymizationSpec.builder().quasiIdentifiers(qis).k(k).maxSuppression(supp);
    qis.forEach(c -> b.hierarchy(c, d.hierarchies().get(c)));
    if (l != null || t != null) b.sensitive("disease");
    if (l != null) b.lDiversity(l);
    if (t != null) b.tCloseness(t);
    AnonymizationSpec spec = b.build();

    List<Integer> expected = bruteForceOptimum(d, qis, spec);
    KAnonymizationResult r = LatticeAnonymizer.anonymize(d.table(), spec);
    assertEquals(expected, r.levels().orElseThrow());

    Map<String, Map<String, Set<String>>> cover = new HashMap<>();
    for (String c : qis) {
      GeneralizationHierarchy h = d.hierarchies().get(c);
      Map<String, Set<String>> m = new HashMap<>();
      for (String v : h.domain()) {
        Set<String> s = new java.util.HashSet<>();
        for (int lv = 0; lv < h.levels(); lv++) s.add(h.generalize(v, lv));
        m.put(v, s);
      }
      cover.put(c, m);
    }
    IndependentChecker.Measured m = IndependentChecker.check(d.table().header(), d.table().rows(), r.rows(), r.suppressedRows(), qis,
        spec.sensitive().orElse(null), k, l, t, supp, cover);
    assertEquals(m.classes(), r.risk().equivalenceClasses());
    assertEquals(1.0 / m.minClassSize(), r.risk().prosecutorRiskMax(), 1e-12);
  }

  /** Every node generalized with plain maps and judged by the definitions; optimum by loss, level sum, then levels. */
  static List<Integer> bruteForceOptimum(Data d, List<String> qis, AnonymizationSpec spec) {
    int q = qis.size();
    int[] cols = qis.stream().mapToInt(d.table()::column).toArray();
    int[] top = qis.stream().mapToInt(c -> d.hierarchies().get(c).levels() - 1).toArray();
    int n = d.table().size();
    List<int[]> nodes = new ArrayList<>();
    enumerate(new int[q], 0, top, nodes);
    List<Integer> best = null;
    double bestLoss = 0;
    int bestSum = 0;
    for (int[] node : nodes) {
      Map<List<String>, List<String>> classes = new HashMap<>();
      for (String[] row : d.table().rows()) {
        List<String> key = new ArrayList<>();
        for (int i = 0; i < q; i++) key.add(d.hierarchies().get(qis.get(i)).generalize(row[cols[i]], node[i]));
        classes.computeIfAbsent(key, x -> new ArrayList<>()).add(row[4]);
      }
      int suppressed = 0;
      for (List<String> cls : classes.values()) {
        if (!classMeets(cls, spec, d.table())) suppressed += cls.size();
      }
      if (suppressed > Math.floor(spec.maxSuppression() * n + 1e-9)) continue;
      double loss = 0;
      for (int i = 0; i < q; i++) {
        Map<String, Integer> c0 = new HashMap<>();
        Map<String, Integer> cl = new HashMap<>();
        GeneralizationHierarchy h = d.hierarchies().get(qis.get(i));
        for (String[] row : d.table().rows()) {
          c0.merge(row[cols[i]], 1, Integer::sum);
          cl.merge(h.generalize(row[cols[i]], node[i]), 1, Integer::sum);
        }
        for (String[] row : d.table().rows()) {
          loss += Math.log((double) cl.get(h.generalize(row[cols[i]], node[i])) / c0.get(row[cols[i]])) / Math.log(2);
        }
      }
      int sum = java.util.Arrays.stream(node).sum();
      List<Integer> lv = java.util.Arrays.stream(node).boxed().toList();
      boolean better = best == null || loss < bestLoss - 1e-6
          || (Math.abs(loss - bestLoss) <= 1e-6 && (sum < bestSum || (sum == bestSum && compare(lv, best) < 0)));
      if (better) {
        best = lv;
        bestLoss = loss;
        bestSum = sum;
      }
    }
    return best;
  }

  static int compare(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < a.size(); i++) if (!a.get(i).equals(b.get(i))) return a.get(i) - b.get(i);
    return 0;
  }

  static boolean classMeets(List<String> sens, AnonymizationSpec spec, Table t) {
    if (sens.size() < spec.k()) return false;
    Map<String, Integer> f = new HashMap<>();
    sens.forEach(s -> f.merge(s, 1, Integer::sum));
    if (spec.lDiversity().isPresent()) {
      LDiversity l = spec.lDiversity().get();
      if (f.size() < l.l()) return false;
      if (l.variant() == LDiversity.Variant.ENTROPY) {
        double e = 0;
        for (int c : f.values()) e -= (double) c / sens.size() * Math.log((double) c / sens.size());
        if (e < Math.log(l.l()) - 1e-9) return false;
      }
      if (l.variant() == LDiversity.Variant.RECURSIVE) {
        List<Integer> c = new ArrayList<>(f.values());
        c.sort((x, y) -> y - x);
        int tail = 0;
        for (int i = (int) l.l() - 1; i < c.size(); i++) tail += c.get(i);
        if (!(c.get(0) < l.c() * tail)) return false;
      }
    }
    if (spec.tCloseness().isPresent()) {
      Map<String, Double> global = new java.util.TreeMap<>();
      for (String[] row : t.rows()) global.merge(row[4], 1.0 / t.size(), Double::sum);
      TCloseness tc = spec.tCloseness().get();
      double emd = tc.distance() == TCloseness.Distance.EQUAL ? IndependentChecker.emdEqual(f, sens.size(), global)
          : IndependentChecker.emdOrdered(f, sens.size(), global);
      if (emd > tc.t() + 1e-9) return false;
    }
    return true;
  }

  static void enumerate(int[] cur, int i, int[] top, List<int[]> out) {
    if (i == cur.length) {
      out.add(cur.clone());
      return;
    }
    for (int v = 0; v <= top[i]; v++) {
      cur[i] = v;
      enumerate(cur, i + 1, top, out);
    }
  }

  @Test
  void kLargerThanData_isRejected() {
    Data d = randomData(1, 20);
    AnonymizationSpec.Builder b = AnonymizationSpec.builder().quasiIdentifiers(List.of("age", "zip", "sex")).k(21);
    d.hierarchies().forEach(b::hierarchy);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LatticeAnonymizer.anonymize(d.table(), b.build()));
    assertTrue(e.getMessage().startsWith("k must be <= the number of records (20)"), e.getMessage());
  }

  @Test
  void missingQuasiIdentifier_isRejectedNamingTheColumns() {
    Data d = randomData(1, 20);
    AnonymizationSpec spec = AnonymizationSpec.builder().quasiIdentifiers(List.of("age", "postcode")).k(2)
        .hierarchy("age", d.hierarchies().get("age")).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LatticeAnonymizer.anonymize(d.table(), spec));
    assertTrue(e.getMessage().contains("column 'postcode' does not exist in people.csv"), e.getMessage());
  }

  @Test
  void valueMissingFromHierarchy_namesFileLineColumnAndHierarchy_notTheValue() {
    Data d = randomData(1, 20);
    List<String[]> rows = new ArrayList<>(d.table().rows());
    rows.set(6, new String[] {"6", "30", "99999", "M", "flu"});
    Table t = Table.of("people.csv", d.table().header(), rows);
    AnonymizationSpec.Builder b = AnonymizationSpec.builder().quasiIdentifiers(List.of("zip")).k(2);
    b.hierarchy("zip", d.hierarchies().get("zip"));
    HierarchyException e = assertThrows(HierarchyException.class, () -> LatticeAnonymizer.anonymize(t, b.build()));
    assertTrue(e.getMessage().startsWith("people.csv:8:3: the value of column 'zip' is not in its hierarchy zip.csv"), e.getMessage());
    assertFalse(e.getMessage().contains("99999"));
  }

  @Test
  void impossibleDiversity_isRejectedWithAClearMessage() {
    Data d = randomData(1, 50);
    AnonymizationSpec.Builder b = AnonymizationSpec.builder().quasiIdentifiers(List.of("age", "zip", "sex")).k(2).sensitive("disease")
        .lDiversity(LDiversity.distinct(6));
    d.hierarchies().forEach(b::hierarchy);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LatticeAnonymizer.anonymize(d.table(), b.build()));
    assertTrue(e.getMessage().startsWith("no generalization meets 2-anonymity, distinct-6-diversity"), e.getMessage());
  }

  @Test
  void spec_badArguments_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> AnonymizationSpec.builder().k(1).build());
    assertThrows(IllegalArgumentException.class, () -> AnonymizationSpec.builder().quasiIdentifiers(List.of("a")).k(0).build());
    assertThrows(IllegalArgumentException.class, () -> AnonymizationSpec.builder().quasiIdentifiers(List.of("a")).maxSuppression(1.5).build());
    assertThrows(IllegalArgumentException.class,
        () -> AnonymizationSpec.builder().quasiIdentifiers(List.of("a")).lDiversity(LDiversity.distinct(2)).build());
    assertThrows(IllegalArgumentException.class, () -> LDiversity.entropy(0.5));
    assertThrows(IllegalArgumentException.class, () -> new LDiversity(LDiversity.Variant.DISTINCT, 2.5, 0));
    assertThrows(IllegalArgumentException.class, () -> new TCloseness(1.2, TCloseness.Distance.EQUAL));
  }

  @Test
  void keysWiderThan64Bits_areCountedExactly() {
    // five columns with 20,000-value domains need 15 bits each: 75 bits, two words per key
    Random rnd = new Random(42);
    List<String> names = List.of("a", "b", "c", "d", "e");
    Map<String, GeneralizationHierarchy> h = new HashMap<>();
    for (String c : names) {
      List<List<String>> hrows = new ArrayList<>();
      for (int v = 0; v < 20_000; v++) hrows.add(List.of(c + v, c + (v % 3), "*"));
      h.put(c, GeneralizationHierarchy.of(c + ".csv", hrows));
    }
    List<String[]> rows = new ArrayList<>();
    for (int r = 0; r < 300; r++) {
      String[] row = new String[6];
      for (int i = 0; i < 5; i++) row[i] = names.get(i) + (rnd.nextInt(6) * 3 + 19_980 - (r % 2) * 19_980 + i % 3);
      row[5] = DISEASES[rnd.nextInt(5)];
      rows.add(row);
    }
    Table t = Table.of("wide.csv", List.of("a", "b", "c", "d", "e", "disease"), rows);
    AnonymizationSpec.Builder b = AnonymizationSpec.builder().quasiIdentifiers(names).k(3).maxSuppression(0.05);
    names.forEach(c -> b.hierarchy(c, h.get(c)));
    AnonymizationSpec spec = b.build();
    KAnonymizationResult r = LatticeAnonymizer.anonymize(t, spec);
    // brute force with the test's own grouping
    List<int[]> nodes = new ArrayList<>();
    enumerate(new int[5], 0, new int[] {2, 2, 2, 2, 2}, nodes);
    List<Integer> best = null;
    double bestLoss = 0;
    int bestSum = 0;
    for (int[] node : nodes) {
      Map<List<String>, Integer> classes = new HashMap<>();
      for (String[] row : rows) {
        List<String> key = new ArrayList<>();
        for (int i = 0; i < 5; i++) key.add(h.get(names.get(i)).generalize(row[i], node[i]));
        classes.merge(key, 1, Integer::sum);
      }
      int sup = classes.values().stream().filter(x -> x < 3).mapToInt(Integer::intValue).sum();
      if (sup > Math.floor(0.05 * 300 + 1e-9)) continue;
      double loss = 0;
      for (int i = 0; i < 5; i++) {
        Map<String, Integer> c0 = new HashMap<>();
        Map<String, Integer> cl = new HashMap<>();
        for (String[] row : rows) {
          c0.merge(row[i], 1, Integer::sum);
          cl.merge(h.get(names.get(i)).generalize(row[i], node[i]), 1, Integer::sum);
        }
        for (String[] row : rows) loss += Math.log((double) cl.get(h.get(names.get(i)).generalize(row[i], node[i])) / c0.get(row[i])) / Math.log(2);
      }
      int sum = java.util.Arrays.stream(node).sum();
      List<Integer> lv = java.util.Arrays.stream(node).boxed().toList();
      if (best == null || loss < bestLoss - 1e-6 || (Math.abs(loss - bestLoss) <= 1e-6 && (sum < bestSum || (sum == bestSum && compare(lv, best) < 0)))) {
        best = lv;
        bestLoss = loss;
        bestSum = sum;
      }
    }
    assertEquals(best, r.levels().orElseThrow());
    Map<String, Map<String, Set<String>>> cover = new HashMap<>();
    for (String c : names) {
      Map<String, Set<String>> m = new HashMap<>();
      for (String v : h.get(c).domain()) m.put(v, new java.util.HashSet<>(List.of(v, h.get(c).generalize(v, 1), "*")));
      cover.put(c, m);
    }
    IndependentChecker.Measured m = IndependentChecker.check(t.header(), rows, r.rows(), r.suppressedRows(), names, null, 3, null, null, 0.05, cover);
    assertEquals(m.classes(), r.risk().equivalenceClasses());
  }
}
