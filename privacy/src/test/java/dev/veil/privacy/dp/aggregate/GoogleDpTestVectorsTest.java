package dev.veil.privacy.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.dp.TextProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Google's neighbouring-dataset DP test vectors for count, bounded sum and bounded mean
 * ({@code google-dp/proto/testing/{count,bounded_sum,bounded_mean}_dp_test_cases.textproto} under
 * {@code veil.shared.data}), run against {@link DpAggregator}'s release step.
 *
 * <p>Per case: the raw dataset and its neighbour (the neighbour adds the entries of one privacy unit) are
 * turned into partition accumulators. Count increments are set as the accumulator's record count
 * (increments up to 2^31 cannot be materialized as records); sum and mean entries go through
 * {@link DpAggregator#boundUnit} (one unit per entry, so the huge neighbour entries are clamped by the real
 * code) and {@link DpAggregator#merge}. Each accumulator is then released {@code number_of_samples}
 * times (1,000,000 in the vectors), samples are rounded to the case's {@code granularity} (if any), and
 * the approximate-DP test of Google's statistical tests is applied to the two histograms: for both
 * orders, {@code sum over values of max(0, countA - e^epsilon countB) / n} must be below
 * {@code delta + delta_tolerance}. A case passes on a majority of {@code number_of_votes} (9) such runs;
 * voting stops as soon as the majority is decided. The textprotos state that a correct mechanism is
 * accepted by the vote with probability at least 0.99911 per case.
 *
 * <p>Cost: each sample is one release (one secure noise draw, two for the mean), so one vote is 2e6
 * releases and a passing case takes 5 votes. Measured on the shared 2-core machine under heavy load
 * (load average about 17): 288 s for a Laplace mean case, 586 s for a Gaussian mean case. All 121
 * cases would take hours, so by default only {@link #SUBSET} (one case per file: L0 scaling with
 * clamping for the sum, Linf scaling with clamping for the mean, a Gaussian count) runs, with the full
 * stated number of samples and votes. {@code -Dveil.dp.vectors=extended} runs {@link #EXTENDED} (two
 * per file, both noises each), {@code -Dveil.dp.vectors=all} every case.
 */
@Tag("shared-data")
@Tag("slow")
class GoogleDpTestVectorsTest {
  static final PartitionKey A = PartitionKey.of("a");
  /** Release threads: {@code -Dveil.dp.threads}, by default the number of processors. */
  static final int THREADS = Integer.getInteger("veil.dp.threads", Runtime.getRuntime().availableProcessors());
  private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, r -> {
    Thread t = new Thread(r, "dp-vectors");
    t.setDaemon(true);
    return t;
  });

  /** The cases run by default, by file: one per file, covering L0 and Linf scaling, clamping, both noises. */
  static final Map<String, Set<String>> SUBSET = Map.of(
      "count_dp_test_cases.textproto", Set.of("Gaussian noise, large count, small delta"),
      "bounded_sum_dp_test_cases.textproto", Set.of("Laplace noise, large mixed sum, many partitions contributed"),
      "bounded_mean_dp_test_cases.textproto", Set.of(
          "Laplace noise, small positive mean, many contributions per partition"));

  /** The cases of {@code -Dveil.dp.vectors=extended}: the default ones plus one more per file. */
  static final Map<String, Set<String>> EXTENDED = Map.of(
      "count_dp_test_cases.textproto", Set.of("Laplace noise, small count, two partitions contributed",
          "Gaussian noise, large count, small delta"),
      "bounded_sum_dp_test_cases.textproto", Set.of("Laplace noise, large mixed sum, many partitions contributed",
          "Gaussian noise, small positive sum, default parameters"),
      "bounded_mean_dp_test_cases.textproto", Set.of(
          "Laplace noise, small positive mean, many contributions per partition",
          "Gaussian noise, large mixed mean, default parameters"));

  private static Path testingDir() {
    String root = System.getProperty("veil.shared.data");
    if (root == null || root.isBlank()) {
      throw new IllegalStateException("veil.shared.data must name the shared data folder (run with -Pshared-data). "
          + "Provided value: " + root);
    }
    return Path.of(root, "google-dp", "proto", "testing");
  }

  private static boolean all() {
    return "all".equals(System.getProperty("veil.dp.vectors"));
  }

  private static Set<String> selected(String file) {
    return ("extended".equals(System.getProperty("veil.dp.vectors")) ? EXTENDED : SUBSET).get(file);
  }

  @TestFactory
  List<DynamicTest> countCases() throws IOException {
    return cases("count_dp_test_cases.textproto", "count_dp_test_case", "count_sampling_parameters",
        MetricKind.COUNT);
  }

  @TestFactory
  List<DynamicTest> boundedSumCases() throws IOException {
    return cases("bounded_sum_dp_test_cases.textproto", "bounded_sum_dp_test_case", "bounded_sum_sampling_parameters",
        MetricKind.SUM);
  }

  @TestFactory
  List<DynamicTest> boundedMeanCases() throws IOException {
    return cases("bounded_mean_dp_test_cases.textproto", "bounded_mean_dp_test_case",
        "bounded_mean_sampling_parameters", MetricKind.MEAN);
  }

  private List<DynamicTest> cases(String file, String caseField, String samplingField, MetricKind kind)
      throws IOException {
    TextProto.Message root = TextProto.parse(Files.readString(testingDir().resolve(file), StandardCharsets.UTF_8));
    int votes = (int) root.message("voting_parameters").number("number_of_votes", 9);
    List<TextProto.Message> all = root.messages(caseField);
    assertFalse(all.isEmpty(), "no " + caseField + " in " + file);
    List<DynamicTest> tests = new ArrayList<>();
    int selected = 0;
    for (TextProto.Message c : all) {
      String name = c.string("name").strip();
      if (!all() && !selected(file).contains(name)) {
        continue;
      }
      selected++;
      tests.add(DynamicTest.dynamicTest(name, () -> runCase(name, c.message("dp_test_parameters"),
          c.message(samplingField), kind, votes)));
    }
    assertTrue(selected == (all() ? all.size() : selected(file).size()), "subset names must exist in " + file);
    return tests;
  }

  private static void runCase(String name, TextProto.Message test, TextProto.Message sampling, MetricKind kind,
      int votes) throws InterruptedException, ExecutionException {
    long start = System.nanoTime();
    int n = (int) sampling.number("number_of_samples", 1_000_000);
    NoiseKind noise = "GAUSSIAN".equals(sampling.string("noise_type")) ? NoiseKind.GAUSSIAN : NoiseKind.LAPLACE;
    double epsilon = sampling.number("epsilon", Double.NaN);
    double delta = sampling.number("delta", 0);
    int l0 = (int) sampling.number("max_partitions_contributed", 1);
    int lInf = (int) sampling.number("max_contributions_per_partition", 1);
    Metric metric = switch (kind) {
      case COUNT -> Metric.count();
      case SUM -> Metric.sum("x");
      default -> Metric.mean("x");
    };
    DpQuery.Builder b = DpQuery.builder().privacyUnit("u").groupBy("k").metric(metric).noise(noise)
        .budget(epsilon, delta).maxPartitionsContributed(l0).maxContributionsPerPartition(lInf)
        .partitionSelection(PartitionSelection.publicPartitions(List.of(A)));
    if (kind != MetricKind.COUNT) {
      b.bounds("x", sampling.number("lower_bound", Double.NaN), sampling.number("upper_bound", Double.NaN));
    }
    DpAggregator agg = DpAggregator.of(b.build(), Mechanisms.secure());
    String raw = kind == MetricKind.COUNT ? "raw_increment_by" : "raw_entry";
    String neighbour = kind == MetricKind.COUNT ? "neighbour_raw_increment_by" : "neighbour_raw_entry";
    PartitionAccumulator accA = accumulator(agg, kind, sampling.strings(raw));
    PartitionAccumulator accB = accumulator(agg, kind, sampling.strings(neighbour));
    double granularity = test.number("granularity", 0);
    double testEpsilon = test.number("epsilon", Double.NaN);
    double testDelta = test.number("delta", 0);
    double tolerance = test.number("delta_tolerance", 0);
    int accepted = 0;
    int rejected = 0;
    int majority = votes / 2 + 1;
    while (accepted < majority && rejected < majority) {
      Map<Long, Long> histA = histogram(agg, accA, n, granularity);
      Map<Long, Long> histB = histogram(agg, accB, n, granularity);
      boolean ok = testValue(histA, histB, testEpsilon, n) <= testDelta + tolerance
          && testValue(histB, histA, testEpsilon, n) <= testDelta + tolerance;
      if (ok) {
        accepted++;
      } else {
        rejected++;
      }
    }
    System.out.printf("DP vector %s: %d accept / %d reject, %d samples per dataset, %.1f s%n", name, accepted,
        rejected, n, (System.nanoTime() - start) / 1e9);
    assertTrue(accepted >= majority, name + ": the approximate DP test rejected " + rejected + " of "
        + (accepted + rejected) + " votes");
  }

  private static PartitionAccumulator accumulator(DpAggregator agg, MetricKind kind, List<String> entries) {
    PartitionAccumulator acc = agg.emptyAccumulator();
    int unit = 0;
    for (String e : entries) {
      if (kind == MetricKind.COUNT) {
        acc.records += Long.parseLong(e);
      } else {
        DpRecord r = DpRecord.of("u" + unit++, A, Double.parseDouble(e));
        agg.merge(acc, agg.boundUnit(List.of(r)).contributions().get(A));
      }
    }
    return acc;
  }

  /**
   * The histogram of {@code n} releases of {@code acc}, computed in {@code parts} chunks on {@link #POOL}
   * (releases are independent draws, so splitting them does not change the histogram's distribution).
   */
  private static Map<Long, Long> histogram(DpAggregator agg, PartitionAccumulator acc, int n, double granularity)
      throws InterruptedException, ExecutionException {
    int parts = THREADS;
    List<Future<LongHistogram>> chunks = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      int size = n / parts + (p < n % parts ? 1 : 0);
      chunks.add(POOL.submit(() -> chunk(agg, acc, size, granularity)));
    }
    Map<Long, Long> h = new HashMap<>();
    for (Future<LongHistogram> f : chunks) {
      f.get().addTo(h);
    }
    return h;
  }

  private static LongHistogram chunk(DpAggregator agg, PartitionAccumulator acc, int n, double granularity) {
    LongHistogram h = new LongHistogram();
    DpRunStats stats = new DpRunStats();
    for (int i = 0; i < n; i++) {
      double v = agg.release(A, acc, stats).orElseThrow().values().get(0).value();
      h.increment(granularity > 0 ? Math.round(v / granularity) : Math.round(v));
    }
    return h;
  }

  /** Counts per long key, open addressing without boxing (the test's own cost per release stays small). */
  static final class LongHistogram {
    private long[] keys = new long[1024];
    private long[] counts = new long[1024];
    private boolean[] used = new boolean[1024];
    private int size;

    void increment(long key) {
      if (2 * (size + 1) > keys.length) {
        grow();
      }
      int mask = keys.length - 1;
      int i = (int) (mix(key) & mask);
      while (used[i] && keys[i] != key) {
        i = (i + 1) & mask;
      }
      if (!used[i]) {
        used[i] = true;
        keys[i] = key;
        size++;
      }
      counts[i]++;
    }

    private static long mix(long k) {
      k ^= k >>> 33;
      k *= 0xff51afd7ed558ccdL;
      return k ^ (k >>> 33);
    }

    private void grow() {
      long[] oldKeys = keys;
      long[] oldCounts = counts;
      boolean[] oldUsed = used;
      keys = new long[oldKeys.length * 2];
      counts = new long[oldKeys.length * 2];
      used = new boolean[oldKeys.length * 2];
      size = 0;
      int mask = keys.length - 1;
      for (int j = 0; j < oldKeys.length; j++) {
        if (oldUsed[j]) {
          int i = (int) (mix(oldKeys[j]) & mask);
          while (used[i]) {
            i = (i + 1) & mask;
          }
          used[i] = true;
          keys[i] = oldKeys[j];
          counts[i] = oldCounts[j];
          size++;
        }
      }
    }

    void addTo(Map<Long, Long> h) {
      for (int j = 0; j < keys.length; j++) {
        if (used[j]) {
          h.merge(keys[j], counts[j], Long::sum);
        }
      }
    }
  }

  /** Google's approximate-DP test value: sum over buckets of max(0, countA - e^epsilon countB), over n. */
  static double testValue(Map<Long, Long> a, Map<Long, Long> b, double epsilon, int n) {
    double expEps = Math.exp(epsilon);
    double sum = 0;
    for (Map.Entry<Long, Long> e : a.entrySet()) {
      sum += Math.max(0, e.getValue() - expEps * b.getOrDefault(e.getKey(), 0L));
    }
    return sum / n;
  }
}
