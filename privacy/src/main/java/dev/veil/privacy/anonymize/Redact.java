package dev.veil.privacy.anonymize;

import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import java.util.Map;

/**
 * Replaces a string with the empty string (in free text: removes the span).
 *
 * <p>Hides: the whole value, its length and its equality with other values. Leaks: only whether the
 * value was null. Irreversible. Immutable and thread-safe.
 */
public record Redact() implements AnonymizeOperator {
  @Override
  public String op() {
    return "redact";
  }

  @Override
  public FieldType outputType(FieldType input) {
    return AnonymizeOperator.require(op(), input, FieldType.STRING);
  }

  @Override
  public Object apply(Object value, PiiClass entity) {
    return value == null ? null : "";
  }

  @Override
  public boolean textual() {
    return true;
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of("op", op());
  }
}
