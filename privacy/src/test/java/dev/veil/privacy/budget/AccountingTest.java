package dev.veil.privacy.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AccountingTest {
  @Test
  void simpleZcdpConversion_isBunSteinkeProposition13() {
    // rho = 0.5, delta = 1e-5: 0.5 + 2 sqrt(0.5 ln 1e5) = 0.5 + 2 sqrt(5.7564627) = 0.5 + 2 * 2.3992630 = 5.2985259
    assertEquals(5.298526, Accounting.zcdpToEpsilonBunSteinke(0.5, 1e-5), 1e-6);
    assertEquals(0.0, Accounting.zcdpToEpsilonBunSteinke(0, 1e-5));
  }

  /**
   * Canonne-Kamath-Steinke (2020, Cor. 13) values computed independently with mpmath at 40 digits: the
   * root of d/d alpha of alpha rho + (ln(1/delta) + (alpha-1) ln(1-1/alpha) - ln alpha)/(alpha-1) by
   * Newton's method from alpha = 1 + sqrt(ln(1/delta)/rho), and the term at that alpha (printed to 15
   * digits; the optimal alpha in the comment).
   */
  @Test
  void zcdpConversion_isCanonneKamathSteinke_matchingIndependentValues() {
    double[][] cases = {
        // rho, delta, epsilon                  optimal alpha
        {0.5, 1e-5, 4.72838698494331},       // 5.4318497
        {0.005, 1e-6, 0.429941468836949},    // 45.706317
        {1e-4, 1e-9, 0.0743627931141362},    // 385.30748
        {2.0, 1e-3, 8.41606429432128},       // 2.7186644
        {10.0, 1e-6, 32.2216609490976},      // 2.1425204
        {0.125, 5e-6, 2.24489677168757},     // 9.9052814
    };
    for (double[] c : cases) {
      double got = Accounting.zcdpToEpsilon(c[0], c[1]);
      assertEquals(c[2], got, 1e-12 * c[2], "rho " + c[0] + ", delta " + c[1]);
      assertTrue(got < Accounting.zcdpToEpsilonBunSteinke(c[0], c[1]), "tighter than the simple bound");
    }
    assertEquals(0.0, Accounting.zcdpToEpsilon(0, 1e-5));
  }

  /** Monotone in rho and in delta over a seeded sweep, never above the simple bound, never negative. */
  @Test
  void zcdpConversion_isMonotoneAndBelowTheSimpleBound() {
    java.util.Random r = new java.util.Random(5);
    for (int i = 0; i < 2000; i++) {
      double rho = Math.pow(10, -8 + 11 * r.nextDouble());
      double delta = Math.pow(10, -15 + 14 * r.nextDouble());
      double e = Accounting.zcdpToEpsilon(rho, delta);
      assertTrue(e >= 0 && e <= Accounting.zcdpToEpsilonBunSteinke(rho, delta), rho + " " + delta);
      assertTrue(Accounting.zcdpToEpsilon(rho * 1.01, delta) >= e * (1 - 1e-12), "increasing in rho at " + rho);
      assertTrue(Accounting.zcdpToEpsilon(rho, delta * 0.5) >= e * (1 - 1e-12), "decreasing in delta at " + delta);
    }
  }

  @Test
  void zcdpConversion_rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> Accounting.zcdpToEpsilon(-1, 1e-5));
    assertThrows(IllegalArgumentException.class, () -> Accounting.zcdpToEpsilon(1, 0));
    assertThrows(IllegalArgumentException.class, () -> Accounting.zcdpToEpsilon(Double.NaN, 1e-5));
  }

  @Test
  void manyGaussianReleases_costLessUnderZcdpThanUnderBasicComposition() {
    Costs c = Costs.ZERO;
    for (int i = 0; i < 100; i++) c = c.plus(Costs.of(MechanismEntry.gaussian("g", 0.5, 1e-8, 1, 10)));
    Accounting.EpsilonDelta basic = Accounting.total(c, Accountant.BASIC, 1e-5);
    Accounting.EpsilonDelta zcdp = Accounting.total(c, Accountant.ZCDP, 1e-5);
    assertEquals(50.0, basic.epsilon(), 1e-9);
    assertEquals(1e-6, basic.delta(), 1e-18);
    assertEquals(Accounting.zcdpToEpsilon(0.5, 1e-5), zcdp.epsilon(), 1e-12);
    assertEquals(4.72838698494331, zcdp.epsilon(), 1e-11); // see the independent values above
    assertEquals(1e-5, zcdp.delta());
    assertTrue(zcdp.epsilon() < basic.epsilon() / 9);
  }

  @Test
  void zcdpTotal_givesTheConversionOnlyTheDeltaLeftByOtherSteps() {
    Costs c = Costs.of(MechanismEntry.laplace("l", 1)).plus(Costs.of(MechanismEntry.approximate("p", 0.25, 4e-6)));
    Accounting.EpsilonDelta t = Accounting.total(c, Accountant.ZCDP, 1e-5);
    assertEquals(Accounting.zcdpToEpsilon(0.5, 6e-6) + 0.25, t.epsilon(), 1e-12);
    assertEquals(1e-5, t.delta());
    Accounting.EpsilonDelta noDelta = Accounting.total(c, Accountant.ZCDP, 4e-6);
    assertEquals(Double.POSITIVE_INFINITY, noDelta.epsilon());
  }

  @Test
  void zcdpTotal_withoutZcdpReleases_isBasicOverTheRest() {
    Costs c = Costs.of(MechanismEntry.approximate("p", 0.25, 4e-6));
    assertEquals(new Accounting.EpsilonDelta(0.25, 4e-6), Accounting.total(c, Accountant.ZCDP, 0));
    assertEquals(0, c.minus(c).epsilon().compareTo(BigDecimal.ZERO));
  }

  @Test
  void policy_validatesEveryField() {
    assertThrows(IllegalArgumentException.class, () -> DatasetPolicy.lifetime("d", 0, 0));
    assertThrows(IllegalArgumentException.class, () -> DatasetPolicy.lifetime("d", 1, 1));
    assertThrows(IllegalArgumentException.class, () -> DatasetPolicy.lifetime("d", 1, 0).withWindow(7, 0));
    assertThrows(IllegalArgumentException.class, () -> DatasetPolicy.lifetime("d", 1, 0).withWindow(-1, 1));
    assertThrows(IllegalArgumentException.class, () -> DatasetPolicy.lifetime("d", 1, 0).withApprovalAbove(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> DatasetPolicy.lifetime("a\nb", 1, 0));
    DatasetPolicy p = DatasetPolicy.lifetime("d", 1, 1e-6).withWindow(30, 0.5).withApprovalAbove(0.2).withAccountant(Accountant.ZCDP);
    assertEquals(p, LedgerJson.parsePolicy(LedgerJson.policy(p)));
    // no approver list: the payload has no "approvers" key, so entries written before the lists existed keep their bytes and hashes
    assertFalse(LedgerJson.policy(p).contains("approvers"), LedgerJson.policy(p));
    DatasetPolicy withApprovers = p.withApprovers(java.util.List.of("bob", "alice"));
    assertEquals(withApprovers, LedgerJson.parsePolicy(LedgerJson.policy(withApprovers)));
    assertTrue(LedgerJson.policy(withApprovers).contains("\"approvers\":[\"alice\",\"bob\"]"), LedgerJson.policy(withApprovers));
    assertThrows(IllegalArgumentException.class, () -> p.withApprovers(java.util.List.of(" ")));
  }
}
