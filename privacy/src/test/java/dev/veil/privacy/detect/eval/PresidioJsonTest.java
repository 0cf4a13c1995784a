package dev.veil.privacy.detect.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.InputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresidioJsonTest {

  static List<LabelledText> parse(String json) {
    List<LabelledText> out = new ArrayList<>();
    PresidioJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json", out::add);
    return out;
  }

  static String message(String json) {
    return assertThrows(InputException.class, () -> parse(json)).getMessage();
  }

  @Test
  void bmpText_offsetsUnchanged() {
    List<LabelledText> r = parse("[{\"full_text\": \"call Anna at 555\", \"spans\": [{\"entity_type\": \"PERSON\","
        + " \"entity_value\": \"Anna\", \"start_position\": 5, \"end_position\": 9}], \"template_id\": 3, \"metadata\": null}]");
    assertEquals(1, r.size());
    LabelledSpan s = r.get(0).spans().get(0);
    assertEquals(new LabelledSpan("PERSON", 5, 9), s);
  }

  @Test
  void emojiBeforeSpan_codePointOffsetsBecomeUtf16() {
    // "😀 Anna": the emoji is one code point (Python) but two UTF-16 units (Java); Anna is at code points [2, 6).
    List<LabelledText> r = parse("[{\"full_text\": \"\\ud83d\\ude00 Anna\", \"spans\": [{\"entity_type\": \"PERSON\","
        + " \"start_position\": 2, \"end_position\": 6}]}]");
    LabelledText t = r.get(0);
    LabelledSpan s = t.spans().get(0);
    assertEquals(3, s.start());
    assertEquals(7, s.end());
    assertEquals("Anna", t.text().substring(s.start(), s.end()));
  }

  @Test
  void cjkExtensionBInsideAndBeforeSpan_convertedPerCodePoint() {
    // 𠮷 (U+20BB7) twice before the span and once inside it.
    String text = "𠮷𠮷 name: 𠮷田 ok";
    int cpStart = text.codePointCount(0, text.indexOf("𠮷田"));
    int cpEnd = cpStart + 2;
    List<LabelledText> r = parse("[{\"full_text\": \"" + text + "\", \"spans\": [{\"entity_type\": \"PERSON\", \"entity_value\": \"𠮷田\","
        + " \"start_position\": " + cpStart + ", \"end_position\": " + cpEnd + "}]}]");
    assertEquals(9, cpStart);
    LabelledSpan s = r.get(0).spans().get(0);
    assertEquals("𠮷田", text.substring(s.start(), s.end()));
    assertEquals(11, s.start());
  }

  @Test
  void writerThenReader_roundTripsNonBmpOffsetsAsCodePoints() throws Exception {
    String text = "🎉 Hi Bob 👍, mail bob@example.com";
    LabelledText in = new LabelledText(text, List.of(new LabelledSpan("PERSON", text.indexOf("Bob"), text.indexOf("Bob") + 3),
        new LabelledSpan("EMAIL_ADDRESS", text.indexOf("bob@"), text.length())));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PresidioJson.Writer w = PresidioJson.writer(out)) {
      w.write(in, 7);
    }
    String json = out.toString(StandardCharsets.UTF_8);
    // the file holds code-point offsets, as Python would compute them
    assertTrue(json.contains("\"start_position\" : 5"), json);
    assertTrue(json.contains("Hi {{PERSON}} ") && json.contains("mail {{EMAIL_ADDRESS}}\""), json);
    List<LabelledText> back = parse(json);
    assertEquals(List.of(in), back);
  }

  @Test
  void entityValueMismatch_isCountedNotFatal() {
    PresidioJson.Summary s = PresidioJson.read(new ByteArrayInputStream(("[{\"full_text\": \"Mrs. Ayers\", \"spans\": [{\"entity_type\": \"PERSON\","
        + " \"entity_value\": \"Ayers\", \"start_position\": 4, \"end_position\": 9}]}]").getBytes(StandardCharsets.UTF_8)), "x", t -> {});
    assertEquals(1, s.records());
    assertEquals(1, s.valueMismatches());
  }

  @Test
  void emptyGoldSpan_isSkippedAndCounted() {
    List<LabelledText> out = new ArrayList<>();
    PresidioJson.Summary s = PresidioJson.read(new ByteArrayInputStream(("[{\"full_text\": \"abc\", \"spans\": [{\"entity_type\": \"ADDRESS\","
        + " \"start_position\": 1, \"end_position\": 1}]}]").getBytes(StandardCharsets.UTF_8)), "x", out::add);
    assertEquals(1, s.emptySpans());
    assertTrue(out.get(0).spans().isEmpty());
  }

  @Test
  void unknownFieldsAndNestedValues_areIgnored() {
    List<LabelledText> r = parse("[{\"tokens\": [\"a\", {\"x\": [1, 2]}], \"full_text\": \"a\", \"spans\": [], \"metadata\": {\"k\": [null]}}]");
    assertEquals("a", r.get(0).text());
  }

  @Test
  void integralFloatOffsets_areAccepted() {
    List<LabelledText> r = parse("[{\"full_text\": \"abc\", \"spans\": [{\"entity_type\": \"X\", \"start_position\": 0.0, \"end_position\": 2.0}]}]");
    assertEquals(2, r.get(0).spans().get(0).end());
  }

  @Test
  void missingFullText_namesRecordAndField() {
    String m = message("[{\"full_text\": \"ok\", \"spans\": []}, {\"spans\": []}]");
    assertTrue(m.contains("test.json") && m.contains("record 1") && m.contains("full_text") && m.contains("missing"), m);
  }

  @Test
  void offsetNotAnInteger_namesRecordAndField_withoutText() {
    String m = message("[{\"full_text\": \"secret-name here\", \"spans\": [{\"entity_type\": \"PERSON\", \"start_position\": \"0\", \"end_position\": 4}]}]");
    assertTrue(m.contains("record 0") && m.contains("spans[0].start_position") && m.contains("integer"), m);
    assertFalse(m.contains("secret-name"), m);
  }

  @Test
  void endBeyondText_namesFieldAndLengthInCodePoints() {
    String m = message("[{\"full_text\": \"😀ab\", \"spans\": [{\"entity_type\": \"X\", \"start_position\": 0, \"end_position\": 4}]}]");
    assertTrue(m.contains("spans[0].end_position") && m.contains("(3)") && m.contains("Provided value: 4"), m);
  }

  @Test
  void reversedSpan_isRejected() {
    String m = message("[{\"full_text\": \"abcdef\", \"spans\": [{\"entity_type\": \"X\", \"start_position\": 4, \"end_position\": 2}]}]");
    assertTrue(m.contains("spans[0].end_position") && m.contains(">= start_position"), m);
  }

  @Test
  void negativeStart_isRejected() {
    String m = message("[{\"full_text\": \"abcdef\", \"spans\": [{\"entity_type\": \"X\", \"start_position\": -1, \"end_position\": 2}]}]");
    assertTrue(m.contains("spans[0].start_position") && m.contains(">= 0"), m);
  }

  @Test
  void missingEntityType_isRejected() {
    String m = message("[{\"full_text\": \"abcdef\", \"spans\": [{\"start_position\": 0, \"end_position\": 2}]}]");
    assertTrue(m.contains("spans[0].entity_type") && m.contains("missing"), m);
  }

  @Test
  void missingSpans_isRejected() {
    assertTrue(message("[{\"full_text\": \"abc\"}]").contains("field spans: is missing"));
  }

  @Test
  void truncatedFile_namesTheRecord() {
    String m = message("[{\"full_text\": \"abc\", \"spans\": []}, {\"full_text\": \"de");
    assertTrue(m.contains("record 1"), m);
  }

  @Test
  void malformedJson_givesPositionButNotTheToken() {
    String m = message("[{\"full_text\": \"abc\", \"spans\": [], \"x\": JohnSmith}]");
    assertTrue(m.contains("record 0") && m.contains("malformed JSON at line 1"), m);
    assertFalse(m.contains("JohnSmith"), m);
  }

  @Test
  void notAnArray_isRejected() {
    assertTrue(message("{\"full_text\": \"abc\"}").contains("expected a JSON array"));
  }

  @Test
  void missingFile_namesTheFile(@TempDir Path dir) {
    Path f = dir.resolve("nowhere.json");
    InputException e = assertThrows(InputException.class, () -> PresidioJson.readAll(f));
    assertTrue(e.getMessage().contains("nowhere.json") && e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void fileOnDisk_isStreamedRecordByRecord(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("d.json");
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < 1000; i++) {
      if (i > 0) sb.append(',');
      sb.append("{\"full_text\": \"n").append(i).append("\", \"spans\": [{\"entity_type\": \"N\", \"start_position\": 1, \"end_position\": 2}]}");
    }
    Files.writeString(f, sb.append(']').toString());
    long[] n = {0};
    PresidioJson.Summary s = PresidioJson.read(f, t -> n[0]++);
    assertEquals(1000, n[0]);
    assertEquals(1000, s.records());
    assertEquals(1000, s.spans());
  }
}
