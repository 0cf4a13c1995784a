package dev.veil.privacy.detect;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.ahocorasick.trie.Trie;

/**
 * What one pass over a text found: which prefilter anchors occur (Aho-Corasick, ASCII
 * case-insensitive) and how many ASCII digits and upper-case letters it holds. Built once per text
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

  private TextProfile(Set<String> anchors, java.util.BitSet anchorIds, long[] anchorBits, int digits, int upperCase) {
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
    return new TextProfile(found, ids, null, d, u);
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
    int state = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        d++;
      } else if (c >= 'A' && c <= 'Z') {
        u++;
      } else if (c > 0x7f) {
        nonAscii = true;
        if (Character.isUpperCase(c)) u++;
      }
      state = matcher.step(state, c);
      if (matcher.accepting(state)) matcher.collect(state, found);
    }
    if (nonAscii) matcher.matchNonAscii(text, found);
    return new TextProfile(Set.of(), null, found, d, u);
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

  /** The number of ASCII digits in the text. */
  public int digits() {
    return digits;
  }

  /** The number of upper-case letters in the text. */
  public int upperCase() {
    return upperCase;
  }
}
