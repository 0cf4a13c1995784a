package dev.veil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.dp.aggregate.BudgetGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code veil dp aggregate} in-process, through {@link VeilCli#execute}: a run without a ledger releases
 * the documented columns and warns that no budget is recorded; a refused or unreachable ledger means
 * exit code 7 and no output at all.
 */
class DpCommandIT {

  /** 300 records of 120 customers in 3 countries (seeded test data). */
  static Path data(Path dir) throws Exception {
    Random r = new Random(5);
    List<String> lines = new ArrayList<>();
    lines.add("customer_id,country,income,age");
    String[] countries = {"DE", "US", "FR"};
    for (int i = 0; i < 300; i++) {
      lines.add("C" + r.nextInt(120) + "," + countries[r.nextInt(3)] + "," + r.nextInt(150_000) + "," + (18 + r.nextInt(70)));
    }
    Path f = dir.resolve("customers.csv");
    Files.write(f, lines);
    return f;
  }

  static String[] args(Path in, Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("dp", "aggregate", "--input", in.toString(), "--privacy-unit", "customer_id",
        "--group-by", "country", "--metrics", "count,sum(income),mean(age)", "--bounds", "income=0:200000,age=18:100",
        "--epsilon", "1", "--max-partitions", "1", "--max-contributions", "2", "--public-partitions", "DE,US,FR",
        "--dataset", "customers", "--out", out.toString(), "--engine", "beam"));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  @Test
  void withoutLedger_releasesEveryPublicPartition_andWarnsThatNothingIsRecorded(@TempDir Path dir) throws Exception {
    Path in = data(dir);
    Path out = dir.resolve("out");
    VeilCliIT.Outcome o = VeilCliIT.veil(args(in, out));
    assertEquals(ExitCodes.OK, o.code(), o.err() + o.out());
    assertTrue(o.err().contains("NOT recorded"), o.err());
    assertTrue(o.out().contains("reconciled") && o.out().contains("NOT recorded (no --ledger)"), o.out());
    List<String> rows = new ArrayList<>();
    String header = null;
    try (var s = Files.list(out)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        List<String> l = Files.readAllLines(p);
        if (l.isEmpty()) continue;
        header = l.get(0);
        rows.addAll(l.subList(1, l.size()));
      }
    }
    assertEquals("country,count,count_stddev,count_ci_low,count_ci_high,sum_income,sum_income_stddev,sum_income_ci_low,"
        + "sum_income_ci_high,mean_age,mean_age_stddev,mean_age_ci_low,mean_age_ci_high", header);
    assertEquals(List.of("DE", "FR", "US"), rows.stream().map(l -> l.split(",")[0]).sorted().toList());
  }

  @Test
  void refusedReservation_releasesNothing_andSaysWhy(@TempDir Path dir) throws Exception {
    Path in = data(dir);
    Path out = dir.resolve("out");
    // A FAKE ledger, used only because a refusal by the real ledger (another module, not in this build)
    // cannot be caused here: it refuses every reservation and records the calls.
    List<String> calls = new ArrayList<>();
    BudgetGate refusing = new BudgetGate() {
      @Override
      public Reservation reserve(String dataset, String runId, String job, List<Entry> entries) {
        calls.add("reserve " + dataset + " " + entries.size());
        return Reservation.refuse("lifetime cap of dataset 'customers' would be exceeded (epsilon 1.5 of 1.0)");
      }

      @Override
      public void commit(String runId) {
        calls.add("commit");
      }

      @Override
      public void release(String runId) {
        calls.add("release");
      }
    };
    Function<String, BudgetGate> before = DpCommand.ledgers;
    DpCommand.ledgers = url -> refusing;
    try {
      VeilCliIT.Outcome o = VeilCliIT.veil(args(in, out, "--ledger", "jdbc:sqlite:" + dir.resolve("ledger.db")));
      assertEquals(ExitCodes.BUDGET_REFUSED, o.code(), o.err() + o.out());
      assertTrue(o.err().contains("nothing was released") && o.err().contains("lifetime cap"), o.err());
      assertEquals(List.of("reserve customers 3"), calls);
      assertFalse(Files.exists(out), "no output may be written when the budget is refused");
      assertFalse(Files.exists(dir.resolve("out-dead-letter")));
    } finally {
      DpCommand.ledgers = before;
    }
  }

  @Test
  void unreachableLedger_releasesNothing(@TempDir Path dir) throws Exception {
    Path in = data(dir);
    Path out = dir.resolve("out");
    // the real default ledger factory, with nothing listening on port 1: --ledger must fail closed
    VeilCliIT.Outcome o = VeilCliIT.veil(args(in, out, "--ledger", "jdbc:postgresql://127.0.0.1:1/none"));
    assertEquals(ExitCodes.LEDGER_UNAVAILABLE, o.code(), o.err());
    assertTrue(o.err().contains("nothing was released"), o.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void badParameters_areASpecErrorBeforeAnyReservation(@TempDir Path dir) throws Exception {
    Path in = data(dir);
    String[] a = args(in, dir.resolve("out"));
    a[List.of(a).indexOf("--epsilon") + 1] = "-1";
    VeilCliIT.Outcome o = VeilCliIT.veil(a);
    assertEquals(ExitCodes.BAD_SPEC, o.code(), o.err());
    assertTrue(o.err().contains("epsilon must be > 0"), o.err());
  }

  @Test
  void realLedger_chargesEachRun_refusesOverTheCap_andVerifies(@TempDir Path dir) throws Exception {
    Path in = data(dir);
    String ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
    VeilCliIT.Outcome init = VeilCliIT.veil("budget", "init", "--ledger", ledger, "--dataset", "customers", "--cap-epsilon", "1.6");
    assertEquals(0, init.code(), init.err() + init.out());
    String[] first = args(in, dir.resolve("out1"), "--ledger", ledger);
    VeilCliIT.Outcome o1 = VeilCliIT.veil(first);
    assertEquals(0, o1.code(), o1.err() + o1.out());
    assertTrue(Files.exists(dir.resolve("out1")));
    // the second release would spend past the cap: refused, nothing written
    VeilCliIT.Outcome o2 = VeilCliIT.veil(args(in, dir.resolve("out2"), "--ledger", ledger));
    assertEquals(ExitCodes.BUDGET_REFUSED, o2.code(), o2.err() + o2.out());
    assertFalse(Files.exists(dir.resolve("out2")));
    VeilCliIT.Outcome verify = VeilCliIT.veil("budget", "verify", "--ledger", ledger);
    assertEquals(0, verify.code(), verify.err() + verify.out());
    VeilCliIT.Outcome status = VeilCliIT.veil("budget", "status", "--ledger", ledger, "--json");
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().contains("customers"), status.out());
  }

  @Test
  void realLedger_aboveTheApprovalThreshold_waitsForAnOfficer_thenReleasesOnce(@TempDir Path dir) throws Exception {
    Path in = data(dir);
    String ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
    VeilCliIT.Outcome init = VeilCliIT.veil("budget", "init", "--ledger", ledger, "--dataset", "customers", "--cap-epsilon", "5",
        "--approval-above", "0.5");
    assertEquals(0, init.code(), init.err() + init.out());
    String[] job = args(in, dir.resolve("out"), "--ledger", ledger, "--run-id", "nightly-2026-11-25");
    VeilCliIT.Outcome pending = VeilCliIT.veil(job);
    assertEquals(ExitCodes.BUDGET_PENDING_APPROVAL, pending.code(), pending.err() + pending.out());
    assertFalse(Files.exists(dir.resolve("out")), "nothing is released while the request waits");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(req-\\d+)").matcher(pending.err());
    assertTrue(m.find(), pending.err());
    VeilCliIT.Outcome approve = VeilCliIT.veil("budget", "approve", m.group(1), "--ledger", ledger, "--by", "dpo@example.org",
        "--note", "quarterly churn report");
    assertEquals(0, approve.code(), approve.err() + approve.out());
    VeilCliIT.Outcome released = VeilCliIT.veil(job);
    assertEquals(0, released.code(), released.err() + released.out());
    assertTrue(Files.exists(dir.resolve("out")));
    VeilCliIT.Outcome verify = VeilCliIT.veil("budget", "verify", "--ledger", ledger);
    assertEquals(0, verify.code(), verify.err() + verify.out());
  }
}
