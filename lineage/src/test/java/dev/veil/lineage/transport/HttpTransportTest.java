package dev.veil.lineage.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(30);
  private static final String EVENT = "{\"eventType\":\"START\",\"run\":{\"runId\":\"r-1\"}}";
  private static final String API_KEY = "k3y-for-tests-0123456789";

  private LineageTestServer server;
  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  private final HttpTransport.Sleeper recordingSleeper = sleeps::add;

  @BeforeEach
  void startServer() throws IOException {
    server = new LineageTestServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private HttpTransport transport(HttpConfig config) {
    return new HttpTransport(config, recordingSleeper);
  }

  @Test
  void emit_successfulPost_sendsPathMethodHeadersAndBody() throws IOException {
    HttpTransport transport = transport(HttpConfig.of(server.url()).withApiKey(API_KEY));

    assertTimeoutPreemptively(HANG_GUARD, () -> transport.emit(EVENT));

    assertEquals(1, server.delivered().size());
    LineageTestServer.Request r = server.delivered().get(0);
    assertEquals("POST", r.method);
    assertEquals("/api/v1/lineage", r.path);
    assertEquals("application/json", r.header("Content-Type"));
    assertEquals("Bearer " + API_KEY, r.header("Authorization"));
    assertEquals(EVENT, r.body);
    assertEquals(List.of(), sleeps);
  }

  @Test
  void emit_withoutApiKey_sendsNoAuthorizationHeader() throws IOException {
    HttpTransport transport = transport(HttpConfig.of(server.url()));

    assertTimeoutPreemptively(HANG_GUARD, () -> transport.emit(EVENT));

    assertNull(server.delivered().get(0).header("Authorization"));
  }

  @Test
  void emit_customEndpointAndUrlWithPath_postsToJoinedPath() throws IOException {
    HttpTransport transport =
        transport(HttpConfig.of(server.url().resolve("/marquez/")).withEndpoint("api/v2/events"));

    assertTimeoutPreemptively(HANG_GUARD, () -> transport.emit(EVENT));

    assertEquals("/marquez/api/v2/events", server.delivered().get(0).path);
  }

  @Test
  void emit_500Then200_deliversOnSecondAttemptAfterInitialBackoff() throws IOException {
    server.thenAnswer(500, 200);
    HttpTransport transport = transport(HttpConfig.of(server.url()));

    assertTimeoutPreemptively(HANG_GUARD, () -> transport.emit(EVENT));

    assertEquals(2, server.attempts());
    assertEquals(List.of(EVENT), server.deliveredBodies());
    assertEquals(List.of(Duration.ofMillis(200)), sleeps);
  }

  @Test
  void emit_429And503ThenSuccess_retriesWithExponentialBackoff() throws IOException {
    server.thenAnswer(429, 503, 201);
    HttpTransport transport = transport(HttpConfig.of(server.url()).withMaxAttempts(3));

    assertTimeoutPreemptively(HANG_GUARD, () -> transport.emit(EVENT));

    assertEquals(3, server.attempts());
    assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(400)), sleeps);
  }

  @Test
  void emit_always500_failsAfterMaxAttemptsNamingStatus() {
    server.byDefault(500).withErrorBody("internal detail: stack trace");
    HttpTransport transport = transport(HttpConfig.of(server.url()).withMaxAttempts(4));

    IOException e =
        assertThrows(IOException.class, () -> assertTimeoutPreemptively(HANG_GUARD, () -> transport.emit(EVENT)));

    assertEquals(4, server.attempts());
    assertEquals(
        List.of(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800)), sleeps);
    assertTrue(e.getMessage().contains("500"), e.getMessage());
    assertTrue(e.getMessage().contains("4 attempts"), e.getMessage());
    assertFalse(e.getMessage().contains("internal detail"), e.getMessage());
    assertFalse(e.getMessage().contains("r-1"), e.getMessage());
  }

  @Test
  void emit_400_failsAtOnceAsRejectedWithoutBodyOrEvent() {
    server.byDefault(400).withErrorBody("bad event: runId r-1 secret-detail");
    HttpTransport transport = transport(HttpConfig.of(server.url()).withApiKey(API_KEY));

    RejectedEventException e =
        assertThrows(
            RejectedEventException.class,
            () -> assertTimeoutPreemptively(HANG_GUARD, () -> transport.emit(EVENT)));

    assertEquals(1, server.attempts());
    assertEquals(List.of(), sleeps);
    assertTrue(e.getMessage().contains("400"), e.getMessage());
    assertFalse(e.getMessage().contains("secret-detail"), e.getMessage());
    assertFalse(e.getMessage().contains("r-1"), e.getMessage());
    assertFalse(e.getMessage().contains(API_KEY), e.getMessage());
  }

  @Test
  void emit_401_failsAtOnceAsConfigurationErrorNotRejection() {
    server.byDefault(401);
    HttpTransport transport = transport(HttpConfig.of(server.url()).withApiKey(API_KEY));

    IOException e =
        assertThrows(IOException.class, () -> assertTimeoutPreemptively(HANG_GUARD, () -> transport.emit(EVENT)));

    assertFalse(e instanceof RejectedEventException);
    assertEquals(1, server.attempts());
    assertEquals(List.of(), sleeps);
    assertTrue(e.getMessage().contains("401"), e.getMessage());
    assertFalse(e.getMessage().contains(API_KEY), e.getMessage());
  }

  @Test
  void emit_slowServer_failsWithinRequestTimeout() {
    server.byDefault(LineageTestServer.STALL);
    HttpTransport transport =
        transport(
            HttpConfig.of(server.url()).withRequestTimeout(Duration.ofMillis(300)).withMaxAttempts(1));

    IOException e =
        assertThrows(IOException.class, () -> assertTimeoutPreemptively(HANG_GUARD, () -> transport.emit(EVENT)));

    assertTrue(e.getCause() instanceof HttpTimeoutException, String.valueOf(e.getCause()));
    assertEquals(1, server.attempts());
  }

  @Test
  void emit_slowServerWithRetries_retriesTimeouts() {
    server.byDefault(LineageTestServer.STALL);
    HttpTransport transport =
        transport(
            HttpConfig.of(server.url()).withRequestTimeout(Duration.ofMillis(200)).withMaxAttempts(2));

    assertThrows(IOException.class, () -> assertTimeoutPreemptively(HANG_GUARD, () -> transport.emit(EVENT)));

    assertEquals(List.of(Duration.ofMillis(200)), sleeps);
    assertEquals(2, server.requests().size());
  }

  @Test
  void emit_connectionRefused_retriesThenFails() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    HttpTransport transport = transport(HttpConfig.of(URI.create("http://127.0.0.1:" + port)));

    IOException e =
        assertThrows(IOException.class, () -> assertTimeoutPreemptively(HANG_GUARD, () -> transport.emit(EVENT)));

    assertEquals(2, sleeps.size());
    assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
  }

  @Test
  void emit_deadlineShorterThanBackoffs_stopsRetryingBeforeMaxAttempts() {
    server.byDefault(503);
    AtomicLong fakeNanos = new AtomicLong();
    HttpTransport.Sleeper advancingSleeper =
        d -> {
          sleeps.add(d);
          fakeNanos.addAndGet(d.toNanos());
        };
    HttpTransport transport =
        new HttpTransport(
            HttpConfig.of(server.url()).withMaxAttempts(10).withDeadline(Duration.ofMillis(500)),
            advancingSleeper,
            fakeNanos::get);

    IOException e =
        assertThrows(IOException.class, () -> assertTimeoutPreemptively(HANG_GUARD, () -> transport.emit(EVENT)));

    // t=0 attempt 1, wait 200 ms; t=200 attempt 2; a 400 ms wait would end at 600 > 500: stop.
    assertEquals(List.of(Duration.ofMillis(200)), sleeps);
    assertEquals(2, server.attempts());
    assertTrue(e.getMessage().contains("500 ms deadline"), e.getMessage());
  }

  @Test
  void emit_interruptedWhileWaitingToRetry_throwsInterruptedIoAndKeepsFlag() {
    server.byDefault(500);
    HttpTransport transport =
        new HttpTransport(
            HttpConfig.of(server.url()),
            d -> {
              throw new InterruptedException();
            });

    try {
      assertThrows(java.io.InterruptedIOException.class, () -> transport.emit(EVENT));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
    assertEquals(1, server.attempts());
  }

  @Test
  void emit_concurrently_deliversEveryEvent() throws Exception {
    HttpTransport transport = transport(HttpConfig.of(server.url()));
    int threads = 4;
    int perThread = 25;

    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> ConcurrencyHelper.run(threads, perThread, (t, i) -> transport.emit("{\"t\":" + t + ",\"i\":" + i + "}")));

    assertEquals(threads * perThread, server.delivered().size());
  }

  @Test
  void describe_namesTargetButNotApiKey() {
    HttpTransport transport = transport(HttpConfig.of(server.url()).withApiKey(API_KEY));

    String description = transport.describe();

    assertTrue(description.contains(server.url() + "/api/v1/lineage"), description);
    assertTrue(description.contains("api key set"), description);
    assertFalse(description.contains(API_KEY), description);
    assertFalse(transport.toString().contains(API_KEY));
  }

  @Test
  void emit_afterClose_throwsIllegalState() {
    HttpTransport transport = transport(HttpConfig.of(server.url()));
    transport.close();

    assertThrows(IllegalStateException.class, () -> transport.emit(EVENT));
    assertEquals(0, server.attempts());
  }
}
