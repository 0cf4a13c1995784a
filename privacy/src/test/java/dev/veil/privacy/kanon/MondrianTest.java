package dev.veil.privacy.kanon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MondrianTest {
  static AnonymizationSpec spec(LatticeAnonymizerTest.Data d, int k, LDiversity l, boolean zipHierarchy) {
    AnonymizationSpec.Builder b = AnonymizationSpec.builder().quasiIdentifiers(List.of("age", "zip", "sex")).k(k);
    if (zipHierarchy) b.hierarchy("zip", d.hierarchies().get("zip"));
    if (l != null) b.sensitive("disease").lDiversity(l);
    return b.build();
  }

  static Map<String, Map<String, Set<String>>> zipCover(LatticeAnonymizerTest.Data d) {
    GeneralizationHierarchy h = d.hierarchies().get("zip");
    Map<String, Set<String>> m = new HashMap<>();
    for (String v : h.domain()) {
      Set<String> s = new java.util.HashSet<>();
      for (int lv = 0; lv < h.levels(); lv++) s.add(h.generalize(v, lv));
      m.put(v, s);
    }
    return Map.of("zip", m);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 5, 10, 25})
  void partitions_meetK_andCellsCoverTheirValues(int k) {
    LatticeAnonymizerTest.Data d = LatticeAnonymizerTest.randomData(k, 400);
    AnonymizationSpec s = spec(d, k, null, true);
    KAnonymizationResult r = Mondrian.anonymize(d.table(), s);
    IndependentChecker.Measured m = IndependentChecker.check(d.table().header(), d.table().rows(), r.rows(), r.suppressedRows(),
        s.quasiIdentifiers(), null, k, null, null, 0, zipCover(d));
    assertEquals(m.classes(), r.risk().equivalenceClasses());
    // Mondrian splits while it can: no class holds 2k or more records with a single-valued QI split possible is too strong a claim,
    // but every class must be smaller than the whole table once k is small
    assertTrue(m.classes() > 1);
  }

  @Test
  void withoutHierarchy_categoricalCellsAreValueSets() {
    LatticeAnonymizerTest.Data d = LatticeAnonymizerTest.randomData(3, 200);
    AnonymizationSpec s = spec(d, 20, null, false);
    KAnonymizationResult r = Mondrian.anonymize(d.table(), s);
    IndependentChecker.check(d.table().header(), d.table().rows(), r.rows(), r.suppressedRows(), s.quasiIdentifiers(), null, 20, null, null, 0,
        null);
  }

  @Test
  void distinctLStopRule_isMet() {
    LatticeAnonymizerTest.Data d = LatticeAnonymizerTest.randomData(8, 400);
    AnonymizationSpec s = spec(d, 4, LDiversity.distinct(3), true);
    KAnonymizationResult r = Mondrian.anonymize(d.table(), s);
    IndependentChecker.Measured m = IndependentChecker.check(d.table().header(), d.table().rows(), r.rows(), r.suppressedRows(),
        s.quasiIdentifiers(), "disease", 4, LDiversity.distinct(3), null, 0, zipCover(d));
    assertTrue(m.minDistinct() >= 3);
  }

  @Test
  void isDeterministic_sameInputSameOutput() {
    LatticeAnonymizerTest.Data d = LatticeAnonymizerTest.randomData(9, 300);
    KAnonymizationResult a = Mondrian.anonymize(d.table(), spec(d, 5, null, true));
    KAnonymizationResult b = Mondrian.anonymize(d.table(), spec(d, 5, null, true));
    for (int i = 0; i < a.rows().size(); i++) assertArrayEquals(a.rows().get(i), b.rows().get(i));
  }

  @Test
  void chooseCut_widestNormalizedDimensionFirst_medianSplit() {
    // dim 0: ranks 0..3 with counts 1,1,1,5 over span 3 (width 1); dim 1: ranks 0,1 with counts 4,4 over span 10 (width 0.1)
    Mondrian.Summary s = new Mondrian.Summary(8, new int[][] {{0, 1, 2, 3}, {0, 1}}, new long[][] {{1, 1, 1, 5}, {4, 4}});
    List<Mondrian.Cut> cuts = Mondrian.chooseCut(s, new double[] {3, 10}, new double[][] {null, null});
    // median position (8-1)/2 = 3 falls in rank 3, the last one, so the left side ends at rank 2
    assertEquals(List.of(new Mondrian.Cut(0, 2), new Mondrian.Cut(1, 0)), cuts);
  }

  @Test
  void kLargerThanData_isRejected() {
    LatticeAnonymizerTest.Data d = LatticeAnonymizerTest.randomData(1, 10);
    assertThrows(IllegalArgumentException.class, () -> Mondrian.anonymize(d.table(), spec(d, 11, null, true)));
  }
}
