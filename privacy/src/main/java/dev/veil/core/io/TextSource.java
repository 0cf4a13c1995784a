package dev.veil.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.core.error.InputException;
import dev.veil.core.error.ReasonCode;
import dev.veil.core.error.RecordException;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Tags;
import dev.veil.core.schema.Values;
import dev.veil.core.spec.CsvOptions;
import dev.veil.core.spec.Format;
import dev.veil.core.spec.SourceSpec;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.GZIPInputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The engine-neutral reader of CSV and JSON-lines sources, used identically by the Beam and Spark
 * adapters: it resolves the files, the header and the schema once (on the driver), cuts the files
 * into {@link TextSplit}s at line starts with exact line numbers (a gzip-compressed file, recognized
 * by its magic bytes, is one split), and reads each split into
 * {@link SourceRecord}s on the workers. Malformed records (wrong field count, invalid bytes for the
 * charset, oversized fields, broken quoting, bad JSON, wrong JSON types) come out as malformed
 * records with the reason, the field and the raw text, never as exceptions; problems with a file
 * as a whole (missing, unreadable, unusable header) throw {@link InputException} naming the file.
 *
 * <p>Serializable and immutable; {@link #read} may run concurrently on different splits.
 */
public final class TextSource implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long MIN_SPLIT = 4L << 20;

  private final Format format;
  private final List<String> files;
  private final CsvOptions csv;
  private final Schema schema;
  /** For each file, the byte offset and line number where data starts (after BOM and header). */
  private final long[] dataStart;
  private final long[] dataLine;

  private TextSource(Format format, List<String> files, CsvOptions csv, Schema schema, long[] dataStart, long[] dataLine) {
    this.format = format;
    this.files = List.copyOf(files);
    this.csv = csv;
    this.schema = schema;
    this.dataStart = dataStart;
    this.dataLine = dataLine;
  }

  /**
   * Lists the files of {@code spec.path()} (a file, or the non-hidden files of a directory, in name
   * order), reads and checks the CSV headers or infers the JSON schema, and applies declared tags.
   *
   * @throws InputException naming the file (and line and column for header problems)
   */
  public static TextSource open(SourceSpec spec) {
    if (spec.format() == Format.PARQUET) {
      throw new IllegalArgumentException("format must be csv or jsonl for a text source. Provided value: parquet");
    }
    List<String> files = SourceFiles.list(spec.path());
    long[] start = new long[files.size()];
    long[] line = new long[files.size()];
    Schema schema;
    if (spec.format() == Format.CSV) {
      List<String> header = null;
      for (int i = 0; i < files.size(); i++) {
        List<String> h = readHeader(files.get(i), spec.csv(), start, line, i);
        if (header == null) {
          header = h;
        } else if (!header.equals(h)) {
          throw new InputException(files.get(i) + ": line 1: header differs from the header of " + files.get(0)
              + "; all files of a source must have the same columns in the same order");
        }
      }
      List<Field> fields = new ArrayList<>();
      for (String name : header) {
        fields.add(new Field(name, FieldType.STRING, true, Tags.NONE));
      }
      for (String declared : spec.types().keySet()) {
        if (!header.contains(declared)) {
          throw new InputException(files.get(0) + ": source schema declares '" + declared + "', which is not a column; columns: " + header);
        }
      }
      schema = Schema.of(fields);
    } else {
      for (int i = 0; i < files.size(); i++) {
        start[i] = bomLength(files.get(i));
        line[i] = 1;
      }
      schema = spec.types().isEmpty() ? inferJsonSchema(files.get(0), start[0]) : declared(spec.types());
    }
    for (Map.Entry<String, Tags> t : spec.tags().entrySet()) {
      if (!schema.has(t.getKey())) {
        throw new InputException(files.get(0) + ": tags are declared for '" + t.getKey() + "', which is not a field; fields: " + schema.names());
      }
      schema = schema.replace(t.getKey(), f -> f.withTags(t.getValue()));
    }
    return new TextSource(spec.format(), files, spec.csv(), schema, start, line);
  }

  public Schema schema() {
    return schema;
  }

  public List<String> files() {
    return files;
  }

  public Format format() {
    return format;
  }

  /**
   * Cuts the files into splits of roughly {@code targetBytes} (at least 4 MiB), each starting at a
   * line start, with exact first line numbers (one sequential pass counting line breaks). With
   * {@code multiLine} CSV each file is one split.
   */
  public List<TextSplit> splits(long targetBytes) {
    List<TextSplit> out = new ArrayList<>();
    long target = Math.max(MIN_SPLIT, targetBytes);
    for (int f = 0; f < files.size(); f++) {
      String file = files.get(f);
      long size = size(file);
      if ((format == Format.CSV && csv.multiLine()) || isGzip(file) || size - dataStart[f] <= target) {
        out.add(new TextSplit(f, file, dataStart[f], Long.MAX_VALUE, dataLine[f]));
        continue;
      }
      try (FileChannel ch = FileChannel.open(Path.of(file), StandardOpenOption.READ)) {
        ch.position(dataStart[f]);
        ByteBuffer b = ByteBuffer.allocate(1 << 20);
        long pos = dataStart[f];
        long lineNo = dataLine[f];
        long splitStart = pos;
        long splitLine = lineNo;
        long nextBoundary = pos + target;
        while (true) {
          b.clear();
          int r = ch.read(b);
          if (r <= 0) break;
          byte[] a = b.array();
          for (int i = 0; i < r; i++) {
            if (a[i] == '\n') {
              lineNo++;
              long lineStartAfter = pos + i + 1;
              if (lineStartAfter >= nextBoundary && lineStartAfter < size) {
                out.add(new TextSplit(f, file, splitStart, lineStartAfter, splitLine));
                splitStart = lineStartAfter;
                splitLine = lineNo;
                nextBoundary = lineStartAfter + target;
              }
            }
          }
          pos += r;
        }
        out.add(new TextSplit(f, file, splitStart, Long.MAX_VALUE, splitLine));
      } catch (IOException e) {
        throw new InputException(file + ": cannot read: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The first {@code n} records of the first file (for planning), malformed ones included. */
  public List<SourceRecord> sample(int n) {
    List<SourceRecord> out = new ArrayList<>();
    TextSplit first = new TextSplit(0, files.get(0), dataStart[0], Long.MAX_VALUE, dataLine[0]);
    try {
      read(first, r -> {
        if (out.size() < n) out.add(r);
        else throw new StopReading();
      });
    } catch (StopReading e) {
      // enough
    }
    return out;
  }

  private static final class StopReading extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopReading() {
      super(null, null, false, false);
    }
  }

  /** Reads every record that starts in {@code split}. */
  public void read(TextSplit split, Consumer<SourceRecord> out) {
    Charset cs = Charset.forName(csv.charset());
    int maxLineBytes = (int) Math.min(Integer.MAX_VALUE - 16, (long) csv.maxRecordChars() * 4 + 4);
    CsvLineParser parser = new CsvLineParser(csv);
    CharsetDecoder decoder = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ObjectMapper json = format == Format.JSONL ? new ObjectMapper() : null;
    List<String> names = schema.names();
    try (LineScanner lines = new LineScanner(open(split.file(), split.start()), split.start(), maxLineBytes)) {
      long lineNo = split.firstLine();
      while (lines.position() < split.end()) {
        if (!lines.next()) break;
        long recordLine = lineNo;
        lineNo++;
        if (lines.length() == 0 && !lines.oversized()) continue; // blank line
        if (lines.oversized()) {
          String raw = Raw.of(lines.bytes(), lines.length(), cs) + "...";
          Drained rest = drainOpenRecord(lines, raw, cs);
          lineNo += rest.lines();
          out.accept(SourceRecord.malformed(split.fileIndex(), recordLine, ReasonCode.RECORD_TOO_LARGE,
              "record is longer than maxRecordChars (" + csv.maxRecordChars() + ")", null, raw + rest.text()));
          continue;
        }
        String text;
        try {
          text = decode(decoder, lines.bytes(), lines.length());
        } catch (MalformedInputException e) {
          String raw = Raw.of(lines.bytes(), lines.length(), cs);
          String field = fieldAt(lines.bytes(), e.getInputLength(), cs);
          Drained rest = drainOpenRecord(lines, raw, cs);
          lineNo += rest.lines();
          out.accept(SourceRecord.malformed(split.fileIndex(), recordLine, ReasonCode.INVALID_ENCODING,
              "bytes at offset " + e.getInputLength() + " of the record are not valid " + cs.name(), field, raw + rest.text()));
          continue;
        }
        if (text.length() > csv.maxRecordChars()) { // the byte cap above allows up to 4 bytes per char
          Drained rest = drainOpenRecord(lines, text, cs);
          lineNo += rest.lines();
          out.accept(SourceRecord.malformed(split.fileIndex(), recordLine, ReasonCode.RECORD_TOO_LARGE,
              "record is longer than maxRecordChars (" + csv.maxRecordChars() + ")", null, text + rest.text()));
          continue;
        }
        if (format == Format.JSONL) {
          out.accept(jsonRecord(json, text, split.fileIndex(), recordLine));
          continue;
        }
        StringBuilder record = null; // a multi-line record, scanned once (re-parsing it per line was quadratic)
        try {
          List<String> fields = parser.parse(text, names);
          while (fields == CsvLineParser.INCOMPLETE && csv.multiLine()) {
            if (!lines.next()) break;
            lineNo++;
            String more = decode(decoder, lines.bytes(), lines.length());
            if (record == null) record = new StringBuilder(text);
            record.append('\n').append(more);
            if (record.length() > csv.maxRecordChars()) {
              throw new RecordException(ReasonCode.RECORD_TOO_LARGE, null, "record is longer than maxRecordChars (" + csv.maxRecordChars() + ")");
            }
            fields = parser.resume(record, names);
          }
          if (record != null) text = record.toString();
          if (fields == CsvLineParser.INCOMPLETE) {
            throw new RecordException(ReasonCode.MALFORMED_QUOTING, null,
                "a quoted field is not closed before the end of the " + (csv.multiLine() ? "file" : "line (set multiLine: true if fields contain line breaks)"));
          }
          if (fields.size() != names.size()) {
            throw new RecordException(ReasonCode.WRONG_FIELD_COUNT, null,
                "expected " + names.size() + " fields, found " + fields.size());
          }
          out.accept(SourceRecord.ok(split.fileIndex(), recordLine, fields.toArray()));
        } catch (RecordException e) {
          String raw = record == null ? text : record.toString();
          Drained rest = drainOpenRecord(lines, raw, cs);
          lineNo += rest.lines();
          out.accept(SourceRecord.malformed(split.fileIndex(), recordLine, e.reason(), e.getMessage(), e.field(), raw + rest.text()));
        } catch (MalformedInputException e) {
          String raw = (record == null ? text : record.toString()) + "\n" + Raw.of(lines.bytes(), lines.length(), cs);
          Drained rest = drainOpenRecord(lines, raw, cs);
          lineNo += rest.lines();
          out.accept(SourceRecord.malformed(split.fileIndex(), recordLine, ReasonCode.INVALID_ENCODING,
              "a continuation line of the record is not valid " + cs.name(), null, raw + rest.text()));
        }
      }
    } catch (NoSuchFileException e) {
      throw new InputException(split.file() + ": source file disappeared while reading", e);
    } catch (IOException e) {
      throw new InputException(split.file() + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** What {@link #drainOpenRecord} consumed: the text (for the raw record) and the number of lines. */
  private record Drained(String text, long lines) {}

  /**
   * After a malformed multi-line CSV record: when {@code soFar} ends inside a quoted field, consumes
   * the lines up to the one that closes it, so the rest of the field is not read as records of its
   * own. Returns their text (capped at maxRecordChars) for the dead letter's raw record and the
   * number of lines consumed. Does nothing outside multi-line CSV.
   */
  private Drained drainOpenRecord(LineScanner lines, String soFar, Charset cs) throws IOException {
    if (format != Format.CSV || !csv.multiLine() || !endsInQuote(soFar, false)) {
      return new Drained("", 0);
    }
    long skipped = 0;
    StringBuilder rest = new StringBuilder();
    boolean open = true;
    while (open && lines.next()) {
      skipped++;
      String line = Raw.of(lines.bytes(), lines.length(), cs);
      open = endsInQuote("\n" + line, true);
      if (rest.length() < csv.maxRecordChars()) {
        rest.append('\n').append(line, 0, Math.min(line.length(), csv.maxRecordChars() - rest.length()));
      }
    }
    return new Drained(rest.length() >= csv.maxRecordChars() ? rest + "..." : rest.toString(), skipped);
  }

  /**
   * Whether {@code text} ends inside a quoted field, following the parser's rules (a quote opens a
   * field only at its start; an escaped or doubled quote does not close it), starting inside a
   * quoted field when {@code inQuote}.
   */
  boolean endsInQuote(CharSequence text, boolean inQuote) {
    char q = csv.quote();
    char esc = csv.escape();
    char d = csv.delimiter();
    boolean fieldStart = !inQuote;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (inQuote) {
        if (c == esc && i + 1 < n && text.charAt(i + 1) == q) {
          i++;
        } else if (c == q) {
          inQuote = false;
        }
      } else if (c == q && fieldStart) {
        inQuote = true;
        fieldStart = false;
      } else {
        fieldStart = c == d || c == '\n';
      }
    }
    return inQuote;
  }

  private SourceRecord jsonRecord(ObjectMapper json, String text, int file, long line) {
    JsonNode node;
    try {
      node = json.readTree(text);
    } catch (IOException e) {
      String msg = e.getMessage() == null ? "" : e.getMessage();
      int cut = msg.indexOf('\n');
      return SourceRecord.malformed(file, line, ReasonCode.MALFORMED_JSON, "not valid JSON: "
          + (cut > 0 ? msg.substring(0, cut) : msg).replaceAll("['\"(].*", "").trim(), null, text); // Jackson quotes the bad token
    }
    if (node == null || !node.isObject()) {
      return SourceRecord.malformed(file, line, ReasonCode.MALFORMED_JSON, "a JSON line must hold one object", null, text);
    }
    Object[] values = new Object[schema.size()];
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      int idx = schema.indexOf(e.getKey());
      if (idx < 0) {
        return SourceRecord.malformed(file, line, ReasonCode.UNEXPECTED_FIELD,
            "field '" + e.getKey() + "' is not in the source schema " + schema.names() + "; declare it under source.schema", e.getKey(), text);
      }
      try {
        values[idx] = jsonValue(e.getValue(), schema.field(idx));
      } catch (RecordException ex) {
        return SourceRecord.malformed(file, line, ex.reason(), ex.getMessage(), ex.field(), text);
      }
    }
    return SourceRecord.ok(file, line, values);
  }

  private static Object jsonValue(JsonNode v, Field f) {
    if (v == null || v.isNull()) return null;
    switch (f.type()) {
      case STRING:
        return v.isTextual() ? v.textValue() : v.toString();
      case LONG:
        if (v.isIntegralNumber() && v.canConvertToLong()) return v.longValue();
        throw mismatch(f, "a whole number");
      case DOUBLE:
        if (v.isNumber() && Double.isFinite(v.doubleValue())) return v.doubleValue();
        throw mismatch(f, "a number");
      case BOOLEAN:
        if (v.isBoolean()) return v.booleanValue();
        throw mismatch(f, "true or false");
      case DATE:
      case TIMESTAMP:
        if (!v.isTextual()) throw mismatch(f, "an ISO-8601 string");
        try {
          return Values.parse(v.textValue(), f.type(), f.name());
        } catch (RecordException e) {
          throw mismatch(f, "an ISO-8601 " + f.type().specName());
        }
      default:
        throw new IllegalStateException();
    }
  }

  private static RecordException mismatch(Field f, String expected) {
    return new RecordException(ReasonCode.TYPE_MISMATCH, f.name(), "field '" + f.name() + "' must be " + expected + " (declared " + f.type().specName() + ")");
  }

  private static String decode(CharsetDecoder d, byte[] bytes, int len) throws MalformedInputException {
    d.reset();
    CharBuffer cb = CharBuffer.allocate((int) (len * (double) d.maxCharsPerByte()) + 1);
    ByteBuffer bb = ByteBuffer.wrap(bytes, 0, len);
    CoderResult r = d.decode(bb, cb, true);
    if (r.isError()) {
      throw new MalformedInputException(bb.position());
    }
    r = d.flush(cb);
    if (r.isError()) {
      throw new MalformedInputException(bb.position());
    }
    cb.flip();
    return cb.toString();
  }

  /** The CSV column in which byte {@code offset} lies, by counting delimiters before it (best effort). */
  private String fieldAt(byte[] bytes, int offset, Charset cs) {
    if (format != Format.CSV || !cs.name().equals("UTF-8") || csv.delimiter() > 127) return null;
    int col = 0;
    for (int i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] == csv.delimiter()) col++;
    }
    return col < schema.size() ? schema.field(col).name() : null;
  }

  private static long size(String file) {
    try {
      return Files.size(Path.of(file));
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static long bomLength(String file) {
    try (ReadableByteChannel ch = open(file, 0)) {
      ByteBuffer b = ByteBuffer.allocate(3);
      while (b.hasRemaining() && ch.read(b) > 0) {
        // fill
      }
      byte[] a = b.array();
      return b.position() == 3 && (a[0] & 0xFF) == 0xEF && (a[1] & 0xFF) == 0xBB && (a[2] & 0xFF) == 0xBF ? 3 : 0;
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Whether {@code file} is gzip-compressed (by its magic bytes, whatever its name). */
  static boolean isGzip(String file) {
    try (FileChannel ch = FileChannel.open(Path.of(file), StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(2);
      ch.read(b);
      return b.position() == 2 && (b.get(0) & 0xFF) == 0x1F && (b.get(1) & 0xFF) == 0x8B;
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * The file's content from byte {@code start} (of the decompressed content, for gzip files, which
   * are read whole by one worker since gzip cannot be split).
   */
  private static ReadableByteChannel open(String file, long start) throws IOException {
    if (!isGzip(file)) {
      return FileChannel.open(Path.of(file), StandardOpenOption.READ);
    }
    InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(file)), 1 << 16);
    try {
      in.skipNBytes(start);
    } catch (java.io.EOFException e) {
      in.close();
      throw new InputException(file + ": the compressed file ends before byte " + start);
    }
    return Channels.newChannel(in);
  }


  private static List<String> readHeader(String file, CsvOptions csv, long[] start, long[] line, int i) {
    long bom = bomLength(file);
    if (!csv.header()) {
      start[i] = bom;
      line[i] = 1;
      return csv.columns();
    }
    Charset cs = Charset.forName(csv.charset());
    try (LineScanner s = new LineScanner(open(file, bom), bom, csv.maxRecordChars() * 4 + 4)) {
      if (!s.next()) {
        throw new InputException(file + ": the file is empty; a header line was expected (set header: false and columns: [...] for files without one)");
      }
      String text;
      try {
        text = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(s.bytes(), 0, s.length())).toString();
      } catch (CharacterCodingException e) {
        throw new InputException(file + ": line 1: the header is not valid " + cs.name());
      }
      List<String> h;
      try {
        h = new CsvLineParser(csv).parse(text, List.of());
      } catch (RecordException e) {
        throw new InputException(file + ": line 1: cannot parse the header: " + e.getMessage());
      }
      if (h == CsvLineParser.INCOMPLETE) {
        throw new InputException(file + ": line 1: the header has an unclosed quote");
      }
      Set<String> seen = new HashSet<>();
      List<String> out = new ArrayList<>();
      for (int c = 0; c < h.size(); c++) {
        String name = h.get(c) == null ? "" : h.get(c).trim();
        try {
          Field.checkName(name);
        } catch (IllegalArgumentException e) {
          throw new InputException(file + ": line 1, column " + (c + 1) + ": " + e.getMessage());
        }
        if (!seen.add(name)) {
          throw new InputException(file + ": line 1, column " + (c + 1) + ": column name '" + name + "' appears twice in the header");
        }
        out.add(name);
      }
      start[i] = s.position();
      line[i] = 2;
      return out;
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static Schema declared(Map<String, FieldType> types) {
    List<Field> fields = new ArrayList<>();
    types.forEach((k, v) -> fields.add(Field.of(k, v)));
    return Schema.of(fields);
  }

  /** Infers field types from up to 1,000 leading lines: integers LONG, other numbers DOUBLE, booleans BOOLEAN, the rest STRING. */
  private static Schema inferJsonSchema(String file, long start) {
    Map<String, FieldType> types = new LinkedHashMap<>();
    ObjectMapper json = new ObjectMapper();
    try (LineScanner s = new LineScanner(open(file, start), start, 4 << 20)) {
      int n = 0;
      while (n < 1000 && s.next()) {
        if (s.length() == 0 || s.oversized()) continue;
        JsonNode node;
        try {
          node = json.readTree(s.bytes(), 0, s.length());
        } catch (IOException e) {
          continue; // malformed lines are dead-lettered when read
        }
        if (node == null || !node.isObject()) continue;
        n++;
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          FieldType t = jsonType(e.getValue());
          FieldType old = types.get(e.getKey());
          if (t == null) {
            types.putIfAbsent(e.getKey(), null);
          } else if (old == null) {
            types.put(e.getKey(), t);
          } else if (old != t) {
            types.put(e.getKey(), old.isNumeric() && t.isNumeric() ? FieldType.DOUBLE : FieldType.STRING);
          }
        }
      }
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (types.isEmpty()) {
      throw new InputException(file + ": no JSON object found in the first 1,000 lines to infer a schema from; declare source.schema");
    }
    List<Field> fields = new ArrayList<>();
    for (Map.Entry<String, FieldType> e : types.entrySet()) {
      try {
        fields.add(Field.of(e.getKey(), e.getValue() == null ? FieldType.STRING : e.getValue()));
      } catch (IllegalArgumentException ex) {
        throw new InputException(file + ": JSON field '" + e.getKey() + "': " + ex.getMessage());
      }
    }
    return Schema.of(fields);
  }

  private static FieldType jsonType(JsonNode v) {
    if (v == null || v.isNull()) return null;
    if (v.isIntegralNumber() && v.canConvertToLong()) return FieldType.LONG;
    if (v.isNumber()) return FieldType.DOUBLE;
    if (v.isBoolean()) return FieldType.BOOLEAN;
    return FieldType.STRING;
  }
}
