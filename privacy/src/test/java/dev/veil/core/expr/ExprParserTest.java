package dev.veil.core.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.expr.Expr.And;
import dev.veil.core.expr.Expr.CmpOp;
import dev.veil.core.expr.Expr.Column;
import dev.veil.core.expr.Expr.Compare;
import dev.veil.core.expr.Expr.In;
import dev.veil.core.expr.Expr.IsNull;
import dev.veil.core.expr.Expr.Literal;
import dev.veil.core.expr.Expr.Not;
import dev.veil.core.expr.Expr.Or;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ExprParserTest {

  private static Compare eq(String column, Object value) {
    return new Compare(CmpOp.EQ, new Column(column), new Literal(value));
  }

  private static String parseError(String text) {
    return assertThrows(IllegalArgumentException.class, () -> ExprParser.parse(text)).getMessage();
  }

  @Test
  void parse_deeplyNestedParentheses_failsWithAMessageNotAStackOverflow() {
    String deep = "(".repeat(5000) + "a = 1" + ")".repeat(5000);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ExprParser.parse(deep));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("nested more than"), e.getMessage());
    org.junit.jupiter.api.Assertions.assertNotNull(ExprParser.parse("(".repeat(30) + "a = 1" + ")".repeat(30)));
  }

  @Test
  void parse_andWithOr_andBindsTighter() {
    assertEquals(new Or(eq("a", 1L), new And(eq("b", 2L), eq("c", 3L))), ExprParser.parse("a = 1 or b = 2 and c = 3"));
    assertEquals(new Or(new And(eq("a", 1L), eq("b", 2L)), eq("c", 3L)), ExprParser.parse("a = 1 and b = 2 or c = 3"));
  }

  @Test
  void parse_notBeforeAnd_notBindsTighterThanAnd() {
    assertEquals(new And(new Not(eq("a", 1L)), eq("b", 2L)), ExprParser.parse("not a = 1 and b = 2"));
  }

  @Test
  void parse_notBeforeComparison_negatesTheWholeComparison() {
    assertEquals(new Not(eq("a", 1L)), ExprParser.parse("not a = 1"));
    assertEquals(new Not(new Not(eq("a", 1L))), ExprParser.parse("not not a = 1"));
  }

  @Test
  void parse_parentheses_overridePrecedence() {
    assertEquals(new And(new Or(eq("a", 1L), eq("b", 2L)), eq("c", 3L)), ExprParser.parse("(a = 1 or b = 2) and c = 3"));
    assertEquals(new Not(new Or(eq("a", 1L), eq("b", 2L))), ExprParser.parse("not (a = 1 or b = 2)"));
  }

  @Test
  void parse_sameOperatorRepeated_associatesLeft() {
    assertEquals(new Or(new Or(eq("a", 1L), eq("b", 2L)), eq("c", 3L)), ExprParser.parse("a = 1 or b = 2 or c = 3"));
  }

  @Test
  void parse_keywordsInAnyCase_areRecognized() {
    assertEquals(new And(eq("a", 1L), new IsNull(new Column("b"), true)), ExprParser.parse("a = 1 AND b Is NoT NULL"));
    assertEquals(new Literal(Boolean.TRUE), ExprParser.parse("TRUE"));
  }

  @ParameterizedTest
  @CsvSource({"=, EQ", "==, EQ", "!=, NE", "<>, NE", "<, LT", "<=, LE", ">, GT", ">=, GE"})
  void parse_comparisonOperator_mapsToCmpOp(String symbol, CmpOp op) {
    assertEquals(new Compare(op, new Column("x"), new Literal(5L)), ExprParser.parse("x " + symbol + " 5"));
    assertEquals(new Compare(op, new Column("x"), new Literal(5L)), ExprParser.parse("x" + symbol + "5"));
  }

  @Test
  void parse_inList_keepsLiteralsInOrder() {
    assertEquals(new In(new Column("country"), List.of(new Literal("DE"), new Literal("FR")), false),
        ExprParser.parse("country in ('DE', 'FR')"));
  }

  @Test
  void parse_notInWithNull_isNegatedInHoldingNullLiteral() {
    assertEquals(new In(new Column("x"), Arrays.asList(new Literal(1L), new Literal(null)), true),
        ExprParser.parse("x not in (1, null)"));
  }

  @Test
  void parse_isNullAndIsNotNull_buildIsNullNodes() {
    assertEquals(new IsNull(new Column("x"), false), ExprParser.parse("x is null"));
    assertEquals(new IsNull(new Column("x"), true), ExprParser.parse("x is not null"));
  }

  @Test
  void parse_singleQuotedStringWithDoubledQuote_unescapesIt() {
    assertEquals(eq("name", "O'Brien"), ExprParser.parse("name = 'O''Brien'"));
    assertEquals(eq("name", "'"), ExprParser.parse("name = ''''"));
    assertEquals(eq("name", ""), ExprParser.parse("name = ''"));
  }

  @Test
  void parse_doubleQuotedStringWithDoubledQuote_unescapesIt() {
    assertEquals(eq("s", "say \"hi\""), ExprParser.parse("s = \"say \"\"hi\"\"\""));
    assertEquals(eq("s", "it's"), ExprParser.parse("s = \"it's\""));
  }

  @Test
  void parse_stringContainingKeywordsAndOperators_staysOneLiteral() {
    assertEquals(eq("s", "a and b or (c = 1)"), ExprParser.parse("s = 'a and b or (c = 1)'"));
  }

  @Test
  void parse_backtickName_allowsSpacesKeywordsAndDoubledBackticks() {
    assertEquals(eq("first name", "Ann"), ExprParser.parse("`first name` = 'Ann'"));
    assertEquals(eq("in", 1L), ExprParser.parse("`in` = 1"));
    assertEquals(eq("a`b", 1L), ExprParser.parse("`a``b` = 1"));
  }

  @Test
  void parse_identifierStartingWithKeyword_isAColumn() {
    assertEquals(new Or(eq("order", 1L), eq("android", 2L)), ExprParser.parse("order = 1 or android = 2"));
    assertEquals(new IsNull(new Column("notes"), false), ExprParser.parse("notes is null"));
    assertEquals(eq("is_active", true), ExprParser.parse("is_active = true"));
    assertEquals(eq("index", 1L), ExprParser.parse("index = 1"));
  }

  @Test
  void parse_numbers_integersAreLongAndDecimalsAreDouble() {
    assertEquals(eq("x", 42L), ExprParser.parse("x = 42"));
    assertEquals(eq("x", -7L), ExprParser.parse("x = -7"));
    assertEquals(eq("x", 7L), ExprParser.parse("x = +7"));
    assertEquals(eq("x", 2.5), ExprParser.parse("x = 2.5"));
    assertEquals(eq("x", 0.5), ExprParser.parse("x = .5"));
    assertEquals(eq("x", 1000.0), ExprParser.parse("x = 1e3"));
    assertEquals(eq("x", -0.001), ExprParser.parse("x = -1E-3"));
    assertEquals(eq("x", Long.MIN_VALUE), ExprParser.parse("x = -9223372036854775808"));
  }

  @Test
  void parse_literalsTrueFalseNull_areLiterals() {
    assertEquals(new And(new Literal(false), new Literal(null)), ExprParser.parse("false and null"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t\n"})
  void parse_blankText_failsSayingNonEmpty(String text) {
    assertTrue(parseError(text).contains("must be a non-empty string"));
  }

  @Test
  void parse_trailingText_namesTextAndPosition() {
    String m = parseError("a = 1 b");
    assertTrue(m.contains("unexpected 'b'"), m);
    assertTrue(m.contains("at position 7"), m);
    assertTrue(m.contains("\"a = 1 b\""), m);
  }

  @Test
  void parse_endsAfterOperator_saysItEndsEarlyAtEndPosition() {
    String m = parseError("a = ");
    assertTrue(m.contains("ends early"), m);
    assertTrue(m.contains("at position 5"), m);
  }

  @Test
  void parse_unterminatedString_pointsAtOpeningQuote() {
    String m = parseError("a = 'abc");
    assertTrue(m.contains("unterminated string"), m);
    assertTrue(m.contains("at position 5"), m);
  }

  @Test
  void parse_unterminatedBacktickName_pointsAtOpeningBacktick() {
    String m = parseError("x = 1 and `abc = 1");
    assertTrue(m.contains("unterminated quoted name"), m);
    assertTrue(m.contains("at position 11"), m);
  }

  @Test
  void parse_isFollowedByValue_expectsNull() {
    String m = parseError("a is 5");
    assertTrue(m.contains("expected 'null' after 'is'"), m);
    assertTrue(m.contains("at position 6"), m);
    assertTrue(parseError("a is not 5").contains("expected 'null' after 'is not'"));
  }

  @Test
  void parse_inListWithField_saysLiteralsOnly() {
    assertTrue(parseError("a in (1, b)").contains("'in' takes literal values only"));
  }

  @Test
  void parse_inWithoutParenthesis_expectsOpeningParenthesis() {
    String m = parseError("a in 1");
    assertTrue(m.contains("expected '('"), m);
    assertTrue(m.contains("at position 6"), m);
  }

  @Test
  void parse_missingClosingParenthesis_expectsItAtTheEnd() {
    String m = parseError("(a = 1 or b = 2");
    assertTrue(m.contains("expected ')'"), m);
    assertTrue(m.contains("at position 16"), m);
  }

  @Test
  void parse_keywordWhereOperandExpected_namesKeywordAndPosition() {
    String m = parseError("a = and");
    assertTrue(m.contains("found keyword 'and'"), m);
    assertTrue(m.contains("at position 5"), m);
  }

  @Test
  void parse_malformedNumber_namesTheTextAndPosition() {
    String m = parseError("a = 1.2.3");
    assertTrue(m.contains("'1.2.3' is not a number"), m);
    assertTrue(m.contains("at position 5"), m);
    assertTrue(parseError("a = -").contains("'-' is not a number"));
  }

  @Test
  void parse_unexpectedCharacter_namesCharacterAndPosition() {
    String m = parseError("a = #");
    assertTrue(m.contains("unexpected character '#'"), m);
    assertTrue(m.contains("at position 5"), m);
  }

  @Test
  void parse_comparisonWithoutRightOperand_fails() {
    assertTrue(parseError("a >").contains("ends early"));
  }
}
