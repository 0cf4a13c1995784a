package dev.veil.privacy.anonymize;

import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Suppression. Cell mode nulls the value (the output field becomes nullable). Record mode drops
 * the whole record: the {@code anonymize} stage compiles it to a filter that keeps a record only
 * when the condition {@code when} (a filter expression over the input fields) is false, so a record
 * whose condition is true or unknown is dropped (fail closed); without {@code when}, every record
 * with a non-null value in the column is dropped. Dropped records are counted as filtered, not
 * dead-lettered (they are not errors), and the stage notes say which rule dropped them.
 *
 * <p>Hides: everything in the cell or record. Leaks: that a value (or record) was suppressed
 * (cells) or nothing but the drop count (records). Immutable and thread-safe.
 */
public record Suppress(boolean record, String when) implements AnonymizeOperator {
  public Suppress {
    if (!record && when != null) {
      throw new IllegalArgumentException("when applies only with record: true. Provided value: '" + when + "'");
    }
  }

  @Override
  public String op() {
    return "suppress";
  }

  @Override
  public FieldType outputType(FieldType input) {
    return input;
  }

  @Override
  public Object apply(Object value, PiiClass entity) {
    return null;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op());
    m.put("record", record);
    if (when != null) m.put("when", when);
    return m;
  }
}
