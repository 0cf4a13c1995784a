package dev.veil.privacy.anonymize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.keys.KeyPurpose;
import dev.veil.privacy.keys.VeilKeyset;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorsTest {
  @TempDir static Path dir;
  static TestKeys keys;
  static VeilKeyset keyset;

  @BeforeAll
  static void setUp() {
    keys = TestKeys.create(dir);
    keyset = keys.load();
  }

  private static KeyedHash hash(String domain, KeyedHash.Encoding enc, int bytes, boolean prefix) {
    return new KeyedHash(keys.ref(), keyset, keyset.primaryId(KeyPurpose.HMAC), domain, enc, bytes, prefix);
  }

  @Test
  void redactAndReplace() {
    assertEquals("", new Redact().apply("ann@example.com", null));
    assertNull(new Redact().apply(null, null));
    assertEquals("<EMAIL_ADDRESS>", new Replace(null).apply("ann@example.com", PiiClass.EMAIL_ADDRESS));
    assertEquals("<REDACTED>", new Replace(null).apply("x", null));
    assertEquals("n/a", new Replace("n/a").apply("x", PiiClass.EMAIL_ADDRESS));
  }

  @Test
  void mask_countFromStartOrEnd_andKeepLast() {
    assertEquals("****567890", new Mask('*', 4, false, 0, null).apply("1234567890", null));
    assertEquals("123456****", new Mask('*', 4, true, 0, null).apply("1234567890", null));
    assertEquals("******7890", new Mask('*', 0, false, 4, null).apply("1234567890", null));
    assertEquals("1234##7890", new Mask('#', 2, true, 4, null).apply("1234567890", null));
    assertEquals("***", new Mask('*', 10, false, 0, null).apply("abc", null), "count beyond the length masks everything");
    assertEquals("ab", new Mask('*', 0, false, 4, null).apply("ab", null), "keepLast beyond the length keeps everything");
    assertEquals("****@*******.***", new Mask('*', 0, false, 0, "@.").apply("anna@example.com", null));
  }

  @Test
  void hash_encodingsTruncationAndPrefix() {
    String hex = (String) hash("d", KeyedHash.Encoding.HEX, 32, false).apply("ann", null);
    assertTrue(hex.matches("[0-9a-f]{64}"), hex);
    String hex8 = (String) hash("d", KeyedHash.Encoding.HEX, 8, false).apply("ann", null);
    assertEquals(hex.substring(0, 16), hex8, "truncation keeps a prefix of the full HMAC");
    assertTrue(((String) hash("d", KeyedHash.Encoding.BASE64URL, 32, false).apply("ann", null)).matches("[A-Za-z0-9_-]{43}"));
    assertTrue(((String) hash("d", KeyedHash.Encoding.BASE32, 10, false).apply("ann", null)).matches("[A-Z2-7]{16}"));
    String prefixed = (String) hash("d", KeyedHash.Encoding.HEX, 32, true).apply("ann", null);
    assertEquals("k" + keyset.primaryId(KeyPurpose.HMAC) + ":" + hex, prefixed);
    assertNotEquals(hex, hash("e", KeyedHash.Encoding.HEX, 32, false).apply("ann", null));
    assertEquals(FieldType.STRING, hash("d", KeyedHash.Encoding.HEX, 32, false).outputType(FieldType.LONG));
    assertEquals(hash("d", KeyedHash.Encoding.HEX, 32, false).apply("42", null), hash("d", KeyedHash.Encoding.HEX, 32, false).apply(42L, null));
  }

  @Test
  void base32_matchesRfc4648Vectors() {
    assertEquals("MZXW6YTBOI", Codecs.base32("foobar".getBytes()));
    assertEquals("MY", Codecs.base32("f".getBytes()));
  }

  @Test
  void numericBins() {
    Generalize.NumericBins b = new Generalize.NumericBins(10, 0);
    assertEquals("[30, 40)", b.apply(39L, null));
    assertEquals("[40, 50)", b.apply(40L, null));
    assertEquals("[-10, 0)", b.apply(-0.5, null));
    assertEquals("[2.5, 5)", new Generalize.NumericBins(2.5, 0).apply(4.9, null));
    assertThrows(IllegalArgumentException.class, () -> new Generalize.NumericBins(0, 0));
    assertThrows(IllegalArgumentException.class, () -> b.outputType(FieldType.STRING));
  }

  @Test
  void dateTruncationAndPostalPrefix() {
    assertEquals(LocalDate.of(2024, 3, 1), new Generalize.DateTruncation("month").apply(LocalDate.of(2024, 3, 17), null));
    assertEquals(LocalDate.of(2024, 1, 1), new Generalize.DateTruncation("year").apply(LocalDate.of(2024, 3, 17), null));
    assertEquals(Instant.parse("2024-03-01T00:00:00Z"),
        new Generalize.DateTruncation("month").apply(Instant.parse("2024-03-17T22:10:00Z"), null));
    assertEquals("941**", new Generalize.PostalPrefix(3, "*").apply("94117", null));
    assertEquals("941", new Generalize.PostalPrefix(3, "").apply("94117", null));
    assertEquals("94", new Generalize.PostalPrefix(3, "*").apply("94", null));
  }

  @Test
  void topBottomCoding_clampsAndKeepsTheType() {
    Generalize.TopBottomCoding t = new Generalize.TopBottomCoding(18.0, 90.0);
    assertEquals(90L, t.apply(104L, null));
    assertEquals(18L, t.apply(3L, null));
    assertEquals(45L, t.apply(45L, null));
    assertEquals(90.0, t.apply(120.5, null));
    assertThrows(IllegalArgumentException.class, () -> new Generalize.TopBottomCoding(18.5, null).outputType(FieldType.LONG));
    assertThrows(IllegalArgumentException.class, () -> new Generalize.TopBottomCoding(10.0, 5.0));
  }

  @Test
  void dateShift_isConstantPerSubject_withinBounds_andPreservesIntervals() {
    DateShift s = new DateShift(keys.ref(), keyset, keyset.primaryId(KeyPurpose.HMAC), "visits", 30, "patient");
    LocalDate admit = LocalDate.of(2024, 2, 27);
    LocalDate discharge = LocalDate.of(2024, 3, 4);
    Set<Long> shifts = new HashSet<>();
    for (int p = 0; p < 200; p++) {
      String id = "patient-" + p;
      LocalDate a = (LocalDate) s.shift(admit, id);
      LocalDate d = (LocalDate) s.shift(discharge, id);
      assertEquals(ChronoUnit.DAYS.between(admit, discharge), ChronoUnit.DAYS.between(a, d), "interval kept");
      long k = ChronoUnit.DAYS.between(admit, a);
      assertTrue(k >= -30 && k <= 30, "shift " + k);
      shifts.add(k);
    }
    // 200 subjects over 61 possible shifts: fewer than 30 distinct values would mean a broken spread
    // (probability under uniformity far below 1e-12)
    assertTrue(shifts.size() >= 30, "distinct shifts: " + shifts.size());
    Instant t = Instant.parse("2024-02-27T10:00:00Z");
    assertEquals(ChronoUnit.DAYS.between(admit, (LocalDate) s.shift(admit, "x")),
        ChronoUnit.DAYS.between(t, (Instant) s.shift(t, "x")), "dates and timestamps of one subject move alike");
    assertThrows(UnencodableValueException.class, () -> s.shift(admit, null));
  }

  @Test
  void operatorsFactory_rejectsUnknownOpsAndKeys() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Operators.validate(Map.of("op", "shred")));
    assertTrue(e.getMessage().startsWith("op must be one of"), e.getMessage());
    IllegalArgumentException k = assertThrows(IllegalArgumentException.class, () -> Operators.validate(Map.of("op", "hash", "salt", "x")));
    assertTrue(k.getMessage().contains("Provided key: 'salt'"), k.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Operators.validate(Map.of("op", "hash", "bytes", "4")));
    assertThrows(IllegalArgumentException.class, () -> Operators.validate(Map.of("op", "dateshift")));
    assertThrows(IllegalArgumentException.class, () -> Operators.validate(Map.of("op", "ff1", "alphabet", "emoji")));
  }
}
