package dev.veil.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.InputException;
import dev.veil.core.error.ReasonCode;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.spec.CsvOptions;
import dev.veil.core.spec.Format;
import dev.veil.core.spec.SourceSpec;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextSourceTest {

  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    return writeBytes(name, content.getBytes(StandardCharsets.UTF_8));
  }

  private Path writeBytes(String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
    return p;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static TextSource csv(Path p) {
    return TextSource.open(SourceSpec.csv(p.toString()));
  }

  private static TextSource csv(Path p, CsvOptions o) {
    return TextSource.open(SourceSpec.csv(p.toString()).withCsv(o));
  }

  /** Every record of every split, in split order. */
  private static List<SourceRecord> readAll(TextSource src, long splitBytes) {
    List<SourceRecord> out = new ArrayList<>();
    for (TextSplit s : src.splits(splitBytes)) {
      src.read(s, out::add);
    }
    return out;
  }

  private static List<SourceRecord> readAll(TextSource src) {
    return readAll(src, Long.MAX_VALUE);
  }

  private static void assertOk(SourceRecord r, long line, Object... values) {
    assertFalse(r.isMalformed(), () -> "line " + r.line() + " malformed: " + r.reason() + " " + r.message());
    assertEquals(line, r.line());
    assertArrayEquals(values, r.values());
  }

  private static void assertMalformed(SourceRecord r, long line, String reason) {
    assertTrue(r.isMalformed(), "expected malformed at line " + line);
    assertEquals(line, r.line());
    assertEquals(reason, r.reason(), r.message());
    assertNull(r.values());
  }

  // ---- header and files

  @Test
  void open_csvHeader_givesNullableStringFieldsInHeaderOrder() throws IOException {
    TextSource src = csv(write("a.csv", "id,name,email\n1,Ann,ann@example.com\n"));
    assertEquals(List.of("id", "name", "email"), src.schema().names());
    src.schema().fields().forEach(f -> {
      assertEquals(FieldType.STRING, f.type());
      assertTrue(f.nullable());
    });
    assertEquals(Format.CSV, src.format());
  }

  @Test
  void open_headerNamesWithSpacesOrQuotes_areTrimmedAndUnquoted() throws IOException {
    assertEquals(List.of("id", "first name"), csv(write("a.csv", " id ,\"first name\"\n")).schema().names());
  }

  @Test
  void open_duplicateHeaderName_namesFileLineAndColumn() throws IOException {
    Path p = write("dup.csv", "id,name,id\n1,a,2\n");
    String m = assertThrows(InputException.class, () -> csv(p)).getMessage();
    assertTrue(m.contains(p.toString()), m);
    assertTrue(m.contains("line 1, column 3"), m);
    assertTrue(m.contains("'id' appears twice"), m);
  }

  @Test
  void open_emptyHeaderName_namesFileLineAndColumn() throws IOException {
    Path p = write("empty.csv", "id,,name\n");
    String m = assertThrows(InputException.class, () -> csv(p)).getMessage();
    assertTrue(m.contains(p.toString()), m);
    assertTrue(m.contains("line 1, column 2"), m);
    assertTrue(m.contains("non-empty"), m);
  }

  @Test
  void open_reservedHeaderName_namesFileLineAndColumn() throws IOException {
    Path p = write("reserved.csv", "id,_veil_x\n");
    String m = assertThrows(InputException.class, () -> csv(p)).getMessage();
    assertTrue(m.contains(p.toString()), m);
    assertTrue(m.contains("line 1, column 2"), m);
    assertTrue(m.contains("_veil_"), m);
  }

  @Test
  void open_headerWithUnclosedQuote_failsNamingFileAndLine() throws IOException {
    Path p = write("q.csv", "id,\"name\n");
    String m = assertThrows(InputException.class, () -> csv(p)).getMessage();
    assertTrue(m.contains(p + ": line 1"), m);
    assertTrue(m.contains("unclosed quote"), m);
  }

  @Test
  void open_emptyFile_saysAHeaderWasExpected() throws IOException {
    Path p = write("e.csv", "");
    String m = assertThrows(InputException.class, () -> csv(p)).getMessage();
    assertTrue(m.contains(p.toString()) && m.contains("empty"), m);
  }

  @Test
  void open_byteOrderMark_isNotPartOfTheFirstName() throws IOException {
    Path p = writeBytes("bom.csv", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("id,name\n1,a\n")));
    TextSource src = csv(p);
    assertEquals(List.of("id", "name"), src.schema().names());
    List<SourceRecord> rs = readAll(src);
    assertEquals(1, rs.size());
    assertOk(rs.get(0), 2, "1", "a");
  }

  @Test
  void open_missingFile_namesThePath() {
    Path p = dir.resolve("nope.csv");
    InputException e = assertThrows(InputException.class, () -> csv(p));
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void open_emptyDirectory_namesThePath() throws IOException {
    Path d = Files.createDirectory(dir.resolve("in"));
    write("in/_SUCCESS", "");
    write("in/.hidden.csv", "id\n1\n");
    InputException e = assertThrows(InputException.class, () -> csv(d));
    assertTrue(e.getMessage().contains(d.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("no data files"), e.getMessage());
  }

  @Test
  void open_directory_readsNonHiddenFilesInNameOrder() throws IOException {
    write("in/part-2.csv", "id\n3\n");
    write("in/part-1.csv", "id\n1\n2\n");
    write("in/_SUCCESS", "");
    write("in/.part-1.csv.crc", "xx");
    TextSource src = csv(dir.resolve("in"));
    assertEquals(2, src.files().size());
    assertTrue(src.files().get(0).endsWith("part-1.csv"));
    assertTrue(src.files().get(1).endsWith("part-2.csv"));
    List<SourceRecord> rs = readAll(src);
    assertEquals(3, rs.size());
    assertEquals(List.of(0, 0, 1), rs.stream().map(SourceRecord::fileIndex).toList());
    assertOk(rs.get(1), 3, "2");
    assertOk(rs.get(2), 2, "3");
  }

  @Test
  void open_directoryWithDifferingHeaders_namesBothFiles() throws IOException {
    write("in/a.csv", "id,name\n");
    write("in/b.csv", "id,nome\n");
    String m = assertThrows(InputException.class, () -> csv(dir.resolve("in"))).getMessage();
    assertTrue(m.contains("b.csv") && m.contains("a.csv") && m.contains("header differs"), m);
  }

  @Test
  void open_noHeader_usesDeclaredColumnsAndStartsAtLineOne() throws IOException {
    Path p = write("n.csv", "1,a\n2,b\n");
    CsvOptions o = new CsvOptions(false, List.of("id", "name"), ',', '"', '"', "UTF-8", false, 100, 1000);
    TextSource src = csv(p, o);
    assertEquals(List.of("id", "name"), src.schema().names());
    List<SourceRecord> rs = readAll(src);
    assertOk(rs.get(0), 1, "1", "a");
    assertOk(rs.get(1), 2, "2", "b");
  }

  @Test
  void open_declaredTags_areAppliedToFields() throws IOException {
    Path p = write("t.csv", "id,email\n");
    TextSource src = TextSource.open(SourceSpec.csv(p.toString()).withTags("email", "pii:EMAIL_ADDRESS").withTags("id", "privacy-unit"));
    assertTrue(src.schema().require("email", "t").tags().piiClasses().contains(PiiClass.EMAIL_ADDRESS));
    assertTrue(src.schema().require("id", "t").tags().privacyUnit());
  }

  @Test
  void open_tagsForUnknownField_namesFieldAndFields() throws IOException {
    Path p = write("t.csv", "id,email\n");
    String m = assertThrows(InputException.class,
        () -> TextSource.open(SourceSpec.csv(p.toString()).withTags("mail", "pii:EMAIL_ADDRESS"))).getMessage();
    assertTrue(m.contains("'mail'") && m.contains("[id, email]"), m);
  }

  @Test
  void open_parquetSpec_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> TextSource.open(SourceSpec.parquet(dir.toString())));
  }

  // ---- records

  @Test
  void read_crlfLineEndings_areStripped() throws IOException {
    List<SourceRecord> rs = readAll(csv(write("crlf.csv", "id,name\r\n1,a\r\n2,b\r\n")));
    assertEquals(2, rs.size());
    assertOk(rs.get(0), 2, "1", "a");
    assertOk(rs.get(1), 3, "2", "b");
  }

  @Test
  void read_lastLineWithoutNewline_isRead() throws IOException {
    List<SourceRecord> rs = readAll(csv(write("last.csv", "id,name\n1,a\n2,b")));
    assertEquals(2, rs.size());
    assertOk(rs.get(1), 3, "2", "b");
  }

  @Test
  void read_blankLines_areSkippedButCounted() throws IOException {
    List<SourceRecord> rs = readAll(csv(write("blank.csv", "id,name\n1,a\n\n\r\n2,b\n\n")));
    assertEquals(2, rs.size());
    assertOk(rs.get(0), 2, "1", "a");
    assertOk(rs.get(1), 5, "2", "b");
  }

  @Test
  void read_emptyAndQuotedEmptyFields_areNullAndEmptyString() throws IOException {
    List<SourceRecord> rs = readAll(csv(write("e.csv", "a,b,c\n,\"\",\n")));
    assertOk(rs.get(0), 2, null, "", null);
  }

  @Test
  void read_wrongFieldCount_isMalformedWithCountsAndRaw() throws IOException {
    List<SourceRecord> rs = readAll(csv(write("w.csv", "id,name\n1,a,extra\n2\n3,c\n")));
    assertEquals(3, rs.size());
    assertMalformed(rs.get(0), 2, ReasonCode.WRONG_FIELD_COUNT);
    assertEquals("expected 2 fields, found 3", rs.get(0).message());
    assertEquals("1,a,extra", rs.get(0).raw());
    assertMalformed(rs.get(1), 3, ReasonCode.WRONG_FIELD_COUNT);
    assertOk(rs.get(2), 4, "3", "c");
  }

  @Test
  void read_invalidUtf8_isInvalidEncodingNamingTheFieldWithEscapedRaw() throws IOException {
    Path p = writeBytes("bad.csv", concat(utf8("id,name,email\n1,Ann,ann@example.com\n2,B"), new byte[] {(byte) 0xFF},
        utf8("ob,bob@example.com\n3,C\u00e9,c@example.com\n")));
    List<SourceRecord> rs = readAll(csv(p));
    assertEquals(3, rs.size());
    assertOk(rs.get(0), 2, "1", "Ann", "ann@example.com");
    SourceRecord bad = rs.get(1);
    assertMalformed(bad, 3, ReasonCode.INVALID_ENCODING);
    assertEquals("name", bad.field());
    assertEquals("2,B\\xFFob,bob@example.com", bad.raw());
    assertTrue(bad.message().contains("UTF-8"), bad.message());
    assertFalse(bad.message().contains("bob"), bad.message());
    assertOk(rs.get(2), 4, "3", "C\u00e9", "c@example.com");
  }

  @Test
  void read_truncatedMultiByteSequence_isInvalidEncodingInTheLastField() throws IOException {
    Path p = writeBytes("trunc.csv", concat(utf8("id,name\n1,ab"), new byte[] {(byte) 0xC3}, utf8("\n")));
    SourceRecord r = readAll(csv(p)).get(0);
    assertMalformed(r, 2, ReasonCode.INVALID_ENCODING);
    assertEquals("name", r.field());
    assertEquals("1,ab\\xC3", r.raw());
  }

  @Test
  void read_fieldOverMaxFieldChars_isFieldTooLargeNamingTheField() throws IOException {
    Path p = write("big.csv", "id,name\n1,abcdefgh\n2,abc\n");
    List<SourceRecord> rs = readAll(csv(p, CsvOptions.DEFAULT.withMaxFieldChars(5)));
    assertMalformed(rs.get(0), 2, ReasonCode.FIELD_TOO_LARGE);
    assertEquals("name", rs.get(0).field());
    assertOk(rs.get(1), 3, "2", "abc");
  }

  @Test
  void read_recordOverMaxRecordCharsWithSmallFields_isRecordTooLarge() throws IOException {
    Path p = write("wide.csv", "a,b,c\naaaa,bbbb,cccc\na,b,c\n");
    CsvOptions o = new CsvOptions(true, List.of(), ',', '"', '"', "UTF-8", false, 5, 10);
    List<SourceRecord> rs = readAll(csv(p, o));
    assertEquals(2, rs.size());
    assertMalformed(rs.get(0), 2, ReasonCode.RECORD_TOO_LARGE);
    assertOk(rs.get(1), 3, "a", "b", "c");
  }

  @Test
  void read_lineFarOverMaxRecordChars_isRecordTooLargeAndReadingGoesOn() throws IOException {
    Path p = write("long.csv", "a\n" + "x".repeat(500) + "\nok\n");
    CsvOptions o = new CsvOptions(true, List.of(), ',', '"', '"', "UTF-8", false, 10, 20);
    List<SourceRecord> rs = readAll(csv(p, o));
    assertEquals(2, rs.size());
    assertMalformed(rs.get(0), 2, ReasonCode.RECORD_TOO_LARGE);
    assertTrue(rs.get(0).raw().endsWith("..."), rs.get(0).raw());
    assertTrue(rs.get(0).raw().length() < 500, "raw is truncated");
    assertOk(rs.get(1), 3, "ok");
  }

  @Test
  void read_textAfterClosingQuote_isMalformedQuotingNamingTheField() throws IOException {
    SourceRecord r = readAll(csv(write("q.csv", "id,name\n1,\"Ann\"e\n"))).get(0);
    assertMalformed(r, 2, ReasonCode.MALFORMED_QUOTING);
    assertEquals("name", r.field());
    assertEquals("1,\"Ann\"e", r.raw());
  }

  @Test
  void read_unterminatedQuoteInSingleLineMode_isMalformedAndTheNextLineIsARecord() throws IOException {
    List<SourceRecord> rs = readAll(csv(write("u.csv", "id,note\n1,\"abc\n2,x\n")));
    assertEquals(2, rs.size());
    assertMalformed(rs.get(0), 2, ReasonCode.MALFORMED_QUOTING);
    assertTrue(rs.get(0).message().contains("multiLine"), rs.get(0).message());
    assertOk(rs.get(1), 3, "2", "x");
  }

  @Test
  void read_multiLineQuotedNewline_keepsStartLineAndNextRecordLine() throws IOException {
    Path p = write("m.csv", "id,note\n1,\"line one\nline two\n\"\n2,x\r\n3,\"a\r\nb\"\r\n4,y\n");
    List<SourceRecord> rs = readAll(csv(p, CsvOptions.DEFAULT.withMultiLine(true)));
    assertEquals(4, rs.size());
    assertOk(rs.get(0), 2, "1", "line one\nline two\n");
    assertOk(rs.get(1), 5, "2", "x");
    assertOk(rs.get(2), 6, "3", "a\nb");
    assertOk(rs.get(3), 8, "4", "y");
  }

  @Test
  void read_multiLineQuoteNeverClosed_isMalformedAtTheRecordStart() throws IOException {
    List<SourceRecord> rs = readAll(csv(write("m.csv", "id,note\n1,ok\n2,\"open\nmore\n"), CsvOptions.DEFAULT.withMultiLine(true)));
    assertEquals(2, rs.size());
    assertOk(rs.get(0), 2, "1", "ok");
    assertMalformed(rs.get(1), 3, ReasonCode.MALFORMED_QUOTING);
    assertTrue(rs.get(1).message().contains("end of the file"), rs.get(1).message());
    assertEquals("2,\"open\nmore", rs.get(1).raw());
  }

  @Test
  void read_multiLineFieldTooLargeInsideQuotes_skipsToTheClosingQuoteAndResumes() throws IOException {
    // the quoted field of record 2 grows past maxFieldChars on its second line; its third line must not become a record
    String big = "z".repeat(40);
    Path p = write("m.csv", "id,note\n1,ok\n2,\"start\n" + big + "\ninside, still \"\"quoted\"\" text\n end\"\n3,after\n");
    CsvOptions o = new CsvOptions(true, List.of(), ',', '"', '"', "UTF-8", true, 30, 1000);
    List<SourceRecord> rs = readAll(csv(p, o));
    assertEquals(3, rs.size(), describe(rs).toString());
    assertOk(rs.get(0), 2, "1", "ok");
    assertMalformed(rs.get(1), 3, ReasonCode.FIELD_TOO_LARGE);
    assertTrue(rs.get(1).raw().endsWith(" end\""), rs.get(1).raw());
    assertOk(rs.get(2), 7, "3", "after");
  }

  @Test
  void read_multiLineInvalidBytesInsideQuotes_skipsToTheClosingQuoteAndResumes() throws IOException {
    Path p = writeBytes("m.csv", concat(utf8("id,note\n1,\"a\n"), new byte[] {(byte) 0xFF}, utf8("b\nc, d\"\n2,ok\n")));
    List<SourceRecord> rs = readAll(csv(p, CsvOptions.DEFAULT.withMultiLine(true)));
    assertEquals(2, rs.size(), describe(rs).toString());
    assertMalformed(rs.get(0), 2, ReasonCode.INVALID_ENCODING);
    assertTrue(rs.get(0).raw().contains("\\xFF"), rs.get(0).raw());
    assertOk(rs.get(1), 5, "2", "ok");
  }

  private Path writeGzip(String name, byte[] content) throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(b)) {
      gz.write(content);
    }
    return writeBytes(name, b.toByteArray());
  }

  @Test
  void read_gzipCsv_readsLikeThePlainFileWithLineNumbersAndDeadLetters() throws IOException {
    byte[] plain = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("id,name\n1,a\n2\n3,\"c, d\"\n"));
    List<SourceRecord> fromPlain = readAll(csv(writeBytes("p.csv", plain)));
    TextSource gz = csv(writeGzip("p.csv.gz", plain));
    assertEquals(List.of("id", "name"), gz.schema().names());
    assertEquals(1, gz.splits(1).size(), "gzip cannot be split");
    List<SourceRecord> fromGz = readAll(gz);
    assertEquals(describe(fromPlain), describe(fromGz));
    assertOk(fromGz.get(0), 2, "1", "a");
    assertMalformed(fromGz.get(1), 3, ReasonCode.WRONG_FIELD_COUNT);
    assertOk(fromGz.get(2), 4, "3", "c, d");
  }

  @Test
  void read_gzipJsonLines_infersAndReads() throws IOException {
    TextSource src = jsonl(writeGzip("p.jsonl.gz", utf8("{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2.5}\n")));
    assertEquals(FieldType.DOUBLE, src.schema().require("a", "test").type());
    List<SourceRecord> rs = readAll(src);
    assertEquals(2, rs.size());
    assertOk(rs.get(1), 2, 2.5, null);
  }

  @Test
  void read_truncatedGzip_isAnInputErrorNamingTheFile() throws IOException {
    byte[] full;
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(b)) {
      gz.write(utf8("id,name\n" + "1,abcdefghij\n".repeat(2000)));
    }
    full = b.toByteArray();
    Path p = writeBytes("t.csv.gz", java.util.Arrays.copyOf(full, full.length / 2));
    // found as soon as the file is opened (reading the header decompresses its first block) or read
    InputException e = assertThrows(InputException.class, () -> readAll(csv(p)));
    assertTrue(e.getMessage().contains("t.csv.gz") && e.getMessage().contains("ZLIB"), e.getMessage());
  }

  @Test
  void endsInQuote_followsTheParsersQuoteRules() {
    TextSource src = csvOf("a,b");
    assertTrue(src.endsInQuote("1,\"open", false));
    assertFalse(src.endsInQuote("1,\"closed\"", false));
    assertTrue(src.endsInQuote("1,\"doubled \"\" still open", false));
    assertFalse(src.endsInQuote("1,mid\"quote", false)); // a quote inside an unquoted field opens nothing
    assertFalse(src.endsInQuote("\nrest\"", true));
    assertTrue(src.endsInQuote("\nrest", true));
  }

  private TextSource csvOf(String header) {
    try {
      return csv(write("h.csv", header + "\n"), CsvOptions.DEFAULT.withMultiLine(true));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void read_multiLineRecordOfManyShortLines_finishesInLinearTime() throws IOException {
    // One 1 MB record within the default limits: 900k chars of fields, then a quoted field spanning 20,000 lines.
    int lines = 20_000;
    StringBuilder sb = new StringBuilder("id,note\n1,");
    sb.append("a,".repeat(450_000)).append("\"\n");
    sb.append("x\n".repeat(lines)).append("\"\n2,y\n");
    Path p = write("slow.csv", sb.toString());
    TextSource src = csv(p, CsvOptions.DEFAULT.withMultiLine(true));
    List<SourceRecord> rs = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> readAll(src));
    assertEquals(2, rs.size());
    assertMalformed(rs.get(0), 2, ReasonCode.WRONG_FIELD_COUNT);
    assertOk(rs.get(1), 2 + lines + 2, "2", "y");
  }

  @Test
  void splits_multiLine_givesOneSplitPerFile() throws IOException {
    Path p = write("m.csv", "id\n" + "1\n".repeat(3_000_000));
    assertEquals(1, csv(p, CsvOptions.DEFAULT.withMultiLine(true)).splits(4 << 20).size());
    assertTrue(csv(p).splits(4 << 20).size() > 1);
  }

  @Test
  void sample_returnsTheFirstRecordsIncludingMalformedOnes() throws IOException {
    TextSource src = csv(write("s.csv", "id,name\n1,a\n2\n3,c\n4,d\n"));
    List<SourceRecord> s = src.sample(3);
    assertEquals(3, s.size());
    assertOk(s.get(0), 2, "1", "a");
    assertMalformed(s.get(1), 3, ReasonCode.WRONG_FIELD_COUNT);
    assertOk(s.get(2), 4, "3", "c");
  }

  /**
   * ~12 MB with long and short lines, quoted fields, CRLF, blank lines and malformed rows. Every record's first
   * value (or raw text) starts with its own line number.
   */
  @Test
  void splits_largeFile_unionOfSplitsEqualsOneSequentialReadWithExactLineNumbers() throws IOException {
    Path p = dir.resolve("large.csv");
    long expectedLines = 0;
    Set<Long> blank = new HashSet<>();
    Set<Long> malformed = new HashSet<>();
    try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
      w.write("line,payload,note\n");
      long line = 2;
      int i = 0;
      while (i < 240_000) {
        String payload = "p".repeat(i % 97);
        switch (i % 11) {
          case 0: w.write(line + ",\"" + payload + ",with comma\",\"say \"\"hi\"\"\"\r\n"); break;
          case 1: w.write("\n"); blank.add(line); break;
          case 2: w.write(line + ",only-two\n"); malformed.add(line); break;
          default: w.write(line + "," + payload + ",n" + i + "\n"); break;
        }
        line++;
        i++;
      }
      w.write(line + ",last,no-newline");
      expectedLines = line;
    }
    assertTrue(Files.size(p) > 12_000_000L, "file is " + Files.size(p) + " bytes");

    TextSource src = csv(p);
    List<SourceRecord> sequential = readAll(src, Long.MAX_VALUE);
    List<TextSplit> splits = src.splits(4 << 20);
    assertTrue(splits.size() >= 3, "splits: " + splits.size());
    assertEquals(src.splits(Long.MAX_VALUE).get(0).start(), splits.get(0).start());
    for (int k = 1; k < splits.size(); k++) {
      assertEquals(splits.get(k - 1).end(), splits.get(k).start(), "splits are contiguous");
    }
    assertEquals(Long.MAX_VALUE, splits.get(splits.size() - 1).end());

    List<SourceRecord> parallel = new ArrayList<>();
    for (TextSplit s : splits) {
      List<SourceRecord> part = new ArrayList<>();
      src.read(s, part::add);
      assertFalse(part.isEmpty());
      assertEquals(s.firstLine(), part.get(0).line() - (blank.contains(s.firstLine()) ? 1 : 0), "split starts at its first line");
      parallel.addAll(part);
    }

    assertEquals(expectedLines - 1 - blank.size(), sequential.size());
    assertEquals(describe(sequential), describe(parallel));
    Set<Long> seen = new HashSet<>();
    for (SourceRecord r : parallel) {
      assertTrue(seen.add(r.line()), "line read twice: " + r.line());
      if (malformed.contains(r.line())) {
        assertMalformed(r, r.line(), ReasonCode.WRONG_FIELD_COUNT);
        assertTrue(r.raw().startsWith(r.line() + ","), r.raw());
      } else {
        assertFalse(r.isMalformed(), r.line() + ": " + r.message());
        assertEquals(Long.toString(r.line()), r.values()[0]);
      }
    }
    for (long l = 2; l <= expectedLines; l++) {
      assertTrue(seen.contains(l) || blank.contains(l), "line lost: " + l);
    }
  }

  private static List<String> describe(List<SourceRecord> rs) {
    List<String> out = new ArrayList<>(rs.size());
    for (SourceRecord r : rs) {
      out.add(r.fileIndex() + ":" + r.line() + ":" + (r.isMalformed() ? r.reason() + ":" + r.raw() : Arrays.toString(r.values())));
    }
    return out;
  }

  // ---- JSON lines

  private static TextSource jsonl(Path p) {
    return TextSource.open(SourceSpec.jsonl(p.toString()));
  }

  private static TextSource jsonl(Path p, Map<String, FieldType> types) {
    return TextSource.open(SourceSpec.jsonl(p.toString()).withTypes(types));
  }

  @Test
  void open_jsonLines_infersLongDoubleBooleanAndString() throws IOException {
    Path p = write("a.jsonl", "{\"id\":1,\"score\":1,\"ok\":true,\"name\":\"a\",\"mixed\":1,\"empty\":null}\n"
        + "{\"id\":2,\"score\":2.5,\"ok\":false,\"name\":\"b\",\"mixed\":\"x\",\"extra\":[1]}\n");
    TextSource src = jsonl(p);
    assertEquals(List.of("id", "score", "ok", "name", "mixed", "empty", "extra"), src.schema().names());
    assertEquals(List.of(FieldType.LONG, FieldType.DOUBLE, FieldType.BOOLEAN, FieldType.STRING, FieldType.STRING, FieldType.STRING,
        FieldType.STRING), src.schema().fields().stream().map(f -> f.type()).toList());
    List<SourceRecord> rs = readAll(src);
    assertOk(rs.get(0), 1, 1L, 1.0, true, "a", "1", null, null);
    assertOk(rs.get(1), 2, 2L, 2.5, false, "b", "x", null, "[1]");
  }

  @Test
  void open_jsonLinesDoubleThenLong_infersDouble() throws IOException {
    assertEquals(FieldType.DOUBLE, jsonl(write("d.jsonl", "{\"v\":0.5}\n{\"v\":3}\n")).schema().field(0).type());
  }

  @Test
  void open_jsonLinesWithoutAnyObject_asksForADeclaredSchema() throws IOException {
    Path p = write("none.jsonl", "[1]\nnot json\n\n");
    String m = assertThrows(InputException.class, () -> jsonl(p)).getMessage();
    assertTrue(m.contains(p.toString()) && m.contains("source.schema"), m);
  }

  @Test
  void read_jsonLinesWithDeclaredSchema_parsesDatesAndTimestamps() throws IOException {
    Map<String, FieldType> types = new LinkedHashMap<>();
    types.put("id", FieldType.LONG);
    types.put("day", FieldType.DATE);
    types.put("at", FieldType.TIMESTAMP);
    Path p = writeBytes("d.jsonl", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        utf8("{\"id\":7,\"day\":\"2024-01-31\",\"at\":\"2024-01-31T12:00:00+01:00\"}\n\n{\"id\":8}\n")));
    TextSource src = jsonl(p, types);
    assertEquals(List.of("id", "day", "at"), src.schema().names());
    List<SourceRecord> rs = readAll(src);
    assertEquals(2, rs.size());
    assertOk(rs.get(0), 1, 7L, java.time.LocalDate.of(2024, 1, 31), Instant.parse("2024-01-31T11:00:00Z"));
    assertOk(rs.get(1), 3, 8L, null, null);
  }

  @Test
  void read_malformedJson_isMalformedJsonWithoutQuotingTheValue() throws IOException {
    Path p = write("m.jsonl", "{\"id\":1}\n{\"id\": secretvalue}\n[1,2]\n{\"id\":\n\"just a string\"\n");
    List<SourceRecord> rs = readAll(jsonl(p, Map.of("id", FieldType.LONG)));
    assertEquals(5, rs.size());
    assertOk(rs.get(0), 1, 1L);
    for (int i = 1; i < 5; i++) {
      assertMalformed(rs.get(i), i + 1, ReasonCode.MALFORMED_JSON);
    }
    assertEquals("{\"id\": secretvalue}", rs.get(1).raw());
    assertFalse(rs.get(1).message().contains("secretvalue"), rs.get(1).message());
    assertFalse(rs.get(4).message().contains("just a string"), rs.get(4).message());
  }

  @Test
  void read_jsonFieldNotInSchema_isUnexpectedFieldNamingIt() throws IOException {
    SourceRecord r = readAll(jsonl(write("u.jsonl", "{\"id\":1,\"zzz\":2}\n"), Map.of("id", FieldType.LONG))).get(0);
    assertMalformed(r, 1, ReasonCode.UNEXPECTED_FIELD);
    assertEquals("zzz", r.field());
    assertTrue(r.message().contains("source.schema"), r.message());
  }

  @Test
  void read_jsonValueOfWrongType_isTypeMismatchNamingTheField() throws IOException {
    Map<String, FieldType> types = new LinkedHashMap<>();
    types.put("id", FieldType.LONG);
    types.put("ok", FieldType.BOOLEAN);
    types.put("day", FieldType.DATE);
    types.put("score", FieldType.DOUBLE);
    Path p = write("t.jsonl", "{\"id\":\"12\"}\n{\"id\":1.5}\n{\"ok\":\"true\"}\n{\"day\":\"31.01.2024\"}\n{\"day\":20240131}\n"
        + "{\"score\":\"1\"}\n{\"id\":99999999999999999999}\n");
    List<SourceRecord> rs = readAll(jsonl(p, types));
    List<String> fields = List.of("id", "id", "ok", "day", "day", "score", "id");
    for (int i = 0; i < rs.size(); i++) {
      assertMalformed(rs.get(i), i + 1, ReasonCode.TYPE_MISMATCH);
      assertEquals(fields.get(i), rs.get(i).field());
      assertTrue(rs.get(i).message().contains("'" + fields.get(i) + "'"), rs.get(i).message());
    }
    assertEquals(7, rs.size());
    assertFalse(rs.get(3).message().contains("31.01.2024"), rs.get(3).message());
  }
}
