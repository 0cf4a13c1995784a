package dev.veil.lineage.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.veil.core.error.SpecException;
import dev.veil.core.error.VeilPreconditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where lineage goes, read the way the OpenLineage client reads it: an {@code openlineage.yml}
 * file overridden by {@code OPENLINEAGE_*} environment variables, plus Veil's {@code spool}
 * section.
 *
 * <pre>{@code
 * transport:
 *   type: http                      # http | file | console
 *   url: http://localhost:5000      # http: required
 *   endpoint: /api/v1/lineage       # http: default /api/v1/lineage
 *   timeoutInMillis: 5000           # http: per-attempt request timeout, default 5000
 *   connectTimeoutInMillis: 5000    # http (Veil): default 5000
 *   auth:                           # http: optional
 *     type: api_key
 *     apiKey: ...                   # or api_key, as the Python client spells it
 *   retry:                          # http (Veil): all optional
 *     maxAttempts: 3
 *     initialBackoffInMillis: 200
 *     deadlineInMillis: 15000       # default max(15000, timeoutInMillis)
 *   location: /var/lineage/events.jsonl   # file: required
 * spool:                            # Veil: always used for http, for file/console only if present
 *   dir: ~/.veil/lineage-spool
 *   strict: false
 * }</pre>
 *
 * <p><b>Lookup</b> ({@link #load}): {@code OPENLINEAGE_DISABLED=true} wins and yields {@link
 * TransportType#DISABLED} without reading any file. Otherwise the first of: the explicit path, the
 * file named by {@code OPENLINEAGE_CONFIG}, {@code ./openlineage.yml}, {@code
 * ~/.openlineage/openlineage.yml}. An explicit path or {@code OPENLINEAGE_CONFIG} that does not
 * exist is an error (a silent fallback would send lineage somewhere unexpected); the two default
 * locations are optional. When no file exists and the environment names no transport, the result
 * is empty and the caller uses its embedded default.
 *
 * <p><b>Environment</b>, applied over the file: {@code OPENLINEAGE_URL} (sets {@code type: http}
 * and {@code url}), {@code OPENLINEAGE_API_KEY}, {@code OPENLINEAGE_ENDPOINT}, then the
 * OpenLineage client's dynamic variables, {@code OPENLINEAGE__<SECTION>__<KEY>} with {@code __}
 * between levels and snake case turned into camel case: {@code OPENLINEAGE__TRANSPORT__TYPE},
 * {@code OPENLINEAGE__TRANSPORT__LOCATION}, {@code OPENLINEAGE__TRANSPORT__AUTH__API_KEY}, {@code
 * OPENLINEAGE__SPOOL__STRICT}, and so on. Values are taken as written.
 *
 * <p><b>Errors</b> are {@link SpecException}s that name the file or environment variable, the key
 * and what is allowed. They never contain the API key, and for malformed YAML only the position and
 * the parser's problem, not the offending text. Sections of the OpenLineage client that do not
 * concern transport ({@code facets}, {@code circuitBreaker}, {@code metrics}, {@code dataset},
 * {@code job}, {@code run}) are accepted and ignored; any other unknown key is an error.
 *
 * <p>Relative paths ({@code location}, {@code spool.dir}) resolve against the working directory;
 * a leading {@code ~/} against the home directory.
 *
 * <p>Thread-safety: immutable. {@link #toString()} shows the API key only as set or not set.
 */
public final class LineageConfig {

  /** The transports Veil supports. Kafka is not one: no Kafka client is bundled. */
  public enum TransportType {
    HTTP,
    FILE,
    CONSOLE,
    /** {@code OPENLINEAGE_DISABLED=true}: events are dropped. */
    DISABLED;

    /** The name used in {@code openlineage.yml}. */
    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String FILE_NAME = "openlineage.yml";
  public static final String ENV_CONFIG = "OPENLINEAGE_CONFIG";
  public static final String ENV_DISABLED = "OPENLINEAGE_DISABLED";
  public static final String ENV_URL = "OPENLINEAGE_URL";
  public static final String ENV_API_KEY = "OPENLINEAGE_API_KEY";
  public static final String ENV_ENDPOINT = "OPENLINEAGE_ENDPOINT";
  /** Prefix of the dynamic variables, for example {@code OPENLINEAGE__TRANSPORT__TYPE}. */
  public static final String ENV_DYNAMIC_PREFIX = "OPENLINEAGE__";

  private static final List<String> ROOT_KEYS = List.of("transport", "spool");
  private static final Set<String> IGNORED_OPENLINEAGE_SECTIONS =
      Set.of("facets", "circuitBreaker", "metrics", "dataset", "job", "run");
  private static final List<String> TRANSPORT_KEYS =
      List.of(
          "type", "url", "endpoint", "auth", "timeoutInMillis", "connectTimeoutInMillis", "retry",
          "location");
  private static final List<String> AUTH_KEYS = List.of("type", "apiKey", "api_key");
  private static final List<String> RETRY_KEYS =
      List.of("maxAttempts", "initialBackoffInMillis", "deadlineInMillis");
  private static final List<String> SPOOL_KEYS = List.of("dir", "strict");

  private final TransportType type;
  private final Optional<HttpConfig> http;
  private final Optional<Path> fileLocation;
  private final Optional<Path> spoolDir;
  private final boolean strict;
  private final String source;

  private LineageConfig(
      TransportType type,
      Optional<HttpConfig> http,
      Optional<Path> fileLocation,
      Optional<Path> spoolDir,
      boolean strict,
      String source) {
    this.type = type;
    this.http = http;
    this.fileLocation = fileLocation;
    this.spoolDir = spoolDir;
    this.strict = strict;
    this.source = source;
  }

  /**
   * {@link #load(Optional, Map, Path, Path)} with the process's working directory and {@code
   * user.home}. Production code passes {@code System.getenv()}.
   */
  public static Optional<LineageConfig> load(Optional<Path> explicitFile, Map<String, String> env) {
    return load(
        explicitFile,
        env,
        Path.of("").toAbsolutePath(),
        Path.of(System.getProperty("user.home")));
  }

  /**
   * Finds and reads the configuration (see the class documentation for the order).
   *
   * @param explicitFile a file named by the user (for example on the command line), or empty
   * @param env the environment; tests pass their own map
   * @param workingDir where {@code ./openlineage.yml} is looked for and relative paths resolve
   * @param homeDir where {@code ~/.openlineage/openlineage.yml} is looked for and {@code ~} points
   * @return empty when no file exists and the environment configures no transport
   * @throws SpecException when a file is missing, unreadable or malformed, or a value is invalid
   */
  public static Optional<LineageConfig> load(
      Optional<Path> explicitFile, Map<String, String> env, Path workingDir, Path homeDir) {
    VeilPreconditions.checkNotNull(explicitFile, "explicitFile");
    VeilPreconditions.checkNotNull(env, "env");
    VeilPreconditions.checkNotNull(workingDir, "workingDir");
    VeilPreconditions.checkNotNull(homeDir, "homeDir");

    String disabled = env.getOrDefault(ENV_DISABLED, "").trim();
    if (disabled.equalsIgnoreCase("true")) {
      return Optional.of(
          new LineageConfig(
              TransportType.DISABLED, Optional.empty(), Optional.empty(), Optional.empty(), false,
              "environment variable " + ENV_DISABLED));
    }
    if (!disabled.isEmpty() && !disabled.equalsIgnoreCase("false")) {
      throw new SpecException(
          "environment variable "
              + ENV_DISABLED
              + ": must be 'true' or 'false'. Provided value: '"
              + disabled
              + "'");
    }

    Optional<Path> file = locate(explicitFile, env, workingDir, homeDir);
    ObjectNode root;
    String fileOrigin;
    if (file.isPresent()) {
      fileOrigin = file.get().toString();
      root = readYaml(file.get());
    } else {
      fileOrigin = "environment variables";
      root = JsonNodeFactory.instance.objectNode();
    }
    Origins origins = new Origins(fileOrigin);
    List<String> overriddenBy = applyEnvironment(root, env, origins);

    JsonNode transportType = root.path("transport").path("type");
    if (file.isEmpty() && transportType.isMissingNode()) {
      return Optional.empty();
    }
    String source =
        (file.isPresent() ? "file " + file.get() : "environment")
            + (overriddenBy.isEmpty() ? "" : " with overrides from " + String.join(", ", overriddenBy));
    return Optional.of(new Parser(origins, workingDir, homeDir).parse(root, source));
  }

  /** {@code <homeDir>/.veil/lineage-spool}, the spool directory unless {@code spool.dir} is set. */
  public static Path defaultSpoolDir(Path homeDir) {
    return homeDir.resolve(".veil").resolve("lineage-spool");
  }

  public TransportType transportType() {
    return type;
  }

  /** Present exactly for {@link TransportType#HTTP}. */
  public Optional<HttpConfig> http() {
    return http;
  }

  /** Present exactly for {@link TransportType#FILE}: the JSON-lines file. */
  public Optional<Path> fileLocation() {
    return fileLocation;
  }

  /**
   * The spool directory when events go through a {@link SpoolingTransport}: always for HTTP
   * (default {@link #defaultSpoolDir}), for file and console only when a {@code spool} section is
   * configured.
   */
  public Optional<Path> spoolDir() {
    return spoolDir;
  }

  /** Whether a failed delivery fails the pipeline ({@code spool.strict}, default false). */
  public boolean strict() {
    return strict;
  }

  /** Where this configuration came from: file path and names (not values) of overriding variables. */
  public String source() {
    return source;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LineageConfig)) {
      return false;
    }
    LineageConfig that = (LineageConfig) o;
    return strict == that.strict
        && type == that.type
        && http.equals(that.http)
        && fileLocation.equals(that.fileLocation)
        && spoolDir.equals(that.spoolDir)
        && source.equals(that.source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, http, fileLocation, spoolDir, strict, source);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("LineageConfig{type=").append(type.yamlName());
    http.ifPresent(h -> s.append(", http=").append(h));
    fileLocation.ifPresent(f -> s.append(", location=").append(f));
    spoolDir.ifPresent(d -> s.append(", spoolDir=").append(d).append(", strict=").append(strict));
    return s.append(", source=").append(source).append('}').toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Locating and reading

  private static Optional<Path> locate(
      Optional<Path> explicitFile, Map<String, String> env, Path workingDir, Path homeDir) {
    if (explicitFile.isPresent()) {
      Path p = workingDir.resolve(explicitFile.get());
      if (!Files.isRegularFile(p)) {
        throw new SpecException(
            p + ": lineage configuration file not found. Check the path, or omit it to use "
                + ENV_CONFIG + ", ./" + FILE_NAME + " or ~/.openlineage/" + FILE_NAME + ".");
      }
      return Optional.of(p);
    }
    String fromEnv = env.getOrDefault(ENV_CONFIG, "").trim();
    if (!fromEnv.isEmpty()) {
      Path p;
      try {
        p = workingDir.resolve(expandHome(fromEnv, homeDir));
      } catch (InvalidPathException e) {
        throw new SpecException(
            "environment variable " + ENV_CONFIG + ": not a valid path. Provided value: '" + fromEnv + "'");
      }
      if (!Files.isRegularFile(p)) {
        throw new SpecException(
            "environment variable " + ENV_CONFIG + ": file " + p + " not found. Fix the path or unset "
                + ENV_CONFIG + ".");
      }
      return Optional.of(p);
    }
    for (Path p :
        List.of(
            workingDir.resolve(FILE_NAME), homeDir.resolve(".openlineage").resolve(FILE_NAME))) {
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static ObjectNode readYaml(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new SpecException(file + ": cannot read the lineage configuration: " + e, e);
    }
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    JsonNode node;
    try {
      node = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      // Parser messages quote the offending text, which may be the API key: report only the
      // position and the problem, and do not chain the exception.
      throw new SpecException(file + yamlErrorPosition(e) + ": malformed YAML: " + yamlProblem(e));
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw new SpecException(
          file + ": the file is empty. Expected a mapping with a 'transport' section, for example"
              + " 'transport: {type: http, url: http://localhost:5000}'.");
    }
    if (!node.isObject()) {
      throw new SpecException(
          file + ": the top level must be a mapping with a 'transport' section. Found: "
              + describeKind(node));
    }
    return (ObjectNode) node;
  }

  private static String yamlErrorPosition(JsonProcessingException e) {
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException) {
      org.yaml.snakeyaml.error.Mark mark =
          ((org.yaml.snakeyaml.error.MarkedYAMLException) e.getCause()).getProblemMark();
      if (mark != null) {
        return ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
      }
    }
    if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
      return ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
    }
    return "";
  }

  private static String yamlProblem(JsonProcessingException e) {
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException) {
      org.yaml.snakeyaml.error.MarkedYAMLException m =
          (org.yaml.snakeyaml.error.MarkedYAMLException) e.getCause();
      String context = m.getContext() == null ? "" : m.getContext() + ": ";
      return context + m.getProblem();
    }
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("Duplicate field")) {
      return message.replace("Duplicate field", "duplicate key");
    }
    return e.getClass().getSimpleName();
  }

  // ---------------------------------------------------------------------------------------------
  // Environment

  /** Where each key path's value came from, for error messages. */
  private static final class Origins {
    private final String file;
    private final Map<String, String> byPath = new LinkedHashMap<>();

    Origins(String file) {
      this.file = file;
    }

    void set(String path, String origin) {
      byPath.put(path, origin);
    }

    /** The origin of {@code path}, else of its nearest ancestor, else the file. */
    String of(String path) {
      String p = path;
      while (true) {
        String o = byPath.get(p);
        if (o != null) {
          return o;
        }
        int dot = p.lastIndexOf('.');
        if (dot < 0) {
          return file;
        }
        p = p.substring(0, dot);
      }
    }
  }

  /** Applies the variables to {@code root}; returns the names of those applied. */
  private static List<String> applyEnvironment(
      ObjectNode root, Map<String, String> env, Origins origins) {
    List<String> applied = new ArrayList<>();
    String url = env.get(ENV_URL);
    if (url != null && !url.isBlank()) {
      set(root, List.of("transport", "type"), "http", ENV_URL, origins);
      set(root, List.of("transport", "url"), url.trim(), ENV_URL, origins);
      applied.add(ENV_URL);
    }
    String apiKey = env.get(ENV_API_KEY);
    if (apiKey != null && !apiKey.isBlank()) {
      set(root, List.of("transport", "auth", "type"), "api_key", ENV_API_KEY, origins);
      set(root, List.of("transport", "auth", "apiKey"), apiKey.trim(), ENV_API_KEY, origins);
      applied.add(ENV_API_KEY);
    }
    String endpoint = env.get(ENV_ENDPOINT);
    if (endpoint != null && !endpoint.isBlank()) {
      set(root, List.of("transport", "endpoint"), endpoint.trim(), ENV_ENDPOINT, origins);
      applied.add(ENV_ENDPOINT);
    }
    // Sorted, so that the result does not depend on the map's iteration order.
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(ENV_DYNAMIC_PREFIX) || e.getValue() == null) {
        continue;
      }
      String[] parts = name.substring(ENV_DYNAMIC_PREFIX.length()).split("__", -1);
      List<String> path = new ArrayList<>();
      for (String part : parts) {
        if (part.isEmpty()) {
          throw new SpecException(
              "environment variable " + name + ": empty section name. Use "
                  + ENV_DYNAMIC_PREFIX + "<SECTION>__<KEY>, for example OPENLINEAGE__TRANSPORT__TYPE.");
        }
        path.add(snakeToCamel(part));
      }
      set(root, path, e.getValue().trim(), name, origins);
      applied.add(name);
    }
    return applied;
  }

  private static void set(
      ObjectNode root, List<String> path, String value, String envName, Origins origins) {
    ObjectNode node = root;
    StringBuilder dotted = new StringBuilder();
    for (int i = 0; i < path.size() - 1; i++) {
      String key = path.get(i);
      dotted.append(dotted.length() == 0 ? "" : ".").append(key);
      JsonNode child = node.get(key);
      if (child == null || child.isNull()) {
        child = node.putObject(key);
      } else if (!child.isObject()) {
        throw new SpecException(
            "environment variable " + envName + ": cannot set a key inside '" + dotted + "', which "
                + origins.of(dotted.toString()) + " sets to " + describeKind(child) + ".");
      }
      node = (ObjectNode) child;
    }
    String key = path.get(path.size() - 1);
    // The variable replaces the key in either spelling (api_key / apiKey).
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String existing = names.next();
      if (!existing.equals(key) && snakeToCamel(existing).equals(key)) {
        names.remove();
      }
    }
    node.put(key, value);
    dotted.append(dotted.length() == 0 ? "" : ".").append(key);
    origins.set(dotted.toString(), "environment variable " + envName);
  }

  /** {@code API_KEY} and {@code api_key} become {@code apiKey}; {@code TYPE} becomes {@code type}. */
  static String snakeToCamel(String name) {
    if (!name.contains("_") && !name.equals(name.toUpperCase(Locale.ROOT))) {
      return name; // already camel case, as in a YAML file
    }
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '_') {
        upper = out.length() > 0;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  static Path expandHome(String path, Path homeDir) {
    if (path.equals("~")) {
      return homeDir;
    }
    if (path.startsWith("~/") || path.startsWith("~\\")) {
      return homeDir.resolve(path.substring(2));
    }
    return Path.of(path);
  }

  private static String describeKind(JsonNode node) {
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isNull()) {
      return "null";
    }
    return "a " + node.getNodeType().name().toLowerCase(Locale.ROOT) + " value";
  }

  // ---------------------------------------------------------------------------------------------
  // Validation

  private static final class Parser {
    private final Origins origins;
    private final Path workingDir;
    private final Path homeDir;

    Parser(Origins origins, Path workingDir, Path homeDir) {
      this.origins = origins;
      this.workingDir = workingDir;
      this.homeDir = homeDir;
    }

    LineageConfig parse(ObjectNode root, String source) {
      checkKeys(root, "", ROOT_KEYS, IGNORED_OPENLINEAGE_SECTIONS);
      ObjectNode transport = mapping(root, "transport", true).orElseThrow();
      checkKeys(transport, "transport", TRANSPORT_KEYS, Set.of());
      String typeName = string(transport, "transport.type", true).orElseThrow();
      TransportType type = transportType(typeName);

      Optional<ObjectNode> spool = mapping(root, "spool", false);
      spool.ifPresent(s -> checkKeys(s, "spool", SPOOL_KEYS, Set.of()));
      boolean strict = spool.flatMap(s -> bool(s, "spool.strict")).orElse(false);
      Optional<Path> configuredSpoolDir =
          spool.flatMap(s -> string(s, "spool.dir", false)).map(d -> path(d, "spool.dir"));

      switch (type) {
        case HTTP:
          return new LineageConfig(
              type,
              Optional.of(http(transport)),
              Optional.empty(),
              Optional.of(configuredSpoolDir.orElse(defaultSpoolDir(homeDir))),
              strict,
              source);
        case FILE:
          String location =
              string(transport, "transport.location", false)
                  .orElseThrow(
                      () ->
                          error(
                              "transport.location",
                              "is required when transport.type is 'file'. Add"
                                  + " 'location: /path/to/events.jsonl'"));
          return new LineageConfig(
              type,
              Optional.empty(),
              Optional.of(path(location, "transport.location")),
              spool.isPresent()
                  ? Optional.of(configuredSpoolDir.orElse(defaultSpoolDir(homeDir)))
                  : Optional.empty(),
              strict,
              source);
        case CONSOLE:
          return new LineageConfig(
              type,
              Optional.empty(),
              Optional.empty(),
              spool.isPresent()
                  ? Optional.of(configuredSpoolDir.orElse(defaultSpoolDir(homeDir)))
                  : Optional.empty(),
              strict,
              source);
        default:
          throw new IllegalStateException("unreachable: " + type);
      }
    }

    private TransportType transportType(String name) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      switch (n) {
        case "http":
          return TransportType.HTTP;
        case "file":
          return TransportType.FILE;
        case "console":
          return TransportType.CONSOLE;
        case "kafka":
          throw error(
              "transport.type",
              "'kafka' is not supported by Veil (no Kafka client is bundled). Allowed values: http,"
                  + " file, console");
        default:
          throw error(
              "transport.type",
              "unknown transport type '" + name + "'. Allowed values: http, file, console");
      }
    }

    private HttpConfig http(ObjectNode transport) {
      String url =
          string(transport, "transport.url", false)
              .orElseThrow(
                  () ->
                      error(
                          "transport.url",
                          "is required when transport.type is 'http'. Add 'url:"
                              + " http://host:5000' or set " + ENV_URL));
      HttpConfig config = build("transport.url", () -> HttpConfig.of(url));
      Optional<String> endpoint = string(transport, "transport.endpoint", false);
      if (endpoint.isPresent()) {
        HttpConfig c = config;
        config = build("transport.endpoint", () -> c.withEndpoint(endpoint.get()));
      }
      Optional<Long> timeout = positiveLong(transport, "transport.timeoutInMillis");
      if (timeout.isPresent()) {
        HttpConfig c = config;
        config = build("transport.timeoutInMillis", () -> c.withRequestTimeout(Duration.ofMillis(timeout.get())));
      }
      Optional<Long> connect = positiveLong(transport, "transport.connectTimeoutInMillis");
      if (connect.isPresent()) {
        HttpConfig c = config;
        config = build("transport.connectTimeoutInMillis", () -> c.withConnectTimeout(Duration.ofMillis(connect.get())));
      }
      Optional<ObjectNode> auth = mapping(transport, "transport.auth", false);
      if (auth.isPresent()) {
        config = withAuth(config, auth.get());
      }
      Optional<Long> deadline = Optional.empty();
      Optional<ObjectNode> retry = mapping(transport, "transport.retry", false);
      if (retry.isPresent()) {
        checkKeys(retry.get(), "transport.retry", RETRY_KEYS, Set.of());
        Optional<Long> attempts = positiveLong(retry.get(), "transport.retry.maxAttempts");
        if (attempts.isPresent()) {
          HttpConfig c = config;
          config =
              build(
                  "transport.retry.maxAttempts",
                  () -> c.withMaxAttempts((int) Math.min(attempts.get(), Integer.MAX_VALUE)));
        }
        Optional<Long> backoff = positiveLong(retry.get(), "transport.retry.initialBackoffInMillis");
        if (backoff.isPresent()) {
          HttpConfig c = config;
          config =
              build(
                  "transport.retry.initialBackoffInMillis",
                  () -> c.withInitialBackoff(Duration.ofMillis(backoff.get())));
        }
        deadline = positiveLong(retry.get(), "transport.retry.deadlineInMillis");
      }
      HttpConfig c = config;
      Duration effectiveDeadline =
          deadline
              .map(Duration::ofMillis)
              .orElse(
                  c.requestTimeout().compareTo(HttpConfig.DEFAULT_DEADLINE) > 0
                      ? c.requestTimeout()
                      : HttpConfig.DEFAULT_DEADLINE);
      return build("transport.retry.deadlineInMillis", () -> c.withDeadline(effectiveDeadline));
    }

    private HttpConfig withAuth(HttpConfig config, ObjectNode auth) {
      checkKeys(auth, "transport.auth", AUTH_KEYS, Set.of());
      String authType = string(auth, "transport.auth.type", true).orElseThrow();
      if (!authType.trim().equalsIgnoreCase("api_key")) {
        throw error(
            "transport.auth.type",
            "unsupported auth type '" + authType + "'. Allowed values: api_key");
      }
      if (auth.has("apiKey") && auth.has("api_key")) {
        throw error("transport.auth", "sets both 'apiKey' and 'api_key'. Keep one");
      }
      String keyName = auth.has("api_key") ? "api_key" : "apiKey";
      JsonNode key = auth.get(keyName);
      if (key == null || !key.isTextual() || key.asText().isBlank()) {
        throw error(
            "transport.auth." + keyName,
            "is required when transport.auth.type is 'api_key' and must be a non-empty string");
      }
      try {
        return config.withApiKey(key.asText());
      } catch (IllegalArgumentException e) {
        throw error("transport.auth." + keyName, e.getMessage()); // the message omits the key
      }
    }

    private interface Builder {
      HttpConfig build();
    }

    private HttpConfig build(String key, Builder builder) {
      try {
        return builder.build();
      } catch (IllegalArgumentException e) {
        throw error(key, e.getMessage());
      }
    }

    private Path path(String value, String key) {
      try {
        return workingDir.resolve(expandHome(value.trim(), homeDir)).normalize();
      } catch (InvalidPathException e) {
        throw error(key, "is not a valid path. Provided value: '" + value + "'");
      }
    }

    private void checkKeys(ObjectNode node, String at, List<String> allowed, Set<String> ignored) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!allowed.contains(name) && !ignored.contains(name)) {
          String key = at.isEmpty() ? name : at + "." + name;
          List<String> all = new ArrayList<>(allowed);
          all.addAll(new java.util.TreeSet<>(ignored));
          throw error(key, "unknown key '" + name + "'. Allowed keys" + (at.isEmpty() ? "" : " in '" + at + "'") + ": " + String.join(", ", all));
        }
      }
    }

    private Optional<ObjectNode> mapping(ObjectNode parent, String key, boolean required) {
      JsonNode node = parent.get(lastSegment(key));
      if (node == null || node.isNull()) {
        if (required) {
          throw error(
              key,
              "is required. Add for example 'transport: {type: http, url: http://localhost:5000}'");
        }
        return Optional.empty();
      }
      if (!node.isObject()) {
        throw error(key, "must be a mapping. Found: " + describeKind(node));
      }
      return Optional.of((ObjectNode) node);
    }

    private Optional<String> string(ObjectNode parent, String key, boolean required) {
      JsonNode node = parent.get(lastSegment(key));
      if (node == null || node.isNull()) {
        if (required) {
          throw error(key, "is required");
        }
        return Optional.empty();
      }
      if (!node.isValueNode() || node.asText().isBlank()) {
        throw error(key, "must be a non-empty string. Found: " + describeKind(node));
      }
      return Optional.of(node.asText());
    }

    private Optional<Boolean> bool(ObjectNode parent, String key) {
      JsonNode node = parent.get(lastSegment(key));
      if (node == null || node.isNull()) {
        return Optional.empty();
      }
      if (node.isBoolean()) {
        return Optional.of(node.booleanValue());
      }
      String text = node.isTextual() ? node.asText().trim() : "";
      if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
        return Optional.of(Boolean.parseBoolean(text));
      }
      throw error(key, "must be true or false. Provided value: " + node);
    }

    private Optional<Long> positiveLong(ObjectNode parent, String key) {
      JsonNode node = parent.get(lastSegment(key));
      if (node == null || node.isNull()) {
        return Optional.empty();
      }
      long value;
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        value = node.longValue();
      } else if (node.isTextual() && node.asText().trim().matches("\\d{1,18}")) {
        value = Long.parseLong(node.asText().trim());
      } else {
        throw error(key, "must be a positive whole number. Provided value: " + node);
      }
      if (value <= 0) {
        throw error(key, "must be a positive whole number. Provided value: " + value);
      }
      return Optional.of(value);
    }

    private SpecException error(String key, String problem) {
      return new SpecException(origins.of(key) + ": " + key + ": " + problem + ".");
    }

    private static String lastSegment(String key) {
      return key.substring(key.lastIndexOf('.') + 1);
    }
  }
}
