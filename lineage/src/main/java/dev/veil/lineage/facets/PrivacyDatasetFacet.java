package dev.veil.lineage.facets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code veil_privacy} dataset facet: what was done to protect each column. Never holds values
 * or key material: only PII classes, the operator, the key id, and anonymity measures. The
 * anonymization and DP issues fill the fields this foundation leaves null.
 *
 * <p>Immutable; serialized by Jackson through its getters.
 */
@JsonPropertyOrder({"_producer", "_schemaURL", "columns", "suppressedRows"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class PrivacyDatasetFacet extends OpenLineage.DefaultDatasetFacet {
  public static final String CLASS_NAME = "VeilPrivacyDatasetFacet";

  /** What is known about one column. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Column(List<String> piiClasses, String operator, boolean masked, String keyId, Integer k, Integer l, Double t) {
    public Column {
      piiClasses = List.copyOf(piiClasses);
    }
  }

  private final Map<String, Column> columns;
  private final Long suppressedRows;

  public PrivacyDatasetFacet(URI producer, Map<String, Column> columns, Long suppressedRows) {
    super(producer, null);
    this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    this.suppressedRows = suppressedRows;
  }

  @Override
  public URI get_schemaURL() {
    return VeilFacets.schemaUrl(CLASS_NAME);
  }

  @Override
  @com.fasterxml.jackson.annotation.JsonIgnore
  public Boolean get_deleted() {
    return null;
  }

  public Map<String, Column> getColumns() {
    return columns;
  }

  public Long getSuppressedRows() {
    return suppressedRows;
  }
}
