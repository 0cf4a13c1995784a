package dev.veil.pipelines.beam;

import dev.veil.core.error.InputException;
import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PlannedStage;
import dev.veil.core.report.RunCounts;
import dev.veil.pipelines.EngineRunner;
import dev.veil.pipelines.io.ResolvedSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.util.ReleaseInfo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;

/**
 * The Apache Beam adapter: executes a {@link PipelinePlan} as one Beam pipeline on the
 * DirectRunner (in this JVM, {@value #PARALLELISM} worker threads).
 *
 * <p>The pipeline: {@link ReadSource} (text splits or Parquet files, reshuffled so they are read in
 * parallel; malformed records become dead letters of stage 0), then one composite
 * {@link StageTransform} per stage, named {@code "<index>-<stage name>"}, over schema-aware
 * {@code PCollection<Row>}s (see {@link BeamRows}), then {@link WriteRecords} to the sink directory,
 * and all dead letters flattened and written as {@code part-*.jsonl} to the spec's dead-letter
 * directory. Both directories are created (the dead-letter one even when there are no dead letters).
 * A final {@code dp-aggregate} stage runs as {@link DpAggregateTransform} (group by privacy-unit bucket,
 * bound, merge per partition, release); its released rows are what the sink receives. A two-pass
 * stage ({@code kanonymize}, {@code risk}) runs as {@link FrequenciesTransform} (count, plan once as a
 * singleton side input, map every record).
 *
 * <p>Counts are exact: every source record is read once, and each ends in exactly one of the sink,
 * a stage's filtered count or a dead letter; the counts come from committed Beam counters
 * (see {@link RunMetrics}), so {@code read == written + filtered + dead}. Progress is relayed while
 * records are read (see {@link ProgressRelay}) and reported once more, exactly, at the end.
 *
 * <p>Failures: a reader that cannot read a file rethrows its {@link InputException}; a stage that
 * throws anything but a {@link dev.veil.core.error.RecordException} fails the run. Output written
 * before a failure is left in place (Beam's temporary files included); the sink, dead-letter and
 * findings directories this run created and nothing was written to are removed, so a run that fails
 * before writing leaves nothing behind, as on Spark.
 *
 * <p>Thread-safety: stateless; one instance may run several plans, also concurrently.
 */
public final class BeamRunner implements EngineRunner {
  /** The DirectRunner's worker threads. */
  static final int PARALLELISM = 2;
  /** Text sources are cut into splits of at most this size (and at least the reader's 4 MiB). */
  static final long MAX_SPLIT_BYTES = 16L << 20;

  public BeamRunner() {}

  /** {@code "Beam <sdk version> DirectRunner"}. */
  @Override
  public String engineVersion() {
    return version();
  }

  static String version() {
    return "Beam " + ReleaseInfo.getReleaseInfo().getVersion() + " DirectRunner";
  }

  @Override
  public Result run(PipelinePlan plan, ResolvedSource source, ProgressListener progress) {
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    String sinkDir = plan.spec().sink().path();
    String deadDir = plan.spec().deadLetterPath();
    List<String> created = new ArrayList<>(); // directories this run created, removed again if it fails before writing to them
    createDirectory(sinkDir, created);
    createDirectory(deadDir, created);

    String runId = ProgressRelay.register(listener);
    try {
      Pipeline pipeline = Pipeline.create(options());
      ReadSource read = ReadSource.of(source, plan, splitBytes(source), runId);
      PCollectionTuple sourced = pipeline.apply("read-source", read);
      List<PCollection<String>> deadLetters = new ArrayList<>();
      deadLetters.add(sourced.get(read.deadLetters()));
      PCollection<Row> records = sourced.get(read.records());
      List<String> findingDirs = new ArrayList<>();
      for (PlannedStage stage : plan.stages()) {
        if (stage.executor().aggregateOp() != null) {
          DpAggregateTransform dp = DpAggregateTransform.of(plan, stage);
          PCollectionTuple out = records.apply(dp);
          deadLetters.add(out.get(dp.deadLetters()));
          records = out.get(dp.records());
          continue;
        }
        if (stage.executor().frequenciesOp() != null) {
          FrequenciesTransform ft = FrequenciesTransform.of(plan, stage);
          PCollectionTuple out = records.apply(ft);
          deadLetters.add(out.get(ft.deadLetters()));
          records = out.get(ft.records());
          continue;
        }
        StageTransform t = StageTransform.of(plan, stage);
        PCollectionTuple out = records.apply(t);
        deadLetters.add(out.get(t.deadLetters()));
        records = out.get(t.records());
        if (t.findingsPath() != null) {
          createDirectory(t.findingsPath(), created);
          findingDirs.add(t.findingsPath());
          out.get(t.findings()).apply("write-findings-" + stage.index(),
              TextIO.write().to(WriteRecords.textPrefix(t.findingsPath())).withSuffix(".jsonl"));
        }
      }
      records.apply("write-sink", WriteRecords.to(plan.spec().sink(), plan.outputSchema()));
      PCollectionList.of(deadLetters)
          .apply("collect-dead-letters", Flatten.pCollections())
          .apply("write-dead-letters", TextIO.write().to(WriteRecords.textPrefix(deadDir)).withSuffix(".jsonl"));

      PipelineResult result = execute(pipeline);
      removeEmptyTempDirectories(sinkDir);
      removeEmptyTempDirectories(deadDir);
      findingDirs.forEach(BeamRunner::removeEmptyTempDirectories);
      RunCounts counts = RunMetrics.counts(result, plan);
      listener.recordsRead(counts.read());
      return new Result(counts, version());
    } catch (RuntimeException | Error e) {
      removeEmptyDirectories(created, e);
      throw e;
    } finally {
      ProgressRelay.unregister(runId);
    }
  }

  /**
   * After a failed run, removes the directories the run created and nothing was written to (Beam's
   * empty temporary directories aside), so a run that fails before writing (a {@code kanonymize}
   * whose k exceeds the records, say) leaves no output behind, as on Spark. A directory that holds
   * anything is kept. Problems are attached to {@code failure}, never thrown over it.
   */
  private static void removeEmptyDirectories(List<String> created, Throwable failure) {
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        removeEmptyTempDirectories(created.get(i));
        Files.delete(Path.of(created.get(i)));
      } catch (DirectoryNotEmptyException e) {
        // something was written: keep it for inspection
      } catch (IOException | UncheckedIOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  private static DirectOptions options() {
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setTargetParallelism(PARALLELISM);
    options.setBlockOnRun(true);
    // Stage functions never mutate their input rows, and rows need no encoding between fused steps;
    // these checks would encode every element at every step.
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    return options;
  }

  /** Runs to completion; a failure's cause is rethrown when it is a Veil or other unchecked exception. */
  private static PipelineResult execute(Pipeline pipeline) {
    try {
      PipelineResult result = pipeline.run();
      result.waitUntilFinish();
      return result;
    } catch (Pipeline.PipelineExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** About one split per worker, between the reader's 4 MiB minimum and {@link #MAX_SPLIT_BYTES}. */
  private static long splitBytes(ResolvedSource source) {
    if (source.text() == null) return MAX_SPLIT_BYTES;
    long total = 0;
    for (String f : source.files()) {
      try {
        total += Files.size(Path.of(f));
      } catch (IOException e) {
        throw new InputException(f + ": cannot read: " + e.getMessage(), e);
      }
    }
    return Math.max(1, Math.min(MAX_SPLIT_BYTES, total / PARALLELISM));
  }

  /**
   * Beam's file sinks write into a {@code .temp-beam*} directory inside the output directory and
   * delete the files in it when they finalize, but FileIO leaves the empty directory behind. Empty
   * ones are removed; a non-empty one (which would mean an unfinished write) is left for inspection.
   */
  private static void removeEmptyTempDirectories(String dir) {
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(Path.of(dir), ".temp-beam*")) {
      for (Path p : temps) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          try {
            Files.delete(p);
          } catch (DirectoryNotEmptyException e) {
            // not empty: keep it
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up Beam's temporary directory in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Creates {@code dir} (and missing parents); adds it to {@code created} when it did not exist. */
  private static void createDirectory(String dir, List<String> created) {
    try {
      if (Files.exists(Path.of(dir))) return;
      Files.createDirectories(Path.of(dir));
      created.add(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
