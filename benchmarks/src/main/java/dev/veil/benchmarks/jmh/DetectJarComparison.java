package dev.veil.benchmarks.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of the {@code privacy} module compared on the {@link DetectBenchmark} workload in one
 * JVM, for speed work on a shared machine: each jar is loaded in its own class loader (with the
 * benchmark's other dependencies), both analyzers ({@code PiiEvaluation.defaultAnalyzer}, region US)
 * analyze the same 10^6-byte corpus in alternating rounds (A then B, then B then A, ...), each round
 * timed by the thread's CPU time, so both builds see the same load. Prints each build's best and
 * median round (the first third of the rounds is warm-up) and B / A, and checks both found the same
 * number of spans. Two analyzers (two NER lexicons) share the caches, so absolute figures are a little
 * higher than {@link DetectCpuProfile}'s; compare the ratio.
 *
 * <pre>
 * mvn -B -o -q -Dmaven.test.skip=true -pl privacy package &amp;&amp; cp privacy/target/veil-privacy-*-SNAPSHOT.jar /tmp/B.jar
 * git stash &amp;&amp; mvn ... package &amp;&amp; cp ... /tmp/A.jar &amp;&amp; git stash pop
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/bench-classpath.txt)" \
 *     dev.veil.benchmarks.jmh.DetectJarComparison /tmp/A.jar /tmp/B.jar [ROUNDS]
 * </pre>
 */
public final class DetectJarComparison {
  private DetectJarComparison() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: DetectJarComparison A.jar B.jar [ROUNDS]");
      System.exit(2);
    }
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    List<URL> deps = new ArrayList<>();
    for (String p : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!p.contains("veil-privacy") && !p.contains("privacy/target/classes")) deps.add(Path.of(p).toUri().toURL());
    }
    List<String> texts = DetectBenchmark.corpus(DetectBenchmark.CORPUS_BYTES, 42);
    Object[] analyzers = new Object[2];
    Method[] analyze = new Method[2];
    for (int k = 0; k < 2; k++) {
      if (!Files.isRegularFile(Path.of(args[k]))) throw new IllegalArgumentException("no such jar: " + args[k]);
      List<URL> urls = new ArrayList<>();
      urls.add(Path.of(args[k]).toUri().toURL());
      urls.addAll(deps);
      URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
      Class<?> evaluation = loader.loadClass("dev.veil.privacy.detect.eval.PiiEvaluation");
      analyzers[k] = evaluation.getMethod("defaultAnalyzer", List.class).invoke(null, List.of("US"));
      analyze[k] = analyzers[k].getClass().getMethod("analyze", String.class);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<List<Double>> times = List.of(new ArrayList<>(), new ArrayList<>());
    long[] spans = new long[2];
    for (int r = 0; r < rounds; r++) {
      for (int j = 0; j < 2; j++) {
        int k = r % 2 == 0 ? j : 1 - j;
        long c0 = mx.getCurrentThreadCpuTime();
        long s = 0;
        for (String t : texts) s += ((List<?>) analyze[k].invoke(analyzers[k], t)).size();
        double ms = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
        spans[k] = s;
        if (r >= rounds / 3) times.get(k).add(ms);
      }
    }
    double[] best = new double[2];
    for (int k = 0; k < 2; k++) {
      List<Double> x = new ArrayList<>(times.get(k));
      Collections.sort(x);
      best[k] = x.get(0);
      System.out.printf(Locale.ROOT, "%s: best %.1f ms, median %.1f ms of CPU per MB, %d spans%n",
          k == 0 ? "A" : "B", x.get(0), x.get(x.size() / 2), spans[k]);
    }
    System.out.printf(Locale.ROOT, "B / A (best rounds): %.3f%s%n", best[1] / best[0],
        spans[0] == spans[1] ? "" : "  (the builds found different numbers of spans)");
  }
}
