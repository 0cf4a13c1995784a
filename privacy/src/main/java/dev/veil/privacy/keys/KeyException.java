package dev.veil.privacy.keys;

/**
 * A key or keyset cannot be used: the master key is missing or wrong, the keyset file is missing or
 * corrupted, or a key id is not in the keyset. The message names the variable, file or key id and
 * says how to fix it; it never contains key material.
 */
public final class KeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeyException(String message) {
    super(message);
  }

  public KeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
