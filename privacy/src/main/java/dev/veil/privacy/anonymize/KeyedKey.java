package dev.veil.privacy.anonymize;

import dev.veil.privacy.keys.KeyPurpose;
import dev.veil.privacy.keys.KeysetRef;
import dev.veil.privacy.keys.VeilKeyset;
import java.io.Serializable;

/**
 * One key of a keyset, pinned by id, as a keyed operator holds it: the serializable
 * {@link KeysetRef} plus the id, and the primitive built from it, kept transient so no key material
 * is serialized. A deserialized copy (on a Spark executor or Beam worker) reads the keyset again
 * on first use. Thread-safe.
 */
final class KeyedKey<T> implements Serializable {
  private static final long serialVersionUID = 1L;
  private final KeysetRef ref;
  private final KeyPurpose purpose;
  private final int id;
  private transient volatile T primitive;

  KeyedKey(KeysetRef ref, VeilKeyset keyset, KeyPurpose purpose, int id) {
    this.ref = ref;
    this.purpose = purpose;
    this.id = id;
    this.primitive = build(keyset);
  }

  int id() {
    return id;
  }

  KeysetRef ref() {
    return ref;
  }

  @SuppressWarnings("unchecked")
  private T build(VeilKeyset keyset) {
    return (T) switch (purpose) {
      case HMAC -> keyset.hmac(id);
      case AES_SIV -> keyset.aesSiv(id);
      case FF1 -> keyset.ff1(id);
    };
  }

  T get() {
    T p = primitive;
    if (p == null) {
      synchronized (this) {
        p = primitive;
        if (p == null) {
          p = build(ref.load());
          primitive = p;
        }
      }
    }
    return p;
  }
}
