package dev.veil.lineage.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official OpenLineage schema files of one spec folder, keyed by the {@code $id} each file
 * declares (never by its file name). Immutable.
 */
final class SpecSchemas {

  static final String CORE_FILE = "OpenLineage.json";
  static final String FACETS_DIR = "facets";

  /** One schema file: its {@code $id}, where it came from, its text and its parsed tree. */
  record Document(String id, String source, String text, JsonNode tree) {}

  private final Path dir;
  private final Document core;
  private final Map<String, Document> byId;
  private final Map<String, Document> byFileName;

  private SpecSchemas(Path dir, Document core, Map<String, Document> byId,
      Map<String, Document> byFileName) {
    this.dir = dir;
    this.core = core;
    this.byId = Collections.unmodifiableMap(byId);
    this.byFileName = Collections.unmodifiableMap(byFileName);
  }

  /**
   * Reads {@code specDir/OpenLineage.json} and every {@code specDir/facets/*.json}.
   *
   * @throws IllegalArgumentException if the folder layout is wrong, a file is not a JSON object,
   *     has no absolute {@code $id}, or two files declare the same {@code $id}
   * @throws UncheckedIOException if a file cannot be read
   */
  static SpecSchemas read(Path specDir, JsonMapper mapper) {
    Path dir = specDir.toAbsolutePath().normalize();
    Path coreFile = dir.resolve(CORE_FILE);
    Path facetsDir = dir.resolve(FACETS_DIR);
    if (!Files.isRegularFile(coreFile) || !Files.isDirectory(facetsDir)) {
      throw new IllegalArgumentException(String.format(
          "specDir must be a folder holding %s and %s/ (e.g. ../shared/data/openlineage/spec)."
              + " Provided value: %s", CORE_FILE, FACETS_DIR, specDir));
    }
    List<Path> facetFiles;
    try (Stream<Path> files = Files.list(facetsDir)) {
      facetFiles = files
          .filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list facet schemas in " + facetsDir, e);
    }
    if (facetFiles.isEmpty()) {
      throw new IllegalArgumentException(String.format(
          "%s must hold the facet schemas (*.json). Provided value: an empty folder %s",
          FACETS_DIR, facetsDir));
    }
    Document core = readDocument(coreFile, mapper);
    Map<String, Document> byId = new TreeMap<>();
    Map<String, Document> byFileName = new TreeMap<>();
    List<Document> all = new ArrayList<>();
    all.add(core);
    for (Path file : facetFiles) {
      Document doc = readDocument(file, mapper);
      all.add(doc);
      byFileName.put(file.getFileName().toString(), doc);
    }
    for (Document doc : all) {
      Document previous = byId.putIfAbsent(doc.id(), doc);
      if (previous != null) {
        throw new IllegalArgumentException(String.format(
            "every schema file must declare its own $id, but %s and %s both declare %s;"
                + " remove the stale copy", previous.source(), doc.source(), doc.id()));
      }
    }
    return new SpecSchemas(dir, core, byId, byFileName);
  }

  /** Parses one schema (a file or a custom facet schema) and checks it has a usable shape. */
  static JsonNode parseSchema(String text, String source, JsonMapper mapper) {
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(String.format(
          "a schema must be a JSON object, but %s is not well-formed JSON (line %d, column %d)",
          source, e.getLocation() == null ? -1 : e.getLocation().getLineNr(),
          e.getLocation() == null ? -1 : e.getLocation().getColumnNr()), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException(
          "a schema must be a JSON object. Provided value: the content of " + source);
    }
    return tree;
  }

  private static Document readDocument(Path file, JsonMapper mapper) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + file, e);
    }
    JsonNode tree = parseSchema(text, file.toString(), mapper);
    JsonNode id = tree.get("$id");
    if (id == null || !id.isString() || !id.stringValue().startsWith("https://")
        || id.stringValue().contains("#")) {
      throw new IllegalArgumentException(String.format(
          "every OpenLineage schema file must declare an absolute https $id without fragment;"
              + " %s declares %s", file, id));
    }
    return new Document(id.stringValue(), file.toString(), text, tree);
  }

  Path dir() {
    return dir;
  }

  Document core() {
    return core;
  }

  /** All documents (core and facets), keyed by {@code $id}, sorted. */
  Map<String, Document> byId() {
    return byId;
  }

  Optional<Document> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The facet file with this name (e.g. {@code SchemaDatasetFacet.json}), for hints only. */
  Optional<Document> facetFile(String fileName) {
    return Optional.ofNullable(byFileName.get(fileName));
  }

  int facetCount() {
    return byFileName.size();
  }
}
