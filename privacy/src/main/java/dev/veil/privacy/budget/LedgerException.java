package dev.veil.privacy.budget;

/** A budget-ledger operation failed. Messages never contain data values or credentials. */
public class LedgerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public LedgerException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public LedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}
