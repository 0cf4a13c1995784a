package dev.veil.cli;





import dev.veil.privacy.kanon.RiskMetrics;
import dev.veil.privacy.kanon.Table;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code veil risk}: re-identification risk of a delimited file on its quasi-identifiers; writes nothing. */
@Command(name = "risk", mixinStandardHelpOptions = true,
    description = "Report the re-identification risk of a delimited file (header line required) on its quasi-identifiers:"
        + " equivalence classes, prosecutor risk (max, average), records above a risk threshold, sample uniques, marketer risk;"
        + " with --sensitive also the smallest distinct and entropy l of a class.",
    footer = KanonymizeCommand.EXIT_HELP)
final class RiskCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "FILE", description = "The delimited input file (UTF-8, header line).")
  Path input;

  @Option(names = "--delimiter", defaultValue = ",", paramLabel = "C", description = "Field delimiter (default: ${DEFAULT-VALUE}).")
  char delimiter;

  @Option(names = "--quasi-identifiers", required = true, split = ",", paramLabel = "a,b,c", description = "The quasi-identifier columns.")
  List<String> quasiIdentifiers;

  @Option(names = "--sensitive", paramLabel = "COLUMN", description = "A sensitive column (adds min_distinct_l and min_entropy_l).")
  String sensitive;

  @Option(names = "--threshold", defaultValue = "0.2", paramLabel = "R",
      description = "A record is at risk when its prosecutor risk 1/|class| is above R (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    return KanonymizeCommand.guarded("risk", () -> {
      Table t = Table.readCsv(input, delimiter);
      int[] qi = new int[quasiIdentifiers.size()];
      for (int i = 0; i < qi.length; i++) qi[i] = t.column(quasiIdentifiers.get(i));
      int s = sensitive == null ? -1 : t.column(sensitive);
      RiskMetrics m = RiskMetrics.compute(t.rows(), qi, s, threshold);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("input", input.toString());
      out.put("quasi_identifiers", quasiIdentifiers);
      if (sensitive != null) out.put("sensitive", sensitive);
      out.putAll(m.toMap(sensitive != null));
      KanonymizeCommand.print(out, json);
      return ExitCodes.OK;
    });
  }
}
