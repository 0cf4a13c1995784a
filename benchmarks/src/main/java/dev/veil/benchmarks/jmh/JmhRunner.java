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
      byClass.computeIfAbsent(cls, k -> new LinkedHashMap<>()).put(method, r.getPrimaryResult().getScore());
    }
    System.out.println();
    System.out.println("| benchmark | records/s | baseline records/s | ratio |");
    System.out.println("|---|---:|---:|---:|");
    for (Map.Entry<String, Map<String, Double>> c : byClass.entrySet()) {
      Double base = c.getValue().entrySet().stream().filter(e -> e.getKey().startsWith("baseline")).map(Map.Entry::getValue)
          .findFirst().orElse(null);
      for (Map.Entry<String, Double> m : c.getValue().entrySet()) {
        if (m.getKey().startsWith("baseline")) continue;
        System.out.printf(Locale.ROOT, "| %s.%s | %,.0f | %s | %s |%n", c.getKey().substring(c.getKey().lastIndexOf('.') + 1), m.getKey(),
            m.getValue(), base == null ? "-" : String.format(Locale.ROOT, "%,.0f", base),
            base == null ? "-" : String.format(Locale.ROOT, "%.2f", m.getValue() / base));
      }
    }
  }
}
