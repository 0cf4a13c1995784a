package dev.veil.privacy.kanon;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The output of {@link LatticeAnonymizer} or {@link Mondrian}: the anonymized rows (input order,
 * suppressed records removed, quasi-identifiers generalized, every other column unchanged), which
 * input rows were suppressed, the chosen lattice node (lattice only), and utility and risk of the
 * output. Privacy guarantee: as stated by the {@link AnonymizationSpec} it was made with.
 * Immutable apart from the row arrays, which the caller must not change.
 *
 * @param algorithm {@code lattice} or {@code mondrian}
 * @param header the output header (as the input's)
 * @param rows the anonymized records
 * @param suppressedRows indexes of the suppressed input rows, ascending
 * @param levels the generalization level of each quasi-identifier (lattice only)
 * @param utility utility metrics of the output
 * @param risk risk metrics of the output's quasi-identifiers
 * @param search facts about the search (nodes in the lattice, nodes checked, partitions), for reports
 */
public record KAnonymizationResult(String algorithm, List<String> header, List<String[]> rows, int[] suppressedRows,
    Optional<List<Integer>> levels, UtilityMetrics utility, RiskMetrics risk, Map<String, Object> search) {
}
