package dev.veil.core.io;

/**
 * One record as a reader produced it: where it came from ({@code fileIndex} into the source's file
 * list, and the 1-based line where it starts) and either its values (aligned with the source
 * schema) or, for a malformed record, the reason, a message naming the field, and the raw text.
 *
 * <p>{@code raw} holds the original record (with invalid bytes written as {@code \xNN}); it may
 * contain PII and is only ever written to the dead-letter output, never logged.
 */
public record SourceRecord(int fileIndex, long line, Object[] values, String reason, String message, String field, String raw) {

  public static SourceRecord ok(int fileIndex, long line, Object[] values) {
    return new SourceRecord(fileIndex, line, values, null, null, null, null);
  }

  public static SourceRecord malformed(int fileIndex, long line, String reason, String message, String field, String raw) {
    return new SourceRecord(fileIndex, line, null, reason, message, field, raw);
  }

  public boolean isMalformed() {
    return reason != null;
  }
}
