package dev.veil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.veil.core.error.InputException;
import dev.veil.privacy.kanon.AnonymizationSpec;
import dev.veil.privacy.kanon.GeneralizationHierarchy;
import dev.veil.privacy.kanon.HierarchyException;
import dev.veil.privacy.kanon.KAnonymizationResult;
import dev.veil.privacy.kanon.LDiversity;
import dev.veil.privacy.kanon.LatticeAnonymizer;
import dev.veil.privacy.kanon.Mondrian;
import dev.veil.privacy.kanon.TCloseness;
import dev.veil.privacy.kanon.Table;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veil kanonymize}: k-anonymity (optionally l-diversity, t-closeness) of a delimited file by
 * the optimal lattice search or by Mondrian; writes the anonymized file only when it succeeds.
 */
@Command(name = "kanonymize", mixinStandardHelpOptions = true,
    description = "Generalize the quasi-identifiers of a delimited file (and suppress records, within a limit) so that every"
        + " equivalence class has at least K records and, optionally, l-diverse or t-close sensitive values; write the result in the"
        + " input's format and print the chosen generalization levels, the suppressed records, utility and risk."
        + " Hierarchy files (value;level1;level2;...) are looked up in DIR per column as COLUMN.csv, else as the one file"
        + " matching *hierarchy_COLUMN.csv (e.g. adult_hierarchy_age.csv).",
    footer = KanonymizeCommand.EXIT_HELP)
final class KanonymizeCommand implements Callable<Integer> {
  /** Exit codes of risk and kanonymize. */
  static final String EXIT_HELP = "%nExit codes:%n"
      + "  0  success%n"
      + "  1  unexpected failure%n"
      + "  2  wrong command line or parameters (unknown column, k larger than the data, a model no generalization meets)%n"
      + "  3  invalid hierarchy (the message names file, line and column)%n"
      + "  4  unreadable input (missing file, invalid UTF-8, broken quoting, wrong field count)%n";

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "The delimited input file (UTF-8, header line).")
  Path input;

  @Option(names = "--delimiter", defaultValue = ",", paramLabel = "C", description = "Field delimiter, also of the output (default: ${DEFAULT-VALUE}).")
  char delimiter;

  @Option(names = "--quasi-identifiers", required = true, split = ",", paramLabel = "a,b,c", description = "The quasi-identifier columns.")
  List<String> quasiIdentifiers;

  @Option(names = "--hierarchies", paramLabel = "DIR", description = "Folder of hierarchy files (required for the lattice search).")
  Path hierarchies;

  @Option(names = "--auto-hierarchies", paramLabel = "WIDTH",
      description = "For a quasi-identifier without a hierarchy file: a day/month/year hierarchy if every value is an ISO date,"
          + " else intervals doubling from width WIDTH if every value is a number.")
  Double autoWidth;

  @Option(names = "--k", required = true, description = "Minimum size of an equivalence class.")
  int k;

  @Option(names = "--l", description = "l-diversity of --sensitive.")
  Double l;

  @Option(names = "--l-variant", defaultValue = "distinct", description = "distinct, entropy or recursive (default: ${DEFAULT-VALUE}).")
  String lVariant;

  @Option(names = "--c", defaultValue = "3", description = "The c of recursive (c,l)-diversity (default: ${DEFAULT-VALUE}).")
  double c;

  @Option(names = "--t", description = "t-closeness of --sensitive (earth mover's distance).")
  Double t;

  @Option(names = "--t-distance", defaultValue = "equal", description = "equal (categorical) or ordered (numeric/ordinal) (default: ${DEFAULT-VALUE}).")
  String tDistance;

  @Option(names = "--sensitive", paramLabel = "COLUMN", description = "The sensitive column for --l and --t.")
  String sensitive;

  @Option(names = "--max-suppression", defaultValue = "0", paramLabel = "R",
      description = "Largest share of records that may be suppressed (removed), lattice only (default: ${DEFAULT-VALUE}).")
  double maxSuppression;

  @Option(names = "--algorithm", defaultValue = "lattice", description = "lattice (optimal full-domain) or mondrian (default: ${DEFAULT-VALUE}).")
  String algorithm;

  @Option(names = "--threshold", defaultValue = "0.2", paramLabel = "R", description = "Risk threshold of the output's risk report (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "The anonymized file to write.")
  Path out;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    return guarded("kanonymize", () -> {
      if (!algorithm.equals("lattice") && !algorithm.equals("mondrian")) {
        throw new IllegalArgumentException("--algorithm must be lattice or mondrian. Provided value: '" + algorithm + "'");
      }
      if ((l != null || t != null) && sensitive == null) {
        throw new IllegalArgumentException("--sensitive must name a column when --l or --t is given. Provided value: none");
      }
      Table table = Table.readCsv(input, delimiter);
      for (String q : quasiIdentifiers) table.column(q);
      if (sensitive != null) table.column(sensitive);
      AnonymizationSpec.Builder b = AnonymizationSpec.builder().quasiIdentifiers(quasiIdentifiers).k(k).maxSuppression(maxSuppression);
      for (String q : quasiIdentifiers) {
        Optional<GeneralizationHierarchy> h = hierarchyFor(q, table);
        if (h.isPresent()) b.hierarchy(q, h.get());
        else if (algorithm.equals("lattice")) {
          throw new IllegalArgumentException("--hierarchies must hold a hierarchy for every quasi-identifier for the lattice search"
              + " (DIR/" + q + ".csv or DIR/*hierarchy_" + q + ".csv), or use --auto-hierarchies. Provided value: none for '" + q + "' in "
              + hierarchies);
        }
      }
      if (sensitive != null) b.sensitive(sensitive);
      if (l != null) {
        b.lDiversity(LDiversity.of(LDiversity.Variant.parse(lVariant, "--l-variant"), l, c));
      }
      if (t != null) {
        b.tCloseness(new TCloseness(t, TCloseness.Distance.parse(tDistance, "--t-distance")));
      }
      AnonymizationSpec spec = b.build();
      long t0 = System.nanoTime();
      KAnonymizationResult r = algorithm.equals("lattice") ? LatticeAnonymizer.prepare(table, spec).anonymize(threshold)
          : Mondrian.anonymize(table, spec, threshold);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      Table.writeCsv(out, delimiter, r.header(), r.rows());
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("algorithm", r.algorithm());
      o.put("input", input.toString());
      o.put("output", out.toString());
      o.put("records", table.size());
      o.put("quasi_identifiers", quasiIdentifiers);
      o.put("privacy_models", spec.describeModels());
      o.put("max_suppression", maxSuppression);
      r.levels().ifPresent(lv -> {
        Map<String, Object> levels = new LinkedHashMap<>();
        for (int i = 0; i < lv.size(); i++) levels.put(quasiIdentifiers.get(i), lv.get(i));
        o.put("levels", levels);
      });
      o.put("suppressed", r.suppressedRows().length);
      o.put("suppressed_share", (double) r.suppressedRows().length / table.size());
      o.put("utility", r.utility().toMap());
      o.put("risk", r.risk().toMap(sensitive != null));
      Map<String, Object> search = new LinkedHashMap<>(r.search());
      search.put("millis", ms);
      o.put("search", search);
      print(o, json);
      return ExitCodes.OK;
    });
  }

  private Optional<GeneralizationHierarchy> hierarchyFor(String column, Table table) throws IOException {
    if (hierarchies != null) {
      if (!Files.isDirectory(hierarchies)) throw new InputException(hierarchies + ": hierarchy folder not found");
      Path direct = hierarchies.resolve(column + ".csv");
      if (Files.isRegularFile(direct)) return Optional.of(GeneralizationHierarchy.load(direct));
      List<Path> found = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(hierarchies, "*hierarchy_" + column + ".csv")) {
        ds.forEach(found::add);
      }
      if (found.size() > 1) {
        throw new IllegalArgumentException("--hierarchies must hold one hierarchy file per column. Provided value: " + found.size()
            + " files match *hierarchy_" + column + ".csv in " + hierarchies);
      }
      if (found.size() == 1) return Optional.of(GeneralizationHierarchy.load(found.get(0)));
    }
    if (autoWidth != null) {
      int col = table.column(column);
      List<String> values = new ArrayList<>();
      for (String[] row : table.rows()) values.add(row[col]);
      boolean dates = values.stream().allMatch(v -> v != null && v.matches("\\d{4}-\\d{2}-\\d{2}"));
      return Optional.of(dates ? GeneralizationHierarchy.dates(column, values) : GeneralizationHierarchy.numeric(column, values, autoWidth));
    }
    return Optional.empty();
  }

  interface Body {
    int run() throws Exception;
  }

  /** Runs a command body, mapping failures to this command family's exit codes with a one-line message. */
  static int guarded(String command, Body body) throws Exception {
    try {
      return body.run();
    } catch (HierarchyException e) {
      System.err.println("veil " + command + ": invalid hierarchy: " + e.getMessage());
      return ExitCodes.BAD_SPEC;
    } catch (InputException e) {
      System.err.println("veil " + command + ": cannot read input: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } catch (IllegalArgumentException e) {
      System.err.println("veil " + command + ": " + e.getMessage());
      return ExitCodes.USAGE;
    }
  }

  static void print(Map<String, Object> o, boolean json) throws IOException {
    if (json) {
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
    } else {
      for (Map.Entry<String, Object> e : o.entrySet()) System.out.println(e.getKey() + ": " + e.getValue());
    }
  }
}
