package dev.veil.privacy.budget;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link BudgetLedgerContract} on a SQLite file in a temporary folder. */
class SqliteBudgetLedgerTest extends BudgetLedgerContract {
  @TempDir
  Path dir;

  @Override
  String freshUrl() {
    return LedgerDatabases.sqlite(dir);
  }
}
