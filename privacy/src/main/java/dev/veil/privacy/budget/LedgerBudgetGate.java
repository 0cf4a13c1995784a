package dev.veil.privacy.budget;

import dev.veil.privacy.dp.aggregate.BudgetGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@link BudgetGate} of the persistent ledger: a DP job's releases are reserved in a
 * {@link BudgetLedger} before anything is written, committed when the output is complete and
 * released when the job fails.
 *
 * <p>Accounting: Laplace releases ({@code delta = 0}) are recorded as pure-DP Laplace entries
 * (zCDP rho = epsilon^2 / 2); Gaussian releases carry their sigma and L2 sensitivity when the job
 * supplies them ({@code sigma}, {@code l2Sensitivity} parameters) and are recorded with their exact
 * rho, otherwise as approximate (epsilon, delta) steps without a zCDP bound; partition selection is
 * an approximate (epsilon, delta) step. This never under-counts: without a zCDP bound a step is
 * composed basically under either accountant.
 *
 * <p>Fails closed: a refusal (a cap, no policy, a run id already used) or a request waiting for an
 * officer's approval gives {@link Reservation#granted()} false with the ledger's explanation; an
 * unreachable ledger throws {@link LedgerUnavailableException}. Thread-safe (the ledger serializes
 * writers).
 */
public final class LedgerBudgetGate implements BudgetGate {
  private final BudgetLedger ledger;

  public LedgerBudgetGate(BudgetLedger ledger) {
    this.ledger = ledger;
  }

  /** Opens the ledger at {@code jdbcUrl} (it must have been initialised with {@code veil budget init}). */
  public static LedgerBudgetGate open(String jdbcUrl) {
    return new LedgerBudgetGate(BudgetLedger.open(jdbcUrl));
  }

  public BudgetLedger ledger() {
    return ledger;
  }

  /** The ledger entries for {@code entries}. */
  static BudgetRequest request(List<Entry> entries) {
    List<MechanismEntry> out = new ArrayList<>();
    for (Entry e : entries) {
      String mech = e.mechanism().toLowerCase(Locale.ROOT);
      Object sigma = e.parameters().get("sigma");
      Object l2 = e.parameters().get("l2Sensitivity");
      if (mech.equals("laplace") && e.delta() == 0) {
        out.add(MechanismEntry.laplace(e.name(), e.epsilon()));
      } else if (mech.equals("gaussian") && sigma instanceof Number s && l2 instanceof Number d) {
        out.add(MechanismEntry.gaussian(e.name(), e.epsilon(), e.delta(), d.doubleValue(), s.doubleValue()));
      } else {
        out.add(MechanismEntry.approximate(e.name(), e.epsilon(), e.delta()));
      }
    }
    return new BudgetRequest(out);
  }

  @Override
  public Reservation reserve(String dataset, String runId, String job, List<Entry> entries) {
    try {
      dev.veil.privacy.budget.Reservation r = ledger.reserve(dataset, runId, job, request(entries));
      if (r.mayRelease()) return Reservation.grant();
      String why = r.message() + r.requestId().map(id -> " (request " + id + ": veil budget approve " + id + ")").orElse("");
      return r.state() == RunState.PENDING ? Reservation.pendingApproval(why) : Reservation.refuse(why);
    } catch (BudgetRefusedException e) {
      return Reservation.refuse(e.getMessage());
    }
  }

  @Override
  public void commit(String runId) {
    ledger.commit(runId);
  }

  @Override
  public void release(String runId) {
    ledger.release(runId);
  }
}
