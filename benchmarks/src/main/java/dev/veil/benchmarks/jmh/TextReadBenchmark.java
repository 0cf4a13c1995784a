package dev.veil.benchmarks.jmh;

import dev.veil.core.io.TextSource;
import dev.veil.core.io.TextSplit;
import dev.veil.core.spec.SourceSpec;
import dev.veil.pipelines.generate.SyntheticDataGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-threaded read throughput of Veil's engine-neutral CSV reader (strict UTF-8 decoding, RFC
 * 4180 parsing, exact line numbers, malformed rows as dead letters) against a baseline that only
 * reads lines and splits them on commas (no quoting, no validation): the cost of reading correctly.
 * Scores are records per second; {@link JmhRunner} prints the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TextReadBenchmark {
  static final int ROWS = 100_000;
  Path dir;
  Path csv;
  TextSource source;
  List<TextSplit> splits;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    dir = Files.createTempDirectory("veil-jmh");
    csv = dir.resolve("customers.csv");
    SyntheticDataGenerator.generate(csv, ROWS, 42, n -> {});
    source = TextSource.open(SourceSpec.csv(csv.toString()));
    splits = source.splits(Long.MAX_VALUE);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(csv);
    Files.deleteIfExists(dir);
  }

  /** Veil's reader; one operation reads the whole file ({@value #ROWS} records). */
  @Benchmark
  @org.openjdk.jmh.annotations.OperationsPerInvocation(ROWS)
  public long veilTextSource() {
    long[] n = {0};
    for (TextSplit s : splits) source.read(s, r -> n[0] += r.isMalformed() ? 1 : r.values().length > 0 ? 1 : 0);
    return n[0];
  }

  /** The baseline: lines split on commas, nothing checked. */
  @Benchmark
  @org.openjdk.jmh.annotations.OperationsPerInvocation(ROWS)
  public long baselineSplitLines() throws IOException {
    long n = 0;
    try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.ISO_8859_1)) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        n += line.split(",", -1).length > 0 ? 1 : 0;
      }
    }
    return n;
  }
}
