package dev.veil.privacy.detect.recognizers;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Published check algorithms of national identifiers and bank numbers, each over the compact
 * upper-case form (separators already removed). Every method answers false, never throws, for input
 * of the wrong length or alphabet. Stateless and thread-safe.
 */
public final class IdChecks {
  private IdChecks() {}

  static boolean allDigits(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  private static int d(String s, int i) {
    return s.charAt(i) - '0';
  }

  private static final String NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

  /** Spanish DNI/NIF: eight digits and the letter {@code TRWAGMYFPDXBNJZSQVHLCKE[n mod 23]}. */
  public static boolean esNif(String s) {
    if (s.length() != 9 || !allDigits(s.substring(0, 8))) return false;
    return NIF_LETTERS.charAt(Integer.parseInt(s.substring(0, 8)) % 23) == s.charAt(8);
  }

  /** Spanish NIE: X, Y or Z (read as 0, 1, 2), seven digits and the NIF mod-23 letter. */
  public static boolean esNie(String s) {
    if (s.length() != 9) return false;
    int p = "XYZ".indexOf(s.charAt(0));
    if (p < 0 || !allDigits(s.substring(1, 8))) return false;
    return NIF_LETTERS.charAt(Integer.parseInt(p + s.substring(1, 8)) % 23) == s.charAt(8);
  }

  // odd-position values of 0-9 and A-Z in the Italian fiscal code (positions 1, 3, ... 15, 1-based)
  private static final int[] IT_ODD = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
  private static final String IT_MONTHS = "ABCDEHLMPRST";
  private static final String IT_OMOCODIA = "LMNPQRSTUV";
  private static final int[] IT_DIGIT_POSITIONS = {6, 7, 9, 10, 12, 13, 14};

  /**
   * Italian codice fiscale of a person: six letters (surname, name), two-digit year, month letter
   * ({@code ABCDEHLMPRST}), day 1-31 (plus 40 for women), a letter and three digits (place), and
   * the check letter from the odd/even tables mod 26. Digits may be replaced by the omocodia letters
   * {@code LMNPQRSTUV} (for 0-9); the check is computed over the code as written.
   */
  public static boolean itFiscalCode(String s) {
    if (s.length() != 16) return false;
    for (int i = 0; i < 16; i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) return false;
    }
    for (int i : new int[] {0, 1, 2, 3, 4, 5, 8, 11, 15}) {
      if (!Character.isLetter(s.charAt(i))) return false;
    }
    char[] plain = s.toCharArray();
    for (int i : IT_DIGIT_POSITIONS) {
      char c = plain[i];
      if (c >= '0' && c <= '9') continue;
      int o = IT_OMOCODIA.indexOf(c);
      if (o < 0) return false;
      plain[i] = (char) ('0' + o);
    }
    int month = IT_MONTHS.indexOf(plain[8]);
    int day = (plain[9] - '0') * 10 + (plain[10] - '0');
    if (day > 40) day -= 40;
    if (month < 0 || day < 1 || day > 31) return false;
    int sum = 0;
    for (int i = 0; i < 15; i++) {
      char c = s.charAt(i);
      int v = c <= '9' ? c - '0' : c - 'A';
      sum += i % 2 == 0 ? IT_ODD[v] : v;
    }
    return s.charAt(15) == 'A' + sum % 26;
  }

  /** ISO 7064 MOD 11,10 (hybrid system): the last digit checks the others. */
  public static boolean iso7064Mod11Mod10(String s) {
    if (s.length() < 2 || !allDigits(s)) return false;
    int product = 10;
    for (int i = 0; i < s.length() - 1; i++) {
      int sum = (d(s, i) + product) % 10;
      if (sum == 0) sum = 10;
      product = (2 * sum) % 11;
    }
    int check = 11 - product;
    if (check == 10) check = 0;
    return check == d(s, s.length() - 1);
  }

  /**
   * German Steuerliche Identifikationsnummer: eleven digits, the first not 0; among the first ten,
   * exactly one digit occurs twice or three times and the others at most once, and no digit occurs
   * three times in a row; the last digit is the ISO 7064 MOD 11,10 check digit.
   */
  public static boolean deTaxId(String s) {
    if (s.length() != 11 || !allDigits(s) || s.charAt(0) == '0') return false;
    int[] count = new int[10];
    for (int i = 0; i < 10; i++) count[d(s, i)]++;
    int repeated = 0;
    for (int c : count) {
      if (c > 3) return false;
      if (c >= 2) repeated++;
    }
    if (repeated != 1) return false;
    for (int i = 2; i < 10; i++) {
      if (s.charAt(i) == s.charAt(i - 1) && s.charAt(i) == s.charAt(i - 2)) return false;
    }
    return iso7064Mod11Mod10(s);
  }

  private static final int[] SG_WEIGHTS = {2, 7, 6, 5, 4, 3, 2};

  /**
   * Singapore NRIC/FIN: prefix S, T (citizens), F, G, M (foreigners), seven digits and a check
   * letter: weights 2,7,6,5,4,3,2, plus 4 for T and G, plus 3 for M, mod 11, mapped through
   * {@code JZIHGFEDCBA} (S, T), {@code XWUTRQPNMLK} (F, G) or {@code KLJNPQRTUWX} reversed (M).
   */
  public static boolean sgNric(String s) {
    if (s.length() != 9 || !allDigits(s.substring(1, 8))) return false;
    char prefix = s.charAt(0);
    int sum = 0;
    for (int i = 0; i < 7; i++) sum += d(s, i + 1) * SG_WEIGHTS[i];
    char check;
    switch (prefix) {
      case 'S' -> check = "JZIHGFEDCBA".charAt(sum % 11);
      case 'T' -> check = "JZIHGFEDCBA".charAt((sum + 4) % 11);
      case 'F' -> check = "XWUTRQPNMLK".charAt(sum % 11);
      case 'G' -> check = "XWUTRQPNMLK".charAt((sum + 4) % 11);
      case 'M' -> check = "KLJNPQRTUWX".charAt(10 - (sum + 3) % 11);
      default -> {
        return false;
      }
    }
    return s.charAt(8) == check;
  }

  private static boolean weighted(String s, int[] w, int mod) {
    if (s.length() != w.length || !allDigits(s)) return false;
    int sum = 0;
    for (int i = 0; i < w.length; i++) sum += d(s, i) * w[i];
    return sum % mod == 0;
  }

  /** Australian Tax File Number: nine digits, weights 1,4,3,7,5,8,6,9,10, sum divisible by 11. */
  public static boolean auTfn(String s) {
    return weighted(s, new int[] {1, 4, 3, 7, 5, 8, 6, 9, 10}, 11);
  }

  /** Australian Business Number: eleven digits; subtract 1 from the first, weights 10,1,3,...,19, sum divisible by 89. */
  public static boolean auAbn(String s) {
    if (s.length() != 11 || !allDigits(s) || s.charAt(0) == '0') return false;
    String t = (char) (s.charAt(0) - 1) + s.substring(1);
    return weighted(t, new int[] {10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19}, 89);
  }

  /** Australian Company Number: nine digits, weights 8..1 on the first eight, check = (10 - sum mod 10) mod 10. */
  public static boolean auAcn(String s) {
    if (s.length() != 9 || !allDigits(s)) return false;
    int sum = 0;
    for (int i = 0; i < 8; i++) sum += d(s, i) * (8 - i);
    return (10 - sum % 10) % 10 == d(s, 8);
  }

  /**
   * Australian Medicare card number: ten digits (eleven with the individual reference number 1-9),
   * first digit 2-6, weights 1,3,7,9,1,3,7,9 on the first eight, sum mod 10 equal to the ninth; the
   * tenth (issue number) is not 0.
   */
  public static boolean auMedicare(String s) {
    if (s.length() != 10 && s.length() != 11 || !allDigits(s)) return false;
    if (s.charAt(0) < '2' || s.charAt(0) > '6' || s.charAt(9) == '0' || s.length() == 11 && s.charAt(10) == '0') return false;
    int[] w = {1, 3, 7, 9, 1, 3, 7, 9};
    int sum = 0;
    for (int i = 0; i < 8; i++) sum += d(s, i) * w[i];
    return sum % 10 == d(s, 8);
  }

  /**
   * Polish PESEL: eleven digits, a valid birth date YYMMDD with the century in the month (+80 for
   * 1800s, +0, +20, +40, +60 for 1900s to 2200s), weights 1,3,7,9,1,3,7,9,1,3 and check =
   * (10 - sum mod 10) mod 10.
   */
  public static boolean pesel(String s) {
    if (s.length() != 11 || !allDigits(s)) return false;
    int yy = d(s, 0) * 10 + d(s, 1);
    int mm = d(s, 2) * 10 + d(s, 3);
    int dd = d(s, 4) * 10 + d(s, 5);
    int century = switch (mm / 20) {
      case 0 -> 1900;
      case 1 -> 2000;
      case 2 -> 2100;
      case 3 -> 2200;
      default -> 1800;
    };
    if (!validDate(century + yy, mm % 20, dd)) return false;
    int[] w = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
    int sum = 0;
    for (int i = 0; i < 10; i++) sum += d(s, i) * w[i];
    return (10 - sum % 10) % 10 == d(s, 10);
  }

  private static final String FI_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY";

  /**
   * Finnish henkilötunnus: DDMMYY, century sign ({@code +} 1800s; {@code -YXWVU} 1900s;
   * {@code ABCDEF} 2000s), individual number 002-899, and the check character of the nine digits
   * mod 31 from {@code 0123456789ABCDEFHJKLMNPRSTUVWXY}; the birth date must exist.
   */
  public static boolean fiHetu(String s) {
    if (s.length() != 11 || !allDigits(s.substring(0, 6)) || !allDigits(s.substring(7, 10))) return false;
    char c = s.charAt(6);
    int century;
    if (c == '+') century = 1800;
    else if ("-YXWVU".indexOf(c) >= 0) century = 1900;
    else if ("ABCDEF".indexOf(c) >= 0) century = 2000;
    else return false;
    if (!validDate(century + Integer.parseInt(s.substring(4, 6)), Integer.parseInt(s.substring(2, 4)),
        Integer.parseInt(s.substring(0, 2)))) {
      return false;
    }
    int individual = Integer.parseInt(s.substring(7, 10));
    if (individual < 2 || individual > 899) return false;
    int n = Integer.parseInt(s.substring(0, 6) + s.substring(7, 10));
    return FI_CHECK.charAt(n % 31) == s.charAt(10);
  }

  /** US ITIN: nine digits, area 9xx, group 50-65, 70-88, 90-92 or 94-99. */
  public static boolean usItin(String s) {
    if (s.length() != 9 || !allDigits(s) || s.charAt(0) != '9') return false;
    int g = d(s, 3) * 10 + d(s, 4);
    return g >= 50 && g <= 65 || g >= 70 && g <= 88 || g >= 90 && g <= 92 || g >= 94;
  }

  /**
   * Indian PAN: five letters, four digits, a letter; the fourth letter is the holder type (P person,
   * C company, H Hindu undivided family, A association, B body of individuals, G government, J
   * artificial juridical person, L local authority, F firm, T trust). The final letter is a check
   * character whose algorithm is not published, so it is not verified.
   */
  public static boolean inPan(String s) {
    if (s.length() != 10) return false;
    for (int i = 0; i < 10; i++) {
      char c = s.charAt(i);
      boolean digit = i >= 5 && i <= 8;
      if (digit ? !(c >= '0' && c <= '9') : !(c >= 'A' && c <= 'Z')) return false;
    }
    return "ABCFGHJLPT".indexOf(s.charAt(3)) >= 0;
  }

  /**
   * US ABA routing transit number: nine digits, the first two in 00-12, 21-32, 61-72 or 80, and
   * 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) divisible by 10; all zeros is not a number.
   */
  public static boolean abaRouting(String s) {
    if (s.length() != 9 || !allDigits(s) || s.equals("000000000")) return false;
    int p = d(s, 0) * 10 + d(s, 1);
    if (!(p <= 12 || p >= 21 && p <= 32 || p >= 61 && p <= 72 || p == 80)) return false;
    int sum = 0;
    for (int i = 0; i < 9; i += 3) sum += 3 * d(s, i) + 7 * d(s, i + 1) + d(s, i + 2);
    return sum % 10 == 0;
  }

  /** Whether year-month-day is a date of the proleptic Gregorian calendar. */
  public static boolean validDate(int year, int month, int day) {
    if (month < 1 || month > 12 || day < 1 || day > 31) return false;
    try {
      LocalDate.of(year, month, day);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }
}
