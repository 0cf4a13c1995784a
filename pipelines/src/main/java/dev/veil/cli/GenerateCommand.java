package dev.veil.cli;

import dev.veil.pipelines.generate.SyntheticDataGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code veil generate}: writes synthetic customer records with PII and a share of malformed rows. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write synthetic, realistic customer training data (names, e-mails, phones, SSNs, cards, addresses, notes with PII,"
        + " numeric features, a churn label) with about 0.5%% deliberately malformed rows, to DIR/customers.csv.",
    footer = ExitCodes.HELP)
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--rows", required = true, description = "Number of records (malformed ones included).")
  long rows;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same file (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: when stderr is a terminal).")
  Boolean progress;

  @Override
  public Integer call() throws IOException {
    SyntheticDataGenerator.Result r = generate(out, rows, seed, progress == null ? Progress.interactive() : progress);
    System.out.println("wrote " + r.rows() + " records (" + r.malformedRows() + " malformed: " + r.malformedByKind() + ") to " + r.file());
    return ExitCodes.OK;
  }

  static SyntheticDataGenerator.Result generate(Path dir, long rows, long seed, boolean showProgress) throws IOException {
    if (rows < 1) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new GenerateCommand()), "--rows must be >= 1. Provided value: " + rows);
    }
    Files.createDirectories(dir);
    try (Progress bar = new Progress("generating", " rows", 1, showProgress)) {
      return SyntheticDataGenerator.generate(dir.resolve("customers.csv"), rows, seed, n -> bar.step(n, rows));
    }
  }
}
