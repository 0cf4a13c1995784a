package dev.veil.core.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One piece of personal data an {@link Op.Inspect} found in a record: the field, the entity type,
 * where in the field's text ({@code [start, end)} in Unicode code points, as Python and Presidio
 * count them; the whole value for a structured field) and the score. Never holds the value itself,
 * so findings can be counted, reported and written to a findings dataset without leaking what they
 * point at.
 */
public record Finding(String column, String entity, int start, int end, double score) implements Serializable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The key findings are counted by in run reports: {@code column/ENTITY}. */
  public String key() {
    return column + "/" + entity;
  }

  /**
   * The findings-dataset line of this finding, identical on every engine: the record's source file
   * and line (its row id), the stage, then this finding's fields.
   */
  public String toJsonLine(String file, long line, int stage, String stageName) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file);
    m.put("line", line);
    m.put("stage", stage);
    m.put("stageName", stageName);
    m.put("column", column);
    m.put("entity", entity);
    m.put("start", start);
    m.put("end", end);
    m.put("score", score);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
