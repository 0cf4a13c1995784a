package dev.veil.lineage.view;

import static dev.veil.lineage.view.Html.esc;
import static dev.veil.lineage.view.LineageModel.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.veil.lineage.view.LineageModel.ColumnRow;
import dev.veil.lineage.view.LineageModel.DatasetInfo;
import dev.veil.lineage.view.LineageModel.DatasetRef;
import dev.veil.lineage.view.LineageModel.Edge;
import dev.veil.lineage.view.LineageModel.Entry;
import dev.veil.lineage.view.LineageModel.Event;
import dev.veil.lineage.view.LineageModel.Io;
import dev.veil.lineage.view.LineageModel.JobInfo;
import dev.veil.lineage.view.LineageModel.JobRef;
import dev.veil.lineage.view.LineageModel.Problem;
import dev.veil.lineage.view.LineageModel.RunInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders OpenLineage events as one self-contained HTML page: the backing of {@code veil lineage show
 * EVENTS.jsonl --out lineage.html}.
 *
 * <p>The page holds, in order: a summary (runs, jobs, datasets, events, edges, column-lineage rows,
 * problems); the problems met while reading the events; a graph of datasets and jobs as inline SVG
 * (dataset → job for an input, job → dataset for an output, laid out in columns by topological
 * depth); the column-level lineage of every output dataset with a {@code columnLineage} facet, with
 * masked rows marked and the {@code veil_privacy} facet's PII classes and operators beside each
 * column; every run (grouped by run id, in time order) with its events, state, processing engine,
 * error message, {@code veil_deadLetters} counts, input/output statistics and other facets; the jobs
 * and datasets with their facets; and the events without a run (job and dataset events).
 *
 * <p>Contract:
 * <ul>
 *   <li>Self-contained: no external script, style sheet, font or image; no link leaves the page. A few
 *       lines of inline script highlight a node's edges on hover; everything is readable without it.
 *   <li>The output is an HTML5 document in XHTML syntax, so it is also well-formed XML. Every string
 *       taken from an event is escaped, and the page is pure ASCII (other characters are written as
 *       character references).
 *   <li>Stable hooks: a graph node is {@code <g class="node dataset" id="dataset-NS/NAME">} or
 *       {@code <g class="node job" id="job-NS/NAME">} (namespace and name percent-encoded so the id is
 *       valid; see {@link Html#qualifiedIdPart}), each dataset and job once; an edge is
 *       {@code <path class="edge input|output" data-from="NODE-ID" data-to="NODE-ID">}, each once; a
 *       column-lineage row is {@code <tr class="cl-row [masked]" data-output="ns/name#column"
 *       data-input="ns/name#field">} (with plain, escaped text), {@code masked} exactly when its
 *       transformation has {@code masking: true}; a run is {@code <section class="run" id="run-ID"
 *       data-run-id="RUN-ID" data-state="STATE">}; each problem is an {@code <li class="problem">} in
 *       {@code <section id="problems">}.
 *   <li>Never throws on content: malformed lines, non-objects and events without job or dataset are
 *       reported as problems in the page; unknown facets are shown as key/value lists or JSON.
 *   <li>Deterministic: the same input gives the same page. The graph and the column-lineage, jobs and
 *       datasets tables do not depend on the order of the events; runs and their events are in event
 *       time order, ties (and the latest value of a facet) in input order.
 * </ul>
 *
 * <p>Thread-safety: stateless; both methods may be called concurrently.
 */
public final class LineageHtml {
  private LineageHtml() {}

  /**
   * Renders the events (one JSON object per string, any order, any number of runs; malformed lines are
   * reported in the page, not thrown) as one HTML5 document. Blank strings are skipped; a string
   * holding a JSON array is read as its elements. Problems name their source as {@code line N}, the
   * string's 1-based position in the list.
   *
   * @throws NullPointerException if the list is null
   */
  public static String render(List<String> eventJsonLines) {
    Objects.requireNonNull(eventJsonLines, "eventJsonLines");
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < eventJsonLines.size(); i++) entries.add(new Entry("line " + (i + 1), eventJsonLines.get(i)));
    return new Page(LineageModel.of(entries), null).render();
  }

  /**
   * Reads a JSON-lines file and renders it. The file is read as UTF-8 (invalid bytes become U+FFFD),
   * one event per line. A file in which no line is an event but the whole text is a sequence of JSON
   * values (say a single pretty-printed event) is read as that sequence instead.
   *
   * @throws IOException if the file cannot be read
   */
  public static String render(Path eventsJsonl) throws IOException {
    Objects.requireNonNull(eventsJsonl, "eventsJsonl");
    String content = new String(Files.readAllBytes(eventsJsonl), StandardCharsets.UTF_8);
    if (content.startsWith("\uFEFF")) content = content.substring(1);
    String[] lines = content.split("\r\n|\n|\r", -1);
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) entries.add(new Entry("line " + (i + 1), lines[i]));
    LineageModel model = LineageModel.of(entries);
    if (model.events.isEmpty() && !model.problems.isEmpty()) {
      List<Entry> values = jsonSequence(content);
      if (values != null) model = LineageModel.of(values);
    }
    Path name = eventsJsonl.getFileName();
    return new Page(model, name == null ? eventsJsonl.toString() : name.toString()).render();
  }

  /** The text as a sequence of JSON values, or null when it is not one. */
  private static List<Entry> jsonSequence(String content) {
    List<Entry> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = LineageModel.JSON.readerFor(JsonNode.class).readValues(content)) {
      while (it.hasNextValue()) {
        JsonNode n = it.nextValue();
        out.add(new Entry("value " + (out.size() + 1), n.toString()));
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return out.isEmpty() ? null : out;
  }

  // ------------------------------------------------------------------------------------------------

  /** One rendering: the model and the growing page. Confined to the calling thread. */
  private static final class Page {
    private static final Set<String> RUN_FACETS_SHOWN = Set.of("processing_engine", "errorMessage", "veil_deadLetters", "parent");
    private static final Set<String> DATASET_FACETS_SHOWN = Set.of("schema", "columnLineage", "veil_privacy");
    private static final Set<String> META_KEYS = Set.of("_producer", "_schemaURL", "_deleted");

    private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());
    /** Rows by output column (whole-dataset rows last), then job, input and transformation: independent of event order. */
    private static final Comparator<ColumnRow> ROW_ORDER = Comparator.comparing(ColumnRow::column, Comparator.nullsLast(Comparator.<String>naturalOrder()))
        .thenComparing(ColumnRow::job).thenComparing(ColumnRow::inputNamespace).thenComparing(ColumnRow::inputName)
        .thenComparing(ColumnRow::inputField).thenComparing(ColumnRow::type, TEXT).thenComparing(ColumnRow::subtype, TEXT)
        .thenComparing(ColumnRow::description, TEXT).thenComparing(ColumnRow::masking);

    private final LineageModel m;
    private final String source;
    private final StringBuilder out = new StringBuilder(64 * 1024);
    /** Per dataset, the columns whose values are masked (from veil_privacy or a masking transformation). */
    private final Map<DatasetRef, Set<String>> maskedColumns = new TreeMap<>();

    Page(LineageModel m, String source) {
      this.m = m;
      this.source = source;
      for (DatasetInfo d : m.datasets.values()) {
        JsonNode cols = d.facets.getOrDefault("veil_privacy", LineageModel.JSON.createObjectNode()).path("columns");
        for (Iterator<Map.Entry<String, JsonNode>> it = cols.fields(); it.hasNext();) {
          Map.Entry<String, JsonNode> c = it.next();
          if (c.getValue().path("masked").asBoolean(false)) maskedColumns.computeIfAbsent(d.ref, k -> new TreeSet<>()).add(c.getKey());
        }
      }
      for (Map.Entry<DatasetRef, Set<ColumnRow>> e : m.columnLineage.entrySet()) {
        for (ColumnRow r : e.getValue()) {
          if (r.masking() && r.column() != null) maskedColumns.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(r.column());
        }
      }
    }

    String render() {
      String title = "Veil lineage" + (source == null ? "" : " \u2014 " + source);
      out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
          .append("<meta name=\"generator\" content=\"Veil LineageHtml\"/>\n")
          .append("<title>").append(esc(title)).append("</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
      out.append("<header><h1>").append(esc(title)).append("</h1>\n<nav><a href=\"#summary\">Summary</a> &#xB7; <a href=\"#problems\">Problems</a>")
          .append(" &#xB7; <a href=\"#graph\">Graph</a> &#xB7; <a href=\"#column-lineage\">Column lineage</a> &#xB7; <a href=\"#runs\">Runs</a>")
          .append(" &#xB7; <a href=\"#jobs\">Jobs</a> &#xB7; <a href=\"#datasets\">Datasets</a> &#xB7; <a href=\"#other-events\">Events without a run</a>")
          .append("</nav></header>\n<main>\n");
      summary();
      problems();
      graph();
      columnLineage();
      runs();
      jobs();
      datasets();
      otherEvents();
      out.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
      return out.toString();
    }

    // ---- summary and problems ----

    private void summary() {
      long rows = 0;
      long masked = 0;
      for (Set<ColumnRow> s : m.columnLineage.values()) {
        rows += s.size();
        for (ColumnRow r : s) if (r.masking()) masked++;
      }
      out.append("<section id=\"summary\"><h2>Summary</h2>\n<table class=\"summary\"><tbody>\n");
      summaryRow("runs", "Runs", m.runs.size());
      summaryRow("jobs", "Jobs", m.jobs.size());
      summaryRow("datasets", "Datasets", m.datasets.size());
      summaryRow("events", "Events", m.events.size());
      summaryRow("edges", "Input/output edges", m.edges.size());
      summaryRow("column-rows", "Column-lineage rows", rows);
      summaryRow("masked-rows", "Masked column-lineage rows", masked);
      summaryRow("problems", "Parse problems", m.problems.size());
      out.append("</tbody></table></section>\n");
    }

    private void summaryRow(String key, String label, long n) {
      out.append("<tr id=\"summary-").append(key).append("\" data-count=\"").append(n).append("\"><th>").append(label).append("</th><td>")
          .append(n).append("</td></tr>\n");
    }

    private void problems() {
      out.append("<section id=\"problems\"><h2>Problems</h2>\n");
      if (m.problems.isEmpty()) {
        out.append("<p class=\"muted\">None: every line was read as an OpenLineage event.</p>\n");
      } else {
        out.append("<ul class=\"problems\">\n");
        for (Problem p : m.problems) {
          out.append("<li class=\"problem\" data-where=\"").append(esc(p.where())).append("\"><strong>").append(esc(p.where())).append("</strong>: ")
              .append(esc(p.message()));
          if (p.excerpt() != null && !p.excerpt().isEmpty()) out.append("<pre>").append(esc(p.excerpt())).append("</pre>");
          out.append("</li>\n");
        }
        out.append("</ul>\n");
      }
      out.append("</section>\n");
    }

    // ---- graph ----

    private void graph() {
      out.append("<section id=\"graph\"><h2>Datasets and jobs</h2>\n");
      if (m.datasets.isEmpty() && m.jobs.isEmpty()) {
        out.append("<p class=\"muted\">No datasets or jobs.</p></section>\n");
        return;
      }
      out.append("<p class=\"legend\"><span class=\"key key-dataset\">dataset</span> <span class=\"key key-job\">job</span> ")
          .append("Arrows go from a dataset to the job that reads it and from a job to the dataset it writes; dashed arrows close a cycle. ")
          .append("<span class=\"badge badge-masked\">masked</span> marks datasets with masked columns. ")
          .append("The <a href=\"#jobs\">jobs</a> and <a href=\"#datasets\">datasets</a> tables list the same edges as text.</p>\n");
      List<String> ids = new ArrayList<>();
      Map<String, Object> byId = new LinkedHashMap<>();
      for (DatasetRef d : m.datasets.keySet()) {
        ids.add(d.nodeId());
        byId.put(d.nodeId(), d);
      }
      for (JobRef j : m.jobs.keySet()) {
        ids.add(j.nodeId());
        byId.put(j.nodeId(), j);
      }
      List<GraphLayout.Arc> arcs = new ArrayList<>();
      for (Edge e : m.edges) arcs.add(new GraphLayout.Arc(e.from(), e.to()));
      GraphLayout g = GraphLayout.of(ids, arcs);
      out.append("<div class=\"graph-wrap\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" role=\"img\" aria-labelledby=\"graph-title\" width=\"")
          .append(g.width).append("\" height=\"").append(g.height).append("\" viewBox=\"0 0 ").append(g.width).append(' ').append(g.height)
          .append("\">\n<title id=\"graph-title\">Lineage graph: ").append(m.datasets.size()).append(" datasets, ").append(m.jobs.size())
          .append(" jobs</title>\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" ")
          .append("orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>\n<g class=\"edges\">\n");
      for (Edge e : m.edges) {
        boolean back = g.backEdges.contains(new GraphLayout.Arc(e.from(), e.to()));
        out.append("<path class=\"edge ").append(e.kind()).append(back ? " back" : "").append("\" data-from=\"").append(esc(e.from()))
            .append("\" data-to=\"").append(esc(e.to())).append("\" d=\"").append(g.path(e.from(), e.to())).append("\" marker-end=\"url(#arrow)\"><title>")
            .append(esc(label(byId.get(e.from())))).append(" &#x2192; ").append(esc(label(byId.get(e.to()))))
            .append(" (").append(e.kind()).append(")</title></path>\n");
      }
      out.append("</g>\n<g class=\"nodes\">\n");
      for (String id : ids) {
        GraphLayout.Placed p = g.nodes.get(id);
        Object ref = byId.get(id);
        boolean dataset = ref instanceof DatasetRef;
        String ns = dataset ? ((DatasetRef) ref).namespace() : ((JobRef) ref).namespace();
        String name = dataset ? ((DatasetRef) ref).name() : ((JobRef) ref).name();
        String info = dataset ? "dsinfo-" + Html.qualifiedIdPart(ns, name) : "jobinfo-" + Html.qualifiedIdPart(ns, name);
        out.append("<g class=\"node ").append(dataset ? "dataset" : "job").append("\" id=\"").append(esc(id)).append("\" data-namespace=\"")
            .append(esc(ns)).append("\" data-name=\"").append(esc(name)).append("\" data-depth=\"").append(p.depth()).append("\">")
            .append("<title>").append(dataset ? "dataset " : "job ").append(esc(ns + "/" + name)).append("</title>")
            .append("<a href=\"#").append(esc(info)).append("\">")
            .append("<rect x=\"").append(p.x()).append("\" y=\"").append(p.y()).append("\" width=\"").append(GraphLayout.NODE_W)
            .append("\" height=\"").append(GraphLayout.NODE_H).append("\" rx=\"").append(dataset ? 4 : 14).append("\"/>")
            .append("<text class=\"ns\" x=\"").append(p.x() + 8).append("\" y=\"").append(p.y() + 17).append("\">").append(esc(Html.head(ns, 24)))
            .append("</text><text class=\"name\" x=\"").append(p.x() + 8).append("\" y=\"").append(p.y() + 35).append("\">")
            .append(esc(Html.tail(name, 31))).append("</text>");
        Set<String> masked = dataset ? maskedColumns.get((DatasetRef) ref) : null;
        if (masked != null && !masked.isEmpty()) {
          int bx = p.x() + GraphLayout.NODE_W - 58;
          out.append("<g class=\"mask-flag\"><rect x=\"").append(bx).append("\" y=\"").append(p.y() + 4).append("\" width=\"54\" height=\"14\" rx=\"7\"/>")
              .append("<text x=\"").append(bx + 27).append("\" y=\"").append(p.y() + 14).append("\" text-anchor=\"middle\">masked ")
              .append(masked.size()).append("</text></g>");
        }
        out.append("</a></g>\n");
      }
      out.append("</g>\n</svg>\n</div>\n</section>\n");
    }

    private static String label(Object ref) {
      if (ref instanceof DatasetRef d) return d.key();
      if (ref instanceof JobRef j) return j.key();
      return String.valueOf(ref);
    }

    // ---- column lineage ----

    private void columnLineage() {
      out.append("<section id=\"column-lineage\"><h2>Column lineage</h2>\n");
      if (m.columnLineage.isEmpty()) {
        out.append("<p class=\"muted\">No output dataset has a columnLineage facet.</p>\n");
      }
      for (Map.Entry<DatasetRef, Set<ColumnRow>> e : m.columnLineage.entrySet()) {
        DatasetRef d = e.getKey();
        JsonNode privacy = m.datasets.get(d).facets.getOrDefault("veil_privacy", LineageModel.JSON.createObjectNode()).path("columns");
        out.append("<div class=\"cl-dataset\" id=\"cl-").append(esc(Html.qualifiedIdPart(d.namespace(), d.name()))).append("\" data-dataset=\"")
            .append(esc(d.key())).append("\">\n<h3>").append(datasetLink(d)).append("</h3>\n");
        List<ColumnRow> rows = new ArrayList<>(e.getValue());
        rows.sort(ROW_ORDER);
        out.append("<table class=\"column-lineage\"><thead><tr><th>Output column</th><th>Privacy (veil_privacy)</th><th>&#x2190; Input dataset.field</th>")
            .append("<th>Type</th><th>Subtype</th><th>Description</th><th>Masking</th><th>Job</th></tr></thead><tbody>\n");
        for (ColumnRow r : rows) {
          out.append("<tr class=\"cl-row").append(r.masking() ? " masked" : "").append("\" data-output=\"").append(esc(r.outputKey()))
              .append("\" data-input=\"").append(esc(r.inputKey())).append("\" data-job=\"").append(esc(r.job().key())).append("\">");
          out.append("<td>").append(r.column() == null ? "<em>whole dataset</em>" : "<code>" + esc(r.column()) + "</code>").append("</td>");
          out.append("<td>");
          if (r.column() != null) privacyCell(privacy.path(r.column()));
          out.append("</td>");
          DatasetRef in = new DatasetRef(r.inputNamespace(), r.inputName());
          out.append("<td>").append(m.datasets.containsKey(in) ? datasetLink(in) : "<code>" + esc(in.key()) + "</code>").append(".<code>")
              .append(esc(r.inputField())).append("</code></td>");
          out.append("<td>").append(esc(r.type())).append("</td><td>").append(esc(r.subtype())).append("</td><td>").append(esc(r.description()))
              .append("</td><td>").append(r.masking() ? "<span class=\"badge badge-masked\">masked</span>" : "").append("</td><td>")
              .append(jobLink(r.job())).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n</div>\n");
      }
      out.append("</section>\n");
    }

    private void privacyCell(JsonNode c) {
      if (!c.isObject()) return;
      for (JsonNode pii : c.path("piiClasses")) out.append("<span class=\"badge badge-pii\">").append(esc(pii.asText())).append("</span> ");
      String op = text(c.get("operator"));
      if (op != null) out.append("operator <code>").append(esc(op)).append("</code> ");
      if (c.path("masked").asBoolean(false)) out.append("<span class=\"muted\">(column masked)</span> ");
      String keyId = text(c.get("keyId"));
      if (keyId != null) out.append("key <code>").append(esc(keyId)).append("</code> ");
      for (String k : List.of("k", "l", "t")) {
        String v = text(c.get(k));
        if (v != null) out.append(k).append('=').append(esc(v)).append(' ');
      }
    }

    // ---- runs ----

    private void runs() {
      out.append("<section id=\"runs\"><h2>Runs</h2>\n");
      if (m.runs.isEmpty()) out.append("<p class=\"muted\">No run events.</p>\n");
      Map<String, List<String>> children = new LinkedHashMap<>();
      for (RunInfo r : m.runs.values()) {
        String parent = parentRunId(r);
        if (parent != null) children.computeIfAbsent(parent, k -> new ArrayList<>()).add(r.runId);
      }
      for (RunInfo r : m.runs.values()) run(r, children.getOrDefault(r.runId, List.of()));
      out.append("</section>\n");
    }

    private static String parentRunId(RunInfo r) {
      String id = null;
      for (Event e : r.events) {
        String p = text(e.runFacets().path("parent").path("run").get("runId"));
        if (p != null) id = p;
      }
      return id;
    }

    private void run(RunInfo r, List<String> childRuns) {
      String state = r.state();
      Map<String, JsonNode> runFacets = new TreeMap<>();
      Map<String, JsonNode> jobFacets = new TreeMap<>();
      Set<JobRef> jobs = new TreeSet<>();
      for (Event e : r.events) {
        jobs.add(e.job());
        putAll(runFacets, e.runFacets());
        putAll(jobFacets, e.jobFacets());
      }
      out.append("<section class=\"run state-").append(state).append("\" id=\"run-").append(esc(Html.idPart(r.runId))).append("\" data-run-id=\"")
          .append(esc(r.runId)).append("\" data-state=\"").append(state).append("\">\n<h3>");
      for (JobRef j : jobs) out.append(jobLink(j)).append(' ');
      out.append("<span class=\"badge state state-").append(state).append("\">").append(state).append("</span></h3>\n<dl class=\"kv\">");
      kvRow("Run id", "<code>" + esc(r.runId) + "</code>");
      Instant first = r.firstTime();
      Instant last = null;
      for (Event e : r.events) if (e.time() != null) last = e.time();
      if (first != null && last != null && !first.equals(last)) kvRow("Duration", esc(duration(Duration.between(first, last))));
      JsonNode parent = runFacets.get("parent");
      if (parent != null) {
        String pid = text(parent.path("run").get("runId"));
        String pjob = Objects.toString(text(parent.path("job").get("namespace")), "?") + "/"
            + Objects.toString(text(parent.path("job").get("name")), "?");
        StringBuilder s = new StringBuilder("job <code>").append(esc(pjob)).append("</code>, run ");
        s.append(pid != null && m.runs.containsKey(pid) ? runLink(pid) : "<code>" + esc(Objects.toString(pid, "?")) + "</code>");
        kvRow("Parent", s.toString());
      }
      if (!childRuns.isEmpty()) {
        StringBuilder s = new StringBuilder();
        for (String c : childRuns) {
          RunInfo child = m.runs.get(c);
          s.append("<span class=\"child-run\">").append(child == null ? "" : esc(child.events.get(0).job().name()) + " ").append(runLink(c))
              .append("</span><br/>");
        }
        kvRow("Child runs", s.toString());
      }
      JsonNode engine = runFacets.get("processing_engine");
      if (engine != null) {
        StringBuilder s = new StringBuilder(esc(Objects.toString(text(engine.get("name")), "?")));
        String v = text(engine.get("version"));
        if (v != null) s.append(' ').append(esc(v));
        String adapter = text(engine.get("openlineageAdapterVersion"));
        if (adapter != null) s.append(" <span class=\"muted\">(OpenLineage adapter ").append(esc(adapter)).append(")</span>");
        kvRow("Processing engine", s.toString());
      }
      out.append("</dl>\n");

      out.append("<table class=\"events\"><thead><tr><th>Event</th><th>Time</th><th>Job</th><th>Source</th></tr></thead><tbody>\n");
      for (Event e : r.events) {
        String t = e.eventType() == null ? "(no type)" : e.eventType();
        out.append("<tr class=\"event\" data-event-type=\"").append(esc(t)).append("\"><td><span class=\"badge state-")
            .append(esc(Html.idPart(t.toUpperCase(java.util.Locale.ROOT)))).append("\">").append(esc(t)).append("</span></td><td>")
            .append(esc(e.eventTime())).append("</td><td>").append(esc(e.job().key())).append("</td><td>").append(esc(e.where())).append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");

      JsonNode error = runFacets.get("errorMessage");
      if (error != null) {
        out.append("<div class=\"error\"><h4>Error</h4><p class=\"error-message\">").append(esc(text(error.get("message"))));
        String lang = text(error.get("programmingLanguage"));
        if (lang != null) out.append(" <span class=\"muted\">(").append(esc(lang)).append(")</span>");
        out.append("</p>");
        String stack = text(error.get("stackTrace"));
        if (stack != null) out.append("<details><summary>Stack trace</summary><pre>").append(esc(stack)).append("</pre></details>");
        out.append("</div>\n");
      }
      JsonNode dead = runFacets.get("veil_deadLetters");
      if (dead != null) deadLetters(dead);
      ioTable(r);

      List<String> other = new ArrayList<>();
      for (String k : runFacets.keySet()) if (!RUN_FACETS_SHOWN.contains(k)) other.add(k);
      if (!other.isEmpty()) {
        out.append("<h4>Run facets</h4>\n");
        for (String k : other) facet(k, runFacets.get(k));
      }
      if (!jobFacets.isEmpty()) {
        out.append("<h4>Job facets</h4>\n");
        for (Map.Entry<String, JsonNode> f : jobFacets.entrySet()) facet(f.getKey(), f.getValue());
      }
      out.append("<details class=\"raw\"><summary>Raw events (").append(r.events.size()).append(")</summary>");
      for (Event e : r.events) out.append("<pre>").append(esc(pretty(e.raw()))).append("</pre>");
      out.append("</details>\n</section>\n");
    }

    private void deadLetters(JsonNode d) {
      out.append("<div class=\"dead-letters\"><h4>Dead letters (veil_deadLetters)</h4>\n<table class=\"dead-letter-totals\"><thead><tr>")
          .append("<th>Input</th><th>Output</th><th>Filtered</th><th>Dead-lettered</th></tr></thead><tbody><tr>");
      for (String k : List.of("input", "output", "filtered", "deadLettered")) out.append("<td>").append(esc(scalar(d.get(k)))).append("</td>");
      out.append("</tr></tbody></table>\n");
      JsonNode stages = d.path("stages");
      if (stages.isArray() && !stages.isEmpty()) {
        out.append("<table class=\"dead-letter-stages\"><thead><tr><th>#</th><th>Stage</th><th>Type</th><th>In</th><th>Out</th><th>Filtered</th>")
            .append("<th>Dead-lettered</th></tr></thead><tbody>\n");
        for (JsonNode s : stages) {
          long dl = s.path("deadLettered").asLong(0);
          out.append("<tr class=\"stage").append(dl > 0 ? " has-dead-letters" : "").append("\">");
          for (String k : List.of("index", "name", "type", "in", "out", "filtered", "deadLettered")) {
            out.append("<td>").append(esc(scalar(s.get(k)))).append("</td>");
          }
          out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
      }
      out.append("</div>\n");
    }

    /** The run's inputs and outputs with their latest statistics and other input/output facets. */
    private void ioTable(RunInfo r) {
      Map<String, Io> ios = new TreeMap<>();
      Map<String, Map<String, JsonNode>> ioFacets = new TreeMap<>();
      for (Event e : r.events) {
        for (Io in : e.inputs()) addIo(ios, ioFacets, "input", in);
        for (Io o : e.outputs()) addIo(ios, ioFacets, "output", o);
      }
      if (ios.isEmpty()) return;
      out.append("<h4>Inputs and outputs</h4>\n<table class=\"io\"><thead><tr><th>Direction</th><th>Dataset</th><th>Rows</th><th>Bytes</th>")
          .append("<th>Files</th><th>Other facets</th></tr></thead><tbody>\n");
      for (Map.Entry<String, Io> e : ios.entrySet()) {
        String dir = e.getKey().substring(0, e.getKey().indexOf('|'));
        Map<String, JsonNode> f = ioFacets.get(e.getKey());
        JsonNode stats = f.getOrDefault(dir.equals("input") ? "inputStatistics" : "outputStatistics", LineageModel.JSON.createObjectNode());
        out.append("<tr class=\"io-").append(dir).append("\" data-dataset=\"").append(esc(e.getValue().dataset().key())).append("\"><td>").append(dir)
            .append("</td><td>").append(datasetLink(e.getValue().dataset())).append("</td><td>").append(esc(scalar(stats.get("rowCount"))))
            .append("</td><td>").append(esc(scalar(stats.get("size")))).append("</td><td>").append(esc(scalar(stats.get("fileCount"))))
            .append("</td><td>");
        for (Map.Entry<String, JsonNode> x : f.entrySet()) {
          if (!x.getKey().equals("inputStatistics") && !x.getKey().equals("outputStatistics")) facet(x.getKey(), x.getValue());
        }
        out.append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");
    }

    private static void addIo(Map<String, Io> ios, Map<String, Map<String, JsonNode>> facets, String dir, Io io) {
      String key = dir + "|" + io.dataset().key();
      ios.put(key, io);
      putAll(facets.computeIfAbsent(key, k -> new TreeMap<>()), io.ioFacets());
    }

    // ---- jobs and datasets ----

    private void jobs() {
      out.append("<section id=\"jobs\"><h2>Jobs</h2>\n");
      if (m.jobs.isEmpty()) {
        out.append("<p class=\"muted\">No jobs.</p></section>\n");
        return;
      }
      out.append("<table class=\"jobs\"><thead><tr><th>Job</th><th>Type</th><th>Reads</th><th>Writes</th><th>Runs</th></tr></thead><tbody>\n");
      for (JobInfo j : m.jobs.values()) {
        out.append("<tr class=\"job-info\" id=\"jobinfo-").append(esc(Html.qualifiedIdPart(j.ref.namespace(), j.ref.name()))).append("\" data-job=\"")
            .append(esc(j.ref.key())).append("\"><td><code>").append(esc(j.ref.key())).append("</code></td><td>");
        JsonNode type = j.facets.get("jobType");
        if (type != null) {
          List<String> parts = new ArrayList<>();
          for (String k : List.of("processingType", "integration", "jobType")) if (text(type.get(k)) != null) parts.add(text(type.get(k)));
          out.append(esc(String.join(" / ", parts)));
        }
        out.append("</td><td>");
        for (DatasetRef d : j.reads) out.append(datasetLink(d)).append("<br/>");
        out.append("</td><td>");
        for (DatasetRef d : j.writes) out.append(datasetLink(d)).append("<br/>");
        out.append("</td><td>");
        for (String run : j.runIds) out.append(runLink(run)).append("<br/>");
        out.append("</td></tr>\n");
      }
      out.append("</tbody></table>\n</section>\n");
    }

    private void datasets() {
      out.append("<section id=\"datasets\"><h2>Datasets</h2>\n");
      if (m.datasets.isEmpty()) out.append("<p class=\"muted\">No datasets.</p>\n");
      for (DatasetInfo d : m.datasets.values()) {
        out.append("<div class=\"dataset-info\" id=\"dsinfo-").append(esc(Html.qualifiedIdPart(d.ref.namespace(), d.ref.name()))).append("\" data-dataset=\"")
            .append(esc(d.ref.key())).append("\">\n<h3><span class=\"muted\">").append(esc(d.ref.namespace())).append("</span> <code>")
            .append(esc(d.ref.name())).append("</code></h3>\n<dl class=\"kv\">");
        StringBuilder w = new StringBuilder();
        for (JobRef j : d.producers) w.append(jobLink(j)).append(' ');
        StringBuilder rd = new StringBuilder();
        for (JobRef j : d.consumers) rd.append(jobLink(j)).append(' ');
        kvRow("Written by", w.length() == 0 ? "<span class=\"muted\">none</span>" : w.toString());
        kvRow("Read by", rd.length() == 0 ? "<span class=\"muted\">none</span>" : rd.toString());
        if (m.columnLineage.containsKey(d.ref)) {
          kvRow("Column lineage", "<a href=\"#cl-" + esc(Html.qualifiedIdPart(d.ref.namespace(), d.ref.name())) + "\">"
              + m.columnLineage.get(d.ref).size() + " rows</a>");
        }
        out.append("</dl>\n");
        JsonNode schema = d.facets.get("schema");
        if (schema != null) schema(d.ref, schema.path("fields"));
        JsonNode privacy = d.facets.get("veil_privacy");
        if (privacy != null) privacy(privacy);
        for (Map.Entry<String, JsonNode> f : d.facets.entrySet()) {
          if (!DATASET_FACETS_SHOWN.contains(f.getKey())) facet(f.getKey(), f.getValue());
        }
        out.append("</div>\n");
      }
      out.append("</section>\n");
    }

    private void schema(DatasetRef d, JsonNode fields) {
      out.append("<h4>Schema</h4>\n<table class=\"schema\"><thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead><tbody>\n");
      schemaRows(d, fields, "", 0);
      out.append("</tbody></table>\n");
    }

    private void schemaRows(DatasetRef d, JsonNode fields, String prefix, int depth) {
      Set<String> masked = maskedColumns.getOrDefault(d, Set.of());
      for (JsonNode f : fields) {
        String name = prefix + Objects.toString(text(f.get("name")), "?");
        boolean isMasked = masked.contains(name);
        out.append("<tr").append(isMasked ? " class=\"masked-column\"" : "").append("><td><code>").append(esc(name)).append("</code>")
            .append(isMasked ? " <span class=\"badge badge-masked\">masked</span>" : "").append("</td><td>").append(esc(text(f.get("type"))))
            .append("</td><td>").append(esc(text(f.get("description")))).append("</td></tr>\n");
        if (depth < 20) schemaRows(d, f.path("fields"), name + ".", depth + 1);
      }
    }

    private void privacy(JsonNode p) {
      out.append("<h4>Privacy (veil_privacy)</h4>\n<table class=\"privacy\"><thead><tr><th>Column</th><th>PII classes, operator</th></tr></thead><tbody>\n");
      for (Iterator<Map.Entry<String, JsonNode>> it = p.path("columns").fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> c = it.next();
        out.append("<tr><td><code>").append(esc(c.getKey())).append("</code></td><td>");
        privacyCell(c.getValue());
        out.append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");
      String suppressed = text(p.get("suppressedRows"));
      if (suppressed != null) out.append("<p>Suppressed rows: ").append(esc(suppressed)).append("</p>\n");
    }

    // ---- events without a run ----

    private void otherEvents() {
      out.append("<section id=\"other-events\"><h2>Events without a run</h2>\n");
      if (m.eventsWithoutRun.isEmpty()) {
        out.append("<p class=\"muted\">None.</p></section>\n");
        return;
      }
      out.append("<table class=\"other-events\"><thead><tr><th>Kind</th><th>Job or dataset</th><th>Time</th><th>Source</th><th>Event</th></tr></thead><tbody>\n");
      for (Event e : m.eventsWithoutRun) {
        out.append("<tr><td>").append(esc(e.kind())).append("</td><td>").append(e.job() != null ? jobLink(e.job()) : datasetLink(e.dataset()))
            .append("</td><td>").append(esc(e.eventTime())).append("</td><td>").append(esc(e.where())).append("</td><td><details><summary>JSON</summary><pre>")
            .append(esc(pretty(e.raw()))).append("</pre></details></td></tr>\n");
      }
      out.append("</tbody></table>\n</section>\n");
    }

    // ---- generic facets ----

    private void facet(String name, JsonNode value) {
      out.append("<div class=\"facet\" data-facet=\"").append(esc(name)).append("\"><h5>").append(esc(name)).append("</h5>");
      value(value, 0);
      out.append("</div>\n");
    }

    /** A JSON value as readable HTML: scalars as text, flat objects as key/value lists, flat arrays of objects as tables, the rest as JSON. */
    private void value(JsonNode v, int depth) {
      if (v == null || v.isNull() || v.isMissingNode()) {
        out.append("<span class=\"muted\">null</span>");
      } else if (v.isValueNode()) {
        out.append(esc(v.asText()));
      } else if (v.isEmpty()) {
        out.append("<span class=\"muted\">").append(v.isArray() ? "[]" : "{}").append("</span>");
      } else if (v.isArray() && allScalar(v)) {
        List<String> parts = new ArrayList<>();
        for (JsonNode x : v) parts.add(x.isNull() ? "null" : x.asText());
        out.append(esc(String.join(", ", parts)));
      } else if (v.isArray() && allFlatObjects(v) && v.size() <= 200) {
        Set<String> keys = new LinkedHashSet<>();
        for (JsonNode x : v) x.fieldNames().forEachRemaining(keys::add);
        out.append("<table class=\"facet-table\"><thead><tr>");
        for (String k : keys) out.append("<th>").append(esc(k)).append("</th>");
        out.append("</tr></thead><tbody>");
        for (JsonNode x : v) {
          out.append("<tr>");
          for (String k : keys) out.append("<td>").append(x.has(k) ? esc(scalar(x.get(k))) : "").append("</td>");
          out.append("</tr>");
        }
        out.append("</tbody></table>");
      } else if (v.isObject() && depth < 3) {
        out.append("<dl class=\"kv\">");
        int shown = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
          Map.Entry<String, JsonNode> f = it.next();
          if (depth == 0 && META_KEYS.contains(f.getKey())) continue;
          out.append("<dt>").append(esc(f.getKey())).append("</dt><dd>");
          value(f.getValue(), depth + 1);
          out.append("</dd>");
          shown++;
        }
        if (shown == 0) out.append("<dt class=\"muted\">(no fields)</dt><dd></dd>");
        out.append("</dl>");
      } else {
        out.append("<pre>").append(esc(pretty(v))).append("</pre>");
      }
    }

    private static boolean allScalar(JsonNode arr) {
      for (JsonNode x : arr) if (!x.isValueNode() && !x.isNull()) return false;
      return true;
    }

    private static boolean allFlatObjects(JsonNode arr) {
      for (JsonNode x : arr) {
        if (!x.isObject()) return false;
        for (JsonNode f : x) if (!f.isValueNode() && !f.isNull() && !f.isEmpty()) return false;
      }
      return true;
    }

    // ---- small pieces ----

    private void kvRow(String key, String html) {
      out.append("<dt>").append(esc(key)).append("</dt><dd>").append(html).append("</dd>");
    }

    private String datasetLink(DatasetRef d) {
      return "<a class=\"dataset-link\" href=\"#dsinfo-" + esc(Html.qualifiedIdPart(d.namespace(), d.name())) + "\"><code>" + esc(d.key()) + "</code></a>";
    }

    private String jobLink(JobRef j) {
      return "<a class=\"job-link\" href=\"#jobinfo-" + esc(Html.qualifiedIdPart(j.namespace(), j.name())) + "\"><code>" + esc(j.key()) + "</code></a>";
    }

    private static String runLink(String runId) {
      return "<a class=\"run-link\" href=\"#run-" + esc(Html.idPart(runId)) + "\"><code>" + esc(runId) + "</code></a>";
    }

    private static void putAll(Map<String, JsonNode> into, JsonNode facets) {
      for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> f = it.next();
        into.put(f.getKey(), f.getValue());
      }
    }

    private static String scalar(JsonNode n) {
      if (n == null || n.isMissingNode()) return "";
      if (n.isNull()) return "null";
      return n.isValueNode() ? n.asText() : n.toString();
    }

    private static String pretty(JsonNode n) {
      try {
        return LineageModel.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
      } catch (IOException e) {
        return n.toString();
      }
    }

    private static String duration(Duration d) {
      long ms = d.toMillis();
      if (Math.abs(ms) < 60_000) return String.format(java.util.Locale.ROOT, "%.3f s", ms / 1000.0);
      return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:1.5rem;color:#1d1d1f;background:#fff;line-height:1.4}
      h1{font-size:1.5rem;margin:0 0 .3rem}h2{border-bottom:1px solid #d0d4da;padding-bottom:.2rem;margin-top:2rem}
      h5{margin:.6rem 0 .2rem;font-size:.9rem}
      nav{margin-bottom:1rem}a{color:#1558b0}
      code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.88em}
      pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:.5rem;overflow:auto;max-height:24rem;white-space:pre-wrap;word-break:break-all}
      table{border-collapse:collapse;margin:.4rem 0 1rem}
      th,td{border:1px solid #d0d4da;padding:.2rem .5rem;text-align:left;vertical-align:top}
      th{background:#f1f3f6}
      dl.kv{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem;margin:.3rem 0}
      dl.kv dt{font-weight:600}dl.kv dd{margin:0}
      .muted{color:#5f6b7a}
      .badge{display:inline-block;padding:0 .45em;border-radius:.6em;font-size:.8em;font-weight:600;background:#e0e0e0;color:#1d1d1f}
      .badge-masked{background:#c62828;color:#fff}
      .badge-pii{background:#fbe9e7;color:#8d2a0b;border:1px solid #f4b9a7}
      .badge.state-COMPLETE{background:#2e7d32;color:#fff}.badge.state-FAIL{background:#c62828;color:#fff}
      .badge.state-ABORT{background:#ef6c00;color:#fff}.badge.state-RUNNING,.badge.state-START{background:#1565c0;color:#fff}
      .badge.state-UNKNOWN{background:#757575;color:#fff}
      section.run{border:1px solid #d0d4da;border-left-width:6px;border-radius:6px;padding:.3rem 1rem;margin:1rem 0;background:#fff}
      section.run.state-COMPLETE{border-left-color:#2e7d32}section.run.state-FAIL{border-left-color:#c62828}
      section.run.state-ABORT{border-left-color:#ef6c00}section.run.state-RUNNING{border-left-color:#1565c0}
      tr.masked td{background:#fff1f0}tr.masked td:first-child{border-left:4px solid #c62828}
      tr.masked-column td{background:#fff1f0}
      tr.has-dead-letters td{background:#fff8e1}
      .error{border:1px solid #e57373;background:#ffebee;padding:.3rem .8rem;border-radius:4px}
      .problem{color:#b71c1c}
      .legend .key{display:inline-block;padding:0 .5em;border:1.5px solid}
      .key-dataset{background:#e8f1fb;border-color:#3b73b9}.key-job{background:#fff5e0;border-color:#c98a12;border-radius:.8em}
      .graph-wrap{overflow:auto;border:1px solid #e1e4e8;background:#fcfcfd}
      svg.graph .node rect{stroke-width:1.5}
      svg.graph .dataset rect{fill:#e8f1fb;stroke:#3b73b9}
      svg.graph .job rect{fill:#fff5e0;stroke:#c98a12}
      svg.graph text{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px;fill:#1d1d1f}
      svg.graph text.ns{fill:#5f6b7a;font-size:10px}
      svg.graph .mask-flag rect{fill:#c62828;stroke:none}svg.graph .mask-flag text{fill:#fff;font-size:9px;font-weight:bold}
      svg.graph .edge{fill:none;stroke:#8a94a3;stroke-width:1.3}
      svg.graph .edge.back{stroke-dasharray:5 4}
      svg.graph .edge.hl{stroke:#d81b60;stroke-width:2.5}
      svg.graph .arrowhead{fill:#8a94a3}
      svg.graph .node:hover rect{stroke-width:3}
      """;

  /** Highlights a node's edges on hover. Contains no '<' or '&', so it needs no escaping in XHTML. */
  private static final String SCRIPT = """
      (function () {
        var edges = document.querySelectorAll('path.edge');
        function mark(id, on) {
          edges.forEach(function (e) {
            if (e.getAttribute('data-from') === id || e.getAttribute('data-to') === id) e.classList.toggle('hl', on);
          });
        }
        document.querySelectorAll('g.node').forEach(function (n) {
          n.addEventListener('mouseenter', function () { mark(n.id, true); });
          n.addEventListener('mouseleave', function () { mark(n.id, false); });
        });
      })();
      """;
}
