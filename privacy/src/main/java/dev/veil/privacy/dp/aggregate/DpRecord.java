package dev.veil.privacy.dp.aggregate;

import java.util.Objects;

/**
 * One input record of a {@link DpQuery}, as engines hand it to {@link DpAggregator}: the privacy-unit
 * id ({@code null} or blank when missing: such records are dead-lettered with
 * {@link DpAggregator#MISSING_PRIVACY_UNIT}), the partition key, and the values of
 * {@link DpQuery#valueColumns()} in that order (a missing value is {@code NaN}; NaN and infinities are
 * dropped from the value metrics and counted).
 *
 * <p>Holds private data: never log it. The values array is not copied; do not modify it after creation.
 */
public record DpRecord(String privacyUnit, PartitionKey key, double[] values) {
  /** Checks the key and the values array are present. */
  public DpRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(values, "values");
  }

  /** A record. */
  public static DpRecord of(String privacyUnit, PartitionKey key, double... values) {
    return new DpRecord(privacyUnit, key, values);
  }

  /** Whether the privacy-unit id is present (non-null and not blank). */
  public boolean hasPrivacyUnit() {
    return privacyUnit != null && !privacyUnit.isBlank();
  }

  @Override
  public String toString() {
    return "DpRecord{contents hidden}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DpRecord r && Objects.equals(r.privacyUnit, privacyUnit) && r.key.equals(key)
        && java.util.Arrays.equals(r.values, values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(privacyUnit, key) * 31 + java.util.Arrays.hashCode(values);
  }
}
