package dev.veil.privacy.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's behaviour, run against each real database by a subclass: caps, reservations, idempotent
 * retries, approvals, the hash chain, tampering directly in the database, and concurrent jobs.
 */
abstract class BudgetLedgerContract {
  static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

  TestClock clock;
  BudgetLedger ledger;
  String url;

  /** A URL for a fresh, empty ledger location. */
  abstract String freshUrl() throws Exception;

  /** A plain JDBC connection to the same database, for tampering. */
  Connection raw() throws SQLException {
    return DriverManager.getConnection(url);
  }

  @BeforeEach
  void createLedger() throws Exception {
    url = freshUrl();
    clock = new TestClock(T0);
    ledger = BudgetLedger.initialize(url, clock);
  }

  @AfterEach
  void closeLedger() {
    if (ledger != null) ledger.close();
  }

  static BudgetRequest laplace(double epsilon) {
    return BudgetRequest.of(MechanismEntry.laplace("count", epsilon));
  }

  // ---------------------------------------------------------------------------------------------- caps

  @Test
  void reserveThenCommit_spendsExactlyTheRequest() {
    ledger.setPolicy(DatasetPolicy.lifetime("sales", 1.0, 0), "officer");
    Reservation r = ledger.reserve("sales", "run-1", "daily", BudgetRequest.of(MechanismEntry.laplace("count", 0.25),
        MechanismEntry.laplace("sum(x)", 0.25)));
    assertEquals(RunState.RESERVED, r.state());
    assertTrue(r.mayRelease());
    DatasetStatus s = ledger.status("sales").orElseThrow();
    assertEquals(0.0, s.basic().spentEpsilon());
    assertEquals(0.5, s.basic().allocatedEpsilon());
    assertEquals(1, s.reservedRuns());
    ledger.commit("run-1");
    s = ledger.status("sales").orElseThrow();
    assertEquals(0.5, s.basic().spentEpsilon());
    assertEquals(0.5, s.basic().remainingEpsilon());
    assertEquals(1, s.committedRuns());
    assertEquals(RunState.COMMITTED, ledger.runState("run-1").orElseThrow());
  }

  @Test
  void reserveAboveLifetimeCap_isRefusedRecordedAndSpendsNothing() {
    ledger.setPolicy(DatasetPolicy.lifetime("sales", 1.0, 0), "officer");
    ledger.reserve("sales", "run-1", "daily", laplace(0.7));
    BudgetRefusedException e = assertThrows(BudgetRefusedException.class, () -> ledger.reserve("sales", "run-2", "daily", laplace(0.4)));
    assertEquals(RunState.REFUSED, e.reservation().state());
    assertFalse(e.reservation().mayRelease());
    assertTrue(e.getMessage().contains("lifetime epsilon cap") && e.getMessage().contains("0.7") && e.getMessage().contains("0.4"),
        e.getMessage());
    assertEquals(0.7, ledger.status("sales").orElseThrow().basic().allocatedEpsilon());
    List<LedgerEntry> entries = ledger.entries("sales");
    assertEquals(EntryKind.REFUSED, entries.get(entries.size() - 1).kind());
    assertEquals(RunState.REFUSED, ledger.runState("run-2").orElseThrow());
  }

  @Test
  void tenReleasesOfPointOne_fillACapOfOneExactly_andTheEleventhIsRefused() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 1.0, 0), "officer");
    for (int i = 0; i < 10; i++) {
      ledger.reserve("d", "run-" + i, "job", laplace(0.1));
      ledger.commit("run-" + i);
    }
    assertEquals(0.0, ledger.status("d").orElseThrow().basic().remainingEpsilon());
    assertThrows(BudgetRefusedException.class, () -> ledger.reserve("d", "run-10", "job", laplace(0.1)));
  }

  @Test
  void messagesShowASplitsBinaryRoundingAsTheAmountAsked_whileTheLedgerKeepsItExactly() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 1.0, 0), "officer");
    double third = 0.6 / 3; // 0.19999999999999998: what a budget split of 0.6 in three gives each metric
    BudgetRequest split = BudgetRequest.of(MechanismEntry.laplace("a", third), MechanismEntry.laplace("b", third),
        MechanismEntry.laplace("c", third));
    Reservation r = ledger.reserve("d", "run-1", "job", split);
    assertTrue(r.message().contains("reserved epsilon 0.6,"), r.message());
    BudgetRefusedException e = assertThrows(BudgetRefusedException.class, () -> ledger.reserve("d", "run-2", "job", split));
    assertTrue(e.getMessage().contains("already reserved or spent 0.6 + requested 0.6 > cap 1"), e.getMessage());
    // the cap check itself stays exact: a second split fits under a cap of 1.2 (2 x 0.59999999999999994 <= 1.2)
    ledger.setPolicy(DatasetPolicy.lifetime("d", 1.2, 0), "officer");
    assertTrue(ledger.reserve("d", "run-3", "job", split).mayRelease());
  }

  @Test
  void deltaCap_refusesAGaussianReleaseWhoseDeltaDoesNotFit() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 10, 1e-6), "officer");
    ledger.reserve("d", "a", "job", BudgetRequest.of(MechanismEntry.gaussian("sum(x)", 1, 6e-7, 1, 3)));
    BudgetRefusedException e = assertThrows(BudgetRefusedException.class,
        () -> ledger.reserve("d", "b", "job", BudgetRequest.of(MechanismEntry.gaussian("sum(x)", 1, 6e-7, 1, 3))));
    assertTrue(e.getMessage().contains("delta cap"), e.getMessage());
  }

  @Test
  void datasetWithoutPolicy_failsClosed() {
    BudgetRefusedException e = assertThrows(BudgetRefusedException.class, () -> ledger.reserve("unknown", "r", "job", laplace(0.1)));
    assertTrue(e.getMessage().contains("no budget policy"), e.getMessage());
  }

  @Test
  void loweringTheCapBelowWhatIsSpent_refusesEverythingAfter() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 2.0, 0), "officer");
    ledger.reserve("d", "a", "job", laplace(1.0));
    ledger.commit("a");
    ledger.setPolicy(DatasetPolicy.lifetime("d", 0.5, 0), "officer");
    assertEquals(-0.5, ledger.status("d").orElseThrow().basic().remainingEpsilon());
    assertThrows(BudgetRefusedException.class, () -> ledger.reserve("d", "b", "job", laplace(0.01)));
    assertTrue(ledger.verify().ok(), ledger.verify().describe());
  }

  @Test
  void rollingWindow_refusesWithinTheWindowAndAdmitsOnceTheOldReleaseLeavesIt() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 10, 0).withWindow(7, 1.0), "officer");
    ledger.reserve("d", "a", "job", laplace(0.8));
    ledger.commit("a");
    clock.advance(Duration.ofDays(6));
    BudgetRefusedException e = assertThrows(BudgetRefusedException.class, () -> ledger.reserve("d", "b", "job", laplace(0.3)));
    assertTrue(e.getMessage().contains("window cap"), e.getMessage());
    assertEquals(0.8, ledger.status("d").orElseThrow().windowEpsilon());
    clock.advance(Duration.ofDays(1).plusMillis(1));
    assertEquals(0.0, ledger.status("d").orElseThrow().windowEpsilon());
    assertEquals(RunState.RESERVED, ledger.reserve("d", "b", "job", laplace(0.3)).state());
    // the lifetime cap still counts both
    assertEquals(1.1, ledger.status("d").orElseThrow().basic().allocatedEpsilon(), 1e-12);
  }

  // ---------------------------------------------------------------------------------------------- zCDP

  @Test
  void zcdpAccountant_admitsGaussianReleasesUntilTheConvertedEpsilonWouldPassTheCap() {
    double capDelta = 1e-6;
    ledger.setPolicy(DatasetPolicy.lifetime("d", 1.0, capDelta).withAccountant(Accountant.ZCDP), "officer");
    // Delta = 1, sigma = 10: rho = 1/200 per release; each release alone is (0.5, 1e-9)-DP by its calibration.
    BudgetRequest g = BudgetRequest.of(MechanismEntry.gaussian("sum(x)", 0.5, 1e-9, 1, 10));
    int admitted = 0;
    while (true) {
      try {
        ledger.reserve("d", "run-" + admitted, "job", g);
        admitted++;
      } catch (BudgetRefusedException e) {
        break;
      }
    }
    // independent expectation: the largest k such that rho = k/200 is (1, 1e-6)-DP by Canonne, Kamath and
    // Steinke (2020, Cor. 13), delta(alpha) = e^((alpha-1)(alpha rho - 1)) / (alpha-1) (1-1/alpha)^alpha <= 1e-6
    // for some alpha > 1, searched on the grid alpha = 1.001, 1.002, ..., 1000
    int k = 0;
    while (cksAdmits((k + 1) / 200.0, 1.0, capDelta)) k++;
    assertEquals(k, admitted);
    assertTrue(admitted > 2, "zCDP must admit more than basic composition would (2 releases of 0.5); admitted " + admitted);
    DatasetStatus s = ledger.status("d").orElseThrow();
    assertTrue(s.zcdp().allocatedEpsilon() <= 1.0);
    assertEquals(0.5 * admitted, s.basic().allocatedEpsilon(), 1e-12);
    assertEquals(admitted / 200.0, s.zcdp().rho(), 1e-12);
  }

  private static boolean cksAdmits(double rho, double epsilon, double delta) {
    for (int j = 1; j <= 999_000; j++) {
      double alpha = 1 + j / 1000.0;
      double d = Math.exp((alpha - 1) * (alpha * rho - epsilon) + alpha * Math.log(1 - 1 / alpha)) / (alpha - 1);
      if (d <= delta) return true;
    }
    return false;
  }

  @Test
  void zcdpAccountant_addsStepsWithoutAZcdpBoundByBasicComposition() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 1.0, 1e-5).withAccountant(Accountant.ZCDP), "officer");
    ledger.reserve("d", "a", "job", BudgetRequest.of(MechanismEntry.approximate("partition-selection", 0.6, 5e-6)));
    DatasetStatus s = ledger.status("d").orElseThrow();
    assertEquals(0.6, s.zcdp().allocatedEpsilon(), 1e-12);
    // rho = 0.125 (pure epsilon 0.5) converted at the remaining delta 5e-6 is far above the 0.4 left
    assertThrows(BudgetRefusedException.class, () -> ledger.reserve("d", "b", "job", laplace(0.5)));
  }

  // ---------------------------------------------------------------------------------------------- lifecycle

  @Test
  void retryWithTheSameRunId_neverSpendsTwice() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 1.0, 0), "officer");
    Reservation first = ledger.reserve("d", "run-7", "job", laplace(0.6));
    Reservation retry = ledger.reserve("d", "run-7", "job", laplace(0.6));
    assertEquals(RunState.RESERVED, retry.state());
    assertEquals(first.runId(), retry.runId());
    assertEquals(0.6, ledger.status("d").orElseThrow().basic().allocatedEpsilon());
    assertEquals(1, ledger.entries("d").stream().filter(e -> e.kind() == EntryKind.RESERVED).count());
    ledger.commit("run-7");
    ledger.commit("run-7");
    Reservation afterCommit = ledger.reserve("d", "run-7", "job", laplace(0.6));
    assertEquals(RunState.COMMITTED, afterCommit.state());
    assertFalse(afterCommit.mayRelease());
    assertEquals(0.6, ledger.status("d").orElseThrow().basic().spentEpsilon());
    assertEquals(1, ledger.entries("d").stream().filter(e -> e.kind() == EntryKind.COMMITTED).count());
  }

  @Test
  void runIdReusedWithADifferentRequest_isRejected() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 1.0, 0), "officer");
    ledger.reserve("d", "run-7", "job", laplace(0.1));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ledger.reserve("d", "run-7", "job", laplace(0.2)));
    assertTrue(e.getMessage().contains("run-7"), e.getMessage());
  }

  @Test
  void release_returnsTheBudget_andARetryAfterReleaseReservesAgain() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 1.0, 0), "officer");
    ledger.reserve("d", "a", "job", laplace(0.6));
    assertTrue(ledger.release("a"));
    assertFalse(ledger.release("a"));
    assertFalse(ledger.release("never-reserved"));
    assertEquals(0.0, ledger.status("d").orElseThrow().basic().allocatedEpsilon());
    ledger.reserve("d", "b", "job", laplace(0.6));
    assertThrows(BudgetRefusedException.class, () -> ledger.reserve("d", "a", "job", laplace(0.6)));
    ledger.release("b");
    assertEquals(RunState.RESERVED, ledger.reserve("d", "a", "job", laplace(0.6)).state());
  }

  @Test
  void commitAndReleaseOutOfOrder_areRejected() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 1.0, 0), "officer");
    assertThrows(IllegalArgumentException.class, () -> ledger.commit("nope"));
    ledger.reserve("d", "a", "job", laplace(0.1));
    ledger.commit("a");
    assertThrows(IllegalStateException.class, () -> ledger.release("a"));
    ledger.reserve("d", "b", "job", laplace(0.1));
    ledger.release("b");
    assertThrows(IllegalStateException.class, () -> ledger.commit("b"));
  }

  // ---------------------------------------------------------------------------------------------- approvals

  @Test
  void requestAboveThreshold_waitsForApproval_thenReserves() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 2.0, 0).withApprovalAbove(0.5), "officer");
    assertEquals(RunState.RESERVED, ledger.reserve("d", "small", "job", laplace(0.5)).state());
    Reservation pending = ledger.reserve("d", "big", "job", laplace(0.8));
    assertEquals(RunState.PENDING, pending.state());
    assertFalse(pending.mayRelease());
    String id = pending.requestId().orElseThrow();
    assertTrue(pending.message().contains("veil budget approve " + id), pending.message());
    assertEquals(RunState.PENDING, ledger.reserve("d", "big", "job", laplace(0.8)).state());
    DatasetStatus s = ledger.status("d").orElseThrow();
    assertEquals(1, s.pending().size());
    assertEquals(id, s.pending().get(0).requestId());
    assertEquals(0.5, s.basic().allocatedEpsilon());

    Reservation approved = ledger.approve(id, "alice", "quarterly report, signed off");
    assertEquals(RunState.RESERVED, approved.state());
    assertEquals(RunState.RESERVED, ledger.reserve("d", "big", "job", laplace(0.8)).state());
    assertEquals(1.3, ledger.status("d").orElseThrow().basic().allocatedEpsilon(), 1e-12);
    assertTrue(ledger.status("d").orElseThrow().pending().isEmpty());
    LedgerEntry approval = ledger.entries("d").stream().filter(e -> e.kind() == EntryKind.APPROVED).findFirst().orElseThrow();
    assertEquals("alice", approval.actor());
    assertEquals("quarterly report, signed off", approval.note());
    assertThrows(IllegalStateException.class, () -> ledger.approve(id, "bob", "again"));
    assertThrows(IllegalArgumentException.class, () -> ledger.approve("req-999", "bob", ""));
  }

  @Test
  void approverList_acceptsOnlyTheOfficersItNames_andRecordsNothingForOthers() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 2.0, 0).withApprovalAbove(0.5).withApprovers(java.util.List.of("carol", "alice")), "officer");
    assertEquals(java.util.List.of("alice", "carol"), java.util.List.copyOf(ledger.policy("d").orElseThrow().approvers()));
    String id = ledger.reserve("d", "big", "job", laplace(0.8)).requestId().orElseThrow();
    int entries = ledger.entries("d").size();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ledger.approve(id, "mallory", "self-approval"));
    assertTrue(e.getMessage().contains("'mallory' may not decide request " + id), e.getMessage());
    assertTrue(e.getMessage().contains("alice, carol"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ledger.deny(id, "mallory", "no"));
    assertEquals(entries, ledger.entries("d").size(), "a refused decision writes nothing");
    assertEquals(RunState.PENDING, ledger.reserve("d", "big", "job", laplace(0.8)).state());
    assertEquals(RunState.RESERVED, ledger.approve(id, "carol", "ok").state());
    assertTrue(ledger.verify().ok(), ledger.verify().describe());
    // the list is part of the hash-chained policy entry and survives a reopen
    ledger.setPolicy(ledger.policy("d").orElseThrow().withApprovers(java.util.List.of()), "officer");
    assertTrue(ledger.policy("d").orElseThrow().mayDecide("anyone"));
    assertTrue(ledger.verify().ok(), ledger.verify().describe());
  }

  @Test
  void approvalThatNoLongerFits_isRecordedAndRefused() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 1.0, 0).withApprovalAbove(0.5), "officer");
    String id = ledger.reserve("d", "big", "job", laplace(0.8)).requestId().orElseThrow();
    ledger.reserve("d", "small", "job", laplace(0.4));
    Reservation r = ledger.approve(id, "alice", "ok");
    assertEquals(RunState.REFUSED, r.state());
    assertTrue(r.message().contains("approved by alice, but lifetime epsilon cap"), r.message());
    assertEquals(0.4, ledger.status("d").orElseThrow().basic().allocatedEpsilon());
    assertTrue(ledger.verify().ok(), ledger.verify().describe());
  }

  @Test
  void requestThatCouldNeverFit_isRefusedRatherThanQueued() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 1.0, 0).withApprovalAbove(0.5), "officer");
    assertThrows(BudgetRefusedException.class, () -> ledger.reserve("d", "huge", "job", laplace(1.5)));
    assertTrue(ledger.status("d").orElseThrow().pending().isEmpty());
  }

  @Test
  void deny_refusesThePendingRequest() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 2.0, 0).withApprovalAbove(0.5), "officer");
    String id = ledger.reserve("d", "big", "job", laplace(0.8)).requestId().orElseThrow();
    assertEquals(RunState.REFUSED, ledger.deny(id, "alice", "not needed").state());
    assertEquals(RunState.REFUSED, ledger.runState("big").orElseThrow());
    assertTrue(ledger.status("d").orElseThrow().pending().isEmpty());
  }

  // ---------------------------------------------------------------------------------------------- chain

  /** A ledger with every entry kind; returns the number of entries. */
  int populate() {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 2.0, 1e-6).withApprovalAbove(0.5), "officer");
    ledger.reserve("d", "r1", "daily", laplace(0.2));
    ledger.commit("r1");
    ledger.reserve("d", "r2", "daily", BudgetRequest.of(MechanismEntry.gaussian("sum(x)", 0.3, 1e-7, 2, 9.5)));
    ledger.release("r2");
    String id = ledger.reserve("d", "r3", "weekly", laplace(0.9)).requestId().orElseThrow();
    ledger.approve(id, "alice", "fine");
    ledger.commit("r3");
    assertThrows(BudgetRefusedException.class, () -> ledger.reserve("d", "r4", "weekly", laplace(1.0)));
    ledger.reserve("d", "r5", "daily", laplace(0.1));
    return ledger.entries().size();
  }

  @Test
  void chain_linksEveryEntryToThePrevious_andVerifies() {
    int n = populate();
    assertEquals(11, n);
    List<LedgerEntry> all = ledger.entries();
    String prev = LedgerEntry.GENESIS_HASH;
    for (int i = 0; i < all.size(); i++) {
      LedgerEntry e = all.get(i);
      assertEquals(i + 1, e.seq());
      assertEquals(prev, e.prevHash());
      assertEquals(e.computeHash(), e.entryHash());
      prev = e.entryHash();
    }
    ChainVerification v = ledger.verify();
    assertTrue(v.ok(), v.describe());
    assertEquals(n, v.entries());
    assertEquals(prev, v.headHash());
  }

  void sql(String statement, Object... args) throws SQLException {
    try (Connection c = raw(); PreparedStatement ps = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      ps.executeUpdate();
    }
  }

  @Test
  void tamper_editedEntry_isNamed() throws Exception {
    populate();
    sql("UPDATE veil_ledger_entries SET note = 'nothing to see' WHERE seq = 6");
    ChainVerification v = ledger.verify();
    assertFalse(v.ok());
    assertEquals(6, v.firstBadSeq().orElseThrow());
    assertTrue(v.problem().contains("entry #6 does not match its hash"), v.problem());
  }

  @Test
  void tamper_editedPayloadWithRecomputedHash_isCaughtAtTheNextLink() throws Exception {
    populate();
    LedgerEntry e = ledger.entries().get(1); // r1 RESERVED: rewrite its payload to a smaller epsilon
    String payload = e.payload().replace("0.2", "0.02");
    String hash = LedgerEntry.hash(e.seq(), e.time(), e.kind().name(), e.dataset(), e.runId(), e.requestId(), e.job(), e.actor(),
        e.note(), payload, e.prevHash());
    sql("UPDATE veil_ledger_entries SET payload = ?, entry_hash = ? WHERE seq = ?", payload, hash, e.seq());
    ChainVerification v = ledger.verify();
    assertFalse(v.ok());
    assertEquals(e.seq() + 1, v.firstBadSeq().orElseThrow());
    assertTrue(v.problem().contains("does not link to entry #" + e.seq()), v.problem());
  }

  @Test
  void tamper_deletedEntry_isNamed() throws Exception {
    populate();
    sql("DELETE FROM veil_ledger_entries WHERE seq = 4");
    ChainVerification v = ledger.verify();
    assertFalse(v.ok());
    assertEquals(4, v.firstBadSeq().orElseThrow());
    assertTrue(v.problem().contains("entry #4 is missing"), v.problem());
  }

  @Test
  void tamper_deletedLastEntry_isCaughtByTheHead() throws Exception {
    int n = populate();
    sql("DELETE FROM veil_ledger_entries WHERE seq = ?", (long) n);
    ChainVerification v = ledger.verify();
    assertFalse(v.ok());
    assertEquals(n, v.firstBadSeq().orElseThrow());
    assertTrue(v.problem().contains("deleted from the end"), v.problem());
  }

  @Test
  void tamper_reorderedEntries_areNamedAtTheFirstMovedPosition() throws Exception {
    populate();
    // swap entries 3 and 7 by renumbering (the primary key forces a temporary number)
    sql("UPDATE veil_ledger_entries SET seq = -1 WHERE seq = 3");
    sql("UPDATE veil_ledger_entries SET seq = 3 WHERE seq = 7");
    sql("UPDATE veil_ledger_entries SET seq = 7 WHERE seq = -1");
    ChainVerification v = ledger.verify();
    assertFalse(v.ok());
    assertEquals(3, v.firstBadSeq().orElseThrow());
  }

  @Test
  void tamper_swappedRowContents_areNamed() throws Exception {
    populate();
    List<LedgerEntry> all = ledger.entries();
    LedgerEntry a = all.get(4);
    LedgerEntry b = all.get(5);
    String set = "UPDATE veil_ledger_entries SET entry_time = ?, kind = ?, dataset = ?, run_id = ?, request_id = ?, job = ?, actor = ?,"
        + " note = ?, payload = ?, prev_hash = ?, entry_hash = ? WHERE seq = ?";
    for (LedgerEntry[] p : new LedgerEntry[][] {{a, b}, {b, a}}) {
      LedgerEntry src = p[1];
      sql(set, src.time(), src.kind().name(), src.dataset(), src.runId(), src.requestId(), src.job(), src.actor(), src.note(),
          src.payload(), src.prevHash(), src.entryHash(), p[0].seq());
    }
    ChainVerification v = ledger.verify();
    assertFalse(v.ok());
    assertEquals(a.seq(), v.firstBadSeq().orElseThrow());
  }

  @Test
  void tamper_derivedTables_disagreeWithTheChain() throws Exception {
    populate();
    sql("UPDATE veil_runs SET status = 'RELEASED' WHERE run_id = 'r3'");
    ChainVerification v = ledger.verify();
    assertFalse(v.ok());
    assertTrue(v.problem().contains("run 'r3'"), v.problem());
    sql("UPDATE veil_runs SET status = 'COMMITTED' WHERE run_id = 'r3'");
    assertTrue(ledger.verify().ok(), ledger.verify().describe());
    sql("UPDATE veil_datasets SET alloc_epsilon = '0.1' WHERE dataset = 'd'");
    v = ledger.verify();
    assertFalse(v.ok());
    assertTrue(v.problem().contains("allocated totals"), v.problem());
  }

  @Test
  void tamper_movingAReservationOutOfTheWindow_isCaught() throws Exception {
    populate();
    sql("UPDATE veil_runs SET reserved_ms = reserved_ms - 864000000 WHERE run_id = 'r1'");
    assertFalse(ledger.verify().ok());
  }

  // ---------------------------------------------------------------------------------------------- concurrency

  @Test
  void concurrentJobs_neverExceedTheCap() throws Exception {
    int jobs = 16;
    ledger.setPolicy(DatasetPolicy.lifetime("shared", 1.0, 0), "officer");
    CountDownLatch ready = new CountDownLatch(jobs);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    List<Future<RunState>> results = new ArrayList<>();
    try {
      for (int i = 0; i < jobs; i++) {
        String run = "job-" + i;
        Callable<RunState> job = () -> {
          try (BudgetLedger own = BudgetLedger.open(url, clock)) { // like a separate process
            ready.countDown();
            start.await();
            try {
              Reservation r = own.reserve("shared", run, "concurrent", laplace(0.15));
              // half the jobs fail after reserving and give the budget back, the others publish
              if (Integer.parseInt(run.substring(4)) % 2 == 0) {
                own.commit(run);
                return RunState.COMMITTED;
              }
              own.release(run);
              return RunState.RELEASED;
            } catch (BudgetRefusedException e) {
              return RunState.REFUSED;
            }
          }
        };
        results.add(pool.submit(job));
      }
      assertTrue(ready.await(60, TimeUnit.SECONDS), "workers did not start");
      start.countDown();
      int committed = 0;
      int refused = 0;
      int released = 0;
      for (Future<RunState> f : results) {
        RunState s = f.get(120, TimeUnit.SECONDS);
        if (s == RunState.COMMITTED) committed++;
        if (s == RunState.REFUSED) refused++;
        if (s == RunState.RELEASED) released++;
      }
      DatasetStatus st = ledger.status("shared").orElseThrow();
      assertTrue(st.basic().allocatedEpsilon() <= 1.0, "cap exceeded: " + st.basic().allocatedEpsilon());
      assertEquals(BigDecimal.valueOf(0.15).multiply(BigDecimal.valueOf(committed)).doubleValue(), st.basic().spentEpsilon(), 1e-12);
      assertTrue(committed <= 6, "at most 6 releases of 0.15 fit in 1.0; committed " + committed);
      assertEquals(jobs, committed + refused + released);
      assertTrue(committed >= 1, "the first job to reserve always fits");
      ChainVerification v = ledger.verify();
      assertTrue(v.ok(), v.describe());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentReservations_admitExactlyWhatFits() throws Exception {
    int jobs = 12;
    ledger.setPolicy(DatasetPolicy.lifetime("shared", 1.0, 0), "officer");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < jobs; i++) {
        String run = "job-" + i;
        results.add(pool.submit(() -> {
          start.await();
          try {
            return ledger.reserve("shared", run, "concurrent", laplace(0.15)).state() == RunState.RESERVED;
          } catch (BudgetRefusedException e) {
            return false;
          }
        }));
      }
      start.countDown();
      int reserved = 0;
      for (Future<Boolean> f : results) if (f.get(120, TimeUnit.SECONDS)) reserved++;
      assertEquals(6, reserved);
      assertEquals(0.9, ledger.status("shared").orElseThrow().basic().allocatedEpsilon(), 1e-12);
      assertTrue(ledger.verify().ok());
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------------- reopening

  @Test
  void reopen_keepsEverything() {
    populate();
    ledger.close();
    try (BudgetLedger again = BudgetLedger.open(url, clock)) {
      assertTrue(again.verify().ok());
      assertEquals(11, again.entries().size());
      assertEquals(1.1, again.status("d").orElseThrow().basic().spentEpsilon(), 1e-12);
    }
    ledger = BudgetLedger.initialize(url, clock); // migrating an up-to-date ledger changes nothing
    assertEquals(11, ledger.entries().size());
  }

  @Test
  void report_isSelfContainedWellFormedAndEscaped() throws Exception {
    ledger.setPolicy(DatasetPolicy.lifetime("d", 2.0, 1e-6).withApprovalAbove(0.5), "officer");
    ledger.reserve("d", "r1", "<script>alert(1)</script>", laplace(0.2));
    ledger.commit("r1");
    clock.advance(Duration.ofHours(3));
    String id = ledger.reserve("d", "r2", "weekly & co", laplace(0.9)).requestId().orElseThrow();
    ledger.approve(id, "alice \"the officer\"", "ok <b>really</b>");
    ledger.commit("r2");
    String html = BudgetReport.render(ledger, "d", clock.instant());
    ReportAssertions.assertSelfContainedAndWellFormed(html);
    assertFalse(html.contains("<script>"), "job names must be escaped");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(html.contains("approved by alice &quot;the officer&quot;"));
    assertTrue(html.contains("<svg id=\"chart\""));
    assertTrue(html.contains("OK: 7 entries"), "verification result");
  }
}
