package dev.veil.privacy.budget;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One append-only, hash-chained ledger entry.
 *
 * <h2>Canonical serialization (version 1)</h2>
 * The bytes hashed are the UTF-8 encoding of the line {@code veil-ledger-entry-v1} followed by eleven
 * fields in this fixed order: {@code seq, time, kind, dataset, run_id, request_id, job, actor, note,
 * payload, prev_hash}. Each field is written as {@code name '=' length ':' value '\n'}, where
 * {@code length} is the decimal number of UTF-8 bytes of {@code value}; the length prefix makes the
 * encoding unambiguous without escaping. {@code seq} is decimal without leading zeros; {@code time} is
 * ISO-8601 UTC with milliseconds ({@code 2026-11-25T20:05:30.123Z}); absent optional fields are the empty
 * string; {@code payload} is the stored JSON text exactly as stored; {@code prev_hash} is the lowercase
 * hex {@link #entryHash()} of the previous entry, or 64 zeros for the first entry.
 * {@code entry_hash = lowercase hex SHA-256(canonical bytes)}.
 *
 * <p>Because {@code seq} and {@code prev_hash} are inside the hashed bytes, editing any field, swapping
 * entries, or deleting one breaks the chain at the first affected entry; deleting entries at the end is
 * detected through the ledger's head record (see {@link BudgetLedger#verify}). Immutable.
 *
 * @param seq position in the chain, 1-based and contiguous
 * @param time when it was appended (ISO-8601 UTC, milliseconds)
 * @param kind what happened
 * @param dataset the dataset
 * @param runId the run id, or empty
 * @param requestId the approval request id, or empty
 * @param job the job name, or empty
 * @param actor who acted (officer or job), or empty
 * @param note free text (approval note, refusal reason), or empty
 * @param payload JSON: the request's mechanisms or the policy; {@code {}} when nothing
 * @param prevHash the previous entry's hash
 * @param entryHash this entry's hash
 */
public record LedgerEntry(long seq, String time, EntryKind kind, String dataset, String runId, String requestId, String job,
    String actor, String note, String payload, String prevHash, String entryHash) {

  /** The {@code prev_hash} of the first entry. */
  public static final String GENESIS_HASH = "0".repeat(64);

  /** Checks for nulls. */
  public LedgerEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(entryHash, "entryHash");
  }

  /** The canonical bytes (see the class documentation) of the given field values. */
  public static byte[] canonicalBytes(long seq, String time, String kind, String dataset, String runId, String requestId,
      String job, String actor, String note, String payload, String prevHash) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + payload.length());
    out.writeBytes("veil-ledger-entry-v1\n".getBytes(StandardCharsets.UTF_8));
    field(out, "seq", Long.toString(seq));
    field(out, "time", time);
    field(out, "kind", kind);
    field(out, "dataset", dataset);
    field(out, "run_id", runId);
    field(out, "request_id", requestId);
    field(out, "job", job);
    field(out, "actor", actor);
    field(out, "note", note);
    field(out, "payload", payload);
    field(out, "prev_hash", prevHash);
    return out.toByteArray();
  }

  /** Lowercase hex SHA-256 of the canonical bytes of the given field values. */
  public static String hash(long seq, String time, String kind, String dataset, String runId, String requestId, String job,
      String actor, String note, String payload, String prevHash) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(canonicalBytes(seq, time, kind, dataset, runId, requestId, job, actor, note, payload, prevHash));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** The hash this entry's fields should have (compare with {@link #entryHash()}). */
  public String computeHash() {
    return hash(seq, time, kind.name(), dataset, runId, requestId, job, actor, note, payload, prevHash);
  }

  private static void field(ByteArrayOutputStream out, String name, String value) {
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    out.writeBytes((name + "=" + v.length + ":").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(v);
    out.write('\n');
  }
}
