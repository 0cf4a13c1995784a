package dev.veil.core.stage;

import dev.veil.core.error.RecordException;
import java.io.Serializable;

/**
 * A pure function from the values of a stage's input fields to one output value. Engine adapters
 * call it once per record on the engine's workers (a Spark UDF over exactly those columns, a Beam
 * {@code DoFn}), so it must be serializable, deterministic and free of shared mutable state.
 *
 * <p>Values use the Java classes of {@link dev.veil.core.schema.FieldType}. A function that cannot
 * process a record throws {@link RecordException}; the record is dead-lettered and the run goes on.
 */
@FunctionalInterface
public interface FieldFunction extends Serializable {
  Object apply(Object[] inputs) throws RecordException;
}
