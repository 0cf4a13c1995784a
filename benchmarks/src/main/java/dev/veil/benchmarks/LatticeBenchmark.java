package dev.veil.benchmarks;

import dev.veil.privacy.kanon.AnonymizationSpec;
import dev.veil.privacy.kanon.GeneralizationHierarchy;
import dev.veil.privacy.kanon.LatticeAnonymizer;
import dev.veil.privacy.kanon.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The optimal lattice search on UCI Adult (all nine columns as quasi-identifiers, ARX's
 * hierarchies, 5-anonymity, at most 4% suppressed), warm, against a baseline measured in the same
 * run: one pass over the records counting the equivalence classes at a single node (the bottom
 * node, the most expensive one). The ratio says how many single-node passes the whole search
 * costs. Scores are milliseconds per operation.
 *
 * <p>The data folder is the {@code path} parameter, else the system property
 * {@code veil.shared.data} (the folder holding {@code adult/}), else {@code ../shared/data} from
 * the working directory (where it sits beside a checkout, so {@code benchmarks/jmh
 * LatticeBenchmark} finds it); when none holds the data, the benchmark says so and measures nothing
 * meaningful (every operation returns at once).
 *
 * <pre>
 * java -cp ... dev.veil.benchmarks.LatticeBenchmark /work/shared/data
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class LatticeBenchmark {
  static final String[] COLUMNS = {"sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation",
      "salary-class"};

  @Param({""})
  public String path;

  LatticeAnonymizer lattice;
  int[] bottom = new int[COLUMNS.length];

  @Setup
  public void setup() {
    String folder = path.isEmpty() ? System.getProperty("veil.shared.data", "") : path;
    if (folder.isEmpty() && Files.isDirectory(Path.of("..", "shared", "data", "adult"))) folder = Path.of("..", "shared", "data").toString();
    Path adult = Path.of(folder.isEmpty() ? "." : folder, "adult");
    if (folder.isEmpty() || !Files.isRegularFile(adult.resolve("adult.csv"))) {
      System.err.println("LatticeBenchmark: no Adult data (pass the shared data folder as the path parameter or -Dveil.shared.data);"
          + " skipping: the scores are meaningless");
      return;
    }
    Table t = Table.readCsv(adult.resolve("adult.csv"), ';');
    AnonymizationSpec.Builder b = AnonymizationSpec.builder().quasiIdentifiers(java.util.List.of(COLUMNS)).k(5).maxSuppression(0.04);
    for (String c : COLUMNS) b.hierarchy(c, GeneralizationHierarchy.load(adult.resolve("adult_hierarchy_" + c + ".csv")));
    lattice = LatticeAnonymizer.prepare(t, b.build());
  }

  /** The whole optimal search (all checks, roll-ups, tagging), on the prepared encoding. */
  @Benchmark
  public Object veilLatticeSearchK5() {
    return lattice == null ? null : lattice.search();
  }

  /** Baseline: one pass over the records counting the classes of the bottom node. */
  @Benchmark
  public int baselineOneNodePass() {
    return lattice == null ? 0 : lattice.classCount(bottom);
  }

  /** Runs this benchmark and prints the search time as a multiple of the one-node pass. Argument: the shared data folder. */
  public static void main(String[] args) throws Exception {
    OptionsBuilder o = new OptionsBuilder();
    o.include(LatticeBenchmark.class.getName());
    if (args.length > 0) o.param("path", args[0]);
    Collection<RunResult> results = new Runner(o.build()).run();
    double search = 0;
    double base = 0;
    for (RunResult r : results) {
      String m = r.getParams().getBenchmark();
      if (m.endsWith("veilLatticeSearchK5")) search = r.getPrimaryResult().getScore();
      else base = r.getPrimaryResult().getScore();
    }
    System.out.printf(Locale.ROOT, "%n| benchmark | ms/op | baseline one-node pass ms/op | ratio |%n|---|---:|---:|---:|%n"
        + "| LatticeBenchmark.veilLatticeSearchK5 | %.2f | %.3f | %.0f |%n", search, base, base == 0 ? 0 : search / base);
  }
}
