package dev.veil.privacy.dp.aggregate;

/**
 * The aggregations a {@link DpQuery} can release per partition.
 *
 * <ul>
 *   <li>{@link #COUNT}: number of records (after contribution bounding).
 *   <li>{@link #COUNT_DISTINCT_UNITS}: number of distinct privacy units with at least one record.
 *   <li>{@link #SUM}, {@link #MEAN}, {@link #VARIANCE}, {@link #STDDEV}: of a value column, with every value
 *       clamped to the column's declared bounds.
 *   <li>{@link #QUANTILES}: several ranks of a value column from one noised hierarchical histogram.
 * </ul>
 */
public enum MetricKind {
  COUNT(false),
  COUNT_DISTINCT_UNITS(false),
  SUM(true),
  MEAN(true),
  VARIANCE(true),
  STDDEV(true),
  QUANTILES(true);

  private final boolean needsColumn;

  MetricKind(boolean needsColumn) {
    this.needsColumn = needsColumn;
  }

  /** Whether the metric reads a value column (and therefore needs declared bounds). */
  public boolean needsColumn() {
    return needsColumn;
  }
}
