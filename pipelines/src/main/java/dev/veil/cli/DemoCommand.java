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
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code veil demo}: generates data, runs the demo pipeline on embedded defaults, prints the report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate synthetic customer data, run the demo pipeline (minimize, cast, filter, detect PII, mask) on embedded"
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
    System.out.println("1/2 generating " + rows + " synthetic customer records (seed " + seed + ") ...");
    SyntheticDataGenerator.Result data = GenerateCommand.generate(dir.resolve("data"), rows, seed, show);
    System.out.println("    " + data.file() + ": " + data.malformedRows() + " deliberately malformed " + data.malformedByKind());
    PipelineSpec spec = PipelineSpecs.load(specFile, StageRegistry.discover()).withEngine(Engine.fromSpecName(engine));
    System.out.println("2/2 running pipeline " + specFile + " on " + spec.engine().specName() + " ...");
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
    return code;
  }
}
