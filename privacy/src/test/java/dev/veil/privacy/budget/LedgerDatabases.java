package dev.veil.privacy.budget;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Where ledger tests put their ledgers: a SQLite file in a temporary folder, or a fresh schema in the
 * PostgreSQL database named by the system property {@code veil.test.postgres.url} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}). When PostgreSQL is unreachable the test
 * is skipped, or fails when {@code veil.require.postgres=true} (CI sets it).
 */
public final class LedgerDatabases {
  public static final String PG_PROPERTY = "veil.test.postgres.url";
  public static final String PG_DEFAULT = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private LedgerDatabases() {}

  public static String sqlite(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("ledger.db");
  }

  public static String postgresBase() {
    return System.getProperty(PG_PROPERTY, PG_DEFAULT);
  }

  /** Skips or fails (see the class documentation) unless PostgreSQL answers. */
  public static void requirePostgres() {
    String base = postgresBase();
    DriverManager.setLoginTimeout(5);
    try (Connection c = DriverManager.getConnection(base)) {
      c.isValid(5);
    } catch (SQLException e) {
      String msg = "PostgreSQL is unreachable at " + LedgerUrl.redact(base) + " (" + e.getMessage() + "); set -D" + PG_PROPERTY
          + "=jdbc:postgresql://HOST:PORT/DB?user=U to point the tests at a server";
      if (Boolean.getBoolean("veil.require.postgres")) fail(msg + " (veil.require.postgres=true, so this is a failure)");
      Assumptions.assumeTrue(false, msg + "; skipping the PostgreSQL ledger tests");
    }
  }

  /** A fresh schema name and the URL that uses it; drop it with {@link #dropSchema}. */
  public static String[] newPostgresSchema() {
    requirePostgres();
    String schema = "veil_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    String base = postgresBase();
    return new String[] {schema, base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema};
  }

  public static void dropSchema(String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(postgresBase()); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
