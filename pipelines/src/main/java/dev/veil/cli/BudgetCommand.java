package dev.veil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.privacy.budget.Accountant;
import dev.veil.privacy.budget.BudgetLedger;
import dev.veil.privacy.budget.BudgetRefusedException;
import dev.veil.privacy.budget.BudgetReport;
import dev.veil.privacy.budget.BudgetRequest;
import dev.veil.privacy.budget.ChainVerification;
import dev.veil.privacy.budget.DatasetPolicy;
import dev.veil.privacy.budget.DatasetStatus;
import dev.veil.privacy.budget.LedgerException;
import dev.veil.privacy.budget.LedgerUnavailableException;
import dev.veil.privacy.budget.MechanismEntry;
import dev.veil.privacy.budget.Reservation;
import dev.veil.privacy.budget.RunState;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code veil budget}: the privacy-budget ledger for privacy officers and schedulers. {@code init} creates
 * or migrates a ledger and sets a dataset's caps; {@code status}, {@code report} and {@code verify} show
 * it; {@code approve} and {@code deny} decide pending requests; {@code reserve}, {@code commit} and
 * {@code release} let scripts and non-Veil jobs use the same ledger. Besides the codes of
 * {@link ExitCodes}: 7 refused (a cap would be exceeded, or the run id was already committed), 8 waiting for approval, 9 the chain does not
 * verify, 10 the ledger is unreachable or not initialised.
 */
@Command(name = "budget", mixinStandardHelpOptions = true, footer = BudgetCommand.HELP,
    description = "Privacy-budget ledger: dataset caps, reservations, approvals, status, reports and chain verification.",
    subcommands = {BudgetCommand.Init.class, BudgetCommand.Status.class, BudgetCommand.Approve.class, BudgetCommand.Deny.class,
        BudgetCommand.Verify.class, BudgetCommand.Report.class, BudgetCommand.Reserve.class, BudgetCommand.Commit.class,
        BudgetCommand.Release.class})
final class BudgetCommand implements Runnable {
  /** A reservation was refused: a cap would be exceeded, or the dataset has no policy. */
  static final int REFUSED = ExitCodes.BUDGET_REFUSED;
  /** The request waits for an officer's approval. */
  static final int PENDING_APPROVAL = ExitCodes.BUDGET_PENDING_APPROVAL;
  /** {@code verify} found an edited, reordered or deleted entry. */
  static final int CHAIN_BROKEN = ExitCodes.LEDGER_CHAIN_BROKEN;
  /** The ledger cannot be reached, does not exist, or needs {@code veil budget init}. */
  static final int LEDGER_UNAVAILABLE = ExitCodes.LEDGER_UNAVAILABLE;

  static final String HELP = ExitCodes.HELP
      + "%nThe ledger is --ledger URL, else $VEIL_LEDGER, else jdbc:sqlite:$HOME/.veil/ledger.db%n";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The {@code --ledger} option every subcommand has. */
  static final class LedgerOption {
    @Option(names = "--ledger", paramLabel = "URL",
        description = "jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DB?user=U[&currentSchema=S]"
            + " (default: $VEIL_LEDGER, else jdbc:sqlite:$HOME/.veil/ledger.db).")
    String ledger;

    String url() {
      if (ledger != null && !ledger.isBlank()) return ledger;
      String env = System.getenv("VEIL_LEDGER");
      if (env != null && !env.isBlank()) return env;
      return defaultUrl();
    }
  }

  /** {@code jdbc:sqlite:$HOME/.veil/ledger.db}. */
  static String defaultUrl() {
    return "jdbc:sqlite:" + Path.of(System.getProperty("user.home"), ".veil", "ledger.db");
  }

  /** Runs a subcommand body, turning ledger failures into exit codes and one clear line on stderr. */
  static int guarded(Callable<Integer> body) {
    PrintStream err = System.err;
    try {
      return body.call();
    } catch (LedgerUnavailableException e) {
      err.println("veil budget: " + e.getMessage());
      return LEDGER_UNAVAILABLE;
    } catch (BudgetRefusedException e) {
      err.println("veil budget: " + e.getMessage());
      return REFUSED;
    } catch (IllegalArgumentException e) {
      err.println("veil budget: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (IllegalStateException | LedgerException e) {
      err.println("veil budget: " + e.getMessage());
      return ExitCodes.FAILURE;
    } catch (IOException e) {
      err.println("veil budget: cannot write: " + e.getMessage());
      return ExitCodes.FAILURE;
    } catch (Exception e) {
      err.println("veil budget: failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return ExitCodes.FAILURE;
    }
  }

  static String actorDefault(String by) {
    return by != null && !by.isBlank() ? by : System.getProperty("user.name", "unknown");
  }

  // -------------------------------------------------------------------------------------------------

  @Command(name = "init", mixinStandardHelpOptions = true, footer = HELP,
      description = "Create or migrate a ledger; with --dataset, set (or replace) that dataset's caps.")
  static final class Init implements Callable<Integer> {
    @Mixin
    LedgerOption ledger = new LedgerOption();

    @Option(names = "--dataset", paramLabel = "NAME", description = "The dataset whose policy to set.")
    String dataset;

    @Option(names = "--cap-epsilon", paramLabel = "E", description = "Lifetime epsilon cap (required with --dataset).")
    Double capEpsilon;

    @Option(names = "--cap-delta", paramLabel = "D", defaultValue = "0", description = "Lifetime delta cap (default: ${DEFAULT-VALUE}).")
    double capDelta;

    @Option(names = "--window-days", paramLabel = "N", defaultValue = "0", description = "Rolling-window length in days (0: none).")
    int windowDays;

    @Option(names = "--window-epsilon", paramLabel = "E", defaultValue = "0", description = "Epsilon allowed per window.")
    double windowEpsilon;

    @Option(names = "--approval-above", paramLabel = "E", description = "Requests above this epsilon wait for an officer's approval.")
    Double approvalAbove;

    @Option(names = "--accountant", paramLabel = "basic|zcdp", defaultValue = "basic",
        description = "Accountant the caps are enforced under: basic (sequential composition) or zcdp (default: ${DEFAULT-VALUE}).")
    String accountant;

    @Option(names = "--approvers", paramLabel = "NAME[,NAME...]", split = ",",
        description = "The only officers whose approve/deny (--by) the ledger accepts for this dataset (default: anyone).")
    List<String> approvers;

    @Option(names = "--by", paramLabel = "NAME", description = "Who sets the policy (default: the user name).")
    String by;

    @Override
    public Integer call() {
      return guarded(() -> {
        DatasetPolicy policy = null;
        if (dataset != null) {
          if (capEpsilon == null) throw new IllegalArgumentException("--cap-epsilon is required with --dataset");
          Accountant a = switch (accountant.toLowerCase(Locale.ROOT)) {
            case "basic" -> Accountant.BASIC;
            case "zcdp" -> Accountant.ZCDP;
            default -> throw new IllegalArgumentException("--accountant must be basic or zcdp. Provided value: " + accountant);
          };
          policy = new DatasetPolicy(dataset, capEpsilon, capDelta, windowDays, windowEpsilon,
              approvalAbove == null ? OptionalDouble.empty() : OptionalDouble.of(approvalAbove), a,
              approvers == null ? java.util.Set.of() : java.util.Set.copyOf(approvers));
        } else if (capEpsilon != null || approvalAbove != null || windowDays != 0 || approvers != null) {
          throw new IllegalArgumentException("caps need --dataset NAME");
        }
        try (BudgetLedger l = BudgetLedger.initialize(ledger.url())) {
          System.out.println("ledger ready at " + l.describe());
          if (policy != null) {
            l.setPolicy(policy, actorDefault(by));
            System.out.println("dataset " + policy.dataset() + ": " + describe(policy));
          }
        }
        return ExitCodes.OK;
      });
    }
  }

  static String describe(DatasetPolicy p) {
    StringBuilder s = new StringBuilder("lifetime cap epsilon " + num(p.capEpsilon()) + ", delta " + num(p.capDelta()));
    if (p.windowDays() > 0) s.append("; window epsilon ").append(num(p.windowEpsilon())).append(" per ").append(p.windowDays()).append(" days");
    if (p.approvalAbove().isPresent()) s.append("; approval above epsilon ").append(num(p.approvalAbove().getAsDouble()));
    if (!p.approvers().isEmpty()) s.append("; approvers ").append(String.join(", ", p.approvers()));
    s.append("; accountant ").append(p.accountant() == Accountant.BASIC ? "basic composition" : "zCDP");
    return s.toString();
  }

  // -------------------------------------------------------------------------------------------------

  @Command(name = "status", mixinStandardHelpOptions = true, footer = HELP,
      description = "Per dataset: caps, spent, remaining under each accountant, pending approvals.")
  static final class Status implements Callable<Integer> {
    @Mixin
    LedgerOption ledger = new LedgerOption();

    @Option(names = "--dataset", paramLabel = "NAME", description = "Only this dataset.")
    String dataset;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
      return guarded(() -> {
        try (BudgetLedger l = BudgetLedger.open(ledger.url())) {
          List<DatasetStatus> all;
          if (dataset != null) {
            all = l.status(dataset).map(List::of).orElseThrow(() -> new IllegalArgumentException(
                "dataset '" + dataset + "' has no budget policy in the ledger at " + l.describe()));
          } else {
            all = l.status();
          }
          if (json) System.out.println(json(l.describe(), all));
          else text(l.describe(), all);
        }
        return ExitCodes.OK;
      });
    }

    private static void text(String ledgerName, List<DatasetStatus> all) {
      System.out.println("ledger " + ledgerName + ": " + all.size() + " dataset(s)");
      for (DatasetStatus s : all) {
        DatasetPolicy p = s.policy();
        System.out.println();
        System.out.println("dataset " + p.dataset());
        System.out.printf(Locale.ROOT, "  %-14s epsilon %s, delta %s, enforced under %s%n", "lifetime cap", num(p.capEpsilon()),
            num(p.capDelta()), p.accountant() == Accountant.BASIC ? "basic composition" : "zCDP");
        if (p.windowDays() > 0) {
          System.out.printf(Locale.ROOT, "  %-14s epsilon %s per %d days, used %s%n", "window", num(p.windowEpsilon()), p.windowDays(),
              num(s.windowEpsilon()));
        }
        System.out.printf(Locale.ROOT, "  %-14s %s%n", "approval",
            p.approvalAbove().isPresent() ? "above epsilon " + num(p.approvalAbove().getAsDouble()) : "not required");
        if (!p.approvers().isEmpty()) System.out.printf(Locale.ROOT, "  %-14s %s%n", "approvers", String.join(", ", p.approvers()));
        for (DatasetStatus.Totals t : List.of(s.basic(), s.zcdp())) {
          System.out.printf(Locale.ROOT, "  %-14s spent epsilon %s (delta %s), reserved+spent %s, remaining %s%s%n",
              t.accountant() == Accountant.BASIC ? "basic" : "zCDP", num(t.spentEpsilon()), num(t.spentDelta()),
              num(t.allocatedEpsilon()), num(t.remainingEpsilon()),
              t.accountant() == Accountant.ZCDP ? ", rho " + num(t.rho()) : "");
        }
        System.out.printf(Locale.ROOT, "  %-14s %d committed, %d reserved, %d pending%n", "runs", s.committedRuns(), s.reservedRuns(),
            s.pending().size());
        for (DatasetStatus.PendingRequest r : s.pending()) {
          System.out.printf(Locale.ROOT, "  %-14s %s  run %s  job %s  epsilon %s  delta %s  requested %s%n", "pending", r.requestId(),
              r.runId(), r.job(), num(r.epsilon()), num(r.delta()), r.requestedAt());
        }
      }
    }

    static String json(String ledgerName, List<DatasetStatus> all) throws IOException {
      ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = m.createObjectNode();
      root.put("ledger", ledgerName);
      ArrayNode ds = root.putArray("datasets");
      for (DatasetStatus s : all) {
        DatasetPolicy p = s.policy();
        ObjectNode o = ds.addObject();
        o.put("dataset", p.dataset());
        ObjectNode pol = o.putObject("policy");
        pol.put("capEpsilon", p.capEpsilon());
        pol.put("capDelta", p.capDelta());
        pol.put("windowDays", p.windowDays());
        pol.put("windowEpsilon", p.windowEpsilon());
        if (p.approvalAbove().isPresent()) pol.put("approvalAbove", p.approvalAbove().getAsDouble());
        else pol.putNull("approvalAbove");
        p.approvers().forEach(pol.putArray("approvers")::add);
        pol.put("accountant", p.accountant().name().toLowerCase(Locale.ROOT));
        ObjectNode acc = o.putObject("accountants");
        for (DatasetStatus.Totals t : List.of(s.basic(), s.zcdp())) {
          ObjectNode a = acc.putObject(t.accountant().name().toLowerCase(Locale.ROOT));
          finite(a, "spentEpsilon", t.spentEpsilon());
          finite(a, "spentDelta", t.spentDelta());
          finite(a, "allocatedEpsilon", t.allocatedEpsilon());
          finite(a, "allocatedDelta", t.allocatedDelta());
          finite(a, "remainingEpsilon", t.remainingEpsilon());
          finite(a, "rho", t.rho());
          a.put("enforced", t.accountant() == p.accountant());
        }
        finite(o, "windowEpsilonUsed", s.windowEpsilon());
        o.put("committedRuns", s.committedRuns());
        o.put("reservedRuns", s.reservedRuns());
        ArrayNode pend = o.putArray("pending");
        for (DatasetStatus.PendingRequest r : s.pending()) {
          ObjectNode x = pend.addObject();
          x.put("requestId", r.requestId());
          x.put("runId", r.runId());
          x.put("job", r.job());
          x.put("epsilon", r.epsilon());
          x.put("delta", r.delta());
          x.put("requestedAt", r.requestedAt());
        }
      }
      return m.writeValueAsString(root);
    }

    /** JSON has no infinities: non-finite values are written as null. */
    private static void finite(ObjectNode o, String name, double v) {
      if (Double.isFinite(v)) o.put(name, v);
      else o.putNull(name);
    }
  }

  // -------------------------------------------------------------------------------------------------

  @Command(name = "approve", mixinStandardHelpOptions = true, footer = HELP,
      description = "Approve a pending request; its budget is reserved at once if the caps still admit it.")
  static final class Approve implements Callable<Integer> {
    @Mixin
    LedgerOption ledger = new LedgerOption();

    @Parameters(index = "0", paramLabel = "REQUEST", description = "The request id (e.g. req-17), from status or the job's message.")
    String requestId;

    @Option(names = "--by", required = true, paramLabel = "NAME", description = "Who approves.")
    String by;

    @Option(names = "--note", required = true, paramLabel = "TEXT", description = "Why (recorded in the ledger; no data values).")
    String note;

    @Override
    public Integer call() {
      return guarded(() -> {
        try (BudgetLedger l = BudgetLedger.open(ledger.url())) {
          Reservation r = l.approve(requestId, by, note);
          System.out.println(requestId + " approved by " + by + ": run " + r.runId() + " of job " + r.job() + " is " + r.state());
          System.out.println(r.message());
          return r.state() == RunState.RESERVED ? ExitCodes.OK : REFUSED;
        }
      });
    }
  }

  @Command(name = "deny", mixinStandardHelpOptions = true, footer = HELP, description = "Deny a pending request.")
  static final class Deny implements Callable<Integer> {
    @Mixin
    LedgerOption ledger = new LedgerOption();

    @Parameters(index = "0", paramLabel = "REQUEST", description = "The request id.")
    String requestId;

    @Option(names = "--by", required = true, paramLabel = "NAME", description = "Who denies.")
    String by;

    @Option(names = "--note", required = true, paramLabel = "TEXT", description = "Why.")
    String note;

    @Override
    public Integer call() {
      return guarded(() -> {
        try (BudgetLedger l = BudgetLedger.open(ledger.url())) {
          Reservation r = l.deny(requestId, by, note);
          System.out.println(r.message() + ": run " + r.runId() + " of job " + r.job() + " is " + r.state());
          return ExitCodes.OK;
        }
      });
    }
  }

  // -------------------------------------------------------------------------------------------------

  @Command(name = "verify", mixinStandardHelpOptions = true, footer = HELP,
      description = "Check the hash chain, the head record and the derived tables; exit 9 naming the first bad entry.")
  static final class Verify implements Callable<Integer> {
    @Mixin
    LedgerOption ledger = new LedgerOption();

    @Override
    public Integer call() {
      return guarded(() -> {
        try (BudgetLedger l = BudgetLedger.open(ledger.url())) {
          ChainVerification v = l.verify();
          System.out.println(l.describe() + ": " + v.describe());
          return v.ok() ? ExitCodes.OK : CHAIN_BROKEN;
        }
      });
    }
  }

  @Command(name = "report", mixinStandardHelpOptions = true, footer = HELP,
      description = "Write a self-contained HTML report of one dataset: cumulative epsilon chart, releases, approvals, verification.")
  static final class Report implements Callable<Integer> {
    @Mixin
    LedgerOption ledger = new LedgerOption();

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "The dataset.")
    String dataset;

    @Option(names = "--out", required = true, paramLabel = "HTML", description = "Where to write the page.")
    Path out;

    @Override
    public Integer call() {
      return guarded(() -> {
        try (BudgetLedger l = BudgetLedger.open(ledger.url())) {
          String html = BudgetReport.render(l, dataset, Instant.now());
          Path abs = out.toAbsolutePath();
          if (abs.getParent() != null) Files.createDirectories(abs.getParent());
          Files.writeString(out, html, StandardCharsets.UTF_8);
          System.out.println("wrote " + out);
          return ExitCodes.OK;
        }
      });
    }
  }

  // -------------------------------------------------------------------------------------------------

  @Command(name = "reserve", mixinStandardHelpOptions = true, footer = HELP,
      description = "Reserve budget for a run (for scripts and jobs outside Veil); idempotent by --run-id."
          + " Exit 0 reserved, 7 refused, 8 waiting for approval.")
  static final class Reserve implements Callable<Integer> {
    @Mixin
    LedgerOption ledger = new LedgerOption();

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "The dataset.")
    String dataset;

    @Option(names = "--run-id", required = true, paramLabel = "ID", description = "Stable across the job's retries.")
    String runId;

    @Option(names = "--job", required = true, paramLabel = "NAME", description = "The job's name.")
    String job;

    @Option(names = "--laplace", paramLabel = "LABEL=EPS", description = "A Laplace release (repeatable).")
    List<String> laplace = new ArrayList<>();

    @Option(names = "--gaussian", paramLabel = "LABEL=EPS,DELTA,L2SENS,SIGMA", description = "A Gaussian release (repeatable).")
    List<String> gaussian = new ArrayList<>();

    @Option(names = "--approx", paramLabel = "LABEL=EPS,DELTA",
        description = "Another (epsilon, delta)-DP step, e.g. partition selection (repeatable).")
    List<String> approx = new ArrayList<>();

    @Override
    public Integer call() {
      return guarded(() -> {
        List<MechanismEntry> ms = new ArrayList<>();
        for (String s : laplace) {
          String[] kv = split(s, "--laplace", 1);
          ms.add(MechanismEntry.laplace(kv[0], parse(kv[1], "--laplace")));
        }
        for (String s : gaussian) {
          String[] kv = split(s, "--gaussian", 4);
          String[] v = kv[1].split(",");
          ms.add(MechanismEntry.gaussian(kv[0], parse(v[0], "--gaussian"), parse(v[1], "--gaussian"), parse(v[2], "--gaussian"),
              parse(v[3], "--gaussian")));
        }
        for (String s : approx) {
          String[] kv = split(s, "--approx", 2);
          String[] v = kv[1].split(",");
          ms.add(MechanismEntry.approximate(kv[0], parse(v[0], "--approx"), parse(v[1], "--approx")));
        }
        if (ms.isEmpty()) throw new IllegalArgumentException("give at least one --laplace, --gaussian or --approx");
        try (BudgetLedger l = BudgetLedger.open(ledger.url())) {
          Reservation r = l.reserve(dataset, runId, job, new BudgetRequest(ms));
          System.out.println(r.state() + ": " + r.message());
          return switch (r.state()) {
            case RESERVED -> ExitCodes.OK;
            case PENDING -> PENDING_APPROVAL;
            case COMMITTED -> REFUSED; // spent already: a fresh release would cost budget again
            default -> REFUSED;
          };
        } catch (BudgetRefusedException e) {
          System.out.println(e.getMessage());
          return REFUSED;
        }
      });
    }

    private static String[] split(String s, String option, int values) {
      int eq = s.lastIndexOf('=');
      if (eq <= 0 || s.substring(eq + 1).split(",", -1).length != values) {
        throw new IllegalArgumentException(option + " takes LABEL=" + (values == 1 ? "EPS" : values == 2 ? "EPS,DELTA"
            : "EPS,DELTA,L2SENS,SIGMA") + ". Provided: " + s);
      }
      return new String[] {s.substring(0, eq), s.substring(eq + 1)};
    }

    private static double parse(String v, String option) {
      try {
        return Double.parseDouble(v.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs numbers. Provided: " + v);
      }
    }
  }

  @Command(name = "commit", mixinStandardHelpOptions = true, footer = HELP,
      description = "Mark a run's reservation as spent (its results were published).")
  static final class Commit implements Callable<Integer> {
    @Mixin
    LedgerOption ledger = new LedgerOption();

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id.")
    String runId;

    @Override
    public Integer call() {
      return guarded(() -> {
        try (BudgetLedger l = BudgetLedger.open(ledger.url())) {
          Reservation r = l.commit(runId);
          System.out.println("run " + runId + ": " + r.message());
          return ExitCodes.OK;
        }
      });
    }
  }

  @Command(name = "release", mixinStandardHelpOptions = true, footer = HELP,
      description = "Give a run's reservation (or pending request) back: nothing was published.")
  static final class Release implements Callable<Integer> {
    @Mixin
    LedgerOption ledger = new LedgerOption();

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id.")
    String runId;

    @Override
    public Integer call() {
      return guarded(() -> {
        try (BudgetLedger l = BudgetLedger.open(ledger.url())) {
          boolean released = l.release(runId);
          System.out.println("run " + runId + ": " + (released ? "released" : "nothing to release"));
          return ExitCodes.OK;
        }
      });
    }
  }

  static String num(double d) {
    if (!Double.isFinite(d)) return Double.toString(d);
    BigDecimal b = new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros();
    return (b.scale() < 0 ? b.setScale(0) : b).toPlainString();
  }
}
