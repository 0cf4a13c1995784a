package dev.veil.privacy.detect.recognizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Recognizers;
import dev.veil.privacy.detect.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every built-in token recognizer finds what the documented token rule finds when it walks the
 * whole text asking {@link TokenRecognizer#isTokenChar} per character: the shared token runs, the
 * skip of texts whose runs are too short and the per-instance ASCII character sets change nothing.
 */
class TokenRecognizerScanTest {

  /** The token rule of {@link TokenRecognizer}, character by character over the whole text. */
  private static List<Span> reference(TokenRecognizer r, String text) {
    List<Span> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!r.isTokenChar(text.charAt(i))) {
        i++;
        continue;
      }
      int s = i;
      while (i < n && r.isTokenChar(text.charAt(i))) i++;
      int e = i;
      while (e > s && r.isTrailingPunctuation(text.charAt(e - 1))) e--;
      if (s > 0 && DigitGroupRecognizer.isWordChar(text.charAt(s - 1))) continue;
      if (i < n && DigitGroupRecognizer.isWordChar(text.charAt(i))) continue;
      if (e - s < r.minLength() || e - s > r.maxLength()) continue;
      double score = r.score(text.substring(s, e));
      if (score >= 0) out.add(new Span(r.entity(), s, e, score, r.id(), r.explanation()));
    }
    return out;
  }

  @Test
  void everyTokenRecognizerFindsWhatTheCharacterWalkFinds() {
    List<TokenRecognizer> recognizers = new ArrayList<>();
    for (Recognizer r : Recognizers.all(List.of("US"))) {
      if (r instanceof TokenRecognizer t) recognizers.add(t);
    }
    assertTrue(recognizers.size() >= 10, "token recognizers found: " + recognizers.size());
    // tokens each recognizer accepts, spliced into random text around them
    List<String> pieces = List.of("ABCDE1234F", "S1234567D", "X1234567L", "12345678Z", "131052-308T", "RSSMRA85T10A562S",
        "AKIAIOSFODNN7EXAMPLE", "ghp_", "xoxb-", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
        "0x52908400098527886E0F7030069857D2E4169EE7", "A1234567", "D12-345-678", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "é", "ß", "_");
    String alphabet = "aZ09-_.+/~ é@,:AKIXSD";
    SplittableRandom random = new SplittableRandom(17);
    int spans = 0;
    for (int k = 0; k < 4_000; k++) {
      StringBuilder b = new StringBuilder();
      int parts = random.nextInt(1, 6);
      for (int p = 0; p < parts; p++) {
        if (random.nextBoolean()) {
          b.append(pieces.get(random.nextInt(pieces.size())));
        } else {
          int len = random.nextInt(0, 30);
          for (int i = 0; i < len; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        if (random.nextInt(3) > 0) b.append(' ');
      }
      String text = b.toString();
      for (TokenRecognizer r : recognizers) {
        List<Span> expected = reference(r, text);
        assertEquals(expected, r.find(text), () -> r.id() + " on '" + text + "'");
        spans += expected.size();
      }
    }
    assertTrue(spans > 1_000, "the texts hold tokens the recognizers report: " + spans);
  }
}
