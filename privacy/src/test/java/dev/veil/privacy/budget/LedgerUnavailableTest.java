package dev.veil.privacy.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unreachable, missing or uninitialised ledger fails closed with a message that says why and hides credentials. */
class LedgerUnavailableTest {
  @TempDir
  Path dir;

  @Test
  void missingSqliteFile_isNotCreatedByOpen() {
    String url = "jdbc:sqlite:" + dir.resolve("nope.db");
    LedgerUnavailableException e = assertThrows(LedgerUnavailableException.class, () -> BudgetLedger.open(url));
    assertTrue(e.getMessage().contains("veil budget init"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("nope.db")));
  }

  @Test
  void uninitialisedDatabase_asksForInit() throws Exception {
    Path f = dir.resolve("empty.db");
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + f)) {
      c.createStatement().execute("CREATE TABLE unrelated (x INTEGER)");
    }
    LedgerUnavailableException e = assertThrows(LedgerUnavailableException.class, () -> BudgetLedger.open("jdbc:sqlite:" + f));
    assertTrue(e.getMessage().contains("not initialised"), e.getMessage());
  }

  @Test
  void unreachablePostgres_failsClosedWithoutThePassword() {
    String url = "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=hunter2&connectTimeout=2";
    LedgerUnavailableException e = assertThrows(LedgerUnavailableException.class, () -> BudgetLedger.open(url));
    assertTrue(e.getMessage().contains("unreachable at jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=***"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"));
  }

  @Test
  void inMemoryAndForeignUrls_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> BudgetLedger.initialize("jdbc:sqlite::memory:"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BudgetLedger.initialize("jdbc:mysql://u:pw@host/db"));
    assertTrue(e.getMessage().startsWith("ledger URL must be jdbc:sqlite:PATH or jdbc:postgresql://"), e.getMessage());
  }

  @Test
  void redact_hidesPasswordsAndUserInfo() {
    assertEquals("jdbc:postgresql://***@h/db", LedgerUrl.redact("jdbc:postgresql://bob:pw@h/db"));
    assertEquals("jdbc:postgresql://h/db?password=***&user=x", LedgerUrl.redact("jdbc:postgresql://h/db?password=pw&user=x"));
  }

  @Test
  void ledgerThatGoesAwayMidway_failsTheNextReservation() throws Exception {
    Path f = dir.resolve("l.db");
    BudgetLedger ledger = BudgetLedger.initialize("jdbc:sqlite:" + f);
    ledger.setPolicy(DatasetPolicy.lifetime("d", 1, 0), "officer");
    ledger.close();
    assertThrows(IllegalStateException.class,
        () -> ledger.reserve("d", "r", "j", BudgetRequest.of(MechanismEntry.laplace("count", 0.1))));
  }
}
