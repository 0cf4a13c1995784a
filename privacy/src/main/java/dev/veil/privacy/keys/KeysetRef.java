package dev.veil.privacy.keys;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A serializable reference to a keyset: its file and where its master key comes from. Operators
 * carry this instead of keys, so no key material travels inside a serialized pipeline; each worker
 * reads the keyset itself. Immutable and thread-safe.
 */
public record KeysetRef(String path, MasterKeySource masterKey) implements Serializable {
  public KeysetRef {
    Objects.requireNonNull(path, "path");
    masterKey = masterKey == null ? MasterKeySource.defaultSource() : masterKey;
  }

  /** Reads and decrypts the keyset. */
  public VeilKeyset load() {
    return VeilKeyset.read(Path.of(path), masterKey.resolve());
  }
}
