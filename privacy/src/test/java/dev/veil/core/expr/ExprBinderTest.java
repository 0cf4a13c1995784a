package dev.veil.core.expr;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.expr.Expr.CmpOp;
import dev.veil.core.expr.Expr.Column;
import dev.veil.core.expr.Expr.Compare;
import dev.veil.core.expr.Expr.In;
import dev.veil.core.expr.Expr.Literal;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExprBinderTest {

  private static final Schema SCHEMA = Schema.of(
      Field.of("name", FieldType.STRING),
      Field.of("age", FieldType.LONG),
      Field.of("income", FieldType.DOUBLE),
      Field.of("active", FieldType.BOOLEAN),
      Field.of("signup", FieldType.DATE),
      Field.of("ts", FieldType.TIMESTAMP));

  private static Expr bind(String text) {
    return ExprBinder.bindBoolean(ExprParser.parse(text), SCHEMA);
  }

  private static String bindError(String text) {
    return assertThrows(IllegalArgumentException.class, () -> bind(text)).getMessage();
  }

  @Test
  void bind_timestampFieldWithLocalDateTimeString_acceptsTheFormsCastAccepts() {
    assertEquals(new Compare(CmpOp.GE, new Column("ts"), new Literal(Instant.parse("2024-01-31T12:00:00Z"))),
        bind("ts >= '2024-01-31 12:00:00'"));
  }

  @Test
  void bind_doubleFieldWithLongLiteral_coercesLiteralToDouble() {
    assertEquals(new Compare(CmpOp.GT, new Column("income"), new Literal(10.0)), bind("income > 10"));
  }

  @Test
  void bind_literalOnTheLeft_isCoercedToTheFieldType() {
    assertEquals(new Compare(CmpOp.LT, new Literal(10.0), new Column("income")), bind("10 < income"));
  }

  @Test
  void bind_longFieldWithDoubleLiteral_keepsDoubleForNumericComparison() {
    assertEquals(new Compare(CmpOp.GT, new Column("age"), new Literal(17.5)), bind("age > 17.5"));
  }

  @Test
  void bind_dateFieldWithIsoString_coercesToLocalDate() {
    assertEquals(new Compare(CmpOp.GE, new Column("signup"), new Literal(LocalDate.of(2024, 1, 1))), bind("signup >= '2024-01-01'"));
  }

  @Test
  void bind_timestampFieldWithIsoString_coercesToInstant() {
    assertEquals(new Compare(CmpOp.LT, new Column("ts"), new Literal(Instant.parse("2024-01-31T12:00:00Z"))),
        bind("ts < '2024-01-31T12:00:00Z'"));
  }

  @Test
  void bind_timestampFieldWithOffsetString_coercesToTheSameInstantInUtc() {
    assertEquals(new Compare(CmpOp.EQ, new Column("ts"), new Literal(Instant.parse("2024-01-31T11:00:00Z"))),
        bind("ts = '2024-01-31T12:00:00+01:00'"));
  }

  @Test
  void bind_dateFieldWithInvalidDate_namesFieldAndExpectedFormat() {
    String m = bindError("signup >= '2024-13-01'");
    assertTrue(m.contains("field 'signup' (date)"), m);
    assertTrue(m.contains("not an ISO-8601 date (yyyy-MM-dd)"), m);
  }

  @Test
  void bind_timestampFieldWithDateOnlyString_namesExpectedFormat() {
    String m = bindError("ts > 'yesterday'");
    assertTrue(m.contains("field 'ts' (timestamp)"), m);
    assertTrue(m.contains("not an ISO-8601 timestamp"), m);
  }

  @Test
  void bind_stringFieldComparedWithNumber_namesFieldTypesAndFix() {
    String m = bindError("name = 5");
    assertTrue(m.contains("field 'name' (string)"), m);
    assertTrue(m.contains("long value 5"), m);
    assertTrue(m.contains("cast the field first"), m);
  }

  @Test
  void bind_longFieldComparedWithString_failsNamingBothTypes() {
    String m = bindError("age = '18'");
    assertTrue(m.contains("field 'age' (long)"), m);
    assertTrue(m.contains("string value '18'"), m);
  }

  @Test
  void bind_booleanFieldComparedWithString_fails() {
    assertTrue(bindError("active = 'true'").contains("field 'active' (boolean)"));
  }

  @Test
  void bind_twoFieldsOfIncompatibleTypes_suggestsCast() {
    String m = bindError("name = age");
    assertTrue(m.contains("field 'name' (string)"), m);
    assertTrue(m.contains("field 'age' (long)"), m);
    assertTrue(m.contains("cast one of them first"), m);
    assertTrue(bindError("signup = ts").contains("cast one of them first"));
  }

  @Test
  void bind_longAndDoubleFields_areComparable() {
    assertEquals(new Compare(CmpOp.LT, new Column("age"), new Column("income")), bind("age < income"));
  }

  @Test
  void bind_unknownField_namesItAndListsAvailableFields() {
    String m = bindError("nmae = 'x'");
    assertTrue(m.contains("'nmae'"), m);
    assertTrue(m.contains("[name, age, income, active, signup, ts]"), m);
  }

  @Test
  void bindBoolean_nonBooleanFieldAsCondition_failsNamingFieldAndType() {
    String m = bindError("name");
    assertTrue(m.contains("field 'name' of type string as a condition"), m);
    assertTrue(bindError("active and age").contains("field 'age' of type long"));
    assertTrue(bindError("not income").contains("field 'income' of type double"));
  }

  @Test
  void bindBoolean_booleanFieldOrBooleanLiteral_isAccepted() {
    assertEquals(new Column("active"), bind("active"));
    assertEquals(new Expr.Not(new Column("active")), bind("not active"));
    assertEquals(new Literal(null), bind("null"));
  }

  @Test
  void bindBoolean_numberOrStringAsCondition_fails() {
    assertTrue(bindError("1").contains("uses the value 1 as a condition"));
    assertTrue(bindError("active or 'x'").contains("as a condition"));
  }

  @Test
  void bind_inList_coercesEveryLiteralToTheFieldType() {
    assertEquals(new In(new Column("income"), List.of(new Literal(1.0), new Literal(2.5)), false), bind("income in (1, 2.5)"));
    assertEquals(new In(new Column("signup"), List.of(new Literal(LocalDate.of(2024, 2, 29))), true),
        bind("signup not in ('2024-02-29')"));
  }

  @Test
  void bind_inListWithWrongLiteralType_fails() {
    assertTrue(bindError("age in (1, 'two')").contains("field 'age' (long)"));
  }

  @Test
  void bind_nullLiteral_isLeftUntyped() {
    assertEquals(new Compare(CmpOp.EQ, new Column("age"), new Literal(null)), bind("age = null"));
    assertEquals(new In(new Column("name"), java.util.Arrays.asList(new Literal("a"), new Literal(null)), true),
        bind("name not in ('a', null)"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"(age > 18) = 'yes'", "(age > 18) = age", "(name is null) < 5", "(active and active) in (1, 2)"})
  void bind_booleanSubexpressionComparedWithNonBoolean_failsAtBindTime(String text) {
    // Otherwise the evaluator throws a non-record exception on the first record and the run dies.
    bindError(text);
  }

  @Test
  void bind_booleanSubexpressionComparedWithBoolean_isAccepted() {
    assertDoesNotThrow(() -> bind("(age > 18) = true"));
    assertDoesNotThrow(() -> bind("(age > 18) = active"));
  }

  @Test
  void columns_listsFieldsInOrderOfFirstAppearanceWithoutDuplicates() {
    assertEquals(List.of("income", "age", "name"),
        ExprBinder.columns(ExprParser.parse("income > 1 and (age = 2 or income < 3) and name is null and not age in (1)")));
    assertEquals(List.of(), ExprBinder.columns(ExprParser.parse("true")));
  }
}
