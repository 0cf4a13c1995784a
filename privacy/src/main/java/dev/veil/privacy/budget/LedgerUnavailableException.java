package dev.veil.privacy.budget;

/**
 * The ledger cannot be reached or is not initialised. Nothing was reserved: a job that gets this must not
 * release any result. The message names the ledger (without credentials) and the cause.
 */
public class LedgerUnavailableException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /** With a message and a cause. */
  public LedgerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
