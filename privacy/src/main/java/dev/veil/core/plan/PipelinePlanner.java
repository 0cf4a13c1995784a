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
      List<Object[]> next = new ArrayList<>(rows.size());
      for (Object[] r : ex.aggregateOp() != null ? List.<Object[]>of() : rows) {
        if (ex.frequenciesOp() != null) {
          // a two-pass stage is planned from all records at run time: later stages see the sample ungeneralized
          next.add(ex.frequenciesOp().planner().preview(r));
          continue;
        }
        try {
          Object[] o = ex.apply(r);
          if (o != null) next.add(o);
        } catch (RecordException e) {
          // dead-lettered in the sample as it will be in the run
        }
      }
      rows = next;
      planned.add(ps);
      schema = p.output();
      index++;
    }
    return new PipelinePlan(spec, sourceSchema, sourceFiles, planned);
  }
}
