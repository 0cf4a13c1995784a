package dev.veil.privacy.anonymize;

/**
 * An operator cannot transform one value (a character outside the FF1 alphabet, a value too short
 * for FF1's minimum domain, a value missing from a hierarchy, a token of an unknown key). The
 * message describes the problem and never quotes the value; the stage adds the column and value
 * class and dead-letters the record. Carries no stack trace (per-record control flow).
 */
public final class UnencodableValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnencodableValueException(String message) {
    super(message, null, false, false);
  }
}
