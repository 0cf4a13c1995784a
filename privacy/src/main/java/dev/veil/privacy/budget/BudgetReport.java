package dev.veil.privacy.budget;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A privacy officer's report on one dataset as a single self-contained HTML page: no scripts, styles
 * inline, no external reference of any kind (no {@code http:} or {@code https:} URL, no image or font
 * file). It holds the policy and totals under both accountants, an inline SVG chart of cumulative
 * committed epsilon over time per job (with the total under the enforced accountant and the cap), the
 * table of runs with their mechanisms, approvals and refusals, the full event log of the dataset, and the
 * result of {@link BudgetLedger#verify()}.
 *
 * <p>Every text taken from the ledger is HTML-escaped. The page is also well-formed XML (every element
 * closed, only the five XML entities), so it can be checked by an XML parser. Stateless; thread-safe.
 */
public final class BudgetReport {
  private BudgetReport() {}

  /** Renders the report of {@code dataset} from {@code ledger}, verifying the chain first. */
  public static String render(BudgetLedger ledger, String dataset, Instant generatedAt) {
    ChainVerification v = ledger.verify();
    DatasetStatus status = ledger.status(dataset).orElseThrow(() -> new IllegalArgumentException(
        "dataset '" + dataset + "' has no budget policy in the ledger at " + ledger.describe()));
    return render(status, ledger.entries(dataset), v, ledger.describe(), generatedAt);
  }

  /** A run as the report shows it, assembled from its entries. */
  private static final class Run {
    final String runId;
    String job = "";
    RunState state = RunState.PENDING;
    String requestedAt = "";
    String reservedAt = "";
    String committedAt = "";
    long commitSeq;
    BudgetRequest request;
    String requestId = "";
    final List<String> approvals = new ArrayList<>();
    String refusal = "";

    Run(String runId) {
      this.runId = runId;
    }
  }

  /** Renders the report from already-read parts (see {@link #render(BudgetLedger, String, Instant)}). */
  public static String render(DatasetStatus status, List<LedgerEntry> entries, ChainVerification verification, String ledgerName,
      Instant generatedAt) {
    Objects.requireNonNull(status, "status");
    DatasetPolicy p = status.policy();
    Map<String, Run> runs = new LinkedHashMap<>();
    for (LedgerEntry e : entries) {
      if (e.runId().isEmpty()) continue;
      Run r = runs.computeIfAbsent(e.runId(), Run::new);
      r.job = e.job();
      switch (e.kind()) {
        case REQUESTED -> {
          r.state = RunState.PENDING;
          r.requestedAt = e.time();
          r.requestId = e.requestId();
          r.request = LedgerJson.parseRequest(e.payload());
        }
        case RESERVED -> {
          r.state = RunState.RESERVED;
          r.reservedAt = e.time();
          if (r.requestedAt.isEmpty()) r.requestedAt = e.time();
          r.request = LedgerJson.parseRequest(e.payload());
        }
        case REFUSED -> {
          r.state = RunState.REFUSED;
          if (r.requestedAt.isEmpty()) r.requestedAt = e.time();
          r.refusal = e.note();
          r.request = LedgerJson.parseRequest(e.payload());
        }
        case APPROVED -> r.approvals.add("approved by " + e.actor() + " at " + e.time() + (e.note().isEmpty() ? "" : ": " + e.note()));
        case DENIED -> {
          r.state = RunState.REFUSED;
          r.approvals.add("denied by " + e.actor() + " at " + e.time() + (e.note().isEmpty() ? "" : ": " + e.note()));
        }
        case COMMITTED -> {
          r.state = RunState.COMMITTED;
          r.committedAt = e.time();
          r.commitSeq = e.seq();
        }
        case RELEASED -> r.state = RunState.RELEASED;
        default -> { }
      }
    }

    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>Privacy budget report: ")
        .append(esc(p.dataset())).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:78em}")
        .append("table{border-collapse:collapse;margin:0.5em 0 1.5em 0;font-size:0.9em}")
        .append("th,td{border:1px solid #ccc;padding:0.3em 0.6em;text-align:left;vertical-align:top}")
        .append("th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}")
        .append(".ok{background:#e6f4ea;border:1px solid #34a853;padding:0.6em}")
        .append(".bad{background:#fce8e6;border:1px solid #d93025;padding:0.6em}")
        .append("code{font-size:0.85em}\n</style>\n</head>\n<body>\n");
    h.append("<h1>Privacy budget report: ").append(esc(p.dataset())).append("</h1>\n");
    h.append("<p>Generated ").append(esc(generatedAt.toString())).append(" from the ledger <code>").append(esc(ledgerName))
        .append("</code>.</p>\n");

    h.append("<h2>Chain verification</h2>\n<p class=\"").append(verification.ok() ? "ok" : "bad").append("\" id=\"verification\">")
        .append(esc(verification.describe())).append("</p>\n");

    h.append("<h2>Policy and budget</h2>\n<table id=\"policy\">\n<tr><th>lifetime cap</th><td>epsilon ").append(num(p.capEpsilon()))
        .append(", delta ").append(num(p.capDelta())).append("</td></tr>\n<tr><th>rolling window</th><td>")
        .append(p.windowDays() > 0 ? "epsilon " + num(p.windowEpsilon()) + " per " + p.windowDays() + " days (used: "
            + num(status.windowEpsilon()) + ")" : "none")
        .append("</td></tr>\n<tr><th>approval</th><td>").append(p.approvalAbove().isPresent()
            ? "requests above epsilon " + num(p.approvalAbove().getAsDouble()) + " need an officer's approval"
                + (p.approvers().isEmpty() ? "" : " (approvers: " + esc(String.join(", ", p.approvers())) + ")")
            : "not required")
        .append("</td></tr>\n<tr><th>enforced accountant</th><td>").append(p.accountant() == Accountant.BASIC
            ? "basic composition" : "zCDP (converted to epsilon by Canonne, Kamath and Steinke 2020, Cor. 13)")
        .append("</td></tr>\n</table>\n");
    h.append("<table id=\"totals\">\n<tr><th>accountant</th><th>spent epsilon</th><th>spent delta</th><th>reserved + spent epsilon</th>"
        + "<th>remaining epsilon</th><th>rho (reserved + spent)</th></tr>\n");
    for (DatasetStatus.Totals t : List.of(status.basic(), status.zcdp())) {
      h.append("<tr><td>").append(t.accountant() == Accountant.BASIC ? "basic composition" : "zCDP")
          .append(t.accountant() == p.accountant() ? " (enforced)" : "").append("</td><td class=\"n\">").append(num(t.spentEpsilon()))
          .append("</td><td class=\"n\">").append(num(t.spentDelta())).append("</td><td class=\"n\">").append(num(t.allocatedEpsilon()))
          .append("</td><td class=\"n\">").append(num(t.remainingEpsilon())).append("</td><td class=\"n\">").append(num(t.rho()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n<p>").append(status.committedRuns()).append(" committed run(s), ").append(status.reservedRuns())
        .append(" outstanding reservation(s), ").append(status.pending().size()).append(" request(s) waiting for approval.</p>\n");

    h.append("<h2>Cumulative epsilon over time</h2>\n");
    chart(h, p, runs);

    h.append("<h2>Releases</h2>\n<table id=\"releases\">\n<tr><th>run</th><th>job</th><th>requested</th><th>state</th>"
        + "<th>committed</th><th>epsilon</th><th>delta</th><th>rho</th><th>mechanisms</th><th>approval</th><th>refusal</th></tr>\n");
    for (Run r : runs.values()) {
      h.append("<tr><td>").append(esc(r.runId)).append(r.requestId.isEmpty() ? "" : " (" + esc(r.requestId) + ")").append("</td><td>")
          .append(esc(r.job)).append("</td><td>").append(esc(r.requestedAt)).append("</td><td>").append(r.state).append("</td><td>")
          .append(esc(r.committedAt)).append("</td>");
      if (r.request != null) {
        h.append("<td class=\"n\">").append(BudgetLedger.plain(r.request.epsilon())).append("</td><td class=\"n\">")
            .append(BudgetLedger.plain(r.request.delta())).append("</td><td class=\"n\">").append(num(r.request.rho().doubleValue()))
            .append("</td><td>");
        for (MechanismEntry m : r.request.mechanisms()) {
          h.append(esc(m.label())).append(": ").append(m.kind()).append(" epsilon ").append(num(m.epsilon()));
          if (m.delta() > 0) h.append(", delta ").append(num(m.delta()));
          if (m.kind() == MechanismKind.GAUSSIAN) {
            h.append(", L2 sensitivity ").append(num(m.l2Sensitivity())).append(", sigma ").append(num(m.sigma()));
          }
          h.append("<br/>");
        }
        h.append("</td>");
      } else {
        h.append("<td></td><td></td><td></td><td></td>");
      }
      h.append("<td>").append(esc(String.join("; ", r.approvals))).append("</td><td>").append(esc(r.refusal)).append("</td></tr>\n");
    }
    h.append("</table>\n");

    h.append("<h2>Ledger entries of this dataset</h2>\n<table id=\"entries\">\n<tr><th>#</th><th>time</th><th>kind</th><th>run</th>"
        + "<th>request</th><th>actor</th><th>note</th><th>hash</th></tr>\n");
    for (LedgerEntry e : entries) {
      h.append("<tr><td class=\"n\">").append(e.seq()).append("</td><td>").append(esc(e.time())).append("</td><td>").append(e.kind())
          .append("</td><td>").append(esc(e.runId())).append("</td><td>").append(esc(e.requestId())).append("</td><td>")
          .append(esc(e.actor())).append("</td><td>").append(esc(e.note())).append("</td><td><code>")
          .append(esc(e.entryHash().length() > 16 ? e.entryHash().substring(0, 16) : e.entryHash())).append("</code></td></tr>\n");
    }
    h.append("</table>\n</body>\n</html>\n");
    return h.toString();
  }

  private static final String[] COLORS = {"#1a73e8", "#e8710a", "#188038", "#a142f4", "#d01884", "#12b5cb", "#9e6a03", "#5f6368"};

  /** Step lines: each job's cumulative committed basic epsilon, the total under the enforced accountant, and the cap. */
  private static void chart(StringBuilder h, DatasetPolicy p, Map<String, Run> runs) {
    List<Run> committed = new ArrayList<>();
    for (Run r : runs.values()) if (r.state == RunState.COMMITTED && r.request != null) committed.add(r);
    committed.sort((a, b) -> Long.compare(a.commitSeq, b.commitSeq));
    if (committed.isEmpty()) {
      h.append("<p id=\"chart\">No committed releases yet.</p>\n");
      return;
    }
    int w = 760;
    int hh = 300;
    int left = 60;
    int right = 180;
    int top = 20;
    int bottom = 40;
    long t0 = Instant.parse(committed.get(0).committedAt).toEpochMilli();
    long t1 = Instant.parse(committed.get(committed.size() - 1).committedAt).toEpochMilli();
    boolean byIndex = t1 <= t0;
    // cumulative series
    Map<String, List<double[]>> perJob = new LinkedHashMap<>();
    Map<String, Double> jobSum = new LinkedHashMap<>();
    List<double[]> total = new ArrayList<>();
    Costs cum = Costs.ZERO;
    double maxY = p.capEpsilon();
    for (int i = 0; i < committed.size(); i++) {
      Run r = committed.get(i);
      double x = byIndex ? i : Instant.parse(r.committedAt).toEpochMilli() - t0;
      double js = jobSum.merge(r.job, r.request.epsilon().doubleValue(), Double::sum);
      perJob.computeIfAbsent(r.job, k -> new ArrayList<>()).add(new double[] {x, js});
      cum = cum.plus(r.request.costs());
      double te = Accounting.total(cum, p.accountant(), p.capDelta()).epsilon();
      if (Double.isFinite(te)) {
        total.add(new double[] {x, te});
        maxY = Math.max(maxY, te);
      }
      maxY = Math.max(maxY, js);
    }
    // 5% room on the right so the last step stays visible
    double maxX = (byIndex ? Math.max(1, committed.size() - 1) : Math.max(1, t1 - t0)) * 1.05;
    double plotW = w - left - right;
    double plotH = hh - top - bottom;
    h.append("<svg id=\"chart\" width=\"").append(w).append("\" height=\"").append(hh).append("\" viewBox=\"0 0 ").append(w).append(' ')
        .append(hh).append("\" role=\"img\" aria-label=\"cumulative epsilon over time per job\">\n");
    h.append("<rect x=\"").append(left).append("\" y=\"").append(top).append("\" width=\"").append(fmt(plotW)).append("\" height=\"")
        .append(fmt(plotH)).append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>\n");
    for (int i = 0; i <= 4; i++) {
      double v = maxY * i / 4;
      double y = top + plotH - plotH * i / 4;
      h.append("<text x=\"").append(left - 6).append("\" y=\"").append(fmt(y + 4)).append("\" font-size=\"11\" text-anchor=\"end\">")
          .append(num(v)).append("</text>\n");
    }
    h.append("<text x=\"").append(left).append("\" y=\"").append(hh - 10).append("\" font-size=\"11\">")
        .append(esc(byIndex ? "commit 1" : committed.get(0).committedAt)).append("</text>\n");
    h.append("<text x=\"").append(left + (int) (plotW / 1.05)).append("\" y=\"").append(hh - 10).append("\" font-size=\"11\" text-anchor=\"end\">")
        .append(esc(byIndex ? "commit " + committed.size() : committed.get(committed.size() - 1).committedAt)).append("</text>\n");
    double capY = top + plotH - plotH * p.capEpsilon() / maxY;
    h.append("<line x1=\"").append(left).append("\" y1=\"").append(fmt(capY)).append("\" x2=\"").append(fmt(left + plotW)).append("\" y2=\"")
        .append(fmt(capY)).append("\" stroke=\"#d93025\" stroke-dasharray=\"6 4\"/>\n");
    int legend = 0;
    legend(h, w - right + 10, top + 14 * legend++, "#d93025", "cap " + num(p.capEpsilon()), true);
    polyline(h, total, maxX, maxY, left, top, plotW, plotH, "#202124", 3);
    legend(h, w - right + 10, top + 14 * legend++, "#202124",
        "total (" + (p.accountant() == Accountant.BASIC ? "basic" : "zCDP") + ")", false);
    int ci = 0;
    for (Map.Entry<String, List<double[]>> e : perJob.entrySet()) {
      String color = COLORS[ci++ % COLORS.length];
      polyline(h, e.getValue(), maxX, maxY, left, top, plotW, plotH, color, 1.5);
      legend(h, w - right + 10, top + 14 * legend++, color, "job " + e.getKey(), false);
    }
    h.append("</svg>\n<p>Step lines: each job's cumulative committed epsilon (basic composition); the bold line is the dataset's"
        + " total under the enforced accountant; the dashed line is the lifetime cap.</p>\n");
  }

  private static void polyline(StringBuilder h, List<double[]> pts, double maxX, double maxY, int left, int top, double plotW, double plotH,
      String color, double width) {
    if (pts.isEmpty()) return;
    StringBuilder s = new StringBuilder();
    double prevY = top + plotH;
    s.append(left).append(',').append(fmt(prevY)).append(' ');
    for (double[] pt : pts) {
      double x = left + plotW * pt[0] / maxX;
      double y = top + plotH - plotH * pt[1] / maxY;
      s.append(fmt(x)).append(',').append(fmt(prevY)).append(' ').append(fmt(x)).append(',').append(fmt(y)).append(' ');
      prevY = y;
    }
    s.append(fmt(left + plotW)).append(',').append(fmt(prevY));
    h.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"").append(fmt(width)).append("\" points=\"")
        .append(s).append("\"/>\n");
  }

  private static void legend(StringBuilder h, int x, int y, String color, String label, boolean dashed) {
    h.append("<line x1=\"").append(x).append("\" y1=\"").append(y).append("\" x2=\"").append(x + 18).append("\" y2=\"").append(y)
        .append("\" stroke=\"").append(color).append("\" stroke-width=\"2\"").append(dashed ? " stroke-dasharray=\"6 4\"" : "").append("/>\n");
    h.append("<text x=\"").append(x + 24).append("\" y=\"").append(y + 4).append("\" font-size=\"11\">").append(esc(label)).append("</text>\n");
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  private static String num(double d) {
    return esc(BudgetLedger.num(d));
  }

  /** HTML/XML escaping of the five special characters. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(Character.isISOControl(c) && c != '\n' && c != '\t' ? '\uFFFD' : c);
      }
    }
    return b.toString();
  }
}
