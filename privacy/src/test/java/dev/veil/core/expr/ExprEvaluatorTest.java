package dev.veil.core.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExprEvaluatorTest {

  private static final Schema SCHEMA = Schema.of(
      Field.of("s", FieldType.STRING),
      Field.of("x", FieldType.LONG),
      Field.of("d", FieldType.DOUBLE),
      Field.of("b", FieldType.BOOLEAN),
      Field.of("day", FieldType.DATE),
      Field.of("ts", FieldType.TIMESTAMP));

  /** Evaluates {@code text} over a record holding {@code kv} (name, value pairs); other fields are null. */
  private static Boolean eval(String text, Object... kv) {
    Map<String, Object> row = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      row.put((String) kv[i], kv[i + 1]);
    }
    Expr bound = ExprBinder.bindBoolean(ExprParser.parse(text), SCHEMA);
    return ExprEvaluator.eval(bound, row::get);
  }

  /** "T", "F" or "U" (unknown) for a three-valued result. */
  private static String tv(Boolean b) {
    return b == null ? "U" : b ? "T" : "F";
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "false and null | F",
      "null and false | F",
      "true and null  | U",
      "null and true  | U",
      "null and null  | U",
      "true and true  | T",
      "true or null   | T",
      "null or true   | T",
      "false or null  | U",
      "null or false  | U",
      "false or false | F",
      "not null       | U",
      "not false      | T",
      "null = null    | U",
      "null != null   | U",
      "null is null   | T",
      "null is not null | F",
  })
  void eval_literalLogic_followsSqlThreeValuedLogic(String text, String expected) {
    assertEquals(expected, tv(eval(text)));
  }

  @ParameterizedTest(name = "{0} with x = null -> unknown")
  @CsvSource(delimiter = '|', value = {"x = 1", "x != 1", "x < 1", "x >= 1", "x in (1, 2)", "x not in (1, 2)", "not x = 1"})
  void eval_comparisonWithNullField_isUnknown(String text) {
    assertNull(eval(text, "x", null));
  }

  @Test
  void eval_isNullOnNullField_isNeverUnknown() {
    assertEquals(Boolean.TRUE, eval("x is null", "x", null));
    assertEquals(Boolean.FALSE, eval("x is not null", "x", null));
    assertEquals(Boolean.FALSE, eval("x is null", "x", 1L));
    assertEquals(Boolean.TRUE, eval("x is not null", "x", 1L));
  }

  @Test
  void eval_unknownOperandOfAndOr_isDecidedByTheOtherOperand() {
    assertEquals(Boolean.FALSE, eval("x = 1 and s = 'a'", "x", null, "s", "b"));
    assertNull(eval("x = 1 and s = 'a'", "x", null, "s", "a"));
    assertEquals(Boolean.TRUE, eval("x = 1 or s = 'a'", "x", null, "s", "a"));
    assertNull(eval("x = 1 or s = 'a'", "x", null, "s", "b"));
  }

  @Test
  void eval_notInListHoldingNull_isFalseOnMatchElseUnknown() {
    assertEquals(Boolean.FALSE, eval("x not in (1, null)", "x", 1L));
    assertNull(eval("x not in (1, null)", "x", 2L));
    assertNull(eval("x not in (1, null)", "x", null));
  }

  @Test
  void eval_inListHoldingNull_isTrueOnMatchElseUnknown() {
    assertEquals(Boolean.TRUE, eval("x in (1, null)", "x", 1L));
    assertNull(eval("x in (null, 1)", "x", 2L));
  }

  @Test
  void eval_inListWithoutNull_isTwoValued() {
    assertEquals(Boolean.TRUE, eval("s in ('DE', 'FR')", "s", "FR"));
    assertEquals(Boolean.FALSE, eval("s in ('DE', 'FR')", "s", "IT"));
    assertEquals(Boolean.TRUE, eval("s not in ('DE', 'FR')", "s", "IT"));
    assertEquals(Boolean.FALSE, eval("s not in ('DE', 'FR')", "s", "DE"));
  }

  @Test
  void keeps_onlyTrueKeepsTheRecord() {
    Expr e = ExprBinder.bindBoolean(ExprParser.parse("x > 1"), SCHEMA);
    assertTrue(ExprEvaluator.keeps(e, n -> 2L));
    assertFalse(ExprEvaluator.keeps(e, n -> 1L));
    assertFalse(ExprEvaluator.keeps(e, n -> null));
  }

  @Test
  void compareCodePoints_supplementaryCharacter_sortsAfterEveryBmpCharacter() {
    String bmpMax = "\uFFFF";
    String emoji = "\uD83D\uDE00"; // U+1F600
    assertTrue(bmpMax.compareTo(emoji) > 0, "precondition: UTF-16 order puts the surrogate pair first");
    assertTrue(ExprEvaluator.compareCodePoints(bmpMax, emoji) < 0);
    assertTrue(ExprEvaluator.compareCodePoints(emoji, bmpMax) > 0);
    assertTrue(ExprEvaluator.compareCodePoints("a\uFFFF", "a" + emoji) < 0);
  }

  @Test
  void eval_stringComparison_usesCodePointOrder() {
    assertEquals(Boolean.TRUE, eval("s < '\uD83D\uDE00'", "s", "\uFFFF"));
    assertEquals(Boolean.FALSE, eval("s > '\uD83D\uDE00'", "s", "\uFFFF"));
    assertEquals(Boolean.TRUE, eval("s > 'Z'", "s", "a"));
  }

  @Test
  void compareCodePoints_prefix_sortsFirstAndEqualStringsCompareEqual() {
    assertTrue(ExprEvaluator.compareCodePoints("ab", "abc") < 0);
    assertTrue(ExprEvaluator.compareCodePoints("abc", "ab") > 0);
    assertEquals(0, ExprEvaluator.compareCodePoints("a\uD83D\uDE00", "a\uD83D\uDE00"));
    assertEquals(0, ExprEvaluator.compareCodePoints("", ""));
  }

  @Test
  void compare_negativeZeroAndZero_areEqual() {
    assertEquals(0, ExprEvaluator.compare(-0.0, 0.0));
    assertEquals(Boolean.TRUE, eval("d = 0.0", "d", -0.0));
    assertEquals(Boolean.FALSE, eval("d < 0", "d", -0.0));
    assertEquals(Boolean.TRUE, eval("x = -0.0", "x", 0L));
  }

  @Test
  void compare_nan_equalsItselfAndIsGreaterThanEveryNumber() {
    assertEquals(0, ExprEvaluator.compare(Double.NaN, Double.NaN));
    assertTrue(ExprEvaluator.compare(Double.NaN, Double.POSITIVE_INFINITY) > 0);
    assertTrue(ExprEvaluator.compare(Double.MAX_VALUE, Double.NaN) < 0);
    assertTrue(ExprEvaluator.compare(Double.NaN, Long.MAX_VALUE) > 0);
    assertEquals(Boolean.TRUE, eval("d > 1e308", "d", Double.NaN));
    assertEquals(Boolean.FALSE, eval("d = 1", "d", Double.NaN));
  }

  @Test
  void compare_longWithDouble_comparesAsDoubles() {
    assertEquals(0, ExprEvaluator.compare(1L, 1.0));
    assertTrue(ExprEvaluator.compare(2L, 1.5) > 0);
    assertTrue(ExprEvaluator.compare(1.5, 2L) < 0);
    assertEquals(Boolean.TRUE, eval("x > 17.5", "x", 18L));
    assertEquals(Boolean.TRUE, eval("x = 18.0", "x", 18L));
    assertEquals(Boolean.TRUE, eval("d = 3", "d", 3.0));
  }

  @Test
  void compare_twoLongs_isExactBeyondDoublePrecision() {
    assertTrue(ExprEvaluator.compare(Long.MAX_VALUE, Long.MAX_VALUE - 1) > 0);
    assertEquals(Boolean.FALSE, eval("x = 9007199254740993", "x", 9007199254740992L));
  }

  @Test
  void eval_dateAndTimestampFields_compareWithCoercedLiterals() {
    assertEquals(Boolean.TRUE, eval("day >= '2024-01-01'", "day", LocalDate.of(2024, 1, 1)));
    assertEquals(Boolean.FALSE, eval("day > '2024-01-01'", "day", LocalDate.of(2024, 1, 1)));
    assertEquals(Boolean.TRUE, eval("ts < '2024-01-31T12:00:00Z'", "ts", Instant.parse("2024-01-31T11:59:59.999999Z")));
    assertEquals(Boolean.FALSE, eval("ts < '2024-01-31T12:00:00Z'", "ts", Instant.parse("2024-01-31T12:00:00Z")));
  }

  @Test
  void eval_booleanField_isUsableDirectlyAndCompared() {
    assertEquals(Boolean.TRUE, eval("b", "b", true));
    assertEquals(Boolean.FALSE, eval("not b", "b", true));
    assertNull(eval("b", "b", null));
    assertEquals(Boolean.TRUE, eval("b = false", "b", false));
    assertEquals(Boolean.TRUE, eval("(x > 1) = b", "x", 2L, "b", true));
  }

  @Test
  void compare_incompatibleJavaTypes_failsNamingBoth() {
    String m = assertThrows(IllegalArgumentException.class, () -> ExprEvaluator.compare("a", 1L)).getMessage();
    assertTrue(m.contains("String") && m.contains("Long"), m);
  }
}
