package dev.veil.lineage;

import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.report.RunReport;
import io.openlineage.client.OpenLineage;

/**
 * Adds facets to a pipeline's events: the extension point through which other modules report what
 * they know (the validation stages' {@code dataQualityMetrics} and {@code dataQualityAssertions},
 * the anonymization code's {@code veil_privacy} details, the DP code's {@code veil_dpBudget}, a
 * scheduler's {@code nominalTime}). Called for the pipeline's START ({@code report} null) and its
 * COMPLETE or FAIL; implementations must be thread-safe and must never put record values or key
 * material into a facet.
 */
@FunctionalInterface
public interface FacetContributor {

  /**
   * @param run the pipeline run's facets
   * @param source the source dataset's input facets ({@code dataQualityMetrics},
   *     {@code dataQualityAssertions} about the data read)
   * @param sink the sink dataset's facets
   * @param report the finished run's report, or null for START and FAIL
   */
  void contribute(PipelinePlan plan, RunReport report, OpenLineage ol, OpenLineage.RunFacetsBuilder run,
      OpenLineage.InputDatasetInputFacetsBuilder source, OpenLineage.DatasetFacetsBuilder sink);

  /** The scheduled time of a run ({@code nominalTime} facet), for runs started by a scheduler. */
  static FacetContributor nominalTime(java.time.Instant start, java.time.Instant end) {
    return (plan, report, ol, run, source, sink) -> run.nominalTime(ol.newNominalTimeRunFacet(
        java.time.ZonedDateTime.ofInstant(start, java.time.ZoneOffset.UTC),
        end == null ? null : java.time.ZonedDateTime.ofInstant(end, java.time.ZoneOffset.UTC)));
  }
}
