package dev.veil.pipelines.beam;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.core.error.RecordException;
import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PlannedStage;
import dev.veil.core.plan.StageExecutor;
import dev.veil.core.report.DeadLetter;
import dev.veil.core.stage.FrequencyPlanner;
import dev.veil.privacy.kanon.FrequencySet;
import java.util.HashMap;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * A two-pass stage ({@link dev.veil.core.stage.Op.Frequencies}: {@code kanonymize}, {@code risk}) as a
 * Beam composite:
 *
 * <ol>
 *   <li>{@code key}: each record's text tuple ({@link FrequencyPlanner#key}), {@code count}:
 *       {@code Combine.globally} into one {@link FrequencySet}, whose accumulator is a map from tuple
 *       to count (lifted: every bundle counts its own records, then the maps are merged once; it
 *       fails with {@link FrequencyPlanner#tooManyDistinct} as soon as a map holds more than
 *       {@code maxDistinct} tuples). Not {@code Count.perElement} first: its output reaches the
 *       global combine one tuple per bundle on the DirectRunner, whose grouping state then copies
 *       every accumulator gathered so far once per bundle, quadratic in the distinct tuples;
 *   <li>{@code plan}: one {@code DoFn} calls {@link FrequencyPlanner#plan} and publishes the
 *       report as JSON in the {@code privacy-<i>} string-set metric (see {@link RunMetrics}), and the
 *       plan becomes a singleton side input;
 *   <li>{@code apply}: every record runs through the plan's per-record ops with
 *       {@link StageExecutor#apply}, routed to {@link #records()}, {@link #deadLetters()} or the
 *       filtered count exactly as {@link StageTransform} does.
 * </ol>
 *
 * The frequency set and the plan are encoded with Java serialization. Thread-safety: immutable once
 * built; the apply {@code DoFn} builds its executor once per plan and keeps per-bundle counts in
 * fields (Beam runs one bundle at a time per instance).
 */
final class FrequenciesTransform extends PTransform<PCollection<Row>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  private final transient PlannedStage stage;
  private final String stageName;
  private final List<String> sourceFiles;
  private final Schema outputSchema;
  private final TupleTag<Row> records = new TupleTag<>("records");
  private final TupleTag<String> deadLetters = new TupleTag<>("dead-letters");

  private FrequenciesTransform(PlannedStage stage, String stageName, List<String> sourceFiles) {
    super(stage.index() + "-" + stageName);
    this.stage = stage;
    this.stageName = stageName;
    this.sourceFiles = sourceFiles;
    this.outputSchema = BeamRows.recordSchema(stage.output());
  }

  /** The transform of stage {@code stage} of {@code plan}. */
  static FrequenciesTransform of(PipelinePlan plan, PlannedStage stage) {
    return new FrequenciesTransform(stage, plan.stageName(stage.index()), plan.sourceFiles());
  }

  TupleTag<Row> records() {
    return records;
  }

  TupleTag<String> deadLetters() {
    return deadLetters;
  }

  @Override
  public PCollectionTuple expand(PCollection<Row> input) {
    FrequencyPlanner planner = stage.executor().frequenciesOp().planner();
    int[] idx = new int[planner.keyFields().size()];
    for (int i = 0; i < idx.length; i++) idx[i] = stage.input().indexOf(planner.keyFields().get(i));
    Coder<List<String>> keyCoder = ListCoder.of(NullableCoder.of(StringUtf8Coder.of()));
    PCollection<List<String>> keys = input.apply("key", ParDo.of(new KeyFn(planner, idx, stage.input().size()))).setCoder(keyCoder);
    PCollection<FrequencySet> set = keys.apply("count", Combine.globally(new CountFn(planner)))
        .setCoder(SerializableCoder.of(FrequencySet.class));
    PCollectionView<FrequencyPlanner.Planned> plan = set
        .apply("plan", ParDo.of(new PlanFn(planner, stage.index())))
        .setCoder(SerializableCoder.of(FrequencyPlanner.Planned.class))
        .apply("view", View.asSingleton());
    PCollectionTuple out = input.apply("apply", ParDo.of(new ApplyFn(this, plan)).withSideInputs(plan)
        .withOutputTags(records, TupleTagList.of(deadLetters)));
    out.get(records).setRowSchema(outputSchema);
    out.get(deadLetters).setCoder(StringUtf8Coder.of());
    return out;
  }

  /** A record's text tuple; records the planner leaves out are not counted. */
  private static final class KeyFn extends DoFn<Row, List<String>> {
    private static final long serialVersionUID = 1L;
    private final FrequencyPlanner planner;
    private final int[] idx;
    private final int width;

    KeyFn(FrequencyPlanner planner, int[] idx, int width) {
      this.planner = planner;
      this.idx = idx;
      this.width = width;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<List<String>> out) {
      Object[] values = BeamRows.values(row, width);
      Object[] v = new Object[idx.length];
      for (int i = 0; i < idx.length; i++) v[i] = values[idx[i]];
      String[] key = planner.key(v);
      if (key != null) out.output(java.util.Arrays.asList(key));
    }
  }

  /**
   * Counts the tuples into one frequency set, bounded by {@code maxDistinct}: each bundle counts its
   * records into a map of its own (Beam lifts this combine), and the maps are merged once.
   */
  private static final class CountFn extends Combine.CombineFn<List<String>, HashMap<List<String>, Long>, FrequencySet> {
    private static final long serialVersionUID = 1L;
    private final FrequencyPlanner planner;

    CountFn(FrequencyPlanner planner) {
      this.planner = planner;
    }

    @Override
    public HashMap<List<String>, Long> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public HashMap<List<String>, Long> addInput(HashMap<List<String>, Long> acc, List<String> key) {
      acc.merge(key, 1L, Long::sum);
      if (acc.size() > planner.maxDistinct()) throw planner.tooManyDistinct();
      return acc;
    }

    @Override
    public HashMap<List<String>, Long> mergeAccumulators(Iterable<HashMap<List<String>, Long>> accs) {
      HashMap<List<String>, Long> out = new HashMap<>();
      for (HashMap<List<String>, Long> a : accs) {
        a.forEach((k, v) -> out.merge(k, v, Long::sum));
        if (out.size() > planner.maxDistinct()) throw planner.tooManyDistinct();
      }
      return out;
    }

    @Override
    public FrequencySet extractOutput(HashMap<List<String>, Long> acc) {
      FrequencySet.Builder b = FrequencySet.builder(planner.quasiIdentifiers(), planner.withSensitive());
      acc.forEach((k, v) -> b.add(k.toArray(new String[0]), v));
      return b.build();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Coder<HashMap<List<String>, Long>> getAccumulatorCoder(CoderRegistry registry, Coder<List<String>> inputCoder) {
      return (Coder) SerializableCoder.of(HashMap.class);
    }

    @Override
    public Coder<FrequencySet> getDefaultOutputCoder(CoderRegistry registry, Coder<List<String>> inputCoder) {
      return SerializableCoder.of(FrequencySet.class);
    }
  }

  /** Plans once from the frequency set and publishes the report (numbers only) as a metric. */
  private static final class PlanFn extends DoFn<FrequencySet, FrequencyPlanner.Planned> {
    private static final long serialVersionUID = 1L;
    private final FrequencyPlanner planner;
    private final int index;

    PlanFn(FrequencyPlanner planner, int index) {
      this.planner = planner;
      this.index = index;
    }

    @ProcessElement
    public void process(@Element FrequencySet set, OutputReceiver<FrequencyPlanner.Planned> out) throws Exception {
      FrequencyPlanner.Planned p = planner.plan(set);
      Metrics.stringSet(RunMetrics.NAMESPACE, RunMetrics.PRIVACY + index).add(new ObjectMapper().writeValueAsString(p.report()));
      out.output(p);
    }
  }

  /** Runs the plan's per-record ops on one record. */
  private static final class ApplyFn extends DoFn<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final int index;
    private final String stageName;
    private final String stageType;
    private final dev.veil.core.schema.Schema input;
    private final List<String> sourceFiles;
    private final Schema outputSchema;
    private final TupleTag<Row> records;
    private final TupleTag<String> deadLetters;
    private final PCollectionView<FrequencyPlanner.Planned> planView;
    private final Counter deadCounter;
    private final Counter filteredCounter;
    private final Counter nanosCounter;

    private transient FrequencyPlanner.Planned plannedFor;
    private transient StageExecutor executor;
    private transient long dead;
    private transient long filtered;
    private transient long nanos;

    ApplyFn(FrequenciesTransform t, PCollectionView<FrequencyPlanner.Planned> planView) {
      this.index = t.stage.index();
      this.stageName = t.stageName;
      this.stageType = t.stage.spec().type();
      this.input = t.stage.input();
      this.sourceFiles = t.sourceFiles;
      this.outputSchema = t.outputSchema;
      this.records = t.records;
      this.deadLetters = t.deadLetters;
      this.planView = planView;
      this.deadCounter = RunMetrics.dead(index);
      this.filteredCounter = RunMetrics.filtered(index);
      this.nanosCounter = RunMetrics.nanos(index);
    }

    @StartBundle
    public void startBundle() {
      dead = 0;
      filtered = 0;
      nanos = 0;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      Row row = c.element();
      FrequencyPlanner.Planned planned = c.sideInput(planView);
      if (planned != plannedFor) {
        executor = new StageExecutor(input, planned.ops());
        plannedFor = planned;
      }
      Object[] values = BeamRows.values(row, input.size());
      Object[] result;
      long start = System.nanoTime();
      try {
        result = executor.apply(values);
      } catch (RecordException e) {
        nanos += System.nanoTime() - start;
        dead++;
        c.output(deadLetters, new DeadLetter(index, stageName, e.reason(), e.getMessage(), e.field(),
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
      c.output(BeamRows.record(outputSchema, result, BeamRows.file(row), BeamRows.line(row)));
    }

    @FinishBundle
    public void finishBundle() {
      if (dead > 0) deadCounter.inc(dead);
      if (filtered > 0) filteredCounter.inc(filtered);
      nanosCounter.inc(nanos);
    }
  }
}
