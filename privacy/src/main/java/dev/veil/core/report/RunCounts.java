package dev.veil.core.report;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

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
  private final Map<Integer, Map<String, Long>> findings = new TreeMap<>();
  private final Map<Integer, Map<String, Long>> aggregation = new TreeMap<>();
  private final Map<Integer, Map<String, Object>> privacy = new TreeMap<>();

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

  /** Adds {@code n} findings of {@code key} ({@code column/ENTITY}) at {@code stage}. */
  public void addFindings(int stage, String key, long n) {
    if (stage < 0 || stage >= nanos.length) {
      throw new IllegalArgumentException("stage must be >= 0 and <= " + (nanos.length - 1) + ". Provided value: " + stage);
    }
    findings.computeIfAbsent(stage, k -> new TreeMap<>()).merge(key, n, Long::sum);
  }

  /** The findings counted at {@code stage}, by {@code column/ENTITY}, sorted; empty when none. */
  public Map<String, Long> findings(int stage) {
    Map<String, Long> m = findings.get(stage);
    return m == null ? Map.of() : java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Adds the counts of an aggregating stage (see {@link StageMetrics#aggregation()}), like
   * {@code partitionsReleased}; keys prefixed {@code notDp.} are exact counts that are NOT
   * differentially private.
   */
  public void addAggregation(int stage, Map<String, Long> counts) {
    if (stage < 1 || stage >= nanos.length) {
      throw new IllegalArgumentException("stage must be >= 1 and <= " + (nanos.length - 1) + ". Provided value: " + stage);
    }
    Map<String, Long> m = aggregation.computeIfAbsent(stage, k -> new TreeMap<>());
    counts.forEach((k, v) -> m.merge(k, v, Long::sum));
  }

  /** The counts of an aggregating stage, sorted by name; empty for other stages. */
  public Map<String, Long> aggregation(int stage) {
    Map<String, Long> m = aggregation.get(stage);
    return m == null ? Map.of() : java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Sets the report of a two-pass privacy stage ({@code kanonymize}, {@code risk}): levels,
   * suppression, utility and risk figures, never data values.
   */
  public void setPrivacyReport(int stage, Map<String, Object> report) {
    if (stage < 1 || stage >= nanos.length) {
      throw new IllegalArgumentException("stage must be >= 1 and <= " + (nanos.length - 1) + ". Provided value: " + stage);
    }
    privacy.put(stage, java.util.Collections.unmodifiableMap(normalize(report)));
  }

  /** The report as it reads back from JSON (so engines that ship it as JSON and those that do not hold equal maps). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> normalize(Map<String, Object> report) {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    try {
      return json.readValue(json.writeValueAsString(report), java.util.LinkedHashMap.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("a privacy report must be JSON-serializable: " + e.getOriginalMessage(), e);
    }
  }

  /** The report of a two-pass privacy stage; empty for other stages. */
  public Map<String, Object> privacyReport(int stage) {
    Map<String, Object> m = privacy.get(stage);
    return m == null ? Map.of() : m;
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
