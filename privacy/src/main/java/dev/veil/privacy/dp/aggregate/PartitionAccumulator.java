package dev.veil.privacy.dp.aggregate;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The un-noised, exact state of one partition: the numbers of distinct privacy units and of records,
 * and per value column the count of finite values, the fixed-point sums (see {@link ColumnPlan}) and the
 * quantile tree's leaf counts. All integers, so {@link DpAggregator#merge} is exactly associative and
 * commutative: engines may combine partial accumulators in any order and grouping (a Beam
 * {@code CombineFn}, a Spark {@code Aggregator}) and get the same state.
 *
 * <p><b>Privacy:</b> this state is <i>not</i> differentially private. It must stay inside the engine (never
 * written to an output or a log); only {@link DpAggregator#release} output may leave. It carries the
 * fingerprint of its query, and merging accumulators of different queries fails.
 *
 * <p>Serializable (Java serialization; e.g. Beam's {@code SerializableCoder}, Spark's
 * {@code Encoders.javaSerialization}). Mutable and not thread-safe.
 */
public final class PartitionAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;

  final int fingerprint;
  long units;
  long records;
  final Column[] columns;

  /** Per-column state. */
  static final class Column implements Serializable {
    private static final long serialVersionUID = 1L;
    long count;
    final Int128 rawSum = new Int128();
    final Int128 normSum = new Int128();
    final Int128 squareSum = new Int128();
    final Map<Integer, Long> leaves = new HashMap<>();

    void mergeFrom(Column o) {
      count += o.count;
      rawSum.add(o.rawSum);
      normSum.add(o.normSum);
      squareSum.add(o.squareSum);
      for (Map.Entry<Integer, Long> e : o.leaves.entrySet()) {
        leaves.merge(e.getKey(), e.getValue(), Long::sum);
      }
    }

    boolean sameAs(Column o) {
      return count == o.count && rawSum.equals(o.rawSum) && normSum.equals(o.normSum)
          && squareSum.equals(o.squareSum) && leaves.equals(o.leaves);
    }
  }

  PartitionAccumulator(int fingerprint, int columnCount) {
    this.fingerprint = fingerprint;
    this.columns = new Column[columnCount];
    for (int i = 0; i < columnCount; i++) {
      columns[i] = new Column();
    }
  }

  /** The number of distinct privacy units merged into this state (exact; not private). */
  public long units() {
    return units;
  }

  /** The number of records merged into this state (exact; not private). */
  public long records() {
    return records;
  }

  /** Whether two states hold exactly the same numbers (for tests of merge order independence). */
  public boolean sameState(PartitionAccumulator o) {
    if (o.fingerprint != fingerprint || o.units != units || o.records != records
        || o.columns.length != columns.length) {
      return false;
    }
    for (int i = 0; i < columns.length; i++) {
      if (!columns[i].sameAs(o.columns[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "PartitionAccumulator{not private; contents hidden}";
  }
}
