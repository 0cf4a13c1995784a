package dev.veil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.veil.core.report.RunReport;
import dev.veil.core.spec.Engine;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.spec.SourceSpec;
import dev.veil.core.stage.StageSpec;
import dev.veil.core.schema.FieldType;
import dev.veil.core.stage.builtin.CastStage;
import dev.veil.pipelines.Veil;
import dev.veil.privacy.dp.aggregate.BudgetGate;
import dev.veil.privacy.dp.aggregate.DpAggregateStage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veil dp ...}: differential privacy commands. {@code veil dp aggregate} runs one DP aggregation
 * over a CSV file (with a header) as a pipeline (source, a cast of the metric columns to double, the
 * {@code dp-aggregate} stage, a CSV sink), charging its budget through a {@link BudgetGate} first.
 */
@Command(name = "dp", mixinStandardHelpOptions = true, description = "Differentially private aggregation.",
    subcommands = {DpCommand.Aggregate.class}, footer = ExitCodes.HELP)
final class DpCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * Opens the budget ledger at a URL: the persistent, hash-chained ledger of
   * {@code dev.veil.privacy.budget} (it must exist: {@code veil budget init}). Tests may replace it to
   * simulate a ledger that refuses.
   */
  static volatile Function<String, BudgetGate> ledgers = url -> dev.veil.privacy.budget.LedgerBudgetGate.open(url);

  /** {@code veil dp aggregate}. */
  @Command(name = "aggregate", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
      description = {"Differentially private count/sum/mean/variance/quantiles per group of a CSV file (with a header).",
          "The budget is reserved in the ledger before anything is released; without --ledger nothing is recorded."})
  static final class Aggregate implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV file (or directory/glob) with a header line.")
    String input;

    @Option(names = "--privacy-unit", required = true, paramLabel = "COLUMN", description = "Column identifying the individual.")
    String privacyUnit;

    @Option(names = "--group-by", split = ",", paramLabel = "C1[,C2]", description = "Group-by columns (none: one global group).")
    List<String> groupBy = new ArrayList<>();

    @Option(names = "--metrics", required = true, paramLabel = "LIST",
        description = "Like \"count,sum(x),mean(x),variance(x),quantiles(x;0.5;0.9),count_distinct_units\".")
    String metrics;

    @Option(names = "--bounds", paramLabel = "LIST", description = "Like \"x=0:100,y=18:90\": values are clamped to them.")
    String bounds;

    @Option(names = "--epsilon", required = true, description = "Total epsilon of this release.")
    double epsilon;

    @Option(names = "--delta", defaultValue = "0", description = "Total delta (needed for private partition selection; default ${DEFAULT-VALUE}).")
    double delta;

    @Option(names = "--max-partitions", paramLabel = "N", description = "L0: groups one privacy unit may contribute to.")
    Integer maxPartitions;

    @Option(names = "--max-contributions", paramLabel = "N", description = "Linf: records one unit may contribute per group.")
    Integer maxContributions;

    @Option(names = "--public-partitions", split = ",", paramLabel = "a,b",
        description = "Public group keys (single group-by column): every one is released, no others.")
    List<String> publicPartitions;

    @Option(names = "--run-id", paramLabel = "ID", description = "The run's id in the ledger (default: a new UUID). "
        + "Give the same id when a job is retried or re-run after an officer's approval: the ledger charges a run id once.")
    String runIdOption;

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "The dataset the budget is charged to.")
    String dataset;

    @Option(names = "--ledger", paramLabel = "URL", description = "Budget ledger (jdbc:sqlite:... or jdbc:postgresql:...; "
        + "default: $VEIL_LEDGER if set; without either, nothing is recorded).")
    String ledger;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (CSV part files).")
    Path out;

    @Option(names = "--engine", defaultValue = "spark", paramLabel = "spark|beam", description = "Engine (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--json", description = "Print the run report and the budget entries as JSON.")
    boolean json;

    /**
     * The ledger a release is charged to: {@code --ledger}, else {@code $VEIL_LEDGER} (the variable
     * {@code veil budget} also reads), else {@code null} (nothing is recorded, with a warning).
     */
    static String ledgerUrl(String option, String env) {
      if (option != null && !option.isBlank()) return option;
      return env != null && !env.isBlank() ? env : null;
    }

    @Override
    public Integer call() {
      DpAggregateStage stage = stage();
      PipelineSpec spec = spec(stage);
      Veil.plan(spec); // every configuration error surfaces before any budget is reserved
      BudgetGate gate;
      String ledger = ledgerUrl(this.ledger, System.getenv("VEIL_LEDGER"));
      if (ledger == null) {
        System.err.println("veil: WARNING: no --ledger given: the privacy budget of this release is NOT recorded anywhere, "
            + "and repeated releases compose without any limit");
        gate = BudgetGate.unrecorded();
      } else {
        try {
          gate = ledgers.apply(ledger);
        } catch (RuntimeException e) {
          System.err.println("veil: nothing was released: cannot open the budget ledger: " + e.getMessage());
          return ExitCodes.LEDGER_UNAVAILABLE;
        }
      }
      String runId = runIdOption != null && !runIdOption.isBlank() ? runIdOption : UUID.randomUUID().toString();
      List<BudgetGate.Entry> entries = BudgetGate.entries(stage.query());
      BudgetGate.Reservation r;
      try {
        r = gate.reserve(dataset, runId, "veil dp aggregate " + stage.query().metrics(), entries);
      } catch (RuntimeException e) {
        System.err.println("veil: nothing was released: the budget ledger failed: " + e.getMessage());
        return e instanceof dev.veil.privacy.budget.LedgerUnavailableException ? ExitCodes.LEDGER_UNAVAILABLE : ExitCodes.BUDGET_REFUSED;
      }
      if (!r.granted()) {
        if (r.pending()) {
          System.err.println("veil: nothing was released yet: the request waits for a privacy officer's approval: " + r.reason());
          return ExitCodes.BUDGET_PENDING_APPROVAL;
        }
        System.err.println("veil: nothing was released: the budget ledger refused the reservation: " + r.reason());
        return ExitCodes.BUDGET_REFUSED;
      }
      RunReport report;
      boolean existed = Files.exists(out);
      try (Engines engines = new Engines(master)) {
        report = Veil.run(spec, engines::runner, dev.veil.pipelines.EngineRunner.ProgressListener.NONE);
      } catch (RuntimeException | Error e) {
        if (!existed) deleteQuietly(out);
        gate.release(runId);
        throw e;
      }
      gate.commit(runId);
      print(report, runId, gate, entries);
      return report.reconciles() ? ExitCodes.OK : ExitCodes.NOT_RECONCILED;
    }

    DpAggregateStage stage() {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("dataset", dataset);
      p.put("privacyUnit", privacyUnit);
      p.put("groupBy", groupBy);
      p.put("metrics", metrics);
      if (bounds != null) p.put("bounds", bounds);
      p.put("epsilon", epsilon);
      p.put("delta", delta);
      if (maxPartitions != null) p.put("maxPartitionsContributed", maxPartitions);
      if (maxContributions != null) p.put("maxContributionsPerPartition", maxContributions);
      if (publicPartitions != null) p.put("partitions", publicPartitions);
      try {
        return DpAggregateStage.fromMap("dp-aggregate", p);
      } catch (IllegalArgumentException e) {
        throw new dev.veil.core.error.SpecException("veil dp aggregate: " + e.getMessage());
      }
    }

    PipelineSpec spec(DpAggregateStage stage) {
      List<StageSpec> stages = new ArrayList<>();
      Map<String, FieldType> casts = new LinkedHashMap<>();
      for (String c : stage.query().valueColumns()) casts.put(c, FieldType.DOUBLE);
      if (!casts.isEmpty()) stages.add(new CastStage("cast-metric-columns", casts, true));
      stages.add(stage);
      String name = ("dp-aggregate-" + dataset).replaceAll("[^A-Za-z0-9_.-]", "_");
      PipelineSpec.Builder b = PipelineSpec.builder(name.length() > 128 ? name.substring(0, 128) : name)
          .engine(Engine.fromSpecName(engine))
          .source(SourceSpec.csv(input))
          .sink(SinkSpec.csv(out.toString()));
      for (StageSpec st : stages) b.stage(st);
      return b.build();
    }

    private void print(RunReport report, String runId, BudgetGate gate, List<BudgetGate.Entry> entries) {
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("budgetRunId", runId);
        m.put("dataset", dataset);
        m.put("budgetRecorded", gate.records());
        m.put("budget", entries);
        try {
          m.put("report", new ObjectMapper().readValue(report.toJson(), Map.class));
          System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return;
      }
      System.out.print(report.toText());
      System.out.println("budget:      " + (gate.records() ? "committed in the ledger as run " + runId
          : "NOT recorded (no --ledger)") + "; dataset " + dataset + ", epsilon " + epsilon + ", delta " + delta);
    }

    private static void deleteQuietly(Path dir) {
      if (!Files.exists(dir)) return;
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
      } catch (IOException e) {
        System.err.println("veil: could not remove the partial output " + dir + ": " + e.getMessage());
      }
    }
  }
}
