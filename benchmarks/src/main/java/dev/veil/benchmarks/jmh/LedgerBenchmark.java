package dev.veil.benchmarks.jmh;

import dev.veil.privacy.budget.BudgetLedger;
import dev.veil.privacy.budget.BudgetRequest;
import dev.veil.privacy.budget.DatasetPolicy;
import dev.veil.privacy.budget.MechanismEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Budget-ledger throughput: one operation is a {@code reserve} (two Laplace mechanisms) followed by its
 * {@code commit}, each a durable, hash-chained transaction, on a SQLite file (WAL, synchronous FULL) and on
 * PostgreSQL (the server at {@code -Dveil.bench.postgres.url}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, in a fresh schema dropped afterwards).
 * Scores are reserve+commit pairs per second; there is no baseline. Run with
 * {@code benchmarks/jmh LedgerBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class LedgerBenchmark {
  @Param({"sqlite", "postgresql"})
  String database;

  Path dir;
  String schema;
  String url;
  BudgetLedger ledger;
  final AtomicLong runs = new AtomicLong();
  static final BudgetRequest REQUEST = BudgetRequest.of(MechanismEntry.laplace("count", 1e-6), MechanismEntry.laplace("sum(x)", 1e-6));

  @Setup(Level.Trial)
  public void setup() throws IOException {
    if (database.equals("sqlite")) {
      dir = Files.createTempDirectory("veil-ledger-bench");
      url = "jdbc:sqlite:" + dir.resolve("ledger.db");
    } else {
      String base = System.getProperty("veil.bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
      schema = "veil_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
    ledger = BudgetLedger.initialize(url);
    ledger.setPolicy(DatasetPolicy.lifetime("bench", 1e9, 0), "bench");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    ledger.close();
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
      }
    }
    if (schema != null) {
      String base = System.getProperty("veil.bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
      try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  /** One job: reserve, then commit. */
  @Benchmark
  public Object reserveCommit() {
    String run = "run-" + runs.incrementAndGet();
    ledger.reserve("bench", run, "bench", REQUEST);
    return ledger.commit(run);
  }

  /** Four jobs at once against the same dataset (the writers serialize on the ledger's head row). */
  @Benchmark
  @Threads(4)
  public Object reserveCommit4Threads() {
    String run = "run-" + runs.incrementAndGet();
    ledger.reserve("bench", run, "bench", REQUEST);
    return ledger.commit(run);
  }
}
