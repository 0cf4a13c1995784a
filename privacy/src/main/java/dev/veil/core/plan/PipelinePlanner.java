package dev.veil.core.plan;

import dev.veil.core.error.RecordException;
import dev.veil.core.error.SpecException;
import dev.veil.core.schema.Schema;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StagePlan;
import dev.veil.core.stage.StageSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a {@link PipelineSpec} into a {@link PipelinePlan}: each stage is planned against the
 * schema the previous one produces, with a sample of the records that reach it (the source's
 * leading well-formed records run through the earlier stages by {@link StageExecutor}). Every
 * configuration error surfaces here, before an engine starts, naming the stage. A stage that
 * aggregates ({@link dev.veil.core.stage.Op.Aggregate}) must be the last one. Stateless.
 */
public final class PipelinePlanner {
  private PipelinePlanner() {}

  /**
   * @param sample leading well-formed source records, aligned with {@code sourceSchema}
   * @throws SpecException naming the stage and what does not fit
   */
  public static PipelinePlan plan(PipelineSpec spec, Schema sourceSchema, List<String> sourceFiles, List<Object[]> sample) {
    Schema schema = sourceSchema;
    List<Object[]> rows = new ArrayList<>(sample);
    List<PlannedStage> planned = new ArrayList<>();
    int index = 1;
    for (StageSpec s : spec.stages()) {
      StagePlan p;
      try {
        p = s.plan(new StageContext(schema, index, rows));
      } catch (IllegalArgumentException e) {
        throw new SpecException(spec.name() + ": stage " + index + " '" + s.name() + "' (" + s.type() + "): " + e.getMessage());
      }
      PlannedStage ps = new PlannedStage(index, s, schema, p);
      StageExecutor ex = ps.executor();
      if (!ex.outputSchema().names().equals(p.output().names())) {
        throw new IllegalStateException("stage '" + s.name() + "' declares output " + p.output().names()
            + " but its ops produce " + ex.outputSchema().names());
      }
      if (ex.aggregateOp() != null && index < spec.stages().size()) {
        throw new SpecException(spec.name() + ": stage " + index + " '" + s.name() + "' (" + s.type()
            + ") aggregates all records and must be the last stage of the pipeline; it is followed by "
            + (spec.stages().size() - index) + " more stage(s)");
      }
      rows = ex.aggregateOp() != null ? List.of() : ex.frequenciesOp() != null ? sampleThroughTwoPass(ex, schema, rows) : applyAll(ex, rows);
      planned.add(ps);
      schema = p.output();
      index++;
    }
    return new PipelinePlan(spec, sourceSchema, sourceFiles, planned);
  }

  private static List<Object[]> applyAll(StageExecutor ex, List<Object[]> rows) {
    List<Object[]> next = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      try {
        Object[] o = ex.apply(r);
        if (o != null) next.add(o);
      } catch (RecordException e) {
        // dead-lettered in the sample as it will be in the run
      }
    }
    return next;
  }

  /**
   * What the sample looks like after a two-pass stage (k-anonymization), for planning the stages
   * after it. The run plans that stage from the counts of all records, which do not exist yet; so
   * the sample is planned on its own, by the same planner, and run through that plan's ops: later
   * stages see values in the forms the stage writes (ranges, hierarchy labels, {@code *}) and no
   * records it would suppress or dead-letter. The sample's own plan may generalize differently from
   * the run's (fewer records usually need coarser levels). When the sample admits no plan (k larger
   * than the sample, say), the sample passes with only the type changes of
   * {@link dev.veil.core.stage.FrequencyPlanner#preview}.
   */
  static List<Object[]> sampleThroughTwoPass(StageExecutor ex, Schema input, List<Object[]> rows) {
    dev.veil.core.stage.FrequencyPlanner.Planned own;
    try {
      own = ex.frequencies(rows);
    } catch (IllegalArgumentException e) {
      List<Object[]> next = new ArrayList<>(rows.size());
      for (Object[] r : rows) next.add(ex.frequenciesOp().planner().preview(r));
      return next;
    }
    return applyAll(new StageExecutor(input, own.ops()), rows);
  }
}
