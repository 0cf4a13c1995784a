package dev.veil.privacy.kanon;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: an in-process timing loop for the lattice search on Adult (9 QIs, k = 5, 4%
 * suppression), printing wall and thread CPU time per search and the load average. Speed belongs
 * here and in LatticeBenchmark, never in a timed assertion.
 *
 * <pre>
 * java -cp privacy/target/classes:privacy/target/test-classes dev.veil.privacy.kanon.LatticeTiming /work/shared/data [runs]
 * </pre>
 */
public final class LatticeTiming {
  private LatticeTiming() {}

  /** Arguments: the shared data folder (holding {@code adult/}), optionally the number of timed runs (default 30). */
  public static void main(String[] args) {
    Path adult = Path.of(args.length > 0 ? args[0] : "/work/shared/data", "adult");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int k = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Table t = Table.readCsv(adult.resolve("adult.csv"), ';');
    List<String> cols = AdultKAnonymityTest.ALL;
    AnonymizationSpec.Builder b = AnonymizationSpec.builder().quasiIdentifiers(cols).k(k).maxSuppression(0.04);
    for (String c : cols) b.hierarchy(c, GeneralizationHierarchy.load(adult.resolve("adult_hierarchy_" + c + ".csv")));
    LatticeAnonymizer lattice = LatticeAnonymizer.prepare(t, b.build());
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    LatticeAnonymizer.Node node = null;
    for (int i = 0; i < 10; i++) node = lattice.search(); // warm-up
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      node = lattice.search();
      wall[i] = (System.nanoTime() - w0) / 1e6;
      cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
    }
    java.util.Arrays.sort(wall);
    java.util.Arrays.sort(cpu);
    System.out.printf(Locale.ROOT, "node %s, checks %d, units %d%n", node.levels(), node.checks(), lattice.unitsCounted);
    System.out.printf(Locale.ROOT, "search over %d runs: wall median %.1f ms (min %.1f, max %.1f); thread CPU median %.1f ms (min %.1f, max %.1f);"
        + " load average %.2f%n", runs, wall[runs / 2], wall[0], wall[runs - 1], cpu[runs / 2], cpu[0], cpu[runs - 1],
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
