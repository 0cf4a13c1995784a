package dev.veil.privacy.keys;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where to find the master key, as a serializable reference (the key itself is read only when
 * {@link #resolve()} is called, on the machine that calls it): an environment variable, a file, or
 * a KMS key URI served by a Tink {@link com.google.crypto.tink.KmsClient} that the application
 * registered with {@link com.google.crypto.tink.KmsClients#add} (on every worker too).
 * Spark executors and Beam workers resolve it themselves, so the variable or file must exist there
 * too. Immutable and thread-safe.
 */
public sealed interface MasterKeySource extends Serializable {

  /** Reads the master key. */
  MasterKey resolve();

  /** Its spec form: {@code env:NAME}, {@code file:PATH} or {@code kms:URI}. */
  String spec();

  /** The default: the environment variable {@code VEIL_MASTER_KEY}. */
  static MasterKeySource defaultSource() {
    return new Env(MasterKey.DEFAULT_ENV);
  }

  /** Parses {@code env:NAME}, {@code file:PATH} or {@code kms:URI}. */
  static MasterKeySource parse(String spec) {
    if (spec != null && spec.startsWith("env:") && spec.length() > 4) return new Env(spec.substring(4));
    if (spec != null && spec.startsWith("file:") && spec.length() > 5) return new KeyFile(spec.substring(5));
    if (spec != null && spec.startsWith("kms:") && spec.length() > 4) return new Kms(spec.substring(4));
    throw new IllegalArgumentException("masterKey must be env:<VARIABLE>, file:<PATH> or kms:<KEY URI>. Provided value: '" + spec + "'");
  }

  /**
   * The KMS key {@code uri} (such as {@code gcp-kms://projects/...} or {@code aws-kms://arn:...}),
   * used through the Tink {@code KmsClient} registered for it; the key never leaves the KMS.
   */
  record Kms(String uri) implements MasterKeySource {
    public Kms {
      Objects.requireNonNull(uri, "uri");
    }

    @Override
    public MasterKey resolve() {
      com.google.crypto.tink.KmsClient client;
      try {
        client = com.google.crypto.tink.KmsClients.get(uri);
      } catch (java.security.GeneralSecurityException e) {
        throw new KeyException("no KMS client is registered for the master key " + uri
            + ": register one with com.google.crypto.tink.KmsClients.add(...) before the pipeline runs (on every worker)");
      }
      return MasterKey.fromKms(client, uri);
    }

    @Override
    public String spec() {
      return "kms:" + uri;
    }
  }

  /** The key in environment variable {@code name}. */
  record Env(String name) implements MasterKeySource {
    public Env {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public MasterKey resolve() {
      return MasterKey.fromEnvironment(name);
    }

    @Override
    public String spec() {
      return "env:" + name;
    }
  }

  /** The key in file {@code path}. */
  record KeyFile(String path) implements MasterKeySource {
    public KeyFile {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public MasterKey resolve() {
      return MasterKey.fromFile(Path.of(path));
    }

    @Override
    public String spec() {
      return "file:" + path;
    }
  }
}
