package dev.veil.pipelines.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.EmailValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataGeneratorTest {

  private static final int ROWS = 2_000;
  private static final long SEED = 7L;
  private static final List<String> EXPECTED_COLUMNS = List.of(
      "customer_id", "full_name", "email", "phone", "national_id", "card_number", "street_address", "city",
      "zip", "birth_date", "signup_ts", "notes", "age", "income", "tenure_months", "num_purchases",
      "avg_basket", "country", "churned");

  private static final Pattern SSN = Pattern.compile("(\\d{3})-(\\d{2})-(\\d{4})");
  private static final Pattern CARD = Pattern.compile("\\d{16}|\\d{4} \\d{4} \\d{4} \\d{4}");
  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern ISO_INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  private static final Pattern PHONE_FORMAT =
      Pattern.compile("\\(\\d{3}\\) \\d{3}-\\d{4}|\\d{3}-\\d{3}-\\d{4}|\\+1 \\d{3} \\d{3} \\d{4}");
  private static final Pattern INTEGER = Pattern.compile("0|[1-9]\\d*");
  private static final Pattern DECIMAL = Pattern.compile("(0|[1-9]\\d*)\\.\\d{2}");
  private static final Pattern EMAIL_TOKEN = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

  private static final EmailValidator EMAILS = EmailValidator.getInstance(false, false);
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  @TempDir
  static Path shared;

  private static byte[] sample;
  private static SyntheticDataGenerator.Result sampleResult;

  @BeforeAll
  static void generateSample() throws IOException {
    sampleResult = SyntheticDataGenerator.generate(shared.resolve("sample.csv"), ROWS, SEED, n -> { });
    sample = Files.readAllBytes(sampleResult.file());
  }

  @Test
  void columnsAreTheDocumentedHeader() {
    assertEquals(EXPECTED_COLUMNS, SyntheticDataGenerator.COLUMNS);
    List<byte[]> lines = lines(sample);
    assertEquals(String.join(",", EXPECTED_COLUMNS), decodeStrict(lines.get(0)));
  }

  @Test
  void sameSeedGivesIdenticalBytes(@TempDir Path dir) throws IOException {
    SyntheticDataGenerator.Result a = SyntheticDataGenerator.generate(dir.resolve("a.csv"), 3_000, 42L, n -> { });
    SyntheticDataGenerator.Result b = SyntheticDataGenerator.generate(dir.resolve("b.csv"), 3_000, 42L, n -> { });
    assertArrayEquals(sha256(Files.readAllBytes(a.file())), sha256(Files.readAllBytes(b.file())));
    assertEquals(a.malformedByKind(), b.malformedByKind());
    assertEquals(a.malformedRows(), b.malformedRows());
  }

  @Test
  void differentSeedsGiveDifferentFiles(@TempDir Path dir) throws IOException {
    SyntheticDataGenerator.Result a = SyntheticDataGenerator.generate(dir.resolve("a.csv"), 3_000, 42L, n -> { });
    SyntheticDataGenerator.Result b = SyntheticDataGenerator.generate(dir.resolve("b.csv"), 3_000, 43L, n -> { });
    assertFalse(MessageDigest.isEqual(sha256(Files.readAllBytes(a.file())), sha256(Files.readAllBytes(b.file()))));
    // Not just the malformed rows: the first data line (well-formed, away from the fixed positions) differs too.
    assertFalse(MessageDigest.isEqual(lines(Files.readAllBytes(a.file())).get(1), lines(Files.readAllBytes(b.file())).get(1)));
  }

  @Test
  void oneLinePerRecordPlusHeader() {
    assertEquals(ROWS, sampleResult.rows());
    assertEquals('\n', sample[sample.length - 1]);
    assertEquals(ROWS + 1, lines(sample).size());
    for (byte b : sample) {
      assertTrue(b != '\r', "no CR anywhere");
    }
  }

  @Test
  void malformedCountsMatchTheContent() {
    Map<String, Long> reported = sampleResult.malformedByKind();
    assertEquals(SyntheticDataGenerator.MALFORMED_KINDS, new ArrayList<>(reported.keySet()));
    assertEquals(Set.of("wrong_field_count", "unparsable_number", "invalid_utf8", "oversized_field", "unterminated_quote"),
        reported.keySet());
    long sum = 0;
    for (Map.Entry<String, Long> e : reported.entrySet()) {
      assertTrue(e.getValue() >= 1, e.getKey() + " occurs at least once");
      sum += e.getValue();
    }
    assertEquals(sampleResult.malformedRows(), sum);
    double rate = (double) sampleResult.malformedRows() / ROWS;
    assertTrue(rate >= 0.002 && rate <= 0.015, "malformed rate " + rate);

    Classified c = classify(sample);
    assertEquals(reported, c.kinds, "kinds re-derived from the file");
    assertEquals(ROWS - sum, c.wellFormed.size());
  }

  @Test
  void wellFormedRowsHaveValidValues() {
    Classified c = classify(sample);
    Set<String> ids = new HashSet<>();
    int notesWithPii = 0;
    int churned = 0;
    for (Row row : c.wellFormed) {
      List<String> f = row.fields;
      String where = "line " + row.lineNumber + ": " + f;
      assertEquals(EXPECTED_COLUMNS.size(), f.size(), where);
      for (String value : f) {
        assertFalse(value.contains("\n") || value.contains("\r"), where);
      }
      assertEquals(String.format("C%07d", row.lineNumber), get(f, "customer_id"), where);
      assertTrue(ids.add(get(f, "customer_id")), where);
      assertFalse(get(f, "full_name").isBlank(), where);

      String email = get(f, "email");
      assertTrue(EMAILS.isValid(email), "email " + email);

      String phone = get(f, "phone");
      assertTrue(PHONE_FORMAT.matcher(phone).matches(), "phone format " + phone);
      assertTrue(isValidUsPhone(phone), "phone " + phone);

      Matcher ssn = SSN.matcher(get(f, "national_id"));
      assertTrue(ssn.matches(), where);
      int area = Integer.parseInt(ssn.group(1));
      assertTrue(area != 0 && area != 666 && area < 900, "SSN area " + area);
      assertTrue(Integer.parseInt(ssn.group(2)) != 0, "SSN group");
      assertTrue(Integer.parseInt(ssn.group(3)) != 0, "SSN serial");

      String card = get(f, "card_number");
      assertTrue(CARD.matcher(card).matches(), "card format " + card);
      String digits = card.replace(" ", "");
      assertTrue(luhnValid(digits), "Luhn " + card);
      assertTrue(isVisaOrMastercard(digits), "prefix " + card);

      assertFalse(get(f, "street_address").isBlank(), where);
      assertFalse(get(f, "city").isBlank(), where);
      assertTrue(get(f, "zip").matches("\\d{5}"), where);

      String birth = get(f, "birth_date");
      assertTrue(ISO_DATE.matcher(birth).matches(), where);
      int age = Period.between(LocalDate.parse(birth), SyntheticDataGenerator.REFERENCE_DATE).getYears();
      assertTrue(age >= 18 && age <= 90, "age " + age);
      assertEquals(Integer.toString(age), get(f, "age"), where);

      String signup = get(f, "signup_ts");
      assertTrue(ISO_INSTANT.matcher(signup).matches(), where);
      assertNotNull(Instant.parse(signup));

      String notes = get(f, "notes");
      int words = notes.trim().split("\\s+").length;
      assertTrue(words >= 8 && words <= 25, "notes has " + words + " words: " + notes);
      if (containsEmail(notes) || containsPhone(notes)) {
        notesWithPii++;
      }

      assertTrue(DECIMAL.matcher(get(f, "income")).matches(), where);
      assertTrue(DECIMAL.matcher(get(f, "avg_basket")).matches(), where);
      assertTrue(INTEGER.matcher(get(f, "num_purchases")).matches(), where);
      int tenure = Integer.parseInt(get(f, "tenure_months"));
      assertTrue(tenure >= 0 && tenure <= 240, where);
      assertTrue(get(f, "country").matches("[A-Z]{2}"), where);
      String label = get(f, "churned");
      assertTrue(label.equals("0") || label.equals("1"), where);
      if (label.equals("1")) {
        churned++;
      }
    }
    double piiShare = (double) notesWithPii / c.wellFormed.size();
    assertTrue(piiShare >= 0.25, "notes with an email or phone: " + piiShare);
    double churnRate = (double) churned / c.wellFormed.size();
    assertTrue(churnRate >= 0.10 && churnRate <= 0.35, "churn rate " + churnRate);
  }

  @Test
  void usShareAndChurnSignal() {
    Classified c = classify(sample);
    int us = 0;
    int shortTenure = 0;
    int shortTenureChurned = 0;
    int longTenure = 0;
    int longTenureChurned = 0;
    for (Row row : c.wellFormed) {
      if (get(row.fields, "country").equals("US")) {
        us++;
      }
      int tenure = Integer.parseInt(get(row.fields, "tenure_months"));
      boolean churned = get(row.fields, "churned").equals("1");
      if (tenure < 12) {
        shortTenure++;
        shortTenureChurned += churned ? 1 : 0;
      } else if (tenure >= 36) {
        longTenure++;
        longTenureChurned += churned ? 1 : 0;
      }
    }
    assertTrue(us > c.wellFormed.size() / 2, "mostly US");
    assertTrue(us < c.wellFormed.size(), "some other countries");
    double shortRate = (double) shortTenureChurned / shortTenure;
    double longRate = (double) longTenureChurned / longTenure;
    assertTrue(shortRate > 2 * longRate, "churn is learnable from tenure: " + shortRate + " vs " + longRate);
  }

  @Test
  void malformedRowsStayOnOneLineAndOversizedIsLarge() {
    Classified c = classify(sample);
    assertTrue(c.longestNotes > SyntheticDataGenerator.OVERSIZED_MIN_CHARS);
    // Every line after a malformed one still parses on its own: the count of well-formed rows
    // plus malformed ones equals the record count (checked above), and customer ids follow line numbers.
    for (Row row : c.wellFormed) {
      assertEquals(String.format("C%07d", row.lineNumber), row.fields.get(0));
    }
  }

  @Test
  void smallFilesStillContainEveryKind(@TempDir Path dir) throws IOException {
    SyntheticDataGenerator.Result ten = SyntheticDataGenerator.generate(dir.resolve("ten.csv"), 10, 1L, null);
    for (String kind : SyntheticDataGenerator.MALFORMED_KINDS) {
      assertTrue(ten.malformedByKind().get(kind) >= 1, kind);
    }
    byte[] bytes = Files.readAllBytes(ten.file());
    assertEquals(11, lines(bytes).size());
    assertEquals(ten.malformedByKind(), classify(bytes).kinds);

    SyntheticDataGenerator.Result empty = SyntheticDataGenerator.generate(dir.resolve("sub/empty.csv"), 0, 1L, null);
    assertEquals(0, empty.malformedRows());
    assertEquals(String.join(",", EXPECTED_COLUMNS) + "\n", Files.readString(empty.file(), StandardCharsets.UTF_8));
  }

  @Test
  void progressIsReportedEveryTenThousandRowsAndAtTheEnd(@TempDir Path dir) throws IOException {
    List<Long> calls = new ArrayList<>();
    SyntheticDataGenerator.generate(dir.resolve("p.csv"), 25_000, 3L, calls::add);
    assertEquals(List.of(10_000L, 20_000L, 25_000L), calls);
  }

  @Test
  void rejectsNegativeRowCounts(@TempDir Path dir) {
    assertThrows(IllegalArgumentException.class,
        () -> SyntheticDataGenerator.generate(dir.resolve("x.csv"), -1, 1L, null));
  }

  @Test
  void resultMapIsUnmodifiable() {
    assertThrows(UnsupportedOperationException.class, () -> sampleResult.malformedByKind().put("x", 1L));
  }

  // ---------------------------------------------------------------------------------------------

  private record Row(long lineNumber, List<String> fields) {}

  private static final class Classified {
    final Map<String, Long> kinds = new LinkedHashMap<>();
    final List<Row> wellFormed = new ArrayList<>();
    int longestNotes;

    Classified() {
      for (String kind : SyntheticDataGenerator.MALFORMED_KINDS) {
        kinds.put(kind, 0L);
      }
    }

    void count(String kind) {
      kinds.merge(kind, 1L, Long::sum);
    }
  }

  /** Re-derives each data line's malformed kind (or none) from its bytes alone. */
  private static Classified classify(byte[] file) {
    Classified c = new Classified();
    List<byte[]> lines = lines(file);
    int notes = EXPECTED_COLUMNS.indexOf("notes");
    for (int i = 1; i < lines.size(); i++) {
      String line;
      try {
        line = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(lines.get(i)))
            .toString();
      } catch (CharacterCodingException e) {
        c.count("invalid_utf8");
        continue;
      }
      List<String> fields = splitCsv(line, i);
      if (fields == null) {
        c.count("unterminated_quote");
      } else if (fields.size() != EXPECTED_COLUMNS.size()) {
        c.count("wrong_field_count");
      } else if (!INTEGER.matcher(get(fields, "age")).matches()
          || !DECIMAL.matcher(get(fields, "income")).matches()
          || !INTEGER.matcher(get(fields, "tenure_months")).matches()) {
        c.count("unparsable_number");
      } else if (fields.get(notes).length() > SyntheticDataGenerator.OVERSIZED_MIN_CHARS) {
        c.count("oversized_field");
        c.longestNotes = Math.max(c.longestNotes, fields.get(notes).length());
      } else {
        c.wellFormed.add(new Row(i, fields));
      }
    }
    return c;
  }

  /**
   * Strict RFC 4180 split of one line (without its '\n'). Returns null if a quoted field is never
   * closed; fails the test on any other quoting error (a quote inside a bare field, text after a
   * closing quote), which the generator must never produce.
   */
  private static List<String> splitCsv(String line, int lineNumber) {
    List<String> fields = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (true) {
      StringBuilder field = new StringBuilder();
      if (i < n && line.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < n) {
          char ch = line.charAt(i);
          if (ch == '"') {
            if (i + 1 < n && line.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
            } else {
              i++;
              closed = true;
              break;
            }
          } else {
            field.append(ch);
            i++;
          }
        }
        if (!closed) {
          return null;
        }
        if (i < n && line.charAt(i) != ',') {
          fail("text after a closing quote on line " + lineNumber);
        }
      } else {
        while (i < n && line.charAt(i) != ',') {
          if (line.charAt(i) == '"') {
            fail("quote inside a bare field on line " + lineNumber);
          }
          field.append(line.charAt(i++));
        }
      }
      fields.add(field.toString());
      if (i >= n) {
        return fields;
      }
      i++; // the comma
    }
  }

  private static List<byte[]> lines(byte[] file) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < file.length; i++) {
      if (file[i] == '\n') {
        byte[] line = new byte[i - start];
        System.arraycopy(file, start, line, 0, line.length);
        lines.add(line);
        start = i + 1;
      }
    }
    assertEquals(file.length, start, "file ends with a newline");
    return lines;
  }

  private static String decodeStrict(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError(e);
    }
  }

  private static String get(List<String> fields, String column) {
    return fields.get(EXPECTED_COLUMNS.indexOf(column));
  }

  private static boolean isValidUsPhone(String s) {
    try {
      PhoneNumber number = PHONES.parse(s, "US");
      return PHONES.isValidNumber(number) && PHONES.getRegionCodeForNumber(number).equals("US");
    } catch (NumberParseException e) {
      return false;
    }
  }

  private static boolean containsEmail(String text) {
    Matcher m = EMAIL_TOKEN.matcher(text);
    while (m.find()) {
      if (EMAILS.isValid(m.group())) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsPhone(String text) {
    return PHONES.findNumbers(text, "US", Leniency.VALID, Long.MAX_VALUE).iterator().hasNext();
  }

  private static boolean luhnValid(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return sum % 10 == 0;
  }

  private static boolean isVisaOrMastercard(String digits) {
    if (digits.length() != 16) {
      return false;
    }
    if (digits.charAt(0) == '4') {
      return true;
    }
    int two = Integer.parseInt(digits.substring(0, 2));
    int four = Integer.parseInt(digits.substring(0, 4));
    return (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
