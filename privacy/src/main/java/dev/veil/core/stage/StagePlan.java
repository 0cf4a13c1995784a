package dev.veil.core.stage;

import dev.veil.core.schema.Schema;
import java.util.List;

/**
 * A stage resolved against its input schema: the output schema (with tags), the ops the engines
 * run, the stage's self-description, and notes for the run report (for example what detection
 * classified). Immutable.
 */
public record StagePlan(Schema output, List<Op> ops, StageDescription description, List<String> notes) implements java.io.Serializable {
  public StagePlan {
    ops = List.copyOf(ops);
    notes = List.copyOf(notes);
  }
}
