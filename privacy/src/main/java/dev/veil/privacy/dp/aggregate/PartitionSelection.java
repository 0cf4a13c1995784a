package dev.veil.privacy.dp.aggregate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which partitions a {@link DpQuery} releases.
 *
 * <ul>
 *   <li>{@link #privateSelection}: partitions are found in the data, and each is released only if a
 *       differentially private test on its number of distinct privacy units says so (see
 *       {@link PartitionSelector}). This spends its own {@link BudgetShare} and needs {@code delta > 0}: the
 *       mere existence of a partition key is private information.
 *   <li>{@link #publicPartitions}: the caller lists the keys. Every listed key appears in the output (an
 *       empty one gets noised zeros); records of unlisted keys are dropped before contribution bounding
 *       and counted. The list must not be derived from the private data.
 * </ul>
 * Immutable, thread-safe, serializable.
 */
public final class PartitionSelection implements Serializable {
  private static final long serialVersionUID = 1L;

  private final BudgetShare share;
  private final SelectionMethod method;
  private final List<PartitionKey> publicKeys;

  private PartitionSelection(BudgetShare share, SelectionMethod method, List<PartitionKey> publicKeys) {
    this.share = share;
    this.method = method;
    this.publicKeys = publicKeys;
  }

  /** Private selection with weight 1 and {@link SelectionMethod#AUTO}. */
  public static PartitionSelection privateSelection() {
    return new PartitionSelection(BudgetShare.weight(1), SelectionMethod.AUTO, List.of());
  }

  /** Private selection with the given budget share and method. */
  public static PartitionSelection privateSelection(BudgetShare share, SelectionMethod method) {
    return new PartitionSelection(Objects.requireNonNull(share, "share"), Objects.requireNonNull(method, "method"),
        List.of());
  }

  /** Public partitions: exactly these keys are released (duplicates are removed; order is key order). */
  public static PartitionSelection publicPartitions(Collection<PartitionKey> keys) {
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("public partitions must not be empty. Provided value: []");
    }
    TreeSet<PartitionKey> sorted = new TreeSet<>();
    for (PartitionKey k : keys) {
      sorted.add(Objects.requireNonNull(k, "partition key"));
    }
    return new PartitionSelection(null, null, Collections.unmodifiableList(new ArrayList<>(sorted)));
  }

  /** Whether partitions are public (listed by the caller). */
  public boolean isPublic() {
    return !publicKeys.isEmpty();
  }

  /** The budget share of private selection; fails for public partitions. */
  public BudgetShare share() {
    if (isPublic()) {
      throw new IllegalStateException("public partitions spend no budget");
    }
    return share;
  }

  /** The method of private selection; fails for public partitions. */
  public SelectionMethod method() {
    if (isPublic()) {
      throw new IllegalStateException("public partitions have no selection method");
    }
    return method;
  }

  /** The public keys in key order (empty for private selection). */
  public List<PartitionKey> publicKeys() {
    return publicKeys;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartitionSelection p && Objects.equals(p.share, share) && p.method == method
        && p.publicKeys.equals(publicKeys);
  }

  @Override
  public int hashCode() {
    return Objects.hash(share, method, publicKeys);
  }

  @Override
  public String toString() {
    return isPublic() ? "public(" + publicKeys.size() + " keys)" : "private(" + method + ", " + share + ")";
  }
}
