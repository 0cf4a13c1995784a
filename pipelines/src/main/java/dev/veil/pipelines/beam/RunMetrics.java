package dev.veil.pipelines.beam;

import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PlannedStage;
import dev.veil.core.report.RunCounts;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The Beam counters a Veil run keeps, and their translation into {@link RunCounts}.
 *
 * <p>Counters: {@code read} (source records, malformed ones included), and per stage index
 * {@code dead-<i>}, {@code filtered-<i>}, {@code findings-<i>|<column/ENTITY>} and {@code nanos-<i>} (time inside
 * {@link dev.veil.core.plan.StageExecutor#apply}). Only <em>committed</em> values are read: a runner
 * commits a bundle's metric updates exactly once, when the bundle's output is committed, so retried
 * or failed bundles never count twice. The DirectRunner supports committed metrics.
 *
 * <p>Stateless and thread-safe; the returned {@link Counter}s are serializable handles.
 */
final class RunMetrics {
  private RunMetrics() {}

  static final String NAMESPACE = "dev.veil";
  private static final String READ = "read";
  private static final String DEAD = "dead-";
  private static final String FILTERED = "filtered-";
  private static final String NANOS = "nanos-";
  private static final String FINDINGS = "findings-";
  private static final String AGGREGATION = "agg-";
  /** String-set metric {@code privacy-<i>}: the JSON report of a two-pass privacy stage (one element). */
  static final String PRIVACY = "privacy-";

  static Counter read() {
    return Metrics.counter(NAMESPACE, READ);
  }

  static Counter dead(int stageIndex) {
    return Metrics.counter(NAMESPACE, DEAD + stageIndex);
  }

  static Counter filtered(int stageIndex) {
    return Metrics.counter(NAMESPACE, FILTERED + stageIndex);
  }

  static Counter nanos(int stageIndex) {
    return Metrics.counter(NAMESPACE, NANOS + stageIndex);
  }

  /** Findings of {@code key} ({@code column/ENTITY}) at a stage: {@code findings-<i>|<key>}. */
  static Counter findings(int stageIndex, String key) {
    return Metrics.counter(NAMESPACE, FINDINGS + stageIndex + "|" + key);
  }

  /** Adds an aggregating stage's counts ({@code agg-<i>|<prefix><name>}); zeros are skipped. */
  static void addAggregation(int stageIndex, java.util.Map<String, Long> counts, String prefix) {
    for (java.util.Map.Entry<String, Long> e : counts.entrySet()) {
      if (e.getValue() != 0) Metrics.counter(NAMESPACE, AGGREGATION + stageIndex + "|" + prefix + e.getKey()).inc(e.getValue());
    }
  }

  /**
   * The committed counts of a finished run. Stage nanos are reported for stages with at least one op
   * (0 when no record reached them), and left unset for the others.
   */
  static RunCounts counts(PipelineResult result, PipelinePlan plan) {
    int stages = plan.stages().size();
    long read = 0;
    long[] dead = new long[stages + 1];
    long[] filtered = new long[stages + 1];
    long[] nanos = new long[stages + 1];
    java.util.List<Object[]> findings = new java.util.ArrayList<>();
    java.util.List<Object[]> aggregation = new java.util.ArrayList<>();
    MetricQueryResults metrics = result.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(NAMESPACE)).build());
    for (MetricResult<Long> c : metrics.getCounters()) {
      String name = c.getName().getName();
      long value = c.getCommitted();
      if (name.equals(READ)) {
        read += value;
      } else if (name.startsWith(DEAD)) {
        dead[stageIndex(name, DEAD, stages)] += value;
      } else if (name.startsWith(FILTERED)) {
        filtered[stageIndex(name, FILTERED, stages)] += value;
      } else if (name.startsWith(NANOS)) {
        nanos[stageIndex(name, NANOS, stages)] += value;
      } else if (name.startsWith(AGGREGATION)) {
        int bar = name.indexOf('|');
        aggregation.add(new Object[] {stageIndex(name.substring(0, bar), AGGREGATION, stages), name.substring(bar + 1), value});
      } else if (name.startsWith(FINDINGS)) {
        int bar = name.indexOf('|');
        findings.add(new Object[] {stageIndex(name.substring(0, bar), FINDINGS, stages), name.substring(bar + 1), value});
      }
    }
    RunCounts counts = new RunCounts(stages);
    counts.addRead(read);
    for (Object[] f : findings) {
      if ((long) f[2] > 0) counts.addFindings((int) f[0], (String) f[1], (long) f[2]);
    }
    for (PlannedStage s : plan.stages()) {
      if (s.executor().aggregateOp() != null) {
        // every key, zeros included, as the other engines report them
        counts.addAggregation(s.index(), dev.veil.privacy.dp.aggregate.DpAggregation.reportCounts(0,
            new dev.veil.privacy.dp.aggregate.DpRunStats()));
      }
    }
    for (Object[] a : aggregation) {
      counts.addAggregation((int) a[0], java.util.Map.of((String) a[1], (long) a[2]));
    }
    for (MetricResult<org.apache.beam.sdk.metrics.StringSetResult> s : metrics.getStringSets()) {
      String name = s.getName().getName();
      if (!name.startsWith(PRIVACY)) continue;
      java.util.Set<String> reports = s.getCommitted().getStringSet();
      if (reports.size() != 1) {
        throw new IllegalStateException("stage report " + name + " must be published once. Provided value: " + reports.size() + " reports");
      }
      try {
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> report = new com.fasterxml.jackson.databind.ObjectMapper().readValue(reports.iterator().next(),
            java.util.LinkedHashMap.class);
        counts.setPrivacyReport(stageIndex(name, PRIVACY, stages), report);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("stage report " + name + " is not JSON", e);
      }
    }
    for (int i = 0; i <= stages; i++) {
      counts.addDead(i, dead[i]);
      counts.addFiltered(i, filtered[i]);
      if (i > 0 && !plan.stages().get(i - 1).plan().ops().isEmpty()) {
        counts.addNanos(i, nanos[i]);
      }
    }
    return counts;
  }

  private static int stageIndex(String name, String prefix, int stages) {
    int i = Integer.parseInt(name.substring(prefix.length()));
    if (i < 0 || i > stages) {
      throw new IllegalStateException("counter " + name + " names stage " + i + ", but the plan has stages 0.." + stages);
    }
    return i;
  }
}
