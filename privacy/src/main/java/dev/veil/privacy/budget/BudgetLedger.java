package dev.veil.privacy.budget;

import dev.veil.privacy.budget.LedgerUrl.Dialect;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The persistent privacy-budget ledger: per-dataset caps, reservations by run id, officer approvals, and
 * an append-only, hash-chained record of every change, in a SQLite file or a PostgreSQL database.
 *
 * <h2>Privacy guarantee</h2>
 * For every dataset with a {@link DatasetPolicy}, the releases holding budget (reserved or committed)
 * never total more than the lifetime cap, nor, within any rolling window, more than the window cap,
 * under the policy's {@link Accountant} (see {@link Accounting}). {@link #reserve} checks and records in
 * one transaction, serialized against every other writer, so concurrent jobs cannot together overspend.
 * The guarantee holds for the releases recorded here; it says nothing about releases of the same data
 * made without the ledger.
 *
 * <h2>Caller's responsibilities</h2>
 * Before releasing anything, a job calls {@link #reserve} with a run id that is stable across its
 * retries and releases only if the result {@link Reservation#mayRelease()}; then {@link #commit} on success
 * or {@link #release} on failure (a job that crashed without either keeps its reservation counted, which
 * is the safe side; an officer can release it). The mechanisms recorded must be the ones the noise was
 * calibrated with. Any {@link LedgerException} means: release nothing.
 *
 * <h2>Concurrency</h2>
 * Thread-safe; one instance may be shared by many threads, and many processes may use one ledger. Every
 * writing transaction first locks the single head row ({@code SELECT ... FOR UPDATE} on PostgreSQL at
 * READ COMMITTED; {@code BEGIN IMMEDIATE} with a busy timeout on SQLite, in WAL mode), so appends are
 * serialized and the chain stays linear. Busy, serialization and deadlock errors are retried.
 *
 * <h2>Tamper evidence</h2>
 * {@link #verify()} recomputes every entry's hash (see {@link LedgerEntry} for the canonical form), the
 * back-links and the head record, and replays the chain to check the derived tables. It detects any
 * edited, reordered or deleted entry unless the attacker rewrites the whole chain from that point on and
 * the head record; record {@link ChainVerification#headHash()} outside the database to detect that too.
 */
public final class BudgetLedger implements AutoCloseable {
  /** Where the schema migrations live on the classpath. */
  public static final String MIGRATIONS = "classpath:db/veil-ledger";
  /** Flyway's history table for the ledger schema. */
  public static final String HISTORY_TABLE = "veil_ledger_schema_history";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final int MAX_ATTEMPTS = 20;
  private static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;
  private static final long DAY_MS = 86_400_000L;

  private final LedgerUrl url;
  private final Clock clock;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  private BudgetLedger(LedgerUrl url, Clock clock) {
    this.url = url;
    this.clock = clock;
  }

  /**
   * Creates the ledger (a new SQLite file, with its folder, or the tables in a PostgreSQL database or
   * {@code currentSchema}) or migrates it to the current schema, and opens it.
   *
   * @throws LedgerUnavailableException when the database cannot be reached or migrated
   */
  public static BudgetLedger initialize(String jdbcUrl) {
    return initialize(jdbcUrl, Clock.systemUTC());
  }

  /** As {@link #initialize(String)}, with the clock that time-stamps entries (tests). */
  public static BudgetLedger initialize(String jdbcUrl, Clock clock) {
    LedgerUrl u = LedgerUrl.parse(jdbcUrl);
    Objects.requireNonNull(clock, "clock");
    try {
      if (u.dialect() == Dialect.SQLITE) {
        Path parent = u.sqliteFile().toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
      }
      flyway(u).migrate();
    } catch (FlywayException | java.io.IOException e) {
      throw new LedgerUnavailableException("cannot create or migrate the budget ledger at " + u.display() + ": " + rootMessage(e), e);
    }
    return new BudgetLedger(u, clock);
  }

  /**
   * Opens an existing ledger, checking that it is reachable and its schema is current.
   *
   * @throws LedgerUnavailableException when it cannot be reached, does not exist or needs {@code veil budget init}
   */
  public static BudgetLedger open(String jdbcUrl) {
    return open(jdbcUrl, Clock.systemUTC());
  }

  /** As {@link #open(String)}, with the clock that time-stamps entries (tests). */
  public static BudgetLedger open(String jdbcUrl, Clock clock) {
    LedgerUrl u = LedgerUrl.parse(jdbcUrl);
    Objects.requireNonNull(clock, "clock");
    if (u.dialect() == Dialect.SQLITE && !Files.isRegularFile(u.sqliteFile())) {
      throw new LedgerUnavailableException("no budget ledger at " + u.display() + " (file " + u.sqliteFile()
          + " does not exist); create it with: veil budget init --ledger " + u.display() + " --dataset NAME --cap-epsilon E", null);
    }
    MigrationInfoService info;
    try {
      info = flyway(u).info();
    } catch (FlywayException e) {
      throw new LedgerUnavailableException("budget ledger unreachable at " + u.display() + ": " + rootMessage(e), e);
    }
    if (info.current() == null || info.pending().length > 0) {
      throw new LedgerUnavailableException("the budget ledger at " + u.display() + " is " + (info.current() == null ? "not initialised"
          : "at schema version " + info.current().getVersion() + " and needs migrating") + "; run: veil budget init --ledger "
          + u.display(), null);
    }
    BudgetLedger ledger = new BudgetLedger(u, clock);
    ledger.giveBack(ledger.borrow(), true);
    return ledger;
  }

  private static Flyway flyway(LedgerUrl u) {
    FluentConfiguration cfg = Flyway.configure(BudgetLedger.class.getClassLoader())
        .dataSource(u.url(), null, null)
        .locations(MIGRATIONS)
        .table(HISTORY_TABLE)
        .failOnMissingLocations(true);
    u.schema().ifPresent(cfg::schemas);
    return cfg.load();
  }

  /** The ledger's URL with any password removed. */
  public String describe() {
    return url.display();
  }

  // ---------------------------------------------------------------------------------------------
  // Policies

  /**
   * Sets (or replaces) a dataset's policy, recording who did it. Spending so far stays counted.
   *
   * @param actor who set it (1..200 characters)
   */
  public void setPolicy(DatasetPolicy policy, String actor) {
    Objects.requireNonNull(policy, "policy");
    checkText(actor, "actor");
    String json = LedgerJson.policy(policy);
    inWrite(tx -> {
      DatasetRow ds = tx.dataset(policy.dataset());
      tx.append(EntryKind.POLICY_SET, policy.dataset(), "", "", "", actor, "", json);
      tx.upsertDataset(policy, json, ds == null ? Costs.ZERO : ds.alloc, ds != null);
      return null;
    });
  }

  /** The dataset's policy, if one was set. */
  public Optional<DatasetPolicy> policy(String dataset) {
    DatasetPolicy.checkDataset(dataset);
    return inRead(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT policy_json FROM veil_datasets WHERE dataset = ?")) {
        ps.setString(1, dataset);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(LedgerJson.parsePolicy(rs.getString(1))) : Optional.<DatasetPolicy>empty();
        }
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Reservations

  /**
   * Reserves {@code request} on {@code dataset} for run {@code runId} of {@code job}, in one transaction
   * that fails closed.
   *
   * <ul>
   *   <li>Idempotent by run id: a retry with the same run id and the same dataset, job and request returns
   *       the run's current state ({@code RESERVED}, {@code PENDING} or {@code COMMITTED}) and spends
   *       nothing more. A run id that was released or refused is evaluated afresh.
   *   <li>A run id reused with a different dataset, job or request is an {@link IllegalStateException}.
   *   <li>If the dataset has no policy, or the lifetime or window cap would be exceeded counting committed
   *       and outstanding reservations, the refusal is recorded and {@link BudgetRefusedException} thrown.
   *   <li>If the request's basic epsilon is above the dataset's approval threshold, a request is recorded
   *       and the result is {@link RunState#PENDING} with its {@link Reservation#requestId()}.
   * </ul>
   *
   * @throws BudgetRefusedException when refused (nothing may be released)
   * @throws LedgerUnavailableException when the ledger cannot be reached (nothing was reserved)
   */
  public Reservation reserve(String dataset, String runId, String job, BudgetRequest request) {
    DatasetPolicy.checkDataset(dataset);
    checkText(runId, "runId");
    checkText(job, "job");
    Objects.requireNonNull(request, "request");
    String json = LedgerJson.request(request);
    Reservation r = inWrite(tx -> reserveTx(tx, dataset, runId, job, request, json));
    if (r.state() == RunState.REFUSED) throw new BudgetRefusedException(r);
    return r;
  }

  private Reservation reserveTx(Tx tx, String dataset, String runId, String job, BudgetRequest request, String json)
      throws SQLException {
    RunRow run = tx.run(runId);
    if (run != null) {
      if (!run.dataset.equals(dataset) || !run.job.equals(job) || !run.requestJson.equals(json)) {
        throw new IllegalStateException("run id '" + runId + "' was already used with a different dataset, job or budget request;"
            + " a retry must send the same request, and a new job needs a new run id");
      }
      switch (run.status) {
        case RESERVED:
          return reservation(run, RunState.RESERVED, "budget already reserved for run '" + runId + "' (retry; nothing more spent)");
        case COMMITTED:
          return reservation(run, RunState.COMMITTED, "the budget of run '" + runId + "' was already spent and committed;"
              + " do not compute a fresh release for this run id");
        case PENDING:
          return reservation(run, RunState.PENDING, "request " + run.requestId + " is still waiting for an officer's approval");
        default:
          break; // RELEASED or REFUSED: evaluate afresh
      }
    }
    DatasetRow ds = tx.dataset(dataset);
    if (ds == null) {
      return tx.refuse(run, dataset, runId, job, "", json, "dataset '" + dataset + "' has no budget policy in the ledger; an officer"
          + " sets one with: veil budget init --dataset NAME --cap-epsilon E");
    }
    Costs costs = request.costs();
    String violation = tx.capViolation(ds, costs);
    if (violation != null) return tx.refuse(run, dataset, runId, job, "", json, violation);
    DatasetPolicy p = ds.policy;
    if (p.approvalAbove().isPresent() && costs.epsilon().compareTo(BigDecimal.valueOf(p.approvalAbove().getAsDouble())) > 0) {
      String requestId = "req-" + (tx.head.lastSeq + 1);
      LedgerEntry e = tx.append(EntryKind.REQUESTED, dataset, runId, requestId, job, job, "", json);
      tx.putRun(run != null, new RunRow(runId, dataset, job, RunState.PENDING, requestId, json, millis(e.time()), e.seq()));
      return new Reservation(runId, dataset, job, RunState.PENDING, Optional.of(requestId), "request " + requestId + ": epsilon "
          + shown(costs.epsilon()) + " is above the approval threshold " + num(p.approvalAbove().getAsDouble()) + " of dataset '"
          + dataset + "'; an officer approves it with: veil budget approve " + requestId + " --by NAME --note \"...\","
          + " then re-run the job with the same run id");
    }
    return tx.allocate(ds, run != null, runId, job, "", json, costs);
  }

  /**
   * Records an officer's approval of a pending request and, in the same transaction, reserves its budget
   * if the caps still admit it; otherwise records a refusal. The job then re-runs with the same run id.
   *
   * @param requestId the id from {@link Reservation#requestId()} (e.g. {@code req-17})
   * @param by who approves (1..200 characters)
   * @param note why (may be empty; never put data values in it)
   * @return the run's reservation: {@link RunState#RESERVED} or {@link RunState#REFUSED}
   * @throws IllegalArgumentException when there is no such request, or the dataset's
   *     {@link DatasetPolicy#approvers() approver list} does not name {@code by} (nothing is recorded then)
   * @throws IllegalStateException when the request is no longer pending
   */
  public Reservation approve(String requestId, String by, String note) {
    checkText(requestId, "requestId");
    checkText(by, "by");
    Objects.requireNonNull(note, "note");
    return inWrite(tx -> {
      RunRow run = tx.pending(requestId);
      DatasetRow ds = tx.dataset(run.dataset);
      checkApprover(ds.policy, by, requestId);
      tx.append(EntryKind.APPROVED, run.dataset, run.runId, requestId, run.job, by, note, "{}");
      Costs costs = LedgerJson.parseRequest(run.requestJson).costs();
      String violation = tx.capViolation(ds, costs);
      if (violation != null) {
        return tx.refuse(run, run.dataset, run.runId, run.job, requestId, run.requestJson, "approved by " + by + ", but " + violation);
      }
      return tx.allocate(ds, true, run.runId, run.job, requestId, run.requestJson, costs);
    });
  }

  /** Refuses, before anything is written, an officer the dataset's approver list does not name. */
  private static void checkApprover(DatasetPolicy policy, String by, String requestId) {
    if (!policy.mayDecide(by)) {
      throw new IllegalArgumentException("'" + by + "' may not decide request " + requestId + ": dataset '" + policy.dataset()
          + "' accepts decisions only from its approvers " + String.join(", ", policy.approvers())
          + " (set with veil budget init --approvers); nothing was recorded");
    }
  }

  /** Records an officer's denial of a pending request; the run becomes {@link RunState#REFUSED}. */
  public Reservation deny(String requestId, String by, String note) {
    checkText(requestId, "requestId");
    checkText(by, "by");
    Objects.requireNonNull(note, "note");
    return inWrite(tx -> {
      RunRow run = tx.pending(requestId);
      checkApprover(tx.dataset(run.dataset).policy, by, requestId);
      LedgerEntry e = tx.append(EntryKind.DENIED, run.dataset, run.runId, requestId, run.job, by, note, "{}");
      RunRow r = run.with(RunState.REFUSED, e.seq());
      tx.putRun(true, r);
      return reservation(r, RunState.REFUSED, "request " + requestId + " denied by " + by);
    });
  }

  /**
   * Marks a run's reservation as spent (its results were published). Idempotent: committing a committed
   * run does nothing.
   *
   * @throws IllegalArgumentException when the run id is unknown
   * @throws IllegalStateException when the run holds no reservation (pending, refused, released)
   */
  public Reservation commit(String runId) {
    checkText(runId, "runId");
    return inWrite(tx -> {
      RunRow run = tx.run(runId);
      if (run == null) throw new IllegalArgumentException("no run '" + runId + "' in the budget ledger; reserve budget first");
      if (run.status == RunState.COMMITTED) return reservation(run, RunState.COMMITTED, "already committed");
      if (run.status != RunState.RESERVED) {
        throw new IllegalStateException("run '" + runId + "' is " + run.status + "; only a RESERVED run can be committed");
      }
      LedgerEntry e = tx.append(EntryKind.COMMITTED, run.dataset, runId, run.requestId, run.job, run.job, "", "{}");
      RunRow r = run.with(RunState.COMMITTED, e.seq());
      tx.putRun(true, r);
      return reservation(r, RunState.COMMITTED, "committed");
    });
  }

  /**
   * Gives a reservation (or a pending request) back because nothing was published. Idempotent.
   *
   * @return true when budget or a request was given back; false when there was nothing to release
   *     (unknown run id, already released, refused)
   * @throws IllegalStateException when the run is committed (its results were published; that budget is spent)
   */
  public boolean release(String runId) {
    checkText(runId, "runId");
    return inWrite(tx -> {
      RunRow run = tx.run(runId);
      if (run == null || run.status == RunState.RELEASED || run.status == RunState.REFUSED) return false;
      if (run.status == RunState.COMMITTED) {
        throw new IllegalStateException("run '" + runId + "' is COMMITTED: its results were published, so its budget stays spent");
      }
      LedgerEntry e = tx.append(EntryKind.RELEASED, run.dataset, runId, run.requestId, run.job, run.job, "", "{}");
      if (run.status == RunState.RESERVED) {
        DatasetRow ds = tx.dataset(run.dataset);
        tx.updateAlloc(run.dataset, ds.alloc.minus(LedgerJson.parseRequest(run.requestJson).costs()));
      }
      tx.putRun(true, run.with(RunState.RELEASED, e.seq()));
      return true;
    });
  }

  /** The state of a run, if the ledger knows it. */
  public Optional<RunState> runState(String runId) {
    checkText(runId, "runId");
    return inRead(c -> {
      RunRow r = selectRun(c, "run_id", runId);
      return r == null ? Optional.<RunState>empty() : Optional.of(r.status);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Views

  /** The status of every dataset with a policy, by name. */
  public List<DatasetStatus> status() {
    return inRead(c -> {
      List<DatasetStatus> out = new ArrayList<>();
      List<DatasetRow> rows = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT " + DatasetRow.COLUMNS + " FROM veil_datasets ORDER BY dataset")) {
        while (rs.next()) rows.add(DatasetRow.read(rs));
      }
      for (DatasetRow d : rows) out.add(statusOf(c, d));
      return out;
    });
  }

  /** The status of one dataset, if it has a policy. */
  public Optional<DatasetStatus> status(String dataset) {
    DatasetPolicy.checkDataset(dataset);
    return inRead(c -> {
      DatasetRow d = selectDataset(c, dataset);
      return d == null ? Optional.<DatasetStatus>empty() : Optional.of(statusOf(c, d));
    });
  }

  private DatasetStatus statusOf(Connection c, DatasetRow d) throws SQLException {
    Costs committed = Costs.ZERO;
    Costs allocated = Costs.ZERO;
    Costs window = Costs.ZERO;
    int nCommitted = 0;
    int nReserved = 0;
    long since = clock.millis() - d.policy.windowDays() * DAY_MS;
    List<DatasetStatus.PendingRequest> pending = new ArrayList<>();
    for (RunRow r : selectRuns(c, d.policy.dataset())) {
      if (r.status == RunState.PENDING) {
        BudgetRequest req = LedgerJson.parseRequest(r.requestJson);
        pending.add(new DatasetStatus.PendingRequest(r.requestId, r.runId, r.job, req.epsilon().doubleValue(),
            req.delta().doubleValue(), TIME.format(Instant.ofEpochMilli(r.reservedMs))));
        continue;
      }
      if (!r.status.holdsBudget()) continue;
      Costs costs = LedgerJson.parseRequest(r.requestJson).costs();
      allocated = allocated.plus(costs);
      if (r.status == RunState.COMMITTED) {
        committed = committed.plus(costs);
        nCommitted++;
      } else {
        nReserved++;
      }
      if (d.policy.windowDays() > 0 && r.reservedMs > since) window = window.plus(costs);
    }
    pending.sort(Comparator.comparing(DatasetStatus.PendingRequest::requestedAt));
    DatasetPolicy p = d.policy;
    double windowEps = p.windowDays() > 0 ? Accounting.total(window, p.accountant(), p.capDelta()).epsilon() : 0;
    return new DatasetStatus(p, totals(Accountant.BASIC, p, committed, allocated), totals(Accountant.ZCDP, p, committed, allocated),
        windowEps, nCommitted, nReserved, pending);
  }

  private static DatasetStatus.Totals totals(Accountant a, DatasetPolicy p, Costs committed, Costs allocated) {
    Accounting.EpsilonDelta spent = Accounting.total(committed, a, p.capDelta());
    Accounting.EpsilonDelta alloc = Accounting.total(allocated, a, p.capDelta());
    double remaining = a == Accountant.BASIC
        ? BigDecimal.valueOf(p.capEpsilon()).subtract(allocated.epsilon()).doubleValue()
        : p.capEpsilon() - alloc.epsilon();
    return new DatasetStatus.Totals(a, spent.epsilon(), spent.delta(), alloc.epsilon(), alloc.delta(), remaining,
        allocated.rho().doubleValue());
  }

  /** Every entry of the chain, in order. */
  public List<LedgerEntry> entries() {
    return inRead(c -> readEntries(c, null));
  }

  /** The entries of one dataset, in chain order. */
  public List<LedgerEntry> entries(String dataset) {
    DatasetPolicy.checkDataset(dataset);
    return inRead(c -> readEntries(c, dataset));
  }

  private static List<LedgerEntry> readEntries(Connection c, String dataset) throws SQLException {
    String sql = "SELECT " + ENTRY_COLUMNS + " FROM veil_ledger_entries" + (dataset == null ? "" : " WHERE dataset = ?") + " ORDER BY seq";
    List<LedgerEntry> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (dataset != null) ps.setString(1, dataset);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          EntryKind kind;
          try {
            kind = EntryKind.valueOf(rs.getString(3));
          } catch (IllegalArgumentException e) {
            throw new LedgerException("ledger entry #" + rs.getLong(1) + " has an unknown kind; run veil budget verify", e);
          }
          out.add(new LedgerEntry(rs.getLong(1), rs.getString(2), kind, rs.getString(4), rs.getString(5), rs.getString(6),
              rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12)));
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Verification

  /**
   * Checks the whole chain in one consistent snapshot: every entry's sequence number is the next one,
   * its {@code prev_hash} is the previous entry's hash, and its hash matches its canonical content; the
   * head record names the last entry; and replaying the chain gives exactly the derived tables (runs,
   * policies, allocations). Names the first bad entry.
   */
  public ChainVerification verify() {
    return inRead(this::verifyIn);
  }

  private ChainVerification verifyIn(Connection c) throws SQLException {
    Replay replay = new Replay();
    long expected = 1;
    String prev = LedgerEntry.GENESIS_HASH;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + ENTRY_COLUMNS + " FROM veil_ledger_entries ORDER BY seq")) {
      while (rs.next()) {
        long seq = rs.getLong(1);
        String[] f = new String[12];
        for (int i = 2; i <= 12; i++) f[i - 1] = rs.getString(i);
        long n = expected - 1;
        if (seq != expected) {
          return bad(n, prev, expected, "entry #" + expected + " is missing (the next stored entry is #" + seq
              + "): entries were deleted or renumbered");
        }
        String hash = LedgerEntry.hash(seq, f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10]);
        if (!hash.equals(f[11])) {
          return bad(n, prev, seq, "entry #" + seq + " does not match its hash: it was edited, or moved from another position");
        }
        if (!prev.equals(f[10])) {
          return bad(n, prev, seq, "entry #" + seq + " does not link to entry #" + (seq - 1)
              + " (its prev_hash differs from that entry's hash): an entry was replaced, reordered or deleted");
        }
        EntryKind kind;
        try {
          kind = EntryKind.valueOf(f[2]);
        } catch (IllegalArgumentException e) {
          return bad(n, prev, seq, "entry #" + seq + " has an unknown kind");
        }
        try {
          replay.apply(new LedgerEntry(seq, f[1], kind, f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11]));
        } catch (RuntimeException e) {
          return bad(n, prev, seq, "entry #" + seq + " cannot be replayed: " + e.getMessage());
        }
        prev = f[11];
        expected++;
      }
    }
    long n = expected - 1;
    long headSeq;
    String headHash;
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT last_seq, last_hash FROM veil_ledger_head WHERE id = 1")) {
      if (!rs.next()) return bad(n, prev, n + 1, "the head record is missing");
      headSeq = rs.getLong(1);
      headHash = rs.getString(2);
    }
    if (headSeq > n) {
      return bad(n, prev, n + 1, (headSeq == n + 1 ? "entry #" + headSeq + " was" : "entries #" + (n + 1) + " to #" + headSeq + " were")
          + " deleted from the end (the head record says the last entry is #" + headSeq + ")");
    }
    if (headSeq < n) {
      return bad(n, prev, headSeq + 1, "entries #" + (headSeq + 1) + " to #" + n + " were added outside the ledger (the head record"
          + " says the last entry is #" + headSeq + ")");
    }
    if (!headHash.equals(prev)) return bad(n, prev, n, "the head record's hash does not match entry #" + n);
    String stateProblem = replay.compare(c);
    if (stateProblem != null) {
      return new ChainVerification(false, n, prev, replay.problemSeq, stateProblem);
    }
    return new ChainVerification(true, n, prev, OptionalLong.empty(), "");
  }

  private static ChainVerification bad(long intact, String intactHash, long seq, String problem) {
    return new ChainVerification(false, intact, intactHash, OptionalLong.of(seq), problem);
  }

  /** Rebuilds the derived tables from the chain and compares. */
  private static final class Replay {
    final Map<String, String> policies = new TreeMap<>();
    final Map<String, RunRow> runs = new LinkedHashMap<>();
    OptionalLong problemSeq = OptionalLong.empty();

    void apply(LedgerEntry e) {
      RunRow run = runs.get(e.runId());
      switch (e.kind()) {
        case POLICY_SET -> {
          DatasetPolicy p = LedgerJson.parsePolicy(e.payload());
          if (!p.dataset().equals(e.dataset())) throw new IllegalStateException("its policy names another dataset");
          policies.put(e.dataset(), e.payload());
        }
        case REQUESTED -> runs.put(e.runId(), new RunRow(e.runId(), e.dataset(), e.job(), RunState.PENDING, e.requestId(), e.payload(),
            millis(e.time()), e.seq()));
        case RESERVED -> runs.put(e.runId(), new RunRow(e.runId(), e.dataset(), e.job(), RunState.RESERVED, e.requestId(), e.payload(),
            millis(e.time()), e.seq()));
        case REFUSED -> runs.put(e.runId(), new RunRow(e.runId(), e.dataset(), e.job(), RunState.REFUSED, e.requestId(), e.payload(),
            millis(e.time()), e.seq()));
        case APPROVED -> require(run, RunState.PENDING, e);
        case DENIED -> runs.put(e.runId(), require(run, RunState.PENDING, e).with(RunState.REFUSED, e.seq()));
        case COMMITTED -> runs.put(e.runId(), require(run, RunState.RESERVED, e).with(RunState.COMMITTED, e.seq()));
        case RELEASED -> {
          RunRow r = require(run, null, e);
          runs.put(e.runId(), r.with(RunState.RELEASED, e.seq()));
        }
        default -> throw new IllegalStateException("unknown kind");
      }
    }

    private static RunRow require(RunRow run, RunState state, LedgerEntry e) {
      if (run == null) throw new IllegalStateException("it refers to run '" + e.runId() + "', which has no earlier entry");
      if (state != null && run.status != state) {
        throw new IllegalStateException("it is " + e.kind() + " for run '" + e.runId() + "', which is " + run.status);
      }
      return run;
    }

    String compare(Connection c) throws SQLException {
      Map<String, RunRow> stored = new HashMap<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + RunRow.COLUMNS + " FROM veil_runs")) {
        while (rs.next()) {
          RunRow r = RunRow.read(rs);
          stored.put(r.runId, r);
        }
      }
      Map<String, Costs> alloc = new HashMap<>();
      for (RunRow r : runs.values()) {
        RunRow s = stored.remove(r.runId);
        if (s == null || !s.equals(r)) {
          problemSeq = OptionalLong.of(r.lastSeq);
          return "table veil_runs disagrees with the chain for run '" + r.runId + "' (last entry #" + r.lastSeq + "): "
              + (s == null ? "the row is missing" : "stored " + s.status + ", chain says " + r.status
                  + (s.status == r.status ? " (other fields differ)" : ""));
        }
        if (r.status.holdsBudget()) {
          alloc.merge(r.dataset, LedgerJson.parseRequest(r.requestJson).costs(), Costs::plus);
        }
      }
      if (!stored.isEmpty()) {
        return "table veil_runs has run '" + stored.keySet().iterator().next() + "', which no ledger entry records";
      }
      Map<String, DatasetRow> datasets = new TreeMap<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + DatasetRow.COLUMNS + " FROM veil_datasets")) {
        while (rs.next()) {
          DatasetRow d = DatasetRow.read(rs);
          datasets.put(d.policy.dataset(), d);
        }
      }
      if (!datasets.keySet().equals(policies.keySet())) {
        return "table veil_datasets lists " + datasets.keySet() + " but the chain sets policies for " + policies.keySet();
      }
      for (Map.Entry<String, String> p : policies.entrySet()) {
        DatasetRow d = datasets.get(p.getKey());
        if (!d.policyJson.equals(p.getValue()) || !d.policy.equals(LedgerJson.parsePolicy(p.getValue()))) {
          return "table veil_datasets has a policy for '" + p.getKey() + "' that differs from the last POLICY_SET entry";
        }
        Costs expected = alloc.getOrDefault(p.getKey(), Costs.ZERO);
        if (!sameCosts(expected, d.alloc)) {
          return "table veil_datasets has allocated totals for '" + p.getKey() + "' that differ from the chain (stored epsilon "
              + plain(d.alloc.epsilon()) + ", chain " + plain(expected.epsilon()) + ")";
        }
      }
      return null;
    }
  }

  private static boolean sameCosts(Costs a, Costs b) {
    return a.epsilon().compareTo(b.epsilon()) == 0 && a.delta().compareTo(b.delta()) == 0 && a.rho().compareTo(b.rho()) == 0
        && a.epsilonX().compareTo(b.epsilonX()) == 0 && a.deltaX().compareTo(b.deltaX()) == 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Transactions

  private static final String ENTRY_COLUMNS =
      "seq, entry_time, kind, dataset, run_id, request_id, job, actor, note, payload, prev_hash, entry_hash";

  private static final class Head {
    long lastSeq;
    String lastHash;
  }

  /** One writing transaction; the head row is locked. */
  private final class Tx {
    final Connection c;
    final Head head;
    final long now;

    Tx(Connection c, Head head) {
      this.c = c;
      this.head = head;
      this.now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
    }

    LedgerEntry append(EntryKind kind, String dataset, String runId, String requestId, String job, String actor, String note,
        String payload) throws SQLException {
      long seq = head.lastSeq + 1;
      String time = TIME.format(Instant.ofEpochMilli(now));
      String hash = LedgerEntry.hash(seq, time, kind.name(), dataset, runId, requestId, job, actor, note, payload, head.lastHash);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO veil_ledger_entries (" + ENTRY_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setLong(1, seq);
        ps.setString(2, time);
        ps.setString(3, kind.name());
        ps.setString(4, dataset);
        ps.setString(5, runId);
        ps.setString(6, requestId);
        ps.setString(7, job);
        ps.setString(8, actor);
        ps.setString(9, note);
        ps.setString(10, payload);
        ps.setString(11, head.lastHash);
        ps.setString(12, hash);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE veil_ledger_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
        ps.setLong(1, seq);
        ps.setString(2, hash);
        if (ps.executeUpdate() != 1) throw new LedgerException("the ledger's head record is missing; run veil budget verify");
      }
      LedgerEntry e = new LedgerEntry(seq, time, kind, dataset, runId, requestId, job, actor, note, payload, head.lastHash, hash);
      head.lastSeq = seq;
      head.lastHash = hash;
      return e;
    }

    RunRow run(String runId) throws SQLException {
      return selectRun(c, "run_id", runId);
    }

    RunRow pending(String requestId) throws SQLException {
      RunRow run = selectRun(c, "request_id", requestId);
      if (run == null) throw new IllegalArgumentException("no approval request '" + requestId + "' in the budget ledger");
      if (run.status != RunState.PENDING) {
        throw new IllegalStateException("request " + requestId + " is no longer pending (run '" + run.runId + "' is " + run.status + ")");
      }
      return run;
    }

    DatasetRow dataset(String dataset) throws SQLException {
      return selectDataset(c, dataset);
    }

    void putRun(boolean exists, RunRow r) throws SQLException {
      String sql = exists
          ? "UPDATE veil_runs SET dataset = ?, job = ?, status = ?, request_id = ?, request_json = ?, reserved_ms = ?, last_seq = ? WHERE run_id = ?"
          : "INSERT INTO veil_runs (dataset, job, status, request_id, request_json, reserved_ms, last_seq, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, r.dataset);
        ps.setString(2, r.job);
        ps.setString(3, r.status.name());
        ps.setString(4, r.requestId);
        ps.setString(5, r.requestJson);
        ps.setLong(6, r.reservedMs);
        ps.setLong(7, r.lastSeq);
        ps.setString(8, r.runId);
        if (ps.executeUpdate() != 1) throw new LedgerException("could not record run '" + r.runId + "'");
      }
    }

    void upsertDataset(DatasetPolicy p, String json, Costs alloc, boolean exists) throws SQLException {
      String sql = exists
          ? "UPDATE veil_datasets SET policy_json = ?, cap_epsilon = ?, cap_delta = ?, window_days = ?, window_epsilon = ?,"
              + " approval_above = ?, accountant = ? WHERE dataset = ?"
          : "INSERT INTO veil_datasets (policy_json, cap_epsilon, cap_delta, window_days, window_epsilon, approval_above, accountant,"
              + " dataset, alloc_epsilon, alloc_delta, alloc_rho, alloc_epsilon_x, alloc_delta_x) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, json);
        ps.setString(2, Double.toString(p.capEpsilon()));
        ps.setString(3, Double.toString(p.capDelta()));
        ps.setInt(4, p.windowDays());
        ps.setString(5, Double.toString(p.windowEpsilon()));
        ps.setString(6, p.approvalAbove().isPresent() ? Double.toString(p.approvalAbove().getAsDouble()) : "");
        ps.setString(7, p.accountant().name());
        ps.setString(8, p.dataset());
        if (!exists) {
          ps.setString(9, alloc.epsilon().toPlainString());
          ps.setString(10, alloc.delta().toPlainString());
          ps.setString(11, alloc.rho().toPlainString());
          ps.setString(12, alloc.epsilonX().toPlainString());
          ps.setString(13, alloc.deltaX().toPlainString());
        }
        ps.executeUpdate();
      }
    }

    void updateAlloc(String dataset, Costs alloc) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("UPDATE veil_datasets SET alloc_epsilon = ?, alloc_delta = ?, alloc_rho = ?,"
          + " alloc_epsilon_x = ?, alloc_delta_x = ? WHERE dataset = ?")) {
        ps.setString(1, alloc.epsilon().toPlainString());
        ps.setString(2, alloc.delta().toPlainString());
        ps.setString(3, alloc.rho().toPlainString());
        ps.setString(4, alloc.epsilonX().toPlainString());
        ps.setString(5, alloc.deltaX().toPlainString());
        ps.setString(6, dataset);
        ps.executeUpdate();
      }
    }

    /** Why {@code costs} cannot be admitted on top of what the dataset holds, or null when they can. */
    String capViolation(DatasetRow ds, Costs costs) throws SQLException {
      DatasetPolicy p = ds.policy;
      Costs after = ds.alloc.plus(costs);
      String acct = p.accountant() == Accountant.BASIC ? "basic composition" : "zCDP";
      if (p.accountant() == Accountant.BASIC) {
        if (after.epsilon().compareTo(BigDecimal.valueOf(p.capEpsilon())) > 0) {
          return "lifetime epsilon cap of dataset '" + p.dataset() + "' would be exceeded: already reserved or spent "
              + shown(ds.alloc.epsilon()) + " + requested " + shown(costs.epsilon()) + " > cap " + num(p.capEpsilon()) + " (" + acct + ")";
        }
        if (after.delta().compareTo(BigDecimal.valueOf(p.capDelta())) > 0) {
          return "lifetime delta cap of dataset '" + p.dataset() + "' would be exceeded: already reserved or spent "
              + shown(ds.alloc.delta()) + " + requested " + shown(costs.delta()) + " > cap " + num(p.capDelta()) + " (" + acct + ")";
        }
      } else {
        Accounting.EpsilonDelta before = Accounting.total(ds.alloc, Accountant.ZCDP, p.capDelta());
        Accounting.EpsilonDelta total = Accounting.total(after, Accountant.ZCDP, p.capDelta());
        if (!(total.epsilon() <= p.capEpsilon()) || !(total.delta() <= p.capDelta())) {
          return "lifetime cap of dataset '" + p.dataset() + "' would be exceeded: total after this request would be epsilon "
              + num(total.epsilon()) + ", delta " + num(total.delta()) + " (now " + num(before.epsilon()) + ") > cap epsilon "
              + num(p.capEpsilon()) + ", delta " + num(p.capDelta()) + " (zCDP, rho " + num(after.rho().doubleValue()) + ")";
        }
      }
      if (p.windowDays() > 0) {
        Costs window = windowCosts(p.dataset(), now - p.windowDays() * DAY_MS);
        Costs w = window.plus(costs);
        boolean over = p.accountant() == Accountant.BASIC
            ? w.epsilon().compareTo(BigDecimal.valueOf(p.windowEpsilon())) > 0
            : !(Accounting.total(w, Accountant.ZCDP, p.capDelta()).epsilon() <= p.windowEpsilon());
        if (over) {
          return "window cap of dataset '" + p.dataset() + "' would be exceeded: epsilon " + num(p.windowEpsilon()) + " per "
              + p.windowDays() + " days, already reserved or spent in the window "
              + num(Accounting.total(window, p.accountant(), p.capDelta()).epsilon()) + ", requested " + shown(costs.epsilon())
              + " (" + acct + ")";
        }
      }
      return null;
    }

    private Costs windowCosts(String dataset, long sinceMs) throws SQLException {
      Costs sum = Costs.ZERO;
      try (PreparedStatement ps = c.prepareStatement("SELECT request_json FROM veil_runs WHERE dataset = ? AND status IN ('RESERVED',"
          + " 'COMMITTED') AND reserved_ms > ?")) {
        ps.setString(1, dataset);
        ps.setLong(2, sinceMs);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) sum = sum.plus(LedgerJson.parseRequest(rs.getString(1)).costs());
        }
      }
      return sum;
    }

    Reservation refuse(RunRow existing, String dataset, String runId, String job, String requestId, String json, String reason)
        throws SQLException {
      LedgerEntry e = append(EntryKind.REFUSED, dataset, runId, requestId, job, job, reason, json);
      RunRow r = new RunRow(runId, dataset, job, RunState.REFUSED, requestId, json, now, e.seq());
      putRun(existing != null, r);
      return reservation(r, RunState.REFUSED, "refused: " + reason + "; nothing may be released");
    }

    Reservation allocate(DatasetRow ds, boolean exists, String runId, String job, String requestId, String json, Costs costs)
        throws SQLException {
      DatasetPolicy p = ds.policy;
      LedgerEntry e = append(EntryKind.RESERVED, p.dataset(), runId, requestId, job, job, "", json);
      RunRow r = new RunRow(runId, p.dataset(), job, RunState.RESERVED, requestId, json, now, e.seq());
      putRun(exists, r);
      Costs after = ds.alloc.plus(costs);
      updateAlloc(p.dataset(), after);
      double remaining = p.accountant() == Accountant.BASIC
          ? BigDecimal.valueOf(p.capEpsilon()).subtract(after.epsilon()).doubleValue()
          : p.capEpsilon() - Accounting.total(after, Accountant.ZCDP, p.capDelta()).epsilon();
      return reservation(r, RunState.RESERVED, "reserved epsilon " + shown(costs.epsilon()) + ", delta " + shown(costs.delta())
          + " on dataset '" + p.dataset() + "'; remaining epsilon " + num(remaining) + " of " + num(p.capEpsilon()) + " ("
          + (p.accountant() == Accountant.BASIC ? "basic composition" : "zCDP") + ")");
    }
  }

  @FunctionalInterface
  private interface TxBody<T> {
    T run(Tx tx) throws SQLException;
  }

  @FunctionalInterface
  private interface ReadBody<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inWrite(TxBody<T> body) {
    SQLException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Connection c = borrow();
      boolean healthy = true;
      boolean begun = false;
      boolean committing = false;
      try {
        Head head = new Head();
        if (url.dialect() == Dialect.SQLITE) {
          exec(c, "BEGIN IMMEDIATE");
        } else {
          c.setAutoCommit(false);
        }
        begun = true;
        String lock = "SELECT last_seq, last_hash FROM veil_ledger_head WHERE id = 1" + (url.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE" : "");
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(lock)) {
          if (!rs.next()) throw new LedgerException("the ledger's head record is missing; run veil budget verify");
          head.lastSeq = rs.getLong(1);
          head.lastHash = rs.getString(2);
        }
        T result = body.run(new Tx(c, head));
        committing = true;
        if (url.dialect() == Dialect.SQLITE) exec(c, "COMMIT");
        else c.commit();
        begun = false;
        return result;
      } catch (SQLException e) {
        healthy = !isConnectionError(e);
        if (begun) rollbackQuietly(c);
        // a lost connection before COMMIT rolled the transaction back, so a retry on a fresh connection is safe;
        // during COMMIT the outcome is unknown and the caller must retry (reserve is idempotent by run id)
        if ((isRetryable(e) || (!healthy && !committing)) && attempt < MAX_ATTEMPTS) {
          last = e;
          continue;
        }
        throw translate(e);
      } catch (RuntimeException e) {
        if (begun) rollbackQuietly(c);
        throw e;
      } finally {
        if (url.dialect() == Dialect.POSTGRESQL && healthy) {
          try {
            c.setAutoCommit(true);
          } catch (SQLException e) {
            healthy = false;
          }
        }
        giveBack(c, healthy);
      }
    }
    throw translate(last);
  }

  private <T> T inRead(ReadBody<T> body) {
    for (int attempt = 1; ; attempt++) {
      Connection c = borrow();
      boolean healthy = true;
      try {
        if (url.dialect() == Dialect.SQLITE) {
          exec(c, "BEGIN");
        } else {
          c.setAutoCommit(false);
          c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        }
        T result = body.run(c);
        if (url.dialect() == Dialect.SQLITE) exec(c, "COMMIT");
        else c.commit();
        return result;
      } catch (SQLException e) {
        healthy = !isConnectionError(e);
        rollbackQuietly(c);
        if (isRetryable(e) && attempt < MAX_ATTEMPTS) continue;
        throw translate(e);
      } catch (RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        if (url.dialect() == Dialect.POSTGRESQL && healthy) {
          try {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(true);
          } catch (SQLException e) {
            healthy = false;
          }
        }
        giveBack(c, healthy);
      }
    }
  }

  private Connection borrow() {
    if (closed) throw new IllegalStateException("the budget ledger is closed");
    Connection c = idle.pollFirst();
    if (c != null) return c;
    try {
      if (url.dialect() == Dialect.SQLITE) {
        Properties p = new Properties();
        p.setProperty("busy_timeout", Integer.toString(SQLITE_BUSY_TIMEOUT_MS));
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "FULL");
        return DriverManager.getConnection(url.url(), p);
      }
      Connection pg = DriverManager.getConnection(url.url());
      pg.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      return pg;
    } catch (SQLException e) {
      throw new LedgerUnavailableException("budget ledger unreachable at " + url.display() + ": " + e.getMessage()
          + "; nothing was reserved, so nothing may be released", e);
    }
  }

  private void giveBack(Connection c, boolean healthy) {
    if (!closed && healthy && idle.size() < 16) {
      idle.offerFirst(c);
      if (closed && idle.remove(c)) closeQuietly(c);
      return;
    }
    closeQuietly(c);
  }

  private void rollbackQuietly(Connection c) {
    try {
      if (url.dialect() == Dialect.SQLITE) exec(c, "ROLLBACK");
      else c.rollback();
    } catch (SQLException ignored) {
      // no transaction open, or the connection is gone; either way nothing was written
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing a broken connection
    }
  }

  private boolean isRetryable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if ("40001".equals(state) || "40P01".equals(state)) return true;
        String m = String.valueOf(s.getMessage());
        if (url.dialect() == Dialect.SQLITE && (m.contains("SQLITE_BUSY") || m.contains("SQLITE_LOCKED"))) return true;
      }
    }
    return false;
  }

  private static boolean isConnectionError(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("08");
  }

  private LedgerException translate(SQLException e) {
    if (isConnectionError(e)) {
      return new LedgerUnavailableException("budget ledger unreachable at " + url.display() + ": " + e.getMessage()
          + "; the change was not recorded, so nothing may be released", e);
    }
    return new LedgerException("budget ledger error at " + url.display() + ": " + e.getMessage(), e);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return t == e ? m : firstLine(e.getMessage()) + " (cause: " + firstLine(m) + ")";
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
  }

  /** Closes the pooled connections. */
  @Override
  public void close() {
    closed = true;
    Connection c;
    while ((c = idle.pollFirst()) != null) closeQuietly(c);
  }

  // ---------------------------------------------------------------------------------------------
  // Rows

  private static final class RunRow {
    static final String COLUMNS = "run_id, dataset, job, status, request_id, request_json, reserved_ms, last_seq";
    final String runId;
    final String dataset;
    final String job;
    final RunState status;
    final String requestId;
    final String requestJson;
    final long reservedMs;
    final long lastSeq;

    RunRow(String runId, String dataset, String job, RunState status, String requestId, String requestJson, long reservedMs,
        long lastSeq) {
      this.runId = runId;
      this.dataset = dataset;
      this.job = job;
      this.status = status;
      this.requestId = requestId;
      this.requestJson = requestJson;
      this.reservedMs = reservedMs;
      this.lastSeq = lastSeq;
    }

    static RunRow read(ResultSet rs) throws SQLException {
      RunState s;
      try {
        s = RunState.valueOf(rs.getString(4));
      } catch (IllegalArgumentException e) {
        throw new LedgerException("run '" + rs.getString(1) + "' has an unknown status in table veil_runs; run veil budget verify", e);
      }
      return new RunRow(rs.getString(1), rs.getString(2), rs.getString(3), s, rs.getString(5), rs.getString(6), rs.getLong(7),
          rs.getLong(8));
    }

    RunRow with(RunState s, long seq) {
      return new RunRow(runId, dataset, job, s, requestId, requestJson, reservedMs, seq);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RunRow r && r.runId.equals(runId) && r.dataset.equals(dataset) && r.job.equals(job) && r.status == status
          && r.requestId.equals(requestId) && r.requestJson.equals(requestJson) && r.reservedMs == reservedMs && r.lastSeq == lastSeq;
    }

    @Override
    public int hashCode() {
      return runId.hashCode();
    }
  }

  private static RunRow selectRun(Connection c, String column, String value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + RunRow.COLUMNS + " FROM veil_runs WHERE " + column + " = ?")) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? RunRow.read(rs) : null;
      }
    }
  }

  private static List<RunRow> selectRuns(Connection c, String dataset) throws SQLException {
    List<RunRow> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + RunRow.COLUMNS + " FROM veil_runs WHERE dataset = ? ORDER BY last_seq")) {
      ps.setString(1, dataset);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(RunRow.read(rs));
      }
    }
    return out;
  }

  private static final class DatasetRow {
    static final String COLUMNS = "policy_json, alloc_epsilon, alloc_delta, alloc_rho, alloc_epsilon_x, alloc_delta_x";
    final String policyJson;
    final DatasetPolicy policy;
    final Costs alloc;

    DatasetRow(String policyJson, DatasetPolicy policy, Costs alloc) {
      this.policyJson = policyJson;
      this.policy = policy;
      this.alloc = alloc;
    }

    static DatasetRow read(ResultSet rs) throws SQLException {
      String json = rs.getString(1);
      try {
        return new DatasetRow(json, LedgerJson.parsePolicy(json), Costs.parse(rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6)));
      } catch (RuntimeException e) {
        throw new LedgerException("table veil_datasets has an unreadable row; run veil budget verify", e);
      }
    }
  }

  private static DatasetRow selectDataset(Connection c, String dataset) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + DatasetRow.COLUMNS + " FROM veil_datasets WHERE dataset = ?")) {
      ps.setString(1, dataset);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? DatasetRow.read(rs) : null;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static Reservation reservation(RunRow r, RunState state, String message) {
    return new Reservation(r.runId, r.dataset, r.job, state, r.requestId.isEmpty() ? Optional.empty() : Optional.of(r.requestId),
        message);
  }

  static long millis(String time) {
    return Instant.parse(time).toEpochMilli();
  }

  static String plain(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
  }

  /**
   * An exact amount for a message: 12 significant digits, so that a budget split's binary rounding
   * (0.6 split in three is recorded as 3 x 0.19999999999999998, never more than requested) reads
   * {@code 0.6}. Entries, sums and cap checks keep the exact values; only the text is rounded.
   */
  static String shown(BigDecimal d) {
    return plain(d.round(new MathContext(12)));
  }

  static String num(double d) {
    if (!Double.isFinite(d)) return Double.toString(d);
    return plain(new BigDecimal(d).round(new MathContext(6)));
  }

  private static String checkText(String s, String name) {
    Objects.requireNonNull(s, name);
    if (s.isBlank() || s.length() > 200 || s.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(name + " must be 1..200 characters without control characters. Provided length: " + s.length());
    }
    return s;
  }
}
