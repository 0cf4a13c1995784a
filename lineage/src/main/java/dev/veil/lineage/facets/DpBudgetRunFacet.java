package dev.veil.lineage.facets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.openlineage.client.OpenLineage;
import java.net.URI;

/**
 * The {@code veil_dpBudget} run facet: the differential-privacy budget a run spent, for the DP
 * issue's aggregations to attach. {@code delta} is null for pure epsilon-DP. Immutable.
 */
@JsonPropertyOrder({"_producer", "_schemaURL", "epsilon", "delta", "mechanism", "accountant", "ledgerEntryId"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class DpBudgetRunFacet extends OpenLineage.DefaultRunFacet {
  public static final String CLASS_NAME = "VeilDpBudgetRunFacet";

  private final double epsilon;
  private final Double delta;
  private final String mechanism;
  private final String accountant;
  private final String ledgerEntryId;

  public DpBudgetRunFacet(URI producer, double epsilon, Double delta, String mechanism, String accountant, String ledgerEntryId) {
    super(producer);
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be > 0 and finite. Provided value: " + epsilon);
    }
    this.epsilon = epsilon;
    this.delta = delta;
    this.mechanism = mechanism;
    this.accountant = accountant;
    this.ledgerEntryId = ledgerEntryId;
  }

  @Override
  public URI get_schemaURL() {
    return VeilFacets.schemaUrl(CLASS_NAME);
  }

  public double getEpsilon() {
    return epsilon;
  }

  public Double getDelta() {
    return delta;
  }

  public String getMechanism() {
    return mechanism;
  }

  public String getAccountant() {
    return accountant;
  }

  public String getLedgerEntryId() {
    return ledgerEntryId;
  }
}
