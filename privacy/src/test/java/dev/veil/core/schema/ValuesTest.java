package dev.veil.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.ReasonCode;
import dev.veil.core.error.RecordException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

  /** Parses {@code text} expecting failure; checks reason, field, and that the value is not in the message. */
  private static RecordException rejects(String text, FieldType type) {
    RecordException e = assertThrows(RecordException.class, () -> Values.parse(text, type, "col"));
    assertEquals(ReasonCode.CAST_FAILED, e.reason());
    assertEquals("col", e.field());
    assertTrue(e.getMessage().contains("'col'"), e.getMessage());
    String v = text.trim();
    if (v.length() >= 4) { // shorter strings occur in any sentence
      assertFalse(e.getMessage().contains(v), "message quotes the value: " + e.getMessage());
    }
    return e;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"42|42", "-7|-7", "+5|5", "' 12 '|12", "0|0", "-0|0",
      "9223372036854775807|9223372036854775807", "-9223372036854775808|-9223372036854775808", "007|7"})
  void parse_long_acceptsOptionalSignAndDigits(String text, long expected) {
    assertEquals(expected, Values.parse(text, FieldType.LONG, "col"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e3", "0x10", "1.0", "1_000", "1,000", "12abc", "", " ", "-", "+", "--1", "\uFF11\uFF12", "\u0661"})
  void parse_long_rejectsNonDecimalIntegers(String text) {
    assertTrue(rejects(text, FieldType.LONG).getMessage().contains("not a whole number"));
  }

  @Test
  void parse_long_outOfRange_saysRange() {
    assertTrue(rejects("9223372036854775808", FieldType.LONG).getMessage().contains("outside the range of a 64-bit long"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"3.5|3.5", "-1e-3|-0.001", ".5|0.5", "5.|5.0", "1E10|1.0E10", "+2|2.0", "' 7.25 '|7.25",
      "4.9E-324|4.9E-324", "1.7976931348623157E308|1.7976931348623157E308"})
  void parse_double_acceptsDecimalAndScientific(String text, double expected) {
    assertEquals(expected, Values.parse(text, FieldType.DOUBLE, "col"));
  }

  @Test
  void parse_double_negativeZero_keepsItsSign() {
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) Values.parse("-0.0", FieldType.DOUBLE, "c")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1.5d", "1.5f", "0x1p3", "0x10", "1e", "e5", ".", "1.2.3", "1e+", "", "abc"})
  void parse_double_rejectsNonDecimalText(String text) {
    assertTrue(rejects(text, FieldType.DOUBLE).getMessage().contains("not a decimal number"));
  }

  @Test
  void parse_double_overflowingToInfinity_isRejected() {
    assertTrue(rejects("1e999", FieldType.DOUBLE).getMessage().contains("outside the range of a double"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "TRUE", "True", "yes", "YES", "1", " true "})
  void parse_boolean_trueWords(String text) {
    assertEquals(Boolean.TRUE, Values.parse(text, FieldType.BOOLEAN, "col"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "FALSE", "no", "No", "0"})
  void parse_boolean_falseWords(String text) {
    assertEquals(Boolean.FALSE, Values.parse(text, FieldType.BOOLEAN, "col"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"y", "n", "t", "f", "on", "off", "2", "-1", "truee", ""})
  void parse_boolean_rejectsOtherWords(String text) {
    assertTrue(rejects(text, FieldType.BOOLEAN).getMessage().contains("not a boolean"));
  }

  @Test
  void parse_date_acceptsIsoLocalDate() {
    assertEquals(LocalDate.of(2024, 2, 29), Values.parse("2024-02-29", FieldType.DATE, "col"));
    assertEquals(LocalDate.of(2024, 2, 29), Values.parse(" 2024-02-29 ", FieldType.DATE, "col"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2023-02-29", "2024-1-5", "31/01/2024", "2024-01-31T00:00:00", "20240131", "2024-13-01"})
  void parse_date_rejectsOtherShapesAndImpossibleDates(String text) {
    assertTrue(rejects(text, FieldType.DATE).getMessage().contains("not an ISO-8601 date"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2024-01-31T12:00:00Z|2024-01-31T12:00:00Z",
      "2024-01-31T13:00:00+01:00|2024-01-31T12:00:00Z",
      "2024-01-31T07:00:00-05:00|2024-01-31T12:00:00Z",
      "2024-01-31T12:00:00|2024-01-31T12:00:00Z",
      "2024-01-31 12:00:00|2024-01-31T12:00:00Z",
      "2024-01-31T12:00|2024-01-31T12:00:00Z",
      "2024-01-31 12:00:00.5|2024-01-31T12:00:00.500Z",
      "' 2024-01-31T12:00:00Z '|2024-01-31T12:00:00Z",
  })
  void parse_timestamp_acceptsOffsetAndLocalFormsAsUtc(String text, String expected) {
    assertEquals(Instant.parse(expected), Values.parse(text, FieldType.TIMESTAMP, "col"));
  }

  @Test
  void parse_timestamp_truncatesToMicroseconds() {
    assertEquals(Instant.parse("2024-01-31T12:00:00.123456Z"),
        Values.parse("2024-01-31T12:00:00.123456789Z", FieldType.TIMESTAMP, "col"));
    assertEquals(Instant.parse("2024-01-31T12:00:00.999999Z"),
        Values.parse("2024-01-31 12:00:00.9999999", FieldType.TIMESTAMP, "col"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2023-05-17", "yesterday", "2023-05-17T25:00:00Z", "2023-05-1712:00:00", "2023-05-17T 12:00:00",
      "2023-05-17  12:00:00", "2023-02-29T12:00:00", "2023-02-30 12:00:00", "2023-05-17T24:00:00", "2023-05-17 24:00", "1706702400", ""})
  void parse_timestamp_rejectsOtherShapes(String text) {
    assertTrue(rejects(text, FieldType.TIMESTAMP).getMessage().contains("not an ISO-8601 timestamp"));
  }

  @Test
  void parse_string_returnsTextUntrimmed() {
    assertEquals("  a b ", Values.parse("  a b ", FieldType.STRING, "col"));
  }

  @Test
  void parse_failureMessage_neverQuotesTheValue() {
    String secret = "4111-1111-1111-1111";
    for (FieldType t : List.of(FieldType.LONG, FieldType.DOUBLE, FieldType.BOOLEAN, FieldType.DATE, FieldType.TIMESTAMP)) {
      RecordException e = assertThrows(RecordException.class, () -> Values.parse(secret, t, "card"));
      assertFalse(e.getMessage().contains(secret), e.getMessage());
      assertFalse(e.getMessage().contains("4111"), e.getMessage());
    }
  }

  @Test
  void format_timestamp_isUtcWithSixFractionDigits() {
    assertEquals("2024-01-31T12:00:00.000000Z", Values.format(Instant.parse("2024-01-31T12:00:00Z")));
    assertEquals("2024-01-31T12:00:00.123456Z", Values.format(Instant.parse("2024-01-31T12:00:00.123456Z")));
  }

  @Test
  void format_otherTypes_useTheirCanonicalText() {
    assertNull(Values.format(null));
    assertEquals("2024-01-31", Values.format(LocalDate.of(2024, 1, 31)));
    assertEquals("1.0E10", Values.format(1e10));
    assertEquals("-0.0", Values.format(-0.0));
    assertEquals("42", Values.format(42L));
    assertEquals("true", Values.format(true));
    assertEquals(" x ", Values.format(" x "));
  }

  static Stream<Arguments> roundTripValues() {
    return Stream.of(
        Arguments.of(FieldType.LONG, 0L), Arguments.of(FieldType.LONG, Long.MIN_VALUE), Arguments.of(FieldType.LONG, Long.MAX_VALUE),
        Arguments.of(FieldType.DOUBLE, -0.0), Arguments.of(FieldType.DOUBLE, 0.1), Arguments.of(FieldType.DOUBLE, 1e-300),
        Arguments.of(FieldType.DOUBLE, Double.MAX_VALUE), Arguments.of(FieldType.DOUBLE, Double.MIN_VALUE),
        Arguments.of(FieldType.DOUBLE, -123456.789), Arguments.of(FieldType.DOUBLE, 1e21),
        Arguments.of(FieldType.BOOLEAN, true), Arguments.of(FieldType.BOOLEAN, false),
        Arguments.of(FieldType.DATE, LocalDate.of(1, 1, 1)), Arguments.of(FieldType.DATE, LocalDate.of(9999, 12, 31)),
        Arguments.of(FieldType.DATE, LocalDate.of(2024, 2, 29)),
        Arguments.of(FieldType.TIMESTAMP, Instant.EPOCH),
        Arguments.of(FieldType.TIMESTAMP, Instant.parse("1969-12-31T23:59:59.999999Z")),
        Arguments.of(FieldType.TIMESTAMP, Instant.parse("0001-01-01T00:00:00Z")),
        Arguments.of(FieldType.TIMESTAMP, Instant.parse("9999-12-31T23:59:59.999999Z")),
        Arguments.of(FieldType.STRING, ""), Arguments.of(FieldType.STRING, " \u00e9\uD83D\uDE00 "));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("roundTripValues")
  void format_thenParse_returnsTheSameValue(FieldType type, Object value) {
    Object back = Values.parse(Values.format(value), type, "col");
    assertEquals(value, back);
    assertEquals(type.javaClass(), back.getClass());
  }

  @Test
  void convert_longAndDouble_convertBothWays() {
    assertEquals(3.0, Values.convert(3L, FieldType.LONG, FieldType.DOUBLE, "c"));
    assertEquals(3L, Values.convert(3.0, FieldType.DOUBLE, FieldType.LONG, "c"));
    assertEquals(0L, Values.convert(-0.0, FieldType.DOUBLE, FieldType.LONG, "c"));
    assertEquals(Long.MIN_VALUE, Values.convert(-0x1p63, FieldType.DOUBLE, FieldType.LONG, "c"));
  }

  @ParameterizedTest
  @ValueSource(doubles = {3.5, 0x1p63, 1e19, -1e19, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void convert_doubleThatIsNotAWholeLong_failsWithoutQuotingIt(double d) {
    RecordException e = assertThrows(RecordException.class, () -> Values.convert(d, FieldType.DOUBLE, FieldType.LONG, "c"));
    assertEquals(ReasonCode.CAST_FAILED, e.reason());
    assertEquals("c", e.field());
    assertFalse(e.getMessage().contains(Double.toString(d)), e.getMessage());
  }

  @Test
  void convert_dateAndTimestamp_useUtcMidnight() {
    assertEquals(Instant.parse("2024-01-31T00:00:00Z"), Values.convert(LocalDate.of(2024, 1, 31), FieldType.DATE, FieldType.TIMESTAMP, "c"));
    assertEquals(LocalDate.of(2024, 1, 31), Values.convert(Instant.parse("2024-01-31T23:59:59Z"), FieldType.TIMESTAMP, FieldType.DATE, "c"));
  }

  @Test
  void convert_booleanToLong_isOneOrZero() {
    assertEquals(1L, Values.convert(true, FieldType.BOOLEAN, FieldType.LONG, "c"));
    assertEquals(0L, Values.convert(false, FieldType.BOOLEAN, FieldType.LONG, "c"));
  }

  @Test
  void convert_toString_usesCanonicalFormat() {
    assertEquals("2024-01-31T00:00:00.000000Z", Values.convert(Instant.parse("2024-01-31T00:00:00Z"), FieldType.TIMESTAMP, FieldType.STRING, "c"));
    assertEquals("7", Values.convert(7L, FieldType.LONG, FieldType.STRING, "c"));
  }

  @Test
  void convert_nullOrSameType_returnsTheValue() {
    assertNull(Values.convert(null, FieldType.STRING, FieldType.LONG, "c"));
    assertEquals("x", Values.convert("x", FieldType.STRING, FieldType.STRING, "c"));
  }

  @Test
  void convert_unsupportedPair_failsNamingFieldAndSupportedCasts() {
    String m = assertThrows(IllegalArgumentException.class,
        () -> Values.convert(true, FieldType.BOOLEAN, FieldType.DATE, "flag")).getMessage();
    assertTrue(m.contains("boolean to date"), m);
    assertTrue(m.contains("'flag'"), m);
    assertTrue(m.contains("Supported:"), m);
  }

  static Object sample(FieldType t) {
    switch (t) {
      case STRING: return "1";
      case LONG: return 1L;
      case DOUBLE: return 1.0;
      case BOOLEAN: return true;
      case DATE: return LocalDate.of(2024, 1, 1);
      case TIMESTAMP: return Instant.parse("2024-01-01T00:00:00Z");
      default: throw new IllegalStateException();
    }
  }

  @ParameterizedTest
  @EnumSource(FieldType.class)
  void canConvert_agreesWithConvertForEveryTargetType(FieldType from) {
    for (FieldType to : FieldType.values()) {
      boolean supported;
      try {
        Values.convert(sample(from), from, to, "c");
        supported = true;
      } catch (IllegalArgumentException e) {
        supported = false;
      } catch (RecordException e) {
        supported = true; // supported pair, value did not convert
      }
      assertEquals(Values.canConvert(from, to), supported, from + " -> " + to);
    }
  }

  @Test
  void micros_dropsNanoseconds() {
    assertEquals(Instant.parse("2024-01-01T00:00:00.000001Z"), Values.micros(Instant.parse("2024-01-01T00:00:00.000001999Z")));
  }
}
