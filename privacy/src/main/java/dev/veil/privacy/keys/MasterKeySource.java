package dev.veil.privacy.keys;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where to find the master key, as a serializable reference (the key itself is read only when
 * {@link #resolve()} is called, on the machine that calls it): an environment variable or a file.
 * Spark executors and Beam workers resolve it themselves, so the variable or file must exist there
 * too. Immutable and thread-safe.
 */
public sealed interface MasterKeySource extends Serializable {

  /** Reads the master key. */
  MasterKey resolve();

  /** Its spec form: {@code env:NAME} or {@code file:PATH}. */
  String spec();

  /** The default: the environment variable {@code VEIL_MASTER_KEY}. */
  static MasterKeySource defaultSource() {
    return new Env(MasterKey.DEFAULT_ENV);
  }

  /** Parses {@code env:NAME} or {@code file:PATH}. */
  static MasterKeySource parse(String spec) {
    if (spec != null && spec.startsWith("env:") && spec.length() > 4) return new Env(spec.substring(4));
    if (spec != null && spec.startsWith("file:") && spec.length() > 5) return new KeyFile(spec.substring(5));
    throw new IllegalArgumentException("masterKey must be env:<VARIABLE> or file:<PATH>. Provided value: '" + spec + "'");
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
