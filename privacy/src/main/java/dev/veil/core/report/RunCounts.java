package dev.veil.core.report;

import java.util.Arrays;

/**
 * What an engine counted in one run: records read, and per stage index (0 = source) the records
 * filtered and dead-lettered and the nanoseconds spent in stage functions. Counts must be exact:
 * the Spark adapter takes them from one aggregation over the run's final records, the Beam adapter
 * from committed metrics (never from accumulators that task retries can inflate). Time is advisory.
 * Not thread-safe: fill it on one thread.
 */
public final class RunCounts {
  private long read;
  private final long[] filtered;
  private final long[] dead;
  private final long[] nanos;

  /** @param stages number of stages, not counting the source */
  public RunCounts(int stages) {
    filtered = new long[stages + 1];
    dead = new long[stages + 1];
    nanos = new long[stages + 1];
    Arrays.fill(nanos, -1);
  }

  public void addRead(long n) {
    read += n;
  }

  public void addFiltered(int stage, long n) {
    filtered[stage] += n;
  }

  public void addDead(int stage, long n) {
    dead[stage] += n;
  }

  public void addNanos(int stage, long n) {
    nanos[stage] = Math.max(0, nanos[stage]) + n;
  }

  public long read() {
    return read;
  }

  public long filtered(int stage) {
    return filtered[stage];
  }

  public long dead(int stage) {
    return dead[stage];
  }

  public long nanos(int stage) {
    return nanos[stage];
  }

  public int stages() {
    return filtered.length - 1;
  }
}
