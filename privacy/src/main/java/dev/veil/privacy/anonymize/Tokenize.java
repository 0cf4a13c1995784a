package dev.veil.privacy.anonymize;

import com.google.crypto.tink.DeterministicAead;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.keys.KeyPurpose;
import dev.veil.privacy.keys.KeysetRef;
import dev.veil.privacy.keys.VeilKeyset;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deterministic tokenization: AES-256-SIV (RFC 5297, Tink's {@link DeterministicAead}) of the
 * UTF-8 value with the domain as associated data, encoded base64url without padding, prefixed with
 * the key id as {@code k<id>:} (configurable; without the prefix a {@link Reidentifier} tries every
 * AES-SIV key of the keyset).
 *
 * <p>Hides: the value, to anyone without the key (SIV is a deterministic authenticated
 * encryption). Leaks: equality within a domain (that is its purpose: joins on tokens work across
 * tables, runs and engines with the same key and domain), the value's exact UTF-8 length
 * (an SIV token is 16 bytes plus one byte per plaintext byte; pad values first if length matters), and which key wrote it. Reversible only through
 * a {@link Reidentifier}, which needs the keyset and audits every use. Thread-safe; serializable
 * without key material.
 */
public final class Tokenize implements AnonymizeOperator {
  private static final long serialVersionUID = 1L;
  private final KeyedKey<DeterministicAead> key;
  private final String domain;
  private final boolean keyIdPrefix;

  /** @param keyId the AES-SIV key, usually {@code keyset.primaryId(KeyPurpose.AES_SIV)} */
  public Tokenize(KeysetRef ref, VeilKeyset keyset, int keyId, String domain, boolean keyIdPrefix) {
    if (domain == null) throw new IllegalArgumentException("domain must not be null. Provided value: null");
    this.key = new KeyedKey<>(ref, keyset, KeyPurpose.AES_SIV, keyId);
    this.domain = domain;
    this.keyIdPrefix = keyIdPrefix;
  }

  @Override
  public String op() {
    return "tokenize";
  }

  public int keyId() {
    return key.id();
  }

  @Override
  public FieldType outputType(FieldType input) {
    return AnonymizeOperator.require(op(), input, FieldType.STRING);
  }

  @Override
  public Object apply(Object value, PiiClass entity) {
    if (value == null) return null;
    try {
      byte[] ct = key.get().encryptDeterministically(((String) value).getBytes(StandardCharsets.UTF_8),
          domain.getBytes(StandardCharsets.UTF_8));
      String t = Base64.getUrlEncoder().withoutPadding().encodeToString(ct);
      return keyIdPrefix ? "k" + key.id() + ":" + t : t;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-SIV encryption failed: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public boolean textual() {
    return true;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op());
    m.put("algorithm", "AES-256-SIV");
    m.put("domain", domain);
    m.put("keyIdPrefix", keyIdPrefix);
    m.put("keyId", key.id());
    return m;
  }
}
