package dev.veil.privacy.budget;

import java.math.BigDecimal;

/**
 * Exact decimal totals of a set of releases: basic {@code (epsilon, delta)}, zCDP {@code rho}, and the
 * {@code (epsilonX, deltaX)} of releases without a zCDP bound. Package-private value type.
 */
record Costs(BigDecimal epsilon, BigDecimal delta, BigDecimal rho, BigDecimal epsilonX, BigDecimal deltaX) {
  static final Costs ZERO = new Costs(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

  static Costs of(MechanismEntry m) {
    BigDecimal e = BigDecimal.valueOf(m.epsilon());
    BigDecimal d = BigDecimal.valueOf(m.delta());
    if (m.kind().hasZcdp()) return new Costs(e, d, BigDecimal.valueOf(m.rho()), BigDecimal.ZERO, BigDecimal.ZERO);
    return new Costs(e, d, BigDecimal.ZERO, e, d);
  }

  static Costs parse(String e, String d, String r, String ex, String dx) {
    return new Costs(new BigDecimal(e), new BigDecimal(d), new BigDecimal(r), new BigDecimal(ex), new BigDecimal(dx));
  }

  Costs plus(Costs o) {
    return new Costs(epsilon.add(o.epsilon), delta.add(o.delta), rho.add(o.rho), epsilonX.add(o.epsilonX), deltaX.add(o.deltaX));
  }

  Costs minus(Costs o) {
    return new Costs(epsilon.subtract(o.epsilon), delta.subtract(o.delta), rho.subtract(o.rho), epsilonX.subtract(o.epsilonX),
        deltaX.subtract(o.deltaX));
  }

  /** The {@code (epsilon, delta)} these releases amount to under {@code accountant}; see {@link Accounting#total}. */
  Accounting.EpsilonDelta under(Accountant accountant, double capDelta) {
    return Accounting.total(this, accountant, capDelta);
  }
}
