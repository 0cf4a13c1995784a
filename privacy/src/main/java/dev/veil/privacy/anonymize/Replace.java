package dev.veil.privacy.anonymize;

import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replaces a string with a fixed value, or (when {@code value} is null) with the placeholder of its
 * entity, such as {@code <EMAIL_ADDRESS>} ({@code <REDACTED>} when the entity is unknown).
 *
 * <p>Hides: the value, its length and its equality with other values of the same entity. Leaks: the
 * entity class (with placeholders) and whether the value was null. Irreversible. Immutable and
 * thread-safe.
 */
public record Replace(String value) implements AnonymizeOperator {
  @Override
  public String op() {
    return "replace";
  }

  @Override
  public FieldType outputType(FieldType input) {
    return AnonymizeOperator.require(op(), input, FieldType.STRING);
  }

  @Override
  public Object apply(Object v, PiiClass entity) {
    if (v == null) return null;
    if (value != null) return value;
    return "<" + (entity == null ? "REDACTED" : entity.name()) + ">";
  }

  @Override
  public boolean textual() {
    return true;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op());
    if (value != null) m.put("value", value);
    return m;
  }
}
