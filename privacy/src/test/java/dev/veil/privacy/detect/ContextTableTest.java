package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.detect.eval.PiiEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The context table gives what the analyzer's string lookup gives, for ASCII and non-ASCII words. */
class ContextTableTest {
  private static final Analyzer ANALYZER = PiiEvaluation.defaultAnalyzer(List.of("US"));

  /** Every context word, its beginnings and longer forms, in three cases, plus non-ASCII variants and random junk. */
  private static List<String> words() {
    List<String> words = new ArrayList<>();
    for (Recognizer r : ANALYZER.recognizers()) {
      for (String phrase : r.contextWords()) words.addAll(Analyzer.tokens(phrase));
    }
    List<String> out = new ArrayList<>();
    for (String w : words) {
      for (int len = 1; len <= w.length(); len++) out.add(w.substring(0, len));
      for (String tail : List.of("s", "es", "é", "ß", "İ", "Σ", "1", "ing")) out.add(w + tail);
      out.add(w.toUpperCase(Locale.ROOT));
      out.add(Character.toUpperCase(w.charAt(0)) + w.substring(1));
      out.add("é" + w);
    }
    Random rnd = new Random(23);
    String alphabet = "abcdeilnoprstuADINPSéÉßİıΣσ1";
    for (int k = 0; k < 20_000; k++) {
      StringBuilder b = new StringBuilder();
      int len = 1 + rnd.nextInt(22); // past the 16 characters of the packed table
      for (int i = 0; i < len; i++) b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      out.add(b.toString());
    }
    return out;
  }

  @Test
  void lowerCaseLookupEqualsTheStringLookupForEveryWord() {
    ContextTable table = ANALYZER.contextTable();
    for (String w : words()) {
      String lower = w.toLowerCase(Locale.ROOT);
      assertArrayEquals(ANALYZER.contextMask(lower), table.maskOfLower(lower), () -> "mask of '" + lower + "'");
    }
  }

  /**
   * An ASCII word gets the string lookup's mask in place. A word holding a non-ASCII character is
   * deferred to the string lookup ({@link ContextTable#NOT_ASCII}), unless its first two characters
   * are ASCII and begin no context word: then it gets the (empty) string lookup's answer at once.
   */
  @Test
  void inPlaceLookupEqualsTheStringLookupForAsciiWordsAndDefersTheOthers() {
    ContextTable table = ANALYZER.contextTable();
    int deferred = 0;
    for (String w : words()) {
      String text = "(" + w + ")";
      long[] m = table.maskOf(text, 1, text.length() - 1);
      if (w.chars().anyMatch(c -> c >= 128)) {
        if (m == ContextTable.NOT_ASCII) {
          deferred++;
        } else {
          assertArrayEquals(ANALYZER.contextMask(w.toLowerCase(Locale.ROOT)), m, () -> "mask of '" + w + "' (non-ASCII, answered at once)");
          assertEquals(0, m.length, () -> "'" + w + "' answered at once only when it matches nothing");
        }
      } else {
        assertArrayEquals(ANALYZER.contextMask(w.toLowerCase(Locale.ROOT)), m, () -> "mask of '" + w + "'");
      }
    }
    assertTrue(deferred > 1000, "non-ASCII context words must still be deferred: " + deferred);
  }
}
