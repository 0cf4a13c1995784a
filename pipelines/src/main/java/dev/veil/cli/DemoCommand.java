package dev.veil.cli;

import dev.veil.core.spec.Engine;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.PipelineSpecs;
import dev.veil.core.stage.StageRegistry;
import dev.veil.pipelines.generate.SyntheticDataGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code veil demo}: generates data, runs the demo pipeline on embedded defaults, prints the report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate synthetic customer data, run the demo pipeline (cast, filter, detect PII, pseudonymize, mask, minimize, k-anonymize, risk) on embedded"
        + " defaults, and print the run report and where the outputs are.",
    footer = ExitCodes.HELP)
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--rows", defaultValue = "20000", description = "Records to generate (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dir", defaultValue = "veil-demo", description = "Working directory for data and outputs (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--engine", defaultValue = "spark", paramLabel = "spark|beam", description = "Engine (default: ${DEFAULT-VALUE}).")
  String engine;

  @Option(names = "--progress", negatable = true, description = "Show progress bars (default: when stderr is a terminal).")
  Boolean progress;

  @picocli.CommandLine.Mixin
  LineageOptions lineage = new LineageOptions();

  /** The demo pipeline's files (its spec and the minimization policy it names), written into {@code dir}. */
  public static final java.util.List<String> DEMO_FILES = java.util.List.of("demo-pipeline.yaml", "demo-policy.yaml");

  /**
   * Writes the demo pipeline spec and the files it refers to into {@code dir}: the minimization
   * policy, and a keyset with its master key file (created once; a real deployment keeps the master
   * key in the environment or a KMS, never next to the data).
   *
   * @return the spec file
   */
  public static Path writeDemoFiles(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String f : DEMO_FILES) {
      try (InputStream in = DemoCommand.class.getResourceAsStream(f)) {
        Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    // the demo's own keys: a keyset encrypted under a fresh master key file (kept if they exist, so tokens stay stable)
    Path master = dir.resolve("master.key");
    Path keys = dir.resolve("keys.json");
    if (!Files.exists(master) || !Files.exists(keys)) {
      Files.writeString(master, dev.veil.privacy.keys.MasterKey.generateText());
      try {
        Files.setPosixFilePermissions(master, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system
      }
      dev.veil.privacy.keys.VeilKeyset.createAll().write(keys, dev.veil.privacy.keys.MasterKey.fromFile(master));
    }
    return dir.resolve("demo-pipeline.yaml");
  }

  @Override
  public Integer call() throws IOException {
    boolean show = progress == null ? Progress.interactive() : progress;
    Path specFile = writeDemoFiles(dir);
    System.out.println("1/3 generating " + rows + " synthetic customer records (seed " + seed + ") ...");
    SyntheticDataGenerator.Result data = GenerateCommand.generate(dir.resolve("data"), rows, seed, show);
    System.out.println("    " + data.file() + ": " + data.malformedRows() + " deliberately malformed " + data.malformedByKind());
    PipelineSpec spec = PipelineSpecs.load(specFile, StageRegistry.discover()).withEngine(Engine.fromSpecName(engine));
    System.out.println("2/3 running pipeline " + specFile + " on " + spec.engine().specName() + " ...");
    int code = RunCommand.execute(spec, "local[*]", 1.0, show, lineage.create(spec));
    System.out.println();
    System.out.println("Inspect: the masked training data in " + spec.sink().path() + " (Parquet, tags in _veil_schema.json),");
    System.out.println("         rejected records with reasons in " + spec.deadLetterPath() + ", the pipeline in " + specFile + ".");
    Path events = LineageOptions.defaultFile(spec);
    if (!lineage.off && Files.isRegularFile(events)) {
      Path html = Path.of(spec.sink().path() + "-lineage.html");
      Files.writeString(html, dev.veil.lineage.view.LineageHtml.render(events), java.nio.charset.StandardCharsets.UTF_8);
      System.out.println("Lineage: OpenLineage events in " + events + ", drawn in " + html + " (open it in a browser).");
    }
    System.out.println("Re-run it with: ./veil run " + specFile + " --engine beam");
    if (code != ExitCodes.OK) return code;
    System.out.println();
    return dpStep(data.file());
  }

  /**
   * The demo's differentially private release: customers and mean age per country, charged to a
   * budget ledger in the demo directory (a lifetime cap of epsilon 3, so from the fourth run of the
   * demo on the release is refused and says why, as a scheduled job's would be).
   */
  private int dpStep(Path csv) throws IOException {
    Path db = dir.resolve("budget.db").toAbsolutePath();
    String ledger = "jdbc:sqlite:" + db;
    Path out = dir.resolve("out/country-stats");
    // a re-run of the demo replaces the previous release, its dead letters and report
    for (Path p : List.of(out, dir.resolve("out/country-stats-dead-letter"), dir.resolve("out/country-stats-report.json"))) {
      if (!Files.exists(p)) continue;
      try (var walk = Files.walk(p)) {
        for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
      }
    }
    System.out.println("3/3 differentially private statistics per country (epsilon 1), charged to the budget ledger " + db + " ...");
    if (!Files.exists(db)) {
      int init = VeilCli.execute("budget", "init", "--ledger", ledger, "--dataset", "customers",
          "--cap-epsilon", "3", "--cap-delta", "1e-5");
      if (init != ExitCodes.OK) return init;
    }
    int dp = VeilCli.execute("dp", "aggregate", "--input", csv.toString(),
        "--privacy-unit", "customer_id", "--group-by", "country", "--metrics", "count,mean(age)", "--bounds", "age=18:100",
        "--epsilon", "1", "--delta", "1e-6", "--max-partitions", "1", "--max-contributions", "1", "--dataset", "customers",
        "--ledger", ledger, "--out", out.toString(), "--engine", engine);
    if (dp == ExitCodes.BUDGET_REFUSED) {
      System.out.println("    refused (reason above), nothing was released: the demo dataset's lifetime cap is epsilon 3, so the");
      System.out.println("    ledger refuses every run of the demo after the third, as it would refuse a scheduled job.");
      System.out.println("    Delete " + db + " to start a new ledger.");
      dp = ExitCodes.OK;
    } else if (dp == ExitCodes.OK) {
      System.out.println("DP release: " + out + " (noised values with their standard deviation and 95% interval).");
    }
    System.out.println("Budget:  ./veil budget status --ledger " + ledger + "   |   ./veil budget verify --ledger " + ledger);
    System.out.println("         ./veil budget report --ledger " + ledger + " --dataset customers --out " + dir.resolve("out/budget.html"));
    return dp;
  }
}
