package dev.veil.privacy.dp.aggregate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One aggregation of a {@link DpQuery}: its kind, the value column it reads (empty for the two
 * counts), the quantile ranks (for {@link MetricKind#QUANTILES} only) and its {@link BudgetShare}.
 * Its output name is {@link #name()}, e.g. {@code count}, {@code sum(x)}, {@code quantiles(x)}.
 * Immutable (each {@code with...} returns a new value), thread-safe, serializable.
 */
public final class Metric implements Serializable {
  private static final long serialVersionUID = 1L;

  private final MetricKind kind;
  private final String column;
  private final List<Double> ranks;
  private final BudgetShare share;

  private Metric(MetricKind kind, String column, List<Double> ranks, BudgetShare share) {
    this.kind = kind;
    this.column = column;
    this.ranks = ranks;
    this.share = share;
  }

  /** The number of records per partition. */
  public static Metric count() {
    return new Metric(MetricKind.COUNT, "", List.of(), BudgetShare.weight(1));
  }

  /** The number of distinct privacy units per partition. */
  public static Metric countDistinctUnits() {
    return new Metric(MetricKind.COUNT_DISTINCT_UNITS, "", List.of(), BudgetShare.weight(1));
  }

  /** The sum of the clamped values of {@code column}. */
  public static Metric sum(String column) {
    return ofColumn(MetricKind.SUM, column);
  }

  /** The mean of the clamped values of {@code column}. */
  public static Metric mean(String column) {
    return ofColumn(MetricKind.MEAN, column);
  }

  /** The (population) variance of the clamped values of {@code column}. */
  public static Metric variance(String column) {
    return ofColumn(MetricKind.VARIANCE, column);
  }

  /** The (population) standard deviation of the clamped values of {@code column}. */
  public static Metric stddev(String column) {
    return ofColumn(MetricKind.STDDEV, column);
  }

  /** Quantiles of {@code column} at each rank in {@code [0, 1]} (e.g. 0.5 for the median), from one tree. */
  public static Metric quantiles(String column, double... ranks) {
    Objects.requireNonNull(ranks, "ranks");
    if (ranks.length == 0) {
      throw new IllegalArgumentException("ranks must not be empty. Provided value: []");
    }
    List<Double> list = new ArrayList<>();
    for (double r : ranks) {
      if (!(r >= 0 && r <= 1)) {
        throw new IllegalArgumentException("rank must be >= 0 and <= 1. Provided value: " + r);
      }
      list.add(r);
    }
    return new Metric(MetricKind.QUANTILES, checkColumn(column), List.copyOf(list), BudgetShare.weight(1));
  }

  private static Metric ofColumn(MetricKind kind, String column) {
    return new Metric(kind, checkColumn(column), List.of(), BudgetShare.weight(1));
  }

  private static String checkColumn(String column) {
    if (column == null || column.isBlank()) {
      throw new IllegalArgumentException("column must be a non-blank name. Provided value: " + column);
    }
    return column;
  }

  /** This metric with a relative budget weight instead of the default weight 1. */
  public Metric withWeight(double weight) {
    return new Metric(kind, column, ranks, BudgetShare.weight(weight));
  }

  /** This metric with an absolute budget. */
  public Metric withBudget(double epsilon, double delta) {
    return new Metric(kind, column, ranks, BudgetShare.absolute(epsilon, delta));
  }

  /** This metric with the given share. */
  public Metric withShare(BudgetShare share) {
    return new Metric(kind, column, ranks, Objects.requireNonNull(share, "share"));
  }

  public MetricKind kind() {
    return kind;
  }

  /** The value column, or {@code ""} for {@link MetricKind#COUNT} and {@link MetricKind#COUNT_DISTINCT_UNITS}. */
  public String column() {
    return column;
  }

  /** The quantile ranks (empty unless {@link MetricKind#QUANTILES}). */
  public List<Double> ranks() {
    return ranks;
  }

  public BudgetShare share() {
    return share;
  }

  /** The output name: {@code count}, {@code count_distinct_units}, or {@code kind(column)} in lower case. */
  public String name() {
    String k = kind.name().toLowerCase(java.util.Locale.ROOT);
    return kind.needsColumn() ? k + "(" + column + ")" : k;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metric m && m.kind == kind && m.column.equals(column) && m.ranks.equals(ranks)
        && m.share.equals(share);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, column, ranks, share);
  }

  @Override
  public String toString() {
    return name() + (ranks.isEmpty() ? "" : ranks.toString()) + " " + share;
  }
}
