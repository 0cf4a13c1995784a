package dev.veil.privacy.keys;

import java.util.Locale;

/**
 * What a key is for. A key serves exactly one purpose, so one key is never used by two algorithms.
 *
 * <ul>
 *   <li>{@link #HMAC}: 32-byte HMAC-SHA-256 keys (Tink {@code HmacPrfKey}), used through Tink's
 *       {@code PrfSet} for keyed hashing and for per-subject date shifts.
 *   <li>{@link #AES_SIV}: 64-byte AES-256-SIV keys (RFC 5297; Tink {@code AesSivKey}, no output
 *       prefix), used through Tink's {@code DeterministicAead} for deterministic, reversible tokens.
 *   <li>{@link #FF1}: 32-byte AES-256 keys for NIST SP 800-38G FF1 format-preserving encryption
 *       (held as Tink {@code AesCmacPrfKey}s; only their bytes are used, by Bouncy Castle).
 * </ul>
 */
public enum KeyPurpose {
  HMAC("hmac", 32),
  AES_SIV("aes-siv", 64),
  FF1("ff1", 32);

  private final String word;
  private final int keyBytes;

  KeyPurpose(String word, int keyBytes) {
    this.word = word;
    this.keyBytes = keyBytes;
  }

  /** The word used in keyset files and on the command line. */
  public String word() {
    return word;
  }

  /** Length of a key of this purpose, in bytes. */
  public int keyBytes() {
    return keyBytes;
  }

  /** Parses {@link #word()}. */
  public static KeyPurpose of(String word) {
    for (KeyPurpose p : values()) {
      if (p.word.equals(word == null ? null : word.toLowerCase(Locale.ROOT))) return p;
    }
    throw new IllegalArgumentException("key purpose must be one of hmac, aes-siv, ff1. Provided value: '" + word + "'");
  }
}
