package dev.veil.privacy.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MechanismEntryTest {
  @Test
  void pureMechanisms_haveRhoEpsilonSquaredOverTwo() {
    assertEquals(0.125, MechanismEntry.laplace("count", 0.5).rho());
    assertEquals(2.0, MechanismEntry.discreteLaplace("count", 2).rho());
  }

  @Test
  void gaussian_hasRhoSensitivitySquaredOverTwoSigmaSquared() {
    assertEquals(4.0 / (2 * 25), MechanismEntry.gaussian("sum", 1, 1e-6, 2, 5).rho(), 1e-15);
  }

  @Test
  void approximateSteps_haveNoZcdpBound() {
    assertTrue(Double.isNaN(MechanismEntry.approximate("partition-selection", 1, 1e-9).rho()));
  }

  @Test
  void epsilonNaN_throwsWithTheDpMessageShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MechanismEntry.laplace("count", Double.NaN));
    assertEquals("epsilon must be > 0 and finite. Provided value: NaN", e.getMessage());
  }

  @Test
  void invalidParameters_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> new MechanismEntry("c", MechanismKind.LAPLACE, 1, 0.1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> MechanismEntry.gaussian("s", 1, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> MechanismEntry.gaussian("s", 1, 1e-6, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> MechanismEntry.gaussian("s", 1, 1e-6, 1, Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> new MechanismEntry("c", MechanismKind.LAPLACE, 1, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> MechanismEntry.approximate("p", 1, 1));
    assertThrows(IllegalArgumentException.class, () -> MechanismEntry.laplace(" ", 1));
    assertThrows(IllegalArgumentException.class, () -> MechanismEntry.laplace("x".repeat(201), 1));
  }

  @Test
  void request_sumsExactlyInDecimal() {
    BudgetRequest r = BudgetRequest.of(MechanismEntry.laplace("a", 0.1), MechanismEntry.laplace("b", 0.2),
        MechanismEntry.approximate("p", 0.3, 1e-9), MechanismEntry.gaussian("g", 0.4, 1e-7, 1, 10));
    assertEquals(0, r.epsilon().compareTo(new BigDecimal("1.0")));
    assertEquals(0, r.delta().compareTo(new BigDecimal("1.01e-7")));
    assertEquals(0, r.nonZcdpEpsilon().compareTo(new BigDecimal("0.3")));
    assertEquals(0, r.nonZcdpDelta().compareTo(new BigDecimal("1e-9")));
    assertEquals(0.005 + 0.02 + 0.005, r.rho().doubleValue(), 1e-15);
  }

  @Test
  void emptyRequest_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> BudgetRequest.of());
  }

  @Test
  void requestJson_roundTrips() {
    BudgetRequest r = BudgetRequest.of(MechanismEntry.laplace("count \"quoted\"", 0.1), MechanismEntry.gaussian("g", 0.4, 1e-7, 1.5, 9.25),
        MechanismEntry.approximate("p", 0.3, 1e-9));
    String json = LedgerJson.request(r);
    assertEquals(r, LedgerJson.parseRequest(json));
    assertEquals(json, LedgerJson.request(LedgerJson.parseRequest(json)), "one value, one text");
  }
}
