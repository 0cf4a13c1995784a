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
 * (one thread; {@link #reset} reuses an instance for the next text).
 */
final class Tokens {
  static final byte WORD = 1;
  static final byte NUM = 2;
  static final byte PUNCT = 3;

  private String text;
  private char[] cs;
  private int n;
  private int[] start;
  private int[] end;
  private byte[] kind;
  /** Bit 1: white space before; bit 2: a line break before; bit 4: the new line is indented; bit 8: possessive 's after; bit 16: an empty line before. */
  private byte[] gap;
  private String[] lower;
  /** Whether {@link #lower} holds a string of the current text (otherwise it holds none, and {@link #reset} skips clearing it). */
  private boolean lowered;
  /** Of a word: {@link #CAP}, {@link #ALL_CAPS}, {@link #LOWER}, {@link #HYPHEN}. */
  private byte[] shape;
  /**
   * Of a word: the hash of its lower-case form ({@link String#hashCode} of {@link #lower}) and that
   * form packed one character a byte into two longs, for {@link WordTable#slot(Tokens, int)}.
   */
  private int[] hash;
  private long[] key0;
  private long[] key1;
  /** {@link #KEYED}: {@link #hash} is valid; {@link #PACKED}: so are the keys. */
  private byte[] keyed;
  private int letters;
  private int upper;
  private int digits;
  /** Bit {@code c} set: a punctuation token is the character {@code c} (below 64). */
  private long puncts;
  /** Whether a word holds a hyphen. */
  private boolean hyphens;

  static final byte KEYED = 1;
  static final byte PACKED = 2;

  private static final byte CAP = 1;
  private static final byte ALL_CAPS = 2;
  private static final byte LOWER = 4;
  private static final byte HYPHEN = 8;

  // character classes, for Latin-1 from a table computed with the Character methods they stand for
  private static final int C_SPACE = 1; // Character.isWhitespace or U+00A0
  private static final int C_LETTER = 2; // isLetter below (letters and non-spacing marks)
  private static final int C_DIGIT = 4; // Character.isDigit
  private static final int C_ALPHA = 8; // Character.isLetter
  private static final int C_UPPER = 16; // Character.isUpperCase
  private static final int C_TITLE = 32; // Character.isTitleCase
  private static final int C_LOWER = 64; // Character.isLowerCase
  private static final byte[] LATIN1 = new byte[256];

  static {
    for (char c = 0; c < 256; c++) {
      LATIN1[c] = (byte) ((c == '\u00a0' ? C_SPACE : 0) | classOf(c));
    }
  }

  private static int classOf(char c) {
    return (Character.isWhitespace(c) ? C_SPACE : 0) | (isLetterSlow(c) ? C_LETTER : 0) | (Character.isDigit(c) ? C_DIGIT : 0)
        | (Character.isLetter(c) ? C_ALPHA : 0) | (Character.isUpperCase(c) ? C_UPPER : 0)
        | (Character.isTitleCase(c) ? C_TITLE : 0) | (Character.isLowerCase(c) ? C_LOWER : 0);
  }

  private static int cls(char c) {
    return c < 256 ? LATIN1[c] : clsBeyondLatin1(c);
  }

  private static int clsBeyondLatin1(char c) {
    int k = BMP[c] & 0xff;
    if (k == 0) {
      k = classOf(c) | KNOWN;
      BMP[c] = (byte) k; // a race writes the same value
    }
    return k & (KNOWN - 1);
  }

  /** The classes of the other UTF-16 units, computed on first use ({@link #KNOWN} marks a computed entry). */
  private static final byte[] BMP = new byte[65536];
  private static final int KNOWN = 0x80;

  /** {@link Character#toLowerCase(char)} of the Latin-1 characters. */
  private static final char[] LOWER_LATIN1 = new char[256];

  /**
   * Of a Latin-1 character: its classes ({@link #LATIN1}) in the low byte and its lower case
   * ({@link #LOWER_LATIN1}) above, one load for both.
   */
  private static final int[] LATIN1_LOWER = new int[256];

  static {
    for (char c = 0; c < 256; c++) {
      LOWER_LATIN1[c] = Character.toLowerCase(c);
      LATIN1_LOWER[c] = (LATIN1[c] & 0xff) | LOWER_LATIN1[c] << 8;
    }
  }

  /** Buffers above these sizes are not kept for the next text. */
  private static final int KEEP_CHARS = 1 << 16;
  private static final int KEEP_TOKENS = 1 << 14;

  /** An empty instance for {@link #reset} to fill. */
  Tokens() {
    cs = new char[0];
    allocate(16);
  }

  private void allocate(int cap) {
    start = new int[cap];
    end = new int[cap];
    kind = new byte[cap];
    gap = new byte[cap];
    lower = new String[cap];
    shape = new byte[cap];
    hash = new int[cap];
    key0 = new long[cap];
    key1 = new long[cap];
    keyed = new byte[cap];
  }

  /** The tokens of {@code text} in a new instance. */
  static Tokens of(String text) {
    Tokens t = new Tokens();
    t.reset(text);
    return t;
  }

  /** Tokenizes {@code text}, reusing this instance's buffers (so the previous text's tokens are gone). */
  void reset(String text) {
    int len = text.length();
    if (cs.length < len || cs.length > KEEP_CHARS && len <= KEEP_CHARS) cs = new char[Math.max(len, 64)];
    text.getChars(0, len, cs, 0);
    int cap = Math.min(len + 1, len / 3 + 16);
    if (start.length < cap || start.length > KEEP_TOKENS && cap <= KEEP_TOKENS) {
      allocate(cap);
    } else if (lowered) {
      Arrays.fill(lower, 0, n, null);
    }
    lowered = false;
    this.text = text;
    n = 0;
    letters = 0;
    upper = 0;
    digits = 0;
    puncts = 0;
    hyphens = false;
    split(len);
  }

  private void split(int len) {
    char[] cs = this.cs;
    int i = 0;
    byte g = 0;
    while (i < len) {
      char c = cs[i];
      if (isSpace(c)) {
        g |= 1;
        if (c == '\n' || c == '\r') {
          if ((g & 2) != 0 && !(c == '\n' && i > 0 && cs[i - 1] == '\r')) g |= 16;
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
          char d = cs[i];
          if ((cls(d) & (C_LETTER | C_DIGIT)) != 0) {
            i++;
          } else if ((d == '-' || d == '\'' || d == '\u2019') && i + 1 < len && isLetter(cs[i + 1])) {
            if (d != '-' && (cs[i + 1] == 's' || cs[i + 1] == 'S') && (i + 2 >= len || !isLetter(cs[i + 2]))) {
              break; // possessive
            }
            if (d == '-') hyphens = true;
            i += 2;
          } else {
            break;
          }
        }
      } else if (c >= '0' && c <= '9') {
        k = NUM;
        i++;
        while (i < len && (cls(cs[i]) & (C_LETTER | C_DIGIT)) != 0) i++;
      } else {
        k = PUNCT;
        if (c < 64) puncts |= 1L << c;
        i++;
        if (Character.isHighSurrogate(c) && i < len && Character.isLowSurrogate(cs[i])) i++;
      }
      add(s, i, k, g);
      g = 0;
      if (k == WORD && i + 1 < len && (cs[i] == '\'' || cs[i] == '\u2019') && (cs[i + 1] == 's' || cs[i + 1] == 'S')
          && (i + 2 >= len || !isLetter(cs[i + 2]))) {
        gap[n - 1] |= 8;
        letters++;
        if (cs[i + 1] == 'S') upper++;
        i += 2;
        g = 0;
      }
    }
  }

  static boolean isLetter(char c) {
    return (cls(c) & C_LETTER) != 0;
  }

  private static boolean isLetterSlow(char c) {
    return Character.isLetter(c) || Character.getType(c) == Character.NON_SPACING_MARK;
  }

  private static boolean isDigit(char c) {
    return (cls(c) & C_DIGIT) != 0;
  }

  private static boolean isSpace(char c) {
    return (cls(c) & C_SPACE) != 0;
  }

  private void add(int s, int e, byte k, byte g) {
    if (n == start.length) {
      int m = n * 2;
      start = Arrays.copyOf(start, m);
      end = Arrays.copyOf(end, m);
      kind = Arrays.copyOf(kind, m);
      gap = Arrays.copyOf(gap, m);
      lower = Arrays.copyOf(lower, m);
      shape = Arrays.copyOf(shape, m);
      hash = Arrays.copyOf(hash, m);
      key0 = Arrays.copyOf(key0, m);
      key1 = Arrays.copyOf(key1, m);
      keyed = Arrays.copyOf(keyed, m);
    }
    start[n] = s;
    end[n] = e;
    kind[n] = k;
    gap[n] = g;
    shape[n] = 0;
    keyed[n] = 0;
    if (k == WORD && e - s <= 16 && latin1Word(s, e)) {
      n++;
      return;
    }
    if (k != PUNCT) {
      // letters and upper-case letters of the text (punctuation and white space hold none), and the word's
      // shape and lower-case key
      boolean allCaps = e - s >= 2;
      int h = 0;
      long k0 = 0;
      long k1 = 0;
      boolean keyOk = true;
      boolean packOk = e - s <= 16;
      for (int j = s; j < e; j++) {
        char ch = cs[j];
        int c;
        char lc;
        if (ch < 256) {
          c = LATIN1[ch];
          lc = LOWER_LATIN1[ch];
        } else {
          c = cls(ch);
          // String.toLowerCase treats these specially (final sigma, dotted I, code points)
          if (Character.isSurrogate(ch) || ch == '\u0130' || ch == '\u03a3') keyOk = false;
          lc = Character.toLowerCase(ch);
          if (lc >= 256) packOk = false;
        }
        if ((c & C_ALPHA) != 0) {
          letters++;
          if ((c & C_UPPER) != 0) upper++;
          else allCaps = false;
        } else if ((c & C_DIGIT) != 0) {
          digits++;
        }
        if (ch == '-') shape[n] |= HYPHEN;
        h = 31 * h + lc;
        int p = j - s;
        if (p < 8) k0 |= (long) (lc & 0xff) << (8 * p);
        else if (p < 16) k1 |= (long) (lc & 0xff) << (8 * (p - 8));
      }
      if (k == WORD && keyOk) {
        hash[n] = h;
        key0[n] = k0;
        key1[n] = k1;
        keyed[n] = packOk ? KEYED | PACKED : KEYED;
      }
      if (k == WORD) {
        int c = cls(cs[s]);
        shape[n] |= (byte) (((c & (C_UPPER | C_TITLE)) != 0 ? CAP : 0) | ((c & C_LOWER) != 0 ? LOWER : 0) | (allCaps ? ALL_CAPS : 0));
      }
    }
    n++;
  }

  /**
   * What {@link #add} computes for a word of at most 16 characters, all Latin-1, without a branch
   * per character (so the loops stay short and unrolled): the text's letter, upper-case and digit
   * counts, the word's shape, hash and packed key. Returns false, having changed nothing, at a
   * character beyond Latin-1.
   */
  private boolean latin1Word(int s, int e) {
    char[] cs = this.cs;
    int lw = 0;
    int uw = 0;
    int dw = 0;
    int lowerLetter = 0;
    int hyphen = 0;
    int h = 0;
    long k0 = 0;
    long k1 = 0;
    int m = Math.min(e, s + 8);
    for (int j = s; j < m; j++) {
      char ch = cs[j];
      if (ch >= 256) return false;
      int x = LATIN1_LOWER[ch];
      int lc = x >>> 8;
      // in Latin-1 no letter is a digit
      lw += (x >>> 3) & 1;
      uw += (x >>> 3) & (x >>> 4) & 1;
      dw += (x >>> 2) & 1;
      lowerLetter |= (x >>> 3) & ~(x >>> 4) & 1;
      hyphen |= ch == '-' ? 1 : 0;
      h = 31 * h + lc;
      k0 |= (long) lc << (8 * (j - s));
    }
    for (int j = m; j < e; j++) {
      char ch = cs[j];
      if (ch >= 256) return false;
      int x = LATIN1_LOWER[ch];
      int lc = x >>> 8;
      lw += (x >>> 3) & 1;
      uw += (x >>> 3) & (x >>> 4) & 1;
      dw += (x >>> 2) & 1;
      lowerLetter |= (x >>> 3) & ~(x >>> 4) & 1;
      hyphen |= ch == '-' ? 1 : 0;
      h = 31 * h + lc;
      k1 |= (long) lc << (8 * (j - m));
    }
    letters += lw;
    upper += uw;
    digits += dw;
    hash[n] = h;
    key0[n] = k0;
    key1[n] = k1;
    keyed[n] = KEYED | PACKED;
    int c = LATIN1[cs[s]];
    shape[n] = (byte) ((hyphen != 0 ? HYPHEN : 0) | ((c & (C_UPPER | C_TITLE)) != 0 ? CAP : 0) | ((c & C_LOWER) != 0 ? LOWER : 0)
        | (lowerLetter == 0 && e - s >= 2 ? ALL_CAPS : 0));
    return true;
  }

  /** {@link #KEYED} and {@link #PACKED} flags of token {@code i} (only words are keyed). */
  byte keyed(int i) {
    return keyed[i];
  }

  int hash(int i) {
    return hash[i];
  }

  long key0(int i) {
    return key0[i];
  }

  long key1(int i) {
    return key1[i];
  }

  /** The text's characters, and maybe more after them (shared, not copied: callers must not change them). */
  char[] chars() {
    return cs;
  }

  /** The number of digits ({@link Character#isDigit}) in the text's word and number tokens. */
  int digits() {
    return digits;
  }

  /**
   * Whether one of the punctuation tokens is {@code c}, a character below 64 that is neither a
   * letter, a digit nor white space (so only a punctuation token can hold it): what
   * {@code text().indexOf(c) >= 0} says for such a character, known without reading the text again.
   */
  boolean hasPunct(char c) {
    return (puncts & 1L << c) != 0;
  }

  /** Whether a word holds a hyphen (some {@link #hyphenated} token). */
  boolean hasHyphenatedWord() {
    return hyphens;
  }

  /** The number of letters ({@link Character#isLetter}) in the text. */
  int letters() {
    return letters;
  }

  /** The number of upper-case letters in the text. */
  int upperCaseLetters() {
    return upper;
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
      lowered = true;
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
    return i >= 0 && i < n && (shape[i] & CAP) != 0;
  }

  /** Two or more letters, all upper case. */
  boolean allCaps(int i) {
    return (shape[i] & ALL_CAPS) != 0;
  }

  /** A word holding a hyphen (its lower case then does too: lower-casing makes no hyphen). */
  boolean hyphenated(int i) {
    return (shape[i] & HYPHEN) != 0;
  }

  /** First character lower case. */
  boolean lowerCase(int i) {
    return (shape[i] & LOWER) != 0;
  }
}
