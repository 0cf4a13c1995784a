package dev.veil.pipelines.beam;

import dev.veil.core.error.RecordException;
import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PlannedStage;
import dev.veil.core.plan.StageExecutor;
import dev.veil.core.report.DeadLetter;
import dev.veil.core.stage.Op;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * One planned Veil stage as a Beam composite: a schema-aware {@code DoFn} that hands each record's
 * user values, aligned with the stage's input schema, to {@link StageExecutor#apply} (the reference
 * semantics of every op) and routes the outcome.
 *
 * <ul>
 *   <li>{@link #records()}: the records the stage kept, as rows of {@link BeamRows#recordSchema} of
 *       the stage's output schema, with their source location.
 *   <li>{@link #deadLetters()}: one {@link DeadLetter} JSON line per record the stage rejected with a
 *       {@link RecordException}, holding the values as the stage received them.
 *   <li>Records a filter dropped are only counted ({@link RunMetrics#filtered}).
 * </ul>
 *
 * Every input record ends in exactly one of the three. Counts and the time spent inside
 * {@code apply} are kept per bundle and added to the stage's committed counters when the bundle
 * finishes. Any other exception fails the run (it is a bug, not a bad record), naming the stage and
 * the source location but never a value.
 *
 * <p>Thread-safety: the transform is immutable once built. The {@code DoFn} is serializable (it
 * carries the stage's input schema and ops, not the {@link PlannedStage}), builds its
 * {@link StageExecutor} in {@code @Setup}, and keeps per-bundle counts in fields, relying on Beam's
 * guarantee that an instance processes one bundle at a time.
 */
final class StageTransform extends PTransform<PCollection<Row>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  /** Used at construction time only; not serializable (its StagePlan is not). */
  private final transient PlannedStage stage;
  private final String stageName;
  private final List<String> sourceFiles;
  private final Schema outputSchema;
  private final TupleTag<Row> records = new TupleTag<>("records");
  private final TupleTag<String> deadLetters = new TupleTag<>("dead-letters");
  private final TupleTag<String> findings = new TupleTag<>("findings");
  private final String findingsPath;

  private StageTransform(PlannedStage stage, String stageName, List<String> sourceFiles) {
    super(stage.index() + "-" + stageName);
    this.stage = stage;
    this.stageName = stageName;
    this.sourceFiles = sourceFiles;
    this.outputSchema = BeamRows.recordSchema(stage.output());
    String path = null;
    for (Op op : stage.plan().ops()) {
      if (op instanceof Op.Inspect in && in.findingsPath() != null) path = in.findingsPath();
    }
    this.findingsPath = path;
  }

  /** The directory the stage's findings go to, or null when it writes none. */
  String findingsPath() {
    return findingsPath;
  }

  /** The tag of the findings JSON lines (empty unless {@link #findingsPath()} is set). */
  TupleTag<String> findings() {
    return findings;
  }

  /** The transform of stage {@code stage} of {@code plan}, named {@code "<index>-<stage name>"}. */
  static StageTransform of(PipelinePlan plan, PlannedStage stage) {
    return new StageTransform(stage, plan.stageName(stage.index()), plan.sourceFiles());
  }

  /** The tag of the records the stage kept. */
  TupleTag<Row> records() {
    return records;
  }

  /** The tag of the dead-letter JSON lines of the records the stage rejected. */
  TupleTag<String> deadLetters() {
    return deadLetters;
  }

  @Override
  public PCollectionTuple expand(PCollection<Row> input) {
    PCollectionTuple out = input.apply("apply", ParDo.of(new ApplyStageFn(this))
        .withOutputTags(records, TupleTagList.of(deadLetters).and(findings)));
    out.get(records).setRowSchema(outputSchema);
    out.get(deadLetters).setCoder(StringUtf8Coder.of());
    out.get(findings).setCoder(StringUtf8Coder.of());
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("stageIndex", stage.index()).withLabel("Stage index"))
        .add(DisplayData.item("stageType", stage.spec().type()).withLabel("Stage type"))
        .add(DisplayData.item("stageName", stageName).withLabel("Stage name"))
        .add(DisplayData.item("ops", stage.plan().ops().size()).withLabel("Ops"));
  }

  /** Applies the stage to one record. */
  private static final class ApplyStageFn extends DoFn<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final String stageName;
    private final String stageType;
    private final dev.veil.core.schema.Schema input;
    private final List<Op> ops;
    private final List<String> sourceFiles;
    private final Schema outputSchema;
    private final boolean passThrough;
    private final TupleTag<Row> records;
    private final TupleTag<String> deadLetters;
    private final TupleTag<String> findingsTag;
    private final boolean inspects;
    private final boolean writeFindings;
    private final Counter deadCounter;
    private final Counter filteredCounter;
    private final Counter nanosCounter;

    private transient StageExecutor executor;
    private transient long dead;
    private transient long filtered;
    private transient long nanos;
    private transient java.util.List<dev.veil.core.stage.Finding> found;
    private transient java.util.Map<String, Long> findingCounts;

    ApplyStageFn(StageTransform t) {
      // ship only what the executor needs, not the whole plan
      this.index = t.stage.index();
      this.stageName = t.stageName;
      this.stageType = t.stage.spec().type();
      this.input = t.stage.input();
      this.ops = t.stage.plan().ops();
      this.sourceFiles = t.sourceFiles;
      this.outputSchema = t.outputSchema;
      // A stage without ops (like detect) changes tags only: its records pass unchanged.
      this.passThrough = t.stage.plan().ops().isEmpty() && t.outputSchema.equals(BeamRows.recordSchema(t.stage.input()));
      this.records = t.records;
      this.deadLetters = t.deadLetters;
      this.findingsTag = t.findings;
      this.inspects = t.stage.plan().ops().stream().anyMatch(o -> o instanceof Op.Inspect);
      this.writeFindings = t.findingsPath != null;
      this.deadCounter = RunMetrics.dead(t.stage.index());
      this.filteredCounter = RunMetrics.filtered(t.stage.index());
      this.nanosCounter = RunMetrics.nanos(t.stage.index());
    }

    @Setup
    public void setup() {
      executor = new StageExecutor(input, ops);
    }

    @StartBundle
    public void startBundle() {
      dead = 0;
      filtered = 0;
      nanos = 0;
      found = inspects ? new java.util.ArrayList<>() : null;
      findingCounts = new java.util.TreeMap<>();
    }

    @ProcessElement
    public void process(@Element Row row, MultiOutputReceiver out) {
      if (passThrough) {
        out.get(records).output(row);
        return;
      }
      Object[] values = BeamRows.values(row, input.size());
      Object[] result;
      long start = System.nanoTime();
      try {
        if (found != null) found.clear();
        result = executor.apply(values, found);
      } catch (RecordException e) {
        nanos += System.nanoTime() - start;
        dead++;
        out.get(deadLetters).output(new DeadLetter(index, stageName, e.reason(), e.getMessage(), e.field(),
            sourceFiles.get(BeamRows.file(row)), BeamRows.line(row), DeadLetter.recordOf(input, values), null).toJson());
        return;
      } catch (RuntimeException e) {
        throw new IllegalStateException("stage " + index + " '" + stageName + "' (" + stageType + ") failed on "
            + sourceFiles.get(BeamRows.file(row)) + " line " + BeamRows.line(row) + " with " + e.getClass().getName()
            + "; this is a bug in the stage, not a bad record", e);
      }
      nanos += System.nanoTime() - start;
      if (result == null) {
        filtered++;
        return;
      }
      if (found != null && !found.isEmpty()) {
        // findings count only for records the stage passes on, as on every engine
        for (dev.veil.core.stage.Finding f : found) {
          findingCounts.merge(f.key(), 1L, Long::sum);
          if (writeFindings) {
            out.get(findingsTag).output(f.toJsonLine(sourceFiles.get(BeamRows.file(row)), BeamRows.line(row), index, stageName));
          }
        }
      }
      out.get(records).output(BeamRows.record(outputSchema, result, BeamRows.file(row), BeamRows.line(row)));
    }

    @FinishBundle
    public void finishBundle() {
      if (dead > 0) deadCounter.inc(dead);
      if (filtered > 0) filteredCounter.inc(filtered);
      if (!passThrough) nanosCounter.inc(nanos);
      for (java.util.Map.Entry<String, Long> e : findingCounts.entrySet()) {
        RunMetrics.findings(index, e.getKey()).inc(e.getValue());
      }
    }
  }
}
