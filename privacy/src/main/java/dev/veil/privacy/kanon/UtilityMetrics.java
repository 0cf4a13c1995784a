package dev.veil.privacy.kanon;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How much information an anonymization kept. Lower is better for every metric except none.
 *
 * <ul>
 *   <li>{@link #discernibility()}: {@code sum over classes |E|^2 + suppressed * records} (Bayardo
 *       and Agrawal);
 *   <li>{@link #averageClassSize()}: {@code C_avg = (records - suppressed) / (classes * k)}, 1 is
 *       ideal (LeFevre et al.);
 *   <li>{@link #generalizationIntensity()}: lattice only, the mean over quasi-identifiers of
 *       {@code level / top level} (1 - Sweeney's precision);
 *   <li>{@link #precisionLoss()}: mean over all quasi-identifier cells of the share of the domain a
 *       cell covers beyond its own value: {@code (values covered - 1) / (domain size - 1)} for
 *       categorical cells, {@code (hi - lo) / (max - min)} for numeric Mondrian ranges; a
 *       suppressed record's cells count 1 (Iyengar's loss metric);
 *   <li>{@link #nonUniformEntropy()}: {@code sum over records and quasi-identifiers of
 *       log2(count(generalized cell) / count(original value))}, counts over the input table, a
 *       suppressed cell as {@code *} (Gionis and Tassa), in bits, and normalized by its value when
 *       every record is suppressed.
 * </ul>
 *
 * Immutable.
 */
public record UtilityMetrics(long discernibility, double averageClassSize, OptionalDouble generalizationIntensity,
    double precisionLoss, double nonUniformEntropy, double nonUniformEntropyNormalized) {

  /** The metrics as an ordered map with snake_case keys, for JSON. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("discernibility", discernibility);
    m.put("avg_class_size", averageClassSize);
    generalizationIntensity.ifPresent(g -> m.put("generalization_intensity", g));
    m.put("precision_loss", precisionLoss);
    m.put("non_uniform_entropy_bits", nonUniformEntropy);
    m.put("non_uniform_entropy_normalized", nonUniformEntropyNormalized);
    return m;
  }
}
