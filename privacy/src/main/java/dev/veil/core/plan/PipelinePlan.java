package dev.veil.core.plan;

import dev.veil.core.schema.Schema;
import dev.veil.core.spec.PipelineSpec;
import java.io.Serializable;
import java.util.List;

/**
 * A pipeline resolved against its source before any engine runs: the source schema, every stage
 * with its input and output schema, the final schema, and the source's file list (dead letters and
 * reports name files by index into it). Both engines execute the same plan.
 */
public record PipelinePlan(PipelineSpec spec, Schema sourceSchema, List<String> sourceFiles, List<PlannedStage> stages) implements Serializable {
  public PipelinePlan {
    sourceFiles = List.copyOf(sourceFiles);
    stages = List.copyOf(stages);
  }

  public Schema outputSchema() {
    return stages.isEmpty() ? sourceSchema : stages.get(stages.size() - 1).output();
  }

  /** The stage name for an index (0 is {@code source}). */
  public String stageName(int index) {
    return index == 0 ? "source" : stages.get(index - 1).spec().name();
  }
}
