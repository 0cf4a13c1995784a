package dev.veil.core.report;

/**
 * Counts for one stage of one run: {@code in = out + filtered + deadLettered}. Index 0 is the
 * source, whose {@code in} is every record read and whose dead letters are the malformed records.
 *
 * @param cpuMillis time spent in the stage's own record functions, summed over workers; -1 when
 *     the engine fused the stage into native code where it cannot be measured separately
 */
public record StageMetrics(int index, String name, String type, long in, long out, long filtered, long deadLettered, long cpuMillis) {
  public boolean reconciles() {
    return in == out + filtered + deadLettered;
  }
}
