package dev.veil.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run terminated from outside (SIGTERM, as a scheduler or Ctrl-C sends) closes its lineage with ABORT. */
class AbortedRunIT {

  @Test
  void terminatedRun_emitsAbortAfterStart(@TempDir Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AbortedRunMain.class.getName(), dir.toString())
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        String line;
        while ((line = out.readLine()) != null && !line.equals("EMITTED")) {
          // the child's log lines, if any
        }
        assertEquals("EMITTED", line, "the child never wrote its START event");
      });
      p.destroy(); // SIGTERM: shutdown hooks run
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> p.waitFor());
    }
    List<String> events = Files.readAllLines(dir.resolve("lineage.jsonl"));
    assertEquals(2, events.size(), events.toString());
    ObjectMapper json = new ObjectMapper();
    assertEquals("START", json.readTree(events.get(0)).get("eventType").asText());
    assertEquals("ABORT", json.readTree(events.get(1)).get("eventType").asText());
    assertEquals(json.readTree(events.get(0)).at("/run/runId"), json.readTree(events.get(1)).at("/run/runId"));
  }
}
