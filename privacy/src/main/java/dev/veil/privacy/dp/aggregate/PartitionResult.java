package dev.veil.privacy.dp.aggregate;

import java.io.Serializable;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The released metrics of one partition, in metric order (a quantiles metric contributes one value per
 * rank). Everything here is differentially private output. Immutable, thread-safe, serializable.
 */
public record PartitionResult(PartitionKey key, List<MetricValue> values) implements Serializable {
  /** Copies the list. */
  public PartitionResult {
    values = List.copyOf(values);
  }

  /** The value named {@code name} (e.g. {@code "count"}, {@code "mean(x)"}, {@code "quantiles(x)[0.5]"}). */
  public MetricValue value(String name) {
    for (MetricValue v : values) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    throw new NoSuchElementException("no metric named " + name + " in " + values.stream().map(MetricValue::name)
        .toList());
  }
}
