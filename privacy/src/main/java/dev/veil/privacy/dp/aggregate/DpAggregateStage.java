package dev.veil.privacy.dp.aggregate;

import dev.veil.core.schema.Field;
import dev.veil.core.spec.SpecNode;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.Op;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StageDescription;
import dev.veil.core.stage.StagePlan;
import dev.veil.core.stage.StageProvider;
import dev.veil.core.stage.StageSpec;
import dev.veil.privacy.dp.DpTesting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code dp-aggregate} stage: differentially private counts, sums, means, variances and quantiles
 * per group, computed by {@link DpAggregator} on every engine. A terminal stage: it must be the last
 * of its pipeline, and its output rows are the released partitions, one per group, with the columns
 * of {@link DpAggregation#outputSchema()}. Spec:
 *
 * <pre>{@code
 * - type: dp-aggregate
 *   dataset: customers            # what the privacy budget is charged against (required)
 *   privacyUnit: customer_id
 *   groupBy: [country]
 *   metrics: "count, sum(income), mean(age)"
 *   bounds: "income=0:200000, age=18:100"
 *   epsilon: 1.0
 *   delta: 1.0e-6
 *   maxPartitionsContributed: 2
 *   maxContributionsPerPartition: 1
 *   partitions: [DE, US]          # optional public partitions; else private partition selection
 * }</pre>
 * plus the optional settings of {@link DpQueryMaps} ({@code noise}, {@code partitionSelection},
 * {@code quantileTree}).
 *
 * <p><b>Privacy guarantee:</b> the output is (epsilon, delta)-DP per privacy unit (see
 * {@link DpAggregator}), provided the privacy unit column really identifies the individual (one person,
 * one id across all input rows), the bounds and public partitions are chosen without looking at the data,
 * and the budget is charged before the output is published (the {@code veil dp aggregate} command does
 * so through a {@link BudgetGate}; a plain pipeline run does not charge any ledger). The stage
 * description and run report list parameters and exact non-DP counts, never data values.
 *
 * <p><b>Test mode:</b> {@link #withZeroNoiseForTests} (Java only; no spec key turns it on) gives zero noise
 * and deterministic bounding so engines can be compared exactly; it voids every guarantee.
 *
 * <p>Immutable, thread-safe, serializable; {@code equals} compares all parameters and the mechanisms.
 */
public record DpAggregateStage(String name, String dataset, DpQuery query, Mechanisms mechanisms) implements StageSpec {
  public static final String TYPE = "dp-aggregate";

  private static final List<String> QUERY_KEYS = List.of("privacyUnit", "groupBy", "metrics", "bounds", "epsilon", "delta",
      "maxPartitionsContributed", "maxContributionsPerPartition", "noise", "partitionSelection", "quantileTree");

  /** Checks the parameters. */
  public DpAggregateStage {
    name = name == null ? TYPE : name;
    if (dataset == null || !dataset.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")) {
      throw new IllegalArgumentException("dataset must be a name of letters, digits, '_', '.', ':', '-' (at most 128). "
          + "Provided value: '" + dataset + "'");
    }
    Objects.requireNonNull(query, "query");
    mechanisms = mechanisms == null ? Mechanisms.secure() : mechanisms;
  }

  /** A stage with production randomness. */
  public static DpAggregateStage of(String name, String dataset, DpQuery query) {
    return new DpAggregateStage(name, dataset, query, Mechanisms.secure());
  }

  /**
   * The same stage with zero noise and deterministic bounding: FOR TESTS ONLY, never in production (the
   * output is not differentially private). Only Java code holding {@link DpTesting#FOR_TESTS_ONLY} can
   * build it; the spec form and the CLI cannot.
   */
  public DpAggregateStage withZeroNoiseForTests(DpTesting.ForTestsOnly token) {
    return new DpAggregateStage(name, dataset, query, Mechanisms.zeroNoiseForTests(token));
  }

  /**
   * Parses the spec form: the {@link DpQueryMaps} settings, {@code dataset}, and {@code partitions} (a
   * list of public keys: values for one group-by column, lists of values for several) as a shorthand
   * for {@code partitionSelection: {mode: public, keys: ...}}.
   */
  public static DpAggregateStage fromMap(String name, Map<String, ?> params) {
    Map<String, Object> q = new LinkedHashMap<>();
    Object dataset = null;
    Object partitions = null;
    for (Map.Entry<String, ?> e : params.entrySet()) {
      switch (e.getKey()) {
        case "dataset" -> dataset = e.getValue();
        case "partitions" -> partitions = e.getValue();
        default -> q.put(e.getKey(), e.getValue());
      }
    }
    if (partitions != null) {
      if (q.containsKey("partitionSelection")) {
        throw new IllegalArgumentException("set either partitions or partitionSelection, not both. Provided value: both");
      }
      if (!(partitions instanceof List<?> list)) {
        throw new IllegalArgumentException("partitions must be a list of public partition keys. Provided value: "
            + partitions.getClass().getSimpleName());
      }
      Map<String, Object> sel = new LinkedHashMap<>();
      sel.put("mode", "public");
      sel.put("keys", list);
      q.put("partitionSelection", sel);
    }
    return new DpAggregateStage(name, dataset == null ? null : String.valueOf(dataset), DpQueryMaps.fromMap(q),
        Mechanisms.secure());
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, Object> params() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", dataset);
    m.putAll(DpQueryMaps.toMap(query));
    return m;
  }

  @Override
  public StagePlan plan(StageContext ctx) {
    DpAggregation agg = DpAggregation.of(DpAggregator.of(query, mechanisms), ctx.input());
    List<String> reads = new ArrayList<>();
    reads.add(query.privacyUnit());
    for (String g : query.groupBy()) {
      if (!reads.contains(g)) reads.add(g);
    }
    for (String c : query.valueColumns()) {
      if (!reads.contains(c)) reads.add(c);
    }
    List<FieldLineage> writes = new ArrayList<>();
    String selection = query.selection().isPublic()
        ? "public partitions (" + query.selection().publicKeys().size() + " listed keys, all released)"
        : "released only if private partition selection keeps the group";
    for (String g : query.groupBy()) {
      writes.add(new FieldLineage(g, List.of(g), FieldLineage.Kind.DIRECT, "IDENTITY", false, "group-by key; " + selection));
    }
    Map<String, PrivacyBudget> alloc = query.allocation();
    for (Metric m : query.metrics()) {
      List<String> inputs = m.kind().needsColumn() ? List.of(m.column(), query.privacyUnit()) : List.of(query.privacyUnit());
      PrivacyBudget b = alloc.get(m.name());
      String what = String.format(Locale.ROOT, "differentially private %s per group (epsilon=%s, delta=%s%s)", m.name(),
          b.epsilon(), b.delta(), m.kind().needsColumn() ? ", values clamped to " + query.bounds().get(m.column()) : "");
      for (String value : DpAggregation.valueNames(query)) {
        if (!value.equals(m.name()) && !value.startsWith(m.name() + "[")) continue;
        String c = DpAggregation.columnName(value);
        writes.add(new FieldLineage(c, inputs, FieldLineage.Kind.DIRECT, "AGGREGATION", true, what));
        for (String suffix : List.of("_stddev", "_ci_low", "_ci_high")) {
          writes.add(new FieldLineage(c + suffix, inputs, FieldLineage.Kind.INDIRECT, "AGGREGATION", true,
              "noise " + suffix.substring(1).replace('_', ' ') + " of " + c + " (from the privacy parameters only)"));
        }
      }
    }
    Map<String, Object> described = params();
    described.put("budgetSplit", budgetSplit());
    described.put("mechanisms", mechanisms.isZeroNoiseForTests() ? "ZERO NOISE (tests only, NOT private)" : "secure");
    List<String> notes = new ArrayList<>();
    notes.add(String.format(Locale.ROOT, "differentially private aggregation of dataset '%s': epsilon=%s, delta=%s per privacy "
        + "unit '%s' (at most %d partitions, %d contributions each); output columns tagged transformed:%s",
        dataset, query.budget().epsilon(), query.budget().delta(), query.privacyUnit(), query.maxPartitionsContributed(),
        query.maxContributionsPerPartition(), DpAggregation.TRANSFORM));
    notes.add("budget split: " + budgetSplitText());
    if (mechanisms.isZeroNoiseForTests()) {
      notes.add("ZERO-NOISE TEST MODE: the output is NOT differentially private");
    }
    for (Field f : agg.outputSchema().fields()) {
      Field.checkName(f.name());
    }
    return new StagePlan(agg.outputSchema(), List.of(new Op.Aggregate(agg)),
        new StageDescription(TYPE, name, described, reads, writes), notes);
  }

  /**
   * Each metric's and the partition selection's (epsilon, delta), exactly as the mechanisms use them
   * (a split of 0.6 in three is 3 x 0.19999999999999998: rounded down in binary, never more than
   * asked), in the query's metric order with the partition selection last.
   */
  public Map<String, Object> budgetSplit() {
    Map<String, Object> split = new LinkedHashMap<>();
    query.allocation().forEach((k, b) -> split.put(k, share(b.epsilon(), b.delta())));
    query.selectionBudget().ifPresent(b -> split.put("partitionSelection", share(b.epsilon(), b.delta())));
    return split;
  }

  private static Map<String, Object> share(double epsilon, double delta) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epsilon", epsilon);
    m.put("delta", delta);
    return m;
  }

  /**
   * The budget split for people: {@code count epsilon=0.2 delta=0, ...}, each amount to 12
   * significant digits (the description keeps the exact doubles).
   */
  public String budgetSplitText() {
    StringBuilder b = new StringBuilder();
    budgetSplit().forEach((k, v) -> {
      Map<?, ?> m = (Map<?, ?>) v;
      if (b.length() > 0) b.append(", ");
      b.append(k).append(" epsilon=").append(readable((Double) m.get("epsilon")))
          .append(" delta=").append(readable((Double) m.get("delta")));
    });
    return b.toString();
  }

  private static String readable(double d) {
    java.math.BigDecimal r = new java.math.BigDecimal(d).round(new java.math.MathContext(12)).stripTrailingZeros();
    return (r.scale() < 0 ? r.setScale(0) : r).toPlainString();
  }

  /** The keys the spec form accepts. */
  public static List<String> keys() {
    List<String> k = new ArrayList<>(QUERY_KEYS);
    k.add("dataset");
    k.add("partitions");
    return k;
  }

  /** Reads {@code {type: dp-aggregate, ...}} (see the class comment). */
  public static final StageProvider PROVIDER = StageProvider.of(TYPE, keys(),
      "differentially private count/sum/mean/variance/quantiles per group (terminal stage)",
      (node, name) -> fromMap(name, plain(node)));

  /** The node's entries as plain Java values (maps, lists, strings). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> plain(SpecNode node) {
    return (Map<String, Object>) toPlain(node);
  }

  private static Object toPlain(SpecNode n) {
    if (n.isNull()) return null;
    if (n.isMap()) {
      Map<String, Object> m = new LinkedHashMap<>();
      n.asMap().forEach((k, v) -> {
        if (!k.equals("type") && !k.equals("name")) m.put(k, toPlain(v));
      });
      return m;
    }
    if (n.isList()) {
      List<Object> l = new ArrayList<>();
      for (SpecNode c : n.asList()) l.add(toPlain(c));
      return l;
    }
    return n.asString();
  }
}
