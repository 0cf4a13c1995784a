package dev.veil.lineage.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolingTransportTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(60);

  @TempDir Path dir;

  private static String event(int i) {
    return "{\"eventType\":\"RUNNING\",\"seq\":" + i + ",\"note\":\"ünïcødé\"}";
  }

  private static List<String> events(int from, int toInclusive) {
    return IntStream.rangeClosed(from, toInclusive).mapToObj(SpoolingTransportTest::event).collect(Collectors.toList());
  }

  private List<String> spoolFileNames() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void emit_delegateSucceeds_deliversAndLeavesSpoolEmpty() throws IOException {
    ScriptedTransport delegate = new ScriptedTransport();
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, /* strict= */ false);

    spooling.emit(event(1));

    assertEquals(List.of(event(1)), delegate.delivered());
    assertEquals(0, spooling.pending());
    assertEquals(List.of(), spoolFileNames());
  }

  @Test
  void emit_nonStrictDelegateFails_returnsNormallyAndKeepsEventSpooledVerbatim() throws IOException {
    ScriptedTransport delegate = new ScriptedTransport().failAll();
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, /* strict= */ false);

    assertDoesNotThrow(() -> spooling.emit(event(1)));

    assertEquals(1, delegate.calls());
    assertEquals(1, spooling.pending());
    List<String> names = spoolFileNames();
    assertTrue(names.get(0).matches("0{19}1-[0-9a-f]{8}\\.json"), names.get(0));
    assertEquals(event(1), Files.readString(dir.resolve(names.get(0)), StandardCharsets.UTF_8));
  }

  @Test
  void emit_afterOutage_resendsOlderEventsFirstInOrder() throws IOException {
    ScriptedTransport delegate = new ScriptedTransport().failAll();
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, /* strict= */ false);
    spooling.emit(event(1));
    spooling.emit(event(2));

    delegate.succeedAll();
    spooling.emit(event(3));

    assertEquals(events(1, 3), delegate.delivered());
    assertEquals(0, spooling.pending());
  }

  @Test
  void emit_oldestStillFailing_stopsThereAndDoesNotSendNewerEventAhead() throws IOException {
    ScriptedTransport delegate = new ScriptedTransport().failIf(e -> e.equals(event(1)));
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, /* strict= */ false);
    spooling.emit(event(1));

    spooling.emit(event(2));

    assertEquals(List.of(event(1), event(1)), delegate.attempted());
    assertEquals(List.of(), delegate.delivered());
    assertEquals(2, spooling.pending());
  }

  @Test
  void emit_strictDelegateFails_throwsWithoutEventContentAndKeepsEventSpooled() {
    ScriptedTransport delegate = new ScriptedTransport().failAll();
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, /* strict= */ true);

    IOException e = assertThrows(IOException.class, () -> spooling.emit("{\"secretField\":\"s3cr3t\"}"));

    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    assertFalse(e.getMessage().contains("secretField"), e.getMessage());
    assertTrue(e.getMessage().contains("test receiver is down"), e.getMessage());
    assertEquals(1, assertDoesNotThrow(spooling::pending));
  }

  @Test
  void emit_strictDelegateSucceeds_returnsAndSpoolIsEmpty() throws IOException {
    ScriptedTransport delegate = new ScriptedTransport();
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, /* strict= */ true);

    spooling.emit(event(1));

    assertEquals(List.of(event(1)), delegate.delivered());
    assertEquals(0, spooling.pending());
  }

  @Test
  void emit_strictOlderEventFails_throwsForNewEventToo() throws IOException {
    ScriptedTransport delegate = new ScriptedTransport().failIf(e -> e.equals(event(1)));
    new SpoolingTransport(delegate, dir, /* strict= */ false).emit(event(1));
    SpoolingTransport strict = new SpoolingTransport(delegate, dir, /* strict= */ true);

    assertThrows(IOException.class, () -> strict.emit(event(2)));

    assertEquals(List.of(), delegate.delivered());
    assertEquals(2, strict.pending());
  }

  @Test
  void flush_deliversEverythingInOrderAndReturnsCount() throws IOException {
    ScriptedTransport delegate = new ScriptedTransport().failAll();
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, /* strict= */ false);
    for (String e : events(1, 5)) {
      spooling.emit(e);
    }
    delegate.succeedAll();

    assertEquals(5, spooling.flush());

    assertEquals(events(1, 5), delegate.delivered());
    assertEquals(0, spooling.pending());
    assertEquals(0, spooling.flush());
  }

  @Test
  void flush_stopsAtFirstFailureAndKeepsTheRest() throws IOException {
    ScriptedTransport delegate = new ScriptedTransport().failAll();
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, /* strict= */ false);
    for (String e : events(1, 5)) {
      spooling.emit(e);
    }
    delegate.failIf(e -> e.equals(event(3)));

    assertEquals(2, spooling.flush());

    assertEquals(events(1, 2), delegate.delivered());
    assertEquals(3, spooling.pending());
    delegate.succeedAll();
    assertEquals(3, spooling.flush());
    assertEquals(events(1, 5), delegate.delivered());
  }

  @Test
  void newInstance_continuesNumberingAfterHighestFileAndKeepsOrder() throws IOException {
    ScriptedTransport down = new ScriptedTransport().failAll();
    SpoolingTransport first = new SpoolingTransport(down, dir, /* strict= */ false);
    first.emit(event(1));
    first.emit(event(2));

    SpoolingTransport second = new SpoolingTransport(down, dir, /* strict= */ false);
    second.emit(event(3));

    List<String> names = spoolFileNames();
    assertEquals(3, names.size());
    assertTrue(names.get(2).startsWith(String.format("%020d-", 3)), names.toString());
    ScriptedTransport up = new ScriptedTransport();
    assertEquals(3, new SpoolingTransport(up, dir, /* strict= */ false).flush());
    assertEquals(events(1, 3), up.delivered());
  }

  @Test
  void flush_ignoresTemporaryAndForeignFiles() throws IOException {
    Files.writeString(dir.resolve(".00000000000000000001-abcdef01.json.tmp"), "{\"partial\":");
    Files.writeString(dir.resolve("notes.txt"), "hello");
    ScriptedTransport delegate = new ScriptedTransport();
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, /* strict= */ false);

    assertEquals(0, spooling.pending());
    assertEquals(0, spooling.flush());
    assertEquals(0, delegate.calls());
  }

  @Test
  void rejectedEvent_movesAsideAndDoesNotBlockLaterEvents() throws IOException {
    ScriptedTransport delegate = new ScriptedTransport().failAll();
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, /* strict= */ false);
    for (String e : events(1, 3)) {
      spooling.emit(e);
    }
    delegate.succeedAll().rejectIf(e -> e.equals(event(2)));

    assertEquals(2, spooling.flush());

    assertEquals(List.of(event(1), event(3)), delegate.delivered());
    assertEquals(0, spooling.pending());
    assertEquals(1, spooling.rejected());
    try (Stream<Path> rejected = Files.list(dir.resolve(SpoolingTransport.REJECTED_DIR))) {
      assertEquals(List.of(event(2)), rejected.map(SpoolingTransportTest::read).collect(Collectors.toList()));
    }
  }

  @Test
  void emit_strictEventRejected_throwsRejected() throws IOException {
    ScriptedTransport delegate = new ScriptedTransport().rejectIf(e -> true);
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, /* strict= */ true);

    assertThrows(RejectedEventException.class, () -> spooling.emit(event(1)));

    assertEquals(0, spooling.pending());
    assertEquals(1, spooling.rejected());
  }

  @Test
  void emit_nonStrictWithBacklog_stopsStartingSendsWhenBudgetIsUsed() throws IOException {
    AtomicLong fakeNanos = new AtomicLong();
    ScriptedTransport delegate = new ScriptedTransport().failAll();
    SpoolingTransport spooling =
        new SpoolingTransport(delegate, dir, /* strict= */ false, Duration.ofMillis(2500), fakeNanos::get);
    for (String e : events(1, 5)) {
      spooling.emit(e);
    }
    // Each delivery now takes one (fake) second.
    delegate.succeedAll().onEmit(() -> fakeNanos.addAndGet(Duration.ofSeconds(1).toNanos()));

    spooling.emit(event(6));

    // Sends start at t = 0, 1, 2 s; at 3 s the 2.5 s budget is used up.
    assertEquals(events(1, 3), delegate.delivered());
    assertEquals(3, spooling.pending());
    assertEquals(3, spooling.flush());
    assertEquals(events(1, 6), delegate.delivered());
  }

  @Test
  void emit_strictWithBacklog_ignoresBudgetAndDeliversAll() throws IOException {
    AtomicLong fakeNanos = new AtomicLong();
    ScriptedTransport delegate = new ScriptedTransport().failAll();
    new SpoolingTransport(delegate, dir, false).emit(event(1));
    new SpoolingTransport(delegate, dir, false).emit(event(2));
    delegate.succeedAll().onEmit(() -> fakeNanos.addAndGet(Duration.ofSeconds(10).toNanos()));
    SpoolingTransport strict =
        new SpoolingTransport(delegate, dir, /* strict= */ true, Duration.ofMillis(1), fakeNanos::get);

    strict.emit(event(3));

    assertEquals(events(1, 3), delegate.delivered());
  }

  @Test
  void emit_concurrentThreads_deliverEachEventOnceInPerThreadOrder() throws Exception {
    ScriptedTransport delegate = new ScriptedTransport();
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, /* strict= */ false);
    int threads = 8;
    int perThread = 50;

    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> ConcurrencyHelper.run(threads, perThread, (t, i) -> spooling.emit("{\"t\":" + t + ",\"i\":" + i + "}")));

    List<String> delivered = delegate.delivered();
    assertEquals(threads * perThread, delivered.size());
    assertEquals(threads * perThread, new HashSet<>(delivered).size());
    int[] last = new int[threads];
    java.util.Arrays.fill(last, -1);
    for (String e : delivered) {
      String[] parts = e.replaceAll("[^0-9,]", "").split(",");
      int t = Integer.parseInt(parts[0]);
      int i = Integer.parseInt(parts[1]);
      assertEquals(last[t] + 1, i, "thread " + t + " out of order");
      last[t] = i;
    }
    assertEquals(0, spooling.pending());
  }

  @Test
  void emit_whileAnotherThreadDelivers_returnsAtOnceAndThatThreadDeliversItToo() throws Exception {
    CountDownLatch firstSendStarted = new CountDownLatch(1);
    CountDownLatch releaseFirstSend = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    ScriptedTransport delegate =
        new ScriptedTransport()
            .onEmit(
                () -> {
                  if (first.getAndSet(false)) {
                    firstSendStarted.countDown();
                    awaitUninterruptibly(releaseFirstSend);
                  }
                });
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, /* strict= */ false);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> a = pool.submit(() -> { spooling.emit(event(1)); return null; });
      assertTimeoutPreemptively(HANG_GUARD, () -> firstSendStarted.await());

      // Thread A is stuck in its delivery; this emit must only spool and return.
      assertTimeoutPreemptively(HANG_GUARD, () -> spooling.emit(event(2)));
      assertEquals(1, delegate.calls());
      assertEquals(2, spooling.pending());

      releaseFirstSend.countDown();
      assertTimeoutPreemptively(HANG_GUARD, () -> a.get());
    } finally {
      releaseFirstSend.countDown();
      pool.shutdownNow();
    }

    // A picked up the event spooled while it was busy before returning.
    assertEquals(events(1, 2), delegate.delivered());
    assertEquals(0, spooling.pending());
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void emit_concurrentThreadsWhileDown_spoolsEveryEventWithDistinctNumbers() throws Exception {
    ScriptedTransport delegate = new ScriptedTransport().failAll();
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, /* strict= */ false);

    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> ConcurrencyHelper.run(8, 25, (t, i) -> spooling.emit("{\"t\":" + t + ",\"i\":" + i + "}")));

    assertEquals(200, spooling.pending());
    Set<String> sequences = new HashSet<>();
    for (String name : spoolFileNames()) {
      sequences.add(name.substring(0, 20));
    }
    assertEquals(200, sequences.size());
    delegate.succeedAll();
    assertEquals(200, spooling.flush());
  }

  @Test
  void emit_spoolUnwritableNonStrict_sendsDirectlyAndCountsLossWhenThatFailsToo() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    ScriptedTransport delegate = new ScriptedTransport();
    SpoolingTransport spooling = new SpoolingTransport(delegate, notADirectory, /* strict= */ false);

    spooling.emit(event(1));
    delegate.failAll();
    assertDoesNotThrow(() -> spooling.emit(event(2)));

    assertEquals(List.of(event(1)), delegate.delivered());
    assertEquals(1, spooling.lost());
  }

  @Test
  void emit_spoolUnwritableStrict_throws() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    ScriptedTransport delegate = new ScriptedTransport();
    SpoolingTransport spooling = new SpoolingTransport(delegate, notADirectory, /* strict= */ true);

    assertThrows(IOException.class, () -> spooling.emit(event(1)));
    assertEquals(0, delegate.calls());
  }

  @Test
  void pendingAndFlush_missingDirectory_areZeroAndCreateNothing() throws IOException {
    Path missing = dir.resolve("never-created");
    SpoolingTransport spooling = new SpoolingTransport(new ScriptedTransport(), missing, false);

    assertEquals(0, spooling.pending());
    assertEquals(0, spooling.flush());
    assertFalse(Files.exists(missing));
  }

  @Test
  void close_closesDelegateAndRefusesLaterEmits() throws IOException {
    ScriptedTransport delegate = new ScriptedTransport();
    SpoolingTransport spooling = new SpoolingTransport(delegate, dir, false);

    spooling.close();

    assertTrue(delegate.closed);
    assertThrows(IllegalStateException.class, () -> spooling.emit(event(1)));
    assertThrows(IllegalStateException.class, spooling::flush);
  }

  @Test
  void describe_namesSpoolDirAndDelegate() {
    SpoolingTransport spooling = new SpoolingTransport(new ScriptedTransport(), dir, true);

    String d = spooling.describe();

    assertTrue(d.contains(dir.toAbsolutePath().toString()), d);
    assertTrue(d.contains("scripted test receiver"), d);
    assertTrue(d.contains("strict"), d);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

}
