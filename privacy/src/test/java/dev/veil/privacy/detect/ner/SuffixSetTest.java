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
}
