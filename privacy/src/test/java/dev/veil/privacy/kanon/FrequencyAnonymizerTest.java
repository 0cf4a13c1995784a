package dev.veil.privacy.kanon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The frequency-set path (what the pipeline stages run) against the single-machine algorithms on
 * the same records: identical output cells, suppression, utility and risk; and independent of the
 * order in which the counts arrive.
 */
class FrequencyAnonymizerTest {
  static final List<String> QIS = List.of("age", "zip", "sex");

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of(11L, 2, null, null, 0.0, true),
        Arguments.of(12L, 5, null, null, 0.05, true),
        Arguments.of(13L, 10, null, null, 0.0, false),
        Arguments.of(14L, 3, LDiversity.distinct(2), null, 0.05, true),
        Arguments.of(15L, 3, LDiversity.entropy(2), null, 0.1, true),
        Arguments.of(16L, 2, LDiversity.recursive(3, 2), null, 0.1, true),
        Arguments.of(17L, 2, null, new TCloseness(0.3, TCloseness.Distance.EQUAL), 0.05, true),
        Arguments.of(18L, 2, null, new TCloseness(0.4, TCloseness.Distance.ORDERED), 0.05, false));
  }

  static AnonymizationSpec spec(LatticeAnonymizerTest.Data d, int k, LDiversity l, TCloseness t, double sup, boolean allHierarchies) {
    AnonymizationSpec.Builder b = AnonymizationSpec.builder().quasiIdentifiers(QIS).k(k).maxSuppression(sup);
    for (String q : QIS) {
      if (allHierarchies || q.equals("zip")) b.hierarchy(q, d.hierarchies().get(q));
    }
    if (l != null || t != null) b.sensitive("disease");
    if (l != null) b.lDiversity(l);
    if (t != null) b.tCloseness(t);
    return b.build();
  }

  /** Applies a plan to the records as the engines do: cells in place of the quasi-identifiers, suppressed records removed. */
  static List<String[]> apply(Table table, FrequencyAnonymizer.Result r) {
    int[] cols = QIS.stream().mapToInt(table::column).toArray();
    List<String[]> out = new ArrayList<>();
    for (String[] row : table.rows()) {
      String[] key = new String[cols.length];
      for (int i = 0; i < cols.length; i++) key[i] = row[cols[i]];
      String[] cells = r.generalization().cellsOf(Arrays.asList(key));
      if (cells == null) continue;
      String[] o = row.clone();
      for (int i = 0; i < cols.length; i++) o[cols[i]] = cells[i];
      out.add(o);
    }
    return out;
  }

  static void assertSameRows(List<String[]> expected, List<String[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.get(i), actual.get(i), "row " + i);
  }

  static void assertClose(double a, double b, String what) {
    assertTrue(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)), what + ": " + a + " vs " + b);
  }

  static void assertSameMetrics(KAnonymizationResult ref, FrequencyAnonymizer.Result r) {
    assertEquals(ref.utility().discernibility(), r.utility().discernibility());
    assertClose(ref.utility().averageClassSize(), r.utility().averageClassSize(), "avg class size");
    assertClose(ref.utility().precisionLoss(), r.utility().precisionLoss(), "precision loss");
    assertClose(ref.utility().nonUniformEntropy(), r.utility().nonUniformEntropy(), "nue");
    assertEquals(ref.risk().equivalenceClasses(), r.risk().equivalenceClasses());
    assertEquals(ref.risk().minClassSize(), r.risk().minClassSize());
    assertEquals(ref.risk().recordsAtRisk(), r.risk().recordsAtRisk());
    assertEquals(ref.risk().sampleUniques(), r.risk().sampleUniques());
    assertEquals(ref.risk().minDistinctL(), r.risk().minDistinctL());
    assertClose(ref.risk().minEntropyL(), r.risk().minEntropyL(), "entropy l");
  }

  static String sensitiveOf(AnonymizationSpec s) {
    return s.lDiversity().isPresent() || s.tCloseness().isPresent() ? "disease" : null;
  }

  @ParameterizedTest
  @MethodSource("configs")
  void mondrian_onTheFrequencySet_equalsMondrianOnTheRecords(long seed, int k, LDiversity l, TCloseness t, double sup, boolean all) {
    LatticeAnonymizerTest.Data d = LatticeAnonymizerTest.randomData(seed, 600);
    AnonymizationSpec s = spec(d, k, l, t, sup, all);
    KAnonymizationResult ref = Mondrian.anonymize(d.table(), s);
    FrequencyAnonymizer.Result r = FrequencyAnonymizer.mondrian(FrequencySet.of(d.table(), QIS, sensitiveOf(s)), s, 0.2);
    assertSameRows(ref.rows(), apply(d.table(), r));
    assertEquals(0, r.suppressedRecords());
    assertSameMetrics(ref, r);
    assertEquals(ref.search().get("partitions"), r.search().get("partitions"));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void lattice_onTheFrequencySet_equalsTheLatticeSearchOnTheRecords(long seed, int k, LDiversity l, TCloseness t, double sup, boolean all) {
    LatticeAnonymizerTest.Data d = LatticeAnonymizerTest.randomData(seed, 600);
    AnonymizationSpec s = spec(d, k, l, t, sup, true);
    KAnonymizationResult ref;
    try {
      ref = LatticeAnonymizer.anonymize(d.table(), s);
    } catch (IllegalArgumentException e) {
      IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
          () -> FrequencyAnonymizer.lattice(FrequencySet.of(d.table(), QIS, sensitiveOf(s)), s, 0.2));
      assertEquals(e.getMessage(), e2.getMessage());
      return;
    }
    FrequencyAnonymizer.Result r = FrequencyAnonymizer.lattice(FrequencySet.of(d.table(), QIS, sensitiveOf(s)), s, 0.2);
    assertEquals(ref.levels(), r.levels());
    assertEquals(ref.suppressedRows().length, r.suppressedRecords());
    assertSameRows(ref.rows(), apply(d.table(), r));
    assertSameMetrics(ref, r);
  }

  @Test
  void theSet_isCanonical_whateverTheOrderOfTheCounts() {
    LatticeAnonymizerTest.Data d = LatticeAnonymizerTest.randomData(21, 500);
    FrequencySet a = FrequencySet.of(d.table(), QIS, "disease");
    List<String[]> shuffled = new ArrayList<>(d.table().rows());
    Collections.shuffle(shuffled, new Random(3));
    FrequencySet.Builder b = FrequencySet.builder(3, true);
    // counts arrive in pieces and out of order, as from several workers
    for (String[] row : shuffled) b.add(new String[] {row[1], row[2], row[3], row[4]}, 1);
    FrequencySet c = b.build();
    assertEquals(a, c);
    assertEquals(500, c.records());
    AnonymizationSpec s = spec(d, 4, LDiversity.distinct(2), null, 0, true);
    FrequencyAnonymizer.Result ra = FrequencyAnonymizer.mondrian(a, s, 0.2);
    FrequencyAnonymizer.Result rc = FrequencyAnonymizer.mondrian(c, s, 0.2);
    assertSameRows(apply(d.table(), ra), apply(d.table(), rc));
  }

  @Test
  void risk_ofTheSet_equalsRiskMetricsOfTheRecords() {
    for (long seed = 30; seed < 36; seed++) {
      LatticeAnonymizerTest.Data d = LatticeAnonymizerTest.randomData(seed, 300);
      List<String[]> rows = new ArrayList<>(d.table().rows());
      rows.add(new String[] {"x", null, "0", "M", null}); // missing values are values of their own
      Table t = Table.of("t.csv", d.table().header(), rows);
      for (String sens : new String[] {null, "disease"}) {
        RiskMetrics ref = RiskMetrics.compute(t.rows(), new int[] {1, 2, 3}, sens == null ? -1 : 4, 0.1);
        RiskMetrics r = FrequencySet.of(t, QIS, sens).risk(0.1);
        assertEquals(ref.toMap(sens != null).keySet(), r.toMap(sens != null).keySet());
        assertEquals(ref.equivalenceClasses(), r.equivalenceClasses());
        assertEquals(ref.minClassSize(), r.minClassSize());
        assertEquals(ref.recordsAtRisk(), r.recordsAtRisk());
        assertEquals(ref.sampleUniques(), r.sampleUniques());
        assertEquals(ref.minDistinctL(), r.minDistinctL());
        assertClose(ref.prosecutorRiskAvg(), r.prosecutorRiskAvg(), "avg");
        assertClose(ref.minEntropyL(), r.minEntropyL(), "entropy l");
      }
    }
  }

  @Test
  void badInput_failsWithAClearMessage() {
    LatticeAnonymizerTest.Data d = LatticeAnonymizerTest.randomData(40, 50);
    AnonymizationSpec big = spec(d, 51, null, null, 0, true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FrequencyAnonymizer.mondrian(FrequencySet.of(d.table(), QIS, null), big, 0.2));
    assertTrue(e.getMessage().contains("k must be <= the number of records (50)"), e.getMessage());
    GeneralizationHierarchy sexOnlyM = GeneralizationHierarchy.parse("sex.csv", List.of("M;*"), ';');
    AnonymizationSpec bad = AnonymizationSpec.builder().quasiIdentifiers(QIS).k(2).hierarchy("age", d.hierarchies().get("age"))
        .hierarchy("zip", d.hierarchies().get("zip")).hierarchy("sex", sexOnlyM).build();
    for (boolean lattice : new boolean[] {true, false}) {
      HierarchyException h = assertThrows(HierarchyException.class, () -> {
        FrequencySet fs = FrequencySet.of(d.table(), QIS, null);
        if (lattice) FrequencyAnonymizer.lattice(fs, bad, 0.2);
        else FrequencyAnonymizer.mondrian(fs, bad, 0.2);
      });
      assertTrue(h.getMessage().contains("column 'sex'") && h.getMessage().contains("sex.csv"), h.getMessage());
      assertTrue(!h.getMessage().contains("'F'"), "never the value: " + h.getMessage());
    }
  }

  @Test
  void cellsOf_anUncountedTuple_isAnError_andSuppressedIsNull() {
    LatticeAnonymizerTest.Data d = LatticeAnonymizerTest.randomData(41, 200);
    FrequencyAnonymizer.Result r = FrequencyAnonymizer.lattice(FrequencySet.of(d.table(), QIS, null), spec(d, 50, null, null, 0.5, true), 0.2);
    assertThrows(IllegalStateException.class, () -> r.generalization().cellsOf(List.of("999", "x", "M")));
    long suppressed = 0;
    for (String[] row : d.table().rows()) {
      if (r.generalization().cellsOf(List.of(row[1], row[2], row[3])) == null) suppressed++;
    }
    assertEquals(r.suppressedRecords(), suppressed);
  }
}
