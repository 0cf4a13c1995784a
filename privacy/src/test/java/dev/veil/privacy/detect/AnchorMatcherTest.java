package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.ahocorasick.trie.Trie;
import org.junit.jupiter.api.Test;

/**
 * {@link AnchorMatcher} (the analyzer's dense automaton) reports exactly the anchors the
 * Aho-Corasick library's case-insensitive trie reports, on texts built to hit its edge cases:
 * overlapping and nested anchors, anchors that are suffixes of others, upper case, the non-ASCII
 * characters that fold to ASCII ones ({@code U+0130} to {@code i}, the Kelvin sign to {@code k}),
 * and non-ASCII anchors (full-width and Arabic-Indic digits, {@code \u00e9}, which {@code \u00c9} folds to).
 */
class AnchorMatcherTest {
  private static final List<String> ANCHORS = List.of(
      "@", "://", "www.", "-----begin", "akia", "asia", "eyj", "xox", "ghp_", "github_pat_", ":", "-", ".",
      "gir", "ki", "kia", "ia", "a", "\u00e9", "\uFF10", "\uFF15", "\u0661", "\u06F9", "i\u0307x");

  @Test
  void sameAnchorsAsTheLibraryTrie() {
    check(ANCHORS);
  }

  @Test
  void sameAnchorsAsTheLibraryTrie_withMoreThan64Anchors() {
    List<String> many = new java.util.ArrayList<>();
    for (int i = 0; i < 80; i++) many.add("zq" + i); // ids 0-79: the anchors under test get ids above 64
    many.addAll(ANCHORS);
    check(many);
  }

  private static void check(List<String> anchors) {
    Map<String, Integer> ids = new HashMap<>();
    for (String a : anchors) ids.put(a, ids.size());
    AnchorMatcher matcher = AnchorMatcher.of(ids);
    Trie trie = TextProfile.trie(anchors);
    String alphabet = "aAkKiIeEyYjJxXoOgGhHpP_:/.-@wWbBnNsS \u0130\u212A\uFF10\uFF15\u0661\u06F9\u0307\u00E9\u00C9";
    Random rnd = new Random(20261126L);
    for (int t = 0; t < 20_000; t++) {
      int len = rnd.nextInt(40);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < len; i++) {
        if (rnd.nextInt(5) == 0) {
          String a = anchors.get(rnd.nextInt(anchors.size()));
          sb.append(rnd.nextBoolean() ? a.toUpperCase(java.util.Locale.ROOT) : a);
        } else {
          sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
      }
      String text = sb.toString();
      TreeSet<Integer> expected = new TreeSet<>();
      trie.parseText(text, emit -> {
        expected.add(ids.get(emit.getKeyword()));
        return true;
      });
      TextProfile p = TextProfile.of(text, matcher);
      TreeSet<Integer> actual = new TreeSet<>();
      for (int id = 0; id < anchors.size(); id++) {
        if (p.hasAnchor(id)) actual.add(id);
      }
      assertEquals(expected, actual, "text #" + t + " " + text.chars().mapToObj(c -> Integer.toHexString(c)).toList());
      TextProfile old = TextProfile.of(text, trie, ids);
      assertEquals(old.digits(), p.digits(), "digits of text #" + t);
      assertEquals(old.upperCase(), p.upperCase(), "upper case of text #" + t);
    }
  }
}
