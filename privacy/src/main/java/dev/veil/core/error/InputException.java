package dev.veil.core.error;

/**
 * An input as a whole cannot be read: a missing file, an unreadable Parquet file, a header that
 * cannot be used. The message names the file and, where it applies, the row and field. Unlike
 * {@link RecordException} this stops the run: no record of the input could be accounted for.
 */
public class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
