package dev.veil.benchmarks.jmh;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs Veil's JMH benchmarks and prints each Veil benchmark as a ratio to the baseline measured in
 * the same run ({@code veilX} against {@code baselineY} of the same class). Arguments: an optional
 * regular expression selecting benchmarks.
 */
public final class JmhRunner {
  private JmhRunner() {}

  public static void main(String[] args) throws RunnerException {
    Options options = new OptionsBuilder().include(args.length > 0 ? args[0] : "dev\\.veil\\.benchmarks\\.jmh\\..*").build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Map<String, Double>> byClass = new LinkedHashMap<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      String cls = label.substring(0, label.lastIndexOf('.'));
      String method = label.substring(label.lastIndexOf('.') + 1);
      // @Param values are part of the row, so parameterized runs do not overwrite each other
      StringBuilder params = new StringBuilder();
      for (String k : r.getParams().getParamsKeys()) {
        params.append(params.length() == 0 ? "" : ",").append(k).append('=').append(r.getParams().getParam(k));
      }
      String key = params.length() == 0 ? method : method + "[" + params + "]";
      String unit = r.getPrimaryResult().getScoreUnit();
      byClass.computeIfAbsent(cls + "|" + unit, k -> new LinkedHashMap<>()).put(key, r.getPrimaryResult().getScore());
    }
    System.out.println();
    System.out.println("| benchmark | score | baseline | unit | ratio |");
    System.out.println("|---|---:|---:|---|---:|");
    for (Map.Entry<String, Map<String, Double>> c : byClass.entrySet()) {
      String cls = c.getKey().substring(0, c.getKey().indexOf('|'));
      String unit = c.getKey().substring(c.getKey().indexOf('|') + 1);
      Double base = c.getValue().entrySet().stream().filter(e -> e.getKey().startsWith("baseline")).map(Map.Entry::getValue)
          .findFirst().orElse(null);
      for (Map.Entry<String, Double> m : c.getValue().entrySet()) {
        if (m.getKey().startsWith("baseline")) continue;
        System.out.printf(Locale.ROOT, "| %s.%s | %s | %s | %s | %s |%n", cls.substring(cls.lastIndexOf('.') + 1), m.getKey(),
            fmt(m.getValue()), base == null ? "-" : fmt(base), unit,
            base == null ? "-" : String.format(Locale.ROOT, "%.2f", m.getValue() / base));
      }
    }
  }

  private static String fmt(double v) {
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
  }
}
