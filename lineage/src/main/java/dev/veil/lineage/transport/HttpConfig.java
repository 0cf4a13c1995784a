package dev.veil.lineage.transport;

import dev.veil.core.error.VeilPreconditions;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable, validated settings of an {@link HttpTransport}: where to POST events (the OpenLineage
 * HTTP API, {@code POST <url><endpoint>}, as Marquez serves it), the optional API key, timeouts
 * and the retry policy.
 *
 * <p>Start from {@link #of(URI)}; every {@code withX} checks its argument and returns a new value,
 * so the calls can come in any order and no half-configured value exists. Defaults: endpoint
 * {@value #DEFAULT_ENDPOINT}, connect and request timeouts 5 s each, 3 attempts, backoff starting at
 * 200 ms and doubling, a 15 s deadline for one {@code emit} including all retries.
 *
 * <p>The API key is a secret: {@link #toString()} and {@link HttpTransport#describe()} only say
 * whether one is set, and no public accessor returns it.
 *
 * <p>Thread-safety: immutable, hence safe to share.
 */
public final class HttpConfig {
  /** The OpenLineage HTTP API's path for run events. */
  public static final String DEFAULT_ENDPOINT = "/api/v1/lineage";

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(15);

  /** Backoff grows by this factor after each failed attempt. */
  public static final int BACKOFF_FACTOR = 2;

  static final int MAX_ATTEMPTS_LIMIT = 100;
  private static final Duration MAX_DURATION = Duration.ofHours(1);

  private final URI url;
  private final String endpoint;
  private final Optional<String> apiKey;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration deadline;

  private HttpConfig(
      URI url,
      String endpoint,
      Optional<String> apiKey,
      Duration connectTimeout,
      Duration requestTimeout,
      int maxAttempts,
      Duration initialBackoff,
      Duration deadline) {
    this.url = url;
    this.endpoint = endpoint;
    this.apiKey = apiKey;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.deadline = deadline;
  }

  /**
   * Settings for the receiver at {@code url} (for example {@code http://localhost:5000} for
   * Marquez), with all defaults.
   *
   * @throws IllegalArgumentException unless {@code url} is an absolute http or https URI with a
   *     host and without user info, query or fragment
   */
  public static HttpConfig of(URI url) {
    VeilPreconditions.checkNotNull(url, "url");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    VeilPreconditions.checkArgument(
        (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null,
        "url",
        "an absolute http:// or https:// URL with a host, for example http://localhost:5000",
        redact(url));
    VeilPreconditions.checkArgument(
        url.getRawUserInfo() == null,
        "url",
        "a URL without user info (credentials do not belong in a URL; use the API key)",
        redact(url));
    VeilPreconditions.checkArgument(
        url.getRawQuery() == null && url.getRawFragment() == null,
        "url",
        "a URL without query or fragment (put the path in 'endpoint')",
        redact(url));
    return new HttpConfig(
        url,
        DEFAULT_ENDPOINT,
        Optional.empty(),
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_DEADLINE);
  }

  /** Parses {@code url} and calls {@link #of(URI)}. */
  public static HttpConfig of(String url) {
    VeilPreconditions.checkNotBlank(url, "url");
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(
          "url must be a valid URL, for example http://localhost:5000. Provided value: a "
              + url.length()
              + "-character string that does not parse as a URI ("
              + e.getReason()
              + ")");
    }
    return of(uri);
  }

  /**
   * The path appended to the URL; a missing leading {@code '/'} is added ({@code api/v1/lineage}, as
   * the Python client writes it, works too).
   */
  public HttpConfig withEndpoint(String endpoint) {
    VeilPreconditions.checkNotBlank(endpoint, "endpoint");
    String e = endpoint.trim();
    VeilPreconditions.checkArgument(
        !e.contains("?") && !e.contains("#") && !e.contains(" "),
        "endpoint",
        "a URL path without query, fragment or spaces, for example /api/v1/lineage",
        e);
    return new HttpConfig(
        url, e.startsWith("/") ? e : "/" + e, apiKey, connectTimeout, requestTimeout, maxAttempts,
        initialBackoff, deadline);
  }

  /** Sends {@code Authorization: Bearer <apiKey>} with every request. */
  public HttpConfig withApiKey(String apiKey) {
    // Never echo the key in the message, not even when it is malformed.
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("apiKey must be a non-empty string. Provided value: (blank)");
    }
    String k = apiKey.trim();
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(
            "apiKey must consist of printable ASCII characters without spaces. Provided value:"
                + " (redacted) with a disallowed character at position "
                + i);
      }
    }
    return new HttpConfig(
        url, endpoint, Optional.of(k), connectTimeout, requestTimeout, maxAttempts, initialBackoff,
        deadline);
  }

  /** Sends no {@code Authorization} header. */
  public HttpConfig withoutApiKey() {
    return new HttpConfig(
        url, endpoint, Optional.empty(), connectTimeout, requestTimeout, maxAttempts,
        initialBackoff, deadline);
  }

  /** How long to wait for a TCP (and TLS) connection; at most 1 hour. */
  public HttpConfig withConnectTimeout(Duration connectTimeout) {
    checkPositive(connectTimeout, "connectTimeout");
    return new HttpConfig(
        url, endpoint, apiKey, connectTimeout, requestTimeout, maxAttempts, initialBackoff,
        deadline);
  }

  /**
   * How long one attempt may wait for the response (OpenLineage's {@code timeoutInMillis}); at most
   * 1 hour.
   */
  public HttpConfig withRequestTimeout(Duration requestTimeout) {
    checkPositive(requestTimeout, "requestTimeout");
    return new HttpConfig(
        url, endpoint, apiKey, connectTimeout, requestTimeout, maxAttempts, initialBackoff,
        deadline);
  }

  /** Attempts per event, including the first; 1 (no retry) to 100. */
  public HttpConfig withMaxAttempts(int maxAttempts) {
    VeilPreconditions.checkInRange(maxAttempts, 1, MAX_ATTEMPTS_LIMIT, "maxAttempts");
    return new HttpConfig(
        url, endpoint, apiKey, connectTimeout, requestTimeout, maxAttempts, initialBackoff,
        deadline);
  }

  /** The wait before the first retry; each later wait is {@value #BACKOFF_FACTOR} times longer. */
  public HttpConfig withInitialBackoff(Duration initialBackoff) {
    checkPositive(initialBackoff, "initialBackoff");
    return new HttpConfig(
        url, endpoint, apiKey, connectTimeout, requestTimeout, maxAttempts, initialBackoff,
        deadline);
  }

  /**
   * The longest one {@code emit} may take, all attempts and waits included. No attempt starts, and
   * no wait begins, that would end after the deadline; an attempt's timeout is cut to the time
   * left.
   */
  public HttpConfig withDeadline(Duration deadline) {
    checkPositive(deadline, "deadline");
    return new HttpConfig(
        url, endpoint, apiKey, connectTimeout, requestTimeout, maxAttempts, initialBackoff,
        deadline);
  }

  public URI url() {
    return url;
  }

  public String endpoint() {
    return endpoint;
  }

  /** {@code <url><endpoint>}, without a doubled {@code '/'}. */
  public URI targetUri() {
    String base = url.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + endpoint);
  }

  public boolean hasApiKey() {
    return apiKey.isPresent();
  }

  /** The secret itself; package-private so that it stays inside the transports. */
  Optional<String> apiKey() {
    return apiKey;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration deadline() {
    return deadline;
  }

  /** The target without user info (which may hold credentials), for logs and messages. */
  String redactedTarget() {
    return redact(targetUri());
  }

  static String redact(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    return uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
  }

  private static void checkPositive(Duration d, String name) {
    VeilPreconditions.checkNotNull(d, name);
    VeilPreconditions.checkArgument(
        !d.isNegative() && !d.isZero() && d.compareTo(MAX_DURATION) <= 0,
        name,
        "> 0 and <= 1 hour",
        d);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof HttpConfig)) {
      return false;
    }
    HttpConfig that = (HttpConfig) o;
    return maxAttempts == that.maxAttempts
        && url.equals(that.url)
        && endpoint.equals(that.endpoint)
        && apiKey.equals(that.apiKey)
        && connectTimeout.equals(that.connectTimeout)
        && requestTimeout.equals(that.requestTimeout)
        && initialBackoff.equals(that.initialBackoff)
        && deadline.equals(that.deadline);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        url, endpoint, apiKey, connectTimeout, requestTimeout, maxAttempts, initialBackoff,
        deadline);
  }

  /** All settings; the API key only as {@code set} or {@code none}. */
  @Override
  public String toString() {
    return "HttpConfig{target="
        + redactedTarget()
        + ", apiKey="
        + (apiKey.isPresent() ? "set" : "none")
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + initialBackoff
        + ", backoffFactor="
        + BACKOFF_FACTOR
        + ", deadline="
        + deadline
        + "}";
  }
}
