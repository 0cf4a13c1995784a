package dev.veil.lineage.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OpenLineage receiver for tests: {@link HttpServer} on 127.0.0.1, an ephemeral port, and a
 * script of answers. Each request takes the next scripted answer (a status, or {@link #STALL}),
 * and the default answer once the script is used up. Requests answered 2xx are recorded in order.
 * Stalled requests wait on a latch that {@link #close()} (or {@link #releaseStalled()}) opens, so
 * no thread outlives the test.
 */
final class LineageTestServer implements AutoCloseable {
  /** A scripted answer: block until released, then answer 503. */
  static final int STALL = -1;

  /** One request as the server saw it. */
  static final class Request {
    final String method;
    final String path;
    final Map<String, List<String>> headers;
    final String body;

    Request(String method, String path, Map<String, List<String>> headers, String body) {
      this.method = method;
      this.path = path;
      this.headers = headers;
      this.body = body;
    }

    /** The first value of a header, or null; names are case-insensitive. */
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ConcurrentLinkedDeque<Integer> script = new ConcurrentLinkedDeque<>();
  private volatile int defaultStatus = 200;
  private volatile String errorBody = "";
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger attempts = new AtomicInteger();
  private final List<Request> delivered = new ArrayList<>(); // guarded by itself
  private final List<Request> all = new ArrayList<>(); // guarded by itself

  LineageTestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers for the next requests, in order. */
  LineageTestServer thenAnswer(int... statuses) {
    for (int s : statuses) {
      script.addLast(s);
    }
    return this;
  }

  /** The answer once the script is used up (initially 200). */
  LineageTestServer byDefault(int status) {
    defaultStatus = status;
    return this;
  }

  /** A body sent with non-2xx answers, to check that it never reaches a message. */
  LineageTestServer withErrorBody(String body) {
    errorBody = body;
    return this;
  }

  int attempts() {
    return attempts.get();
  }

  List<Request> delivered() {
    synchronized (delivered) {
      return List.copyOf(delivered);
    }
  }

  List<Request> requests() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  List<String> deliveredBodies() {
    List<String> bodies = new ArrayList<>();
    for (Request r : delivered()) {
      bodies.add(r.body);
    }
    return bodies;
  }

  void releaseStalled() {
    release.countDown();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      attempts.incrementAndGet();
      Request request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              Map.copyOf(exchange.getRequestHeaders()),
              body);
      synchronized (all) {
        all.add(request);
      }
      Integer scripted = script.pollFirst();
      int status = scripted == null ? defaultStatus : scripted;
      if (status == STALL) {
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        status = 503;
      }
      if (status >= 200 && status < 300) {
        synchronized (delivered) {
          delivered.add(request);
        }
        exchange.sendResponseHeaders(status, -1);
      } else {
        byte[] bytes = errorBody.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        }
      }
    } catch (IOException e) {
      // The client gave up (timeout) before the answer; nothing to record.
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
