package dev.veil.core.error;

/**
 * A pipeline spec or stage configuration is invalid. The message names the file, line, column and
 * key and says what is allowed, for example
 * {@code pipeline.yaml:14:7: stages[2] (cast): unknown key 'colums'. Allowed keys: columns, name,
 * type. Did you mean 'columns'?}
 */
public class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SpecException(String message) {
    super(message);
  }

  public SpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
