package dev.veil.lineage.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageTransportsTest {
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

  private Optional<LineageTransport> fromConfig() {
    return LineageTransports.fromConfig(Optional.empty(), env, work, home);
  }

  @Test
  void noConfiguration_isEmptySoCallerUsesEmbeddedDefault() {
    assertEquals(Optional.empty(), fromConfig());
  }

  @Test
  void http_isAlwaysWrappedInSpoolUnderHome() {
    env.put("OPENLINEAGE_URL", "http://127.0.0.1:9");
    env.put("OPENLINEAGE_API_KEY", SECRET);

    LineageTransport transport = fromConfig().orElseThrow();

    SpoolingTransport spooling = assertInstanceOf(SpoolingTransport.class, transport);
    assertEquals(home.resolve(".veil/lineage-spool"), spooling.spoolDir());
    assertFalse(spooling.strict());
    assertInstanceOf(HttpTransport.class, spooling.delegate());
    assertFalse(transport.describe().contains(SECRET), transport.describe());
    assertTrue(transport.describe().contains("http://127.0.0.1:9/api/v1/lineage"), transport.describe());
  }

  @Test
  void http_endToEnd_deliversThroughConfiguredTransport() throws IOException {
    try (LineageTestServer server = new LineageTestServer()) {
      Files.writeString(
          work.resolve("openlineage.yml"),
          "transport:\n  type: http\n  url: " + server.url() + "\n  auth: {type: api_key, apiKey: " + SECRET + "}\n"
              + "spool: {dir: spool, strict: true}\n");

      try (LineageTransport transport = fromConfig().orElseThrow()) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> transport.emit("{\"e\":1}"));
      }

      assertEquals(List.of("{\"e\":1}"), server.deliveredBodies());
      assertEquals("Bearer " + SECRET, server.delivered().get(0).header("Authorization"));
    }
  }

  @Test
  void file_isPlainFileTransportAndWritesToLocation() throws IOException {
    Files.writeString(work.resolve("openlineage.yml"), "transport: {type: file, location: out/events.jsonl}\n");

    try (LineageTransport transport = fromConfig().orElseThrow()) {
      FileTransport file = assertInstanceOf(FileTransport.class, transport);
      assertEquals(work.resolve("out/events.jsonl"), file.file());
      transport.emit("{\"e\":1}");
    }

    assertEquals(List.of("{\"e\":1}"), Files.readAllLines(work.resolve("out/events.jsonl")));
  }

  @Test
  void fileWithSpoolSection_isSpooled() throws IOException {
    Files.writeString(
        work.resolve("openlineage.yml"), "transport: {type: file, location: e.jsonl}\nspool: {dir: s}\n");

    SpoolingTransport spooling = assertInstanceOf(SpoolingTransport.class, fromConfig().orElseThrow());

    assertEquals(work.resolve("s"), spooling.spoolDir());
    assertInstanceOf(FileTransport.class, spooling.delegate());
  }

  @Test
  void console_isConsoleTransport() throws IOException {
    Files.writeString(work.resolve("openlineage.yml"), "transport: {type: console}\n");

    assertInstanceOf(ConsoleTransport.class, fromConfig().orElseThrow());
  }

  @Test
  void disabled_isNoOpTransport() throws IOException {
    env.put("OPENLINEAGE_DISABLED", "true");

    LineageTransport transport = fromConfig().orElseThrow();

    assertSame(LineageTransports.disabled(), transport);
    transport.emit("{\"e\":1}");
    assertTrue(transport.describe().contains("disabled"));
    try (var files = Files.list(tmp)) {
      assertEquals(2, files.count()); // only work/ and home/: nothing was written
    }
  }
}
