package dev.veil.lineage.transport;

import dev.veil.core.error.VeilPreconditions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes lineage delivery durable and keeps lineage outages from failing the pipeline: every event
 * is written to an on-disk spool before it is handed to the delegate, and stays there until the
 * delegate accepted it.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>Spool first.</b> {@link #emit} writes the event to a new file in the spool directory
 *       (temporary file, fsync, atomic rename, fsync of the directory), then delivers. A process
 *       killed at any point after the rename loses nothing: the next {@code emit} or {@link
 *       #flush()} on the same directory, in this or a later process, sends it.
 *   <li><b>In order.</b> Files are named {@code <20-digit sequence>-<instance id>.json}; the
 *       sequence continues after the highest file present, so lexical order is emission order.
 *       Delivery always sends the oldest spooled event first and stops at the first failure, so a
 *       receiver never sees an event before an older one from the same process.
 *   <li><b>At least once.</b> A file is deleted after the delegate accepted it; a process killed
 *       between acceptance and deletion sends that event again later. OpenLineage consumers
 *       identify an event by its run id, event type and time, so a repeat is harmless.
 *   <li><b>Non-strict</b> ({@code strict = false}): {@code emit} returns normally when delivery
 *       fails; the event stays spooled and a warning naming the spool directory and the delegate
 *       (never the event) is logged. Delivery inside one {@code emit} stops starting new sends
 *       once {@code emitDrainBudget} is used up, so a large backlog is left to {@link #flush()}
 *       instead of stalling the pipeline. If even the spool cannot be written, the event is sent
 *       directly; if that fails as well it is lost, logged as an error and counted in {@link
 *       #lost()}.
 *   <li><b>Strict</b> ({@code strict = true}): {@code emit} returns only when this event was
 *       delivered, and throws {@link IOException} otherwise (the event stays spooled and is
 *       re-sent later). The budget does not apply.
 *   <li><b>Rejected events.</b> When the delegate throws {@link RejectedEventException} the
 *       receiver will never accept that event; its file moves to {@code rejected/} (counted by
 *       {@link #rejected()}) so that it does not block later events. In strict mode the {@code
 *       emit} of that event throws.
 * </ul>
 *
 * <p>Neither logs nor exception messages contain event contents. Only {@link IOException} (and
 * {@link UncheckedIOException}) from the delegate count as delivery failures; other runtime
 * exceptions are bugs and propagate.
 *
 * <h2>Thread-safety</h2>
 *
 * Safe for concurrent use. Writing to the spool is serialized within the instance; one thread
 * delivers at a time. A non-strict {@code emit} that finds another thread delivering only spools
 * and returns, and the delivering thread sends its event too. Several processes may share a spool
 * directory: a lock file ({@code .delivery.lock}) lets one of them deliver at a time, and spool
 * files of different processes never overwrite each other. Use one instance per directory within
 * a JVM. After {@link #close} (which closes the delegate) {@code emit} and {@code flush} fail with
 * {@link IllegalStateException}.
 */
public final class SpoolingTransport implements LineageTransport {
  /** The default limit for delivery inside one non-strict {@code emit}. */
  public static final Duration DEFAULT_EMIT_DRAIN_BUDGET = Duration.ofSeconds(30);

  /** Where events the receiver refused are moved, inside the spool directory. */
  public static final String REJECTED_DIR = "rejected";

  private static final Logger LOG = LoggerFactory.getLogger(SpoolingTransport.class);
  private static final Pattern SPOOL_FILE = Pattern.compile("(\\d{20})-[0-9a-f]{8}\\.json");
  private static final String LOCK_FILE = ".delivery.lock";

  private final LineageTransport delegate;
  private final Path spoolDir;
  private final boolean strict;
  private final Duration emitDrainBudget;
  private final LongSupplier nanoClock;
  private final String instanceId = UUID.randomUUID().toString().substring(0, 8);

  private final Object spoolLock = new Object();
  private long lastSequence = -1; // guarded by spoolLock; -1 = directory not scanned yet

  private final ReentrantLock deliveryLock = new ReentrantLock();
  private final AtomicBoolean undelivered = new AtomicBoolean();
  private boolean failing; // guarded by deliveryLock; for logging state changes only

  private final AtomicLong lost = new AtomicLong();
  private volatile boolean closed;

  /**
   * A spooling transport with the default {@link #DEFAULT_EMIT_DRAIN_BUDGET}. Does not touch the
   * disk; the directory is created on the first {@code emit}.
   *
   * @param delegate the transport that delivers; owned by this instance and closed with it
   * @param spoolDir the spool directory; may be shared with other processes
   * @param strict whether {@code emit} throws when its event could not be delivered
   */
  public SpoolingTransport(LineageTransport delegate, Path spoolDir, boolean strict) {
    this(delegate, spoolDir, strict, DEFAULT_EMIT_DRAIN_BUDGET);
  }

  /**
   * As {@link #SpoolingTransport(LineageTransport, Path, boolean)}, with the time after which a
   * non-strict {@code emit} starts no further sends of older spooled events. A slow receiver can
   * therefore hold up one {@code emit} for at most this budget plus one delegate call.
   */
  public SpoolingTransport(
      LineageTransport delegate, Path spoolDir, boolean strict, Duration emitDrainBudget) {
    this(delegate, spoolDir, strict, emitDrainBudget, System::nanoTime);
  }

  SpoolingTransport(
      LineageTransport delegate,
      Path spoolDir,
      boolean strict,
      Duration emitDrainBudget,
      LongSupplier nanoClock) {
    this.delegate = VeilPreconditions.checkNotNull(delegate, "delegate");
    this.spoolDir = VeilPreconditions.checkNotNull(spoolDir, "spoolDir").toAbsolutePath();
    this.strict = strict;
    VeilPreconditions.checkNotNull(emitDrainBudget, "emitDrainBudget");
    VeilPreconditions.checkArgument(
        !emitDrainBudget.isNegative(), "emitDrainBudget", ">= 0", emitDrainBudget);
    this.emitDrainBudget = emitDrainBudget;
    this.nanoClock = VeilPreconditions.checkNotNull(nanoClock, "nanoClock");
  }

  public Path spoolDir() {
    return spoolDir;
  }

  public boolean strict() {
    return strict;
  }

  public LineageTransport delegate() {
    return delegate;
  }

  /**
   * Spools the event, then delivers spooled events oldest first (this one last). See the class
   * contract for what happens on failure in strict and non-strict mode.
   *
   * @throws IOException only in strict mode: the event was not delivered (it stays spooled), or
   *     it could not be spooled
   */
  @Override
  public void emit(String eventJson) throws IOException {
    VeilPreconditions.checkNotNull(eventJson, "eventJson");
    ensureOpen();
    Path spooled;
    try {
      spooled = spool(eventJson);
    } catch (IOException | UncheckedIOException e) {
      if (strict) {
        throw new IOException("could not spool a lineage event in " + spoolDir + ": " + e, e);
      }
      sendUnspooled(eventJson, e);
      return;
    }
    undelivered.set(true);
    if (strict) {
      deliverStrictly(spooled);
    } else {
      deliverBestEffort();
    }
  }

  /**
   * Delivers everything spooled, oldest first, until the spool is empty or a delivery fails (the
   * failure is logged, and the remaining events stay spooled; see {@link #pending()}). Waits while
   * another thread or process is delivering from the same directory. This is what {@code veil
   * lineage flush} runs.
   *
   * @return the number of events delivered by this call
   * @throws IOException when the spool directory cannot be read, or another instance in this JVM
   *     is delivering from it
   */
  public int flush() throws IOException {
    ensureOpen();
    lockDelivery();
    try {
      undelivered.set(false);
      Drain drain = drain(/* waitForOtherProcesses= */ true, /* budgetNanos= */ -1, nanoClock.getAsLong());
      if (drain.busy) {
        throw new IOException(
            "another SpoolingTransport in this JVM is delivering from " + spoolDir + "; use one per directory");
      }
      return drain.delivered;
    } finally {
      deliveryLock.unlock();
    }
  }

  /** The number of events spooled and not yet delivered (0 when the directory does not exist). */
  public int pending() throws IOException {
    return listSpooled(spoolDir).size();
  }

  /** The number of events the receiver refused, kept in {@code <spoolDir>/rejected/}. */
  public int rejected() throws IOException {
    return listSpooled(spoolDir.resolve(REJECTED_DIR)).size();
  }

  /** Events this instance could neither spool nor deliver (non-strict mode only). */
  public long lost() {
    return lost.get();
  }

  @Override
  public String describe() {
    return "spooling to "
        + spoolDir
        + (strict ? " (strict)" : "")
        + ", delivering via "
        + delegate.describe();
  }

  /** Closes the delegate; spooled events stay on disk for the next run. */
  @Override
  public void close() throws IOException {
    closed = true;
    delegate.close();
  }

  @Override
  public String toString() {
    return "SpoolingTransport{" + describe() + "}";
  }

  // ---------------------------------------------------------------------------------------------
  // Spooling

  private Path spool(String eventJson) throws IOException {
    byte[] bytes = eventJson.getBytes(StandardCharsets.UTF_8);
    synchronized (spoolLock) {
      Files.createDirectories(spoolDir);
      // Rescan every time: another process may have spooled files with higher numbers.
      lastSequence = Math.max(lastSequence, highestSequence(spoolDir)) + 1;
      String name = String.format("%020d-%s.json", lastSequence, instanceId);
      Path target = spoolDir.resolve(name);
      Path temp = spoolDir.resolve("." + name + ".tmp");
      try {
        try (FileChannel channel =
            FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(temp);
        throw e;
      }
      syncDirectory(spoolDir);
      return target;
    }
  }

  /** Makes the rename durable. Not every platform can open a directory; there it is skipped. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open directories; NTFS journals the rename itself.
    }
  }

  private static long highestSequence(Path dir) throws IOException {
    long highest = 0;
    for (Path file : listSpooled(dir)) {
      highest = Math.max(highest, sequenceOf(file));
    }
    return highest;
  }

  private static long sequenceOf(Path file) {
    Matcher m = SPOOL_FILE.matcher(file.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalStateException("not a spool file: " + file);
    }
    return Long.parseLong(m.group(1));
  }

  /** Spool files in {@code dir}, oldest first; temporary and foreign files are ignored. */
  private static List<Path> listSpooled(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries
          .filter(p -> SPOOL_FILE.matcher(p.getFileName().toString()).matches())
          .forEach(files::add);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return files;
  }

  private void sendUnspooled(String eventJson, Exception spoolFailure) {
    LOG.warn(
        "Could not spool a lineage event in {} ({}); sending it without a spool copy via {}",
        spoolDir,
        spoolFailure.toString(),
        delegate.describe());
    try {
      delegate.emit(eventJson);
    } catch (IOException | UncheckedIOException e) {
      lost.incrementAndGet();
      LOG.error(
          "A lineage event was lost: it could not be spooled in {} and delivery via {} failed ({}).",
          spoolDir,
          delegate.describe(),
          e.toString());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Delivery

  private void deliverBestEffort() {
    long start = nanoClock.getAsLong();
    // Whoever holds the delivery lock also sends what other threads spooled meanwhile; the loop
    // closes the gap between that thread's last listing and its unlock.
    while (undelivered.get() && deliveryLock.tryLock()) {
      try {
        ensureOpen();
        undelivered.set(false);
        Drain drain;
        try {
          drain = drain(/* waitForOtherProcesses= */ false, emitDrainBudget.toNanos(), start);
        } catch (IOException | UncheckedIOException e) {
          LOG.warn(
              "Could not read the lineage spool {} ({}); events stay spooled.", spoolDir, e.toString());
          return;
        }
        if (!drain.complete()) {
          return;
        }
      } finally {
        deliveryLock.unlock();
      }
    }
  }

  private void deliverStrictly(Path spooled) throws IOException {
    lockDelivery();
    try {
      ensureOpen();
      undelivered.set(false);
      Drain drain = null;
      if (Files.exists(spooled)) {
        drain = drain(/* waitForOtherProcesses= */ true, /* budgetNanos= */ -1, nanoClock.getAsLong());
      }
      Path rejectedCopy = spoolDir.resolve(REJECTED_DIR).resolve(spooled.getFileName());
      if (Files.exists(rejectedCopy)) {
        throw new RejectedEventException(
            "lineage event refused by " + delegate.describe() + "; kept in " + rejectedCopy);
      }
      if (Files.exists(spooled)) {
        String why;
        if (drain == null) {
          why = "unknown";
        } else if (drain.busy) {
          why = "another SpoolingTransport in this JVM is delivering from the same directory";
        } else if (drain.failure != null) {
          why = drain.failure.toString();
        } else {
          why = "delivery stopped";
        }
        IOException e =
            new IOException(
                "lineage delivery via "
                    + delegate.describe()
                    + " failed; the event stays spooled as "
                    + spooled
                    + ": "
                    + why);
        if (drain != null && drain.failure != null) {
          e.initCause(drain.failure);
        }
        throw e;
      }
    } finally {
      deliveryLock.unlock();
    }
  }

  private void lockDelivery() throws InterruptedIOException {
    try {
      deliveryLock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to deliver from " + spoolDir);
    }
  }

  /** Outcome of one pass over the spool. */
  private static final class Drain {
    int delivered;
    int rejected;
    boolean busy; // another deliverer holds the directory
    boolean outOfBudget;
    IOException failure;

    boolean complete() {
      return !busy && !outOfBudget && failure == null;
    }
  }

  /**
   * Sends spooled events oldest first; the caller holds {@link #deliveryLock}. Takes the
   * directory's lock file for other processes, waiting for it or giving up when it is taken.
   *
   * @param budgetNanos stop starting sends after this long since {@code startNanos}; -1 = no limit
   */
  private Drain drain(boolean waitForOtherProcesses, long budgetNanos, long startNanos)
      throws IOException {
    Drain drain = new Drain();
    if (!Files.isDirectory(spoolDir)) {
      return drain;
    }
    try (FileChannel lockChannel =
        FileChannel.open(
            spoolDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = waitForOtherProcesses ? lockChannel.lock() : lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // another instance in this JVM
      }
      if (lock == null) {
        drain.busy = true;
        return drain;
      }
      for (Path file : listSpooled(spoolDir)) {
        if (budgetNanos >= 0 && nanoClock.getAsLong() - startNanos >= budgetNanos) {
          drain.outOfBudget = true;
          break;
        }
        String event;
        try {
          event = readUtf8(file);
        } catch (NoSuchFileException e) {
          continue; // delivered by another process before we took the lock
        } catch (CharacterCodingException e) {
          moveToRejected(file, "its content is not valid UTF-8");
          drain.rejected++;
          continue;
        }
        try {
          delegate.emit(event);
        } catch (RejectedEventException e) {
          moveToRejected(file, e.getMessage());
          drain.rejected++;
          continue;
        } catch (IOException e) {
          drain.failure = e;
          break;
        } catch (UncheckedIOException e) {
          drain.failure = e.getCause();
          break;
        }
        Files.deleteIfExists(file);
        drain.delivered++;
      }
    }
    logOutcome(drain);
    return drain;
  }

  private void moveToRejected(Path file, String reason) throws IOException {
    Path dir = spoolDir.resolve(REJECTED_DIR);
    Files.createDirectories(dir);
    Path target = dir.resolve(file.getFileName());
    try {
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(file, target);
    }
    LOG.warn(
        "A spooled lineage event was refused and moved to {}; it will not be re-sent. Reason: {}",
        target,
        reason);
  }

  private void logOutcome(Drain drain) {
    if (drain.failure != null) {
      if (!failing) {
        LOG.warn(
            "Lineage delivery via {} failed ({}); events stay spooled in {} and are re-sent by the"
                + " next run or `veil lineage flush`.",
            delegate.describe(),
            drain.failure.toString(),
            spoolDir);
      } else {
        LOG.debug("Lineage delivery via {} still failing: {}", delegate.describe(), drain.failure.toString());
      }
      failing = true;
    } else if (drain.delivered > 0 && failing) {
      failing = false;
      LOG.info("Lineage delivery via {} recovered; {} spooled events sent.", delegate.describe(), drain.delivered);
    }
    if (drain.outOfBudget) {
      LOG.info(
          "Lineage spool {} has a backlog; the rest is sent by later events or `veil lineage flush`.",
          spoolDir);
    }
  }

  private static String readUtf8(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("SpoolingTransport for " + spoolDir + " is closed");
    }
  }
}
