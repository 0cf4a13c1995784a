package dev.veil.privacy.budget;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link BudgetLedger#reserve} or {@link BudgetLedger#approve} for one run.
 *
 * <p>Caller's responsibility: release results only when {@link #mayRelease()} is true, then call
 * {@link BudgetLedger#commit}; on any failure call {@link BudgetLedger#release}. A {@link RunState#PENDING}
 * reservation names the {@link #requestId()} an officer approves; re-run the job with the same run id
 * afterwards. A {@link RunState#COMMITTED} result from a retried reserve means the budget of this run id
 * was already spent: the job must not compute a fresh release (fresh noise on the same data would cost
 * budget again). Immutable.
 *
 * @param runId the run id
 * @param dataset the dataset
 * @param job the job name
 * @param state the run's state after the call
 * @param requestId the approval request id, if the run went through approval
 * @param message a human-readable explanation (no data values)
 */
public record Reservation(String runId, String dataset, String job, RunState state, Optional<String> requestId,
    String message) {

  /** Checks for nulls. */
  public Reservation {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(message, "message");
  }

  /** True only when budget is reserved and not yet committed: the job may release its results. */
  public boolean mayRelease() {
    return state == RunState.RESERVED;
  }
}
