package dev.veil.lineage.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PipelinePlanner;
import dev.veil.core.report.RunCounts;
import dev.veil.core.report.RunReport;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.spec.SourceSpec;
import dev.veil.core.stage.builtin.CastStage;
import dev.veil.core.stage.builtin.DropStage;
import dev.veil.core.stage.builtin.FilterStage;
import dev.veil.lineage.LineageEvents;
import dev.veil.privacy.detect.DetectStage;
import dev.veil.privacy.mask.MaskStage;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class LineageHtmlTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SCRIPT_FIELD = "<script>x</script>";
  /** The official example events, read from ../shared/data (never copied into the project). */
  static final Path EXAMPLES = Path.of(System.getProperty("veil.shared.data", "../../shared/data"), "openlineage", "example-events");

  static final UUID RUN = UUID.fromString("5b1f9d7e-0c4a-4a8e-9a55-3f1c2d7e8a01");
  static List<String> demoLines;
  static List<JsonNode> demoEvents;
  static PipelinePlan plan;
  static String demoPage;
  static Document demoDoc;

  // ---- a realistic run, built like LineageEventsTest does ----

  static PipelinePlan demoPlan() {
    Schema source = Schema.of(Field.of("id", FieldType.STRING), Field.of("email", FieldType.STRING),
        Field.of("age", FieldType.STRING), Field.of("notes", FieldType.STRING), Field.of(SCRIPT_FIELD, FieldType.STRING));
    List<Object[]> sample = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sample.add(new Object[] {"c" + i, "user" + i + "@example.com", Integer.toString(20 + i), "please write to someone" + i + "@example.org soon",
          "v" + i});
    }
    PipelineSpec spec = PipelineSpec.builder("customers")
        .source(SourceSpec.csv("/data/in.csv").withTags("id", "privacy-unit"))
        .stage(CastStage.of(Map.of("age", FieldType.LONG)))
        .stage(FilterStage.of("age >= 21"))
        .stage(DetectStage.defaults())
        .stage(MaskStage.allPii())
        .stage(DropStage.of("notes"))
        .sink(SinkSpec.parquet("/data/out"))
        .build();
    return PipelinePlanner.plan(spec, source, List.of("/data/in.csv"), sample);
  }

  static RunReport report(PipelinePlan plan) {
    RunCounts c = new RunCounts(plan.stages().size());
    c.addRead(100);
    c.addDead(0, 3);
    c.addDead(1, 2);
    c.addFiltered(2, 5);
    return RunReport.of("r", plan, "spark", "Spark 3.5.9 local[2]", Instant.parse("2026-11-25T10:00:00Z"), Duration.ofSeconds(3), c);
  }

  @BeforeAll
  static void buildDemo() throws Exception {
    plan = demoPlan();
    LineageEvents le = new LineageEvents("veil");
    Instant start = Instant.parse("2026-11-25T10:00:00Z");
    List<OpenLineage.RunEvent> events = new ArrayList<>();
    events.add(le.start(plan, RUN, start, "spark Spark 3.5.9"));
    events.addAll(le.complete(plan, RUN, start, report(plan)));
    demoLines = new ArrayList<>();
    demoEvents = new ArrayList<>();
    for (OpenLineage.RunEvent e : events) {
      String line = OpenLineageClientUtils.toJson(e);
      demoLines.add(line);
      demoEvents.add(JSON.readTree(line));
    }
    demoPage = LineageHtml.render(demoLines);
    demoDoc = parseXml(demoPage);
  }

  // ---- well formed, self-contained ----

  @Test
  void page_isWellFormedXhtml() {
    Element root = demoDoc.getDocumentElement();
    assertEquals("html", root.getLocalName());
    assertEquals("http://www.w3.org/1999/xhtml", root.getNamespaceURI());
    assertTrue(demoPage.startsWith("<!DOCTYPE html>"), demoPage.substring(0, 40));
    assertEquals(1, elements(demoDoc, "svg").size(), "one inline SVG graph");
    assertEquals("http://www.w3.org/2000/svg", elements(demoDoc, "svg").get(0).getNamespaceURI());
    // ids are unique
    Set<String> ids = new HashSet<>();
    for (Element e : allElements(demoDoc)) {
      if (e.hasAttribute("id")) assertTrue(ids.add(e.getAttribute("id")), "duplicate id " + e.getAttribute("id"));
    }
    assertTrue(demoPage.chars().allMatch(c -> c < 0x7F), "the page is ASCII");
  }

  @Test
  void page_isSelfContained() {
    Matcher external = Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(demoPage);
    assertFalse(external.find(), () -> "external reference: " + demoPage.substring(external.start(), external.start() + 60));
    assertFalse(Pattern.compile("(?i)url\\(\\s*['\"]?(https?:)?//|@import|<link\\b|<img\\b|<iframe\\b").matcher(demoPage).find());
    int links = 0;
    for (Element e : allElements(demoDoc)) {
      NamedNodeMap attrs = e.getAttributes();
      for (int i = 0; i < attrs.getLength(); i++) {
        String name = attrs.item(i).getNodeName();
        String value = attrs.item(i).getNodeValue();
        assertFalse(name.equals("src") || name.endsWith(":src"), "no src attribute: <" + e.getTagName() + " " + name + "=" + value + ">");
        if (name.equals("href") || name.endsWith(":href")) {
          links++;
          assertTrue(value.startsWith("#"), "only in-page links: " + value);
          assertNotNull(byId(demoDoc, value.substring(1)), "link target exists: " + value);
        }
      }
      if (e.getLocalName().equals("script")) assertFalse(e.hasAttribute("src"));
    }
    assertTrue(links > 20, "the page links its parts: " + links);
  }

  // ---- graph ----

  @Test
  void graph_hasEveryDatasetAndJobExactlyOnce() {
    Set<List<String>> datasets = new HashSet<>();
    Set<List<String>> jobs = new HashSet<>();
    for (JsonNode e : demoEvents) {
      jobs.add(List.of(e.at("/job/namespace").asText(), e.at("/job/name").asText()));
      for (JsonNode d : e.get("inputs")) datasets.add(List.of(d.get("namespace").asText(), d.get("name").asText()));
      for (JsonNode d : e.get("outputs")) datasets.add(List.of(d.get("namespace").asText(), d.get("name").asText()));
    }
    int stages = plan.stages().size();
    // source, sink, dead letters, and the stages' intermediate outputs; the pipeline job and one per stage
    assertEquals(3 + stages - 1, datasets.size());
    assertEquals(1 + stages, jobs.size());
    assertTrue(jobs.contains(List.of("veil", "customers.4-mask")), jobs.toString());

    List<Element> datasetNodes = nodes("dataset");
    List<Element> jobNodes = nodes("job");
    assertEquals(datasets.size(), datasetNodes.size());
    assertEquals(jobs.size(), jobNodes.size());
    Set<List<String>> seenDatasets = new HashSet<>();
    for (Element n : datasetNodes) {
      List<String> key = List.of(n.getAttribute("data-namespace"), n.getAttribute("data-name"));
      assertTrue(seenDatasets.add(key), "once: " + key);
      assertEquals("dataset-" + Html.qualifiedIdPart(key.get(0), key.get(1)), n.getAttribute("id"));
    }
    assertEquals(datasets, seenDatasets);
    Set<List<String>> seenJobs = new HashSet<>();
    for (Element n : jobNodes) {
      List<String> key = List.of(n.getAttribute("data-namespace"), n.getAttribute("data-name"));
      assertTrue(seenJobs.add(key), "once: " + key);
      assertEquals("job-" + Html.qualifiedIdPart(key.get(0), key.get(1)), n.getAttribute("id"));
    }
    assertEquals(jobs, seenJobs);
    assertEquals("dataset-file//data/in.csv", byId(demoDoc, "dataset-file//data/in.csv").getAttribute("id"));
    assertEquals(String.valueOf(datasets.size()), summary("datasets"));
    assertEquals(String.valueOf(jobs.size()), summary("jobs"));
  }

  @Test
  void graph_hasEveryInputAndOutputEdgeExactlyOnce_andLayersFollowThem() {
    Map<String, List<String>> nodeKey = new HashMap<>(); // node id -> [kind, namespace, name]
    for (Element n : nodes(null)) {
      nodeKey.put(n.getAttribute("id"), List.of(n.getAttribute("class").contains("dataset") ? "dataset" : "job",
          n.getAttribute("data-namespace"), n.getAttribute("data-name")));
    }
    Set<List<String>> expected = new HashSet<>();
    for (JsonNode e : demoEvents) {
      List<String> job = List.of("job", e.at("/job/namespace").asText(), e.at("/job/name").asText());
      for (JsonNode d : e.get("inputs")) {
        expected.add(List.of("input", String.join("|", List.of("dataset", d.get("namespace").asText(), d.get("name").asText())), String.join("|", job)));
      }
      for (JsonNode d : e.get("outputs")) {
        expected.add(List.of("output", String.join("|", job), String.join("|", List.of("dataset", d.get("namespace").asText(), d.get("name").asText()))));
      }
    }
    int stages = plan.stages().size();
    assertEquals(3 + 2 * stages, expected.size(), "pipeline: 1 in, 2 out; each stage: 1 in, 1 out");

    List<Element> edges = elements(demoDoc, "path").stream().filter(p -> p.getAttribute("class").startsWith("edge")).toList();
    Set<List<String>> found = new HashSet<>();
    Map<String, Integer> depth = new HashMap<>();
    for (Element n : nodes(null)) depth.put(n.getAttribute("id"), Integer.parseInt(n.getAttribute("data-depth")));
    for (Element p : edges) {
      String kind = p.getAttribute("class").contains("input") ? "input" : "output";
      List<String> from = nodeKey.get(p.getAttribute("data-from"));
      List<String> to = nodeKey.get(p.getAttribute("data-to"));
      assertNotNull(from, "edge starts at a node: " + p.getAttribute("data-from"));
      assertNotNull(to, "edge ends at a node: " + p.getAttribute("data-to"));
      assertTrue(found.add(List.of(kind, String.join("|", from), String.join("|", to))), "edge once: " + from + " -> " + to);
      assertFalse(p.getAttribute("class").contains("back"), "the demo graph has no cycle");
      assertTrue(depth.get(p.getAttribute("data-to")) > depth.get(p.getAttribute("data-from")), "layered left to right: " + from + " -> " + to);
      assertTrue(p.getAttribute("d").startsWith("M"), p.getAttribute("d"));
    }
    assertEquals(expected, found);
    assertEquals(0, depth.get("dataset-file//data/in.csv"));
    assertEquals(2 * stages, depth.get("dataset-file//data/out"), "the sink is after the last stage job");
  }

  @Test
  void graph_layoutDoesNotDependOnEventOrder() {
    List<String> shuffled = new ArrayList<>(demoLines);
    Collections.shuffle(shuffled, new Random(7));
    assertFalse(shuffled.equals(demoLines));
    String a = svg(demoPage);
    String b = svg(LineageHtml.render(shuffled));
    assertEquals(a, b);
  }

  // ---- column lineage ----

  @Test
  void columnLineage_everyInputFieldIsARow_andExactlyTheMaskedOnesAreMarked() {
    Set<List<String>> expected = new HashSet<>();
    for (JsonNode e : demoEvents) {
      for (JsonNode o : e.get("outputs")) {
        String out = o.get("namespace").asText() + "/" + o.get("name").asText();
        o.at("/facets/columnLineage/fields").fields().forEachRemaining(f -> {
          for (JsonNode in : f.getValue().get("inputFields")) {
            for (JsonNode t : in.get("transformations")) {
              expected.add(List.of(out + "#" + f.getKey(), in.get("namespace").asText() + "/" + in.get("name").asText() + "#" + in.get("field").asText(),
                  t.get("type").asText(), t.get("subtype").asText(), t.path("description").asText(""), String.valueOf(t.get("masking").asBoolean())));
            }
          }
        });
      }
    }
    assertTrue(expected.size() > 20, "a real lineage: " + expected.size());
    Set<List<String>> found = new HashSet<>();
    int masked = 0;
    for (Element tr : clRows()) {
      List<Element> td = children(tr, "td");
      boolean isMasked = classes(tr).contains("masked");
      boolean badge = !descendantsWithClass(tr, "badge-masked").isEmpty();
      assertEquals(isMasked, badge, "the masked class and badge agree: " + tr.getAttribute("data-output"));
      if (isMasked) masked++;
      assertTrue(found.add(List.of(tr.getAttribute("data-output"), tr.getAttribute("data-input"), td.get(3).getTextContent(), td.get(4).getTextContent(),
          td.get(5).getTextContent(), String.valueOf(isMasked))), "row once: " + tr.getAttribute("data-output") + " <- " + tr.getAttribute("data-input"));
    }
    assertEquals(expected, found);
    assertTrue(masked > 0 && masked < found.size(), masked + " of " + found.size());
    assertEquals(String.valueOf(found.size()), summary("column-rows"));
    assertEquals(String.valueOf(masked), summary("masked-rows"));

    // the sink's email comes masked from the source's email; its age is cast, not masked
    Element email = clRow("file//data/out#email", "file//data/in.csv#email", "DIRECT");
    assertTrue(classes(email).contains("masked"));
    Element age = clRow("file//data/out#age", "file//data/in.csv#age", "DIRECT");
    assertFalse(classes(age).contains("masked"));
    assertTrue(descendantsWithClass(age, "badge-masked").isEmpty());
    // the mask stage's own lineage is marked too
    Element stageMask = clRow("veil/customers/stage-4#email", "veil/customers/stage-3#email", "DIRECT");
    assertTrue(classes(stageMask).contains("masked"));
  }

  @Test
  void columnLineage_showsPrivacyClassesAndOperatorsBesideTheColumns() {
    Element email = clRow("file//data/out#email", "file//data/in.csv#email", "DIRECT");
    String privacy = children(email, "td").get(1).getTextContent();
    assertTrue(privacy.contains("EMAIL_ADDRESS"), privacy);
    assertTrue(privacy.contains("mask"), privacy);
    Element age = clRow("file//data/out#age", "file//data/in.csv#age", "DIRECT");
    assertEquals("", children(age, "td").get(1).getTextContent().strip(), "age is not PII");
    // the datasets section lists the facet too, and marks masked columns in the sink's schema
    Element sinkInfo = byId(demoDoc, "dsinfo-file//data/out");
    assertNotNull(sinkInfo);
    assertFalse(descendantsWithClass(sinkInfo, "masked-column").isEmpty());
    assertTrue(sinkInfo.getTextContent().contains("EMAIL_ADDRESS"));
  }

  // ---- runs ----

  @Test
  void runs_areGroupedWithTheirEventsStateEngineDeadLettersAndStatistics() {
    List<Element> runs = elements(demoDoc, "section").stream().filter(s -> classes(s).contains("run")).toList();
    assertEquals(1 + plan.stages().size(), runs.size(), "the pipeline run and one child run per stage");
    assertEquals(String.valueOf(runs.size()), summary("runs"));
    assertEquals(String.valueOf(demoLines.size()), summary("events"));
    assertEquals("0", summary("problems"));
    assertEquals(RUN.toString(), runs.get(0).getAttribute("data-run-id"), "runs in time order, the pipeline's START first");
    for (Element r : runs) assertEquals("COMPLETE", r.getAttribute("data-state"));

    Element pipeline = byId(demoDoc, "run-" + RUN);
    List<String> types = new ArrayList<>();
    for (Element tr : descendantsWithClass(pipeline, "event")) types.add(tr.getAttribute("data-event-type"));
    assertEquals(List.of("START", "COMPLETE"), types);
    String text = pipeline.getTextContent();
    assertTrue(text.contains("Spark 3.5.9"), "processing engine");
    Element stagesTable = descendantsWithClass(pipeline, "dead-letter-stages").get(0);
    List<Element> stageRows = descendantsWithClass(stagesTable, "stage");
    assertEquals(demoEvents.get(demoEvents.size() - 1).at("/run/facets/veil_deadLetters/stages").size(), stageRows.size());
    assertEquals(2, descendantsWithClass(stagesTable, "has-dead-letters").size(), "two stages dead-lettered records");
    List<String> totals = children(elements(descendantsWithClass(pipeline, "dead-letter-totals").get(0), "tbody").get(0).getElementsByTagName("td"));
    assertEquals(List.of("100", "90", "5", "5"), totals);
    // output statistics: 90 rows to the sink, 5 to the dead letters
    for (Element tr : descendantsWithClass(pipeline, "io-output")) {
      String rows = children(tr, "td").get(2).getTextContent();
      if (tr.getAttribute("data-dataset").equals("file//data/out")) assertEquals("90", rows);
      if (tr.getAttribute("data-dataset").equals("file//data/out-dead-letter")) assertEquals("5", rows);
    }
    assertEquals(2, descendantsWithClass(pipeline, "io-output").size());
    // a stage run links to its parent, the parent lists it
    Element child = byId(demoDoc, "run-" + LineageEvents.childRunId(RUN, 4));
    assertTrue(child.getTextContent().contains(RUN.toString()));
    boolean linked = false;
    for (Element a : descendantsWithClass(pipeline, "run-link")) linked |= a.getAttribute("href").equals("#run-" + LineageEvents.childRunId(RUN, 4));
    assertTrue(linked, "the pipeline run links its child runs");
    // other facets as readable key/value lists
    assertFalse(descendantsWithClass(pipeline, "facet").isEmpty());
  }

  @Test
  void failedRun_showsStateAndEscapedErrorMessage() {
    UUID run = UUID.fromString("00000000-0000-0000-0000-00000000000f");
    LineageEvents le = new LineageEvents("veil");
    List<String> lines = List.of(
        OpenLineageClientUtils.toJson(le.start(plan, run, Instant.parse("2026-11-25T11:00:00Z"), "beam Beam 2.62.0")),
        OpenLineageClientUtils.toJson(le.fail(plan, run, Instant.parse("2026-11-25T11:00:05Z"), "beam Beam 2.62.0",
            new IllegalStateException("disk <full> & \"quoted\" 'x'"))));
    String page = LineageHtml.render(lines);
    Document doc = parseXml(page);
    Element r = byId(doc, "run-" + run);
    assertEquals("FAIL", r.getAttribute("data-state"));
    String msg = descendantsWithClass(r, "error-message").get(0).getTextContent();
    assertTrue(msg.startsWith("IllegalStateException: disk <full> & \"quoted\" 'x'"), msg);
    assertFalse(page.contains("<full>"));
    assertTrue(r.getTextContent().contains("5.000 s"), "duration from START to FAIL");
  }

  @Test
  void abortedRun_hasStateAbort() {
    UUID run = UUID.fromString("00000000-0000-0000-0000-0000000000ab");
    LineageEvents le = new LineageEvents("veil");
    Document doc = parseXml(LineageHtml.render(List.of(
        OpenLineageClientUtils.toJson(le.abort(plan, run, Instant.parse("2026-11-25T12:00:01Z"), "spark Spark 3.5.9")),
        OpenLineageClientUtils.toJson(le.start(plan, run, Instant.parse("2026-11-25T12:00:00Z"), "spark Spark 3.5.9")))));
    Element r = byId(doc, "run-" + run);
    assertEquals("ABORT", r.getAttribute("data-state"));
    List<String> types = descendantsWithClass(r, "event").stream().map(e -> e.getAttribute("data-event-type")).toList();
    assertEquals(List.of("START", "ABORT"), types, "events in time order, not input order");
  }

  @Test
  void datasetLevelLineageAndLegacyFieldLevelTransformationsAreRows() {
    String e = "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"run\":{\"runId\":\"r1\"},"
        + "\"job\":{\"namespace\":\"ns\",\"name\":\"j\"},\"inputs\":[{\"namespace\":\"db\",\"name\":\"in\"}],"
        + "\"outputs\":[{\"namespace\":\"db\",\"name\":\"out\",\"facets\":{\"columnLineage\":{"
        + "\"fields\":{\"a\":{\"inputFields\":[{\"namespace\":\"db\",\"name\":\"in\",\"field\":\"x\"}],"
        + "\"transformationType\":\"IDENTICAL\",\"transformationDescription\":\"legacy\"}},"
        + "\"dataset\":[{\"namespace\":\"db\",\"name\":\"in\",\"field\":\"y\",\"transformations\":[{\"type\":\"INDIRECT\","
        + "\"subtype\":\"FILTER\"}]}]}}}]}";
    Document doc = parseXml(LineageHtml.render(List.of(e)));
    List<Element> rows = clRows(doc);
    assertEquals(2, rows.size());
    assertEquals("db/out#a", rows.get(0).getAttribute("data-output"));
    assertEquals("db/in#x", rows.get(0).getAttribute("data-input"));
    assertEquals(List.of("IDENTICAL", "legacy"), List.of(children(rows.get(0), "td").get(3).getTextContent(),
        children(rows.get(0), "td").get(5).getTextContent()));
    assertEquals("db/out", rows.get(1).getAttribute("data-output"), "a whole-dataset dependency");
    assertEquals("db/in#y", rows.get(1).getAttribute("data-input"));
    assertEquals("FILTER", children(rows.get(1), "td").get(4).getTextContent());
    assertEquals("0", summary(doc, "masked-rows"));
  }

  // ---- escaping ----

  @Test
  void textFromEventsIsEscaped() {
    assertFalse(demoPage.contains(SCRIPT_FIELD), "the field name is escaped wherever it appears");
    assertEquals(1, countOf(demoPage, "<script"), "only the page's own script");
    assertEquals(1, elements(demoDoc, "script").size());
    Element row = clRow("file//data/out#" + SCRIPT_FIELD, "file//data/in.csv#" + SCRIPT_FIELD, "DIRECT");
    assertEquals(SCRIPT_FIELD, children(row, "td").get(0).getTextContent());

    // names, namespaces, run ids and facet values with markup, built by hand
    String evil = "{\"eventType\":\"START\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"run\":{\"runId\":\"r<1>&\\\"\","
        + "\"facets\":{\"x<y>\":{\"_producer\":\"p\",\"k&\":\"</pre><script>alert(1)</script>\"}}},"
        + "\"job\":{\"namespace\":\"n&s\",\"name\":\"j<b>'\\\"\"},\"inputs\":[{\"namespace\":\"a b\",\"name\":\"<i>in</i>\"}],"
        + "\"outputs\":[{\"namespace\":\"o\",\"name\":\"out]]>\",\"facets\":{\"columnLineage\":{\"fields\":{\"c<\":{\"inputFields\":"
        + "[{\"namespace\":\"a b\",\"name\":\"<i>in</i>\",\"field\":\"" + "<script>x</script>" + "\",\"transformations\":[{\"type\":\"DIRECT\","
        + "\"subtype\":\"&amp;\",\"description\":\"a \\u0001 \\u00e9 \\ud83d\\ude00 <desc>\",\"masking\":true}]}]}}}}}]}";
    String page = LineageHtml.render(List.of(evil));
    Document doc = parseXml(page);
    assertEquals(1, countOf(page, "<script"));
    assertFalse(page.contains("<i>in</i>"));
    Element job = nodes(doc, "job").get(0);
    assertEquals("j<b>'\"", job.getAttribute("data-name"));
    assertEquals("n&s", job.getAttribute("data-namespace"));
    assertFalse(job.getAttribute("id").matches(".*\\s.*"), "ids have no whitespace: " + job.getAttribute("id"));
    Element ds = nodes(doc, "dataset").stream().filter(n -> n.getAttribute("data-namespace").equals("a b")).findFirst().orElseThrow();
    assertEquals("dataset-a%20b/%3ci%3ein%3c/i%3e", ds.getAttribute("id"));
    Element evilRow = clRows(doc).get(0);
    assertEquals("o/out]]>#c<", evilRow.getAttribute("data-output"));
    assertEquals("a b/<i>in</i>#<script>x</script>", evilRow.getAttribute("data-input"));
    assertEquals("&amp;", children(evilRow, "td").get(4).getTextContent());
    assertEquals("a \uFFFD \u00e9 \uD83D\uDE00 <desc>", children(evilRow, "td").get(5).getTextContent());
    Element run = elements(doc, "section").stream().filter(s -> classes(s).contains("run")).findFirst().orElseThrow();
    assertEquals("r<1>&\"", run.getAttribute("data-run-id"));
    assertTrue(run.getTextContent().contains("</pre><script>alert(1)</script>"), "facet values shown as text");
  }

  // ---- foreign events and problems ----

  @Test
  @org.junit.jupiter.api.Tag("shared-data")
  void officialExampleEvents_render() throws Exception {
    List<String> examples = new ArrayList<>();
    try (var files = Files.list(EXAMPLES)) {
      for (Path p : files.sorted().toList()) examples.add(Files.readString(p));
    }
    assertEquals(4, examples.size());
    String page = LineageHtml.render(examples);
    Document doc = parseXml(page);
    assertEquals("0", summary(doc, "problems"), page);
    assertEquals("4", summary(doc, "events"));
    assertEquals("2", summary(doc, "runs"));
    // the dataset event's dataset and the job event's job share a namespace/name; both are nodes, once each
    assertEquals(1, nodes(doc, "dataset").stream().filter(n -> n.getAttribute("data-name").equals("name")).count());
    assertEquals(1, nodes(doc, "job").stream().filter(n -> n.getAttribute("data-name").equals("name")).count());
    assertEquals(4, nodes(doc, "dataset").size(), "instance.schema.table, dataset_a, dataset_b, name");
    assertEquals(2, nodes(doc, "job").size());
    // the full example reads and writes the same table: a cycle, drawn as a back edge
    long back = elements(doc, "path").stream().filter(p -> classes(p).contains("back")).count();
    assertEquals(1, back);
    Element full = byId(doc, "run-ea041791-68bc-4ae1-bd89-4c8106a157e4");
    assertEquals("COMPLETE", full.getAttribute("data-state"));
    assertTrue(full.getTextContent().contains("2097152"), "output statistics");
    assertTrue(full.getTextContent().contains("openlineage_client_version"), "the tags facet as a table");
    assertTrue(full.getTextContent().contains("no_null_values"), "input facets");
    assertEquals("RUNNING", byId(doc, "run-69f4acab-b87d-4fc0-b27b-8ea950370ff3").getAttribute("data-state"));
    assertEquals(2, children(elements(byId(doc, "other-events"), "tbody").get(0), "tr").size(), "the job and the dataset event");
  }

  @Test
  @org.junit.jupiter.api.Tag("shared-data")
  void renderPath_readsJsonLines_andFallsBackToOnePrettyPrintedEvent(@TempDir Path dir) throws Exception {
    Path jsonl = dir.resolve("events.jsonl");
    List<String> compact = new ArrayList<>();
    try (var files = Files.list(EXAMPLES)) {
      for (Path p : files.sorted().toList()) compact.add(JSON.readTree(p.toFile()).toString());
    }
    Files.writeString(jsonl, String.join("\n", compact) + "\n\n");
    String page = LineageHtml.render(jsonl);
    Document doc = parseXml(page);
    assertEquals("4", summary(doc, "events"));
    assertEquals("0", summary(doc, "problems"));
    assertTrue(page.contains("<title>Veil lineage &#x2014; events.jsonl</title>"));

    String pretty = LineageHtml.render(EXAMPLES.resolve("example_full_event.json"));
    Document prettyDoc = parseXml(pretty);
    assertEquals("1", summary(prettyDoc, "events"));
    assertEquals("0", summary(prettyDoc, "problems"));
  }

  @Test
  void malformedLinesAreReportedInThePage() {
    List<String> lines = new ArrayList<>(demoLines);
    lines.add(2, "{\"eventType\": \"START\", <oops");
    lines.add("[1, 2]");
    lines.add("{\"hello\": \"world\"}");
    lines.add("   ");
    String page = LineageHtml.render(lines);
    Document doc = parseXml(page);
    List<Element> problems = descendantsWithClass(byId(doc, "problems"), "problem");
    List<String> where = problems.stream().map(p -> p.getAttribute("data-where")).toList();
    assertEquals(List.of("line 3", "line " + (demoLines.size() + 2) + ", element 1", "line " + (demoLines.size() + 2) + ", element 2",
        "line " + (demoLines.size() + 3)), where);
    assertTrue(problems.get(0).getTextContent().contains("not valid JSON"), problems.get(0).getTextContent());
    assertTrue(problems.get(0).getTextContent().contains("<oops"), "the line is quoted, escaped");
    assertTrue(problems.get(3).getTextContent().contains("neither a job nor a dataset"));
    assertEquals("4", summary(doc, "problems"));
    assertEquals(String.valueOf(demoLines.size()), summary(doc, "events"), "the good lines are all rendered");
    assertEquals(svg(demoPage), svg(page));
  }

  @Test
  void noEvents_giveAnEmptyButWellFormedPage() {
    Document doc = parseXml(LineageHtml.render(List.of()));
    assertEquals("0", summary(doc, "events"));
    assertEquals(0, elements(doc, "svg").size());
    assertEquals("0", summary(doc, "problems"));
  }

  // ---- helpers ----

  static Document parseXml(String page) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setValidating(false);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
        @Override
        public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
          throw e;
        }

        @Override
        public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
          throw e;
        }
      });
      return b.parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError("the page is not well-formed XML: " + e.getMessage(), e);
    }
  }

  static List<Element> allElements(Node root) {
    List<Element> out = new ArrayList<>();
    NodeList l = root instanceof Document d ? d.getElementsByTagName("*") : ((Element) root).getElementsByTagName("*");
    for (int i = 0; i < l.getLength(); i++) out.add((Element) l.item(i));
    return out;
  }

  static List<Element> elements(Node root, String localName) {
    return allElements(root).stream().filter(e -> localName.equals(e.getLocalName())).toList();
  }

  static Element byId(Document doc, String id) {
    for (Element e : allElements(doc)) if (id.equals(e.getAttribute("id"))) return e;
    return null;
  }

  static Set<String> classes(Element e) {
    return new HashSet<>(List.of(e.getAttribute("class").trim().split("\\s+")));
  }

  static List<Element> descendantsWithClass(Element root, String cls) {
    return allElements(root).stream().filter(e -> classes(e).contains(cls)).toList();
  }

  static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName())) out.add(e);
    }
    return out;
  }

  static List<String> children(NodeList l) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < l.getLength(); i++) out.add(l.item(i).getTextContent());
    return out;
  }

  static List<Element> nodes(String kind) {
    return nodes(demoDoc, kind);
  }

  static List<Element> nodes(Document doc, String kind) {
    return elements(doc, "g").stream().filter(g -> classes(g).contains("node") && (kind == null || classes(g).contains(kind))).toList();
  }

  static List<Element> clRows() {
    return clRows(demoDoc);
  }

  static List<Element> clRows(Document doc) {
    return elements(doc, "tr").stream().filter(tr -> classes(tr).contains("cl-row")).toList();
  }

  static Element clRow(String output, String input, String type) {
    List<Element> m = clRows().stream().filter(tr -> tr.getAttribute("data-output").equals(output) && tr.getAttribute("data-input").equals(input)
        && children(tr, "td").get(3).getTextContent().equals(type)).toList();
    assertEquals(1, m.size(), output + " <- " + input + " " + type);
    return m.get(0);
  }

  static String summary(String key) {
    return summary(demoDoc, key);
  }

  static String summary(Document doc, String key) {
    return byId(doc, "summary-" + key).getAttribute("data-count");
  }

  static String svg(String page) {
    int a = page.indexOf("<svg");
    int b = page.indexOf("</svg>");
    assertTrue(a >= 0 && b > a);
    return page.substring(a, b);
  }

  static int countOf(String s, String sub) {
    int n = 0;
    for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) n++;
    return n;
  }
}
