package dev.veil.privacy.budget;

/**
 * The state of one run's budget request in the ledger.
 *
 * <pre>
 *   reserve ──► RESERVED ──commit──► COMMITTED        (spent; final)
 *      │            └──────release──► RELEASED        (nothing published; budget returned)
 *      ├──► PENDING ──approve──► RESERVED (or REFUSED if the caps no longer admit it)
 *      │       ├──────deny─────► REFUSED
 *      │       └─────release───► RELEASED (withdrawn)
 *      └──► REFUSED                                   (a cap would be exceeded; a retry re-evaluates)
 * </pre>
 *
 * Only {@link #RESERVED} permits a job to release results.
 */
public enum RunState {
  PENDING,
  RESERVED,
  COMMITTED,
  RELEASED,
  REFUSED;

  /** True when the run holds budget (reserved or committed). */
  boolean holdsBudget() {
    return this == RESERVED || this == COMMITTED;
  }
}
