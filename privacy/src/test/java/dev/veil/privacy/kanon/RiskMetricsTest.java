package dev.veil.privacy.kanon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RiskMetricsTest {
  // classes on (zip, age): {a,1} x3, {a,2} x2, {b,1} x1  -> sizes 3, 2, 1
  static final List<String[]> ROWS = List.of(new String[] {"a", "1", "flu"}, new String[] {"a", "1", "flu"}, new String[] {"a", "1", "hiv"},
      new String[] {"a", "2", "flu"}, new String[] {"a", "2", "flu"}, new String[] {"b", "1", "cold"});

  @Test
  void compute_smallTable_matchesHandComputedFigures() {
    RiskMetrics m = RiskMetrics.compute(ROWS, new int[] {0, 1}, 2, 0.4);
    assertEquals(6, m.records());
    assertEquals(3, m.equivalenceClasses());
    assertEquals(1, m.minClassSize());
    assertEquals(1.0, m.prosecutorRiskMax());
    assertEquals(3.0 / 6, m.prosecutorRiskAvg(), 1e-12); // (3*(1/3) + 2*(1/2) + 1*1) / 6
    assertEquals(3, m.recordsAtRisk()); // risks 1/2 and 1 are > 0.4; 1/3 is not
    assertEquals(1, m.sampleUniques());
    assertEquals(0.5, m.marketerRisk(), 1e-12);
    assertEquals(1, m.minDistinctL()); // class {a,2} has only flu
    assertEquals(1.0, m.minEntropyL(), 1e-12);
    assertEquals(3L, m.toMap(true).get("records_at_risk"));
  }

  @Test
  void compute_oneColumn_mergesClasses() {
    RiskMetrics m = RiskMetrics.compute(ROWS, new int[] {0}, -1, 0.2);
    assertEquals(2, m.equivalenceClasses());
    assertEquals(1, m.sampleUniques());
    assertEquals(1, m.recordsAtRisk()); // only b (risk 1); a has risk 1/5
  }

  @Test
  void compute_badThreshold_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> RiskMetrics.compute(ROWS, new int[] {0}, -1, 1.5));
  }
}
