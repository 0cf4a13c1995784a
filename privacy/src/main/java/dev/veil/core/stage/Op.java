package dev.veil.core.stage;

import dev.veil.core.expr.Expr;
import dev.veil.core.schema.Field;
import java.io.Serializable;
import java.util.List;

/**
 * The engine-neutral primitives a stage compiles to. Engine adapters implement exactly these four
 * (Spark: {@code select}, a UDF over the input columns, a native Catalyst predicate, an array-valued
 * UDF aggregated after the run; Beam: one schema-aware {@code DoFn}), which is what keeps the two
 * engines in agreement. {@link Aggregate} is an op over all records at once: a stage holding
 * it is terminal (the planner enforces that it is the pipeline's last stage). {@link Frequencies}
 * also looks at all records first, but then maps every record, so it is not terminal.
 */
public sealed interface Op extends Serializable {

  /** Keep only {@code fields}, in this order. */
  record Project(List<String> fields) implements Op {
    public Project {
      fields = List.copyOf(fields);
    }
  }

  /**
   * Compute {@code output} from {@code inputs} with {@code function}. The output replaces the field
   * of the same name in place, or is appended. When {@code fallible}, the function may throw
   * {@link dev.veil.core.error.RecordException} and the record goes to the dead letter.
   */
  record Compute(List<String> inputs, Field output, FieldFunction function, boolean fallible) implements Op {
    public Compute {
      inputs = List.copyOf(inputs);
    }
  }

  /**
   * Keep records for which {@code predicate} (bound to the input schema) is TRUE. Rejected records
   * are counted as filtered, or dead-lettered with {@code REJECTED_BY_FILTER} when
   * {@code deadLetterRejected}.
   */
  record Filter(Expr predicate, boolean deadLetterRejected) implements Op {}

  /**
   * Inspect {@code inputs} with {@code inspector} without changing the record. Engines count the
   * findings per {@link Finding#key()} exactly (for records the stage passes on, not for records it
   * filters or dead-letters) into the run report, and when {@code findingsPath} is set they write
   * every finding as a JSON line (source file and line as the row id, stage, column, entity,
   * code-point offsets, score; never the value) to that directory.
   */
  record Inspect(List<String> inputs, RecordInspector inspector, String findingsPath) implements Op {
    public Inspect {
      inputs = List.copyOf(inputs);
    }
  }

  /**
   * Differentially private aggregation of every record that reaches the stage (the stage's only op).
   * Engines follow the steps of {@link dev.veil.privacy.dp.aggregate.DpAggregator}: rows whose
   * {@link dev.veil.privacy.dp.aggregate.DpAggregation#deadLetterReason} is set are dead-lettered with
   * that reason (field: the privacy-unit column); the others are grouped by privacy unit, bounded, merged
   * per partition (with an empty accumulator for every public partition), and released once per
   * partition into rows of {@link dev.veil.privacy.dp.aggregate.DpAggregation#outputSchema()}, which
   * replace the records. The reference semantics is
   * {@link dev.veil.privacy.dp.aggregate.DpAggregation#aggregateRows}.
   */
  record Aggregate(dev.veil.privacy.dp.aggregate.DpAggregation aggregation) implements Op {}

  /**
   * A whole-dataset op in two passes (the stage's only op), used by {@code kanonymize} and
   * {@code risk}: (a) the engine counts the distinct tuples {@link FrequencyPlanner#key} makes of
   * {@link FrequencyPlanner#keyFields()} over every record that reaches the stage (a native
   * distributed aggregation: Spark {@code groupBy().count()}, Beam {@code Count.perElement}), and
   * collects them into one {@link dev.veil.privacy.kanon.FrequencySet}; (b) it calls
   * {@link FrequencyPlanner#plan} once (Spark: on the driver; Beam: in one {@code DoFn} whose
   * output is a singleton side input), which returns per-record ops and the stage's report; (c) it
   * runs those per-record ops ({@link Project}, {@link Compute}, {@link Filter} only) on every
   * record, exactly like a per-record stage. The reference semantics is
   * {@link dev.veil.core.plan.StageExecutor#frequencies}.
   */
  record Frequencies(FrequencyPlanner planner) implements Op {}
}
