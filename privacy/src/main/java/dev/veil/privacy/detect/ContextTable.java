package dev.veil.privacy.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@link Analyzer}'s context words as one open-addressing table, looked up straight from the
 * text, so a lookup builds no string: an ASCII word of up to 16 characters is folded to lower case
 * and packed into two longs, and it and those of its beginnings whose length some prefix word has
 * (only when a prefix word starts with its first four characters) are probed by packed key; a longer
 * word is folded, hashed and compared in place, each beginning of four or more characters probed as
 * it is hashed.
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

  /*
   * The same words again, those of at most 16 ASCII characters, keyed by their characters packed one
   * a byte into two longs (zero-padded, so the packed key and the length identify the word): an
   * ASCII text word of that size is folded and packed once and each probe compares two longs instead
   * of a string. The masks are the same arrays as in exact and prefix.
   */
  private final int packedMask;
  private final long[] packed0;
  private final long[] packed1;
  private final int[] packedLength; // 0: empty slot
  private final long[][] packedExact;
  private final long[][] packedPrefix;
  /** The lengths (bit per length) of the packed prefix words: a beginning of another length is never probed. */
  private final long prefixLengths;
  /** The first four characters of every packed prefix word, packed in an int (0: empty slot). */
  private final int[] packedHeads;

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

    List<String> small = new ArrayList<>();
    for (String w : all) {
      if (w.length() <= PACKED && w.chars().allMatch(c -> c < 128)) small.add(w);
    }
    int psize = Integer.highestOneBit(Math.max(4, small.size() * 4) - 1) << 1;
    packedMask = psize - 1;
    packed0 = new long[psize];
    packed1 = new long[psize];
    packedLength = new int[psize];
    packedExact = new long[psize][];
    packedPrefix = new long[psize][];
    long lengths = 0;
    List<Integer> heads = new ArrayList<>();
    for (String w : small) {
      long k0 = 0;
      long k1 = 0;
      for (int i = 0; i < w.length(); i++) {
        if (i < 8) k0 |= (long) w.charAt(i) << (8 * i);
        else k1 |= (long) w.charAt(i) << (8 * (i - 8));
      }
      int i = packedSlot(k0, k1, w.length());
      while (packedLength[i] != 0) i = (i + 1) & packedMask;
      packed0[i] = k0;
      packed1[i] = k1;
      packedLength[i] = w.length();
      packedExact[i] = exactWords.get(w);
      packedPrefix[i] = prefixWords.get(w);
      if (packedPrefix[i] != null) {
        lengths |= 1L << w.length();
        heads.add((int) k0);
      }
    }
    prefixLengths = lengths;
    int hsize = Integer.highestOneBit(Math.max(4, heads.size() * 4) - 1) << 1;
    packedHeads = new int[hsize];
    for (int h : heads) {
      int i = spread(h) & (hsize - 1);
      while (packedHeads[i] != 0 && packedHeads[i] != h) i = (i + 1) & (hsize - 1);
      packedHeads[i] = h;
    }
  }

  /** The longest word kept in the packed table. */
  private static final int PACKED = 16;

  private int packedSlot(long k0, long k1, int length) {
    long h = k0 * 0x9E3779B97F4A7C15L + k1 * 0xC2B2AE3D27D4EB4FL + length;
    return spread((int) (h ^ (h >>> 32))) & packedMask;
  }

  /** The packed slot of the word {@code k0 k1} of {@code length} characters, or -1. */
  private int findPacked(long k0, long k1, int length) {
    int i = packedSlot(k0, k1, length);
    int len;
    while ((len = packedLength[i]) != 0) {
      if (len == length && packed0[i] == k0 && packed1[i] == k1) return i;
      i = (i + 1) & packedMask;
    }
    return -1;
  }

  private boolean hasHead(int head) {
    int[] hs = packedHeads;
    int m = hs.length - 1;
    int i = spread(head) & m;
    int h;
    while ((h = hs[i]) != 0) {
      if (h == head) return true;
      i = (i + 1) & m;
    }
    return false;
  }

  /**
   * {@link #mask} of an ASCII word of 1 to 16 characters through the packed table: the same words
   * match (folding maps only {@code A-Z}; a packed key with its length is the word), so the same
   * mask; {@link #NOT_ASCII} at a non-ASCII character, as there.
   */
  private long[] maskPacked(String text, int from, int to) {
    int n = to - from;
    long k0 = 0;
    long k1 = 0;
    for (int i = 0; i < n; i++) {
      long c = text.charAt(from + i);
      if (c >= 128) return NOT_ASCII;
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      if (i < 8) k0 |= c << (8 * i);
      else k1 |= c << (8 * (i - 8));
    }
    long[] m = null;
    // beginnings of 4 to n - 1 characters (at most maxPrefix) that are prefix words: only the lengths
    // some prefix word has, and only when a prefix word begins with the word's first four characters
    long lengths = prefixLengths & ~(-1L << Math.min(n, maxPrefix + 1));
    if (n > 4 && (lengths >>> 4) != 0 && hasHead((int) k0)) {
      for (long ls = lengths; ls != 0; ls &= ls - 1) {
        int len = Long.numberOfTrailingZeros(ls);
        long p0 = len >= 8 ? k0 : k0 & ~(-1L << (8 * len));
        long p1 = len <= 8 ? 0 : len == 16 ? k1 : k1 & ~(-1L << (8 * (len - 8)));
        int slot = findPacked(p0, p1, len);
        if (slot >= 0 && packedPrefix[slot] != null) m = or(m, packedPrefix[slot]);
      }
    }
    int slot = findPacked(k0, k1, n);
    if (slot >= 0 && packedExact[slot] != null) m = or(m, packedExact[slot]);
    return m == null ? none : m;
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
      if (to - from <= PACKED) return maskPacked(text, from, to);
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
