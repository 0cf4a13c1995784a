package dev.veil.privacy.dp.aggregate;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a DP aggregation run did to its input: exact counts for the operator's run report.
 *
 * <p><b>Privacy: these counts are NOT differentially private</b> (e.g. "records dropped by Linf bounding"
 * reveals how much the heaviest units contributed). They belong in the access-controlled run report,
 * never in the released output.
 *
 * <p>Mergeable ({@link #merge}, associative and commutative) so engines can sum per-worker counts.
 * Mutable, not thread-safe, serializable.
 */
public final class DpRunStats implements Serializable {
  private static final long serialVersionUID = 1L;

  long recordsIn;
  long missingPrivacyUnit;
  long recordsNotInPublicPartitions;
  long recordsDroppedByL0;
  long recordsDroppedByLinf;
  long unitPartitionsDroppedByL0;
  long valuesNonFinite;
  long valuesClamped;
  long partitionsKept;
  long partitionsDroppedBySelection;
  long emptyPublicPartitions;

  /** Adds {@code o}'s counts to this one and returns this. */
  public DpRunStats merge(DpRunStats o) {
    recordsIn += o.recordsIn;
    missingPrivacyUnit += o.missingPrivacyUnit;
    recordsNotInPublicPartitions += o.recordsNotInPublicPartitions;
    recordsDroppedByL0 += o.recordsDroppedByL0;
    recordsDroppedByLinf += o.recordsDroppedByLinf;
    unitPartitionsDroppedByL0 += o.unitPartitionsDroppedByL0;
    valuesNonFinite += o.valuesNonFinite;
    valuesClamped += o.valuesClamped;
    partitionsKept += o.partitionsKept;
    partitionsDroppedBySelection += o.partitionsDroppedBySelection;
    emptyPublicPartitions += o.emptyPublicPartitions;
    return this;
  }

  /** Counts one record dead-lettered for a missing privacy-unit id (engines call this when they route one). */
  public void countMissingPrivacyUnit() {
    recordsIn++;
    missingPrivacyUnit++;
  }

  /** All records seen, including dead-lettered ones. */
  public long recordsIn() {
    return recordsIn;
  }

  /** Records dead-lettered because the privacy-unit id was missing. */
  public long missingPrivacyUnit() {
    return missingPrivacyUnit;
  }

  /** Records whose key is not in the public partition list (dropped before bounding). */
  public long recordsNotInPublicPartitions() {
    return recordsNotInPublicPartitions;
  }

  /** Records dropped because their unit contributed to more than L0 partitions. */
  public long recordsDroppedByL0() {
    return recordsDroppedByL0;
  }

  /** Records dropped because their unit had more than Linf records in one partition. */
  public long recordsDroppedByLinf() {
    return recordsDroppedByLinf;
  }

  /** (unit, partition) pairs dropped by L0 bounding. */
  public long unitPartitionsDroppedByL0() {
    return unitPartitionsDroppedByL0;
  }

  /** NaN, infinite or missing values dropped from value metrics (the record still counts). */
  public long valuesNonFinite() {
    return valuesNonFinite;
  }

  /** Values outside their bounds, clamped. */
  public long valuesClamped() {
    return valuesClamped;
  }

  /** Partitions released. */
  public long partitionsKept() {
    return partitionsKept;
  }

  /** Partitions seen in the data but not released by private selection. */
  public long partitionsDroppedBySelection() {
    return partitionsDroppedBySelection;
  }

  /** Public partitions without any record (released with noised zeros). */
  public long emptyPublicPartitions() {
    return emptyPublicPartitions;
  }

  /** The counts by name, in a stable order (for run reports). */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("recordsIn", recordsIn);
    m.put("missingPrivacyUnit", missingPrivacyUnit);
    m.put("recordsNotInPublicPartitions", recordsNotInPublicPartitions);
    m.put("recordsDroppedByL0", recordsDroppedByL0);
    m.put("recordsDroppedByLinf", recordsDroppedByLinf);
    m.put("unitPartitionsDroppedByL0", unitPartitionsDroppedByL0);
    m.put("valuesNonFinite", valuesNonFinite);
    m.put("valuesClamped", valuesClamped);
    m.put("partitionsKept", partitionsKept);
    m.put("partitionsDroppedBySelection", partitionsDroppedBySelection);
    m.put("emptyPublicPartitions", emptyPublicPartitions);
    return m;
  }

  @Override
  public String toString() {
    return "DpRunStats" + asMap();
  }
}
