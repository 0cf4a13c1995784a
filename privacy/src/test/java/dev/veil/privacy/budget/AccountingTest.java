package dev.veil.privacy.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AccountingTest {
  @Test
  void zcdpConversion_isBunSteinkeProposition13() {
    // rho = 0.5, delta = 1e-5: 0.5 + 2 sqrt(0.5 ln 1e5) = 0.5 + 2 sqrt(5.7564627) = 0.5 + 2 * 2.3992630 = 5.2985259
    assertEquals(5.298526, Accounting.zcdpToEpsilon(0.5, 1e-5), 1e-6);
    assertEquals(0.0, Accounting.zcdpToEpsilon(0, 1e-5));
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
    assertEquals(0.5 + 2 * Math.sqrt(0.5 * Math.log(1e5)), zcdp.epsilon(), 1e-12);
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
