package dev.veil.lineage.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that has spooled events but not delivered them (its receiver hangs), then checks
 * that a new transport on the same spool delivers every event once, in order.
 */
class SpoolingTransportKillTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(120);
  private static final int N = 25;

  @TempDir Path tmp;

  private static List<String> expectedEvents(int n) {
    List<String> events = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      events.add(SpoolKillChild.event(i));
    }
    return events;
  }

  /** Starts the child and returns once it printed {@code SPOOLED n}; the child is still running. */
  private Process startChildAndAwaitSpooled(Path spoolDir, int n, Path stderr) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SpoolKillChild.class.getName(),
                spoolDir.toString(),
                Integer.toString(n))
            .redirectError(stderr.toFile());
    Process child = builder.start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String expected = "SPOOLED " + n;
      assertTimeoutPreemptively(
          HANG_GUARD,
          () -> {
            String line;
            while ((line = out.readLine()) != null) {
              if (line.equals(expected)) {
                return;
              }
            }
            fail("child exited without printing '" + expected + "'; stderr: " + Files.readString(stderr));
          });
      return child;
    } catch (RuntimeException | Error e) {
      child.destroyForcibly();
      throw e;
    }
  }

  private static void kill(Process child) {
    child.destroyForcibly();
    assertTimeoutPreemptively(HANG_GUARD, () -> child.waitFor());
  }

  @Test
  void killedWithEventsSpooled_nextTransportDeliversAllOnceInOrder() throws Exception {
    Path spoolDir = tmp.resolve("spool");
    Process child = startChildAndAwaitSpooled(spoolDir, N, tmp.resolve("child.err"));
    kill(child);

    ScriptedTransport recording = new ScriptedTransport();
    SpoolingTransport next = new SpoolingTransport(recording, spoolDir, /* strict= */ false);

    assertEquals(N, next.pending());
    assertEquals(N, next.flush());
    assertEquals(expectedEvents(N), recording.delivered());
    assertEquals(0, next.pending());
  }

  @Test
  void otherProcessDelivering_nonStrictEmitSpoolsWithoutWaitingAndIsDeliveredAfterTheirs()
      throws Exception {
    Path spoolDir = tmp.resolve("spool");
    Process child = startChildAndAwaitSpooled(spoolDir, 3, tmp.resolve("child.err"));
    ScriptedTransport recording = new ScriptedTransport();
    SpoolingTransport ours = new SpoolingTransport(recording, spoolDir, /* strict= */ false);
    try {
      // The child holds the delivery lock while its receiver hangs: this emit must not wait.
      assertTimeoutPreemptively(HANG_GUARD, () -> ours.emit("{\"ours\":1}"));
      assertEquals(0, recording.calls());
      assertEquals(4, ours.pending());
    } finally {
      kill(child);
    }

    assertEquals(4, ours.flush());

    List<String> expected = new ArrayList<>(expectedEvents(3));
    expected.add("{\"ours\":1}");
    assertEquals(expected, recording.delivered());
    assertEquals(0, ours.pending());
  }
}
