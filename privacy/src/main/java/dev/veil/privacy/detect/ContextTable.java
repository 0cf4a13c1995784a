package dev.veil.privacy.detect;

import java.util.Map;
import java.util.TreeSet;

/**
 * The {@link Analyzer}'s context words as one open-addressing table, looked up straight from the
 * text: an ASCII word is folded to lower case, hashed and compared in place, and each of its
 * beginnings of four or more characters is probed as it is hashed, so a lookup builds no string.
 * Gives exactly what the analyzer's string lookup gives ({@code contextMask}); words holding a
 * non-ASCII character are left to that lookup ({@link #NOT_ASCII}), since their lower case can
 * differ from character-wise folding.
 *
 * <p>Immutable and thread-safe once built; the masks it returns must not be modified.
 */
final class ContextTable {
  /** Returned for a word holding a non-ASCII character: the caller looks it up as a string. */
  static final long[] NOT_ASCII = new long[0];

  private final int mask;
  private final String[] words;
  private final int[] hashes;
  private final long[][] exact;
  private final long[][] prefix;
  private final int maxPrefix;
  private final long[] none;
  /** A bit per hash of the first four characters of the prefix words: most words begin with none of them. */
  private final long[] heads = new long[16];
  /**
   * A bit per pair of first two characters (ASCII, lower case; the second 0 for a one-character
   * word) of every word: a text word whose first two characters make no such pair matches no word,
   * exactly or as a beginning.
   */
  private final long[] pairs = new long[256];

  ContextTable(Map<String, long[]> exactWords, Map<String, long[]> prefixWords, int maxPrefix, long[] none) {
    TreeSet<String> all = new TreeSet<>(exactWords.keySet());
    all.addAll(prefixWords.keySet());
    int size = Integer.highestOneBit(Math.max(4, all.size() * 4) - 1) << 1;
    mask = size - 1;
    words = new String[size];
    hashes = new int[size];
    exact = new long[size][];
    prefix = new long[size][];
    for (String w : all) {
      int h = w.hashCode();
      int i = spread(h) & mask;
      while (words[i] != null) i = (i + 1) & mask;
      words[i] = w;
      hashes[i] = h;
      int p = pair(w.charAt(0), w.length() > 1 ? w.charAt(1) : 0);
      if (p >= 0) pairs[p >>> 6] |= 1L << p;
      exact[i] = exactWords.get(w);
      prefix[i] = prefixWords.get(w);
      if (prefix[i] != null) {
        int b = w.substring(0, 4).hashCode() & 1023;
        heads[b >>> 6] |= 1L << b;
      }
    }
    this.maxPrefix = maxPrefix;
    this.none = none;
  }

  private static int spread(int h) {
    return (h ^ (h >>> 16)) * 0x45d9f3b;
  }

  /**
   * The recognizers whose context words match {@code text[from, to)} in lower case: equal to a word,
   * or longer than a word of four or more characters that it begins with. The analyzer's empty mask
   * when none; {@link #NOT_ASCII} when the range holds a non-ASCII character.
   */
  long[] maskOf(String text, int from, int to) {
    if (to > from) {
      int p = pair(text.charAt(from), to - from > 1 ? text.charAt(from + 1) : 0);
      if (p >= 0 && (pairs[p >>> 6] & (1L << p)) == 0) return none;
    }
    return mask(text, from, to, true);
  }

  /** The bit of the pair {@code a b} folded to lower case, or -1 when either is not ASCII. */
  private static int pair(char a, char b) {
    if (a >= 128 || b >= 128) return -1;
    if (a >= 'A' && a <= 'Z') a += 'a' - 'A';
    if (b >= 'A' && b <= 'Z') b += 'a' - 'A';
    return a << 7 | b;
  }

  /**
   * {@link #maskOf} of a word already in lower case ({@link String#toLowerCase} with
   * {@link java.util.Locale#ROOT}), whatever its characters: the analyzer's string lookup without
   * its prefix strings, for the words {@link #maskOf} leaves to it. Lower-casing leaves no
   * {@code A-Z}, so folding changes nothing and the hashes are the strings' own.
   */
  long[] maskOfLower(String lower) {
    return mask(lower, 0, lower.length(), false);
  }

  private long[] mask(String text, int from, int to, boolean asciiOnly) {
    int n = to - from;
    int h = 0;
    long[] m = null;
    boolean prefixes = true;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c >= 128) {
        if (asciiOnly) return NOT_ASCII;
      } else if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      h = 31 * h + c;
      int len = i - from + 1;
      if (len == 4 && (heads[(h & 1023) >>> 6] & (1L << (h & 1023))) == 0) {
        prefixes = false;
      }
      if (prefixes && len >= 4 && len < n && len <= maxPrefix) {
        int slot = find(h, text, from, len);
        if (slot >= 0 && prefix[slot] != null) m = or(m, prefix[slot]);
      }
    }
    int slot = find(h, text, from, n);
    if (slot >= 0 && exact[slot] != null) m = or(m, exact[slot]);
    return m == null ? none : m;
  }

  private static long[] or(long[] a, long[] b) {
    if (a == null) return b;
    long[] r = a.clone();
    for (int k = 0; k < r.length; k++) r[k] |= b[k];
    return r;
  }

  /** The slot of the word equal to {@code text[from, from + len)} folded to lower case, or -1. */
  private int find(int h, String text, int from, int len) {
    int i = spread(h) & mask;
    String w;
    probe:
    while ((w = words[i]) != null) {
      if (hashes[i] == h && w.length() == len) {
        for (int k = 0; k < len; k++) {
          char c = text.charAt(from + k);
          if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
          if (w.charAt(k) != c) {
            i = (i + 1) & mask;
            continue probe;
          }
        }
        return i;
      }
      i = (i + 1) & mask;
    }
    return -1;
  }
}
