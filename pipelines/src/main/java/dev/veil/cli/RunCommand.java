package dev.veil.cli;

import dev.veil.core.report.RunReport;
import dev.veil.core.spec.Engine;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.PipelineSpecs;
import dev.veil.core.stage.StageRegistry;
import dev.veil.lineage.Lineage;
import dev.veil.pipelines.Veil;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code veil run SPEC}: runs a pipeline spec and prints its run report. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a pipeline spec (YAML or JSON) and print its run report.",
    footer = ExitCodes.HELP)
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SPEC", description = "The pipeline spec file.")
  Path spec;

  @Option(names = "--engine", paramLabel = "spark|beam", description = "Override the spec's engine.")
  String engine;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master for the spark engine (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--max-dead-letter-ratio", defaultValue = "1.0",
      description = "Exit with code 5 when dead letters / input exceeds this share (default: ${DEFAULT-VALUE}, never).")
  double maxDeadLetterRatio;

  @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: when stderr is a terminal).")
  Boolean progress;

  @picocli.CommandLine.Mixin
  LineageOptions lineage = new LineageOptions();

  @Override
  public Integer call() {
    PipelineSpec s = PipelineSpecs.load(spec, StageRegistry.discover());
    if (engine != null) {
      s = s.withEngine(Engine.fromSpecName(engine));
    }
    return execute(s, master, maxDeadLetterRatio, progress == null ? Progress.interactive() : progress, lineage.create(s));
  }

  static int execute(PipelineSpec s, String master, double maxDeadLetterRatio, boolean showProgress, Lineage lineage) {
    RunReport report;
    try (Engines engines = new Engines(master); Progress bar = new Progress("reading " + s.source().format().specName(), "MB", 1 << 20, showProgress)) {
      report = Veil.run(s, engines::runner, bar, lineage);
    } finally {
      closeQuietly(lineage);
    }
    System.out.print(report.toText());
    if (lineage != null) System.out.println("lineage:     " + lineage.transport().describe());
    if (!report.reconciles()) {
      System.err.println("veil: the run's counts do not reconcile; please report this as a bug");
      return ExitCodes.NOT_RECONCILED;
    }
    double ratio = report.input() == 0 ? 0 : (double) report.deadLettered() / report.input();
    if (ratio > maxDeadLetterRatio) {
      System.err.printf(Locale.ROOT, "veil: %.4f of the input was dead-lettered, above --max-dead-letter-ratio %.4f%n", ratio, maxDeadLetterRatio);
      return ExitCodes.TOO_MANY_DEAD_LETTERS;
    }
    return ExitCodes.OK;
  }

  private static void closeQuietly(Lineage lineage) {
    if (lineage == null) return;
    try {
      lineage.close();
    } catch (java.io.IOException e) {
      System.err.println("veil: could not close the lineage transport: " + e.getMessage());
    }
  }
}
