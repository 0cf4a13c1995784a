package dev.veil.privacy.detect.recognizers;

import dev.veil.privacy.detect.TextScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A hand-written scanner for dates and times as people write them, shared by {@link
 * DateTimeRecognizer} and {@link DateOfBirthRecognizer}. Forms:
 *
 * <ul>
 *   <li>ISO and year-first: {@code 2021-03-03}, {@code 2021/3/3}, {@code 2021.03.03}, optionally
 *       followed by {@code T} or a space and a time with seconds, fraction and zone
 *       ({@code 2021-03-03T14:05:09.123Z}, {@code +01:00});
 *   <li>numeric day and month in either order: {@code 03/04/2021}, {@code 3-4-2021},
 *       {@code 03.04.2021}, {@code 03/04/21} (two-digit years with {@code /} or {@code .} only);
 *       valid when either reading (month-first or day-first) is a calendar date;
 *   <li>month names (full, or three-letter abbreviations and {@code Sept}, optionally with a dot):
 *       {@code March 3, 2021}, {@code Mar. 3rd 2021}, {@code March 3}, {@code March 2021},
 *       {@code 3 March 2021}, {@code 3rd of March, 2021}, {@code 3rd March};
 *   <li>times: {@code 14:05}, {@code 14:05:09}, {@code 2:30 pm}, {@code 2pm}, {@code 2 p.m.},
 *       optionally followed by {@code Z}, {@code UTC}, {@code GMT} or {@code +hh:mm};
 *   <li>a date followed by a time (after a space, {@code ", "}, {@code " at "} or {@code T}) is
 *       one span.
 * </ul>
 *
 * <p>Validation: every date is checked against the Gregorian calendar ({@code 2021-02-29} and
 * {@code 31/04/2021} are rejected; without a year, the day must exist in some year); an ordinal
 * suffix must agree with its number ({@code 1st}, {@code 2nd}, {@code 3rd}, {@code 11th}); hours are
 * 0-23 (1-12 with am/pm), minutes and seconds 0-59. Years are 1000-2999.
 *
 * <p>Linear time: a match is tried only at word starts, each try reads a bounded number of
 * characters (under 80), and the scan resumes after a match. No regular expressions.
 */
final class DateScanner {
  private DateScanner() {}

  /** A date or time found: {@code [start, end)}, whether it holds a date, and its score. */
  record Found(int start, int end, boolean hasDate, boolean hasTime, double score, String form) {}

  private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december"};

  /** The first three letters of each month name, as {@code c0 << 16 | c1 << 8 | c2}. */
  private static final int[] MONTH_HEADS = new int[12];

  static {
    for (int m = 0; m < 12; m++) MONTH_HEADS[m] = MONTHS[m].charAt(0) << 16 | MONTHS[m].charAt(1) << 8 | MONTHS[m].charAt(2);
  }

  /** Whether an ASCII lower-case letter is the first letter of a month name. */
  private static final boolean[] MONTH_INITIAL = new boolean[128];

  static {
    for (String m : MONTHS) MONTH_INITIAL[m.charAt(0)] = true;
  }

  private static boolean monthHead(int key) {
    for (int h : MONTH_HEADS) {
      if (h == key) return true;
    }
    return false;
  }

  private static char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /** Every date or time in {@code text}, in order, not overlapping. */
  static List<Found> scan(String text, boolean times) {
    List<Found> out = new ArrayList<>();
    // A match starts only at an ASCII letter or digit with no letter or digit before it: at the start
    // of one of the shared scan's words (maximal runs of letters and digits), and not inside an
    // earlier match. So only word starts are tried, left to right.
    TextScan scan = TextScan.of(text);
    int lastEnd = 0;
    for (int w = 0, words = scan.words(); w < words; w++) {
      int i = scan.wordStart(w);
      if (i < lastEnd) continue;
      char c = text.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
      if (!(digit || letter)) continue;
      // Necessary conditions, from the word's length: a match starting with a digit begins with a word
      // of at most four characters (a day or month and its separator, a year, "3rd", "12pm"); one
      // starting with a letter begins with a month name or abbreviation: 3 to 9 letters, first letter
      // one of "jfmasond".
      int len = scan.wordEnd(w) - i;
      if (digit ? len > 4 : len < 3 || len > 9 || !MONTH_INITIAL[c | 0x20]) continue;
      if (!leftBoundary(text, i)) continue;
      Found f = digit ? numericDate(text, i) : monthFirst(text, i);
      if (f == null && digit) f = dayFirst(text, i);
      if (f != null && times) f = withTime(text, f);
      if (f == null && digit && times) f = time(text, i);
      if (f != null) {
        out.add(f);
        lastEnd = f.end();
      }
    }
    return out;
  }

  /** Whether a date may start at {@code i}: not inside a word, nor after a number separator. */
  static boolean leftBoundary(String t, int i) {
    if (i == 0) return true;
    char p = t.charAt(i - 1);
    if (Character.isLetterOrDigit(p) || p == '_') return false;
    if ((p == '.' || p == ':' || p == '/' || p == '-' || p == ',') && i >= 2 && Character.isDigit(t.charAt(i - 2))) return false;
    return !(p == '+' || p == '$' || p == '#');
  }

  /** Whether a number-only date may end at {@code e}: no word character, and no further separator and digit. */
  private static boolean rightBoundary(String t, int e) {
    if (e >= t.length()) return true;
    char c = t.charAt(e);
    if (Character.isLetterOrDigit(c) || c == '_') return false;
    if ((c == '.' || c == ':' || c == '/' || c == '-' || c == ',') && e + 1 < t.length() && Character.isDigit(t.charAt(e + 1))) {
      return false;
    }
    return !(c == '%');
  }

  /** Digits at {@code i}: returns the end index, or -1 when fewer than {@code min} or more than {@code max} digits. */
  private static int digitsEnd(String t, int i, int min, int max) {
    int e = i;
    while (e < t.length() && t.charAt(e) >= '0' && t.charAt(e) <= '9' && e - i <= max) e++;
    int len = e - i;
    return len >= min && len <= max ? e : -1;
  }

  /** The value of the ASCII digits {@code t[s, e)} (at most nine: every caller has bounded them), without a substring. */
  private static int num(String t, int s, int e) {
    int v = 0;
    for (int i = s; i < e; i++) v = v * 10 + (t.charAt(i) - '0');
    return v;
  }

  private static boolean dateOk(int y, int m, int d) {
    return y >= 1000 && y <= 2999 && IdChecks.validDate(y, m, d);
  }

  private static final int[] MAX_DAY = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private static boolean dayOk(int m, int d) {
    return m >= 1 && m <= 12 && d >= 1 && d <= MAX_DAY[m - 1];
  }

  private static Found numericDate(String t, int i) {
    int a = digitsEnd(t, i, 1, 4);
    if (a < 0 || a >= t.length()) return null;
    char sep = t.charAt(a);
    if (sep != '-' && sep != '/' && sep != '.') return null;
    int b = digitsEnd(t, a + 1, 1, 2);
    if (b < 0 || b >= t.length() || t.charAt(b) != sep) return null;
    int lenA = a - i;
    if (lenA == 4) {
      int c = digitsEnd(t, b + 1, 1, 2);
      if (c < 0) return null;
      if (!dateOk(num(t, i, a), num(t, a + 1, b), num(t, b + 1, c))) return null;
      boolean timeFollows = c < t.length() && t.charAt(c) == 'T';
      if (!timeFollows && !rightBoundary(t, c)) return null;
      return new Found(i, c, true, false, 0.85, "year-first numeric date");
    }
    if (lenA > 2) return null;
    int c = digitsEnd(t, b + 1, 2, 4);
    if (c < 0 || c - (b + 1) == 3 || !rightBoundary(t, c)) return null;
    int x = num(t, i, a);
    int y2 = num(t, a + 1, b);
    int year;
    double score;
    if (c - (b + 1) == 4) {
      year = num(t, b + 1, c);
      score = 0.8;
    } else {
      if (sep == '-') return null;
      int yy = num(t, b + 1, c);
      year = yy < 50 ? 2000 + yy : 1900 + yy;
      score = 0.6;
    }
    if (!dateOk(year, x, y2) && !dateOk(year, y2, x)) return null;
    return new Found(i, c, true, false, score, "numeric date (day/month in either order) with calendar check");
  }

  /** Index of the month whose name or abbreviation starts at {@code i} (ending at a word end), and its end; or null. */
  private static int[] month(String t, int i) {
    if (i >= t.length()) return null;
    char c = Character.toLowerCase(t.charAt(i));
    if ("jfmasond".indexOf(c) < 0) return null; // the first letters of month names: most words stop here
    if (i + 3 <= t.length()) {
      char c1 = t.charAt(i + 1);
      char c2 = t.charAt(i + 2);
      // every month name and abbreviation begins with one of the twelve three-letter heads; checked
      // here for ASCII letters (regionMatches also folds some non-ASCII letters: those take the long way)
      if (c1 < 128 && c2 < 128 && !monthHead(c << 16 | asciiLower(c1) << 8 | asciiLower(c2))) return null;
    }
    int e = i;
    while (e < t.length() && e - i <= 9 && Character.isLetter(t.charAt(e))) e++;
    int len = e - i;
    if (len < 3 || len > 9 || e < t.length() && Character.isLetterOrDigit(t.charAt(e))) return null;
    for (int m = 0; m < 12; m++) {
      String full = MONTHS[m];
      if (full.charAt(0) != c) continue;
      boolean whole = len == full.length() && t.regionMatches(true, i, full, 0, len);
      boolean abbrev = !whole && (len == 3 && t.regionMatches(true, i, full, 0, 3) || m == 8 && len == 4 && t.regionMatches(true, i, "sept", 0, 4));
      if (whole || abbrev) {
        if (abbrev && e < t.length() && t.charAt(e) == '.' && m != 4) e++;
        return new int[] {m + 1, e};
      }
    }
    return null;
  }

  private static int spaces(String t, int i, int max) {
    int e = i;
    while (e < t.length() && t.charAt(e) == ' ' && e - i < max) e++;
    return e;
  }

  /** Day number 1-31 at {@code i} with an optional, agreeing ordinal suffix: {day, end}, or null. */
  private static int[] day(String t, int i) {
    int e = digitsEnd(t, i, 1, 2);
    if (e < 0) return null;
    int d = num(t, i, e);
    if (d < 1 || d > 31) return null;
    if (e + 1 < t.length() && Character.isLetter(t.charAt(e))) {
      String suf = t.substring(e, e + 2).toLowerCase(Locale.ROOT);
      String want = d % 10 == 1 && d != 11 ? "st" : d % 10 == 2 && d != 12 ? "nd" : d % 10 == 3 && d != 13 ? "rd" : "th";
      if (!suf.equals(want)) return null;
      e += 2;
    }
    if (e < t.length() && Character.isLetterOrDigit(t.charAt(e))) return null;
    return new int[] {d, e};
  }

  /** A four-digit year at {@code i} ending at a boundary: {year, end}, or null. */
  private static int[] year(String t, int i) {
    int e = digitsEnd(t, i, 4, 4);
    if (e < 0 || !rightBoundary(t, e)) return null;
    int y = num(t, i, e);
    return y >= 1000 && y <= 2999 ? new int[] {y, e} : null;
  }

  /** "March 3, 2021", "Mar. 3rd 2021", "March 3", "March 2021". */
  private static Found monthFirst(String t, int i) {
    int[] m = month(t, i);
    if (m == null) return null;
    int p = spaces(t, m[1], 3);
    if (p == m[1]) return null;
    int[] y = year(t, p);
    if (y != null) return new Found(i, y[1], true, false, 0.8, "month name and year");
    int[] d = day(t, p);
    if (d == null) return null;
    int q = d[1];
    if (q < t.length() && t.charAt(q) == ',') q++;
    int r = spaces(t, q, 3);
    y = r > q ? year(t, r) : null;
    if (y != null) {
      return dateOk(y[0], m[0], d[0]) ? new Found(i, y[1], true, false, 0.85, "month name, day and year with calendar check") : null;
    }
    return dayOk(m[0], d[0]) ? new Found(i, d[1], true, false, 0.7, "month name and day") : null;
  }

  /** "3 March 2021", "3rd of March, 2021", "3rd March". */
  private static Found dayFirst(String t, int i) {
    int[] d = day(t, i);
    if (d == null) return null;
    int p = spaces(t, d[1], 3);
    if (p == d[1]) return null;
    if (t.regionMatches(true, p, "of ", 0, 3)) p = spaces(t, p + 2, 3);
    int[] m = month(t, p);
    if (m == null) return null;
    int q = m[1];
    if (q < t.length() && t.charAt(q) == ',') q++;
    int r = spaces(t, q, 3);
    int[] y = r > q ? year(t, r) : null;
    if (y != null) {
      return dateOk(y[0], m[0], d[0]) ? new Found(i, y[1], true, false, 0.85, "day, month name and year with calendar check") : null;
    }
    return dayOk(m[0], d[0]) ? new Found(i, m[1], true, false, 0.7, "day and month name") : null;
  }

  /** The end of an am/pm marker at {@code i} ("am", "pm", "a.m.", "p.m.", any case), or -1. */
  private static int meridiem(String t, int i) {
    if (i >= t.length()) return -1;
    char c = Character.toLowerCase(t.charAt(i));
    if (c != 'a' && c != 'p') return -1;
    if (i + 1 < t.length() && Character.toLowerCase(t.charAt(i + 1)) == 'm') {
      int e = i + 2;
      return e < t.length() && Character.isLetterOrDigit(t.charAt(e)) ? -1 : e;
    }
    if (i + 3 < t.length() && t.charAt(i + 1) == '.' && Character.toLowerCase(t.charAt(i + 2)) == 'm' && t.charAt(i + 3) == '.') {
      return i + 4;
    }
    return -1;
  }

  /** "14:05", "14:05:09.123", "2:30 pm", "2pm", "2 p.m.", with an optional zone. */
  static Found time(String t, int i) {
    int h = digitsEnd(t, i, 1, 2);
    if (h < 0) return null;
    int hour = num(t, i, h);
    int e;
    boolean colon = h < t.length() && t.charAt(h) == ':';
    if (colon) {
      int m = digitsEnd(t, h + 1, 2, 2);
      if (m < 0 || num(t, h + 1, m) > 59) return null;
      e = m;
      if (e < t.length() && t.charAt(e) == ':') {
        int s = digitsEnd(t, e + 1, 2, 2);
        if (s < 0 || num(t, e + 1, s) > 59) return null;
        e = s;
        if (e + 1 < t.length() && t.charAt(e) == '.' && Character.isDigit(t.charAt(e + 1))) {
          int f = digitsEnd(t, e + 1, 1, 9);
          if (f < 0) return null;
          e = f;
        }
      }
    } else {
      e = h;
    }
    int sp = spaces(t, e, 1);
    int mer = meridiem(t, sp);
    if (mer > 0) {
      if (hour < 1 || hour > 12) return null;
      e = mer;
    } else {
      if (!colon || hour > 23) return null;
    }
    e = zone(t, e);
    if (mer < 0 && !rightBoundary(t, e)) return null;
    if (mer > 0 && e < t.length() && Character.isLetterOrDigit(t.charAt(e))) return null;
    return new Found(i, e, false, true, 0.6, mer > 0 ? "clock time with am/pm" : "clock time hh:mm");
  }

  private static int zone(String t, int e) {
    if (e < t.length() && t.charAt(e) == 'Z' && (e + 1 == t.length() || !Character.isLetterOrDigit(t.charAt(e + 1)))) return e + 1;
    if (e < t.length() && (t.charAt(e) == '+' || t.charAt(e) == '-')) {
      int h = digitsEnd(t, e + 1, 2, 2);
      if (h > 0 && h + 3 <= t.length() && t.charAt(h) == ':' && digitsEnd(t, h + 1, 2, 2) == h + 3) return h + 3;
    }
    int s = spaces(t, e, 1);
    if (s > e && (t.regionMatches(s, "UTC", 0, 3) || t.regionMatches(s, "GMT", 0, 3))
        && (s + 3 == t.length() || !Character.isLetterOrDigit(t.charAt(s + 3)))) {
      return s + 3;
    }
    return e;
  }

  /** {@code f} extended over a following time ("2021-03-03T14:05", "March 3, 2021 at 2pm"). */
  private static Found withTime(String t, Found f) {
    int e = f.end();
    int p;
    if (e < t.length() && t.charAt(e) == 'T') {
      p = e + 1;
    } else {
      p = e;
      if (p < t.length() && t.charAt(p) == ',') p++;
      int s = spaces(t, p, 2);
      if (s == p) return f;
      p = s;
      if (t.regionMatches(true, p, "at ", 0, 3)) p = spaces(t, p + 2, 2);
    }
    Found tm = p < t.length() && Character.isDigit(t.charAt(p)) ? time(t, p) : null;
    if (tm == null) return f;
    return new Found(f.start(), tm.end(), true, true, Math.max(f.score(), 0.85), f.form() + " and time");
  }
}
