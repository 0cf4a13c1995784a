package dev.veil.privacy.detect.recognizers;

/** Check-digit algorithms over strings of ASCII digits. Stateless. */
public final class Checksums {
  private Checksums() {}

  /** Luhn (mod 10): the whole string, check digit last, is valid. */
  public static boolean luhn(String digits) {
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) return false;
      if (dbl) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      dbl = !dbl;
    }
    return !digits.isEmpty() && sum % 10 == 0;
  }

  private static final int[][] D = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
      {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
      {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
      {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  private static final int[][] P = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
      {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
      {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

  /** Verhoeff (dihedral group D5): the whole string, check digit last, is valid. */
  public static boolean verhoeff(String digits) {
    int c = 0;
    int n = digits.length();
    for (int i = 0; i < n; i++) {
      int d = digits.charAt(n - 1 - i) - '0';
      if (d < 0 || d > 9) return false;
      c = D[c][P[i % 8][d]];
    }
    return n > 0 && c == 0;
  }

  /**
   * NHS number mod 11: weights 10..2 on the first nine digits, check = 11 - (sum mod 11), where 11
   * means 0 and 10 means the number is invalid; the check must equal the tenth digit.
   */
  public static boolean nhs(String digits) {
    if (digits.length() != 10) return false;
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) return false;
      sum += d * (10 - i);
    }
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check == 10) return false;
    return check == digits.charAt(9) - '0';
  }
}
