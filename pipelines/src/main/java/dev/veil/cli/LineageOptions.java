package dev.veil.cli;

import dev.veil.core.spec.PipelineSpec;
import dev.veil.lineage.FacetContributor;
import dev.veil.lineage.Lineage;
import dev.veil.lineage.LineageEvents;
import dev.veil.lineage.transport.FileTransport;
import dev.veil.lineage.transport.LineageConfig;
import dev.veil.lineage.transport.LineageTransport;
import dev.veil.lineage.transport.LineageTransports;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How the CLI reports lineage: the OpenLineage client's configuration ({@code openlineage.yml} or
 * {@code OPENLINEAGE_*} variables) when present, else a JSON-lines file next to the run report
 * ({@code <sink>-lineage.jsonl}).
 */
final class LineageOptions {
  @Option(names = "--openlineage-config", paramLabel = "FILE",
      description = "OpenLineage client configuration (default: $OPENLINEAGE_CONFIG, ./openlineage.yml, ~/.openlineage/openlineage.yml;"
          + " without one, events go to <sink>-lineage.jsonl).")
  Path config;

  @Option(names = "--no-lineage", description = "Do not report lineage for this run.")
  boolean off;

  @Option(names = "--lineage-namespace", defaultValue = "veil", description = "The OpenLineage job namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--nominal-time", paramLabel = "START[/END]",
      description = "The scheduled time of this run (ISO-8601 instants), reported as the nominalTime facet; schedulers pass it.")
  String nominalTime;

  /** The lineage for a run of {@code spec}, or null when switched off. */
  Lineage create(PipelineSpec spec) {
    return create(spec, System.getenv());
  }

  Lineage create(PipelineSpec spec, Map<String, String> env) {
    if (off) return null;
    Optional<LineageConfig> cfg = LineageConfig.load(Optional.ofNullable(config), env);
    LineageTransport transport = cfg.map(LineageTransports::create).orElseGet(() -> new FileTransport(defaultFile(spec)));
    LineageEvents events = new LineageEvents(namespace);
    if (nominalTime != null) {
      String[] parts = nominalTime.split("/", 2);
      try {
        events = events.with(FacetContributor.nominalTime(Instant.parse(parts[0]), parts.length > 1 ? Instant.parse(parts[1]) : null));
      } catch (java.time.format.DateTimeParseException e) {
        throw new dev.veil.core.error.SpecException("--nominal-time must be START or START/END as ISO-8601 instants like"
            + " 2026-11-25T02:00:00Z. Provided value: '" + nominalTime + "'");
      }
    }
    return new Lineage(events, transport, cfg.map(LineageConfig::strict).orElse(false));
  }

  /** {@code <sink path>-lineage.jsonl}, next to the run report. */
  static Path defaultFile(PipelineSpec spec) {
    return Path.of(spec.sink().path() + "-lineage.jsonl");
  }
}
