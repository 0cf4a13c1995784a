package dev.veil.core.stage;

import java.io.Serializable;
import java.util.Map;

/**
 * One step of a pipeline, as an immutable, validated, serializable value. Every implementation
 * checks its parameters when constructed (a half-built stage cannot exist), round-trips through the
 * YAML/JSON spec form ({@link #params()} out, its {@link StageProvider} back in), and resolves
 * against an input schema into a {@link StagePlan} of engine-neutral ops that the Beam and Spark
 * adapters execute identically.
 *
 * <p>Implementations are immutable and thread-safe; {@code equals} compares all parameters.
 */
public interface StageSpec extends Serializable {

  /** The spec type word, like {@code cast}. */
  String type();

  /** The label of this stage in reports and lineage; defaults to {@link #type()}. */
  String name();

  /** The parameters in spec form (without {@code type} and {@code name}); values are strings,
   * numbers, booleans, lists and maps, so they serialize to YAML and JSON as they are. */
  Map<String, Object> params();

  /**
   * Resolves this stage against its input.
   *
   * @throws IllegalArgumentException saying which field or parameter does not fit the input, and
   *     what would
   */
  StagePlan plan(StageContext context);
}
