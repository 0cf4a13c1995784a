package dev.veil.pipelines.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Values;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text form of output records, shared by every engine's CSV and JSON-lines sinks: CSV quotes a
 * field only when it holds the delimiter, a quote or a line break (quotes doubled), writes null as
 * an empty field and the empty string as {@code ""}; JSON writes every field (null included), numbers
 * and booleans as JSON values, dates and timestamps as their {@link Values#format} text. Stateless.
 */
public final class TextFormats {
  private TextFormats() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public static String csvHeader(Schema schema, char delimiter) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < schema.size(); i++) {
      if (i > 0) sb.append(delimiter);
      appendCsv(sb, schema.field(i).name(), delimiter);
    }
    return sb.toString();
  }

  public static String csvLine(Object[] values, char delimiter) {
    StringBuilder sb = new StringBuilder(128);
    for (int i = 0; i < values.length; i++) {
      if (i > 0) sb.append(delimiter);
      Object v = values[i];
      if (v == null) continue;
      String s = Values.format(v);
      if (s.isEmpty()) {
        sb.append("\"\"");
      } else {
        appendCsv(sb, s, delimiter);
      }
    }
    return sb.toString();
  }

  private static void appendCsv(StringBuilder sb, String s, char delimiter) {
    boolean quote = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
        quote = true;
        break;
      }
    }
    if (!quote) {
      sb.append(s);
      return;
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') sb.append('"');
      sb.append(c);
    }
    sb.append('"');
  }

  public static String jsonLine(Schema schema, Object[] values) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < schema.size(); i++) {
      Object v = values[i];
      m.put(schema.field(i).name(), v == null || v instanceof Number || v instanceof Boolean ? v : Values.format(v));
    }
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
