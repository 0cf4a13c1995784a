package dev.veil.privacy.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The canonical serialization is a published format: these tests pin it byte for byte. */
class LedgerEntryTest {
  @Test
  void canonicalBytes_areTheDocumentedLengthPrefixedFields() {
    byte[] b = LedgerEntry.canonicalBytes(7, "2026-01-05T09:00:00.000Z", "RESERVED", "sales", "run-1", "", "daily", "daily", "",
        "{\"mechanisms\":[]}", LedgerEntry.GENESIS_HASH);
    String expected = "veil-ledger-entry-v1\n"
        + "seq=1:7\n"
        + "time=24:2026-01-05T09:00:00.000Z\n"
        + "kind=8:RESERVED\n"
        + "dataset=5:sales\n"
        + "run_id=5:run-1\n"
        + "request_id=0:\n"
        + "job=5:daily\n"
        + "actor=5:daily\n"
        + "note=0:\n"
        + "payload=17:{\"mechanisms\":[]}\n"
        + "prev_hash=64:" + "0".repeat(64) + "\n";
    assertEquals(expected, new String(b, StandardCharsets.UTF_8));
  }

  @Test
  void lengthsCountUtf8Bytes_soFieldBoundariesCannotShift() {
    String withUmlaut = new String(LedgerEntry.canonicalBytes(1, "t", "POLICY_SET", "Kundenüberblick", "", "", "", "", "", "{}", "h"),
        StandardCharsets.UTF_8);
    assertEquals(true, withUmlaut.contains("dataset=16:Kundenüberblick\n"));
    // moving a character from one field to the next changes the bytes
    assertNotEquals(LedgerEntry.hash(1, "t", "K", "ab", "c", "", "", "", "", "{}", "h"),
        LedgerEntry.hash(1, "t", "K", "a", "bc", "", "", "", "", "{}", "h"));
  }

  @Test
  void hash_isSha256OfTheCanonicalBytes() throws Exception {
    byte[] b = LedgerEntry.canonicalBytes(1, "t", "K", "d", "", "", "", "", "", "{}", LedgerEntry.GENESIS_HASH);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    assertEquals(expected, LedgerEntry.hash(1, "t", "K", "d", "", "", "", "", "", "{}", LedgerEntry.GENESIS_HASH));
  }
}
