package dev.veil.privacy.anonymize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.keys.KeyPurpose;
import dev.veil.privacy.keys.VeilKeyset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class Ff1Test {
  @TempDir static Path dir;
  static TestKeys keys;
  static VeilKeyset keyset;

  @BeforeAll
  static void setUp() {
    keys = TestKeys.create(dir);
    keyset = keys.load();
  }

  static Ff1 ff1(String alphabet, boolean luhn) {
    return new Ff1(keys.ref(), keyset, keyset.primaryId(KeyPurpose.FF1), alphabet, null, "cards", luhn);
  }

  /** Every NIST SP 800-38G FF1 sample encrypts and decrypts exactly (radix 36 uses 0-9a-z). */
  @Tag("shared-data")
  @TestFactory
  List<DynamicTest> nistSamples_encryptAndDecryptExactly() throws IOException {
    String root = System.getProperty("veil.shared.data");
    if (root == null || root.isBlank()) {
      throw new IllegalStateException("veil.shared.data must name the shared data folder (run with -Pshared-data). Provided value: " + root);
    }
    List<String> lines = Files.readAllLines(Path.of(root, "fpe", "nist_ff1_samples.tsv"), StandardCharsets.UTF_8);
    List<DynamicTest> tests = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) continue;
      String[] c = line.split("\t", -1);
      tests.add(DynamicTest.dynamicTest("sample " + c[0] + " " + c[1], () -> {
        KeyParameter key = new KeyParameter(HexFormat.of().parseHex(c[2]));
        int radix = Integer.parseInt(c[3]);
        byte[] tweak = HexFormat.of().parseHex(c[4]);
        String alphabet = Ff1.alphabetOf("base36").substring(0, radix);
        byte[] pt = numerals(c[5], alphabet);
        byte[] ct = Ff1.process(key, radix, tweak, pt, true);
        assertEquals(c[6], text(ct, alphabet));
        assertArrayEquals(pt, Ff1.process(key, radix, tweak, numerals(c[6], alphabet), false));
      }));
    }
    assertEquals(9, tests.size(), "the file holds the 9 NIST samples");
    return tests;
  }

  private static byte[] numerals(String s, String alphabet) {
    byte[] out = new byte[s.length()];
    for (int i = 0; i < s.length(); i++) out[i] = (byte) alphabet.indexOf(s.charAt(i));
    return out;
  }

  private static String text(byte[] n, String alphabet) {
    StringBuilder sb = new StringBuilder();
    for (byte b : n) sb.append(alphabet.charAt(b));
    return sb.toString();
  }

  static boolean luhnValid(String digits) {
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  @Test
  void cardNumber_keepsSeparatorsLengthAndAValidLuhnDigit_andDecrypts() {
    Ff1 op = ff1("digits", true);
    String card = "4111-1111-1111-1111";
    String enc = (String) op.apply(card, null);
    assertNotEquals(card, enc);
    assertEquals(card.length(), enc.length());
    assertTrue(enc.matches("\\d{4}-\\d{4}-\\d{4}-\\d{4}"), enc);
    assertTrue(luhnValid(enc.replace("-", "")), enc);
    assertEquals(card, op.decrypt(enc));
  }

  @Test
  void tooShort_failsNamingTheNistMinimumButNotTheValue() {
    UnencodableValueException e = assertThrows(UnencodableValueException.class, () -> ff1("digits", false).apply("12345", null));
    assertTrue(e.getMessage().contains("at least 6"), e.getMessage());
    assertFalse(e.getMessage().contains("12345"), e.getMessage());
    assertEquals("123456".length(), ((String) ff1("digits", false).apply("123456", null)).length());
    // 26^5 = 11,881,376 >= 10^6, 26^4 is not
    assertThrows(UnencodableValueException.class, () -> ff1("lower", false).apply("abcd", null));
    assertEquals(5, ((String) ff1("lower", false).apply("abcde", null)).length());
  }

  @Test
  void characterOutsideAlphabet_failsWithoutTheValue() {
    UnencodableValueException e = assertThrows(UnencodableValueException.class, () -> ff1("digits", false).apply("12345678x9", null));
    assertTrue(e.getMessage().contains("outside the FF1 alphabet digits"), e.getMessage());
    assertFalse(e.getMessage().contains("12345678x9"), e.getMessage());
  }

  @Test
  void configuration_rejectsLuhnOnLettersAndBadAlphabets() {
    assertThrows(IllegalArgumentException.class, () -> ff1("letters", true));
    assertThrows(IllegalArgumentException.class, () -> ff1("custom:aa", false));
    assertThrows(IllegalArgumentException.class, () -> ff1("hex", false));
    assertEquals("xyz", Ff1.alphabetOf("custom:xyz"));
    assertEquals(6, Ff1.minLength(10));
    assertEquals(5, Ff1.minLength(26));
    assertEquals(20, Ff1.minLength(2));
  }

  @Test
  void domain_isTheTweak_soDomainsGiveDifferentCiphertexts() {
    int id = keyset.primaryId(KeyPurpose.FF1);
    Ff1 a = new Ff1(keys.ref(), keyset, id, "digits", null, "a", false);
    Ff1 b = new Ff1(keys.ref(), keyset, id, "digits", null, "b", false);
    assertNotEquals(a.apply("1234567890", null), b.apply("1234567890", null));
  }

  @Test
  void luhnCheckDigit_matchesAKnownValidNumber() {
    // 7992739871 has check digit 3 (the textbook Luhn example)
    byte[] d = numerals("7992739871", "0123456789");
    assertEquals(3, Ff1.luhnCheckDigit(d));
  }
}
