package dev.veil.privacy.budget;

import java.util.List;
import java.util.Objects;

/**
 * A dataset's budget as the ledger stands: its policy, what is spent and reserved under each
 * accountant, the rolling window, and the requests waiting for approval. A snapshot; immutable.
 *
 * @param policy the dataset's policy
 * @param basic totals under {@link Accountant#BASIC}
 * @param zcdp totals under {@link Accountant#ZCDP}
 * @param windowEpsilon epsilon reserved or committed within the window, under the policy's accountant
 *     ({@code 0} when the policy has no window)
 * @param committedRuns number of committed runs
 * @param reservedRuns number of runs holding a reservation not yet committed
 * @param pending requests waiting for an officer, oldest first
 */
public record DatasetStatus(DatasetPolicy policy, Totals basic, Totals zcdp, double windowEpsilon, int committedRuns,
    int reservedRuns, List<PendingRequest> pending) {

  /** Copies the list. */
  public DatasetStatus {
    Objects.requireNonNull(policy, "policy");
    pending = List.copyOf(pending);
  }

  /** The totals under the accountant the policy enforces. */
  public Totals enforced() {
    return policy.accountant() == Accountant.BASIC ? basic : zcdp;
  }

  /**
   * Totals under one accountant.
   *
   * @param accountant the accountant
   * @param spentEpsilon epsilon of committed runs
   * @param spentDelta delta of committed runs
   * @param allocatedEpsilon epsilon of committed and reserved runs (what a new request is checked against)
   * @param allocatedDelta delta of committed and reserved runs
   * @param remainingEpsilon {@code capEpsilon - allocatedEpsilon} (may be negative after a cap was lowered,
   *     or {@code -Infinity} when the cap's delta admits no zCDP conversion)
   * @param rho zCDP rho of committed and reserved runs (the same under both accountants; for reference)
   */
  public record Totals(Accountant accountant, double spentEpsilon, double spentDelta, double allocatedEpsilon,
      double allocatedDelta, double remainingEpsilon, double rho) {}

  /**
   * A request waiting for an officer.
   *
   * @param requestId what {@code veil budget approve} takes
   * @param runId the run
   * @param job the job
   * @param epsilon basic epsilon requested
   * @param delta basic delta requested
   * @param requestedAt when (ISO-8601 UTC)
   */
  public record PendingRequest(String requestId, String runId, String job, double epsilon, double delta, String requestedAt) {}
}
