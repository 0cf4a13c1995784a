package dev.veil.lineage.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.SpecException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageConfigTest {
  private static final String SECRET = "sk-live-0123456789abcdef";

  @TempDir Path tmp;
  private Path work;
  private Path home;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void dirs() throws IOException {
    work = Files.createDirectories(tmp.resolve("work"));
    home = Files.createDirectories(tmp.resolve("home"));
  }

  private Path write(Path file, String yaml) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, yaml);
  }

  private Optional<LineageConfig> load() {
    return LineageConfig.load(Optional.empty(), env, work, home);
  }

  private LineageConfig load(Path explicit) {
    return LineageConfig.load(Optional.of(explicit), env, work, home).orElseThrow();
  }

  private SpecException loadFails(Path explicit) {
    return assertThrows(
        SpecException.class, () -> LineageConfig.load(Optional.of(explicit), env, work, home));
  }

  // --- Parsing each transport type ---------------------------------------------------------------

  @Test
  void http_fullOpenLineageSyntax_parsesEverySetting() throws IOException {
    Path file =
        write(
            tmp.resolve("ol.yml"),
            "transport:\n"
                + "  type: http\n"
                + "  url: http://marquez:5000\n"
                + "  endpoint: /api/v1/lineage\n"
                + "  timeoutInMillis: 2500\n"
                + "  connectTimeoutInMillis: 1000\n"
                + "  auth:\n"
                + "    type: api_key\n"
                + "    apiKey: " + SECRET + "\n"
                + "  retry:\n"
                + "    maxAttempts: 5\n"
                + "    initialBackoffInMillis: 100\n"
                + "    deadlineInMillis: 20000\n"
                + "spool:\n"
                + "  dir: spool-here\n"
                + "  strict: true\n");

    LineageConfig config = load(file);

    assertEquals(LineageConfig.TransportType.HTTP, config.transportType());
    HttpConfig http = config.http().orElseThrow();
    assertEquals(URI.create("http://marquez:5000/api/v1/lineage"), http.targetUri());
    assertEquals(Duration.ofMillis(2500), http.requestTimeout());
    assertEquals(Duration.ofMillis(1000), http.connectTimeout());
    assertEquals(5, http.maxAttempts());
    assertEquals(Duration.ofMillis(100), http.initialBackoff());
    assertEquals(Duration.ofSeconds(20), http.deadline());
    assertEquals(Optional.of(SECRET), http.apiKey());
    assertEquals(Optional.of(work.resolve("spool-here")), config.spoolDir());
    assertTrue(config.strict());
    assertEquals("file " + file, config.source());
  }

  @Test
  void http_minimal_usesDefaultsAndDefaultSpoolDirUnderHome() throws IOException {
    Path file = write(tmp.resolve("ol.yml"), "transport:\n  type: HTTP\n  url: https://ol.example.com/\n");

    LineageConfig config = load(file);

    HttpConfig http = config.http().orElseThrow();
    assertEquals(URI.create("https://ol.example.com/api/v1/lineage"), http.targetUri());
    assertFalse(http.hasApiKey());
    assertEquals(HttpConfig.DEFAULT_REQUEST_TIMEOUT, http.requestTimeout());
    assertEquals(HttpConfig.DEFAULT_MAX_ATTEMPTS, http.maxAttempts());
    assertEquals(HttpConfig.DEFAULT_DEADLINE, http.deadline());
    assertEquals(Optional.of(home.resolve(".veil/lineage-spool")), config.spoolDir());
    assertFalse(config.strict());
  }

  @Test
  void http_pythonClientSpellingOfApiKey_isAccepted() throws IOException {
    Path file =
        write(
            tmp.resolve("ol.yml"),
            "transport:\n  type: http\n  url: http://h:5000\n  auth:\n    type: api_key\n    api_key: " + SECRET + "\n");

    assertEquals(Optional.of(SECRET), load(file).http().orElseThrow().apiKey());
  }

  @Test
  void http_longRequestTimeoutWithoutDeadline_deadlineAllowsOneFullAttempt() throws IOException {
    Path file = write(tmp.resolve("ol.yml"), "transport: {type: http, url: 'http://h:1', timeoutInMillis: 60000}\n");

    assertEquals(Duration.ofSeconds(60), load(file).http().orElseThrow().deadline());
  }

  @Test
  void file_locationRelativeAndHome_resolvedAgainstWorkingAndHomeDir() throws IOException {
    Path relative = write(tmp.resolve("a.yml"), "transport:\n  type: file\n  location: out/events.jsonl\n");
    Path tilde = write(tmp.resolve("b.yml"), "transport:\n  type: file\n  location: ~/lineage/events.jsonl\n");

    LineageConfig a = load(relative);
    LineageConfig b = load(tilde);

    assertEquals(LineageConfig.TransportType.FILE, a.transportType());
    assertEquals(Optional.of(work.resolve("out/events.jsonl")), a.fileLocation());
    assertEquals(Optional.of(home.resolve("lineage/events.jsonl")), b.fileLocation());
    assertEquals(Optional.empty(), a.spoolDir());
  }

  @Test
  void file_withSpoolSection_isSpooled() throws IOException {
    Path file =
        write(tmp.resolve("ol.yml"), "transport: {type: file, location: /tmp/x.jsonl}\nspool: {strict: false}\n");

    assertEquals(Optional.of(LineageConfig.defaultSpoolDir(home)), load(file).spoolDir());
  }

  @Test
  void console_parses() throws IOException {
    Path file = write(tmp.resolve("ol.yml"), "transport:\n  type: console\n");

    LineageConfig config = load(file);

    assertEquals(LineageConfig.TransportType.CONSOLE, config.transportType());
    assertEquals(Optional.empty(), config.http());
    assertEquals(Optional.empty(), config.spoolDir());
  }

  @Test
  void openLineageSectionsThatDoNotConcernTransport_areIgnored() throws IOException {
    Path file =
        write(
            tmp.resolve("ol.yml"),
            "transport: {type: console}\nfacets:\n  disabled: [spark_unknown]\ncircuitBreaker: {type: simpleMemory}\n");

    assertEquals(LineageConfig.TransportType.CONSOLE, load(file).transportType());
  }

  // --- Search order ---------------------------------------------------------------------------

  @Test
  void noFileAnywhere_isEmpty() {
    assertEquals(Optional.empty(), load());
  }

  @Test
  void workingDirFile_isUsedWhenNoExplicitPathOrEnv() throws IOException {
    write(work.resolve("openlineage.yml"), "transport: {type: console}\n");
    write(home.resolve(".openlineage/openlineage.yml"), "transport: {type: file, location: x}\n");

    assertEquals(LineageConfig.TransportType.CONSOLE, load().orElseThrow().transportType());
  }

  @Test
  void homeDirFile_isTheLastResort() throws IOException {
    write(home.resolve(".openlineage/openlineage.yml"), "transport: {type: file, location: x}\n");

    assertEquals(LineageConfig.TransportType.FILE, load().orElseThrow().transportType());
  }

  @Test
  void openLineageConfigEnv_winsOverWorkingDirFile() throws IOException {
    write(work.resolve("openlineage.yml"), "transport: {type: console}\n");
    Path fromEnv = write(tmp.resolve("elsewhere/ol.yml"), "transport: {type: file, location: y}\n");
    env.put("OPENLINEAGE_CONFIG", fromEnv.toString());

    assertEquals(LineageConfig.TransportType.FILE, load().orElseThrow().transportType());
  }

  @Test
  void explicitPath_winsOverOpenLineageConfigEnv() throws IOException {
    Path explicit = write(tmp.resolve("explicit.yml"), "transport: {type: console}\n");
    Path fromEnv = write(tmp.resolve("env.yml"), "transport: {type: file, location: y}\n");
    env.put("OPENLINEAGE_CONFIG", fromEnv.toString());

    assertEquals(LineageConfig.TransportType.CONSOLE, load(explicit).transportType());
  }

  @Test
  void explicitPathMissing_isAnErrorNamingThePath() {
    Path missing = tmp.resolve("nope.yml");

    SpecException e = loadFails(missing);

    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void openLineageConfigEnvPointingNowhere_isAnErrorNamingTheVariable() {
    env.put("OPENLINEAGE_CONFIG", tmp.resolve("nope.yml").toString());

    SpecException e = assertThrows(SpecException.class, this::load);

    assertTrue(e.getMessage().contains("OPENLINEAGE_CONFIG"), e.getMessage());
  }

  // --- Environment overrides --------------------------------------------------------------------

  @Test
  void openLineageUrl_withoutFile_impliesHttp() {
    env.put("OPENLINEAGE_URL", "http://env-host:5000");
    env.put("OPENLINEAGE_API_KEY", SECRET);
    env.put("OPENLINEAGE_ENDPOINT", "api/v1/custom");

    LineageConfig config = load().orElseThrow();

    assertEquals(LineageConfig.TransportType.HTTP, config.transportType());
    HttpConfig http = config.http().orElseThrow();
    assertEquals(URI.create("http://env-host:5000/api/v1/custom"), http.targetUri());
    assertEquals(Optional.of(SECRET), http.apiKey());
    assertTrue(config.source().contains("OPENLINEAGE_URL"), config.source());
    assertFalse(config.source().contains(SECRET), config.source());
  }

  @Test
  void environment_overridesFileValues() throws IOException {
    write(
        work.resolve("openlineage.yml"),
        "transport:\n  type: http\n  url: http://file-host:5000\n  auth: {type: api_key, api_key: file-key}\n");
    env.put("OPENLINEAGE_URL", "http://env-host:5000");
    env.put("OPENLINEAGE_API_KEY", "env-key");

    HttpConfig http = load().orElseThrow().http().orElseThrow();

    assertEquals(URI.create("http://env-host:5000"), http.url());
    assertEquals(Optional.of("env-key"), http.apiKey());
  }

  @Test
  void dynamicTransportTypeAndLocation_switchFileFromHttpToFile() throws IOException {
    write(work.resolve("openlineage.yml"), "transport: {type: http, url: 'http://h:5000'}\n");
    env.put("OPENLINEAGE__TRANSPORT__TYPE", "file");
    env.put("OPENLINEAGE__TRANSPORT__LOCATION", "/var/lineage/events.jsonl");

    LineageConfig config = load().orElseThrow();

    assertEquals(LineageConfig.TransportType.FILE, config.transportType());
    assertEquals(Optional.of(Path.of("/var/lineage/events.jsonl")), config.fileLocation());
  }

  @Test
  void dynamicVariables_snakeCaseBecomesCamelCase() {
    env.put("OPENLINEAGE__TRANSPORT__TYPE", "http");
    env.put("OPENLINEAGE__TRANSPORT__URL", "http://h:5000");
    env.put("OPENLINEAGE__TRANSPORT__TIMEOUT_IN_MILLIS", "1234");
    env.put("OPENLINEAGE__TRANSPORT__AUTH__TYPE", "api_key");
    env.put("OPENLINEAGE__TRANSPORT__AUTH__API_KEY", SECRET);
    env.put("OPENLINEAGE__SPOOL__STRICT", "true");
    env.put("OPENLINEAGE__SPOOL__DIR", "/srv/spool");

    LineageConfig config = load().orElseThrow();

    HttpConfig http = config.http().orElseThrow();
    assertEquals(Duration.ofMillis(1234), http.requestTimeout());
    assertEquals(Optional.of(SECRET), http.apiKey());
    assertTrue(config.strict());
    assertEquals(Optional.of(Path.of("/srv/spool")), config.spoolDir());
  }

  @Test
  void environmentWithoutTransportAndNoFile_isEmpty() {
    env.put("OPENLINEAGE_API_KEY", SECRET);
    env.put("PATH", "/usr/bin");

    assertEquals(Optional.empty(), load());
  }

  @Test
  void disabled_winsWithoutReadingAnyFile() throws IOException {
    write(work.resolve("openlineage.yml"), "this: is: not: yaml: [");
    env.put("OPENLINEAGE_DISABLED", "TRUE");
    env.put("OPENLINEAGE_URL", "http://h:5000");

    LineageConfig config = load().orElseThrow();

    assertEquals(LineageConfig.TransportType.DISABLED, config.transportType());
  }

  @Test
  void disabledFalse_isIgnoredAndOtherValuesAreErrors() {
    env.put("OPENLINEAGE_DISABLED", "false");
    assertEquals(Optional.empty(), load());

    env.put("OPENLINEAGE_DISABLED", "yes");
    SpecException e = assertThrows(SpecException.class, this::load);
    assertTrue(e.getMessage().contains("OPENLINEAGE_DISABLED"), e.getMessage());
  }

  // --- Errors ---------------------------------------------------------------------------------------

  @Test
  void unknownTransportType_errorNamesFileKeyAndAllowedValues() throws IOException {
    Path file = write(tmp.resolve("ol.yml"), "transport:\n  type: carrier-pigeon\n");

    SpecException e = loadFails(file);

    assertTrue(e.getMessage().startsWith(file + ": transport.type: "), e.getMessage());
    assertTrue(e.getMessage().contains("carrier-pigeon"), e.getMessage());
    assertTrue(e.getMessage().contains("http, file, console"), e.getMessage());
  }

  @Test
  void kafka_isExplicitlyUnsupported() throws IOException {
    Path file = write(tmp.resolve("ol.yml"), "transport:\n  type: kafka\n");

    SpecException e = loadFails(file);

    assertTrue(e.getMessage().contains("transport.type"), e.getMessage());
    assertTrue(e.getMessage().contains("kafka"), e.getMessage());
  }

  @Test
  void badTypeFromEnvironment_errorNamesTheVariable() throws IOException {
    write(work.resolve("openlineage.yml"), "transport: {type: console}\n");
    env.put("OPENLINEAGE__TRANSPORT__TYPE", "smoke-signals");

    SpecException e = assertThrows(SpecException.class, this::load);

    assertTrue(
        e.getMessage().startsWith("environment variable OPENLINEAGE__TRANSPORT__TYPE: transport.type:"),
        e.getMessage());
  }

  @Test
  void malformedYaml_errorNamesFileAndPositionButNotTheText() throws IOException {
    Path file =
        write(
            tmp.resolve("ol.yml"),
            "transport:\n  type: http\n  auth:\n    apiKey: " + SECRET + ": oops\n");

    SpecException e = loadFails(file);

    assertTrue(e.getMessage().startsWith(file + ":4:"), e.getMessage());
    assertTrue(e.getMessage().contains("malformed YAML"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    assertEquals(null, e.getCause());
  }

  @Test
  void duplicateKey_isAnError() throws IOException {
    Path file = write(tmp.resolve("ol.yml"), "transport: {type: console}\ntransport: {type: http}\n");

    SpecException e = loadFails(file);

    assertTrue(e.getMessage().contains("duplicate key 'transport'"), e.getMessage());
  }

  @Test
  void emptyFile_isAnError() throws IOException {
    Path file = write(tmp.resolve("ol.yml"), "");

    assertTrue(loadFails(file).getMessage().contains("empty"));
  }

  @Test
  void unknownKey_errorNamesKeyAndAllowedKeys() throws IOException {
    Path file = write(tmp.resolve("ol.yml"), "transport:\n  type: http\n  url: http://h:1\n  timeoutMillis: 5\n");

    SpecException e = loadFails(file);

    assertTrue(e.getMessage().contains("transport.timeoutMillis"), e.getMessage());
    assertTrue(e.getMessage().contains("timeoutInMillis"), e.getMessage());
  }

  @Test
  void misspelledTopLevelSection_isAnError() throws IOException {
    Path file = write(tmp.resolve("ol.yml"), "transport: {type: console}\nspoool: {dir: x}\n");

    assertTrue(loadFails(file).getMessage().contains("spoool"));
  }

  @Test
  void httpWithoutUrl_errorSaysHowToFix() throws IOException {
    Path file = write(tmp.resolve("ol.yml"), "transport: {type: http}\n");

    SpecException e = loadFails(file);

    assertTrue(e.getMessage().contains("transport.url"), e.getMessage());
    assertTrue(e.getMessage().contains("OPENLINEAGE_URL"), e.getMessage());
  }

  @Test
  void fileWithoutLocation_isAnError() throws IOException {
    Path file = write(tmp.resolve("ol.yml"), "transport: {type: file}\n");

    assertTrue(loadFails(file).getMessage().contains("transport.location"));
  }

  @Test
  void badValues_errorsNameTheKey() throws IOException {
    Map<String, String> cases =
        Map.of(
            "transport: {type: http, url: 'ftp://h'}", "transport.url",
            "transport: {type: http, url: 'http://h', timeoutInMillis: -5}", "transport.timeoutInMillis",
            "transport: {type: http, url: 'http://h', timeoutInMillis: soon}", "transport.timeoutInMillis",
            "transport: {type: http, url: 'http://h', retry: {maxAttempts: 1000}}", "transport.retry.maxAttempts",
            "transport: {type: http, url: 'http://h', auth: {type: oauth, apiKey: k}}", "transport.auth.type",
            "transport: {type: http, url: 'http://h', auth: {type: api_key}}", "transport.auth.apiKey",
            "transport: {type: console}\nspool: {strict: maybe}", "spool.strict",
            "transport: [http]", "transport");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path file = write(tmp.resolve("case.yml"), c.getKey() + "\n");
      SpecException e = loadFails(file);
      assertTrue(
          e.getMessage().startsWith(file + ": " + c.getValue() + ":"),
          "for '" + c.getKey() + "': " + e.getMessage());
    }
  }

  @Test
  void apiKeyWithSpace_errorDoesNotEchoTheKey() throws IOException {
    Path file =
        write(
            tmp.resolve("ol.yml"),
            "transport: {type: http, url: 'http://h', auth: {type: api_key, apiKey: 'abc " + SECRET + "'}}\n");

    SpecException e = loadFails(file);

    assertTrue(e.getMessage().contains("transport.auth.apiKey"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  @Test
  void toString_neverContainsApiKey() throws IOException {
    Path file =
        write(
            tmp.resolve("ol.yml"),
            "transport: {type: http, url: 'http://h', auth: {type: api_key, apiKey: " + SECRET + "}}\n");

    LineageConfig config = load(file);

    assertFalse(config.toString().contains(SECRET), config.toString());
    assertTrue(config.toString().contains("apiKey=set"), config.toString());
  }

  @Test
  void snakeToCamel_convertsEnvironmentSegments() {
    assertEquals("apiKey", LineageConfig.snakeToCamel("API_KEY"));
    assertEquals("type", LineageConfig.snakeToCamel("TYPE"));
    assertEquals("timeoutInMillis", LineageConfig.snakeToCamel("TIMEOUT_IN_MILLIS"));
    assertEquals("timeoutInMillis", LineageConfig.snakeToCamel("timeoutInMillis"));
    assertEquals("apiKey", LineageConfig.snakeToCamel("api_key"));
  }
}
