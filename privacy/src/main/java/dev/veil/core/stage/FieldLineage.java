package dev.veil.core.stage;

import java.util.List;

/**
 * How one output field of a stage came about: its input fields and the kind of transformation,
 * in OpenLineage's column-lineage vocabulary (type DIRECT or INDIRECT; subtype IDENTITY,
 * TRANSFORMATION, AGGREGATION, FILTER, ...), with {@code masking} set when the value was masked,
 * pseudonymized or anonymized.
 */
public record FieldLineage(String output, List<String> inputs, Kind kind, String subtype, boolean masking, String description) implements java.io.Serializable {

  /** DIRECT: the output value is derived from the inputs' values; INDIRECT: they only influence it. */
  public enum Kind { DIRECT, INDIRECT }

  public FieldLineage {
    inputs = List.copyOf(inputs);
  }

  public static FieldLineage identity(String field) {
    return new FieldLineage(field, List.of(field), Kind.DIRECT, "IDENTITY", false, "copied unchanged");
  }
}
