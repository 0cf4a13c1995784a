package dev.veil.benchmarks;

import dev.veil.privacy.anonymize.Ff1;
import dev.veil.privacy.anonymize.KeyedHash;
import dev.veil.privacy.anonymize.Tokenize;
import dev.veil.privacy.keys.KeyPurpose;
import dev.veil.privacy.keys.KeysetRef;
import dev.veil.privacy.keys.MasterKey;
import dev.veil.privacy.keys.MasterKeySource;
import dev.veil.privacy.keys.VeilKeyset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the keyed anonymization operators on one thread, in values per second: HMAC-SHA-256
 * keyed hash (hex, 32 bytes), AES-256-SIV tokenization (base64url with key id), and FF1 on 16-digit
 * card numbers with Luhn, against a trivial copy of the same values as the baseline in the same run.
 * Values: 1,000 generated 16-digit numbers (seeded), each operator applied to all of them per
 * invocation.
 *
 * <pre>
 * benchmarks/jmh 'dev.veil.benchmarks.OperatorBenchmark'
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class OperatorBenchmark {
  static final int N = 1_000;

  String[] values;
  KeyedHash hash;
  Tokenize tokenize;
  Ff1 ff1;
  Path dir;

  @Setup
  public void setUp() throws IOException {
    Random rnd = new Random(42);
    values = new String[N];
    for (int i = 0; i < N; i++) {
      StringBuilder sb = new StringBuilder(16);
      for (int j = 0; j < 16; j++) sb.append((char) ('0' + rnd.nextInt(10)));
      values[i] = sb.toString();
    }
    dir = Files.createTempDirectory("veil-operator-bench");
    Path mk = dir.resolve("master.key");
    Files.writeString(mk, MasterKey.generateText());
    Path ksFile = dir.resolve("keys.json");
    VeilKeyset.createAll().write(ksFile, MasterKey.fromFile(mk));
    KeysetRef ref = new KeysetRef(ksFile.toString(), new MasterKeySource.KeyFile(mk.toString()));
    VeilKeyset ks = ref.load();
    hash = new KeyedHash(ref, ks, ks.primaryId(KeyPurpose.HMAC), "bench", KeyedHash.Encoding.HEX, 32, false);
    tokenize = new Tokenize(ref, ks, ks.primaryId(KeyPurpose.AES_SIV), "bench", true);
    ff1 = new Ff1(ref, ks, ks.primaryId(KeyPurpose.FF1), "digits", null, "bench", true);
  }

  @TearDown
  public void tearDown() throws IOException {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void baselineCopy(Blackhole bh) {
    for (String v : values) bh.consume(new String(v.toCharArray()));
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void veilHmac(Blackhole bh) {
    for (String v : values) bh.consume(hash.apply(v, null));
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void veilAesSiv(Blackhole bh) {
    for (String v : values) bh.consume(tokenize.apply(v, null));
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void veilFf1(Blackhole bh) {
    for (String v : values) bh.consume(ff1.apply(v, null));
  }
}
