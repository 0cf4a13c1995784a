package dev.veil.core.plan;

import dev.veil.core.schema.Schema;
import dev.veil.core.stage.StagePlan;
import dev.veil.core.stage.StageSpec;
import java.io.Serializable;

/**
 * A stage at its place in a pipeline: its 1-based index (0 is the source), spec, input schema and
 * plan. Serializable so engine adapters can ship it to workers.
 */
public record PlannedStage(int index, StageSpec spec, Schema input, StagePlan plan) implements Serializable {
  public Schema output() {
    return plan.output();
  }

  public StageExecutor executor() {
    return new StageExecutor(input, plan.ops());
  }
}
