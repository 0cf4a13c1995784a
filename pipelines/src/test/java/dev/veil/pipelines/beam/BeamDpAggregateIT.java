package dev.veil.pipelines.beam;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DpAggregateTransform} on the DirectRunner, in zero-noise test mode, gives exactly the rows and the
 * bounding counts of the in-memory reference ({@link DpAggregation#aggregateRows}) for the shapes its steps
 * treat differently: flat states of public partitions (merged by index, with unlisted keys and a listed key
 * without data) and accumulators per key (private selection, or quantiles), one and two group-by columns
 * (null, empty and non-ASCII keys), string and long privacy units. The 300 units' records are shuffled and
 * split over many bundles, so a unit's records reach its bucket in several blocks.
 */
class BeamDpAggregateIT {
  static final String[] KEYS = {"a", "b", "", null, "\u00e9t\u00e9", "\uD83D\uDE00", "a-much-longer-key-than-8-bytes", "k7"};
  /** Released rows per run id (the DirectRunner runs in this JVM). */
  static final Map<String, Queue<String>> OUT = new ConcurrentHashMap<>();

  /** Rows {unit, s, n, v}: 300 units with 1 to 20 records each, unit as text or long. */
  static List<Object[]> rows(boolean longUnit) {
    Random r = new Random(11);
    List<Object[]> out = new ArrayList<>();
    for (int u = 0; u < 300; u++) {
      int n = 1 + r.nextInt(20);
      for (int i = 0; i < n; i++) {
        Object unit = longUnit ? (Object) (long) (u * 7919L - 1000) : "u" + u;
        Long num = r.nextInt(5) == 0 ? null : (long) r.nextInt(3);
        double v = r.nextInt(10) == 0 ? -0.0 : r.nextDouble() * 1200 - 100;
        out.add(new Object[] {unit, KEYS[r.nextInt(KEYS.length)], num, v});
      }
    }
    java.util.Collections.shuffle(out, r);
    return out;
  }

  /** Collects the released rows of one run as text. */
  static final class Collect extends DoFn<Row, Void> {
    private static final long serialVersionUID = 1L;
    private final String run;

    Collect(String run) {
      this.run = run;
    }

    @ProcessElement
    public void process(@Element Row row) {
      OUT.computeIfAbsent(run, k -> new ConcurrentLinkedQueue<>()).add(Arrays.toString(
          BeamRows.values(row, row.getFieldCount() - 2)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"s|string|flat", "s|string|quantiles", "s|long|flat", "s,n|string|flat",
      "s|string|flat|public", "s|long|quantiles|public", "s,n|string|flat|public", "n,s|long|flat|public"})
  void zeroNoise_givesTheReferenceRowsAndCounts(String shape) {
    String[] p = shape.split("\\|");
    List<String> groupBy = List.of(p[0].split(","));
    boolean longUnit = p[1].equals("long");
    String metrics = p[2].equals("flat") ? "count, count_distinct_units, sum(v), mean(v), variance(v)"
        : "count, sum(v), mean(v), quantiles(v;0.5)";
    Schema schema = Schema.of(new Field("unit", longUnit ? FieldType.LONG : FieldType.STRING, true, Tags.NONE),
        new Field("s", FieldType.STRING, true, Tags.NONE), new Field("n", FieldType.LONG, true, Tags.NONE),
        new Field("v", FieldType.DOUBLE, true, Tags.NONE));
    Map<String, Object> params = new HashMap<>(Map.of("dataset", "t", "privacyUnit", "unit",
        "groupBy", groupBy, "metrics", metrics, "bounds", "v=0:1000", "epsilon", 50.0, "delta", 1.0e-6,
        "maxPartitionsContributed", 3, "maxContributionsPerPartition", 2));
    if (p.length > 3) {
      params.put("delta", 0.0);
      List<Object> listed = new ArrayList<>();
      for (String k : new String[] {"a", "", "\u00e9t\u00e9", "a-much-longer-key-than-8-bytes", "no-data"}) {
        listed.add(groupBy.size() == 1 ? k : groupBy.get(0).equals("n") ? Arrays.asList("1", k) : Arrays.asList(k, "1"));
      }
      params.put("partitions", listed);
    }
    DpAggregateStage stage = DpAggregateStage.fromMap("dp", params).withZeroNoiseForTests(DpTesting.FOR_TESTS_ONLY);
    DpAggregation agg = DpAggregation.of(DpAggregator.of(stage.query(), stage.mechanisms()), schema);
    List<Object[]> data = rows(longUnit);
    org.apache.beam.sdk.schemas.Schema inSchema = BeamRows.recordSchema(schema);
    List<Row> in = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      in.add(BeamRows.record(inSchema, data.get(i), 0, i + 1));
    }
    DirectOptions o = PipelineOptionsFactory.as(DirectOptions.class);
    o.setRunner(DirectRunner.class);
    o.setTargetParallelism(2);
    Pipeline pipeline = Pipeline.create(o);
    DpAggregateTransform dp = DpAggregateTransform.of(agg, schema);
    PCollectionTuple out = pipeline.apply(Create.of(in).withRowSchema(inSchema)).apply(dp);
    out.get(dp.records()).apply(ParDo.of(new Collect(shape)));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    DpAggregation.RowsResult expected = agg.aggregateRows(data);
    if (p.length > 3) {
      assertEquals(5, expected.rows().size());
      assertTrue(expected.stats().recordsNotInPublicPartitions() > 0, expected.stats().toString());
    }
    assertTrue(expected.stats().recordsDroppedByL0() > 0 && expected.stats().recordsDroppedByLinf() > 0);
    List<String> want = new ArrayList<>();
    for (Object[] r : expected.rows()) {
      want.add(Arrays.toString(r));
    }
    List<String> got = new ArrayList<>(OUT.getOrDefault(shape, new ConcurrentLinkedQueue<>()));
    want.sort(null);
    got.sort(null);
    assertEquals(want, got);
    Map<String, Long> counts = new HashMap<>();
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(RunMetrics.NAMESPACE)).build()).getCounters()) {
      String name = c.getName().getName();
      if (name.startsWith("agg-0|notDp.")) {
        counts.put(name.substring("agg-0|notDp.".length()), c.getCommitted());
      }
    }
    for (Map.Entry<String, Long> e : expected.stats().asMap().entrySet()) {
      assertEquals(e.getValue(), counts.getOrDefault(e.getKey(), 0L), e.getKey());
    }
  }
}
