package dev.veil.core.stage;

import dev.veil.core.schema.Schema;
import java.util.List;

/**
 * What a stage sees when it is planned: its input schema, its position, and a sample of the
 * records that reach it (the first records of the source, run through the stages before it with
 * the engine-neutral executor; identical for every engine). Stages that look at data, such as
 * column classification, decide from the sample at plan time, so every engine applies the same
 * decision.
 *
 * @param sample rows aligned with {@code input}; values use the Java classes of the field types
 */
public record StageContext(Schema input, int index, List<Object[]> sample) {
  public StageContext {
    sample = List.copyOf(sample);
  }
}
