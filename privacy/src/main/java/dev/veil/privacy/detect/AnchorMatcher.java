package dev.veil.privacy.detect;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import org.ahocorasick.trie.Trie;

/**
 * The prefilter's literal-anchor matcher: an Aho-Corasick automaton compiled to a dense transition
 * table over ASCII, matching the anchors ASCII case-insensitively (a text character is folded by
 * {@link Character#toLowerCase(char)}, as the Aho-Corasick library's case-insensitive mode does)
 * and reporting every anchor that occurs, overlapping occurrences included. One table step per text
 * character, no allocation per character.
 *
 * <p>Anchors holding a non-ASCII character are matched only in texts holding a non-ASCII character
 * (an ASCII character never folds to a non-ASCII one, so such an anchor cannot occur in an ASCII
 * text): one-character anchors (the non-ASCII digits of the phone prefilter) by looking up each
 * non-ASCII character's lower case, longer ones by the library's trie.
 *
 * <p>Immutable and thread-safe once built.
 */
final class AnchorMatcher {
  private static final int SYMBOLS = 128;

  /**
   * {@code next[state * symbols + symbol[c]]}: the transitions over symbol classes instead of all 128
   * ASCII characters (the characters in no anchor share class 0, an upper-case letter has its lower
   * case's class), so the table is small enough to stay in the first-level cache.
   */
  private final int[] next;
  private final byte[] symbol;
  private final int symbols;
  /** Per state, the ids of the ASCII anchors ending there (as bits), or null. */
  private final long[][] out;
  /** Per state, the first 64 ids of {@link #out} (0 when none), for a branch-free OR per character. */
  private final long[] out0;
  private final int idWords;
  private final Trie nonAscii;
  private final Map<String, Integer> ids;
  /** The one-character non-ASCII anchors, sorted, and their ids: matched by a lookup per non-ASCII text character. */
  private final char[] singles;
  private final int[] singleIds;

  private AnchorMatcher(int[] full, long[][] out, int idWords, Trie nonAscii, Map<String, Integer> ids, char[] singles, int[] singleIds) {
    this.singles = singles;
    this.singleIds = singleIds;
    // symbol classes: characters whose transitions are the same in every state share a class
    int states = out.length;
    byte[] sym = new byte[SYMBOLS];
    java.util.List<Integer> columns = new java.util.ArrayList<>(); // a representative character per class
    columns.add(-1); // class 0: no transition leaves the start state
    for (int c = 0; c < SYMBOLS; c++) {
      boolean none = true;
      for (int st = 0; st < states && none; st++) none = full[st * SYMBOLS + c] == 0;
      if (none) continue;
      int cls = -1;
      for (int k = 1; k < columns.size() && cls < 0; k++) {
        int r = columns.get(k);
        boolean same = true;
        for (int st = 0; st < states && same; st++) same = full[st * SYMBOLS + c] == full[st * SYMBOLS + r];
        if (same) cls = k;
      }
      if (cls < 0) {
        cls = columns.size();
        columns.add(c);
      }
      sym[c] = (byte) cls;
    }
    if (columns.size() > 127) throw new IllegalStateException("more than 127 anchor symbol classes: " + columns.size());
    this.symbol = sym;
    this.symbols = columns.size();
    this.next = new int[states * symbols];
    for (int st = 0; st < states; st++) {
      for (int k = 1; k < symbols; k++) next[st * symbols + k] = full[st * SYMBOLS + columns.get(k)];
    }
    this.out = out;
    this.out0 = new long[out.length];
    for (int s = 0; s < out.length; s++) out0[s] = out[s] == null ? 0 : out[s][0];
    this.idWords = idWords;
    this.nonAscii = nonAscii;
    this.ids = ids;
  }

  /** A matcher for the anchors (lower case) of {@code ids}, reporting each by its id. */
  static AnchorMatcher of(Map<String, Integer> ids) {
    int idWords = (ids.size() + 63) >>> 6;
    int[][] child = new int[1][];
    child[0] = new int[SYMBOLS];
    Arrays.fill(child[0], -1);
    long[][] out = new long[1][];
    int states = 1;
    java.util.List<String> other = new java.util.ArrayList<>();
    java.util.TreeMap<Character, Integer> single = new java.util.TreeMap<>();
    for (Map.Entry<String, Integer> e : ids.entrySet()) {
      String a = e.getKey();
      if (!a.chars().allMatch(c -> c < SYMBOLS)) {
        if (a.length() == 1) {
          single.put(a.charAt(0), e.getValue());
        } else {
          other.add(a);
        }
        continue;
      }
      int s = 0;
      for (int i = 0; i < a.length(); i++) {
        int c = Character.toLowerCase(a.charAt(i)); // anchors come lower case; this keeps the table's folding exact
        if (child[s][c] < 0) {
          if (states == child.length) {
            child = Arrays.copyOf(child, states * 2);
            out = Arrays.copyOf(out, states * 2);
          }
          child[states] = new int[SYMBOLS];
          Arrays.fill(child[states], -1);
          child[s][c] = states++;
        }
        s = child[s][c];
      }
      if (out[s] == null) out[s] = new long[idWords];
      out[s][e.getValue() >>> 6] |= 1L << e.getValue();
    }
    int[] next = new int[states * SYMBOLS];
    int[] fail = new int[states];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < SYMBOLS; c++) {
      int t = child[0][c];
      if (t < 0) {
        next[c] = 0;
      } else {
        next[c] = t;
        fail[t] = 0;
        queue.add(t);
      }
    }
    while (!queue.isEmpty()) {
      int s = queue.poll();
      long[] f = out[fail[s]];
      if (f != null) {
        if (out[s] == null) out[s] = new long[idWords];
        for (int k = 0; k < idWords; k++) out[s][k] |= f[k];
      }
      for (int c = 0; c < SYMBOLS; c++) {
        int t = child[s][c];
        if (t < 0) {
          next[s * SYMBOLS + c] = next[fail[s] * SYMBOLS + c];
        } else {
          next[s * SYMBOLS + c] = t;
          fail[t] = next[fail[s] * SYMBOLS + c];
          queue.add(t);
        }
      }
    }
    // ASCII case folding in the table itself: an upper-case letter steps like its lower case
    for (int s = 0; s < states; s++) {
      for (int c = 'A'; c <= 'Z'; c++) next[s * SYMBOLS + c] = next[s * SYMBOLS + c + ('a' - 'A')];
    }
    Trie trie = other.isEmpty() ? null : TextProfile.trie(other);
    char[] singles = new char[single.size()];
    int[] singleIds = new int[single.size()];
    int k = 0;
    for (Map.Entry<Character, Integer> e : single.entrySet()) {
      singles[k] = e.getKey();
      singleIds[k++] = e.getValue();
    }
    return new AnchorMatcher(next, Arrays.copyOf(out, states), idWords, trie, ids, singles, singleIds);
  }

  /** A fresh set of found-anchor bits. */
  long[] newFound() {
    return new long[idWords];
  }

  /** The state after reading {@code c} in state {@code s}. */
  int step(int s, char c) {
    int sym = c;
    if (c >= SYMBOLS) {
      sym = Character.toLowerCase(c);
      if (sym >= SYMBOLS) return 0;
    }
    return next[s * symbols + symbol[sym]];
  }

  /** Adds the anchors ending in state {@code s} to {@code found}. */
  void collect(int s, long[] found) {
    long[] o = out[s];
    if (o != null) {
      for (int k = 0; k < idWords; k++) found[k] |= o[k];
    }
  }

  /** The anchors with ids 0 to 63 ending in state {@code s}, as bits. */
  long first64(int s) {
    return out0[s];
  }

  /** Whether some anchor has an id of 64 or more (then {@link #collect} is needed besides {@link #first64}). */
  boolean wide() {
    return idWords > 1;
  }

  /** Whether state {@code s} ends an anchor. */
  boolean accepting(int s) {
    return out[s] != null;
  }

  /** Adds the non-ASCII anchors occurring in {@code text} to {@code found}. */
  void matchNonAscii(String text, long[] found) {
    if (singles.length > 0) {
      // a one-character anchor occurs where a character folds to it, as in the library's case-insensitive walk
      for (int i = 0, n = text.length(); i < n; i++) {
        char c = text.charAt(i);
        if (c < SYMBOLS) continue;
        int at = Arrays.binarySearch(singles, Character.toLowerCase(c));
        if (at >= 0) found[singleIds[at] >>> 6] |= 1L << singleIds[at];
      }
    }
    if (nonAscii == null) return;
    nonAscii.parseText(text, emit -> {
      int id = ids.get(emit.getKeyword());
      found[id >>> 6] |= 1L << id;
      return true;
    });
  }
}
