package dev.veil.privacy.dp.aggregate;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The values of a query's group-by columns for one partition, in the order of
 * {@link DpQuery#groupBy()}, in their canonical text form; a {@code null} element stands for a missing
 * value (its own partition). An empty key is the single partition of a query without group-by columns.
 * Ordered element-wise (nulls first). Immutable, thread-safe, serializable.
 */
public final class PartitionKey implements Comparable<PartitionKey>, Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] array;
  private final List<String> values;
  /** {@link #hashCode()}, computed once (keys are looked up per record in hash maps). */
  private final int hash;

  /** Takes ownership of {@code array}. */
  private PartitionKey(String[] array) {
    this.array = array;
    this.values = Collections.unmodifiableList(Arrays.asList(array));
    this.hash = mix(values.hashCode());
  }

  /**
   * Spreads the list hash (the murmur3 finalizer): the string hashes of keys like {@code k1}, {@code k2}...
   * are clustered, which made hash maps of many keys degrade into tree bins.
   */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** A key of the given values (copied; nulls allowed). */
  public static PartitionKey of(String... values) {
    return new PartitionKey(values.clone());
  }

  /** A key of the given values (copied; nulls allowed). */
  public static PartitionKey of(List<String> values) {
    return new PartitionKey(values.toArray(new String[0]));
  }

  /** The values, unmodifiable. */
  public List<String> values() {
    return values;
  }

  public int size() {
    return values.size();
  }

  @Override
  public int compareTo(PartitionKey o) {
    int n = Math.min(values.size(), o.values.size());
    for (int i = 0; i < n; i++) {
      String a = values.get(i);
      String b = o.values.get(i);
      if (a == null || b == null) {
        if (a != b) {
          return a == null ? -1 : 1;
        }
        continue;
      }
      int c = a.compareTo(b);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(values.size(), o.values.size());
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof PartitionKey k && k.hash == hash && Arrays.equals(k.array, array);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
