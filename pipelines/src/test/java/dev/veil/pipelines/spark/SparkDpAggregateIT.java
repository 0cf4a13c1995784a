package dev.veil.pipelines.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Tags;
import dev.veil.privacy.dp.DpTesting;
import dev.veil.privacy.dp.aggregate.DpAggregateStage;
import dev.veil.privacy.dp.aggregate.DpAggregation;
import dev.veil.privacy.dp.aggregate.DpAggregator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SparkDpAggregate} in zero-noise test mode gives exactly the rows and counts of the in-memory
 * reference ({@link DpAggregation#aggregateRows}) for the key layouts its tasks read differently: one
 * group-by column of strings (looked up by the string's bytes, with null, empty and non-ASCII values) and
 * several group-by columns of mixed types (one struct, with nulls), string and long privacy units, flat and
 * accumulator (quantiles) states, private and public partitions (with unlisted keys and a listed key without
 * data), and one to seven reduce tasks (so a unit's records come from several map tasks and blocks).
 */
class SparkDpAggregateIT {
  static SparkSession spark;
  static final String[] KEYS = {"a", "b", "", null, "\u00e9t\u00e9", "\uD83D\uDE00", "a-much-longer-key-than-8-bytes", "k7"};

  @BeforeAll
  static void start() {
    spark = SparkRunner.localSession("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Rows {unit, s, n, v}: 300 units with 1 to 20 records each, unit as text or long. */
  static List<Object[]> rows(boolean longUnit) {
    Random r = new Random(11);
    List<Object[]> out = new ArrayList<>();
    for (int u = 0; u < 300; u++) {
      int n = 1 + r.nextInt(20);
      for (int i = 0; i < n; i++) {
        Object unit = longUnit ? (Object) (long) (u * 7919L - 1000) : "u" + u;
        Long num = r.nextInt(5) == 0 ? null : (long) r.nextInt(3);
        Double v = switch (r.nextInt(15)) {
          case 0 -> null;
          case 1 -> r.nextDouble() * 1200 - 100; // not an integer: written as 8 bytes
          case 2 -> -0.0;
          case 3 -> 0x1p53 + 2; // an integer beyond 2^52: written as 8 bytes
          default -> r.nextInt(1200) - 100.0;
        };
        out.add(new Object[] {unit, KEYS[r.nextInt(KEYS.length)], num, v});
      }
    }
    java.util.Collections.shuffle(out, r);
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"s|string|flat|4", "s|string|quantiles|1", "s|long|flat|7", "s,n|string|flat|3",
      "s,n|long|quantiles|4", "n,s|string|flat|2", "s|string|flat|4|public", "s|long|quantiles|3|public",
      "s,n|string|flat|2|public"})
  void zeroNoise_givesTheReferenceRowsAndCounts(String shape) {
    String[] p = shape.split("\\|");
    List<String> groupBy = List.of(p[0].split(","));
    boolean longUnit = p[1].equals("long");
    String metrics = p[2].equals("flat") ? "count, count_distinct_units, sum(v), mean(v), variance(v)"
        : "count, sum(v), mean(v), quantiles(v;0.5)";
    Schema schema = Schema.of(new Field("unit", longUnit ? FieldType.LONG : FieldType.STRING, true, Tags.NONE),
        new Field("s", FieldType.STRING, true, Tags.NONE), new Field("n", FieldType.LONG, true, Tags.NONE),
        new Field("v", FieldType.DOUBLE, true, Tags.NONE));
    Map<String, Object> params = new java.util.HashMap<>(Map.of("dataset", "t", "privacyUnit", "unit",
        "groupBy", groupBy, "metrics", metrics, "bounds", "v=0:1000", "epsilon", 50.0, "delta", 1.0e-6,
        "maxPartitionsContributed", 3, "maxContributionsPerPartition", 2));
    if (p.length > 4) {
      // public partitions: some keys of the data (the others' records are dropped) and one without data
      params.put("delta", 0.0);
      List<Object> listed = new ArrayList<>();
      for (String k : new String[] {"a", "", "\u00e9t\u00e9", "a-much-longer-key-than-8-bytes", "no-data"}) {
        listed.add(groupBy.size() == 1 ? k : java.util.Arrays.asList(k, "1"));
      }
      params.put("partitions", listed);
    }
    DpAggregateStage stage = DpAggregateStage.fromMap("dp", params).withZeroNoiseForTests(DpTesting.FOR_TESTS_ONLY);
    DpAggregation agg = DpAggregation.of(DpAggregator.of(stage.query(), stage.mechanisms()), schema);
    List<Object[]> data = rows(longUnit);
    List<Row> sparkRows = new ArrayList<>();
    for (Object[] r : data) sparkRows.add(RowFactory.create(r));
    Dataset<Row> ds = spark.createDataFrame(sparkRows, SparkTypes.struct(schema)).repartition(3);
    String before = spark.conf().get("spark.sql.shuffle.partitions");
    spark.conf().set("spark.sql.shuffle.partitions", p[3]);
    DpAggregation.RowsResult actual;
    try {
      actual = SparkDpAggregate.aggregate(ds, schema, agg, null);
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", before);
    }
    DpAggregation.RowsResult expected = agg.aggregateRows(data);
    if (p.length > 4) {
      assertEquals(5, expected.rows().size());
      assertTrue(expected.stats().recordsNotInPublicPartitions() > 0 && expected.stats().emptyPublicPartitions() == 1,
          expected.stats().toString());
    } else {
      assertTrue(expected.rows().size() >= KEYS.length, "partitions released: " + expected.rows().size());
    }
    assertTrue(expected.stats().recordsDroppedByL0() > 0 && expected.stats().recordsDroppedByLinf() > 0);
    assertEquals(text(expected.rows()), text(actual.rows()));
    assertEquals(expected.stats().asMap(), actual.stats().asMap());
  }

  private static List<String> text(List<Object[]> rows) {
    List<String> out = new ArrayList<>();
    for (Object[] r : rows) out.add(Arrays.toString(r));
    return out;
  }

  /**
   * Group-by strings whose bytes are not valid UTF-8 decode to the same text as a valid string (U+FFFD):
   * they are one partition key, as the reference (which sees the decoded text) groups them.
   */
  @org.junit.jupiter.api.Test
  void zeroNoise_invalidUtf8KeysMergeWithTheirDecodedText() {
    Schema schema = Schema.of(new Field("unit", FieldType.STRING, true, Tags.NONE),
        new Field("s", FieldType.STRING, true, Tags.NONE), new Field("n", FieldType.LONG, true, Tags.NONE),
        new Field("v", FieldType.DOUBLE, true, Tags.NONE));
    DpAggregateStage stage = DpAggregateStage.fromMap("dp", Map.of("dataset", "t", "privacyUnit", "unit",
        "groupBy", List.of("s"), "metrics", "count, sum(v)", "bounds", "v=0:1000", "epsilon", 50.0, "delta", 1.0e-6,
        "maxPartitionsContributed", 3, "maxContributionsPerPartition", 2)).withZeroNoiseForTests(DpTesting.FOR_TESTS_ONLY);
    DpAggregation agg = DpAggregation.of(DpAggregator.of(stage.query(), stage.mechanisms()), schema);
    List<Row> sparkRows = new ArrayList<>();
    for (Object[] r : rows(false)) sparkRows.add(RowFactory.create(r));
    // the "b" keys become the invalid byte FF or the valid U+FFFD record by record, so units have both
    Dataset<Row> ds = spark.createDataFrame(sparkRows, SparkTypes.struct(schema))
        .withColumn("s", org.apache.spark.sql.functions.expr(
            "case when s = 'b' and v < 500 then cast(unhex('FF') as string) "
            + "when s = 'b' then '\uFFFD' else s end"));
    List<Object[]> data = new ArrayList<>();
    for (Row r : ds.collectAsList()) data.add(new Object[] {r.get(0), r.get(1), r.get(2), r.get(3)});
    assertTrue(data.stream().filter(r -> "\uFFFD".equals(r[1])).count() > 100);
    DpAggregation.RowsResult expected = agg.aggregateRows(data);
    DpAggregation.RowsResult actual = SparkDpAggregate.aggregate(ds.repartition(3), schema, agg, null);
    assertEquals(text(expected.rows()), text(actual.rows()));
    assertEquals(expected.stats().asMap(), actual.stats().asMap());
  }
}
