package dev.veil.lineage.transport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A delegate for spooling tests: records what it accepted and fails or rejects on demand. */
final class ScriptedTransport implements LineageTransport {
  private final List<String> delivered = new ArrayList<>(); // guarded by itself
  private final List<String> attempted = new ArrayList<>(); // guarded by itself
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Predicate<String> failIf = e -> false;
  private volatile Predicate<String> rejectIf = e -> false;
  private volatile Runnable onEmit = () -> {};
  volatile boolean closed;

  ScriptedTransport failAll() {
    failIf = e -> true;
    return this;
  }

  ScriptedTransport succeedAll() {
    failIf = e -> false;
    return this;
  }

  ScriptedTransport failIf(Predicate<String> p) {
    failIf = p;
    return this;
  }

  ScriptedTransport rejectIf(Predicate<String> p) {
    rejectIf = p;
    return this;
  }

  ScriptedTransport onEmit(Runnable r) {
    onEmit = r;
    return this;
  }

  @Override
  public void emit(String eventJson) throws IOException {
    calls.incrementAndGet();
    synchronized (attempted) {
      attempted.add(eventJson);
    }
    onEmit.run();
    if (rejectIf.test(eventJson)) {
      throw new RejectedEventException("test receiver rejected the event with HTTP 400");
    }
    if (failIf.test(eventJson)) {
      throw new IOException("test receiver is down");
    }
    synchronized (delivered) {
      delivered.add(eventJson);
    }
  }

  List<String> delivered() {
    synchronized (delivered) {
      return List.copyOf(delivered);
    }
  }

  List<String> attempted() {
    synchronized (attempted) {
      return List.copyOf(attempted);
    }
  }

  int calls() {
    return calls.get();
  }

  @Override
  public String describe() {
    return "scripted test receiver";
  }

  @Override
  public void close() {
    closed = true;
  }
}
