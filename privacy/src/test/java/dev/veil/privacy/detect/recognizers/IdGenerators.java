package dev.veil.privacy.detect.recognizers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Test-side generators of valid identifiers, each computing the check character that completes a
 * random body from the published algorithm, written independently of {@link IdChecks} (they derive
 * the check, the main code verifies it). Seeded, so every run sees the same values; none is a real
 * person's identifier.
 */
final class IdGenerators {
  private IdGenerators() {}

  static String digits(Random r, int n) {
    return TestNumbers.randomDigits(r, n);
  }

  static String nif(Random r) {
    String body = String.format("%08d", r.nextInt(100_000_000));
    return body + "TRWAGMYFPDXBNJZSQVHLCKE".charAt(new BigInteger(body).mod(BigInteger.valueOf(23)).intValue());
  }

  static String nie(Random r) {
    char p = "XYZ".charAt(r.nextInt(3));
    String body = digits(r, 7);
    return p + body + "TRWAGMYFPDXBNJZSQVHLCKE".charAt(Integer.parseInt("XYZ".indexOf(p) + body) % 23);
  }

  /** ISO 7064 MOD 11,10 check digit of {@code body}, computed as the digit that makes the check come out at 1. */
  static int mod11Mod10Check(String body) {
    int p = 10;
    for (char c : body.toCharArray()) {
      int s = (c - '0' + p) % 10;
      if (s == 0) s = 10;
      p = s * 2 % 11;
    }
    return (11 - p) % 10;
  }

  /** A German tax id: ten digits with exactly one digit twice (not three in a row), first not 0, plus the check digit. */
  static String deTaxId(Random r) {
    while (true) {
      List<Character> ds = new ArrayList<>();
      for (char c = '0'; c <= '9'; c++) ds.add(c);
      java.util.Collections.shuffle(ds, r);
      // nine distinct digits and one of them again
      List<Character> ten = new ArrayList<>(ds.subList(0, 9));
      ten.add(ten.get(r.nextInt(9)));
      java.util.Collections.shuffle(ten, r);
      if (ten.get(0) == '0') continue;
      StringBuilder sb = new StringBuilder();
      for (char c : ten) sb.append(c);
      return sb.toString() + mod11Mod10Check(sb.toString());
    }
  }

  private static final int[] IT_ODD = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};

  static char itCheck(String first15) {
    int sum = 0;
    for (int i = 0; i < 15; i++) {
      char c = first15.charAt(i);
      int v = Character.isDigit(c) ? c - '0' : c - 'A';
      sum += (i + 1) % 2 == 1 ? IT_ODD[v] : v;
    }
    return (char) ('A' + sum % 26);
  }

  static String itFiscal(Random r, boolean omocodia) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 6; i++) sb.append((char) ('A' + r.nextInt(26)));
    sb.append(String.format("%02d", r.nextInt(100)));
    sb.append("ABCDEHLMPRST".charAt(r.nextInt(12)));
    int day = 1 + r.nextInt(28) + (r.nextBoolean() ? 40 : 0);
    sb.append(String.format("%02d", day));
    sb.append((char) ('A' + r.nextInt(26)));
    sb.append(String.format("%03d", r.nextInt(1000)));
    if (omocodia) {
      for (int p : new int[] {14, 13, 12}) {
        sb.setCharAt(p, "LMNPQRSTUV".charAt(sb.charAt(p) - '0'));
      }
    }
    return sb.toString() + itCheck(sb.toString());
  }

  static String sgNric(Random r, char prefix) {
    String body = digits(r, 7);
    int[] w = {2, 7, 6, 5, 4, 3, 2};
    int sum = 0;
    for (int i = 0; i < 7; i++) sum += (body.charAt(i) - '0') * w[i];
    char check = switch (prefix) {
      case 'S' -> "JZIHGFEDCBA".charAt(sum % 11);
      case 'T' -> "JZIHGFEDCBA".charAt((sum + 4) % 11);
      case 'F' -> "XWUTRQPNMLK".charAt(sum % 11);
      case 'G' -> "XWUTRQPNMLK".charAt((sum + 4) % 11);
      default -> "XWUTRQPNJLK".charAt((sum + 3) % 11);
    };
    return prefix + body + check;
  }

  /** A body whose weighted sum is completed to a multiple of {@code mod} by trying each last digit. */
  static String weightedMultiple(Random r, int[] w, int mod) {
    while (true) {
      String body = digits(r, w.length - 1);
      for (int c = 0; c <= 9; c++) {
        String s = body + c;
        int sum = 0;
        for (int i = 0; i < w.length; i++) sum += (s.charAt(i) - '0') * w[i];
        if (sum % mod == 0) return s;
      }
    }
  }

  static String tfn(Random r) {
    return weightedMultiple(r, new int[] {1, 4, 3, 7, 5, 8, 6, 9, 10}, 11);
  }

  static String abn(Random r) {
    while (true) {
      String s = digits(r, 11);
      if (s.charAt(0) == '0') continue;
      // adjust the last two digits (weights 17, 19) until the sum is divisible by 89
      for (int x = 0; x < 100; x++) {
        String t = s.substring(0, 9) + String.format("%02d", x);
        int[] w = {10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19};
        int sum = (t.charAt(0) - '0' - 1) * w[0];
        for (int i = 1; i < 11; i++) sum += (t.charAt(i) - '0') * w[i];
        if (sum % 89 == 0) return t;
      }
    }
  }

  static String acn(Random r) {
    String body = digits(r, 8);
    int sum = 0;
    for (int i = 0; i < 8; i++) sum += (body.charAt(i) - '0') * (8 - i);
    return body + (10 - sum % 10) % 10;
  }

  static String medicare(Random r) {
    String body = (2 + r.nextInt(5)) + digits(r, 7);
    int[] w = {1, 3, 7, 9, 1, 3, 7, 9};
    int sum = 0;
    for (int i = 0; i < 8; i++) sum += (body.charAt(i) - '0') * w[i];
    return body + sum % 10 + (1 + r.nextInt(9));
  }

  static String pesel(Random r) {
    int year = 1900 + r.nextInt(200);
    int month = 1 + r.nextInt(12);
    int day = 1 + r.nextInt(28);
    int coded = month + (year >= 2000 ? 20 : 0);
    String body = String.format("%02d%02d%02d", year % 100, coded, day) + digits(r, 4);
    int[] w = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
    int sum = 0;
    for (int i = 0; i < 10; i++) sum += (body.charAt(i) - '0') * w[i];
    return body + (10 - sum % 10) % 10;
  }

  static String hetu(Random r) {
    int day = 1 + r.nextInt(28);
    int month = 1 + r.nextInt(12);
    int yy = r.nextInt(100);
    char sign = "-A".charAt(r.nextInt(2));
    int ind = 2 + r.nextInt(898);
    String d6 = String.format("%02d%02d%02d", day, month, yy);
    String n3 = String.format("%03d", ind);
    return d6 + sign + n3 + "0123456789ABCDEFHJKLMNPRSTUVWXY".charAt(Integer.parseInt(d6 + n3) % 31);
  }

  static String itin(Random r) {
    int[][] ranges = {{50, 65}, {70, 88}, {90, 92}, {94, 99}};
    int[] g = ranges[r.nextInt(4)];
    return "9" + digits(r, 2) + (g[0] + r.nextInt(g[1] - g[0] + 1)) + digits(r, 4);
  }

  static String aba(Random r) {
    int[] prefixes = {1, 5, 12, 21, 26, 32, 61, 67, 72, 80};
    while (true) {
      String body = String.format("%02d", prefixes[r.nextInt(prefixes.length)]) + digits(r, 6);
      for (int c = 0; c <= 9; c++) {
        String s = body + c;
        int sum = 0;
        int[] w = {3, 7, 1, 3, 7, 1, 3, 7, 1};
        for (int i = 0; i < 9; i++) sum += (s.charAt(i) - '0') * w[i];
        if (sum % 10 == 0) return s;
      }
    }
  }

  private static final String B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  /** A Base58Check string of {@code version} and a random 20-byte hash (test-side encoder). */
  static String base58Address(Random r, int version) throws Exception {
    byte[] payload = new byte[21];
    payload[0] = (byte) version;
    for (int i = 1; i < 21; i++) payload[i] = (byte) r.nextInt(256);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] h = sha.digest(sha.digest(payload));
    byte[] all = new byte[25];
    System.arraycopy(payload, 0, all, 0, 21);
    System.arraycopy(h, 0, all, 21, 4);
    BigInteger n = new BigInteger(1, all);
    StringBuilder sb = new StringBuilder();
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(BigInteger.valueOf(58));
      sb.append(B58.charAt(qr[1].intValue()));
      n = qr[0];
    }
    for (byte b : all) {
      if (b != 0) break;
      sb.append('1');
    }
    return sb.reverse().toString();
  }

  static String alnum(Random r, int n) {
    String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) sb.append(a.charAt(r.nextInt(a.length())));
    return sb.toString();
  }

  static String b64url(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static String jwt(Random r) {
    byte[] sig = new byte[32];
    r.nextBytes(sig);
    return b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64url("{\"sub\":\"" + alnum(r, 10) + "\",\"iat\":" + r.nextInt(1 << 30) + "}")
        + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
  }

  /** Every single-character substitution of {@code valid} from {@code alphabet}, except at {@code skip} positions, fails {@code check}. */
  static void assertEverySubstitutionFails(Predicate<String> check, String valid, String alphabet, int... skip) {
    assertTrue(check.test(valid), valid);
    for (int i = 0; i < valid.length(); i++) {
      final int at = i;
      if (java.util.Arrays.stream(skip).anyMatch(s -> s == at)) continue;
      for (char c : alphabet.toCharArray()) {
        if (c == valid.charAt(i)) continue;
        String changed = valid.substring(0, i) + c + valid.substring(i + 1);
        assertFalse(check.test(changed), () -> "changed at " + at + ": " + changed);
      }
    }
  }
}
