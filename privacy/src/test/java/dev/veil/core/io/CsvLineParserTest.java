package dev.veil.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.ReasonCode;
import dev.veil.core.error.RecordException;
import dev.veil.core.spec.CsvOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvLineParserTest {

  private static final List<String> NAMES = List.of("id", "name", "note");

  private static List<String> parse(String text) {
    return new CsvLineParser(CsvOptions.DEFAULT).parse(text, NAMES);
  }

  private static List<String> list(String... values) {
    return Arrays.asList(values);
  }

  @Test
  void parse_plainFields_splitsAtDelimiter() {
    assertEquals(list("1", "Ann", "hello world"), parse("1,Ann,hello world"));
  }

  @Test
  void parse_quotedFieldWithDelimiter_keepsDelimiterInsideValue() {
    assertEquals(list("1", "Doe, Jane", "x"), parse("1,\"Doe, Jane\",x"));
  }

  @Test
  void parse_doubledQuotesInsideQuotedField_becomeOneQuote() {
    assertEquals(list("1", "say \"hi\"", "\""), parse("1,\"say \"\"hi\"\"\",\"\"\"\""));
  }

  @Test
  void parse_emptyUnquotedField_isNullButQuotedEmptyIsEmptyString() {
    assertEquals(list(null, "", "x"), parse(",\"\",x"));
  }

  @Test
  void parse_trailingDelimiter_addsNullLastField() {
    assertEquals(list("a", "b", null), parse("a,b,"));
    assertEquals(list("a", "b", null), parse("a,\"b\","));
  }

  @Test
  void parse_onlyDelimitersOrEmptyText_givesNulls() {
    assertEquals(list(null, null, null), parse(",,"));
    assertEquals(list((String) null), parse(""));
  }

  @Test
  void parse_whitespace_isKeptAsPartOfUnquotedValue() {
    assertEquals(list(" a ", "  ", "b"), parse(" a ,  ,b"));
  }

  @Test
  void parse_quoteInsideUnquotedField_isKeptLiterally() {
    assertEquals(list("5'11\"", "x", "y"), parse("5'11\",x,y"));
  }

  @Test
  void parse_quotedFieldWithLineBreak_keepsIt() {
    assertEquals(list("1", "a\nb", "c"), parse("1,\"a\nb\",c"));
  }

  @Test
  void parse_textAfterClosingQuote_isMalformedQuotingNamingTheField() {
    RecordException e = assertThrows(RecordException.class, () -> parse("1,\"Ann\"x,note"));
    assertEquals(ReasonCode.MALFORMED_QUOTING, e.reason());
    assertEquals("name", e.field());
    assertTrue(e.getMessage().contains("'name' (column 2)"), e.getMessage());
    assertTrue(!e.getMessage().contains("Ann"), "message must not quote the value: " + e.getMessage());
  }

  @Test
  void parse_malformedFieldBeyondTheNames_namesTheColumnNumber() {
    RecordException e = assertThrows(RecordException.class, () -> parse("1,2,3,\"x\"y"));
    assertNull(e.field());
    assertTrue(e.getMessage().contains("at column 4"), e.getMessage());
  }

  @Test
  void parse_unclosedQuote_returnsIncompleteMarker() {
    assertSame(CsvLineParser.INCOMPLETE, parse("1,\"Ann,note"));
    assertSame(CsvLineParser.INCOMPLETE, parse("1,\"Ann\"\""));
    assertSame(CsvLineParser.INCOMPLETE, parse("\""));
  }

  @Test
  void parse_fieldLongerThanMaxFieldChars_isFieldTooLargeNamingTheField() {
    CsvLineParser p = new CsvLineParser(CsvOptions.DEFAULT.withMaxFieldChars(5));
    assertEquals(list("1", "abcde", "x"), p.parse("1,abcde,x", NAMES));
    assertEquals(list("1", "abcde", "x"), p.parse("1,\"abcde\",x", NAMES));
    for (String text : List.of("1,abcdef,x", "1,\"abcdef\",x", "1,\"abc\"\"de\",x")) {
      RecordException e = assertThrows(RecordException.class, () -> p.parse(text, NAMES), text);
      assertEquals(ReasonCode.FIELD_TOO_LARGE, e.reason());
      assertEquals("name", e.field());
      assertTrue(e.getMessage().contains("maxFieldChars (5)"), e.getMessage());
    }
  }

  @Test
  void parse_semicolonDelimiter_splitsOnSemicolonOnly() {
    CsvLineParser p = new CsvLineParser(CsvOptions.DEFAULT.withDelimiter(';'));
    assertEquals(list("1", "a,b", "c;d"), p.parse("1;a,b;\"c;d\"", NAMES));
  }

  @Test
  void parse_tabDelimiter_splitsOnTab() {
    CsvLineParser p = new CsvLineParser(CsvOptions.DEFAULT.withDelimiter('\t'));
    assertEquals(list("1", "a, b", null), p.parse("1\ta, b\t", NAMES));
  }

  @Test
  void parse_backslashEscape_escapesQuoteInsideQuotedField() {
    CsvOptions o = new CsvOptions(true, List.of(), ',', '"', '\\', "UTF-8", false, 100, 1000);
    CsvLineParser p = new CsvLineParser(o);
    assertEquals(list("a\"b", "c\\d", "x"), p.parse("\"a\\\"b\",\"c\\d\",x", NAMES));
  }

  @Test
  void parse_singleQuoteAsQuote_quotesWithApostrophes() {
    CsvOptions o = new CsvOptions(true, List.of(), ',', '\'', '\'', "UTF-8", false, 100, 1000);
    assertEquals(list("a,b", "it's", "\"x\""), new CsvLineParser(o).parse("'a,b','it''s',\"x\"", NAMES));
  }

  @Test
  void parse_calledAgain_doesNotLeakStateFromThePreviousRecord() {
    CsvLineParser p = new CsvLineParser(CsvOptions.DEFAULT);
    assertSame(CsvLineParser.INCOMPLETE, p.parse("\"abc", NAMES));
    assertEquals(list("x", "", "z"), p.parse("x,\"\",z", NAMES));
    assertEquals(list("q"), p.parse("\"q\"", NAMES));
  }

  /** The fields, or the reason code of the failure, as one comparable string. */
  private static String outcome(java.util.function.Supplier<List<String>> parse) {
    try {
      List<String> r = parse.get();
      return r == CsvLineParser.INCOMPLETE ? "INCOMPLETE" : r.toString();
    } catch (RecordException e) {
      return e.reason() + ":" + e.field();
    }
  }

  @Test
  void resume_afterIncompletePrefix_givesTheSameResultAsParsingTheWholeText() {
    CsvOptions doubling = CsvOptions.DEFAULT.withMaxFieldChars(12);
    CsvOptions backslash = new CsvOptions(true, List.of(), ',', '"', '\\', "UTF-8", true, 12, 100);
    List<String> texts = List.of("1,\"a\nb\",c", "\"x\"\"y\n\"\"\",\"\n\",z", "1,\"ab\"c,d", "\"0123456789\nxyz\",1",
        "\"a\\\"b\n\\\"\",\"\\\\\"", "\"a\\", "\"a\n\n\n\"\"\"", "1,2,\"3\n4\",\"5\n\"");
    int checked = 0;
    for (CsvOptions o : List.of(doubling, backslash)) {
      for (String text : texts) {
        String whole = outcome(() -> new CsvLineParser(o).parse(text, NAMES));
        for (int k = 1; k < text.length(); k++) {
          CsvLineParser p = new CsvLineParser(o);
          String prefix = text.substring(0, k);
          if (!outcome(() -> p.parse(prefix, NAMES)).equals("INCOMPLETE")) continue;
          assertEquals(whole, outcome(() -> p.resume(text, NAMES)), () -> "text " + text + " cut at " + prefix.length());
          checked++;
          for (int k2 = k + 1; k2 < text.length(); k2++) {
            CsvLineParser p2 = new CsvLineParser(o);
            p2.parse(prefix, NAMES);
            int cut = k2;
            if (!outcome(() -> p2.resume(text.substring(0, cut), NAMES)).equals("INCOMPLETE")) continue;
            assertEquals(whole, outcome(() -> p2.resume(text, NAMES)), "text " + text + " cut at " + k + " and " + k2);
          }
        }
      }
    }
    assertTrue(checked > 50, "cut points checked: " + checked);
  }

  @Test
  void resume_escapeAtTheOldEndFollowedByQuote_isAnEscapedQuote() {
    CsvOptions backslash = new CsvOptions(true, List.of(), ',', '"', '\\', "UTF-8", true, 100, 1000);
    CsvLineParser p = new CsvLineParser(backslash);
    assertSame(CsvLineParser.INCOMPLETE, p.parse("1,\"a\\", NAMES));
    assertEquals(list("1", "a\"b", "c"), p.resume("1,\"a\\\"b\",c", NAMES));
  }

  @Test
  void resume_withoutAnIncompleteParse_fails() {
    CsvLineParser p = new CsvLineParser(CsvOptions.DEFAULT);
    assertThrows(IllegalStateException.class, () -> p.resume("a", NAMES));
    p.parse("a,b", NAMES);
    assertThrows(IllegalStateException.class, () -> p.resume("a,b", NAMES));
  }

  @Test
  void parse_megabyteOfAdversarialText_finishesInLinearTime() {
    int n = 1 << 20;
    CsvOptions big = new CsvOptions(true, List.of(), ',', '"', '"', "UTF-8", false, 4 * n, 4 * n);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      CsvLineParser p = new CsvLineParser(big);
      // a quoted field holding n/2 escaped quotes
      List<String> quotes = p.parse("\"" + "\"".repeat(n) + "\"", List.of());
      assertEquals(1, quotes.size());
      assertEquals(n / 2, quotes.get(0).length());
      // an odd run of quotes never closes
      assertSame(CsvLineParser.INCOMPLETE, p.parse("\"".repeat(n + 1), List.of()));
      // only delimiters: n + 1 empty fields
      assertEquals(n + 1, p.parse(",".repeat(n), List.of()).size());
      // many short quoted fields
      assertEquals(n / 4, p.parse("\"a\",".repeat(n / 4 - 1) + "\"a\"", List.of()).size());
      // a long unquoted field
      assertEquals(n, p.parse("a".repeat(n), List.of()).get(0).length());
    });
  }

  @Test
  void parse_megabyteFieldOverTheLimit_failsFastWithFieldTooLarge() {
    CsvLineParser p = new CsvLineParser(CsvOptions.DEFAULT);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      assertEquals(ReasonCode.FIELD_TOO_LARGE,
          assertThrows(RecordException.class, () -> p.parse("\"" + "x".repeat(1 << 20), NAMES)).reason());
      assertEquals(ReasonCode.FIELD_TOO_LARGE,
          assertThrows(RecordException.class, () -> p.parse("\"".repeat(1 << 21), NAMES)).reason());
    });
  }
}
