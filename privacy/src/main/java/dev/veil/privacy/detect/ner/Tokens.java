package dev.veil.privacy.detect.ner;

import java.util.Arrays;
import java.util.Locale;

/**
 * One left-to-right pass that splits a text into word, number and punctuation tokens with their
 * UTF-16 offsets and the white space before each (whether it holds a line break and whether the new
 * line is indented). A word is a run of letters and marks that may hold an inner hyphen or apostrophe
 * followed by a letter ({@code Hubbard-Thomas}, {@code O'Brien}); a possessive {@code 's} is left
 * out of the word. A number token is a run of digits with letters attached ({@code 12B}, {@code 10th}).
 * Every other non-space character is a one-character punctuation token. Linear time; not thread-safe
 * (one instance per text).
 */
final class Tokens {
  static final byte WORD = 1;
  static final byte NUM = 2;
  static final byte PUNCT = 3;

  private final String text;
  private int n;
  private int[] start = new int[16];
  private int[] end = new int[16];
  private byte[] kind = new byte[16];
  /** Bit 1: white space before; bit 2: a line break before; bit 4: the new line is indented; bit 8: possessive 's after; bit 16: an empty line before. */
  private byte[] gap = new byte[16];
  private String[] lower = new String[16];

  private Tokens(String text) {
    this.text = text;
  }

  static Tokens of(String text) {
    Tokens t = new Tokens(text);
    t.split();
    return t;
  }

  private void split() {
    int len = text.length();
    int i = 0;
    byte g = 0;
    while (i < len) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || c == '\u00a0') {
        g |= 1;
        if (c == '\n' || c == '\r') {
          if ((g & 2) != 0 && !(c == '\n' && i > 0 && text.charAt(i - 1) == '\r')) g |= 16;
          g = (byte) ((g | 2) & ~4);
        } else if ((g & 2) != 0) {
          g |= 4;
        }
        i++;
        continue;
      }
      int s = i;
      byte k;
      if (isLetter(c)) {
        k = WORD;
        i++;
        while (i < len) {
          char d = text.charAt(i);
          if (isLetter(d) || Character.isDigit(d)) {
            i++;
          } else if ((d == '-' || d == '\'' || d == '\u2019') && i + 1 < len && isLetter(text.charAt(i + 1))) {
            if (d != '-' && (text.charAt(i + 1) == 's' || text.charAt(i + 1) == 'S')
                && (i + 2 >= len || !isLetter(text.charAt(i + 2)))) {
              break; // possessive
            }
            i += 2;
          } else {
            break;
          }
        }
      } else if (c >= '0' && c <= '9') {
        k = NUM;
        i++;
        while (i < len && (Character.isDigit(text.charAt(i)) || isLetter(text.charAt(i)))) i++;
      } else {
        k = PUNCT;
        i++;
        if (Character.isHighSurrogate(c) && i < len && Character.isLowSurrogate(text.charAt(i))) i++;
      }
      add(s, i, k, g);
      g = 0;
      if (k == WORD && i + 1 < len && (text.charAt(i) == '\'' || text.charAt(i) == '\u2019')
          && (text.charAt(i + 1) == 's' || text.charAt(i + 1) == 'S') && (i + 2 >= len || !isLetter(text.charAt(i + 2)))) {
        gap[n - 1] |= 8;
        i += 2;
        g = 0;
      }
    }
  }

  static boolean isLetter(char c) {
    return Character.isLetter(c) || Character.getType(c) == Character.NON_SPACING_MARK;
  }

  private void add(int s, int e, byte k, byte g) {
    if (n == start.length) {
      int m = n * 2;
      start = Arrays.copyOf(start, m);
      end = Arrays.copyOf(end, m);
      kind = Arrays.copyOf(kind, m);
      gap = Arrays.copyOf(gap, m);
      lower = Arrays.copyOf(lower, m);
    }
    start[n] = s;
    end[n] = e;
    kind[n] = k;
    gap[n] = g;
    n++;
  }

  String text() {
    return text;
  }

  int size() {
    return n;
  }

  int start(int i) {
    return start[i];
  }

  int end(int i) {
    return end[i];
  }

  byte kind(int i) {
    return kind[i];
  }

  boolean isWord(int i) {
    return i >= 0 && i < n && kind[i] == WORD;
  }

  boolean isNum(int i) {
    return i >= 0 && i < n && kind[i] == NUM;
  }

  boolean isPunct(int i, char c) {
    return i >= 0 && i < n && kind[i] == PUNCT && text.charAt(start[i]) == c;
  }

  /** White space between token {@code i - 1} and token {@code i}. */
  boolean spaceBefore(int i) {
    return (gap[i] & 1) != 0;
  }

  /** A line break between token {@code i - 1} and token {@code i}. */
  boolean newlineBefore(int i) {
    return (gap[i] & 2) != 0;
  }

  /** A line break before token {@code i}, and white space at the start of its line. */
  boolean indentedLine(int i) {
    return (gap[i] & 6) == 6;
  }

  /** Two or more line breaks (an empty line) before token {@code i}. */
  boolean blankLineBefore(int i) {
    return (gap[i] & 16) != 0;
  }

  boolean possessive(int i) {
    return (gap[i] & 8) != 0;
  }

  /** The token's text in lower case (computed once). */
  String lower(int i) {
    String l = lower[i];
    if (l == null) {
      l = text.substring(start[i], end[i]).toLowerCase(Locale.ROOT);
      lower[i] = l;
    }
    return l;
  }

  String raw(int i) {
    return text.substring(start[i], end[i]);
  }

  int length(int i) {
    return end[i] - start[i];
  }

  /** First character upper or title case. */
  boolean capitalized(int i) {
    if (i < 0 || i >= n || kind[i] != WORD) return false;
    char c = text.charAt(start[i]);
    return Character.isUpperCase(c) || Character.isTitleCase(c);
  }

  /** Two or more letters, all upper case. */
  boolean allCaps(int i) {
    if (kind[i] != WORD || end[i] - start[i] < 2) return false;
    for (int j = start[i]; j < end[i]; j++) {
      char c = text.charAt(j);
      if (Character.isLetter(c) && !Character.isUpperCase(c)) return false;
    }
    return true;
  }

  boolean lowerCase(int i) {
    return kind[i] == WORD && Character.isLowerCase(text.charAt(start[i]));
  }
}
