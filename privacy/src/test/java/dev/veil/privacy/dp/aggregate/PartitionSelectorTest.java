package dev.veil.privacy.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.dp.NormalMath;
import org.junit.jupiter.api.Test;

/**
 * Private partition selection: the truncated-geometric probabilities satisfy the (epsilon, delta)-DP
 * constraints between neighbouring unit counts and are the largest that do (each step is tight); the
 * Gaussian threshold keeps a single-unit partition with probability at most delta/2 over L0 partitions;
 * AUTO picks the method needing fewer units; drawn decisions match the stated probabilities. Statistical
 * checks are 5-standard-error bounds (false failure about 5.7e-7 each, 4 checks).
 */
class PartitionSelectorTest {

  @Test
  void truncatedGeometric_satisfiesTheDpConstraints_tightly_andReachesOne() {
    for (double[] p : new double[][] {{1.0, 1e-5}, {0.1, 1e-8}, {3.0, 1e-3}, {0.01, 1e-10}}) {
      double e = p[0];
      double d = p[1];
      double[] t = PartitionSelector.truncatedGeometricTable(e, d);
      assertEquals(0.0, t[0]);
      assertEquals(d, t[1], d * 1e-12, "p(1) = delta");
      assertEquals(1.0, t[t.length - 1]);
      for (int n = 1; n < t.length; n++) {
        double bound1 = Math.exp(e) * t[n - 1] + d;
        double bound2 = 1 - Math.exp(-e) * (1 - t[n - 1] - d);
        assertTrue(t[n] <= bound1 * (1 + 1e-12) && t[n] <= bound2 + 1e-12, "constraints at n=" + n);
        assertTrue(1 - t[n - 1] <= Math.exp(e) * (1 - t[n]) + d + 1e-12, "reverse constraint at n=" + n);
        assertTrue(t[n] >= t[n - 1]);
        boolean tight = Math.abs(t[n] - Math.min(1, Math.min(bound1, bound2))) <= 1e-15;
        assertTrue(tight, "optimal: each step takes the largest allowed value, n=" + n);
      }
    }
  }

  @Test
  void truncatedGeometric_usesEpsilonAndDeltaDividedByL0() {
    PartitionSelector s = new PartitionSelector(PrivacyBudget.of(2.0, 1e-6), 4, SelectionMethod.TRUNCATED_GEOMETRIC);
    double[] t = PartitionSelector.truncatedGeometricTable(0.5, 2.5e-7);
    for (int n = 0; n < 50; n++) {
      assertEquals(t[Math.min(n, t.length - 1)], s.keepProbability(n));
    }
  }

  @Test
  void gaussianThreshold_releasesASingleUnitWithProbabilityAtMostHalfDeltaOverL0Partitions() {
    for (int l0 : new int[] {1, 5, 100}) {
      double delta = 1e-5;
      PartitionSelector s = new PartitionSelector(PrivacyBudget.of(1.0, delta), l0,
          SelectionMethod.GAUSSIAN_THRESHOLDING);
      double pOne = s.keepProbability(1);
      double any = -Math.expm1(l0 * Math.log1p(-pOne));
      assertTrue(any <= delta / 2 * (1 + 1e-6), "L0=" + l0 + ": " + any);
      assertTrue(any >= delta / 2 * 0.99, "threshold not needlessly high, L0=" + l0 + ": " + any);
      assertEquals(0.5, s.keepProbability((long) Math.ceil(s.gaussianThreshold())), 0.5);
    }
  }

  @Test
  void auto_choosesTheMethodNeedingFewerUnits() {
    for (int l0 : new int[] {1, 2, 10, 100, 1000}) {
      PrivacyBudget b = PrivacyBudget.of(1.0, 1e-6);
      PartitionSelector auto = new PartitionSelector(b, l0, SelectionMethod.AUTO);
      PartitionSelector tg = new PartitionSelector(b, l0, SelectionMethod.TRUNCATED_GEOMETRIC);
      PartitionSelector gauss = new PartitionSelector(b, l0, SelectionMethod.GAUSSIAN_THRESHOLDING);
      long nTg = firstHalf(tg);
      long nGauss = firstHalf(gauss);
      assertEquals(nTg <= nGauss ? SelectionMethod.TRUNCATED_GEOMETRIC : SelectionMethod.GAUSSIAN_THRESHOLDING,
          auto.method(), "L0=" + l0 + " tg=" + nTg + " gauss=" + nGauss);
    }
    assertEquals(SelectionMethod.TRUNCATED_GEOMETRIC,
        new PartitionSelector(PrivacyBudget.of(1.0, 1e-6), 1, SelectionMethod.AUTO).method());
    assertEquals(SelectionMethod.GAUSSIAN_THRESHOLDING,
        new PartitionSelector(PrivacyBudget.of(1.0, 1e-6), 1000, SelectionMethod.AUTO).method());
  }

  private static long firstHalf(PartitionSelector s) {
    long n = 1;
    while (s.keepProbability(n) < 0.5) {
      n++;
    }
    return n;
  }

  @Test
  void zeroDelta_isRejected() {
    String m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new PartitionSelector(PrivacyBudget.of(1.0, 0), 1, SelectionMethod.AUTO)).getMessage();
    assertEquals("partition selection delta must be > 0. Provided value: 0.0", m);
  }

  @Test
  void drawnDecisions_matchTheKeepProbability() {
    Mechanisms secure = Mechanisms.secure();
    int trials = 20_000;
    for (SelectionMethod method : new SelectionMethod[] {SelectionMethod.TRUNCATED_GEOMETRIC,
        SelectionMethod.GAUSSIAN_THRESHOLDING}) {
      PartitionSelector s = new PartitionSelector(PrivacyBudget.of(1.0, 1e-5), 2, method);
      long n = 1;
      while (s.keepProbability(n) < 0.2) {
        n++;
      }
      double p = s.keepProbability(n);
      long kept = 0;
      for (int i = 0; i < trials; i++) {
        kept += s.keep(n, secure) ? 1 : 0;
      }
      double se = Math.sqrt(p * (1 - p) / trials);
      assertTrue(Math.abs((double) kept / trials - p) <= 5 * se, method + ": p=" + p + " observed "
          + (double) kept / trials);
      assertTrue(!s.keep(0, secure), "an empty partition is never released");
    }
    assertEquals(0.5, NormalMath.phi(0), 1e-15);
  }
}
