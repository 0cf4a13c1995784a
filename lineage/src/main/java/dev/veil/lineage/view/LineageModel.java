package dev.veil.lineage.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the lineage page shows, gathered from a list of OpenLineage events (run, job and dataset
 * events, in any order): the jobs and datasets with their latest facets, the input/output edges, the
 * column-lineage rows, the runs with their events in time order, and the problems met on the way.
 *
 * <p>Tolerant by design: a line that is not JSON, not an object or not an OpenLineage event becomes a
 * {@link Problem}; a missing or odd field is skipped (with a problem when the event loses meaning).
 * Built once by {@link #of} and not modified afterwards; not shared between threads by its users.
 */
final class LineageModel {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Something in the input that could not be read or made sense of. {@code where} is like "line 3". */
  record Problem(String where, String message, String excerpt) {}

  record DatasetRef(String namespace, String name) implements Comparable<DatasetRef> {
    String key() {
      return namespace + "/" + name;
    }

    String nodeId() {
      return "dataset-" + Html.qualifiedIdPart(namespace, name);
    }

    @Override
    public int compareTo(DatasetRef o) {
      int c = namespace.compareTo(o.namespace);
      return c != 0 ? c : name.compareTo(o.name);
    }
  }

  record JobRef(String namespace, String name) implements Comparable<JobRef> {
    String key() {
      return namespace + "/" + name;
    }

    String nodeId() {
      return "job-" + Html.qualifiedIdPart(namespace, name);
    }

    @Override
    public int compareTo(JobRef o) {
      int c = namespace.compareTo(o.namespace);
      return c != 0 ? c : name.compareTo(o.name);
    }
  }

  /** One input or output of an event: the dataset, its dataset facets, and its input/output facets. */
  record Io(DatasetRef dataset, JsonNode facets, JsonNode ioFacets) {}

  /** One parsed event. {@code seq} is its position in the input; {@code time} is null when absent or unreadable. */
  record Event(int seq, String where, JsonNode raw, String eventType, String eventTime, Instant time, String runId, JsonNode runFacets,
      JobRef job, JsonNode jobFacets, List<Io> inputs, List<Io> outputs, DatasetRef dataset, JsonNode datasetFacets) {
    String kind() {
      if (runId != null) return "run event";
      if (job != null) return "job event";
      return "dataset event";
    }
  }

  /** A graph edge between two node ids: dataset → job for an input, job → dataset for an output. */
  record Edge(String from, String to, String kind) implements Comparable<Edge> {
    @Override
    public int compareTo(Edge o) {
      int c = from.compareTo(o.from);
      if (c != 0) return c;
      c = to.compareTo(o.to);
      return c != 0 ? c : kind.compareTo(o.kind);
    }
  }

  /** One input field of one output column (or of the whole output dataset when {@code column} is null). */
  record ColumnRow(DatasetRef output, String column, JobRef job, String inputNamespace, String inputName, String inputField,
      String type, String subtype, String description, boolean masking) {
    String outputKey() {
      return output.key() + (column == null ? "" : "#" + column);
    }

    String inputKey() {
      return inputNamespace + "/" + inputName + "#" + inputField;
    }
  }

  static final class DatasetInfo {
    final DatasetRef ref;
    /** Latest value of each dataset facet, by event time. */
    final Map<String, JsonNode> facets = new TreeMap<>();
    final Set<JobRef> producers = new TreeSet<>();
    final Set<JobRef> consumers = new TreeSet<>();

    DatasetInfo(DatasetRef ref) {
      this.ref = ref;
    }
  }

  static final class JobInfo {
    final JobRef ref;
    final Map<String, JsonNode> facets = new TreeMap<>();
    final Set<DatasetRef> reads = new TreeSet<>();
    final Set<DatasetRef> writes = new TreeSet<>();
    final Set<String> runIds = new LinkedHashSet<>();

    JobInfo(JobRef ref) {
      this.ref = ref;
    }
  }

  static final class RunInfo {
    final String runId;
    /** In time order (events without a time last), then input order. */
    final List<Event> events = new ArrayList<>();

    RunInfo(String runId) {
      this.runId = runId;
    }

    Instant firstTime() {
      for (Event e : events) if (e.time() != null) return e.time();
      return null;
    }

    int firstSeq() {
      int m = Integer.MAX_VALUE;
      for (Event e : events) m = Math.min(m, e.seq());
      return m;
    }

    /** COMPLETE, FAIL or ABORT from the latest terminal event; RUNNING when started but not ended; UNKNOWN when no event has a type. */
    String state() {
      String terminal = null;
      boolean started = false;
      for (Event e : events) {
        String t = e.eventType() == null ? "" : e.eventType().toUpperCase(java.util.Locale.ROOT);
        switch (t) {
          case "COMPLETE", "FAIL", "ABORT" -> terminal = t;
          case "START", "RUNNING", "OTHER" -> started = true;
          default -> { }
        }
      }
      if (terminal != null) return terminal;
      return started ? "RUNNING" : "UNKNOWN";
    }
  }

  final List<Problem> problems = new ArrayList<>();
  /** All events, in time order (events without a time last), then input order. */
  final List<Event> events = new ArrayList<>();
  final Map<DatasetRef, DatasetInfo> datasets = new TreeMap<>();
  final Map<JobRef, JobInfo> jobs = new TreeMap<>();
  final Set<Edge> edges = new TreeSet<>();
  /** Column-lineage rows per output dataset, without duplicates, in time order of first appearance. */
  final Map<DatasetRef, Set<ColumnRow>> columnLineage = new TreeMap<>();
  final Map<String, RunInfo> runs = new LinkedHashMap<>();
  /** Events without a run: job events and dataset events. */
  final List<Event> eventsWithoutRun = new ArrayList<>();

  private int lastSeq;

  private LineageModel() {}

  /** An input entry: where it came from ("line 3") and its text. */
  record Entry(String where, String text) {}

  static LineageModel of(List<Entry> entries) {
    LineageModel m = new LineageModel();
    List<Event> parsed = new ArrayList<>();
    for (Entry en : entries) {
      if (en.text() == null || en.text().isBlank()) continue;
      JsonNode node;
      try {
        node = JSON.readTree(en.text());
      } catch (JsonProcessingException e) {
        m.problems.add(new Problem(en.where(), "not valid JSON: " + jsonMessage(e), excerpt(en.text())));
        continue;
      }
      if (node != null && node.isArray()) {
        int i = 0;
        for (JsonNode el : node) {
          i++;
          m.parseEvent(en.where() + ", element " + i, el, en.text(), parsed);
        }
      } else {
        m.parseEvent(en.where(), node, en.text(), parsed);
      }
    }
    parsed.sort(Comparator.comparing(Event::time, Comparator.nullsLast(Comparator.naturalOrder())).thenComparingInt(Event::seq));
    m.events.addAll(parsed);
    for (Event e : m.events) m.index(e);
    List<RunInfo> ordered = new ArrayList<>(m.runs.values());
    ordered.sort(Comparator.comparing(RunInfo::firstTime, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparingInt(RunInfo::firstSeq).thenComparing(r -> r.runId));
    m.runs.clear();
    for (RunInfo r : ordered) m.runs.put(r.runId, r);
    return m;
  }

  private static String jsonMessage(JsonProcessingException e) {
    String msg = e.getOriginalMessage();
    if (e.getLocation() != null) {
      msg += " (at column " + e.getLocation().getColumnNr() + (e.getLocation().getLineNr() > 1 ? " of line " + e.getLocation().getLineNr() : "") + ")";
    }
    return msg;
  }

  private static String excerpt(String text) {
    return Html.head(text.strip(), 200);
  }

  private void parseEvent(String where, JsonNode node, String text, List<Event> out) {
    if (node == null || !node.isObject()) {
      problems.add(new Problem(where, "not a JSON object", excerpt(text)));
      return;
    }
    JsonNode run = node.path("run");
    JsonNode jobNode = node.path("job");
    JsonNode datasetNode = node.path("dataset");
    if (!jobNode.isObject() && !datasetNode.isObject()) {
      problems.add(new Problem(where, "not an OpenLineage event: it has neither a job nor a dataset", excerpt(text)));
      return;
    }
    String eventTime = text(node.get("eventTime"));
    Instant time = null;
    if (eventTime == null) {
      problems.add(new Problem(where, "the event has no eventTime", null));
    } else {
      time = parseTime(eventTime);
      if (time == null) problems.add(new Problem(where, "eventTime '" + eventTime + "' is not an ISO-8601 date-time", null));
    }
    JobRef job = null;
    if (jobNode.isObject()) {
      String ns = text(jobNode.get("namespace"));
      String name = text(jobNode.get("name"));
      if (ns == null || name == null) {
        problems.add(new Problem(where, "the job has no namespace or no name; its inputs and outputs are not shown", excerpt(text)));
      } else {
        job = new JobRef(ns, name);
      }
    }
    String runId = null;
    if (run.isObject()) {
      runId = text(run.get("runId"));
      if (runId == null) problems.add(new Problem(where, "the run has no runId; the event is shown without a run", null));
    }
    if (job == null) runId = null;
    DatasetRef dataset = null;
    if (datasetNode.isObject()) {
      dataset = datasetRef(where, datasetNode);
    }
    List<Io> inputs = job == null ? List.of() : ios(where, node.get("inputs"), "inputFacets");
    List<Io> outputs = job == null ? List.of() : ios(where, node.get("outputs"), "outputFacets");
    if (job == null && dataset == null) return;
    out.add(new Event(++lastSeq, where, node, text(node.get("eventType")), eventTime, time, runId,
        objectOrEmpty(run.get("facets")), job, objectOrEmpty(jobNode.get("facets")), inputs, outputs, dataset,
        objectOrEmpty(datasetNode.get("facets"))));
  }

  private List<Io> ios(String where, JsonNode arr, String ioFacetsName) {
    List<Io> l = new ArrayList<>();
    if (arr == null || arr.isNull()) return l;
    if (!arr.isArray()) {
      problems.add(new Problem(where, "'" + (ioFacetsName.startsWith("input") ? "inputs" : "outputs") + "' is not an array", null));
      return l;
    }
    for (JsonNode d : arr) {
      DatasetRef ref = datasetRef(where, d);
      if (ref != null) l.add(new Io(ref, objectOrEmpty(d.get("facets")), objectOrEmpty(d.get(ioFacetsName))));
    }
    return l;
  }

  private DatasetRef datasetRef(String where, JsonNode d) {
    String ns = d.isObject() ? text(d.get("namespace")) : null;
    String name = d.isObject() ? text(d.get("name")) : null;
    if (ns == null || name == null) {
      problems.add(new Problem(where, "a dataset without namespace or name is left out", Html.head(d.toString(), 200)));
      return null;
    }
    return new DatasetRef(ns, name);
  }

  private void index(Event e) {
    if (e.dataset() != null) {
      DatasetInfo d = dataset(e.dataset());
      putFacets(d.facets, e.datasetFacets());
    }
    if (e.job() == null) {
      eventsWithoutRun.add(e);
      return;
    }
    JobInfo j = jobs.computeIfAbsent(e.job(), JobInfo::new);
    putFacets(j.facets, e.jobFacets());
    for (Io in : e.inputs()) {
      DatasetInfo d = dataset(in.dataset());
      putFacets(d.facets, in.facets());
      d.consumers.add(e.job());
      j.reads.add(in.dataset());
      edges.add(new Edge(in.dataset().nodeId(), e.job().nodeId(), "input"));
    }
    for (Io o : e.outputs()) {
      DatasetInfo d = dataset(o.dataset());
      putFacets(d.facets, o.facets());
      d.producers.add(e.job());
      j.writes.add(o.dataset());
      edges.add(new Edge(e.job().nodeId(), o.dataset().nodeId(), "output"));
      collectColumnLineage(e, o);
    }
    if (e.runId() == null) {
      eventsWithoutRun.add(e);
    } else {
      j.runIds.add(e.runId());
      runs.computeIfAbsent(e.runId(), RunInfo::new).events.add(e);
    }
  }

  private DatasetInfo dataset(DatasetRef ref) {
    return datasets.computeIfAbsent(ref, DatasetInfo::new);
  }

  private static void putFacets(Map<String, JsonNode> into, JsonNode facets) {
    for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getValue().isObject() && f.getValue().path("_deleted").asBoolean(false)) {
        into.remove(f.getKey());
      } else {
        into.put(f.getKey(), f.getValue());
      }
    }
  }

  private void collectColumnLineage(Event e, Io o) {
    JsonNode cl = o.facets().path("columnLineage");
    if (!cl.isObject()) return;
    Set<ColumnRow> rows = columnLineage.computeIfAbsent(o.dataset(), k -> new LinkedHashSet<>());
    JsonNode fields = cl.path("fields");
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode of = f.getValue();
      for (JsonNode in : of.path("inputFields")) addRows(rows, o.dataset(), f.getKey(), e.job(), in, of);
    }
    for (JsonNode in : cl.path("dataset")) addRows(rows, o.dataset(), null, e.job(), in, cl);
  }

  /** One row per transformation of an input field; one row when it has none (then the deprecated field-level type/description, if any). */
  private static void addRows(Set<ColumnRow> rows, DatasetRef out, String column, JobRef job, JsonNode in, JsonNode outerField) {
    String ns = orEmpty(text(in.get("namespace")));
    String name = orEmpty(text(in.get("name")));
    String field = orEmpty(text(in.get("field")));
    JsonNode ts = in.path("transformations");
    if (ts.isArray() && !ts.isEmpty()) {
      for (JsonNode t : ts) {
        rows.add(new ColumnRow(out, column, job, ns, name, field, text(t.get("type")), text(t.get("subtype")), text(t.get("description")),
            t.path("masking").asBoolean(false)));
      }
    } else {
      rows.add(new ColumnRow(out, column, job, ns, name, field, text(outerField.get("transformationType")), null,
          text(outerField.get("transformationDescription")), false));
    }
  }

  // ---- small helpers ----

  /** The text of a scalar node; null for a missing, null, object or array node. */
  static String text(JsonNode n) {
    return n != null && n.isValueNode() && !n.isNull() ? n.asText() : null;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static JsonNode objectOrEmpty(JsonNode n) {
    return n != null && n.isObject() ? n : JSON.createObjectNode();
  }

  /** An ISO-8601 date-time with offset or zone, or a local one read as UTC; null when unreadable. */
  static Instant parseTime(String s) {
    try {
      TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(s.strip(), ZonedDateTime::from, LocalDateTime::from);
      return t instanceof ZonedDateTime z ? z.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
