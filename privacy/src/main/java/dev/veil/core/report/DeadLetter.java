package dev.veil.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Values;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record a run could not process, as written (one JSON object per line) to the dead-letter
 * output: the stage (index and name), the reason code, a message that names the field but never
 * quotes a value, the source location (file and 1-based line), and the original record: the raw
 * text for records that never parsed, else the field values as the failing stage saw them.
 *
 * <p>Privacy: the record itself may hold PII; the dead-letter output must be protected like the
 * input. Veil never logs it.
 */
public record DeadLetter(int stageIndex, String stage, String reason, String message, String field, String file, long line,
    Map<String, Object> record, String raw) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Builds the {@code record} map from values aligned with {@code schema} (values in their canonical text form). */
  public static Map<String, Object> recordOf(Schema schema, Object[] values) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < schema.size(); i++) {
      Object v = values[i];
      m.put(schema.field(i).name(), v == null || v instanceof Number || v instanceof Boolean ? v : Values.format(v));
    }
    return m;
  }

  /** One JSON line (no trailing newline). */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stageIndex", stageIndex);
    m.put("stage", stage);
    m.put("reason", reason);
    m.put("message", message);
    m.put("field", field);
    Map<String, Object> src = new LinkedHashMap<>();
    src.put("file", file);
    src.put("line", line);
    m.put("source", src);
    if (record != null) m.put("record", record);
    if (raw != null) m.put("raw", raw);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
