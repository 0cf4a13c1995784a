package dev.veil.lineage.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's view: an HTTP receiver behind the spool, slow, failing, then recovered. */
class SpoolingOverHttpTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(30);
  private static final HttpTransport.Sleeper NO_WAIT = d -> {};
  private static final List<String> EVENTS =
      List.of(
          "{\"eventType\":\"START\",\"run\":{\"runId\":\"r-1\"}}",
          "{\"eventType\":\"RUNNING\",\"run\":{\"runId\":\"r-1\"}}",
          "{\"eventType\":\"COMPLETE\",\"run\":{\"runId\":\"r-1\"}}");

  @TempDir Path spoolDir;
  private LineageTestServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = new LineageTestServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private SpoolingTransport spooling(boolean strict) {
    HttpConfig config =
        HttpConfig.of(server.url()).withRequestTimeout(Duration.ofMillis(300)).withMaxAttempts(2);
    return new SpoolingTransport(new HttpTransport(config, NO_WAIT), spoolDir, strict, config.deadline());
  }

  @Test
  void slowReceiver_emitsReturnWithinTimeoutAndFlushLaterDeliversAllInOrder() throws IOException {
    server.byDefault(LineageTestServer.STALL);
    SpoolingTransport spooling = spooling(/* strict= */ false);

    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          for (String event : EVENTS) {
            spooling.emit(event);
          }
        });

    assertEquals(3, spooling.pending());
    assertEquals(List.of(), server.deliveredBodies());

    server.byDefault(200);
    server.releaseStalled();
    int delivered = assertTimeoutPreemptively(HANG_GUARD, spooling::flush);

    assertEquals(3, delivered);
    assertEquals(EVENTS, server.deliveredBodies());
    assertEquals(0, spooling.pending());
  }

  @Test
  void failingReceiver_nonStrictNeverThrowsAndNextEmitAfterRecoveryDeliversBacklogFirst()
      throws IOException {
    server.byDefault(500);
    SpoolingTransport spooling = spooling(/* strict= */ false);

    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          assertDoesNotThrow(() -> spooling.emit(EVENTS.get(0)));
          assertDoesNotThrow(() -> spooling.emit(EVENTS.get(1)));
        });
    assertEquals(2, spooling.pending());

    server.byDefault(201);
    assertTimeoutPreemptively(HANG_GUARD, () -> spooling.emit(EVENTS.get(2)));

    assertEquals(EVENTS, server.deliveredBodies());
    assertEquals(0, spooling.pending());
  }

  @Test
  void failingReceiver_strictThrowsAndKeepsEventForLater() throws IOException {
    server.byDefault(503);
    SpoolingTransport spooling = spooling(/* strict= */ true);

    assertThrows(
        IOException.class,
        () -> assertTimeoutPreemptively(HANG_GUARD, () -> spooling.emit(EVENTS.get(0))));

    assertEquals(1, spooling.pending());
    server.byDefault(200);
    assertEquals(1, (int) assertTimeoutPreemptively(HANG_GUARD, spooling::flush));
    assertEquals(List.of(EVENTS.get(0)), server.deliveredBodies());
  }

  @Test
  void receiverRejectsEvent_nonStrictMovesItAsideAndDeliversTheRest() throws IOException {
    server.thenAnswer(422);
    SpoolingTransport spooling = spooling(/* strict= */ false);

    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          for (String event : EVENTS) {
            spooling.emit(event);
          }
        });

    assertEquals(EVENTS.subList(1, 3), server.deliveredBodies());
    assertEquals(1, spooling.rejected());
    assertEquals(0, spooling.pending());
  }
}
