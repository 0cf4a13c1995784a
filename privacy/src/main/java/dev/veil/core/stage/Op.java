package dev.veil.core.stage;

import dev.veil.core.expr.Expr;
import dev.veil.core.schema.Field;
import java.io.Serializable;
import java.util.List;

/**
 * The engine-neutral primitives a stage compiles to. Engine adapters implement exactly these four
 * (Spark: {@code select}, a UDF over the input columns, a native Catalyst predicate, an array-valued
 * UDF aggregated after the run; Beam: one schema-aware {@code DoFn}), which is what keeps the two
 * engines in agreement.
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
}
