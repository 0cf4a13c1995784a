package dev.veil.core.report;

/**
 * Counts for one stage of one run: {@code in = out + filtered + deadLettered}. Index 0 is the
 * source, whose {@code in} is every record read and whose dead letters are the malformed records.
 *
 * @param cpuMillis time spent in the stage's own record functions, summed over workers; -1 when
 *     the engine fused the stage into native code where it cannot be measured separately
 * @param findings what the stage's inspections found, counted by {@code column/ENTITY} over the
 *     records it passed on (values or spans; never the values themselves); empty for most stages
 * @param aggregation for an aggregating stage (dp-aggregate): {@code partitionsReleased} (the rows it
 *     wrote in place of its {@code out} records, which it aggregated) and exact bounding counts
 *     prefixed {@code notDp.} (clamped values, NaN dropped, records dropped by L0/Linf bounding...),
 *     which are NOT differentially private: the report must stay access-controlled. Empty otherwise.
 * @param privacy for a {@code kanonymize} or {@code risk} stage its report (levels, suppression,
 *     utility and risk figures; numbers and names, never data values); empty otherwise
 */
public record StageMetrics(int index, String name, String type, long in, long out, long filtered, long deadLettered, long cpuMillis,
    java.util.Map<String, Long> findings,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    java.util.Map<String, Long> aggregation,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    java.util.Map<String, Object> privacy) {
  public StageMetrics {
    privacy = privacy == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(privacy));
    findings = findings == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(findings));
    aggregation = aggregation == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(aggregation));
  }

  /** A stage without a privacy report. */
  public StageMetrics(int index, String name, String type, long in, long out, long filtered, long deadLettered, long cpuMillis,
      java.util.Map<String, Long> findings, java.util.Map<String, Long> aggregation) {
    this(index, name, type, in, out, filtered, deadLettered, cpuMillis, findings, aggregation, java.util.Map.of());
  }

  /** A stage that does not aggregate. */
  public StageMetrics(int index, String name, String type, long in, long out, long filtered, long deadLettered, long cpuMillis,
      java.util.Map<String, Long> findings) {
    this(index, name, type, in, out, filtered, deadLettered, cpuMillis, findings, java.util.Map.of(), java.util.Map.of());
  }

  /** A stage without findings. */
  public StageMetrics(int index, String name, String type, long in, long out, long filtered, long deadLettered, long cpuMillis) {
    this(index, name, type, in, out, filtered, deadLettered, cpuMillis, java.util.Map.of(), java.util.Map.of(), java.util.Map.of());
  }

  public boolean reconciles() {
    return in == out + filtered + deadLettered;
  }
}
