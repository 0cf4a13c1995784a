package dev.veil.privacy.budget;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ledger's JDBC URL: {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://HOST[:PORT]/DB[?params]}.
 * Package-private; {@link #display()} is the form safe to print (password parameters removed).
 */
record LedgerUrl(String url, Dialect dialect) {
  enum Dialect { SQLITE, POSTGRESQL }

  private static final Pattern PASSWORD = Pattern.compile("(?i)([?&]password=)[^&]*");
  private static final Pattern USERINFO = Pattern.compile("(?i)^(jdbc:postgresql://)[^@/]*@");
  private static final Pattern SCHEMA = Pattern.compile("(?i)[?&]currentSchema=([^&]+)");

  static LedgerUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("ledger URL must be jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DB. Provided: (empty)");
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:")) {
      String rest = url.substring("jdbc:sqlite:".length());
      if (rest.isBlank() || rest.contains(":memory:") || rest.toLowerCase(Locale.ROOT).contains("mode=memory")) {
        throw new IllegalArgumentException("ledger URL must name a SQLite file (an in-memory ledger would lose every entry). Provided: "
            + url);
      }
      return new LedgerUrl(url, Dialect.SQLITE);
    }
    if (lower.startsWith("jdbc:postgresql:")) return new LedgerUrl(url, Dialect.POSTGRESQL);
    throw new IllegalArgumentException("ledger URL must be jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DB. Provided: "
        + redact(url));
  }

  /** The SQLite file, for {@link Dialect#SQLITE}. */
  Path sqliteFile() {
    String rest = url.substring("jdbc:sqlite:".length());
    int q = rest.indexOf('?');
    if (q >= 0) rest = rest.substring(0, q);
    if (rest.startsWith("file:")) rest = rest.substring("file:".length());
    return Path.of(rest);
  }

  /** The {@code currentSchema} parameter of a PostgreSQL URL, if any. */
  Optional<String> schema() {
    Matcher m = SCHEMA.matcher(url);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  String display() {
    return redact(url);
  }

  static String redact(String url) {
    return USERINFO.matcher(PASSWORD.matcher(url).replaceAll("$1***")).replaceAll("$1***@");
  }
}
