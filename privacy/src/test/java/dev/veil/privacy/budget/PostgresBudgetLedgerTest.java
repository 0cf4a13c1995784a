package dev.veil.privacy.budget;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link BudgetLedgerContract} on PostgreSQL, each test in a fresh schema (dropped afterwards). Skipped
 * when the server is unreachable unless {@code veil.require.postgres=true}.
 */
class PostgresBudgetLedgerTest extends BudgetLedgerContract {
  String schema;

  @Override
  String freshUrl() {
    String[] s = LedgerDatabases.newPostgresSchema();
    schema = s[0];
    return s[1];
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (ledger != null) ledger.close();
    if (schema != null) LedgerDatabases.dropSchema(schema);
  }
}
