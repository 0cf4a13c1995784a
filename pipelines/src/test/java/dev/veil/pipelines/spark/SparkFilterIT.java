package dev.veil.pipelines.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.veil.core.expr.Expr;
import dev.veil.core.expr.ExprBinder;
import dev.veil.core.expr.ExprEvaluator;
import dev.veil.core.expr.ExprParser;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spark adapter compiles filter expressions to native Catalyst columns; for every expression
 * here, Spark keeps exactly the rows the engine-neutral reference evaluator keeps, on rows chosen
 * for the edges: nulls, -0.0, NaN, strings beyond the Basic Multilingual Plane, long-vs-double.
 */
class SparkFilterIT {
  static SparkSession spark;
  static final Schema SCHEMA = Schema.of(Field.of("id", FieldType.LONG), Field.of("s", FieldType.STRING),
      Field.of("n", FieldType.LONG), Field.of("d", FieldType.DOUBLE), Field.of("b", FieldType.BOOLEAN),
      Field.of("day", FieldType.DATE), Field.of("ts", FieldType.TIMESTAMP));
  static final List<Object[]> ROWS = new ArrayList<>();
  static Dataset<Row> data;

  @BeforeAll
  static void start() {
    spark = SparkRunner.localSession("local[2]");
    Object[][] rows = {
        {1L, "a", 1L, 1.0, true, LocalDate.parse("2024-01-01"), Instant.parse("2024-01-01T00:00:00Z")},
        {2L, "b", 2L, -0.0, false, LocalDate.parse("2024-06-30"), Instant.parse("2024-06-30T12:00:00.000001Z")},
        {3L, null, null, null, null, null, null},
        {4L, "\uFFFF", 10L, 0.0, true, LocalDate.parse("1999-12-31"), Instant.parse("1999-12-31T23:59:59Z")},
        {5L, "\uD83D\uDE00", -5L, Double.NaN, false, LocalDate.parse("2030-01-01"), Instant.parse("2030-01-01T00:00:00Z")},
        {6L, "", 0L, 2.5, true, LocalDate.parse("2024-01-02"), Instant.parse("2024-01-01T00:00:01Z")},
        {7L, "O'Brien", 7L, 7.0, null, LocalDate.parse("2024-01-01"), null},
        {8L, "a b", Long.MAX_VALUE, -1e300, false, null, Instant.parse("2024-01-01T00:00:00Z")},
    };
    List<Row> r = new ArrayList<>();
    for (Object[] row : rows) {
      ROWS.add(row);
      r.add(RowFactory.create(row));
    }
    data = spark.createDataFrame(r, SparkTypes.struct(SCHEMA));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "n > 1", "n >= 2 and d < 5", "not (n > 1)", "n = 7 or b", "b = false", "b is null", "s is not null",
      "s > 'a'", "s < '\uD83D\uDE00'", "s >= '\uFFFF'", "s = ''", "s in ('a', 'O''Brien')", "s not in ('a', null)",
      "n in (1, 2, null)", "d = 0", "d = -0.0", "d > 1e10", "d >= 0", "d < 0", "n > 1.5", "n = 7.0",
      "day >= '2024-01-01'", "day < '2024-01-02' or day is null", "ts > '2024-01-01T00:00:00Z'",
      "ts >= '2024-06-30 12:00:00'", "not (b and n > 0)", "(n > 0 or d > 0) and not s = 'a'", "true", "null", "not null"})
  void compiledFilter_keepsTheSameRowsAsTheReferenceEvaluator(String text) {
    Expr bound = ExprBinder.bindBoolean(ExprParser.parse(text), SCHEMA);
    TreeSet<Long> expected = new TreeSet<>();
    for (Object[] row : ROWS) {
      if (ExprEvaluator.keeps(bound, name -> row[SCHEMA.indexOf(name)])) expected.add((Long) row[0]);
    }
    TreeSet<Long> actual = new TreeSet<>();
    for (Row r : data.where(functions.coalesce(SparkRunner.compile(bound, name -> functions.col(name)), functions.lit(false)))
        .select("id").collectAsList()) {
      actual.add(r.getLong(0));
    }
    assertEquals(expected, actual, text);
  }
}
