package dev.veil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code veil budget} in-process through {@link VeilCli#execute}: the officer's whole workflow and its exit codes. */
class BudgetCommandTest {
  record Outcome(int code, String out, String err) {}

  @TempDir
  Path dir;

  String pgSchema;

  static synchronized Outcome veil(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = VeilCli.execute(args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  String sqlite() {
    return "jdbc:sqlite:" + dir.resolve("veil").resolve("ledger.db");
  }

  @AfterEach
  void dropPgSchema() throws SQLException {
    if (pgSchema == null) return;
    try (Connection c = DriverManager.getConnection(pgBase()); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + pgSchema + " CASCADE");
    }
  }

  static String pgBase() {
    return System.getProperty("veil.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  }

  String postgres() {
    String base = pgBase();
    DriverManager.setLoginTimeout(5);
    try (Connection c = DriverManager.getConnection(base)) {
      c.isValid(5);
    } catch (SQLException e) {
      String msg = "PostgreSQL is unreachable at " + base.replaceAll("(?i)password=[^&]*", "password=***") + " (" + e.getMessage()
          + ")";
      if (Boolean.getBoolean("veil.require.postgres")) throw new AssertionError(msg + "; veil.require.postgres=true");
      Assumptions.assumeTrue(false, msg + "; skipping");
    }
    pgSchema = "veil_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + pgSchema;
  }

  @Test
  void officerWorkflow_onSqlite() throws Exception {
    workflow(sqlite());
  }

  @Test
  void officerWorkflow_onPostgres() throws Exception {
    workflow(postgres());
  }

  /** The demo of the privacy officer's guide: small cap, a refusal, an approval, verify, the report. */
  void workflow(String ledger) throws Exception {
    Outcome init = veil("budget", "init", "--ledger", ledger, "--dataset", "patients", "--cap-epsilon", "1.0", "--cap-delta", "1e-6",
        "--window-days", "30", "--window-epsilon", "1.0", "--approval-above", "0.5", "--by", "alice");
    assertEquals(0, init.code(), init.err());
    assertTrue(init.out().contains("dataset patients: lifetime cap epsilon 1, delta 0.000001; window epsilon 1 per 30 days;"
        + " approval above epsilon 0.5; accountant basic composition"), init.out());

    Outcome first = reserve(ledger, "nightly-1", "nightly", "--laplace", "count=0.2", "--laplace", "sum(age)=0.2");
    assertEquals(0, first.code(), first.out() + first.err());
    assertTrue(first.out().startsWith("RESERVED"), first.out());
    assertEquals(0, veil("budget", "commit", "--ledger", ledger, "nightly-1").code());
    Outcome retry = reserve(ledger, "nightly-1", "nightly", "--laplace", "count=0.2", "--laplace", "sum(age)=0.2");
    assertEquals(BudgetCommand.REFUSED, retry.code(), "a committed run id must not release again: " + retry.out());
    assertTrue(retry.out().startsWith("COMMITTED"), retry.out());

    String[] quarterly = {"--gaussian", "mean(age)=0.3,1e-9,1.5,9.0", "--laplace", "count=0.25"};
    Outcome pending = reserve(ledger, "quarterly-1", "quarterly", quarterly);
    assertEquals(BudgetCommand.PENDING_APPROVAL, pending.code(), pending.out() + pending.err());
    String request = requestId(pending.out());

    Outcome adhoc = reserve(ledger, "adhoc-1", "adhoc", "--laplace", "count=0.45");
    assertEquals(0, adhoc.code(), adhoc.out() + adhoc.err());

    Outcome status = veil("budget", "status", "--ledger", ledger);
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().contains("pending        " + request + "  run quarterly-1  job quarterly  epsilon 0.55"), status.out());

    // 0.4 spent + 0.45 reserved + 0.55 > 1: the approval is recorded, the reservation refused
    Outcome approve = veil("budget", "approve", "--ledger", ledger, request, "--by", "alice", "--note", "signed off by DPO");
    assertEquals(BudgetCommand.REFUSED, approve.code(), approve.out() + approve.err());
    assertTrue(approve.out().contains("approved by alice, but lifetime epsilon cap"), approve.out());

    // the ad-hoc job fails and gives its budget back; the quarterly job asks again and is approved
    assertEquals(0, veil("budget", "release", "--ledger", ledger, "adhoc-1").code());
    String request2 = requestId(reserve(ledger, "quarterly-2", "quarterly", quarterly).out());
    Outcome ok = veil("budget", "approve", "--ledger", ledger, request2, "--by", "alice", "--note", "signed off by DPO");
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertEquals(0, reserve(ledger, "quarterly-2", "quarterly", quarterly).code(), "the approved job re-runs with the same run id");
    assertEquals(0, veil("budget", "commit", "--ledger", ledger, "quarterly-2").code());

    Outcome refused = reserve(ledger, "adhoc-2", "adhoc", "--laplace", "count=0.1");
    assertEquals(BudgetCommand.REFUSED, refused.code(), refused.out() + refused.err());
    assertTrue(refused.out().contains("already reserved or spent 0.95 + requested 0.1 > cap 1"), refused.out());

    JsonNode json = new ObjectMapper().readTree(veil("budget", "status", "--ledger", ledger, "--json").out());
    JsonNode d = json.path("datasets").get(0);
    assertEquals("patients", d.path("dataset").asText());
    assertEquals(30, d.path("policy").path("windowDays").asInt());
    assertEquals(0.95, d.path("accountants").path("basic").path("spentEpsilon").asDouble(), 1e-12);
    assertEquals(0.05, d.path("accountants").path("basic").path("remainingEpsilon").asDouble(), 1e-12);
    assertTrue(d.path("accountants").path("basic").path("enforced").asBoolean());
    // rho: two pure releases of 0.2 (0.02 each), Gaussian 1.5^2 / (2 * 81), pure 0.25 (0.03125)
    assertEquals(0.04 + 2.25 / 162 + 0.03125, d.path("accountants").path("zcdp").path("rho").asDouble(), 1e-12);
    assertEquals(2, d.path("committedRuns").asInt());
    assertEquals(0, d.path("pending").size());

    Outcome verify = veil("budget", "verify", "--ledger", ledger);
    assertEquals(0, verify.code(), verify.out() + verify.err());
    assertTrue(verify.out().contains("OK: "), verify.out());

    Path html = dir.resolve("out").resolve("report.html");
    Outcome report = veil("budget", "report", "--ledger", ledger, "--dataset", "patients", "--out", html.toString());
    assertEquals(0, report.code(), report.err());
    String page = Files.readString(html);
    assertFalse(page.toLowerCase(Locale.ROOT).contains("http:") || page.toLowerCase(Locale.ROOT).contains("https:"));
    assertTrue(page.contains("<svg id=\"chart\"") && page.contains("signed off by DPO") && page.contains("quarterly-2"), "report content");
    javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.newDocumentBuilder().parse(html.toFile()); // well-formed

    // tamper with the database directly: verify names the entry and exits 9
    try (Connection c = DriverManager.getConnection(ledger); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE veil_ledger_entries SET note = 'edited' WHERE seq = 4");
    }
    Outcome broken = veil("budget", "verify", "--ledger", ledger);
    assertEquals(BudgetCommand.CHAIN_BROKEN, broken.code(), broken.out());
    assertTrue(broken.out().contains("FAILED at entry #4"), broken.out());
  }

  static Outcome reserve(String ledger, String run, String job, String... mechanisms) {
    String[] base = {"budget", "reserve", "--ledger", ledger, "--dataset", "patients", "--run-id", run, "--job", job};
    String[] all = new String[base.length + mechanisms.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(mechanisms, 0, all, base.length, mechanisms.length);
    return veil(all);
  }

  static String requestId(String out) {
    Matcher m = Pattern.compile("request (req-\\d+)").matcher(out);
    assertTrue(m.find(), out);
    return m.group(1);
  }

  @Test
  void approverList_onlyNamedOfficersMayDecide() {
    String ledger = sqlite();
    Outcome init = veil("budget", "init", "--ledger", ledger, "--dataset", "d", "--cap-epsilon", "2", "--approval-above", "0.5",
        "--approvers", "alice,carol", "--by", "alice");
    assertEquals(0, init.code(), init.err());
    assertTrue(init.out().contains("; approvers alice, carol;"), init.out());
    Outcome pending = veil("budget", "reserve", "--ledger", ledger, "--dataset", "d", "--run-id", "r", "--job", "j", "--laplace", "count=0.8");
    assertEquals(BudgetCommand.PENDING_APPROVAL, pending.code(), pending.out() + pending.err());
    Outcome mallory = veil("budget", "approve", "req-2", "--ledger", ledger, "--by", "mallory", "--note", "mine");
    assertEquals(ExitCodes.USAGE, mallory.code());
    assertTrue(mallory.err().contains("'mallory' may not decide request req-2") && mallory.err().contains("nothing was recorded"), mallory.err());
    Outcome status = veil("budget", "status", "--ledger", ledger);
    assertTrue(status.out().contains("approvers      alice, carol") && status.out().contains("1 pending"), status.out());
    assertEquals(0, veil("budget", "approve", "req-2", "--ledger", ledger, "--by", "carol", "--note", "ok").code());
    assertEquals(0, veil("budget", "verify", "--ledger", ledger).code());
  }

  @Test
  void missingLedger_exits10AndSaysHowToCreateIt() {
    Outcome o = veil("budget", "status", "--ledger", sqlite());
    assertEquals(BudgetCommand.LEDGER_UNAVAILABLE, o.code());
    assertTrue(o.err().contains("no budget ledger at") && o.err().contains("veil budget init"), o.err());
    assertFalse(Files.exists(dir.resolve("veil").resolve("ledger.db")), "status must not create a ledger");
  }

  @Test
  void unreachablePostgres_exits10WithoutShowingThePassword() {
    Outcome o = veil("budget", "verify", "--ledger", "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=s3cret&connectTimeout=2");
    assertEquals(BudgetCommand.LEDGER_UNAVAILABLE, o.code());
    assertTrue(o.err().contains("unreachable at jdbc:postgresql://127.0.0.1:1/test"), o.err());
    assertFalse(o.err().contains("s3cret"), o.err());
  }

  @Test
  void reserveAgainstAnUnreachableLedger_exits10AndReleasesNothing() {
    Outcome o = veil("budget", "reserve", "--ledger", "jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=2",
        "--dataset", "d", "--run-id", "r", "--job", "j", "--laplace", "count=0.1");
    assertEquals(BudgetCommand.LEDGER_UNAVAILABLE, o.code());
    assertFalse(o.out().contains("RESERVED"), o.out());
  }

  @Test
  void badArguments_exit2WithTheDpLibraryMessageShape() {
    assertEquals(0, veil("budget", "init", "--ledger", sqlite()).code());
    Outcome o = veil("budget", "init", "--ledger", sqlite(), "--dataset", "d", "--cap-epsilon", "-1");
    assertEquals(ExitCodes.USAGE, o.code());
    assertTrue(o.err().contains("capEpsilon must be > 0 and finite. Provided value: -1.0"), o.err());
    Outcome g = veil("budget", "reserve", "--ledger", sqlite(), "--dataset", "d", "--run-id", "r", "--job", "j", "--gaussian", "x=1,0");
    assertEquals(ExitCodes.USAGE, g.code());
    assertTrue(g.err().contains("--gaussian takes LABEL=EPS,DELTA,L2SENS,SIGMA"), g.err());
  }

  @Test
  void help_listsTheBudgetExitCodes() {
    Outcome o = veil("budget", "verify", "--help");
    assertEquals(0, o.code());
    assertTrue(o.out().contains("9  the budget ledger's hash chain does not verify"), o.out());
    assertTrue(o.out().contains("--ledger=URL"), o.out());
  }
}
