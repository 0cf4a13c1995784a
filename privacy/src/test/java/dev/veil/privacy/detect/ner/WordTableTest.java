package dev.veil.privacy.detect.ner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The word-class table's in-place lookups agree with looking up the token's lower-case string, and
 * the tokenizer's precomputed word shapes agree with their character-by-character definitions,
 * including the characters {@link String#toLowerCase} treats specially.
 */
class WordTableTest {
  private static final List<String> WORDS = List.of("maria", "müller", "ÿves", "kelvin", "i\u0307stanbul", "σοφια", "σοφιας",
      "οδος", "a", "straße", "abcdefghijklmnop", "abcdefghijklmnopq", "\ud801\udc28x", "ø");

  private static WordTable table() {
    WordTable.Builder b = new WordTable.Builder();
    long bit = 1;
    for (String w : WORDS) {
      b.add(List.of(w), bit);
      b.id(w);
      bit <<= 1;
    }
    return b.build();
  }

  @Test
  void inPlaceLookupEqualsStringLookup() {
    WordTable table = table();
    String text = "Maria MÜLLER \u0178ves \u212Aelvin \u0130stanbul ΣΟΦΙΑ ΣΟΦΙΑΣ Σοφιας ΟΔΟΣ A STRASSE Straße ABCDEFGHIJKLMNOP"
        + " abcdefghijklmnopq \ud801\udc00x Ø ø unknown Mariah 12 , .";
    Tokens t = Tokens.of(text);
    int found = 0;
    for (int i = 0; i < t.size(); i++) {
      int expected = table.slot(t.lower(i));
      assertEquals(expected, table.slot(t, i), "token " + i + " " + t.raw(i));
      assertEquals(expected, table.slot(t.chars(), t.start(i), t.end(i)), "token " + i + " " + t.raw(i));
      assertEquals(table.bits(expected), table.bits(t.lower(i)));
      if (expected >= 0) found++;
    }
    // maria, müller, ÿves, kelvin, i̇stanbul, σοφια, σοφιας, οδος, a, straße, the 16- and 17-letter words, the Deseret word, ø twice
    assertEquals(15, found);
  }

  @Test
  void randomTokensLookUpAsTheirLowerCase() {
    WordTable table = table();
    String alphabet = "aAmMrRiIüÜÿŸøØσΣςοΟδΔ\u0130\u0131\u212Ak ßs-'\ud801\udc00\ud801\udc28.1";
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder();
      int len = random.nextInt(1, 24);
      for (int j = 0; j < len; j++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      if (random.nextInt(4) == 0) b.append(' ').append(WORDS.get(random.nextInt(WORDS.size())).toUpperCase(Locale.ROOT));
      Tokens t = Tokens.of(b.toString());
      for (int i = 0; i < t.size(); i++) {
        assertEquals(table.slot(t.lower(i)), table.slot(t, i), "token " + t.raw(i));
      }
    }
  }

  @Test
  void shapesMatchTheirDefinitions() {
    String alphabet = "aAzZéÉǅßσΣ\u0130 -'1.\ud801\udc00\u0301";
    SplittableRandom random = new SplittableRandom(11);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder();
      int len = random.nextInt(1, 20);
      for (int j = 0; j < len; j++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      String text = b.toString();
      Tokens t = Tokens.of(text);
      int letters = 0;
      int upper = 0;
      for (int j = 0; j < text.length(); j++) {
        if (Character.isLetter(text.charAt(j))) {
          letters++;
          if (Character.isUpperCase(text.charAt(j))) upper++;
        }
      }
      assertEquals(letters, t.letters(), text);
      assertEquals(upper, t.upperCaseLetters(), text);
      for (int i = 0; i < t.size(); i++) {
        boolean word = t.kind(i) == Tokens.WORD;
        char c = text.charAt(t.start(i));
        assertEquals(word && (Character.isUpperCase(c) || Character.isTitleCase(c)), t.capitalized(i), text);
        assertEquals(word && Character.isLowerCase(c), t.lowerCase(i), text);
        boolean allCaps = word && t.length(i) >= 2;
        for (int j = t.start(i); j < t.end(i) && allCaps; j++) {
          allCaps = !(Character.isLetter(text.charAt(j)) && !Character.isUpperCase(text.charAt(j)));
        }
        assertEquals(allCaps, t.allCaps(i), text);
        assertEquals(word && t.raw(i).indexOf('-') >= 0, t.hyphenated(i), text);
      }
    }
  }

  /**
   * One instance reset text after text (some of whose lower-case forms were asked for, some not)
   * tokenizes each as a fresh instance does, a keyed word's hash is that of its lower case and its
   * lower case is as long as the word, and the recorded punctuation characters and hyphenated words
   * are those the text holds.
   */
  @Test
  void reusedInstanceMatchesAFreshOne() {
    String alphabet = "aAzZéÉÿŸøØßσΣ\u0130 -'1.\ud801\udc00\u0301&,";
    SplittableRandom random = new SplittableRandom(13);
    Tokens reused = new Tokens();
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder();
      int len = random.nextInt(1, 40);
      for (int j = 0; j < len; j++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      String text = b.toString();
      reused.reset(text);
      Tokens fresh = Tokens.of(text);
      assertEquals(fresh.size(), reused.size(), text);
      assertEquals(fresh.letters(), reused.letters(), text);
      assertEquals(fresh.upperCaseLetters(), reused.upperCaseLetters(), text);
      assertEquals(fresh.digits(), reused.digits(), text);
      // neither is a letter, digit or space: only a punctuation token holds one
      for (char c : new char[] {'&', ',', '.'}) assertEquals(text.indexOf(c) >= 0, reused.hasPunct(c), text + " " + c);
      // a hyphen is a punctuation token or inside a word
      assertEquals(text.indexOf('-') >= 0, reused.hasPunct('-') || reused.hasHyphenatedWord(), text);
      boolean hyphenatedWord = false;
      int digits = 0;
      for (int i = 0; i < fresh.size(); i++) {
        assertEquals(fresh.start(i), reused.start(i), text);
        assertEquals(fresh.end(i), reused.end(i), text);
        assertEquals(fresh.kind(i), reused.kind(i), text);
        assertEquals(fresh.keyed(i), reused.keyed(i), text);
        assertEquals(fresh.capitalized(i), reused.capitalized(i), text);
        assertEquals(fresh.lowerCase(i), reused.lowerCase(i), text);
        assertEquals(fresh.allCaps(i), reused.allCaps(i), text);
        assertEquals(fresh.hyphenated(i), reused.hyphenated(i), text);
        hyphenatedWord |= reused.hyphenated(i);
        if ((fresh.keyed(i) & Tokens.KEYED) != 0) {
          assertEquals(fresh.length(i), fresh.lower(i).length(), text);
          assertEquals(fresh.lower(i).hashCode(), reused.hash(i), text);
          assertEquals(fresh.key0(i), reused.key0(i), text);
          assertEquals(fresh.key1(i), reused.key1(i), text);
        }
        if (n % 3 == 0) assertEquals(text.substring(fresh.start(i), fresh.end(i)).toLowerCase(Locale.ROOT), reused.lower(i), text);
        if (fresh.kind(i) != Tokens.PUNCT) {
          for (int j = fresh.start(i); j < fresh.end(i); j++) if (Character.isDigit(text.charAt(j))) digits++;
        }
      }
      assertEquals(digits, reused.digits(), text);
      assertEquals(hyphenatedWord, reused.hasHyphenatedWord(), text);
    }
  }

  /**
   * The per-thread cache answers as the table does: on the lexicon's table, for words of its
   * dictionaries and random words (more distinct words than the cache has entries, so entries are
   * replaced), a word the cache holds has the table's value, and a word it loads is held afterwards.
   */
  @Test
  void cacheAnswersAsTheTable() {
    WordTable table = Lexicon.get().words;
    WordTable.Cache cache = new WordTable.Cache(table);
    List<String> known = List.of("the", "and", "Maria", "Smith", "street", "Straße", "Berlin", "Ltd", "of", "in", "Müller", "Dr");
    String alphabet = "abcdeilmnorstuyäöüéÿß";
    SplittableRandom random = new SplittableRandom(19);
    int hits = 0;
    for (int n = 0; n < 30_000; n++) {
      StringBuilder b = new StringBuilder();
      for (int w = 0; w < 6; w++) {
        if (random.nextBoolean()) {
          b.append(known.get(random.nextInt(known.size())));
        } else {
          int len = random.nextInt(1, 19);
          for (int j = 0; j < len; j++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        b.append(' ');
      }
      Tokens t = Tokens.of(b.toString());
      for (int i = 0; i < t.size(); i++) {
        if ((t.keyed(i) & Tokens.PACKED) == 0) continue;
        long expected = table.value(table.slot(t, i));
        int x = WordTable.Cache.entry(t, i);
        if (cache.holds(t, i, x)) {
          hits++;
          assertEquals(expected, cache.value(x), t.raw(i));
        } else {
          assertEquals(expected, cache.load(t, i, x), t.raw(i));
          assertTrue(cache.holds(t, i, x), t.raw(i));
        }
        assertEquals(table.bits(table.slot(t, i)), WordTable.bitsOf(expected), t.raw(i));
        assertEquals(table.id(table.slot(t, i)), WordTable.idOf(expected), t.raw(i));
      }
    }
    assertTrue(hits > 10_000, "the known words are found again: " + hits);
  }
}
