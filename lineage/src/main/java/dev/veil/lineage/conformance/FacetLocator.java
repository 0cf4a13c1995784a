package dev.veil.lineage.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Finds the facets of an OpenLineage event: the members of {@code run.facets}, {@code job.facets},
 * {@code dataset.facets} (dataset events), {@code inputs[*].facets}, {@code inputs[*].inputFacets},
 * {@code outputs[*].facets} and {@code outputs[*].outputFacets}. Shapes that are not objects or
 * arrays where the spec expects them are skipped here; the core schema reports them.
 */
final class FacetLocator {

  /**
   * One facet of an event.
   *
   * @param path JSON Pointer of the facet object within the event
   * @param node the facet object (or whatever the event holds there)
   * @param datasetFacet whether the facet sits in a dataset's {@code facets}, where the spec allows
   *     {@code "_deleted": true}
   */
  record Facet(String path, JsonNode node, boolean datasetFacet) {}

  private FacetLocator() {}

  static List<Facet> facets(JsonNode event) {
    List<Facet> found = new ArrayList<>();
    collect(event.path("run").path("facets"), "/run/facets", false, found);
    collect(event.path("job").path("facets"), "/job/facets", false, found);
    collect(event.path("dataset").path("facets"), "/dataset/facets", true, found);
    collectDatasets(event.path("inputs"), "/inputs", "inputFacets", found);
    collectDatasets(event.path("outputs"), "/outputs", "outputFacets", found);
    return found;
  }

  private static void collectDatasets(JsonNode datasets, String path, String ioFacets,
      List<Facet> found) {
    if (!datasets.isArray()) {
      return;
    }
    for (int i = 0; i < datasets.size(); i++) {
      JsonNode dataset = datasets.get(i);
      collect(dataset.path("facets"), path + "/" + i + "/facets", true, found);
      collect(dataset.path(ioFacets), path + "/" + i + "/" + ioFacets, false, found);
    }
  }

  private static void collect(JsonNode container, String path, boolean datasetFacets,
      List<Facet> found) {
    if (!container.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> facet : container.properties()) {
      found.add(new Facet(path + "/" + escape(facet.getKey()), facet.getValue(), datasetFacets));
    }
  }

  /** Escapes one JSON Pointer reference token (RFC 6901). */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
