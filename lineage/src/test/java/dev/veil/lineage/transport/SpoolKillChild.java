package dev.veil.lineage.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child JVM for {@link SpoolingTransportKillTest}: spools {@code n} events through a {@link
 * SpoolingTransport} whose receiver is down for the first {@code n - 1} and then hangs for ever.
 * The delegate is only called after the event was spooled, so when it is called during the
 * {@code n}th emit, all {@code n} events are on disk; it prints {@code SPOOLED n} and blocks, and
 * the test kills the process.
 *
 * <p>Arguments: spool directory, n.
 */
public final class SpoolKillChild {
  private SpoolKillChild() {}

  static String event(int i) {
    return "{\"eventType\":\"RUNNING\",\"run\":{\"runId\":\"kill-test\"},\"seq\":" + i + "}";
  }

  public static void main(String[] args) throws Exception {
    Path spoolDir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    AtomicInteger emitting = new AtomicInteger();
    CountDownLatch never = new CountDownLatch(1);
    LineageTransport downThenHanging =
        new LineageTransport() {
          @Override
          public void emit(String eventJson) throws IOException {
            if (emitting.get() < n) {
              throw new IOException("receiver down");
            }
            System.out.println("SPOOLED " + n);
            System.out.flush();
            while (true) {
              try {
                never.await();
              } catch (InterruptedException e) {
                // keep hanging, like a stuck socket
              }
            }
          }

          @Override
          public String describe() {
            return "down, then hanging";
          }
        };
    SpoolingTransport spooling = new SpoolingTransport(downThenHanging, spoolDir, /* strict= */ false);
    for (int i = 1; i <= n; i++) {
      emitting.set(i);
      spooling.emit(event(i));
    }
    System.out.println("UNEXPECTED: all emits returned");
    System.out.flush();
  }
}
