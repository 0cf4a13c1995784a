package dev.veil.cli;

import dev.veil.privacy.detect.eval.EvaluationReport;
import dev.veil.privacy.detect.eval.LabelledTextGenerator;
import dev.veil.privacy.detect.eval.PiiEvaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code veil pii}: evaluation of PII detection on labelled text ({@code eval}) and generation of
 * labelled text ({@code generate}), both in the Presidio-research JSON format. Output holds
 * counts and scores only, never text from the file.
 */
@Command(name = "pii", mixinStandardHelpOptions = true,
    description = "Evaluate PII detection on labelled text, or generate labelled text (Presidio-research JSON format).",
    subcommands = {PiiCommand.Eval.class, PiiCommand.Generate.class}, footer = ExitCodes.HELP)
final class PiiCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code veil pii eval FILE}: span-level precision, recall, F1, F2 and throughput. */
  @Command(name = "eval", mixinStandardHelpOptions = true,
      description = "Run Veil's detector over every full_text of FILE and score its spans against the gold spans:"
          + " a prediction is correct when its entity type equals the gold type (after the synonym table of"
          + " docs/pii-detection.md) and the character IoU is >= 0.5, one-to-one. Prints precision, recall, F1, F2"
          + " and support per entity type and overall (micro), and detection throughput.",
      footer = ExitCodes.HELP)
  static final class Eval implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A JSON array of records with full_text and spans (code-point offsets).")
    Path file;

    @Option(names = "--json", description = "Print one JSON object: overall, per_entity, records, mb_per_s.")
    boolean json;

    @Option(names = "--regions", split = ",", defaultValue = "US",
        description = "Phone numbering plans for numbers written without +country (default: ${DEFAULT-VALUE}).")
    List<String> regions;

    @Option(names = "--all-types",
        description = "Also count predictions of entity types that never occur in FILE's gold spans (as false positives)."
            + " By default, like presidio-research, only the types present in the gold set are scored.")
    boolean allTypes;

    @Option(names = "--min-iou", defaultValue = "0.5", description = "Least intersection over union for a match (default: ${DEFAULT-VALUE}).")
    double minIou;

    @Override
    public Integer call() {
      if (!(minIou > 0 && minIou <= 1)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--min-iou must be > 0 and <= 1. Provided value: " + minIou);
      }
      List<String> r = regions.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
      EvaluationReport report = evaluate(file, r, allTypes, minIou);
      System.out.print(json ? report.toJson() + System.lineSeparator() : report.toTable());
      return ExitCodes.OK;
    }

    static EvaluationReport evaluate(Path file, List<String> regions, boolean allTypes, double minIou) {
      return PiiEvaluation.of(PiiEvaluation.defaultAnalyzer(regions)).withAllTypes(allTypes).withMinIou(minIou).evaluate(file);
    }
  }

  /** {@code veil pii generate}: labelled sentences from Veil's templates and Datafaker. */
  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Write N labelled sentences (chat, e-mails, forms, tickets, medical notes, addresses, logs; valid"
          + " card numbers, IBANs, SSNs, phone numbers, ...) in the Presidio-research JSON format.",
      footer = ExitCodes.HELP)
  static final class Generate implements Callable<Integer> {
    @Option(names = "--records", required = true, description = "Number of records.")
    long records;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same file (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSON file.")
    Path out;

    @Override
    public Integer call() throws IOException {
      if (records < 1) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--records must be >= 1. Provided value: " + records);
      }
      new LabelledTextGenerator(seed).write(out, records);
      System.out.println("wrote " + records + " labelled records to " + out);
      return ExitCodes.OK;
    }
  }
}
