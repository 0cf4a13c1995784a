package dev.veil.privacy.dp.aggregate;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Tags;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link DpAggregator} bound to a pipeline stage's input schema: what an engine adapter needs to run
 * the {@code dp-aggregate} stage ({@link dev.veil.core.stage.Op.Aggregate}). It maps input rows to
 * {@link DpRecord}s ({@link DpRecordMapper}), and released partitions to output rows of
 * {@link #outputSchema()}: the group-by columns (text), then per released number the columns
 * {@code <metric>}, {@code <metric>_stddev}, {@code <metric>_ci_low}, {@code <metric>_ci_high} (doubles;
 * null where a metric has no interval, as quantiles), with metric names like {@code count},
 * {@code sum_income}, {@code mean_age}, {@code p50_age}.
 *
 * <p><b>Privacy guarantee:</b> the output rows are (epsilon, delta)-differentially private with respect
 * to adding or removing all records of one privacy unit, as {@link DpAggregator} states, provided the
 * engine follows the four steps of {@link DpAggregator} exactly once per run: every record of a unit
 * is bounded together, {@link DpAggregator#release} is called once per partition, and nothing but the
 * released rows leaves the stage (the {@link DpRunStats} counts are NOT differentially private and go
 * only to the access-controlled run report). The caller is responsible for charging the budget
 * ({@code BudgetGate}) before the output is published.
 *
 * <p>Immutable, thread-safe and serializable (the aggregator's randomness is re-created per JVM).
 */
public final class DpAggregation implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The tag word ({@code transformed:dp-aggregate}) on every output column. */
  public static final String TRANSFORM = "dp-aggregate";

  private final DpAggregator aggregator;
  private final DpRecordMapper mapper;
  private final Schema output;
  private final List<String> valueNames;

  private DpAggregation(DpAggregator aggregator, DpRecordMapper mapper, Schema output, List<String> valueNames) {
    this.aggregator = aggregator;
    this.mapper = mapper;
    this.output = output;
    this.valueNames = valueNames;
  }

  /**
   * Binds {@code aggregator} to rows of {@code input}.
   *
   * @throws IllegalArgumentException naming the field if a query column is missing or not numeric, or if
   *     two output columns would get the same name
   */
  public static DpAggregation of(DpAggregator aggregator, Schema input) {
    Objects.requireNonNull(aggregator, "aggregator");
    DpQuery q = aggregator.query();
    DpRecordMapper mapper = DpRecordMapper.of(q, input);
    Tags dp = Tags.NONE.withTransform(TRANSFORM);
    List<Field> fields = new ArrayList<>();
    for (String g : q.groupBy()) {
      fields.add(new Field(g, FieldType.STRING, true, dp));
    }
    List<String> names = valueNames(q);
    for (String n : names) {
      String c = columnName(n);
      for (String suffix : List.of("", "_stddev", "_ci_low", "_ci_high")) {
        fields.add(new Field(c + suffix, FieldType.DOUBLE, true, dp));
      }
    }
    Schema out;
    try {
      out = Schema.of(fields);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dp-aggregate output columns must have distinct names (a groupBy column "
          + "clashes with a metric column). " + e.getMessage());
    }
    return new DpAggregation(aggregator, mapper, out, names);
  }

  /** The released value names in output order ({@code count}, {@code sum(x)}, {@code quantiles(x)[0.5]}...). */
  static List<String> valueNames(DpQuery q) {
    List<String> names = new ArrayList<>();
    for (Metric m : q.metrics()) {
      if (m.kind() == MetricKind.QUANTILES) {
        for (double r : m.ranks()) {
          names.add(m.name() + "[" + r + "]");
        }
      } else {
        names.add(m.name());
      }
    }
    return names;
  }

  /**
   * The output column of a released value name: {@code count}, {@code count_distinct_units},
   * {@code sum(x)} to {@code sum_x}, {@code quantiles(x)[0.5]} to {@code p50_x} ({@code [0.995]} to
   * {@code p99_5_x}).
   */
  public static String columnName(String valueName) {
    int open = valueName.indexOf('(');
    if (open < 0) {
      return valueName;
    }
    String kind = valueName.substring(0, open);
    String column = valueName.substring(open + 1, valueName.indexOf(')'));
    int bracket = valueName.indexOf('[');
    if (bracket < 0) {
      return kind + "_" + column;
    }
    double rank = Double.parseDouble(valueName.substring(bracket + 1, valueName.length() - 1));
    String pct = java.math.BigDecimal.valueOf(rank * 100).stripTrailingZeros().toPlainString().replace('.', '_');
    return "p" + pct + "_" + column;
  }

  public DpAggregator aggregator() {
    return aggregator;
  }

  /** The stage's output schema; every column carries the tag {@code transformed:dp-aggregate}. */
  public Schema outputSchema() {
    return output;
  }

  /** The privacy-unit column (the field named in dead letters). */
  public String privacyUnitField() {
    return aggregator.query().privacyUnit();
  }

  /** The dead-letter message of a record without a privacy unit (names the column, never a value). */
  public String missingUnitMessage() {
    return "the privacy unit '" + privacyUnitField() + "' is missing (null or blank); the record cannot be "
        + "attributed to an individual, so it is not aggregated";
  }

  /** The record of one input row. */
  public DpRecord record(Object[] row) {
    return mapper.map(row);
  }

  /** The dead-letter reason of one input row, or empty when it is aggregated. */
  public Optional<String> deadLetterReason(Object[] row) {
    return aggregator.deadLetterReason(mapper.map(row));
  }

  /**
   * The dead-letter reason of a row from its privacy-unit value alone (the same answer as
   * {@link #deadLetterReason}, which depends on nothing else), for engines that check one column.
   */
  public Optional<String> deadLetterReasonOfUnit(Object unitValue) {
    return reasonOfUnit(unitValue);
  }

  /**
   * {@link #deadLetterReasonOfUnit} without an instance: the reason depends on the unit's value alone, so an
   * engine's per-row function can call this and need not carry the aggregation (with every public partition
   * key) to each task.
   */
  public static Optional<String> reasonOfUnit(Object unitValue) {
    String unit = dev.veil.core.schema.Values.format(unitValue);
    return DpAggregator.reasonOf(new DpRecord(unit, PartitionKey.of(), new double[0]));
  }

  /** The output row of a released partition, aligned with {@link #outputSchema()}. */
  public Object[] row(PartitionResult result) {
    List<String> key = result.key().values();
    Object[] row = new Object[output.size()];
    int i = 0;
    for (String k : key) {
      row[i++] = k;
    }
    for (String n : valueNames) {
      MetricValue v = result.value(n);
      row[i++] = v.value();
      row[i++] = Double.isNaN(v.noiseStddev()) ? null : v.noiseStddev();
      row[i++] = v.confidenceInterval().map(c -> (Object) c.lowerBound()).orElse(null);
      row[i++] = v.confidenceInterval().map(c -> (Object) c.upperBound()).orElse(null);
    }
    return row;
  }

  /** The result of {@link #aggregateRows}: the output rows in key order, the run counts, dead-lettered row indexes. */
  public record RowsResult(List<Object[]> rows, DpRunStats stats, List<DpAggregator.Rejected> deadLetters) {}

  /** The reference execution over rows held in memory ({@link DpAggregator#aggregate}). */
  public RowsResult aggregateRows(Iterable<Object[]> rows) {
    List<DpRecord> records = new ArrayList<>();
    for (Object[] r : rows) {
      records.add(mapper.map(r));
    }
    DpAggregator.Result r = aggregator.aggregate(records);
    List<Object[]> out = new ArrayList<>();
    for (PartitionResult p : r.partitions()) {
      out.add(row(p));
    }
    return new RowsResult(out, r.stats(), r.deadLetters());
  }

  /**
   * The counts of a run for the run report: {@code partitionsReleased}, then the {@link DpRunStats}
   * counts prefixed {@code notDp.} (they are exact and NOT differentially private).
   */
  public static Map<String, Long> reportCounts(long partitionsReleased, DpRunStats stats) {
    Map<String, Long> m = new TreeMap<>();
    m.put("partitionsReleased", partitionsReleased);
    stats.asMap().forEach((k, v) -> m.put("notDp." + k, v));
    return m;
  }
}
