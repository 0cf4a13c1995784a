package dev.veil.benchmarks.jmh;

import dev.veil.privacy.detect.Analyzer;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.eval.PiiEvaluation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link DetectBenchmark} workload timed by the current thread's CPU time instead of wall time,
 * for a machine shared with other jobs (where wall-clock MB/s mostly measures the other jobs): the
 * same 10^6-byte corpus (seed 42), the same analyzer ({@link PiiEvaluation#defaultAnalyzer} with
 * region US) and the same naive baseline (one {@code java.util.regex} pattern per entity, run
 * separately), alternated round by round so both see the same load. After the rounds it prints
 * each recognizer's own {@code find} cost over the whole corpus (every text, prefilter ignored), as
 * CPU milliseconds, to show where detection time goes.
 *
 * <pre>
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/bench-classpath.txt)" \
 *     dev.veil.benchmarks.jmh.DetectCpuProfile [ROUNDS] [dense|prose|mixed]
 * </pre>
 *
 * <p>The corpus is {@code dense} by default (the target's corpus, {@link DetectBenchmark#corpus});
 * {@code prose} is PII-free prose ({@link DetectBenchmark#proseCorpus}) and {@code mixed} one
 * generated sentence to four of prose ({@link DetectBenchmark#mixedCorpus}), to show what
 * detection costs on text less dense in personal data.</p>
 *
 * <p>CPU time per thread is what "MB/s per core" means; it still varies with cache and memory-bus
 * contention from other processes, so compare the two figures of one run rather than runs.
 */
public final class DetectCpuProfile {
  private DetectCpuProfile() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    String kind = args.length > 1 ? args[1] : "dense";
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<String> texts = switch (kind) {
      case "dense" -> DetectBenchmark.corpus(DetectBenchmark.CORPUS_BYTES, 42);
      case "prose" -> DetectBenchmark.proseCorpus(DetectBenchmark.CORPUS_BYTES, 42);
      case "mixed" -> DetectBenchmark.mixedCorpus(DetectBenchmark.CORPUS_BYTES, 42, 4);
      default -> throw new IllegalArgumentException("corpus must be dense, prose or mixed. Provided value: " + kind);
    };
    System.out.println("corpus " + kind + ": " + texts.size() + " texts, " + DetectBenchmark.CORPUS_BYTES + " UTF-8 bytes");
    Analyzer analyzer = PiiEvaluation.defaultAnalyzer(List.of("US"));
    List<Pattern> baseline = new ArrayList<>();
    analyzer.entities().forEach(e -> {
      String regex = DetectBenchmark.BASELINE_PATTERNS.get(e.name());
      if (regex != null) baseline.add(Pattern.compile(regex));
    });
    double mb = DetectBenchmark.CORPUS_BYTES / 1e6;
    double bestVeil = 0;
    double bestBase = 0;
    for (int r = 0; r < rounds; r++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long spans = 0;
      for (String t : texts) spans += analyzer.analyze(t).size();
      long c1 = mx.getCurrentThreadCpuTime();
      long matches = 0;
      for (String t : texts) {
        for (Pattern p : baseline) {
          Matcher m = p.matcher(t);
          while (m.find()) matches++;
        }
      }
      long c2 = mx.getCurrentThreadCpuTime();
      double veil = mb / ((c1 - c0) / 1e9);
      double base = mb / ((c2 - c1) / 1e9);
      bestVeil = Math.max(bestVeil, veil);
      bestBase = Math.max(bestBase, base);
      System.out.printf(Locale.ROOT, "round %d: veil %.2f MB/s CPU (%d spans), baseline %.2f MB/s CPU (%d matches), ratio %.2f%n",
          r, veil, spans, base, matches, veil / base);
    }
    System.out.printf(Locale.ROOT, "best: veil %.2f MB/s per core, baseline %.2f MB/s per core, ratio %.2f%n",
        bestVeil, bestBase, bestVeil / bestBase);
    System.out.println("each recognizer's find() over the whole corpus, CPU ms (prefilter ignored; NER recognizers share one scan per text"
        + " inside the analyzer, here each pays it):");
    for (Recognizer rec : analyzer.recognizers()) {
      long c0 = mx.getCurrentThreadCpuTime();
      for (String t : texts) rec.find(new String(t)); // a fresh string: no per-text cache carried over
      System.out.printf(Locale.ROOT, "  %-40s %8.1f%n", rec.id(), (mx.getCurrentThreadCpuTime() - c0) / 1e6);
    }
  }
}
