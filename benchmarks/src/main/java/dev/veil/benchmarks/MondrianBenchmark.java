package dev.veil.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.veil.core.report.RunReport;
import dev.veil.core.schema.FieldType;
import dev.veil.core.spec.Engine;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.spec.SourceSpec;
import dev.veil.pipelines.EngineRunner;
import dev.veil.pipelines.Veil;
import dev.veil.pipelines.spark.SparkRunner;
import dev.veil.privacy.kanon.KAnonymizeStage;
import java.io.BufferedWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.spark.sql.SparkSession;

/**
 * Distributed Mondrian ({@code kanonymize} with {@code algorithm: mondrian}, k = {@code --k}) as a Veil
 * pipeline on Spark {@code local[*]}, at several row counts of the same generated distribution, to show
 * how time grows with the data (the 10M / 1M ratio; linear would be 10) and what the driver's memory
 * does. Per size: the best wall time of {@code --repeat} runs after one warm-up run at the smallest
 * size, a plain Veil pipeline without stages over the same file (the baseline of the same run), and
 * the JVM's heap: the peak of the used heap sampled every 20 ms and the largest heap occupancy right
 * after a garbage collection (GC notifications; close to the peak live data), and the JVM's CPU time
 * (all threads; less sensitive than wall time to other processes on a loaded machine). Spark {@code local[*]}
 * runs driver and executors in this one JVM, so these figures cover both.
 *
 * <p>Data (seeded): {@code id,age,zip,sex,education,income}; age 17-90 (normal-ish), one of 200 zip
 * codes, sex, one of 16 education levels: about 470,000 possible quasi-identifier tuples, so the
 * distinct tuples saturate as rows grow (the plan's size, not the data's).
 *
 * <pre>
 * benchmarks/run-mondrian --rows 1000000,10000000 --k 10 --repeat 1
 * </pre>
 */
public final class MondrianBenchmark {
  private MondrianBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Long> sizes = List.of(1_000_000L, 10_000_000L);
    int k = 10;
    int repeat = 1;
    boolean baseline = true;
    boolean kanonymize = true;
    Path dir = Path.of("target/bench");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> {
          List<Long> s = new ArrayList<>();
          for (String x : args[++i].split(",")) s.add(Long.parseLong(x.replace("_", "")));
          sizes = s;
        }
        case "--k" -> k = Integer.parseInt(args[++i]);
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        case "--no-baseline" -> baseline = false;
        case "--copy-only" -> kanonymize = false;
        case "--dir" -> dir = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (use --rows N,N,... --k K --repeat N --no-baseline --copy-only --dir DIR)");
      }
    }
    Files.createDirectories(dir);
    HeapWatch heap = new HeapWatch();
    SparkSession spark = SparkRunner.localSession("local[*]");
    try {
      List<Map<String, Object>> results = new ArrayList<>();
      Path warm = generate(dir, Math.min(100_000, sizes.get(0)));
      run(spark, warm, dir.resolve("warm"), k, true, heap);
      for (long rows : sizes) {
        Path csv = generate(dir, rows);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rows", rows);
        r.put("bytes", Files.size(csv));
        if (baseline) {
          Map<String, Object> best = null;
          for (int i = 0; i < repeat; i++) {
            Map<String, Object> c = run(spark, csv, dir.resolve("copy-" + rows), k, false, heap);
            if (best == null || (double) c.get("seconds") < (double) best.get("seconds")) best = c;
          }
          r.put("copy_seconds", best.get("seconds"));
          r.put("copy_cpu_seconds", best.get("cpu_seconds"));
          r.put("copy_peak_heap_used_mib", best.get("peak_heap_used_mib"));
          r.put("copy_peak_heap_after_gc_mib", best.get("peak_heap_after_gc_mib"));
        }
        if (!kanonymize) {
          results.add(r);
          System.err.println(r);
          continue;
        }
        Map<String, Object> bestRun = null;
        for (int i = 0; i < repeat; i++) {
          Map<String, Object> m = run(spark, csv, dir.resolve("kanon-" + rows), k, true, heap);
          if (bestRun == null || (double) m.get("seconds") < (double) bestRun.get("seconds")) bestRun = m;
        }
        r.putAll(bestRun);
        results.add(r);
        System.err.println(r);
      }
      if (kanonymize) print(results);
      Files.writeString(dir.resolve(kanonymize ? "mondrian-results.json" : "mondrian-copy-results.json"), new com.fasterxml.jackson.databind.ObjectMapper()
          .writerWithDefaultPrettyPrinter().writeValueAsString(results));
    } finally {
      spark.stop();
    }
  }

  static void print(List<Map<String, Object>> results) {
    System.out.println("| rows | input | Veil copy wall (CPU) | kanonymize Mondrian wall (CPU) | load avg | distinct QI tuples | classes"
        + " | peak heap used | peak heap after GC |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Map<String, Object> r : results) {
      System.out.printf(Locale.ROOT, "| %,d | %.0f MB | %s | %.1f s (%.1f s) | %.1f | %,d | %,d | %,d MiB | %,d MiB |%n", (long) r.get("rows"),
          (long) r.get("bytes") / 1e6, r.containsKey("copy_seconds")
              ? String.format(Locale.ROOT, "%.1f s (%.1f s)", (double) r.get("copy_seconds"), (double) r.get("copy_cpu_seconds")) : "-",
          (double) r.get("seconds"), (double) r.get("cpu_seconds"), (double) r.get("load_average"),
          ((Number) r.get("distinct_tuples")).longValue(), ((Number) r.get("classes")).longValue(),
          (long) r.get("peak_heap_used_mib"), (long) r.get("peak_heap_after_gc_mib"));
    }
    if (results.size() >= 2) {
      Map<String, Object> a = results.get(0);
      Map<String, Object> b = results.get(results.size() - 1);
      System.out.printf(Locale.ROOT, "ratio %,d / %,d rows: wall %.2f, CPU %.2f (rows ratio %.1f)%n", (long) b.get("rows"), (long) a.get("rows"),
          (double) b.get("seconds") / (double) a.get("seconds"), (double) b.get("cpu_seconds") / (double) a.get("cpu_seconds"),
          (double) (long) b.get("rows") / (long) a.get("rows"));
    }
  }

  /** Writes {@code rows} records (seeded) unless the file exists. */
  static Path generate(Path dir, long rows) throws Exception {
    Path csv = dir.resolve("people-" + rows + ".csv");
    if (Files.exists(csv)) return csv;
    Path tmp = dir.resolve("people-" + rows + ".csv.tmp");
    SplittableRandom rnd = new SplittableRandom(7);
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write("id,age,zip,sex,education,income\n");
      StringBuilder sb = new StringBuilder(64);
      for (long r = 0; r < rows; r++) {
        double g = 0;
        for (int j = 0; j < 4; j++) g += rnd.nextDouble();
        int age = 17 + (int) Math.min(73, Math.abs((g - 2) * 40 + 20));
        int zip = 10000 + 37 * rnd.nextInt(200);
        int edu = Math.min(15, (int) (rnd.nextDouble() * rnd.nextDouble() * 17));
        sb.setLength(0);
        sb.append('P').append(r).append(',').append(age).append(',').append(zip).append(',').append(rnd.nextBoolean() ? 'M' : 'F')
            .append(",edu").append(edu).append(',').append(rnd.nextInt(200_000)).append('\n');
        w.write(sb.toString());
      }
    }
    Files.move(tmp, csv);
    return csv;
  }

  static Map<String, Object> run(SparkSession spark, Path csv, Path out, int k, boolean kanon, HeapWatch heap) throws Exception {
    deleteTree(out);
    PipelineSpec.Builder b = PipelineSpec.builder("mondrian-bench").engine(Engine.SPARK)
        .source(SourceSpec.csv(csv.toString()).withTypes(Map.of("age", FieldType.LONG)))
        .sink(SinkSpec.csv(out.resolve("out").toString()))
        .deadLetterPath(out.resolve("dead").toString()).reportPath(out.resolve("report.json").toString());
    if (kanon) b.stage(KAnonymizeStage.of(List.of("age", "zip", "sex", "education"), k, null).mondrian());
    PipelineSpec spec = b.build();
    System.gc();
    heap.reset();
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double load0 = os.getSystemLoadAverage();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    RunReport report = Veil.run(spec, e -> new SparkRunner(spark), EngineRunner.ProgressListener.NONE);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", seconds);
    m.put("cpu_seconds", (os.getProcessCpuTime() - cpu0) / 1e9);
    m.put("load_average", (load0 + os.getSystemLoadAverage()) / 2);
    m.put("records_out", report.output());
    if (kanon) {
      Map<String, Object> p = report.stages().get(1).privacy();
      Map<?, ?> search = (Map<?, ?>) p.get("search");
      m.put("distinct_tuples", search.get("distinct_tuples"));
      m.put("partitions", search.get("partitions"));
      m.put("classes", ((Map<?, ?>) p.get("risk")).get("equivalence_classes"));
      m.put("min_class_size", ((Map<?, ?>) p.get("risk")).get("min_class_size"));
    }
    m.put("peak_heap_used_mib", heap.peakUsed() >> 20);
    m.put("peak_heap_after_gc_mib", heap.peakAfterGc() >> 20);
    m.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
    return m;
  }

  static void deleteTree(Path p) throws Exception {
    if (!Files.exists(p)) return;
    try (var s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
    }
  }

  /** Peak heap: sampled used heap (every 20 ms), and the largest occupancy right after a collection. */
  static final class HeapWatch {
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong afterGc = new AtomicLong();

    HeapWatch() {
      Thread t = new Thread(() -> {
        while (true) {
          used.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-watch");
      t.setDaemon(true);
      t.start();
      NotificationListener l = (n, hb) -> {
        if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long total = 0; // the map also holds non-heap pools: count heap pools only
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
          if (isHeapPool(e.getKey())) total += e.getValue().getUsed();
        }
        afterGc.accumulateAndGet(total, Math::max);
      };
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter em) em.addNotificationListener(l, null, null);
      }
    }

    private static boolean isHeapPool(String name) {
      for (var p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getName().equals(name)) return p.getType() == java.lang.management.MemoryType.HEAP;
      }
      return false;
    }

    void reset() {
      used.set(0);
      afterGc.set(0);
    }

    long peakUsed() {
      return used.get();
    }

    long peakAfterGc() {
      return afterGc.get();
    }
  }
}
