package dev.veil.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PlannedStage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The account of one run: per stage records in, out, filtered and dead-lettered, and time; the
 * totals with the reconciliation {@code input = output + filtered + dead-lettered}; what stages
 * decided at plan time (for example which fields detection tagged, as counts, never values); the
 * output schema with its tags; and where outputs, dead letters and the report went. For a pipeline
 * ending in an aggregating stage (dp-aggregate), {@code output} counts the records that stage
 * aggregated (so the reconciliation holds) and {@link #partitionsReleased()} the rows it wrote.
 * Immutable.
 */
public record RunReport(String runId, String pipeline, String engine, String engineVersion, Instant startedAt, Duration wallTime,
    List<StageMetrics> stages, Map<String, List<String>> notes, long input, long output, long filtered, long deadLettered,
    List<Map<String, Object>> outputSchema, String outputPath, String deadLetterPath, String reportPath) {

  public RunReport {
    stages = List.copyOf(stages);
    notes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(notes));
    outputSchema = List.copyOf(outputSchema);
  }

  /** Derives every stage's counts from what the engine counted. */
  public static RunReport of(String runId, PipelinePlan plan, String engine, String engineVersion, Instant startedAt,
      Duration wall, RunCounts counts) {
    List<StageMetrics> stages = new ArrayList<>();
    Map<String, List<String>> notes = new LinkedHashMap<>();
    long in = counts.read();
    long totalFiltered = 0;
    long totalDead = 0;
    for (int i = 0; i <= plan.stages().size(); i++) {
      long f = counts.filtered(i);
      long d = counts.dead(i);
      long out = in - f - d;
      long nanos = counts.nanos(i);
      java.util.Map<String, Long> agg = i == 0 ? Map.of() : counts.aggregation(i);
      String type = i == 0 ? plan.spec().source().format().specName() : plan.stages().get(i - 1).spec().type();
      stages.add(new StageMetrics(i, plan.stageName(i), type, in, out, f, d, nanos < 0 ? -1 : nanos / 1_000_000, counts.findings(i),
          agg, i == 0 ? Map.of() : counts.privacyReport(i)));
      totalFiltered += f;
      totalDead += d;
      in = out;
    }
    for (PlannedStage s : plan.stages()) {
      if (!s.plan().notes().isEmpty()) notes.put(s.index() + " " + s.spec().name(), s.plan().notes());
    }
    List<Map<String, Object>> schema = plan.outputSchema().describe();
    return new RunReport(runId, plan.spec().name(), engine, engineVersion, startedAt, wall, stages, notes, counts.read(), in,
        totalFiltered, totalDead, schema, plan.spec().sink().path(), plan.spec().deadLetterPath(), plan.spec().reportPath());
  }

  /** Whether input = output + filtered + dead-lettered, overall and for every stage. */
  public boolean reconciles() {
    return input == output + filtered + deadLettered && stages.stream().allMatch(StageMetrics::reconciles);
  }

  /** The rows an aggregating stage released (the output records of a dp-aggregate pipeline); -1 when none aggregates. */
  public long partitionsReleased() {
    long n = -1;
    for (StageMetrics s : stages) {
      Long p = s.aggregation().get("partitionsReleased");
      if (p != null) n = Math.max(0, n) + p;
    }
    return n;
  }

  /** The report as a fixed-width table for a terminal. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Veil run %s  pipeline=%s  engine=%s %s  wall=%.1fs%n", runId, pipeline, engine, engineVersion,
        wallTime.toMillis() / 1000.0));
    sb.append(String.format(Locale.ROOT, "%-3s %-16s %-8s %12s %12s %10s %12s %9s%n", "#", "stage", "type", "in", "out", "filtered", "dead-letter", "cpu-ms"));
    for (StageMetrics s : stages) {
      sb.append(String.format(Locale.ROOT, "%-3d %-16s %-8s %12d %12d %10d %12d %9s%n", s.index(), trim(s.name(), 16), trim(s.type(), 8),
          s.in(), s.out(), s.filtered(), s.deadLettered(), s.cpuMillis() < 0 ? "fused" : Long.toString(s.cpuMillis())));
    }
    sb.append(String.format(Locale.ROOT, "input %d = output %d + filtered %d + dead-letter %d  ->  %s%n", input, output, filtered,
        deadLettered, reconciles() ? "reconciled" : "DOES NOT RECONCILE"));
    for (StageMetrics s : stages) {
      if (s.findings().isEmpty()) continue;
      sb.append("stage ").append(s.index()).append(' ').append(s.name()).append(" findings (values or spans, by column/entity):\n");
      for (Map.Entry<String, Long> f : s.findings().entrySet()) {
        sb.append(String.format(Locale.ROOT, "  %-40s %12d%n", f.getKey(), f.getValue()));
      }
    }
    for (StageMetrics s : stages) {
      if (s.aggregation().isEmpty()) continue;
      sb.append("stage ").append(s.index()).append(' ').append(s.name()).append(" aggregated ").append(s.out())
          .append(" records into ").append(s.aggregation().getOrDefault("partitionsReleased", 0L))
          .append(" released partitions (the output rows)\n");
      sb.append("  contribution bounding (exact counts, NOT differentially private: keep this report access-controlled):\n");
      for (Map.Entry<String, Long> a : s.aggregation().entrySet()) {
        if (!a.getKey().startsWith("notDp.")) continue;
        sb.append(String.format(Locale.ROOT, "  %-40s %12d%n", a.getKey().substring("notDp.".length()), a.getValue()));
      }
    }
    for (StageMetrics s : stages) {
      if (s.privacy().isEmpty()) continue;
      sb.append("stage ").append(s.index()).append(' ').append(s.name()).append(" (").append(s.type()).append("):\n");
      for (Map.Entry<String, Object> p : s.privacy().entrySet()) {
        sb.append(String.format(Locale.ROOT, "  %-28s %s%n", p.getKey(), p.getValue()));
      }
    }
    for (Map.Entry<String, List<String>> e : notes.entrySet()) {
      sb.append("stage ").append(e.getKey()).append(":\n");
      for (String n : e.getValue()) sb.append("  - ").append(n).append('\n');
    }
    sb.append("output:      ").append(outputPath).append('\n');
    sb.append("dead letter: ").append(deadLetterPath).append('\n');
    sb.append("report:      ").append(reportPath).append('\n');
    return sb.toString();
  }

  /** The report as JSON (the file written next to the output). */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runId", runId);
    m.put("pipeline", pipeline);
    m.put("engine", engine);
    m.put("engineVersion", engineVersion);
    m.put("startedAt", startedAt.toString());
    m.put("wallMillis", wallTime.toMillis());
    m.put("input", input);
    m.put("output", output);
    m.put("filtered", filtered);
    m.put("deadLettered", deadLettered);
    m.put("reconciles", reconciles());
    if (partitionsReleased() >= 0) m.put("partitionsReleased", partitionsReleased());
    m.put("stages", stages);
    m.put("notes", notes);
    m.put("outputSchema", outputSchema);
    m.put("outputPath", outputPath);
    m.put("deadLetterPath", deadLetterPath);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String trim(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }
}
