package dev.veil.privacy.detect.ner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The suffix set's in-place lookup of a keyed word agrees with the lookup of the word's lower-case string. */
class SuffixSetTest {
  private static final Set<String> ENDINGS = Set.of("straße", "gasse", "katu", "vägen", "οδος", "ÿvesweg", "weg", "kelvinstr");

  private static void check(Lexicon.SuffixSet set, String text, int maxLen) {
    Tokens t = Tokens.of(text);
    for (int i = 0; i < t.size(); i++) {
      if ((t.keyed(i) & Tokens.KEYED) == 0) continue;
      String lower = t.lower(i);
      int max = Math.min(maxLen, lower.length() - 2);
      assertEquals(set.hasEnding(lower, 3, max), set.hasEndingLowered(t.chars(), t.start(i), t.end(i), 3, max),
          () -> "ending of '" + lower + "'");
    }
  }

  @Test
  void everyCompoundOfTheLexiconWithAStemIsFoundInPlaceAsInTheString() {
    Lexicon lx = Lexicon.get();
    int found = 0;
    for (String c : lx.compoundSet) {
      for (String word : List.of("Haupt" + c, "HAUPT" + c.toUpperCase(Locale.ROOT), "x" + c, c, "Ab" + c + "s")) {
        check(lx.compoundSuffixes, word, lx.maxCompound);
      }
      Tokens t = Tokens.of("Haupt" + c);
      if (t.size() == 1 && (t.keyed(0) & Tokens.KEYED) != 0
          && lx.compoundSuffixes.hasEndingLowered(t.chars(), 0, t.end(0), 3, Math.min(lx.maxCompound, t.length(0) - 2))) {
        found++;
      }
    }
    assertTrue(found > lx.compoundSet.size() / 2, "most compounds are found after a stem: " + found);
  }

  @Test
  void randomWordsLookUpAsTheirLowerCase() {
    Lexicon.SuffixSet set = new Lexicon.SuffixSet(ENDINGS);
    String alphabet = "aAsStTrRßgGeEkKuUäÄvVnNwWοΟδΔσςÿŸlLi\u0130\u212A-'";
    SplittableRandom random = new SplittableRandom(3);
    List<String> endings = new ArrayList<>(ENDINGS);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder();
      int len = random.nextInt(1, 12);
      for (int j = 0; j < len; j++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      if (random.nextInt(2) == 0) {
        String e = endings.get(random.nextInt(endings.size()));
        b.append(random.nextBoolean() ? e.toUpperCase(Locale.ROOT) : e);
      }
      check(set, b.toString(), 1 + random.nextInt(12));
    }
  }

  /** Whether {@code set} holds an ending of {@code word} of length {@code [minLen, maxLen]}, by substrings. */
  private static boolean reference(Set<String> set, String word, int minLen, int maxLen) {
    for (int k = minLen; k <= Math.min(maxLen, word.length()); k++) {
      if (set.contains(word.substring(word.length() - k))) return true;
    }
    return false;
  }

  /**
   * The three-character tail filter rules out no ending the set holds: both lookups equal the
   * substring lookup on every lexicon compound after stems and on random words (most of which the
   * filter rejects).
   */
  @Test
  void tailFilterKeepsEveryEnding() {
    Lexicon lx = Lexicon.get();
    SplittableRandom random = new SplittableRandom(5);
    List<String> compounds = new ArrayList<>(lx.compoundSet);
    String alphabet = "abcdefghijklmnopqrstuvwxyzäöüßéσς";
    for (int n = 0; n < 40_000; n++) {
      StringBuilder b = new StringBuilder();
      int len = random.nextInt(1, 12);
      for (int j = 0; j < len; j++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      if (random.nextInt(3) == 0) b.append(compounds.get(random.nextInt(compounds.size())));
      String word = b.toString();
      int max = Math.min(lx.maxCompound, word.length() - 2);
      boolean expected = reference(lx.compoundSet, word, 3, max);
      assertEquals(expected, lx.compoundSuffixes.hasEnding(word, 3, max), word);
      char[] cs = word.toCharArray();
      assertEquals(expected, lx.compoundSuffixes.hasEndingLowered(cs, 0, cs.length, 3, max), word);
    }
    for (String c : lx.compoundSet) {
      String word = "haupt" + c;
      int max = Math.min(lx.maxCompound, word.length() - 2);
      assertEquals(reference(lx.compoundSet, word, 3, max), lx.compoundSuffixes.hasEnding(word, 3, max), word);
    }
  }
}
