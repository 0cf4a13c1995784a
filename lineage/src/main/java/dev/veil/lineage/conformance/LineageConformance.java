package dev.veil.lineage.conformance;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.veil.lineage.conformance.FacetLocator.Facet;
import dev.veil.lineage.conformance.SpecSchemas.Document;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Checks OpenLineage events against the official JSON Schemas, offline.
 *
 * <h2>Contract</h2>
 *
 * An event conforms when both hold:
 *
 * <ol>
 *   <li>it validates against the core schema {@code OpenLineage.json} of the spec folder (spec
 *       2-0-2, JSON Schema draft 2020-12); and
 *   <li>every facet it carries validates against the schema its {@code _schemaURL} names. The core
 *       schema only checks that a facet has {@code _producer} and {@code _schemaURL}; the facet's
 *       content is checked here. Facets are the members of {@code run.facets}, {@code job.facets},
 *       {@code dataset.facets}, {@code inputs[*].facets}, {@code inputs[*].inputFacets},
 *       {@code outputs[*].facets} and {@code outputs[*].outputFacets}.
 * </ol>
 *
 * <p>Format assertions are on: {@code eventTime} must be an RFC 3339 date-time <em>with</em> an
 * offset, {@code runId} a UUID, {@code producer} and {@code _schemaURL} URIs.
 *
 * <h2>How a facet finds its schema</h2>
 *
 * <ul>
 *   <li>The spec folder's files are indexed by the {@code $id} each declares (e.g. {@code
 *       facets/SchemaDatasetFacet.json} declares {@code
 *       https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json}), never by file name.
 *   <li>A facet whose {@code _schemaURL} equals a URL registered with {@link
 *       #withCustomFacetSchema} is checked against that schema.
 *   <li>Otherwise the {@code _schemaURL} without its fragment must equal a local {@code $id}; the
 *       fragment (a JSON Pointer such as {@code #/$defs/SchemaDatasetFacet}) selects the
 *       definition. Without a fragment, the file's single top-level property is used (the facet
 *       files describe a facets object like {@code {"schema": {...}}}).
 *   <li>Anything else is a problem ({@code "unknown facet schema"}), never a silent pass: an
 *       older or newer facet version than the local files, a typo, or an unregistered custom
 *       facet. The message names the local {@code $id} of a file with the same name, if any.
 *   <li>A dataset facet marked {@code "_deleted": true} is a deletion marker; only the core schema
 *       checks it.
 * </ul>
 *
 * <h2>Not checked</h2>
 *
 * The event's own {@code schemaURL} version (every event is checked against the local core
 * schema); facets forwarded inside {@code parent.run.facets}, {@code parent.job.facets} and
 * {@code parent.root.*.facets} (the parent facet's schema checks them as base facets only); whether
 * a facet sits in the right container (a run facet among dataset facets); and semantic rules no
 * schema states (e.g. one START per run).
 *
 * <h2>Problems</h2>
 *
 * Each problem reads {@code <JSON Pointer>: <what is wrong> [schema: <schema location>]}, e.g.
 * {@code /outputs/0/facets/columnLineage/fields/email/inputFields/0: required property 'namespace'
 * not found [schema: https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/InputField/required]}.
 * The root is written {@code (root)}. Problems name paths, property names, keywords and schema
 * locations; they do not quote the event's values, so they are safe to log.
 *
 * <h2>Offline</h2>
 *
 * Schemas are served from memory by their {@code $id}; the validator never fetches a URL. A
 * {@code $ref} to a schema that is neither local nor registered fails when the referring schema is
 * loaded.
 *
 * <h2>Thread-safety</h2>
 *
 * Instances are immutable and safe for concurrent use; {@link #withCustomFacetSchema} returns a
 * new instance and leaves this one unchanged. Building an instance reads and compiles schemas, so
 * build once and share.
 */
public final class LineageConformance {

  private static final String ROOT = "(root)";
  private static final String OPENLINEAGE_SPEC_PREFIX = "https://openlineage.io/spec/";
  private static final List<String> EVENT_TYPES = List.of("RunEvent", "DatasetEvent", "JobEvent");

  private final SpecSchemas spec;
  /** Registered custom facet schemas by their exact {@code _schemaURL}, in registration order. */
  private final Map<String, CustomSchema> custom;

  private final JsonMapper mapper;
  private final SchemaRegistry registry;
  private final ConcurrentMap<String, Schema> compiled = new ConcurrentHashMap<>();
  private final Schema core;
  private final Map<String, Schema> eventTypes;

  private record CustomSchema(String base, String source, String text, JsonNode tree) {}

  /** Where a facet's {@code _schemaURL} leads: a schema location, or why there is none. */
  private record Target(String location, String problem) {
    static Target of(String location) {
      return new Target(location, null);
    }

    static Target unknown(String problem) {
      return new Target(null, problem);
    }
  }

  private LineageConformance(SpecSchemas spec, Map<String, CustomSchema> custom,
      JsonMapper mapper) {
    this.spec = spec;
    this.custom = Collections.unmodifiableMap(custom);
    this.mapper = mapper;
    Map<String, String> texts = new LinkedHashMap<>();
    spec.byId().forEach((id, doc) -> texts.put(id, doc.text()));
    custom.values().forEach(c -> texts.put(c.base(), c.text()));
    SchemaRegistryConfig config = SchemaRegistryConfig.builder()
        .formatAssertionsEnabled(true)
        .pathType(PathType.JSON_POINTER)
        .locale(Locale.ENGLISH)
        .build();
    // No remote fetching: networknt 3.x only fetches when fetchRemoteResources() is set, and the
    // only resource loader here serves the in-memory texts by $id.
    this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        builder -> builder.schemaRegistryConfig(config).schemas(Map.copyOf(texts)));
    String coreId = spec.core().id();
    this.core = compileOrThrow(coreId, spec.core().source());
    Map<String, Schema> types = new LinkedHashMap<>();
    for (String type : EVENT_TYPES) {
      if (spec.core().tree().at("/$defs/" + type).isMissingNode()) {
        throw new IllegalArgumentException(String.format(
            "the core schema must define $defs/%s; %s does not (is it an OpenLineage 2.x spec?)",
            type, spec.core().source()));
      }
      types.put(type, compileOrThrow(coreId + "#/$defs/" + type, spec.core().source()));
    }
    this.eventTypes = Collections.unmodifiableMap(types);
  }

  /**
   * Loads the official schemas of one spec folder and compiles them.
   *
   * @param specDir the folder holding OpenLineage.json and facets/ (e.g.
   *     ../shared/data/openlineage/spec)
   * @throws IllegalArgumentException if the folder lacks {@code OpenLineage.json} or {@code
   *     facets/*.json}, a file is not a JSON Schema object with an {@code $id}, two files share an
   *     {@code $id}, or a schema is invalid or refers to a schema that is not in the folder
   * @throws UncheckedIOException if a file cannot be read
   * @throws IllegalStateException if the classpath cannot run Jackson 3 (see the message)
   */
  public static LineageConformance load(Path specDir) {
    Objects.requireNonNull(specDir, "specDir");
    JsonMapper mapper = newMapper();
    SpecSchemas spec = SpecSchemas.read(specDir, mapper);
    LineageConformance conformance = new LineageConformance(spec, Map.of(), mapper);
    for (Document doc : spec.byId().values()) {
      conformance.checkAgainstMetaSchema(doc.tree(), doc.source());
      if (doc != spec.core()) {
        String property = singleProperty(doc.tree());
        if (property == null) {
          throw new IllegalArgumentException(String.format(
              "a facet schema file must have exactly one top-level property naming its facet;"
                  + " %s has %s", doc.source(), doc.tree().path("properties").propertyNames()));
        }
        conformance.compileOrThrow(rootPropertyLocation(doc.id(), property), doc.source());
      }
    }
    return conformance;
  }

  /**
   * Registers a custom facet schema: facets whose `_schemaURL` equals schemaUrl are validated
   * against the JSON Schema read from `schema` (a file or a classpath resource URL).
   *
   * <p>The part of {@code schemaUrl} before {@code #} is the schema's identity: if the schema
   * declares an {@code $id}, it must equal that part. The fragment, if any, is a JSON Pointer that
   * selects the facet's definition (e.g. {@code #/$defs/PrivacyBudgetRunFacet}); without one the
   * whole schema describes the facet. The schema may {@code $ref} the local OpenLineage schemas by
   * their {@code $id} (e.g. {@code
   * https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunFacet}); nothing is fetched.
   *
   * @return a new instance that also knows this facet schema; this one is unchanged
   * @throws IllegalArgumentException if {@code schemaUrl} is not an absolute URI with a JSON
   *     Pointer fragment (or none), names a local OpenLineage schema, is already registered; or if
   *     the schema is not a valid JSON Schema, declares another {@code $id}, lacks the fragment's
   *     target, or refers to a schema that is neither local nor registered
   * @throws UncheckedIOException if {@code schema} cannot be read
   */
  public LineageConformance withCustomFacetSchema(String schemaUrl, URL schema) {
    Objects.requireNonNull(schemaUrl, "schemaUrl");
    Objects.requireNonNull(schema, "schema");
    URI uri = parseAbsolute(schemaUrl);
    String base = withoutFragment(schemaUrl);
    String fragment = uri.getFragment();
    if (fragment != null && !fragment.isEmpty() && !fragment.startsWith("/")) {
      throw new IllegalArgumentException(
          "schemaUrl's fragment must be a JSON Pointer such as #/$defs/MyFacet. Provided value: "
              + schemaUrl);
    }
    if (spec.byId(base).isPresent()) {
      throw new IllegalArgumentException(String.format(
          "schemaUrl must not name an official OpenLineage schema (%s is %s); official facets are"
              + " checked against the spec folder already. Provided value: %s",
          base, spec.byId(base).get().source(), schemaUrl));
    }
    if (custom.containsKey(schemaUrl)) {
      throw new IllegalArgumentException(
          "schemaUrl is already registered; register each custom facet schema once. Provided"
              + " value: " + schemaUrl);
    }
    String text = read(schema);
    JsonNode tree = SpecSchemas.parseSchema(text, schema.toString(), mapper);
    JsonNode id = tree.get("$id");
    if (id != null && !(id.isString() && id.stringValue().equals(base))) {
      throw new IllegalArgumentException(String.format(
          "a custom facet schema's $id must equal schemaUrl without its fragment (%s), so that"
              + " _schemaURL and $id agree; %s declares %s", base, schema, id));
    }
    for (CustomSchema other : custom.values()) {
      if (other.base().equals(base) && !other.tree().equals(tree)) {
        throw new IllegalArgumentException(String.format(
            "%s is already registered from %s with different content; one schema identity, one"
                + " schema. Provided value: %s", base, other.source(), schema));
      }
    }
    String pointer = fragment == null || fragment.isEmpty() ? "" : fragment;
    if (!pointer.isEmpty() && !isSchema(at(tree, pointer))) {
      throw new IllegalArgumentException(String.format(
          "schemaUrl's fragment must point at a schema inside %s; #%s does not", schema, pointer));
    }
    checkAgainstMetaSchema(tree, schema.toString());
    Map<String, CustomSchema> next = new LinkedHashMap<>(custom);
    next.put(schemaUrl, new CustomSchema(base, schema.toString(), text, tree));
    LineageConformance result = new LineageConformance(spec, next, mapper);
    result.compileOrThrow(location(base, pointer), schema.toString());
    return result;
  }

  /** A copy that also knows Veil's own facets ({@code veil_privacy}, {@code veil_deadLetters}, {@code veil_dpBudget}). */
  public LineageConformance withVeilFacets() {
    LineageConformance c = this;
    for (String name : java.util.List.of(dev.veil.lineage.facets.PrivacyDatasetFacet.CLASS_NAME,
        dev.veil.lineage.facets.DeadLettersRunFacet.CLASS_NAME, dev.veil.lineage.facets.DpBudgetRunFacet.CLASS_NAME)) {
      c = c.withCustomFacetSchema(dev.veil.lineage.facets.VeilFacets.schemaUrl(name).toString(),
          dev.veil.lineage.facets.VeilFacets.schemaResource(name));
    }
    return c;
  }

  /**
   * Validates one event (JSON text); returns the problems, empty when valid. Each problem names
   * the JSON path (e.g. `/outputs/0/facets/columnLineage/fields/email`) and the schema that
   * failed; never throws on invalid input (only on unreadable schemas).
   *
   * @param eventJson one OpenLineage event (run, job or dataset event) as JSON text
   * @return the problems in a stable order: core schema first, then facets in document order
   * @throws NullPointerException if {@code eventJson} is null
   */
  public List<String> validate(String eventJson) {
    Objects.requireNonNull(eventJson, "eventJson");
    Set<String> problems = new LinkedHashSet<>();
    JsonNode event = parse(eventJson, problems);
    if (event == null) {
      return List.copyOf(problems);
    }
    checkCore(event, problems);
    for (Facet facet : FacetLocator.facets(event)) {
      checkFacet(facet, problems);
    }
    return List.copyOf(problems);
  }

  /**
   * Validates any JSON document against one known schema, as is. Use it to check a facet (or the
   * official facet examples, which are facets objects like {@code {"schema": {...}}}) without
   * wrapping it in an event.
   *
   * @param schemaUrl a local {@code $id}, optionally with a JSON Pointer fragment (without one, the
   *     whole file is used, which for a facet file describes a facets object), or a registered
   *     custom facet schema URL
   * @param json the document
   * @return the problems, empty when valid; paths are relative to the document
   * @throws IllegalArgumentException if {@code schemaUrl} names no loaded schema
   */
  public List<String> validateAgainst(String schemaUrl, String json) {
    Objects.requireNonNull(schemaUrl, "schemaUrl");
    Objects.requireNonNull(json, "json");
    String location;
    if (custom.containsKey(schemaUrl)) {
      CustomSchema c = custom.get(schemaUrl);
      location = location(c.base(), fragmentOf(schemaUrl));
    } else {
      Document doc = spec.byId(withoutFragment(schemaUrl)).orElseThrow(() ->
          new IllegalArgumentException(String.format(
              "schemaUrl must be a local $id (optionally with #/json/pointer) or a registered"
                  + " custom facet schema URL; local $ids: %s. Provided value: %s",
              spec.byId().keySet(), schemaUrl)));
      String pointer = fragmentOf(schemaUrl);
      if (!pointer.isEmpty() && !isSchema(at(doc.tree(), pointer))) {
        throw new IllegalArgumentException(String.format(
            "schemaUrl's fragment must point at a schema inside %s. Provided value: %s",
            doc.source(), schemaUrl));
      }
      location = location(doc.id(), pointer);
    }
    Set<String> problems = new LinkedHashSet<>();
    JsonNode node = parse(json, problems);
    if (node != null) {
      report(compiled(location).validate(node), "", problems);
    }
    return List.copyOf(problems);
  }

  /** The spec folder, the core {@code $id}, the number of facet schemas and the custom ones. */
  @Override
  public String toString() {
    return "LineageConformance{specDir=" + spec.dir()
        + ", core=" + spec.core().id()
        + ", facetSchemas=" + spec.facetCount()
        + ", customFacetSchemas=" + custom.keySet()
        + ", formatAssertions=on, offline}";
  }

  // ---------------------------------------------------------------------------------------------

  private void checkCore(JsonNode event, Set<String> problems) {
    List<Error> errors = core.validate(event);
    if (errors.isEmpty()) {
      return;
    }
    // The core schema is a oneOf over the three event types, so its raw errors mix the reasons
    // every type rejected the event. Report the reasons of the type the event is shaped like
    // (the spec tells them apart by "run" and "dataset"), or the oneOf error itself when that type
    // accepts it (e.g. an event that is both a job event and a dataset event).
    String type = event.has("run") ? "RunEvent" : event.has("dataset") ? "DatasetEvent" : "JobEvent";
    List<Error> typeErrors = eventTypes.get(type).validate(event);
    report(typeErrors.isEmpty() ? errors : typeErrors, "", problems);
  }

  private void checkFacet(Facet facet, Set<String> problems) {
    JsonNode node = facet.node();
    if (!node.isObject()) {
      return; // the core schema requires facets to be objects
    }
    if (facet.datasetFacet() && node.path("_deleted").isBoolean()
        && node.path("_deleted").booleanValue()) {
      return; // a deletion marker carries no content
    }
    JsonNode url = node.get("_schemaURL");
    if (url == null || !url.isString()) {
      return; // the core schema requires _schemaURL to be a string (BaseFacet)
    }
    Target target = resolve(url.stringValue());
    if (target.problem() != null) {
      problems.add(facet.path() + "/_schemaURL: " + target.problem());
      return;
    }
    report(compiled(target.location()).validate(node), facet.path(), problems);
  }

  private Target resolve(String schemaUrl) {
    if (custom.containsKey(schemaUrl)) {
      return Target.of(location(custom.get(schemaUrl).base(), fragmentOf(schemaUrl)));
    }
    URI uri;
    try {
      uri = new URI(schemaUrl);
    } catch (URISyntaxException e) {
      return Target.unknown("unknown facet schema: _schemaURL is not a valid URI");
    }
    String base = withoutFragment(schemaUrl);
    Document doc = spec.byId(base).orElse(null);
    if (doc == null) {
      return Target.unknown(unknownSchema(schemaUrl, base));
    }
    String fragment = uri.getFragment();
    String pointer;
    if (fragment == null || fragment.isEmpty()) {
      String property = singleProperty(doc.tree());
      if (property == null) {
        return Target.unknown(String.format(
            "unknown facet schema: %s names a whole schema that is not a facet schema; add a"
                + " fragment such as #/$defs/<Facet>", schemaUrl));
      }
      pointer = "/properties/" + FacetLocator.escape(property);
    } else {
      pointer = fragment;
    }
    if (!pointer.startsWith("/") || !isSchema(at(doc.tree(), pointer))) {
      return Target.unknown(String.format(
          "unknown facet schema: %s has no definition at #%s (%s defines %s)",
          doc.id(), fragment, doc.source(), doc.tree().path("$defs").propertyNames()));
    }
    return Target.of(location(doc.id(), pointer));
  }

  private String unknownSchema(String schemaUrl, String base) {
    if (!base.startsWith(OPENLINEAGE_SPEC_PREFIX)) {
      return String.format(
          "unknown facet schema: %s is neither the $id of a local OpenLineage schema nor a"
              + " registered custom facet schema; register it with withCustomFacetSchema",
          schemaUrl);
    }
    String fileName = base.substring(base.lastIndexOf('/') + 1);
    String hint = spec.facetFile(fileName)
        .map(d -> "the local " + SpecSchemas.FACETS_DIR + "/" + fileName + " has $id " + d.id()
            + "; emit that version or update the spec files")
        .orElse("no local facet file is named " + fileName);
    return String.format(
        "unknown facet schema: %s is not the $id of any local OpenLineage schema (%s)",
        schemaUrl, hint);
  }

  private void report(List<Error> errors, String pathPrefix, Set<String> problems) {
    for (Error error : errors) {
      String path = pathPrefix + error.getInstanceLocation().toString();
      problems.add((path.isEmpty() ? ROOT : path) + ": " + error.getMessage()
          + " [schema: " + error.getSchemaLocation() + "]");
    }
  }

  private JsonNode parse(String json, Set<String> problems) {
    JsonNode node;
    try {
      node = mapper.readTree(json);
    } catch (JacksonException e) {
      // The parser's own message can quote the input; report the position only.
      problems.add(String.format("%s: not a well-formed JSON document (malformed syntax, trailing"
              + " content or a duplicate key) at line %d, column %d", ROOT,
          e.getLocation() == null ? -1 : e.getLocation().getLineNr(),
          e.getLocation() == null ? -1 : e.getLocation().getColumnNr()));
      return null;
    }
    if (node == null || node.isMissingNode()) {
      problems.add(ROOT + ": empty document; expected one JSON object");
      return null;
    }
    return node;
  }

  private Schema compiled(String location) {
    return compiled.computeIfAbsent(location, l -> {
      Schema schema = registry.getSchema(SchemaLocation.of(l));
      schema.initializeValidators();
      return schema;
    });
  }

  private Schema compileOrThrow(String location, String source) {
    try {
      return compiled(location);
    } catch (SchemaException e) {
      throw new IllegalArgumentException(String.format(
          "%s cannot be compiled at %s (a $ref to a schema that is neither local nor registered?):"
              + " %s", source, location, e.getMessage()), e);
    }
  }

  private void checkAgainstMetaSchema(JsonNode schema, String source) {
    String dialect = schema.path("$schema").isString()
        ? schema.path("$schema").stringValue()
        : SpecificationVersion.DRAFT_2020_12.getDialectId();
    List<Error> errors;
    try {
      errors = compiled(dialect).validate(schema);
    } catch (SchemaException e) {
      throw new IllegalArgumentException(String.format(
          "%s declares $schema %s, which is not a JSON Schema dialect this validator knows",
          source, dialect), e);
    }
    if (!errors.isEmpty()) {
      Set<String> problems = new LinkedHashSet<>();
      report(errors, "", problems);
      throw new IllegalArgumentException(String.format(
          "%s is not a valid JSON Schema (%s): %s", source, dialect, problems));
    }
  }

  private static JsonMapper newMapper() {
    try {
      return JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
    } catch (LinkageError e) {
      throw new IllegalStateException("json-schema-validator 3.x runs on Jackson 3"
          + " (tools.jackson 3.1), which needs com.fasterxml.jackson.core:jackson-annotations"
          + " 2.21 or newer; the classpath has an older one (jackson-annotations is managed by the"
          + " Jackson 2 BOM). Pin jackson-annotations to 2.21 in the module that validates.", e);
    }
  }

  private static String read(URL schema) {
    try (InputStream in = schema.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read custom facet schema " + schema, e);
    }
  }

  private static URI parseAbsolute(String schemaUrl) {
    try {
      URI uri = new URI(schemaUrl);
      if (!uri.isAbsolute()) {
        throw new IllegalArgumentException(
            "schemaUrl must be an absolute URI like https://example.com/spec/facets/1-0-0/"
                + "MyRunFacet.json#/$defs/MyRunFacet. Provided value: " + schemaUrl);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "schemaUrl must be a valid absolute URI. Provided value: " + schemaUrl, e);
    }
  }

  private static String withoutFragment(String url) {
    int hash = url.indexOf('#');
    return hash < 0 ? url : url.substring(0, hash);
  }

  /** The fragment of a URL as a JSON Pointer ("" for none). */
  private static String fragmentOf(String url) {
    int hash = url.indexOf('#');
    return hash < 0 ? "" : url.substring(hash + 1);
  }

  private static String location(String base, String pointer) {
    return pointer.isEmpty() ? base : base + "#" + pointer;
  }

  private static String rootPropertyLocation(String id, String property) {
    return id + "#/properties/" + FacetLocator.escape(property);
  }

  /** The name of the only top-level property of a facet file, or null if there is not one. */
  private static String singleProperty(JsonNode schema) {
    JsonNode properties = schema.path("properties");
    if (!properties.isObject() || properties.size() != 1) {
      return null;
    }
    return properties.propertyNames().iterator().next();
  }

  private static boolean isSchema(JsonNode node) {
    return node.isObject() || node.isBoolean();
  }

  /** The node a JSON Pointer selects, or a missing node if the pointer is malformed. */
  private static JsonNode at(JsonNode tree, String pointer) {
    try {
      return tree.at(JsonPointer.compile(pointer));
    } catch (IllegalArgumentException e) {
      return MissingNode.getInstance();
    }
  }
}
