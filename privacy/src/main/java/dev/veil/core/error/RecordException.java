package dev.veil.core.error;

/**
 * Thrown by a stage function when one record cannot be processed; the engine adapter turns it into
 * a dead-letter record and the pipeline goes on. The message must describe the problem without
 * quoting the value (values may be PII): say "not a valid long", not "'12x' is not a valid long".
 *
 * <p>Carries no stack trace: it is control flow on the per-record path, not a bug report.
 */
public final class RecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String reason;
  private final String field;

  /**
   * @param reason a {@link ReasonCode}
   * @param field the field at fault, or null when the whole record is at fault
   * @param message what is wrong, without the value
   */
  public RecordException(String reason, String field, String message) {
    super(message, null, false, false);
    this.reason = VeilPreconditions.checkNotBlank(reason, "reason");
    this.field = field;
  }

  public String reason() {
    return reason;
  }

  /** The field at fault, or null. */
  public String field() {
    return field;
  }
}
