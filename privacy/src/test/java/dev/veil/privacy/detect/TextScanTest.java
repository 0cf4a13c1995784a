package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextScanTest {

  @Test
  void digitGroupTokensJoinGroupsBySingleSpaceOrDash() {
    TextScan s = TextScan.of("card 4111 1111-1111 1111, ssn 078-05-1120  and 12  34 x9");
    List<String> tokens = new ArrayList<>();
    for (int t = 0; t < s.digitTokens(); t++) {
      int a = s.firstGroup(t);
      int b = s.firstGroup(t + 1);
      tokens.add(s.text().substring(s.groupStart(a), s.groupEnd(b - 1)) + "/" + (b - a));
    }
    assertEquals(List.of("4111 1111-1111 1111/4", "078-05-1120/3", "12/1", "34/1", "9/1"), tokens);
  }

  @Test
  void digitGroupTokensKnowTheirDelimitationGroupLengthsAndWindowDigits() {
    // tokens: "12-345" (alone), "6" (after a letter), "7 89" (before _), "2" and "3" (a decimal), "40"
    TextScan s = TextScan.of("12-345 x6, 7 89_ 2.3 (40)");
    List<Boolean> delimited = new ArrayList<>();
    List<List<Integer>> lengths = new ArrayList<>();
    int[] lens = s.groupLengths();
    for (int t = 0; t < s.digitTokens(); t++) {
      delimited.add(s.tokenDelimited(t));
      List<Integer> l = new ArrayList<>();
      for (int g = s.firstGroup(t) + t; g <= s.firstGroup(t + 1) + t; g++) l.add(lens[g]);
      lengths.add(l);
    }
    assertEquals(List.of(true, false, false, false, false, true), delimited);
    // each token's group lengths, then the 0 after its last group
    assertEquals(List.of(List.of(2, 3, 0), List.of(1, 0), List.of(1, 2, 0), List.of(1, 0), List.of(1, 0), List.of(2, 0)), lengths);
    assertEquals("12345", s.windowDigits(0, 1, 5));
    assertEquals("345", s.windowDigits(1, 1, 3));
    assertSame(s.windowDigits(0, 1, 5), s.windowDigits(0, 1, 5));
  }

  @Test
  void theWindowDigitCountsIgnoreTokensGluedToAWordOrADecimalPoint() {
    TextScan s = TextScan.of("id x123456, 1.5 and 12-34");
    assertEquals(6, s.maxTokenDigits());
    assertEquals(1L << 2 | 1L << 4, s.windowDigitCounts()); // 12, 34 and 12-34 only
    assertEquals(0, TextScan.of("no digits").windowDigitCounts());
  }

  @Test
  void wordsAreRunsOfLettersAndDigitsLowerCasedOnce() {
    TextScan s = TextScan.of("Call Ms. O'Neil: +1 (212) 555-0100!");
    List<String> words = new ArrayList<>();
    for (int w = 0; w < s.words(); w++) words.add(s.lowerWord(w));
    assertEquals(List.of("call", "ms", "o", "neil", "1", "212", "555", "0100"), words);
    assertSame(s.lowerWord(0), s.lowerWord(0));
  }

  @Test
  void theScanIsSharedForTheSameStringObjectOnly() {
    String text = "born 1990-01-02";
    TextScan a = TextScan.of(text);
    assertSame(a, TextScan.of(text));
    assertNotSame(a, TextScan.of(new String(text)));
  }

  /** The analyzer's context window from the shared scan equals the character walk, for any span, including spans cutting words. */
  @Test
  void contextWindowFromTheScanEqualsTheCharacterWalkOnSeededRandomTexts() {
    Random rnd = new Random(11);
    String alphabet = "ab Cd éß 12 3-4 .,;\n\t_@Ü";
    for (int k = 0; k < 3000; k++) {
      StringBuilder b = new StringBuilder();
      int len = 1 + rnd.nextInt(60);
      for (int i = 0; i < len; i++) b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      String text = b.toString();
      int start = rnd.nextInt(text.length());
      int end = start + rnd.nextInt(text.length() - start + 1);
      int n = rnd.nextInt(7);
      assertEquals(Analyzer.window(text, start, end, n), Analyzer.window(TextScan.of(text), start, end, n),
          () -> "window differs for span [" + start + ", " + end + ") of a random text");
    }
  }

  /** The per-text maxima equal the largest per-run counts, for every combination of character kinds. */
  @Test
  void maxRunCharactersEqualTheLargestCountOverTheRunsOnSeededRandomTexts() {
    Random rnd = new Random(5);
    String alphabet = "aZ09-_.+/~ é@,";
    for (int k = 0; k < 3000; k++) {
      StringBuilder b = new StringBuilder();
      int len = rnd.nextInt(50);
      for (int i = 0; i < len; i++) b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      TextScan s = TextScan.of(b.toString());
      int upperDigit = 0;
      int alnum = 0;
      int notLower = 0;
      int all = 0;
      for (int r = 0; r < s.runs(); r++) {
        int length = s.runEnd(r) - s.runStart(r);
        upperDigit = Math.max(upperDigit, s.runUpperOrDigits(r));
        alnum = Math.max(alnum, s.runUpperOrDigits(r) + s.runLower(r));
        notLower = Math.max(notLower, length - s.runLower(r));
        all = Math.max(all, length);
      }
      String text = b.toString();
      assertEquals(upperDigit, s.maxRunCharacters(false, false), () -> "upper case and digits of '" + text + "'");
      assertEquals(alnum, s.maxRunCharacters(true, false), () -> "letters and digits of '" + text + "'");
      assertEquals(notLower, s.maxRunCharacters(false, true), () -> "all but lower case of '" + text + "'");
      assertEquals(all, s.maxRunCharacters(true, true), () -> "run lengths of '" + text + "'");
    }
  }

  /**
   * The window digit counts are exactly the digit sums of the consecutive-group windows of the
   * delimited tokens (counted here from the groups' own offsets), on seeded random digit texts with
   * long numbers; the mask of a digit range has exactly its bits.
   */
  @Test
  void windowDigitCountsAreTheDigitSumsOfEveryWindowOfADelimitedToken() {
    Random rnd = new Random(17);
    String alphabet = "0123456789012345678901234567890123456789  --.,a";
    int nonEmpty = 0;
    for (int k = 0; k < 5000; k++) {
      StringBuilder b = new StringBuilder();
      int len = rnd.nextInt(k % 10 == 0 ? 200 : 40);
      for (int i = 0; i < len; i++) b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      TextScan s = TextScan.of(b.toString());
      long expected = 0;
      for (int t = 0; t < s.digitTokens(); t++) {
        if (!s.tokenDelimited(t)) continue;
        for (int a = s.firstGroup(t); a < s.firstGroup(t + 1); a++) {
          int digits = 0;
          for (int g = a; g < s.firstGroup(t + 1); g++) {
            digits += s.groupEnd(g) - s.groupStart(g);
            expected |= 1L << Math.min(digits, 63);
          }
        }
      }
      if (expected != 0) nonEmpty++;
      String text = b.toString();
      long want = expected;
      assertEquals(want, s.windowDigitCounts(), () -> "window digit counts of '" + text + "'");
    }
    assertTrue(nonEmpty > 2000, "most texts hold a delimited token: " + nonEmpty);
    for (int min = 1; min <= 70; min++) {
      for (int max = min; max <= 70; max++) {
        long m = TextScan.windowDigitsMask(min, max);
        for (int d = 0; d < 64; d++) {
          boolean in = d == 63 ? max >= 63 : d >= min && d <= max;
          assertEquals(in, (m & (1L << d)) != 0, "bit " + d + " of " + min + ".." + max);
        }
      }
    }
  }
}
