package dev.veil.privacy.dp.aggregate;

import dev.veil.privacy.dp.ConfidenceInterval;
import java.io.Serializable;
import java.util.Optional;

/**
 * One released, differentially private number: a metric of one partition.
 *
 * <ul>
 *   <li>{@link #value()}: the noised value, post-processed into its valid range (counts {@code >= 0},
 *       means and quantiles within the bounds, variances within {@code [0, (upper - lower)^2 / 4]}).
 *   <li>{@link #noiseStddev()}: the standard deviation of the noise in the value, computed from the
 *       privacy parameters only (so releasing it costs no budget). Exact for COUNT,
 *       COUNT_DISTINCT_UNITS and SUM; a first-order (delta-method) approximation for MEAN, VARIANCE and
 *       STDDEV; NaN for quantiles, whose error is not a simple function of the parameters.
 *   <li>{@link #confidenceInterval()}: an interval that contains the un-noised value (of the bounded,
 *       clamped data) with probability at least 95% over the noise. It does not account for the bias of
 *       contribution bounding and clamping. Exact for counts and sums; for MEAN, VARIANCE and STDDEV it is
 *       conservative (a union bound over the noised components); for quantiles it contains every true
 *       quantile of the bounded data (at the tree's leaf resolution) with probability at least 95%, by
 *       rigorous tail bounds on sums of the noised tree counts (see {@code docs/differential-privacy.md}),
 *       so it is conservative too. Each rank's interval holds on its own, not simultaneously.
 * </ul>
 * Immutable, thread-safe, serializable.
 */
public final class MetricValue implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final double value;
  private final double noiseStddev;
  private final ConfidenceInterval ci; // null when not available

  MetricValue(String name, double value, double noiseStddev, ConfidenceInterval ci) {
    this.name = name;
    this.value = value;
    this.noiseStddev = noiseStddev;
    this.ci = ci;
  }

  /** The output name: the metric's name, and for quantiles {@code quantiles(x)[rank]}. */
  public String name() {
    return name;
  }

  public double value() {
    return value;
  }

  public double noiseStddev() {
    return noiseStddev;
  }

  /** The 95% confidence interval (present for every metric kind released by {@link DpAggregator}). */
  public Optional<ConfidenceInterval> confidenceInterval() {
    return Optional.ofNullable(ci);
  }

  @Override
  public String toString() {
    return name + "=" + value + " (noise sd " + noiseStddev + (ci == null ? "" : ", 95% CI [" + ci.lowerBound()
        + ", " + ci.upperBound() + "]") + ")";
  }
}
