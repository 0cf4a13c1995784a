package dev.veil.pipelines;

import dev.veil.core.error.InputException;
import dev.veil.core.error.SpecException;
import dev.veil.core.io.SourceRecord;
import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PipelinePlanner;
import dev.veil.core.report.RunReport;
import dev.veil.core.spec.Engine;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.lineage.Lineage;
import dev.veil.pipelines.io.ResolvedSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs a pipeline end to end: resolves the source (files, header or footer, sample), plans every
 * stage before an engine starts (so configuration errors surface first), prepares the output
 * directories, executes on the chosen engine, and writes the run report and the output schema with
 * its tags ({@code _veil_schema.json} in the sink directory).
 *
 * <pre>{@code
 * RunReport report = Veil.run(spec, engine -> engine == Engine.SPARK
 *     ? new SparkRunner(SparkRunner.localSession("local[*]")) : new BeamRunner(), EngineRunner.ProgressListener.NONE);
 * }</pre>
 *
 * Stateless; each call is independent.
 */
public final class Veil {
  private Veil() {}

  /** Resolves and plans without running anything: for validation and {@code --dry-run}. */
  public static PipelinePlan plan(PipelineSpec spec) {
    ResolvedSource source = ResolvedSource.open(spec.source(), spec.sampleRows());
    return plan(spec, source);
  }

  private static PipelinePlan plan(PipelineSpec spec, ResolvedSource source) {
    List<Object[]> sample = new ArrayList<>();
    for (SourceRecord r : source.sample()) {
      if (!r.isMalformed()) sample.add(r.values());
    }
    return PipelinePlanner.plan(spec, source.schema(), source.files(), sample);
  }

  /**
   * @param runners gives the runner for the spec's engine
   * @throws SpecException for configuration problems, {@link InputException} for unreadable input
   */
  public static RunReport run(PipelineSpec spec, Function<Engine, EngineRunner> runners, EngineRunner.ProgressListener progress) {
    return run(spec, runners, progress, null);
  }

  /**
   * Runs {@code spec} and reports it to {@code lineage} (START before the engine starts, then the
   * stages' and the pipeline's COMPLETE, or FAIL with the error); null for no lineage.
   */
  public static RunReport run(PipelineSpec spec, Function<Engine, EngineRunner> runners, EngineRunner.ProgressListener progress,
      Lineage lineage) {
    Instant start = Instant.now();
    ResolvedSource source = ResolvedSource.open(spec.source(), spec.sampleRows());
    PipelinePlan plan = plan(spec, source);
    prepare(spec.sink().path(), spec.sink().overwrite(), source.files(), "sink");
    prepare(spec.deadLetterPath(), spec.sink().overwrite(), source.files(), "deadLetter");
    for (dev.veil.core.plan.PlannedStage st : plan.stages()) {
      for (dev.veil.core.stage.Op op : st.plan().ops()) {
        if (op instanceof dev.veil.core.stage.Op.Inspect in && in.findingsPath() != null) {
          prepare(in.findingsPath(), spec.sink().overwrite(), source.files(), "findings of stage '" + st.spec().name() + "'");
        }
      }
    }
    EngineRunner runner = runners.apply(spec.engine());
    UUID runId = UUID.randomUUID();
    String engine = spec.engine().specName() + " " + runner.engineVersion();
    // a run stopped from outside (Ctrl-C, SIGTERM from a scheduler) still closes its lineage with ABORT; the
    // hook is registered before START is emitted, so a termination right after START cannot slip between them
    java.util.concurrent.atomic.AtomicBoolean startEmitting = new java.util.concurrent.atomic.AtomicBoolean();
    Thread abort = lineage == null ? null : new Thread(() -> {
      if (startEmitting.get()) lineage.aborted(plan, runId, Instant.now(), engine);
    }, "veil-lineage-abort");
    if (abort != null) Runtime.getRuntime().addShutdownHook(abort);
    if (lineage != null) {
      startEmitting.set(true);
      lineage.started(plan, runId, start, engine);
    }
    RunReport report;
    try {
      EngineRunner.Result result = runner.run(plan, source, progress);
      report = RunReport.of(runId.toString(), plan, spec.engine().specName(), result.engineVersion(), start,
          Duration.between(start, Instant.now()), result.counts());
      nameParts(Path.of(spec.sink().path()), "." + spec.sink().format().specName());
      nameParts(Path.of(spec.deadLetterPath()), ".jsonl");
      Path reportPath = Path.of(spec.reportPath());
      if (reportPath.getParent() != null) Files.createDirectories(reportPath.getParent());
      Files.writeString(reportPath, report.toJson(), StandardCharsets.UTF_8);
      Files.writeString(Path.of(spec.sink().path(), "_veil_schema.json"), schemaJson(plan), StandardCharsets.UTF_8);
    } catch (IOException e) {
      UncheckedIOException u = new UncheckedIOException("cannot write the run report " + spec.reportPath(), e);
      removeHook(abort);
      reportFailure(lineage, plan, runId, engine, u);
      throw u;
    } catch (RuntimeException | Error e) {
      removeHook(abort);
      reportFailure(lineage, plan, runId, engine, e);
      throw e;
    }
    removeHook(abort);
    if (lineage != null) lineage.completed(plan, runId, start, report);
    return report;
  }

  private static void removeHook(Thread hook) {
    if (hook == null) return;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook reports ABORT
    }
  }

  /** Sends FAIL; a lineage error then (strict mode) is attached to the run's error, never replaces it. */
  private static void reportFailure(Lineage lineage, PipelinePlan plan, UUID runId, String engine, Throwable error) {
    if (lineage == null) return;
    try {
      lineage.failed(plan, runId, Instant.now(), engine, error);
    } catch (RuntimeException le) {
      error.addSuppressed(le);
    }
  }

  /** Gives text part files written by an engine's generic text writer the extension of their format. */
  private static void nameParts(Path dir, String ext) throws IOException {
    if (!Files.isDirectory(dir)) return;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith("part-") && n.endsWith(".txt")) {
          Files.move(p, p.resolveSibling(n.substring(0, n.length() - 4) + ext));
        }
      }
    }
  }

  private static String schemaJson(PipelinePlan plan) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
          .writeValueAsString(Map.of("fields", plan.outputSchema().describe()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes sure {@code dir} does not exist: an existing empty directory is removed; a non-empty one
   * is deleted only with {@code overwrite}, and never when it holds or is one of the source files.
   */
  static void prepare(String dir, boolean overwrite, List<String> sourceFiles, String what) {
    Path p = Path.of(dir).toAbsolutePath().normalize();
    if (!Files.exists(p)) return;
    for (String f : sourceFiles) {
      if (Path.of(f).toAbsolutePath().normalize().startsWith(p)) {
        throw new SpecException(what + " path " + dir + " contains the source file " + f + "; write the output somewhere else");
      }
    }
    if (p.getParent() == null || p.equals(Path.of(System.getProperty("user.home")).toAbsolutePath())) {
      throw new SpecException(what + " path " + dir + " is a root or home directory; refusing to write there");
    }
    try {
      boolean empty;
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          empty = s.findAny().isEmpty();
        }
      } else {
        empty = false;
      }
      if (!empty && !overwrite) {
        throw new SpecException(what + " path " + dir + " already exists; remove it or set the sink's mode: overwrite");
      }
      try (Stream<Path> walk = Files.walk(p)) {
        for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
      }
    } catch (IOException e) {
      throw new InputException(dir + ": cannot prepare the " + what + " directory: " + e.getMessage(), e);
    }
  }
}
