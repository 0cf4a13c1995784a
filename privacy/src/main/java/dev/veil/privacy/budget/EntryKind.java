package dev.veil.privacy.budget;

/** The kind of a ledger entry: one state change, in the order it happened. */
public enum EntryKind {
  /** A dataset's policy (caps, window, approval threshold, accountant) was set; payload: the policy. */
  POLICY_SET,
  /** A request above the approval threshold waits for an officer; payload: the request. */
  REQUESTED,
  /** An officer approved a pending request; actor and note say who and why. */
  APPROVED,
  /** An officer denied a pending request. */
  DENIED,
  /** Budget was reserved for a run; payload: the request (its mechanisms). */
  RESERVED,
  /** A request was refused because a cap would be exceeded (or the dataset has no policy); note: why. */
  REFUSED,
  /** A run's reservation became spent (its results were published). */
  COMMITTED,
  /** A run's reservation (or pending request) was given back; nothing was published. */
  RELEASED
}
