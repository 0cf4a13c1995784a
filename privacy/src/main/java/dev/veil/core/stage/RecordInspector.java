package dev.veil.core.stage;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * Looks at a record's values without changing them and reports {@link Finding}s (the {@code detect}
 * stage's per-record PII findings). Implementations are serializable, thread-safe and never throw
 * on any input value: they run on every engine's workers.
 */
@FunctionalInterface
public interface RecordInspector extends Serializable {
  /**
   * @param inputs the values of {@link Op.Inspect#inputs()}, in order (nulls allowed)
   * @param out receives each finding
   */
  void inspect(Object[] inputs, Consumer<Finding> out);
}
