package dev.veil.privacy.kanon;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Re-identification risk of a table under the prosecutor and marketer attacker models (El Emam),
 * computed from its equivalence classes on the quasi-identifiers (records with equal values).
 *
 * <ul>
 *   <li>prosecutor risk of a record: {@code 1/|class|} (the attacker knows the target is in the
 *       table); {@link #prosecutorRiskMax()} = 1/smallest class, {@link #prosecutorRiskAvg()} = the
 *       mean over records = classes/records;
 *   <li>{@link #recordsAtRisk()}: records whose prosecutor risk is strictly above the threshold;
 *   <li>{@link #marketerRisk()}: expected share of records a marketer linking every record
 *       re-identifies, with the table taken as the population: classes/records;
 *   <li>{@link #sampleUniques()}: records alone in their class.
 * </ul>
 *
 * With a sensitive attribute also the smallest number of distinct sensitive values in a class
 * (distinct l) and the smallest entropy l ({@code exp(entropy)}). A missing value (null) counts as
 * a value of its own. Immutable.
 */
public record RiskMetrics(long records, long equivalenceClasses, long minClassSize, double prosecutorRiskMax,
    double prosecutorRiskAvg, double threshold, long recordsAtRisk, long sampleUniques, double marketerRisk,
    int minDistinctL, double minEntropyL) {

  /**
   * Computes the metrics of {@code rows} on the columns {@code qi}.
   *
   * @param sensitive the sensitive column or -1
   * @param threshold the prosecutor-risk threshold for {@link #recordsAtRisk()}, in [0, 1]
   */
  public static RiskMetrics compute(List<String[]> rows, int[] qi, int sensitive, double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be >= 0 and <= 1. Provided value: " + threshold);
    }
    Map<Key, Map<String, Integer>> sens = new HashMap<>();
    Map<Key, Integer> sizes = new HashMap<>();
    for (String[] r : rows) {
      String[] k = new String[qi.length];
      for (int i = 0; i < qi.length; i++) k[i] = r[qi[i]];
      Key key = new Key(k);
      sizes.merge(key, 1, Integer::sum);
      if (sensitive >= 0) sens.computeIfAbsent(key, x -> new HashMap<>()).merge(Objects.toString(r[sensitive], "\0null"), 1, Integer::sum);
    }
    long n = rows.size();
    long min = Long.MAX_VALUE;
    long atRisk = 0;
    long uniques = 0;
    for (int s : sizes.values()) {
      min = Math.min(min, s);
      if (1.0 / s > threshold) atRisk += s;
      if (s == 1) uniques++;
    }
    int minL = Integer.MAX_VALUE;
    double minEl = Double.POSITIVE_INFINITY;
    for (Map.Entry<Key, Map<String, Integer>> e : sens.entrySet()) {
      minL = Math.min(minL, e.getValue().size());
      double size = sizes.get(e.getKey());
      double h = 0;
      for (int c : e.getValue().values()) h -= c / size * Math.log(c / size);
      minEl = Math.min(minEl, Math.exp(h));
    }
    long classes = sizes.size();
    return new RiskMetrics(n, classes, n == 0 ? 0 : min, n == 0 ? 0 : 1.0 / min, n == 0 ? 0 : (double) classes / n, threshold,
        atRisk, uniques, n == 0 ? 0 : (double) classes / n, sensitive >= 0 && n > 0 ? minL : 0,
        sensitive >= 0 && n > 0 ? minEl : 0);
  }

  /** The metrics as an ordered map with snake_case keys, for JSON. */
  public Map<String, Object> toMap(boolean withSensitive) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("records", records);
    m.put("equivalence_classes", equivalenceClasses);
    m.put("min_class_size", minClassSize);
    m.put("prosecutor_risk_max", prosecutorRiskMax);
    m.put("prosecutor_risk_avg", prosecutorRiskAvg);
    m.put("threshold", threshold);
    m.put("records_at_risk", recordsAtRisk);
    m.put("records_at_risk_share", records == 0 ? 0.0 : (double) recordsAtRisk / records);
    m.put("sample_uniques", sampleUniques);
    m.put("sample_uniques_share", records == 0 ? 0.0 : (double) sampleUniques / records);
    m.put("marketer_risk", marketerRisk);
    if (withSensitive) {
      m.put("min_distinct_l", minDistinctL);
      m.put("min_entropy_l", minEntropyL);
    }
    return m;
  }

  private record Key(String[] v) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(v, k.v);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(v);
    }
  }
}
