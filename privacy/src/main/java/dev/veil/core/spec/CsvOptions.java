package dev.veil.core.spec;

import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a delimited text file is read or written (RFC 4180 by default).
 *
 * <p>Reading: the first line is the header unless {@code header} is false, in which case
 * {@code columns} names the fields. An unquoted empty field reads as null, a quoted empty field
 * ({@code ""}) as the empty string. With {@code multiLine} false (the default) a record is one line,
 * which lets a large file be read in parallel splits with exact line numbers; set it to true when
 * quoted fields contain line breaks (the file is then read by one worker). A field longer than
 * {@code maxFieldChars} or a record longer than {@code maxRecordChars} goes to the dead letter.
 *
 * @param escape the character that escapes a quote inside a quoted field; equal to {@code quote}
 *     for RFC 4180 doubling ({@code ""})
 */
public record CsvOptions(boolean header, List<String> columns, char delimiter, char quote, char escape, String charset,
    boolean multiLine, int maxFieldChars, int maxRecordChars) implements java.io.Serializable {

  public static final CsvOptions DEFAULT = new CsvOptions(true, List.of(), ',', '"', '"', "UTF-8", false, 65_536, 1_048_576);

  public CsvOptions {
    columns = columns == null ? List.of() : List.copyOf(columns);
    if (!header && columns.isEmpty()) {
      throw new IllegalArgumentException("columns must list the field names when header is false. Provided value: []");
    }
    if (delimiter == quote || delimiter == '\n' || delimiter == '\r') {
      throw new IllegalArgumentException("delimiter must differ from the quote and from line breaks. Provided value: '" + delimiter + "'");
    }
    if (!Charset.isSupported(charset)) {
      throw new IllegalArgumentException("charset must be a charset this JVM supports, like UTF-8 or ISO-8859-1. Provided value: '" + charset + "'");
    }
    if (maxFieldChars < 1 || maxRecordChars < maxFieldChars) {
      throw new IllegalArgumentException("maxFieldChars must be >= 1 and <= maxRecordChars. Provided value: " + maxFieldChars + " / " + maxRecordChars);
    }
  }

  public CsvOptions withDelimiter(char d) {
    return new CsvOptions(header, columns, d, quote, escape, charset, multiLine, maxFieldChars, maxRecordChars);
  }

  public CsvOptions withMaxFieldChars(int n) {
    return new CsvOptions(header, columns, delimiter, quote, escape, charset, multiLine, n, Math.max(n, maxRecordChars));
  }

  public CsvOptions withMultiLine(boolean b) {
    return new CsvOptions(header, columns, delimiter, quote, escape, charset, b, maxFieldChars, maxRecordChars);
  }

  public CsvOptions withCharset(String c) {
    return new CsvOptions(header, columns, delimiter, quote, escape, c, multiLine, maxFieldChars, maxRecordChars);
  }

  /** Spec keys this type reads, for error messages. */
  public static final List<String> KEYS =
      List.of("header", "columns", "delimiter", "quote", "escape", "charset", "multiLine", "maxFieldChars", "maxRecordChars");

  Map<String, Object> toParams() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("header", header);
    if (!columns.isEmpty()) p.put("columns", columns);
    p.put("delimiter", String.valueOf(delimiter));
    p.put("quote", String.valueOf(quote));
    p.put("escape", String.valueOf(escape));
    p.put("charset", charset);
    p.put("multiLine", multiLine);
    p.put("maxFieldChars", maxFieldChars);
    p.put("maxRecordChars", maxRecordChars);
    return p;
  }
}
