package dev.veil.cli;

import dev.veil.lineage.conformance.LineageConformance;
import dev.veil.lineage.transport.LineageConfig;
import dev.veil.lineage.transport.LineageTransport;
import dev.veil.lineage.transport.LineageTransports;
import dev.veil.lineage.transport.SpoolingTransport;
import dev.veil.lineage.view.LineageHtml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code veil lineage show|validate|flush}: look at, check and re-send OpenLineage events. */
@Command(name = "lineage", mixinStandardHelpOptions = true, description = "Work with the OpenLineage events of Veil runs.",
    subcommands = {LineageCommand.Show.class, LineageCommand.Validate.class, LineageCommand.Flush.class}, footer = ExitCodes.HELP)
final class LineageCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "show", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
      description = "Render events (JSON lines) as one self-contained HTML page: the graph of jobs and datasets, column lineage"
          + " with masked columns marked, and every run's facets.")
  static final class Show implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EVENTS", description = "A JSON-lines file of OpenLineage events.")
    Path events;

    @Option(names = "--out", required = true, paramLabel = "HTML", description = "Where to write the page.")
    Path out;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(events)) {
        throw new dev.veil.core.error.InputException(events + ": events file not found");
      }
      if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, LineageHtml.render(events), StandardCharsets.UTF_8);
      System.out.println("wrote " + out);
      return ExitCodes.OK;
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
      description = "Check every event against the OpenLineage JSON Schemas (core and each facet, formats on) and Veil's facet schemas.")
  static final class Validate implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EVENTS", description = "A JSON-lines file of OpenLineage events.")
    Path events;

    @Option(names = "--spec", required = true, paramLabel = "DIR",
        description = "The OpenLineage spec folder (OpenLineage.json and facets/), like the spec/ folder of the OpenLineage repository.")
    Path specDir;

    @Override
    public Integer call() throws IOException {
      LineageConformance c = LineageConformance.load(specDir).withVeilFacets();
      List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
      int bad = 0;
      int n = 0;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) continue;
        n++;
        List<String> problems = c.validate(lines.get(i));
        if (!problems.isEmpty()) {
          bad++;
          for (String p : problems) System.out.println(events + ":" + (i + 1) + ": " + p);
        }
      }
      System.out.println(n + " events, " + (n - bad) + " valid, " + bad + " invalid");
      return bad == 0 ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }
  }

  @Command(name = "flush", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
      description = "Re-send the events spooled while the lineage consumer was down, in order.")
  static final class Flush implements Callable<Integer> {
    @Option(names = "--openlineage-config", paramLabel = "FILE", description = "OpenLineage client configuration (default: as for run).")
    Path config;

    @Override
    public Integer call() throws IOException {
      Optional<LineageConfig> cfg = LineageConfig.load(Optional.ofNullable(config), System.getenv());
      if (cfg.isEmpty()) {
        System.out.println("no OpenLineage configuration found; nothing is spooled with the default file transport");
        return ExitCodes.OK;
      }
      try (LineageTransport t = LineageTransports.create(cfg.get())) {
        if (!(t instanceof SpoolingTransport spool)) {
          System.out.println("the configured transport (" + t.describe() + ") does not spool; nothing to flush");
          return ExitCodes.OK;
        }
        int sent = spool.flush();
        System.out.println("re-sent " + sent + " event(s); " + spool.pending() + " still spooled in " + spool.spoolDir());
        return spool.pending() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
      }
    }
  }
}
