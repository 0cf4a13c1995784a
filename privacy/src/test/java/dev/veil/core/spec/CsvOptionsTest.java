package dev.veil.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvOptionsTest {

  private static String error(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void default_isRfc4180WithHeader() {
    CsvOptions d = CsvOptions.DEFAULT;
    assertTrue(d.header());
    assertEquals(',', d.delimiter());
    assertEquals('"', d.quote());
    assertEquals('"', d.escape());
    assertEquals("UTF-8", d.charset());
    assertEquals(65_536, d.maxFieldChars());
    assertEquals(1_048_576, d.maxRecordChars());
  }

  @Test
  void constructor_noHeaderWithoutColumns_fails() {
    assertTrue(error(() -> new CsvOptions(false, List.of(), ',', '"', '"', "UTF-8", false, 10, 10))
        .contains("columns must list the field names when header is false"));
  }

  @Test
  void constructor_delimiterEqualToQuoteOrLineBreak_fails() {
    assertTrue(error(() -> CsvOptions.DEFAULT.withDelimiter('"')).contains("delimiter must differ from the quote"));
    error(() -> CsvOptions.DEFAULT.withDelimiter('\n'));
    error(() -> CsvOptions.DEFAULT.withDelimiter('\r'));
  }

  @Test
  void constructor_unsupportedCharset_failsNamingIt() {
    assertTrue(error(() -> CsvOptions.DEFAULT.withCharset("UTF-9")).contains("'UTF-9'"));
  }

  @Test
  void constructor_fieldLimitAboveRecordLimitOrBelowOne_fails() {
    error(() -> new CsvOptions(true, List.of(), ',', '"', '"', "UTF-8", false, 11, 10));
    error(() -> new CsvOptions(true, List.of(), ',', '"', '"', "UTF-8", false, 0, 10));
  }

  @Test
  void withMaxFieldChars_raisesTheRecordLimitWhenNeeded() {
    CsvOptions o = CsvOptions.DEFAULT.withMaxFieldChars(2_000_000);
    assertEquals(2_000_000, o.maxFieldChars());
    assertEquals(2_000_000, o.maxRecordChars());
    assertEquals(1_048_576, CsvOptions.DEFAULT.withMaxFieldChars(5).maxRecordChars());
  }

  @Test
  void columns_areCopied() {
    List<String> cols = new java.util.ArrayList<>(List.of("a"));
    CsvOptions o = new CsvOptions(false, cols, ',', '"', '"', "UTF-8", false, 10, 10);
    cols.add("b");
    assertEquals(List.of("a"), o.columns());
  }
}
