package dev.veil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Which ledger {@code veil dp aggregate} charges: the option, else {@code $VEIL_LEDGER}, else none. */
class DpCommandTest {

  @Test
  void ledgerOption_winsOverTheEnvironment() {
    assertEquals("jdbc:sqlite:a.db", DpCommand.Aggregate.ledgerUrl("jdbc:sqlite:a.db", "jdbc:sqlite:env.db"));
  }

  @Test
  void withoutOption_theEnvironmentVariableVeilBudgetAlsoReadsIsUsed() {
    assertEquals("jdbc:sqlite:env.db", DpCommand.Aggregate.ledgerUrl(null, "jdbc:sqlite:env.db"));
    assertEquals("jdbc:sqlite:env.db", DpCommand.Aggregate.ledgerUrl(" ", "jdbc:sqlite:env.db"));
  }

  @Test
  void withNeither_nothingIsRecorded() {
    assertNull(DpCommand.Aggregate.ledgerUrl(null, null));
    assertNull(DpCommand.Aggregate.ledgerUrl(null, ""));
  }
}
