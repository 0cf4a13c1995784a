package dev.veil.lineage.transport;

import dev.veil.core.error.VeilPreconditions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the transport a run uses from the OpenLineage configuration ({@link LineageConfig}).
 *
 * <p>HTTP is always wrapped in a {@link SpoolingTransport} (spool directory {@code spool.dir},
 * default {@code ~/.veil/lineage-spool}); its per-{@code emit} delivery budget is the HTTP
 * deadline, so a slow or failing receiver holds up one {@code emit} for at most about twice that
 * deadline. File and console transports are wrapped only when a {@code spool} section is
 * configured. {@code OPENLINEAGE_DISABLED=true} gives {@link #disabled()}.
 *
 * <p>A namespace of static factories; the returned transports are thread-safe. Nothing here
 * touches the disk or the network: directories and files are created on the first event.
 */
public final class LineageTransports {
  private LineageTransports() {}

  /**
   * The configured transport, or empty when there is no configuration (then the caller uses its
   * embedded default, a {@link FileTransport} next to the run report). Production passes {@code
   * System.getenv()}.
   *
   * @throws dev.veil.core.error.SpecException when the configuration is invalid
   */
  public static Optional<LineageTransport> fromConfig(
      Optional<Path> explicitConfigFile, Map<String, String> env) {
    return LineageConfig.load(explicitConfigFile, env).map(LineageTransports::create);
  }

  /** As {@link #fromConfig(Optional, Map)} with explicit working and home directories. */
  public static Optional<LineageTransport> fromConfig(
      Optional<Path> explicitConfigFile, Map<String, String> env, Path workingDir, Path homeDir) {
    return LineageConfig.load(explicitConfigFile, env, workingDir, homeDir)
        .map(LineageTransports::create);
  }

  /** The transport {@code config} describes. */
  public static LineageTransport create(LineageConfig config) {
    VeilPreconditions.checkNotNull(config, "config");
    LineageTransport base;
    switch (config.transportType()) {
      case DISABLED:
        return disabled();
      case HTTP:
        HttpConfig http = config.http().orElseThrow();
        return new SpoolingTransport(
            new HttpTransport(http),
            config.spoolDir().orElseThrow(),
            config.strict(),
            /* emitDrainBudget= */ http.deadline());
      case FILE:
        base = new FileTransport(config.fileLocation().orElseThrow());
        break;
      case CONSOLE:
        base = new ConsoleTransport(System.out);
        break;
      default:
        throw new IllegalStateException("unreachable: " + config.transportType());
    }
    return config.spoolDir().<LineageTransport>map(dir -> new SpoolingTransport(base, dir, config.strict())).orElse(base);
  }

  /** Drops every event ({@code OPENLINEAGE_DISABLED=true}). */
  public static LineageTransport disabled() {
    return Disabled.INSTANCE;
  }

  private enum Disabled implements LineageTransport {
    INSTANCE;

    @Override
    public void emit(String eventJson) {
      VeilPreconditions.checkNotNull(eventJson, "eventJson");
    }

    @Override
    public String describe() {
      return "disabled (" + LineageConfig.ENV_DISABLED + "=true)";
    }
  }
}
