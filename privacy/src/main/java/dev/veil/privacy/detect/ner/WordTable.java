package dev.veil.privacy.detect.ner;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The NER word-class table: every lower-case dictionary word mapped to the bit set of the classes it
 * belongs to (first name, last name, stop word, street suffix, ...) and, for words that occur in a
 * multi-word phrase, a word id the phrase tries step on. One lookup per token replaces one lookup
 * per dictionary per rule.
 *
 * <p>A token is looked up in place, straight from the text's characters: its hash is the hash of the
 * string {@code text.substring(from, to).toLowerCase(Locale.ROOT)} computed without building it, and
 * the key is compared character by character. Characters whose lower case {@link String#toLowerCase}
 * treats specially (surrogates, {@code U+0130}, {@code U+03A3}) take the slow path through the string.
 *
 * <p>Built once by {@link Lexicon} (a builder that is discarded), then read-only: thread-safe.
 */
final class WordTable {
  /** Returned by lookups for a word of no class. */
  static final int MISSING = -1;

  /**
   * Open addressing, four longs per slot so that a probe reads one cache line: the key's hash, length
   * and whether it is packed ({@code 0}: empty slot); the key packed one Latin-1 character a byte
   * into two longs when it has at most 16 characters, all Latin-1; its class bits with the word id
   * + 1 above them. {@link #offsets} locates every key in {@link #pool}.
   */
  private final long[] slots;
  private final int[] offsets;
  private final char[] pool;
  private final int mask;

  private static final int ID_SHIFT = 43;
  private static final long BITS_MASK = (1L << ID_SHIFT) - 1;

  private WordTable(Map<String, long[]> entries) {
    int cap = Integer.highestOneBit(Math.max(16, entries.size() * 3 / 2)) << 1; // load factor 0.38-0.75
    slots = new long[cap * 4];
    offsets = new int[cap];
    mask = cap - 1;
    int chars = 0;
    for (String k : entries.keySet()) chars += k.length();
    pool = new char[chars];
    int off = 0;
    for (Map.Entry<String, long[]> e : entries.entrySet()) {
      String k = e.getKey();
      if (k.isEmpty()) continue; // no token is empty
      long bits = e.getValue()[0];
      long id = e.getValue()[1];
      if ((bits & ~BITS_MASK) != 0 || id + 1 >= 1L << (64 - ID_SHIFT)) {
        throw new IllegalStateException("NER word table: class bits or word ids out of range");
      }
      boolean packed = k.length() <= 16 && k.chars().allMatch(c -> c < 256);
      int hash = k.hashCode();
      int h = spread(hash) & mask;
      while (slots[4 * h] != 0) h = (h + 1) & mask;
      k.getChars(0, k.length(), pool, off);
      offsets[h] = off;
      slots[4 * h] = meta(hash, k.length(), packed);
      if (packed) {
        for (int i = 0; i < k.length(); i++) {
          if (i < 8) slots[4 * h + 1] |= (long) k.charAt(i) << (8 * i);
          else slots[4 * h + 2] |= (long) k.charAt(i) << (8 * (i - 8));
        }
      }
      slots[4 * h + 3] = bits | (id + 1) << ID_SHIFT;
      off += k.length();
    }
    for (char c = 0; c < 128; c++) asciiSlots[c] = slot(String.valueOf(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c));
  }

  /** The slot of each one-character ASCII token (punctuation, a digit), looked up once. */
  private final int[] asciiSlots = new int[128];

  private static long meta(int hash, int length, boolean packed) {
    return (long) hash << 32 | (long) length << 1 | (packed ? 1 : 0);
  }

  private static int spread(int h) {
    return (h ^ (h >>> 16)) * 0x45d9f3b;
  }

  /** The slot of token {@code i} of {@code t} in lower case, or {@link #MISSING}. */
  int slot(Tokens t, int i) {
    if ((t.keyed(i) & Tokens.PACKED) == 0) {
      int from = t.start(i);
      if (t.end(i) - from == 1 && t.chars()[from] < 128) return asciiSlots[t.chars()[from]];
      return slot(t.chars(), from, t.end(i));
    }
    int hash = t.hash(i);
    long meta = meta(hash, t.length(i), true);
    long k0 = t.key0(i);
    long k1 = t.key1(i);
    int h = spread(hash) & mask;
    long m;
    while ((m = slots[4 * h]) != 0) {
      if (m == meta && slots[4 * h + 1] == k0 && slots[4 * h + 2] == k1) return h;
      h = (h + 1) & mask;
    }
    return MISSING;
  }

  /**
   * Reads the first slot that {@link #slot(Tokens, int)} probes for token {@code i} (a packed word)
   * and returns part of it, so that a loop calling this for many tokens before looking them up has
   * their cache misses in flight together: the reads depend on nothing but the token's hash, and no
   * branch depends on what they return. The result means nothing; callers only combine it.
   */
  long touch(Tokens t, int i) {
    return slots[4 * (spread(t.hash(i)) & mask)];
  }

  /** The slot of {@code word} (lower case), or {@link #MISSING}. */
  int slot(String word) {
    int len = word.length();
    if (len == 0) return MISSING;
    int hash = word.hashCode();
    int h = spread(hash) & mask;
    long m;
    probe:
    while ((m = slots[4 * h]) != 0) {
      if ((int) (m >>> 32) == hash && ((int) m >>> 1) == len) {
        int off = offsets[h];
        for (int i = 0; i < len; i++) {
          if (pool[off + i] != word.charAt(i)) {
            h = (h + 1) & mask;
            continue probe;
          }
        }
        return h;
      }
      h = (h + 1) & mask;
    }
    return MISSING;
  }

  /**
   * The slot of {@code new String(cs, from, to - from).toLowerCase(Locale.ROOT)}, or {@link #MISSING},
   * without building that string.
   */
  int slot(char[] cs, int from, int to) {
    int hash = 0;
    for (int i = from; i < to; i++) {
      char c = cs[i];
      if (c >= 0x80) {
        if (Character.isSurrogate(c) || c == '\u0130' || c == '\u03a3') {
          return slot(new String(cs, from, to - from).toLowerCase(Locale.ROOT));
        }
        c = Character.toLowerCase(c);
      } else if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      hash = 31 * hash + c;
    }
    int len = to - from;
    if (len == 0) return MISSING;
    int h = spread(hash) & mask;
    long m;
    probe:
    while ((m = slots[4 * h]) != 0) {
      if ((int) (m >>> 32) == hash && ((int) m >>> 1) == len) {
        int off = offsets[h] - from;
        for (int i = from; i < to; i++) {
          char c = cs[i];
          if (c >= 0x80) c = Character.toLowerCase(c);
          else if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
          if (pool[off + i] != c) {
            h = (h + 1) & mask;
            continue probe;
          }
        }
        return h;
      }
      h = (h + 1) & mask;
    }
    return MISSING;
  }

  /**
   * The class bits and phrase word id of a slot in one long ({@code 0} for {@link #MISSING}); read
   * them with {@link #bitsOf} and {@link #idOf}.
   */
  long value(int slot) {
    return slot < 0 ? 0 : slots[4 * slot + 3];
  }

  /** The class bits of a {@link #value}. */
  static long bitsOf(long value) {
    return value & BITS_MASK;
  }

  /** The phrase word id of a {@link #value}, or {@code -1}. */
  static int idOf(long value) {
    return (int) (value >>> ID_SHIFT) - 1;
  }

  /** The class bits of a slot ({@code 0} for {@link #MISSING}). */
  long bits(int slot) {
    return slot < 0 ? 0 : slots[4 * slot + 3] & BITS_MASK;
  }

  /** The phrase word id of a slot, or {@code -1} (no phrase holds the word, or {@link #MISSING}). */
  int id(int slot) {
    return slot < 0 ? -1 : (int) (slots[4 * slot + 3] >>> ID_SHIFT) - 1;
  }

  /** The class bits of a lower-case word. */
  long bits(String word) {
    return bits(slot(word));
  }

  /**
   * A small direct-mapped copy of the table's entries for the packed words looked up most recently,
   * in the table's own slot layout: 16,384 entries (512 KB) mostly stay in the core's cache, where
   * the 4 MB table misses it on most lookups, and the words of running text repeat (function words,
   * the words of a form). Measured on the benchmark corpus: 4,096 entries saved less (a lower hit
   * rate), 1,024 less again. An entry is the word's packed key (its hash, length and characters, which
   * identify the lower-case word exactly) and its {@link #value}, so a hit answers what
   * {@link #slot(Tokens, int)} and {@link #value} would. Not thread-safe: one per thread.
   */
  static final class Cache {
    private static final int BITS = 14;
    private static final int SIZE = 1 << BITS;
    private final long[] e = new long[4 * SIZE];
    private final WordTable table;

    Cache(WordTable table) {
      this.table = table;
    }

    /** Where token {@code i} (a {@link Tokens#PACKED} word) is kept: the index of its first long. */
    static int entry(Tokens t, int i) {
      return 4 * (spread(t.hash(i)) >>> (32 - BITS));
    }

    /** Whether this cache holds token {@code i} (a {@link Tokens#PACKED} word) at {@code entry}. */
    boolean holds(Tokens t, int i, int entry) {
      long[] e = this.e;
      return e[entry] == meta(t.hash(i), t.length(i), true) && e[entry + 1] == t.key0(i) && e[entry + 2] == t.key1(i);
    }

    /** The {@link #value} of the word kept at {@code entry}. */
    long value(int entry) {
      return e[entry + 3];
    }

    /** Looks token {@code i} (a {@link Tokens#PACKED} word) up in the table and keeps it at {@code entry}; returns its {@link #value}. */
    long load(Tokens t, int i, int entry) {
      long v = table.value(table.slot(t, i));
      long[] e = this.e;
      e[entry] = meta(t.hash(i), t.length(i), true); // never 0 (the packed bit), so an empty entry matches no word
      e[entry + 1] = t.key0(i);
      e[entry + 2] = t.key1(i);
      e[entry + 3] = v;
      return v;
    }

  }

  /** Collects words, their classes and phrase word ids; {@link #build()} freezes them. */
  static final class Builder {
    private final Map<String, long[]> entries = new LinkedHashMap<>();
    private int nextId;

    /** Adds {@code bit} to the classes of every (lower-case) word of {@code words}. */
    Builder add(Iterable<String> words, long bit) {
      for (String w : words) entry(w)[0] |= bit;
      return this;
    }

    /** The phrase word id of {@code word}, assigned on first use. */
    int id(String word) {
      long[] e = entry(word);
      if (e[1] < 0) e[1] = nextId++;
      return (int) e[1];
    }

    private long[] entry(String w) {
      return entries.computeIfAbsent(w, k -> new long[] {0, -1});
    }

    WordTable build() {
      return new WordTable(entries);
    }
  }
}
