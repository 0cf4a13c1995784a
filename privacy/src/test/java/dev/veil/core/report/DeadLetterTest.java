package dev.veil.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> keys(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void toJson_stageFailure_hasStageReasonSourceAndTypedRecord() throws Exception {
    Schema s = Schema.of(Field.of("id", FieldType.LONG), Field.of("score", FieldType.DOUBLE), Field.of("ok", FieldType.BOOLEAN),
        Field.of("day", FieldType.DATE), Field.of("at", FieldType.TIMESTAMP), Field.of("name", FieldType.STRING),
        Field.of("none", FieldType.STRING));
    Map<String, Object> record = DeadLetter.recordOf(s, new Object[] {7L, 1.5, true, LocalDate.of(2024, 1, 31),
        Instant.parse("2024-01-31T12:00:00Z"), "Ann", null});
    String line = new DeadLetter(2, "cast", "CAST_FAILED", "value of field 'age' is not a whole number", "age", "/in/a.csv", 14,
        record, null).toJson();
    assertFalse(line.contains("\n"), line);
    JsonNode j = JSON.readTree(line);
    assertEquals(List.of("stageIndex", "stage", "reason", "message", "field", "source", "record"), keys(j));
    assertEquals(2, j.get("stageIndex").asInt());
    assertEquals("cast", j.get("stage").asText());
    assertEquals("CAST_FAILED", j.get("reason").asText());
    assertEquals("age", j.get("field").asText());
    assertEquals(List.of("file", "line"), keys(j.get("source")));
    assertEquals("/in/a.csv", j.get("source").get("file").asText());
    assertEquals(14, j.get("source").get("line").asLong());
    JsonNode r = j.get("record");
    assertEquals(List.of("id", "score", "ok", "day", "at", "name", "none"), keys(r));
    assertTrue(r.get("id").isIntegralNumber());
    assertTrue(r.get("score").isDouble());
    assertTrue(r.get("ok").isBoolean());
    assertEquals("2024-01-31", r.get("day").asText());
    assertEquals("2024-01-31T12:00:00.000000Z", r.get("at").asText());
    assertTrue(r.get("none").isNull());
  }

  @Test
  void toJson_malformedSourceRecord_hasRawAndNullField() throws Exception {
    JsonNode j = JSON.readTree(new DeadLetter(0, "source", "WRONG_FIELD_COUNT", "expected 2 fields, found 3", null, "/in/a.csv", 3,
        null, "1,a,\"b\"").toJson());
    assertEquals(List.of("stageIndex", "stage", "reason", "message", "field", "source", "raw"), keys(j));
    assertTrue(j.get("field").isNull());
    assertEquals("1,a,\"b\"", j.get("raw").asText());
  }

  @Test
  void recordOf_keepsFieldOrder() {
    Schema s = Schema.of(Field.of("z", FieldType.STRING), Field.of("a", FieldType.STRING));
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("z", "1");
    expected.put("a", "2");
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(DeadLetter.recordOf(s, new Object[] {"1", "2"}).keySet()));
  }
}
