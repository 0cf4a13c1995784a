package dev.veil.lineage.facets;

import java.net.URI;

/**
 * Names and schema URLs of Veil's custom OpenLineage facets. Each facet's JSON Schema ships in this
 * module at {@code dev/veil/lineage/facets/<Name>.json} with the {@code $id} given here, so
 * consumers and the conformance validator can check facet contents.
 */
public final class VeilFacets {
  private VeilFacets() {}

  /** Base of the schema URLs; the files are the classpath resources named above. */
  public static final String SCHEMA_BASE = "https://veil.dev/spec/facets/1-0-0/";

  /** Dataset facet: per column, PII classes, the operator applied, key id (never key material), k/l/t achieved, suppressed rows. */
  public static final String PRIVACY = "veil_privacy";
  /** Run facet: per stage records in, out, filtered and dead-lettered. */
  public static final String DEAD_LETTERS = "veil_deadLetters";
  /** Run facet: the differential-privacy budget a run spent. */
  public static final String DP_BUDGET = "veil_dpBudget";

  public static URI schemaUrl(String className) {
    return URI.create(SCHEMA_BASE + className + ".json#/$defs/" + className);
  }

  /** The classpath resource of a facet's schema file. */
  public static java.net.URL schemaResource(String className) {
    return VeilFacets.class.getResource(className + ".json");
  }
}
