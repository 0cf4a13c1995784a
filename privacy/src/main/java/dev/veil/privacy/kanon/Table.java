package dev.veil.privacy.kanon;

import dev.veil.core.error.InputException;
import dev.veil.core.error.RecordException;
import dev.veil.core.io.CsvLineParser;
import dev.veil.core.spec.CsvOptions;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A small in-memory table for the single-machine algorithms: a header, rows of strings (a null
 * cell is a missing value) and, for messages, the source name and each row's line number.
 * Rows are not copied; the caller must not change them while an algorithm runs. Immutable apart
 * from that; thread-safe for reading.
 *
 * @param source file name (or description) for messages
 * @param header column names, unique
 * @param rows the records, each as long as the header
 * @param lines the 1-based line number of each row in {@code source}, for messages
 */
public record Table(String source, List<String> header, List<String[]> rows, int[] lines) {
  public Table {
    header = List.copyOf(header);
    rows = Collections.unmodifiableList(rows);
    if (lines.length != rows.size()) {
      throw new IllegalArgumentException("lines must have one entry per row. Provided value: " + lines.length + " for " + rows.size() + " rows");
    }
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).length != header.size()) {
        throw new IllegalArgumentException(source + ":" + lines[i] + ": the row has " + rows.get(i).length + " fields, the header " + header.size());
      }
    }
  }

  /** A table whose row {@code i} is reported as line {@code i + 2} (after a header line). */
  public static Table of(String source, List<String> header, List<String[]> rows) {
    int[] lines = new int[rows.size()];
    for (int i = 0; i < lines.length; i++) lines[i] = i + 2;
    return new Table(source, header, new ArrayList<>(rows), lines);
  }

  /** Number of rows. */
  public int size() {
    return rows.size();
  }

  /**
   * Index of column {@code name}.
   *
   * @throws IllegalArgumentException naming the column and the columns there are, if absent
   */
  public int column(String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("column '" + name + "' does not exist in " + source + ". Columns: " + String.join(", ", header));
    }
    return i;
  }

  /**
   * Reads a delimited file with a header line (UTF-8, strict decoding, RFC 4180 quoting, one record
   * per line; an empty line ends nothing and is skipped). An unquoted empty field is null.
   *
   * @throws InputException naming the file and line for an unreadable file, invalid UTF-8, broken
   *     quoting, a duplicate header name or a row whose field count differs from the header's
   */
  public static Table readCsv(Path file, char delimiter) {
    if (!Files.isRegularFile(file)) throw new InputException(file + ": input file not found");
    CsvLineParser parser = new CsvLineParser(CsvOptions.DEFAULT.withDelimiter(delimiter));
    List<String> header = null;
    List<String[]> rows = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
      String line;
      int no = 0;
      while ((line = in.readLine()) != null) {
        no++;
        if (no == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
        if (line.isEmpty()) continue;
        List<String> fields;
        try {
          fields = parser.parse(line, header == null ? List.of() : header);
        } catch (RecordException e) {
          throw new InputException(file + ":" + no + ": " + e.getMessage());
        }
        if (fields == CsvLineParser.INCOMPLETE) {
          throw new InputException(file + ":" + no + ": a quoted field does not end on its line (multi-line fields are not supported here)");
        }
        if (header == null) {
          header = new ArrayList<>();
          for (String f : fields) {
            String name = f == null ? "" : f;
            if (header.contains(name)) throw new InputException(file + ":1: the header names column '" + name + "' twice");
            header.add(name);
          }
          continue;
        }
        if (fields.size() != header.size()) {
          throw new InputException(file + ":" + no + ": the row has " + fields.size() + " fields, the header " + header.size());
        }
        rows.add(fields.toArray(new String[0]));
        lines.add(no);
      }
    } catch (CharacterCodingException e) {
      throw new InputException(file + ": the file is not valid UTF-8");
    } catch (IOException e) {
      throw new InputException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
    }
    if (header == null) throw new InputException(file + ": the file is empty (a header line is required)");
    return new Table(file.toString(), header, rows, lines.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Writes a header and rows as a delimited UTF-8 file, quoting a field that holds the delimiter,
   * a quote or a line break; null is written as an empty field. The file appears whole or not at
   * all (written to a temporary file beside it, then moved).
   */
  public static void writeCsv(Path file, char delimiter, List<String> header, List<String[]> rows) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".veil-", ".tmp");
    try {
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        writeRow(w, delimiter, header.toArray(new String[0]));
        for (String[] r : rows) writeRow(w, delimiter, r);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeRow(BufferedWriter w, char d, String[] r) throws IOException {
    for (int i = 0; i < r.length; i++) {
      if (i > 0) w.write(d);
      String v = r[i];
      if (v == null) continue;
      if (v.indexOf(d) >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
        w.write('"');
        w.write(v.replace("\"", "\"\""));
        w.write('"');
      } else {
        w.write(v);
      }
    }
    w.write('\n');
  }
}
