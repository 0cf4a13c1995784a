package dev.veil.privacy.detect.eval;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.veil.core.error.InputException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads and writes the labelled-text JSON format of Microsoft's presidio-research: one JSON array of
 * records, each with {@code full_text} and {@code spans}, a list of {@code entity_type},
 * {@code entity_value}, {@code start_position} and {@code end_position}. Other fields
 * ({@code masked}, {@code template_id}, {@code metadata}, {@code tokens}, ...) are ignored.
 *
 * <p><b>Offsets.</b> The format's offsets are Python string indexes, that is Unicode code points.
 * Java strings index UTF-16 units, which differ after any character outside the Basic Multilingual
 * Plane (emoji, CJK extension B). The reader converts code points to UTF-16 offsets; the writer
 * converts back.
 *
 * <p><b>Streaming.</b> Records are parsed one at a time with Jackson's streaming parser, so a file
 * of any size is read in constant memory (one record at a time).
 *
 * <p><b>Errors.</b> A record that cannot be used (missing {@code full_text}, an offset that is not
 * an integer, out of range or reversed, a span without {@code entity_type}, malformed JSON) stops
 * the read with an {@link InputException} naming the file, the record's 0-based index in the array
 * and the field (for example {@code spans[2].end_position}); messages never contain text from the
 * file, only offsets and lengths. A {@code entity_value} that differs from the text at the offsets
 * is not an error (presidio-research's own data has such records; offsets win): it is counted in
 * {@link Summary#valueMismatches()}. Zero-length gold spans are skipped and counted in
 * {@link Summary#emptySpans()}.
 *
 * <p>Stateless; the reader and writer objects are not thread-safe.
 */
public final class PresidioJson {
  private PresidioJson() {}

  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** What a read saw besides the records. */
  public record Summary(long records, long spans, long valueMismatches, long emptySpans) {}

  /**
   * Reads {@code file} and hands each record to {@code sink}, in order.
   *
   * @throws InputException when the file is missing or a record is malformed (naming file, record and field)
   */
  public static Summary read(Path file, Consumer<LabelledText> sink) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString(), sink);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": file not found");
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getClass().getSimpleName(), e);
    }
  }

  /** Reads every record of {@code file} into memory (for small files and tests). */
  public static List<LabelledText> readAll(Path file) {
    List<LabelledText> out = new ArrayList<>();
    read(file, out::add);
    return out;
  }

  /**
   * Reads records from {@code in}; {@code source} names the input in error messages. Does not close
   * {@code in}.
   */
  public static Summary read(InputStream in, String source, Consumer<LabelledText> sink) {
    long[] counts = new long[4];
    long index = 0;
    try (JsonParser p = JSON.createParser(in)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_ARRAY) {
        throw new InputException(source + ": expected a JSON array of records at " + where(p.currentLocation()));
      }
      while (true) {
        JsonToken next = nextToken(p, source, index);
        if (next == JsonToken.END_ARRAY) break;
        if (next != JsonToken.START_OBJECT) {
          throw bad(source, index, "(record)", "must be a JSON object");
        }
        sink.accept(record(p, source, index, counts));
        index++;
      }
      if (p.nextToken() != null) {
        throw new InputException(source + ": unexpected content after the array of records at " + where(p.currentLocation()));
      }
    } catch (JsonParseException e) {
      // The parser's own message may quote the offending text (possibly personal data): not attached.
      throw new InputException(source + ": record " + index + ": malformed JSON at " + where(e.getLocation()));
    } catch (IOException e) {
      throw new InputException(source + ": record " + index + ": cannot read: " + e.getClass().getSimpleName(), e);
    }
    return new Summary(index, counts[0], counts[1], counts[2]);
  }

  private static JsonToken nextToken(JsonParser p, String source, long index) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new InputException(source + ": record " + index + ": the file ends before the array of records is closed");
    }
    return t;
  }

  private static String where(JsonLocation loc) {
    return loc == null ? "an unknown position" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private static InputException bad(String source, long index, String field, String problem) {
    return new InputException(source + ": record " + index + ", field " + field + ": " + problem);
  }

  private record RawSpan(String type, String value, long start, long end, int position) {}

  private static LabelledText record(JsonParser p, String source, long index, long[] counts) throws IOException {
    String text = null;
    boolean sawSpans = false;
    List<RawSpan> raw = new ArrayList<>();
    while (nextToken(p, source, index) != JsonToken.END_OBJECT) {
      String field = p.currentName();
      JsonToken v = nextToken(p, source, index);
      if ("full_text".equals(field)) {
        if (v != JsonToken.VALUE_STRING) throw bad(source, index, "full_text", "must be a string");
        text = p.getText();
      } else if ("spans".equals(field)) {
        if (v != JsonToken.START_ARRAY) throw bad(source, index, "spans", "must be an array");
        sawSpans = true;
        int i = 0;
        while (nextToken(p, source, index) != JsonToken.END_ARRAY) {
          if (p.currentToken() != JsonToken.START_OBJECT) throw bad(source, index, "spans[" + i + "]", "must be an object");
          raw.add(span(p, source, index, i));
          i++;
        }
      } else {
        p.skipChildren();
      }
    }
    if (text == null) throw bad(source, index, "full_text", "is missing");
    if (!sawSpans) throw bad(source, index, "spans", "is missing");

    boolean bmpOnly = bmpOnly(text);
    int cpLength = bmpOnly ? text.length() : text.codePointCount(0, text.length());
    List<LabelledSpan> spans = new ArrayList<>(raw.size());
    for (RawSpan r : raw) {
      String f = "spans[" + r.position() + "]";
      if (r.start() < 0) throw bad(source, index, f + ".start_position", "must be >= 0. Provided value: " + r.start());
      if (r.end() < r.start()) {
        throw bad(source, index, f + ".end_position", "must be >= start_position " + r.start() + ". Provided value: " + r.end());
      }
      if (r.end() > cpLength) {
        throw bad(source, index, f + ".end_position",
            "must be <= the length of full_text in code points (" + cpLength + "). Provided value: " + r.end());
      }
      counts[0]++;
      if (r.end() == r.start()) {
        counts[2]++;
        continue;
      }
      int start = bmpOnly ? (int) r.start() : text.offsetByCodePoints(0, (int) r.start());
      int end = bmpOnly ? (int) r.end() : text.offsetByCodePoints(start, (int) (r.end() - r.start()));
      if (r.value() != null && !(r.value().length() == end - start && text.regionMatches(start, r.value(), 0, end - start))) {
        counts[1]++;
      }
      spans.add(new LabelledSpan(r.type(), start, end));
    }
    return new LabelledText(text, spans);
  }

  private static RawSpan span(JsonParser p, String source, long index, int i) throws IOException {
    String type = null;
    String value = null;
    Long start = null;
    Long end = null;
    while (nextToken(p, source, index) != JsonToken.END_OBJECT) {
      String field = p.currentName();
      JsonToken v = nextToken(p, source, index);
      String f = "spans[" + i + "]." + field;
      switch (field) {
        case "entity_type" -> {
          if (v != JsonToken.VALUE_STRING || p.getText().isBlank()) throw bad(source, index, f, "must be a non-blank string");
          type = p.getText().trim();
        }
        case "entity_value" -> {
          if (v == JsonToken.VALUE_STRING) value = p.getText();
          else p.skipChildren();
        }
        case "start_position" -> start = offset(p, v, source, index, f);
        case "end_position" -> end = offset(p, v, source, index, f);
        default -> p.skipChildren();
      }
    }
    String f = "spans[" + i + "].";
    if (type == null) throw bad(source, index, f + "entity_type", "is missing");
    if (start == null) throw bad(source, index, f + "start_position", "is missing");
    if (end == null) throw bad(source, index, f + "end_position", "is missing");
    return new RawSpan(type, value, start, end, i);
  }

  private static long offset(JsonParser p, JsonToken v, String source, long index, String field) throws IOException {
    if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return p.getLongValue();
    }
    if (v == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue();
      if (d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) return (long) d;
    }
    throw bad(source, index, field, "must be an integer code-point offset");
  }

  private static boolean bmpOnly(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) return false;
    }
    return true;
  }

  /** The code-point offset of the UTF-16 offset {@code utf16} in {@code text}. */
  public static int codePointOffset(String text, int utf16) {
    return text.codePointCount(0, utf16);
  }

  /** The UTF-16 offset of the code-point offset {@code codePoint} in {@code text}. */
  public static int utf16Offset(String text, int codePoint) {
    return text.offsetByCodePoints(0, codePoint);
  }

  /** Opens a writer of the format on {@code out}; closing it ends the array and closes {@code out}. */
  public static Writer writer(OutputStream out) {
    return new Writer(out);
  }

  /**
   * Writes records in the Presidio-research format: {@code full_text}, {@code masked} (the text
   * with each span replaced by {@code {{ENTITY_TYPE}}}), {@code spans} with code-point offsets and
   * the span's value, {@code template_id} and {@code metadata} (null). Not thread-safe.
   */
  public static final class Writer implements Closeable {
    private final JsonGenerator g;

    private Writer(OutputStream out) {
      try {
        g = JSON.createGenerator(out, JsonEncoding.UTF8);
        g.useDefaultPrettyPrinter();
        g.writeStartArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Writes one record; spans may be in any order and must not overlap. */
    public void write(LabelledText t, int templateId) {
      try {
        String text = t.text();
        g.writeStartObject();
        g.writeStringField("full_text", text);
        g.writeStringField("masked", masked(t));
        g.writeArrayFieldStart("spans");
        for (LabelledSpan s : t.spans()) {
          g.writeStartObject();
          g.writeStringField("entity_type", s.entityType());
          g.writeStringField("entity_value", text.substring(s.start(), s.end()));
          g.writeNumberField("start_position", codePointOffset(text, s.start()));
          g.writeNumberField("end_position", codePointOffset(text, s.end()));
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("template_id", templateId);
        g.writeNullField("metadata");
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String masked(LabelledText t) {
      List<LabelledSpan> sorted = new ArrayList<>(t.spans());
      sorted.sort((a, b) -> Integer.compare(a.start(), b.start()));
      StringBuilder sb = new StringBuilder();
      int at = 0;
      for (LabelledSpan s : sorted) {
        if (s.start() < at) continue;
        sb.append(t.text(), at, s.start()).append("{{").append(s.entityType()).append("}}");
        at = s.end();
      }
      return sb.append(t.text(), at, t.text().length()).toString();
    }

    @Override
    public void close() throws IOException {
      g.writeEndArray();
      g.close();
    }
  }
}
