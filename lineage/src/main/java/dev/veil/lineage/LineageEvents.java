package dev.veil.lineage;

import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PlannedStage;
import dev.veil.core.report.RunReport;
import dev.veil.core.report.StageMetrics;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.schema.Schema;
import dev.veil.core.stage.FieldLineage;
import dev.veil.lineage.facets.DeadLettersRunFacet;
import dev.veil.lineage.facets.PrivacyDatasetFacet;
import dev.veil.lineage.facets.VeilFacets;
import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Builds the OpenLineage run events of one pipeline run with the {@code openlineage-java} model.
 *
 * <p>Design: one job per pipeline ({@code <namespace>/<pipeline>}) whose run reads the source
 * dataset and writes the sink and dead-letter datasets, with column lineage composed over all
 * stages; and one child job per stage ({@code <pipeline>.<index>-<stage>}), linked to the pipeline
 * run by the {@code parent} facet, whose run reads the previous stage's output and writes its own,
 * with that stage's column lineage. The intermediate datasets between stages exist only inside the
 * engine; they are named {@code <pipeline>/stage-<index>} in the job namespace. File datasets follow
 * the OpenLineage naming convention: namespace {@code file}, name the absolute path.
 *
 * <p>Every masked field carries {@code masking: true} on its transformation; the {@code veil_privacy}
 * facet lists each column's PII classes and operator; the {@code veil_deadLetters} facet gives the
 * per-stage counts. No event holds a record value. Immutable and thread-safe.
 */
public final class LineageEvents {
  /** The producer URI of every event and facet. */
  public static final URI PRODUCER = URI.create("https://veil.dev/veil/" + version());

  private final OpenLineage ol = new OpenLineage(PRODUCER);
  private final String namespace;
  private final List<FacetContributor> contributors;

  /** @param namespace the job namespace, like {@code veil} or a team's name */
  public LineageEvents(String namespace) {
    this(namespace, List.of());
  }

  private LineageEvents(String namespace, List<FacetContributor> contributors) {
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("namespace must be a non-empty string. Provided value: '" + namespace + "'");
    }
    this.namespace = namespace;
    this.contributors = List.copyOf(contributors);
  }

  /** A copy whose pipeline events also carry the facets {@code c} adds. */
  public LineageEvents with(FacetContributor c) {
    List<FacetContributor> all = new ArrayList<>(contributors);
    all.add(c);
    return new LineageEvents(namespace, all);
  }

  public String namespace() {
    return namespace;
  }

  /** The pipeline's START event. */
  public OpenLineage.RunEvent start(PipelinePlan plan, UUID runId, Instant at, String engine) {
    return pipelineEvent(plan, runId, at, OpenLineage.RunEvent.EventType.START, engine, null, null);
  }

  /**
   * The events of a finished run: START and COMPLETE of every stage's child run (stages run fused
   * inside the engine, so both carry the pipeline's start and end times), then the pipeline's
   * COMPLETE.
   */
  public List<OpenLineage.RunEvent> complete(PipelinePlan plan, UUID runId, Instant startedAt, RunReport report) {
    List<OpenLineage.RunEvent> out = new ArrayList<>();
    Instant end = startedAt.plus(report.wallTime());
    for (PlannedStage s : plan.stages()) {
      UUID child = childRunId(runId, s.index());
      out.add(stageEvent(plan, runId, child, s, startedAt, OpenLineage.RunEvent.EventType.START, null));
      out.add(stageEvent(plan, runId, child, s, end, OpenLineage.RunEvent.EventType.COMPLETE, report.stages().get(s.index())));
    }
    out.add(pipelineEvent(plan, runId, end, OpenLineage.RunEvent.EventType.COMPLETE, report.engine() + " " + report.engineVersion(), report, null));
    return out;
  }

  /** The pipeline's FAIL event, with an {@code errorMessage} facet (the message, never record values). */
  public OpenLineage.RunEvent fail(PipelinePlan plan, UUID runId, Instant at, String engine, Throwable error) {
    return pipelineEvent(plan, runId, at, OpenLineage.RunEvent.EventType.FAIL, engine, null, error);
  }

  /** The pipeline's ABORT event (the run was stopped before it finished). */
  public OpenLineage.RunEvent abort(PipelinePlan plan, UUID runId, Instant at, String engine) {
    return pipelineEvent(plan, runId, at, OpenLineage.RunEvent.EventType.ABORT, engine, null, null);
  }

  /** A stage's child run id, derived from the pipeline run id so every event of a run can be regrouped. */
  public static UUID childRunId(UUID runId, int stageIndex) {
    return UUID.nameUUIDFromBytes((runId + "/" + stageIndex).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public String jobName(PipelinePlan plan) {
    return plan.spec().name();
  }

  public String stageJobName(PipelinePlan plan, PlannedStage s) {
    return plan.spec().name() + "." + s.index() + "-" + s.spec().name();
  }

  // ---- pipeline ----

  private OpenLineage.RunEvent pipelineEvent(PipelinePlan plan, UUID runId, Instant at, OpenLineage.RunEvent.EventType type,
      String engine, RunReport report, Throwable error) {
    OpenLineage.RunFacetsBuilder rf = ol.newRunFacetsBuilder();
    if (engine != null) rf.processing_engine(processingEngine(engine));
    if (error != null) {
      rf.errorMessage(ol.newErrorMessageRunFacet(error.getClass().getSimpleName() + ": " + error.getMessage(), "JAVA", null));
    }
    if (report != null) {
      List<DeadLettersRunFacet.Stage> stages = new ArrayList<>();
      for (StageMetrics m : report.stages()) {
        stages.add(new DeadLettersRunFacet.Stage(m.index(), m.name(), m.type(), m.in(), m.out(), m.filtered(), m.deadLettered()));
      }
      rf.put(VeilFacets.DEAD_LETTERS, new DeadLettersRunFacet(PRODUCER, report.input(), report.output(), report.filtered(),
          report.deadLettered(), stages));
    }
    Dataset source = sourceDataset(plan);
    Dataset sink = fileDataset(plan.spec().sink().path());
    Dataset dead = fileDataset(plan.spec().deadLetterPath());

    OpenLineage.DatasetFacetsBuilder sinkFacets = ol.newDatasetFacetsBuilder()
        .schema(schemaFacet(plan.outputSchema()))
        .dataSource(ol.newDatasourceDatasetFacet(sink.namespace, URI.create(sink.namespace + "://" + sink.name)))
        .columnLineage(columnLineage(composedLineage(plan), source, plan.sourceSchema()));
    sinkFacets.put(VeilFacets.PRIVACY, privacyFacet(plan));
    OpenLineage.InputDatasetInputFacetsBuilder sourceInput = ol.newInputDatasetInputFacetsBuilder();
    for (FacetContributor c : contributors) {
      c.contribute(plan, report, ol, rf, sourceInput, sinkFacets);
    }
    OpenLineage.OutputDatasetBuilder sinkOut = ol.newOutputDatasetBuilder().namespace(sink.namespace).name(sink.name).facets(sinkFacets.build());
    OpenLineage.OutputDatasetBuilder deadOut = ol.newOutputDatasetBuilder().namespace(dead.namespace).name(dead.name)
        .facets(ol.newDatasetFacetsBuilder()
            .dataSource(ol.newDatasourceDatasetFacet(dead.namespace, URI.create(dead.namespace + "://" + dead.name))).build());
    if (report != null) {
      sinkOut.outputFacets(ol.newOutputDatasetOutputFacetsBuilder()
          .outputStatistics(ol.newOutputStatisticsOutputDatasetFacet(report.output(), directoryBytes(plan.spec().sink().path()), null)).build());
      deadOut.outputFacets(ol.newOutputDatasetOutputFacetsBuilder()
          .outputStatistics(ol.newOutputStatisticsOutputDatasetFacet(report.deadLettered(), directoryBytes(plan.spec().deadLetterPath()), null)).build());
    }
    OpenLineage.InputDataset in = ol.newInputDatasetBuilder().namespace(source.namespace).name(source.name)
        .facets(ol.newDatasetFacetsBuilder().schema(schemaFacet(plan.sourceSchema()))
            .dataSource(ol.newDatasourceDatasetFacet(source.namespace, URI.create(source.namespace + "://" + source.name))).build())
        .inputFacets(contributors.isEmpty() ? null : sourceInput.build())
        .build();
    return ol.newRunEventBuilder()
        .eventType(type)
        .eventTime(ZonedDateTime.ofInstant(at, ZoneOffset.UTC))
        .run(ol.newRunBuilder().runId(runId).facets(rf.build()).build())
        .job(ol.newJobBuilder().namespace(namespace).name(jobName(plan))
            .facets(ol.newJobFacetsBuilder().jobType(ol.newJobTypeJobFacet("BATCH", "VEIL", "PIPELINE", null)).build()).build())
        .inputs(List.of(in))
        .outputs(List.of(sinkOut.build(), deadOut.build()))
        .build();
  }

  // ---- stages ----

  private OpenLineage.RunEvent stageEvent(PipelinePlan plan, UUID parentRun, UUID runId, PlannedStage s, Instant at,
      OpenLineage.RunEvent.EventType type, StageMetrics metrics) {
    Dataset in = s.index() == 1 ? sourceDataset(plan) : virtualDataset(plan, s.index() - 1);
    boolean last = s.index() == plan.stages().size();
    Dataset out = last ? fileDataset(plan.spec().sink().path()) : virtualDataset(plan, s.index());
    Map<String, List<Edge>> lineage = new LinkedHashMap<>();
    for (FieldLineage l : s.plan().description().writes()) {
      for (String input : l.inputs()) {
        lineage.computeIfAbsent(l.output(), k -> new ArrayList<>()).add(new Edge(input, l.kind().name(), l.subtype(), l.masking(), l.description()));
      }
    }
    OpenLineage.DatasetFacetsBuilder outFacets = ol.newDatasetFacetsBuilder().schema(schemaFacet(s.output()))
        .columnLineage(columnLineage(lineage, in, s.input()));
    OpenLineage.OutputDatasetBuilder ob = ol.newOutputDatasetBuilder().namespace(out.namespace).name(out.name).facets(outFacets.build());
    if (metrics != null) {
      ob.outputFacets(ol.newOutputDatasetOutputFacetsBuilder().outputStatistics(ol.newOutputStatisticsOutputDatasetFacet(metrics.out(), null, null)).build());
    }
    OpenLineage.RunFacetsBuilder rf = ol.newRunFacetsBuilder()
        .parent(ol.newParentRunFacetBuilder()
            .run(ol.newParentRunFacetRunBuilder().runId(parentRun).build())
            .job(ol.newParentRunFacetJobBuilder().namespace(namespace).name(jobName(plan)).build())
            .build());
    return ol.newRunEventBuilder()
        .eventType(type)
        .eventTime(ZonedDateTime.ofInstant(at, ZoneOffset.UTC))
        .run(ol.newRunBuilder().runId(runId).facets(rf.build()).build())
        .job(ol.newJobBuilder().namespace(namespace).name(stageJobName(plan, s))
            .facets(ol.newJobFacetsBuilder().jobType(ol.newJobTypeJobFacet("BATCH", "VEIL", "STAGE", null)).build()).build())
        .inputs(List.of(ol.newInputDatasetBuilder().namespace(in.namespace).name(in.name)
            .facets(ol.newDatasetFacetsBuilder().schema(schemaFacet(s.input())).build()).build()))
        .outputs(List.of(ob.build()))
        .build();
  }

  // ---- facets ----

  private record Dataset(String namespace, String name) {}

  /** One input field of an output field, with how it was transformed. */
  private record Edge(String input, String type, String subtype, boolean masking, String description) {}

  private Dataset sourceDataset(PipelinePlan plan) {
    return fileDataset(plan.spec().source().path());
  }

  private static Dataset fileDataset(String path) {
    return new Dataset("file", Path.of(path).toAbsolutePath().normalize().toString());
  }

  private Dataset virtualDataset(PipelinePlan plan, int index) {
    return new Dataset(namespace, plan.spec().name() + "/stage-" + index);
  }

  private OpenLineage.ProcessingEngineRunFacet processingEngine(String engine) {
    String[] parts = engine.split(" ");
    String name = parts.length > 1 ? parts[1] : parts[0];
    String version = parts.length > 2 ? parts[2] : "unknown";
    return ol.newProcessingEngineRunFacet(version, name, version());
  }

  private OpenLineage.SchemaDatasetFacet schemaFacet(Schema schema) {
    List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
    for (Field f : schema.fields()) {
      String tags = String.join(", ", f.tags().toWords());
      fields.add(ol.newSchemaDatasetFacetFieldsBuilder().name(f.name()).type(f.type().specName())
          .description(tags.isEmpty() ? null : "veil tags: " + tags).build());
    }
    return ol.newSchemaDatasetFacet(fields);
  }

  private OpenLineage.ColumnLineageDatasetFacet columnLineage(Map<String, List<Edge>> lineage, Dataset in, Schema inputSchema) {
    OpenLineage.ColumnLineageDatasetFacetFieldsBuilder fields = ol.newColumnLineageDatasetFacetFieldsBuilder();
    for (Map.Entry<String, List<Edge>> e : lineage.entrySet()) {
      List<OpenLineage.InputField> inputs = new ArrayList<>();
      for (Edge edge : e.getValue()) {
        if (!inputSchema.has(edge.input())) continue;
        inputs.add(ol.newInputFieldBuilder().namespace(in.namespace).name(in.name).field(edge.input())
            .transformations(List.of(ol.newInputFieldTransformations(edge.type(), edge.subtype(), edge.description(), edge.masking())))
            .build());
      }
      fields.put(e.getKey(), ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(inputs).build());
    }
    return ol.newColumnLineageDatasetFacetBuilder().fields(fields.build()).build();
  }

  /**
   * The lineage of each output field back to source fields, composed over all stages: DIRECT only
   * when every step is direct, the last non-identity subtype, masking when any step masked.
   */
  static Map<String, List<Edge>> composedLineage(PipelinePlan plan) {
    Map<String, List<Edge>> current = new LinkedHashMap<>();
    for (Field f : plan.sourceSchema().fields()) {
      current.put(f.name(), List.of(new Edge(f.name(), "DIRECT", "IDENTITY", false, "read from the source")));
    }
    for (PlannedStage s : plan.stages()) {
      Map<String, List<Edge>> next = new LinkedHashMap<>();
      for (FieldLineage l : s.plan().description().writes()) {
        List<Edge> acc = next.computeIfAbsent(l.output(), k -> new ArrayList<>());
        for (String input : l.inputs()) {
          for (Edge src : current.getOrDefault(input, List.of())) {
            boolean direct = "DIRECT".equals(src.type()) && l.kind() == FieldLineage.Kind.DIRECT;
            String subtype = "IDENTITY".equals(l.subtype()) ? src.subtype() : l.subtype();
            if (!direct && "DIRECT".equals(l.kind().name())) subtype = src.subtype();
            // a masking step masks the data that flows through it, not the columns a filter merely read
            boolean masking = src.masking() || (l.masking() && direct);
            String desc = "IDENTITY".equals(l.subtype()) ? src.description() : l.description();
            Edge merged = new Edge(src.input(), direct ? "DIRECT" : "INDIRECT", subtype, masking, desc);
            if (!acc.contains(merged)) acc.add(merged);
          }
        }
      }
      current = next;
    }
    // keep one edge per (input, type): the most informative (masking wins, then a non-identity subtype)
    Map<String, List<Edge>> out = new LinkedHashMap<>();
    for (Field f : plan.outputSchema().fields()) {
      Map<String, Edge> best = new LinkedHashMap<>();
      for (Edge e : current.getOrDefault(f.name(), List.of())) {
        String key = e.input() + "|" + e.type();
        Edge old = best.get(key);
        if (old == null || (e.masking() && !old.masking()) || ("IDENTITY".equals(old.subtype()) && !"IDENTITY".equals(e.subtype()))) {
          best.put(key, old != null && old.masking() && !e.masking() ? old : e);
        }
      }
      out.put(f.name(), new ArrayList<>(best.values()));
    }
    return out;
  }

  private PrivacyDatasetFacet privacyFacet(PipelinePlan plan) {
    Map<String, String> operators = new LinkedHashMap<>();
    for (PlannedStage s : plan.stages()) {
      for (FieldLineage l : s.plan().description().writes()) {
        if (l.masking()) operators.put(l.output(), s.spec().type());
      }
    }
    Map<String, PrivacyDatasetFacet.Column> cols = new LinkedHashMap<>();
    for (Field f : plan.outputSchema().fields()) {
      if (!f.tags().isPii() && !f.tags().masked()) continue;
      List<String> classes = new ArrayList<>();
      Set<PiiClass> set = new LinkedHashSet<>(f.tags().piiClasses());
      for (PiiClass c : set) classes.add(c.name());
      cols.put(f.name(), new PrivacyDatasetFacet.Column(classes, operators.get(f.name()), f.tags().masked(), null, null, null, null));
    }
    return new PrivacyDatasetFacet(PRODUCER, cols, null);
  }

  private static Long directoryBytes(String dir) {
    Path p = Path.of(dir);
    if (!java.nio.file.Files.isDirectory(p)) return null;
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(p)) {
      long total = 0;
      for (Path f : s.filter(x -> x.getFileName().toString().startsWith("part-")).toList()) total += java.nio.file.Files.size(f);
      return total;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static String version() {
    Package p = LineageEvents.class.getPackage();
    return p != null && p.getImplementationVersion() != null ? p.getImplementationVersion() : "0.1.0-SNAPSHOT";
  }
}
