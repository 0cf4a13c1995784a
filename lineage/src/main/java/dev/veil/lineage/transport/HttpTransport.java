package dev.veil.lineage.transport;

import dev.veil.core.error.VeilPreconditions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Posts each event to the OpenLineage HTTP API ({@code POST <url><endpoint>}, body the event JSON,
 * {@code Content-Type: application/json}, and {@code Authorization: Bearer <apiKey>} when a key is
 * configured), the protocol Marquez and other OpenLineage consumers accept.
 *
 * <p>Contract of {@link #emit}: it returns once the receiver answered 2xx, and otherwise throws.
 * Connection errors, timeouts, 5xx and 429 are retried up to {@link HttpConfig#maxAttempts()}
 * times with exponential backoff (200 ms, 400 ms, ... by default); one {@code emit} never takes
 * longer than {@link HttpConfig#deadline()}, however slow the receiver. Other statuses fail at once
 * without retry: 400, 413, 415 and 422 with {@link RejectedEventException} (this event can never be
 * delivered), any other status with an {@link IOException} (a configuration problem such as a
 * wrong key or endpoint). Messages name the target and the status, never the event, the response
 * body or the API key. Redirects are not followed.
 *
 * <p>This class does not spool: wrap it in a {@link SpoolingTransport} so that a failed event is
 * kept and re-sent ({@link LineageTransports} always does).
 *
 * <p>Thread-safety: safe for concurrent use; concurrent {@code emit}s send concurrently. The waits
 * between attempts go through a {@link Sleeper}, so tests can replace real waiting.
 */
public final class HttpTransport implements LineageTransport {

  /** Waits between attempts. Tests inject one that records the wait and returns at once. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits for {@code duration}, or throws when the thread is interrupted. */
    void sleep(Duration duration) throws InterruptedException;

    /** Really waits ({@link TimeUnit#sleep}). */
    Sleeper SYSTEM = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());
  }

  private static final int NO_RESPONSE = -1;

  private final HttpConfig config;
  private final Sleeper sleeper;
  private final LongSupplier nanoClock;
  private final HttpClient client;
  private volatile boolean closed;

  /** A transport that really waits between attempts. */
  public HttpTransport(HttpConfig config) {
    this(config, Sleeper.SYSTEM);
  }

  /** A transport whose waits between attempts go through {@code sleeper}. */
  public HttpTransport(HttpConfig config, Sleeper sleeper) {
    this(config, sleeper, System::nanoTime);
  }

  /** For tests that also control the clock the deadline is measured with. */
  HttpTransport(HttpConfig config, Sleeper sleeper, LongSupplier nanoClock) {
    this.config = VeilPreconditions.checkNotNull(config, "config");
    this.sleeper = VeilPreconditions.checkNotNull(sleeper, "sleeper");
    this.nanoClock = VeilPreconditions.checkNotNull(nanoClock, "nanoClock");
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public HttpConfig config() {
    return config;
  }

  @Override
  public void emit(String eventJson) throws IOException {
    VeilPreconditions.checkNotNull(eventJson, "eventJson");
    if (closed) {
      throw new IllegalStateException("HttpTransport for " + config.redactedTarget() + " is closed");
    }
    long start = nanoClock.getAsLong();
    long deadlineNanos = config.deadline().toNanos();
    Duration backoff = config.initialBackoff();
    IOException last = null;
    int attempt = 0;
    while (true) {
      long remaining = deadlineNanos - (nanoClock.getAsLong() - start);
      if (remaining <= 0) {
        break;
      }
      attempt++;
      Duration timeout = min(config.requestTimeout(), Duration.ofNanos(remaining));
      int status;
      try {
        status = send(eventJson, timeout);
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw e;
        }
        status = NO_RESPONSE;
        last = e;
      }
      if (status >= 200 && status < 300) {
        return;
      }
      if (status == 400 || status == 413 || status == 415 || status == 422) {
        throw new RejectedEventException(
            target() + " rejected the event with HTTP " + status + " (not retried)");
      }
      if (status != NO_RESPONSE) {
        if (status < 500 && status != 429) {
          throw new IOException(
              target()
                  + " answered HTTP "
                  + status
                  + " (not retried; check the URL, endpoint and API key)");
        }
        last = new IOException(target() + " answered HTTP " + status);
      }
      if (attempt >= config.maxAttempts()) {
        break;
      }
      long left = deadlineNanos - (nanoClock.getAsLong() - start);
      if (backoff.toNanos() >= left) {
        break; // waiting would use up the deadline; no attempt could follow
      }
      try {
        sleeper.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted =
            new InterruptedIOException("interrupted while waiting to retry " + target());
        interrupted.addSuppressed(last);
        throw interrupted;
      }
      backoff = backoff.multipliedBy(HttpConfig.BACKOFF_FACTOR);
    }
    String reason = last == null ? "no time left" : describe(last);
    IOException failure =
        new IOException(
            "lineage delivery to "
                + target()
                + " failed after "
                + attempt
                + (attempt == 1 ? " attempt" : " attempts")
                + " within the "
                + config.deadline().toMillis()
                + " ms deadline: "
                + reason);
    if (last != null) {
      failure.initCause(last);
    }
    throw failure;
  }

  /** One attempt; returns the status, or throws on a transport-level failure or timeout. */
  private int send(String eventJson, Duration timeout) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(config.targetUri())
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(eventJson, java.nio.charset.StandardCharsets.UTF_8));
    config.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
    CompletableFuture<HttpResponse<Void>> response =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
    try {
      // The request timeout covers the wait for the response headers; this bound also covers a
      // receiver that sends headers and then stalls in the body.
      return response.get(timeout.toNanos(), TimeUnit.NANOSECONDS).statusCode();
    } catch (TimeoutException e) {
      response.cancel(true);
      throw new HttpTimeoutException("request timed out after " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      response.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sending to " + target());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      throw new IOException("sending to " + target() + " failed: " + cause.getClass().getName(), cause);
    }
  }

  private String target() {
    return config.redactedTarget();
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Target, whether a key is set, and the retry policy; never the key. */
  @Override
  public String describe() {
    return "http POST "
        + target()
        + " (api key "
        + (config.hasApiKey() ? "set" : "not set")
        + ", request timeout "
        + config.requestTimeout().toMillis()
        + " ms, "
        + config.maxAttempts()
        + " attempts, deadline "
        + config.deadline().toMillis()
        + " ms)";
  }

  /** Later {@code emit}s fail with {@link IllegalStateException}. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "HttpTransport{" + describe() + "}";
  }
}
