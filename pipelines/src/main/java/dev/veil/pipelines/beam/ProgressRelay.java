package dev.veil.pipelines.beam;

import dev.veil.pipelines.EngineRunner.ProgressListener;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Carries read progress from the source-reading {@code DoFn} to the caller's
 * {@link ProgressListener} while a run is in progress. The DoFn is serialized and cannot hold the
 * listener, so it holds a run id and looks the listener up here. This works because the
 * DirectRunner executes in the JVM that started the run; on any other runner {@link #add} finds no
 * entry and does nothing (the runner still reports the exact total once at the end).
 *
 * <p>Interim totals are best-effort (they are counted as records are read, before bundles commit);
 * the runner reports the exact total from the committed metrics after the run. Interim totals
 * passed to one listener never decrease.
 * Thread-safe: {@link #add} may be called from any worker thread; it calls the listener under the
 * run's lock, so a listener sees one call at a time.
 */
final class ProgressRelay {
  private ProgressRelay() {}

  private static final ConcurrentMap<String, Run> RUNS = new ConcurrentHashMap<>();

  private static final class Run {
    private final ProgressListener listener;
    private long total;

    Run(ProgressListener listener) {
      this.listener = listener;
    }
  }

  /** Registers {@code listener} for a new run and returns the run id; call {@link #unregister} when the run ends. */
  static String register(ProgressListener listener) {
    String id = UUID.randomUUID().toString();
    RUNS.put(id, new Run(listener));
    return id;
  }

  /** Adds {@code records} to the run's total and reports the new total; a no-op for unknown runs. */
  static void add(String runId, long records) {
    Run run = RUNS.get(runId);
    if (run == null || records <= 0) return;
    synchronized (run) {
      run.total += records;
      run.listener.recordsRead(run.total);
    }
  }

  /** Forgets the run; later {@link #add} calls for it do nothing. */
  static void unregister(String runId) {
    RUNS.remove(runId);
  }
}
