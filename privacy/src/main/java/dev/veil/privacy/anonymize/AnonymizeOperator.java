package dev.veil.privacy.anonymize;

import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import java.io.Serializable;
import java.util.Map;

/**
 * One engine-neutral, per-value anonymization operator (redact, replace, mask, hash, tokenize, FF1,
 * generalize, date shift, suppress, top/bottom coding). Each implementation documents what it hides
 * and what it leaks.
 *
 * <p>Contract: serializable, thread-safe after construction, deterministic (the same value, entity
 * and key always give the same output), null in gives null out. A value the operator cannot
 * transform raises {@link UnencodableValueException}, whose message never contains the value.
 * {@link #describe()} lists the parameters in spec form and never contains key material.
 */
public interface AnonymizeOperator extends Serializable {

  /** The spec word, such as {@code hash}. */
  String op();

  /**
   * The output type for an input of type {@code input}.
   *
   * @throws IllegalArgumentException when the operator does not apply to {@code input}
   */
  FieldType outputType(FieldType input);

  /**
   * Transforms one value.
   *
   * @param entity the PII class of the value (of the column, or of the span in free text), or null
   */
  Object apply(Object value, PiiClass entity);

  /** Whether the operator maps strings to strings, so it can be applied to spans inside free text. */
  default boolean textual() {
    return false;
  }

  /** The parameters in spec form, {@code op} included; never key material. */
  Map<String, Object> describe();

  /** Fails with the standard message unless {@code input} is one of {@code allowed}. */
  static FieldType require(String op, FieldType input, FieldType... allowed) {
    for (FieldType t : allowed) {
      if (t == input) return input;
    }
    StringBuilder sb = new StringBuilder();
    for (FieldType t : allowed) sb.append(sb.length() == 0 ? "" : ", ").append(t.specName());
    throw new IllegalArgumentException("operator " + op + " applies to " + sb + " fields. Provided type: " + input.specName()
        + "; cast the field first or choose another operator");
  }
}
