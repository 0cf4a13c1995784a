package dev.veil.privacy.detect;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.ahocorasick.trie.Trie;

/**
 * What one pass over a text found: which prefilter anchors occur (Aho-Corasick, ASCII
 * case-insensitive), how many ASCII digits and upper-case letters it holds, and which character
 * shapes ({@link Prefilter#shape(int)}) occur in it. Built once per text
 * by the {@link Analyzer}; each recognizer's {@link Prefilter} is then checked against it in
 * constant time per anchor.
 *
 * <p>Never holds the text. Not thread-safe to build; immutable once built.
 */
public final class TextProfile {
  private final Set<String> anchors;
  private final java.util.BitSet anchorIds;
  private final long[] anchorBits;
  private final int digits;
  private final int upperCase;
  private final int shapes;

  private TextProfile(Set<String> anchors, java.util.BitSet anchorIds, long[] anchorBits, int digits, int upperCase, int shapes) {
    this.shapes = shapes;
    this.anchors = anchors;
    this.anchorIds = anchorIds;
    this.anchorBits = anchorBits;
    this.digits = digits;
    this.upperCase = upperCase;
  }

  /** A matcher for {@code anchors} (lower case), shared by every profile of an analyzer. */
  static Trie trie(Collection<String> anchors) {
    Trie.TrieBuilder b = Trie.builder().ignoreCase();
    for (String a : anchors) {
      b.addKeyword(a);
    }
    return b.build();
  }

  /** Profiles {@code text}; {@code trie} may be null when no recognizer has anchors. */
  static TextProfile of(String text, Trie trie) {
    return of(text, trie, null);
  }

  /**
   * Profiles {@code text}, also recording which anchors occur as bits of their index in
   * {@code anchorIndex} (the {@link Analyzer}'s fast path).
   */
  static TextProfile of(String text, Trie trie, java.util.Map<String, Integer> anchorIndex) {
    int d = 0;
    int u = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        d++;
      } else if (c >= 'A' && c <= 'Z' || c > 0x7f && Character.isUpperCase(c)) {
        u++;
      }
    }
    Set<String> found = anchorIndex == null ? new HashSet<>() : Set.of();
    java.util.BitSet ids = new java.util.BitSet();
    if (trie != null) {
      trie.parseText(text, emit -> {
        if (anchorIndex == null) {
          found.add(emit.getKeyword());
        } else {
          ids.set(anchorIndex.get(emit.getKeyword()));
        }
        return true;
      });
    }
    return new TextProfile(found, ids, null, d, u, shapes(text));
  }

  /**
   * Profiles {@code text} in one pass with the analyzer's anchor matcher: the digit and upper-case
   * counts and the anchor automaton advance on the same character; anchors are recorded by id.
   */
  static TextProfile of(String text, AnchorMatcher matcher) {
    int d = 0;
    int u = 0;
    boolean nonAscii = false;
    long[] found = matcher.newFound();
    boolean wide = matcher.wide();
    long low = 0;
    int state = 0;
    int shapes = 0;
    int run = 0; // ASCII digits in a row up to here
    int k1 = 0; // the KIND bits of the previous character and of the two before it
    int k2 = 0;
    int k3 = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      int k = c < 128 ? KIND[c] : 0;
      if ((k1 & SEP) != 0) shapes |= shapeOf(k2, k1, k);
      if ((k & UPPER) != 0 && (k1 & UPPER) != 0 && (k2 & DIGIT) != 0) shapes |= Prefilter.DIGIT_UPPER_UPPER;
      if ((k & DIGIT) != 0 && (k1 & DIGIT) != 0 && (k2 & UPPER) != 0 && (k3 & UPPER) != 0) shapes |= Prefilter.UPPER_UPPER_DIGIT_DIGIT;
      k3 = k2;
      run = (k & DIGIT) != 0 ? run + 1 : 0;
      if (run == 5) shapes |= Prefilter.FIVE_DIGITS;
      k2 = k1;
      k1 = k;
      if (c >= '0' && c <= '9') {
        d++;
      } else if (c >= 'A' && c <= 'Z') {
        u++;
      } else if (c > 0x7f) {
        nonAscii = true;
        if (Character.isUpperCase(c)) u++;
      }
      state = matcher.step(state, c);
      low |= matcher.first64(state);
      if (wide && matcher.accepting(state)) matcher.collect(state, found);
    }
    if (found.length > 0) found[0] |= low;
    if (nonAscii) matcher.matchNonAscii(text, found);
    return new TextProfile(Set.of(), null, found, d, u, shapes);
  }

  private static final int DIGIT = 1;
  private static final int HEX_LETTER = 2;
  private static final int ALPHA = 4; // any ASCII letter
  private static final int DOT = 8;
  private static final int SEP = 16; // ':' '-' '.'
  private static final int UPPER = 32;
  private static final byte[] KIND = new byte[128];

  static {
    for (char c = '0'; c <= '9'; c++) KIND[c] = DIGIT;
    for (char c = 'a'; c <= 'z'; c++) KIND[c] = (byte) (ALPHA | (c <= 'f' ? HEX_LETTER : 0));
    for (char c = 'A'; c <= 'Z'; c++) KIND[c] = (byte) (ALPHA | UPPER | (c <= 'F' ? HEX_LETTER : 0));
    KIND['.'] = DOT | SEP;
    KIND[':'] = SEP;
    KIND['-'] = SEP;
  }

  /** The shapes made by a separator of kind {@code sep} between characters of kinds {@code before} and {@code after}. */
  private static int shapeOf(int before, int sep, int after) {
    int s = 0;
    if ((before & (DIGIT | HEX_LETTER)) != 0 && (after & (DIGIT | HEX_LETTER)) != 0) s |= Prefilter.HEX_SEPARATOR_HEX;
    if ((sep & DOT) != 0) {
      if ((before & (DIGIT | ALPHA)) != 0 && (after & (DIGIT | ALPHA)) != 0) s |= Prefilter.ALNUM_DOT_ALNUM;
      if ((before & DIGIT) != 0 && (after & DIGIT) != 0) s |= Prefilter.DIGIT_DOT_DIGIT;
    }
    return s;
  }

  /** A matcher without anchors, for {@link #shapes(String)}. */
  private static final AnchorMatcher NO_ANCHORS = AnchorMatcher.of(java.util.Map.of());

  /** The {@link Prefilter} shapes {@code text} holds (the profile pass without anchors). */
  static int shapes(String text) {
    return of(text, NO_ANCHORS).shapes;
  }

  /** The character shapes ({@link Prefilter#shape(int)}) the text holds. */
  public int shapes() {
    return shapes;
  }

  /** Whether {@code anchor} (lower case) occurs in the text. */
  public boolean hasAnchor(String anchor) {
    return anchors.contains(anchor);
  }

  /** Whether the anchor with index {@code id} in the analyzer's anchor index occurs in the text. */
  boolean hasAnchor(int id) {
    if (anchorBits != null) return (anchorBits[id >>> 6] & (1L << id)) != 0;
    return anchorIds.get(id);
  }

  /** How many 64-bit words of anchor-id bits {@link #anchorWord} has (0 for a profile without anchor ids). */
  int anchorWords() {
    return anchorBits != null ? anchorBits.length : anchorIds != null ? anchorIds.toLongArray().length : 0;
  }

  /** Bits {@code 64 * w} to {@code 64 * w + 63} of the ids of the anchors found (see {@link #hasAnchor(int)}). */
  long anchorWord(int w) {
    return anchorBits != null ? anchorBits[w] : anchorIds.toLongArray()[w];
  }

  /** The number of ASCII digits in the text. */
  public int digits() {
    return digits;
  }

  /** The number of upper-case letters in the text. */
  public int upperCase() {
    return upperCase;
  }
}
