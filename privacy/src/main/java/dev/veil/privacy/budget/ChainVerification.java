package dev.veil.privacy.budget;

import java.util.OptionalLong;

/**
 * The result of {@link BudgetLedger#verify()}.
 *
 * @param ok true when every entry's hash, sequence number and back-link are intact, the head record
 *     matches the last entry, and the derived tables agree with a replay of the chain
 * @param entries number of entries read
 * @param headHash the hash of the last intact entry (record it outside the ledger to detect a complete
 *     rewrite later)
 * @param firstBadSeq the sequence number of the first bad entry, when the chain itself is broken
 * @param problem what is wrong, naming the entry (empty when ok)
 */
public record ChainVerification(boolean ok, long entries, String headHash, OptionalLong firstBadSeq, String problem) {

  /** One line for people: {@code "OK: 12 entries, head 3fa4..."} or {@code "FAILED at entry #5: ..."}. */
  public String describe() {
    if (ok) return "OK: " + entries + " entries, chain intact, head hash " + headHash;
    return "FAILED" + (firstBadSeq.isPresent() ? " at entry #" + firstBadSeq.getAsLong() : "") + ": " + problem;
  }
}
