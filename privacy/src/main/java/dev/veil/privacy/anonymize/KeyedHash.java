package dev.veil.privacy.anonymize;

import com.google.crypto.tink.prf.Prf;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.keys.KeyPurpose;
import dev.veil.privacy.keys.KeysetRef;
import dev.veil.privacy.keys.VeilKeyset;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keyed hash: HMAC-SHA-256 (Tink's {@code PrfHmacJce}) over the domain and the value, encoded as
 * hex, base64url (no padding) or base32 (RFC 4648, no padding), truncated to {@code bytes} bytes,
 * optionally prefixed with the key id ({@code k<id>:}).
 *
 * <p>The MAC input is {@code len(domain) || domain || value} (length as 4 bytes big-endian, UTF-8),
 * so equal values in different domains hash differently (domain separation) and no domain/value
 * split is ambiguous.
 *
 * <p>Hides: the value, to anyone without the key. Leaks: equality (equal values in one domain give
 * equal hashes; joins work); the value to anyone who has the key and can enumerate candidates (a
 * small domain such as a birth date is brute-forced in seconds with the key; without the key HMAC
 * is not invertible). Truncation to b bytes allows collisions after about 2^(4b) values. Not
 * reversible, even with the key. Thread-safe; serializable without key material.
 */
public final class KeyedHash implements AnonymizeOperator {
  private static final long serialVersionUID = 1L;

  /** Output encodings. */
  public enum Encoding { HEX, BASE64URL, BASE32 }

  private final KeyedKey<Prf> key;
  private final String domain;
  private final Encoding encoding;
  private final int bytes;
  private final boolean keyIdPrefix;

  /**
   * @param keyId the HMAC key to use, usually {@code keyset.primaryId(KeyPurpose.HMAC)}
   * @param bytes output length before encoding, 8..32
   */
  public KeyedHash(KeysetRef ref, VeilKeyset keyset, int keyId, String domain, Encoding encoding, int bytes, boolean keyIdPrefix) {
    if (domain == null) throw new IllegalArgumentException("domain must not be null. Provided value: null");
    if (bytes < 8 || bytes > 32) throw new IllegalArgumentException("bytes must be >= 8 and <= 32. Provided value: " + bytes);
    this.key = new KeyedKey<>(ref, keyset, KeyPurpose.HMAC, keyId);
    this.domain = domain;
    this.encoding = encoding == null ? Encoding.HEX : encoding;
    this.bytes = bytes;
    this.keyIdPrefix = keyIdPrefix;
  }

  @Override
  public String op() {
    return "hash";
  }

  /** The key id used. */
  public int keyId() {
    return key.id();
  }

  @Override
  public FieldType outputType(FieldType input) {
    AnonymizeOperator.require(op(), input, FieldType.STRING, FieldType.LONG);
    return FieldType.STRING;
  }

  /** The raw HMAC of {@code domain} and {@code value} under key {@code prf}, {@code n} bytes. */
  static byte[] mac(Prf prf, String domain, String value, int n) {
    byte[] d = domain.getBytes(StandardCharsets.UTF_8);
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    ByteBuffer in = ByteBuffer.allocate(4 + d.length + v.length).putInt(d.length).put(d).put(v);
    try {
      return prf.compute(in.array(), n);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC failed: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public Object apply(Object value, PiiClass entity) {
    if (value == null) return null;
    byte[] h = mac(key.get(), domain, value.toString(), bytes);
    String enc = Codecs.encode(h, encoding);
    return keyIdPrefix ? "k" + key.id() + ":" + enc : enc;
  }

  @Override
  public boolean textual() {
    return true;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op());
    m.put("algorithm", "HMAC-SHA-256");
    m.put("domain", domain);
    m.put("encoding", encoding.name().toLowerCase(Locale.ROOT));
    m.put("bytes", bytes);
    m.put("keyIdPrefix", keyIdPrefix);
    m.put("keyId", key.id());
    return m;
  }
}
