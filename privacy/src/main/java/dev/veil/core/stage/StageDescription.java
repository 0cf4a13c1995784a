package dev.veil.core.stage;

import java.util.List;
import java.util.Map;

/**
 * What a planned stage does, in terms lineage and reviewers need: its type and parameters, the
 * input fields it reads, and for every output field where it came from and how. Immutable.
 */
public record StageDescription(String type, String name, Map<String, Object> parameters, List<String> reads, List<FieldLineage> writes) implements java.io.Serializable {
  public StageDescription {
    parameters = Map.copyOf(parameters);
    reads = List.copyOf(reads);
    writes = List.copyOf(writes);
  }
}
