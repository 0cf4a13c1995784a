package dev.veil.pipelines;

import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.report.RunCounts;
import dev.veil.pipelines.io.ResolvedSource;

/**
 * Executes a {@link PipelinePlan} on one engine: reads the resolved source, applies every stage's
 * ops with the reference semantics of {@link dev.veil.core.plan.StageExecutor}, writes the
 * well-formed output to the sink directory and every rejected record as a
 * {@link dev.veil.core.report.DeadLetter} JSON line to the dead-letter directory, and returns exact
 * counts. The caller has already made sure the output directories do not exist (or removed them
 * under {@code mode: overwrite}); the runner creates them.
 */
public interface EngineRunner {

  /** The result of one execution. */
  record Result(RunCounts counts, String engineVersion) {}

  Result run(PipelinePlan plan, ResolvedSource source, ProgressListener progress);

  /** The engine and its version, like {@code "Spark 3.5.9 local[*]"}, known before a run starts. */
  String engineVersion();

  /** Receives progress as the source is read; called from any thread. */
  @FunctionalInterface
  interface ProgressListener {
    /** Records read so far (engines that count records). */
    void recordsRead(long total);

    /** Source bytes read so far out of {@code total} (engines that count bytes); ignored by default. */
    default void bytesRead(long done, long total) {}

    ProgressListener NONE = n -> {};
  }
}
