package dev.veil.core.stage;

import dev.veil.core.schema.Schema;
import dev.veil.privacy.kanon.FrequencySet;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The engine-neutral part of an {@link Op.Frequencies} op: which fields to count, how a record
 * becomes a text tuple, and the plan made from the counts. Implementations are immutable,
 * serializable and deterministic: the same {@link FrequencySet} must give equal ops and an equal
 * report on every engine and every machine, which is what makes the engines agree.
 */
public interface FrequencyPlanner extends Serializable {

  /** The stage's input fields the tuples are made of, in tuple order. */
  List<String> keyFields();

  /** Number of leading tuple entries that are quasi-identifiers (the rest: one sensitive value). */
  int quasiIdentifiers();

  /** Whether tuples end with a sensitive value. */
  boolean withSensitive();

  /**
   * The text tuple of one record, from its values of {@link #keyFields()}, or null to leave the
   * record out of the count (the per-record ops must then dead-letter or filter it). Pure and
   * thread-safe.
   */
  String[] key(Object[] keyValues);

  /**
   * Plans the stage from the counts of every record that reached it.
   *
   * @throws IllegalArgumentException naming the parameter or column when no plan is possible (k
   *     larger than the data, too many distinct tuples, a model the data cannot meet)
   */
  Planned plan(FrequencySet counts);

  /**
   * A record of the planning sample with only the stage's type changes (quasi-identifiers to their
   * text forms), not generalized. The planner plans the sample on its own with {@link #plan} and
   * runs it through that plan for the later stages; this is its fallback when the sample admits no
   * plan (k larger than the sample, say).
   */
  Object[] preview(Object[] row);

  /**
   * The most distinct tuples the plan may be made from (it is made in memory on one machine).
   * Engines stop counting with {@link #tooManyDistinct} as soon as they see more.
   */
  default int maxDistinct() {
    return Integer.MAX_VALUE - 8;
  }

  /** The error for more than {@link #maxDistinct()} distinct tuples: what was exceeded and what to do. */
  default IllegalArgumentException tooManyDistinct() {
    return new IllegalArgumentException("the input has more than " + maxDistinct() + " distinct tuples of " + keyFields()
        + " (maxDistinct), and the plan is made from them in memory on one machine (the Spark driver, one Beam worker): generalize or"
        + " bucket a quasi-identifier before this stage, or raise maxDistinct together with that machine's memory");
  }

  /** The stage's output schema (what the per-record ops produce). */
  Schema outputSchema();

  /**
   * The per-record ops ({@link Op.Project}, {@link Op.Compute} and {@link Op.Filter} only) over the
   * stage's input schema, producing {@link #outputSchema()}, and the stage's report: numbers,
   * levels and names only, never data values. Serializable.
   */
  record Planned(List<Op> ops, Map<String, Object> report) implements Serializable {
    public Planned {
      ops = List.copyOf(ops);
      for (Op op : ops) {
        if (!(op instanceof Op.Project || op instanceof Op.Compute || op instanceof Op.Filter)) {
          throw new IllegalArgumentException("ops must be per-record (project, compute, filter). Provided value: " + op.getClass().getSimpleName());
        }
      }
      report = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(report));
    }
  }
}
