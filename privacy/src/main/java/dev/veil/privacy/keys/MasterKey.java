package dev.veil.privacy.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * The key-encryption key (KEK) that protects a keyset file: an {@link Aead} and a description of
 * where it came from (for error messages; never the key itself).
 *
 * <p>Sources: an environment variable (default {@code VEIL_MASTER_KEY}) or a file, each holding
 * the base64 (standard or URL-safe alphabet, padding optional, surrounding whitespace ignored)
 * encoding of exactly 32 random bytes, used as an AES-256-GCM key (Tink's {@code AesGcmJce}); or a
 * KMS key through Tink's {@link KmsClient}, in which case the key never leaves the KMS.
 *
 * <p>Security: whoever holds the master key and the keyset file holds every key. Keep the master
 * key out of the repository and the pipeline spec. Immutable and thread-safe.
 */
public final class MasterKey {
  /** The default environment variable. */
  public static final String DEFAULT_ENV = "VEIL_MASTER_KEY";

  private final Aead aead;
  private final String source;

  private MasterKey(Aead aead, String source) {
    this.aead = aead;
    this.source = source;
  }

  /** The AEAD that encrypts and decrypts keysets. */
  public Aead aead() {
    return aead;
  }

  /** Where the key came from, such as {@code environment variable VEIL_MASTER_KEY}. */
  public String source() {
    return source;
  }

  /** Reads the key from {@code variable} of the process environment. */
  public static MasterKey fromEnvironment(String variable) {
    return fromEnvironment(variable, System.getenv());
  }

  /**
   * Reads the key from {@code variable} of {@code env}.
   *
   * @throws KeyException naming the variable when it is unset or not base64 of 32 bytes
   */
  public static MasterKey fromEnvironment(String variable, Map<String, String> env) {
    String where = "environment variable " + variable;
    String v = env.get(variable);
    if (v == null || v.isBlank()) {
      throw new KeyException("the master key is missing: set " + where
          + " to the base64 of 32 random bytes (for example: head -c 32 /dev/urandom | base64), or pass a master key file");
    }
    return fromText(v, where);
  }

  /**
   * Reads the key from a file holding its base64 encoding.
   *
   * @throws KeyException naming the file when it is missing, unreadable or not base64 of 32 bytes
   */
  public static MasterKey fromFile(Path file) {
    String where = "master key file " + file;
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new KeyException("the master key is missing: " + where + " does not exist");
    } catch (IOException e) {
      throw new KeyException("the master key cannot be read from " + where + ": " + e.getClass().getSimpleName());
    }
    return fromText(text, where);
  }

  /** Uses the KMS key {@code keyUri} through {@code client} (the key stays in the KMS). */
  public static MasterKey fromKms(KmsClient client, String keyUri) {
    try {
      return new MasterKey(client.getAead(keyUri), "KMS key " + keyUri);
    } catch (GeneralSecurityException e) {
      throw new KeyException("the KMS key " + keyUri + " cannot be used: " + e.getClass().getSimpleName(), e);
    }
  }

  /** A new random master key in the text form this class reads (base64 of 32 bytes). */
  public static String generateText() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    String s = Base64.getEncoder().encodeToString(k);
    Arrays.fill(k, (byte) 0);
    return s;
  }

  private static MasterKey fromText(String text, String where) {
    String t = text.strip();
    byte[] key;
    try {
      key = t.indexOf('-') >= 0 || t.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(t) : Base64.getDecoder().decode(t);
    } catch (IllegalArgumentException e) {
      throw new KeyException("the master key in " + where + " is not valid base64; it must be the base64 of 32 random bytes");
    }
    if (key.length != 32) {
      int n = key.length;
      Arrays.fill(key, (byte) 0);
      throw new KeyException("the master key in " + where + " must decode to 32 bytes. Provided length: " + n + " bytes");
    }
    try {
      Aead aead = new AesGcmJce(key);
      return new MasterKey(aead, where);
    } catch (GeneralSecurityException e) {
      throw new KeyException("the master key in " + where + " cannot be used as an AES-256 key: " + e.getClass().getSimpleName());
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "MasterKey[" + source + "]";
  }
}
