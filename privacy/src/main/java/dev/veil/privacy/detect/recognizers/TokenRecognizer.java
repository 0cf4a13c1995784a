package dev.veil.privacy.detect.recognizers;

import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.ScanCondition;
import dev.veil.privacy.detect.Span;
import dev.veil.privacy.detect.TextScan;
import java.util.ArrayList;
import java.util.List;

/**
 * Base for recognizers of identifiers written as one token: a maximal run of {@link #isTokenChar}
 * characters, not glued to another letter, digit or {@code _} on either side, with trailing
 * sentence punctuation ({@code .}, {@code -}) dropped when it is a token character. A token of
 * {@link #minLength()} to {@link #maxLength()} characters is handed once to {@link #score}; longer
 * tokens are never matched (an identifier embedded in a longer token is not that identifier). Each
 * character belongs to one run, so the scan is linear in the text; there are no regular expressions.
 * Only the text's shared token runs ({@link TextScan#runs()}) that hold at least {@link #minLength()}
 * characters this recognizer accepts are scanned (a token recognizer whose characters are not all
 * run characters scans the whole text).
 *
 * <p>{@link #validates} accepts a trimmed value that is exactly one matching token. Subclasses are
 * stateless; instances are serializable and thread-safe.
 */
public abstract class TokenRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;

  /** Whether {@code c} may occur inside the token. */
  protected abstract boolean isTokenChar(char c);

  protected abstract int minLength();

  protected abstract int maxLength();

  /** The score of a token that is this entity, or a negative number when it is not. */
  protected abstract double score(String token);

  /** The explanation put on spans: which pattern and validator fired, never the text. */
  protected abstract String explanation();

  /** Whether {@code c} is dropped from the end of a run (sentence punctuation). */
  protected boolean isTrailingPunctuation(char c) {
    return c == '.' || c == '-';
  }

  /**
   * Some token run holds at least {@link #minLength()} characters this recognizer accepts (upper-case
   * letters and digits, and lower-case letters or run punctuation when it accepts those): every token
   * lies inside one run. {@link ScanCondition#NONE} when it accepts a character outside the runs.
   */
  @Override
  public ScanCondition scanCondition() {
    ScanCondition c = condition;
    if (c == null) {
      int cls = charClass();
      c = cls == OUTSIDE_RUNS ? ScanCondition.NONE
          : ScanCondition.runCharacters(minLength(), (cls & LOWER) != 0, (cls & PUNCTUATION) != 0);
      condition = c; // a race computes an equal value
    }
    return c;
  }

  private transient ScanCondition condition;

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    if (v.length() < minLength() || v.length() > maxLength()) return false;
    for (int i = 0; i < v.length(); i++) {
      if (!isTokenChar(v.charAt(i))) return false;
    }
    return score(v) >= 0;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (text == null) return out;
    int cls = charClass();
    if (cls == OUTSIDE_RUNS) {
      scan(text, 0, text.length(), out, minLength(), maxLength());
      return out;
    }
    // Every token lies inside one of the text's shared token runs (its characters are run
    // characters, and the characters around a run are not), so only runs that can hold
    // minLength() token characters are scanned.
    TextScan runs = TextScan.of(text);
    // no run holds enough such characters: none holds a token (the analyzer checks this before
    // calling find, see scanCondition(); this check is for direct callers)
    if (!scanCondition().holds(runs)) return out;
    int min = minLength();
    int max = maxLength(); // asked once per text, not per token
    for (int r = 0, k = runs.runs(); r < k; r++) {
      int s = runs.runStart(r);
      int e = runs.runEnd(r);
      int possible = runs.runUpperOrDigits(r);
      if ((cls & LOWER) != 0) possible += runs.runLower(r);
      if ((cls & PUNCTUATION) != 0) possible += e - s - runs.runUpperOrDigits(r) - runs.runLower(r);
      if (possible >= min) scan(text, s, e, out, min, max);
    }
    return out;
  }

  /** The linear scan of {@code text[from, to)}, where {@code from} and {@code to} are not inside a token. */
  private void scan(String text, int from, int to, List<Span> out, int minLength, int maxLength) {
    AsciiChars ascii = asciiChars();
    int n = text.length();
    int i = from;
    while (i < to) {
      if (!ascii.token(this, text.charAt(i))) {
        i++;
        continue;
      }
      int s = i;
      while (i < n && ascii.token(this, text.charAt(i))) i++;
      int e = i;
      while (e > s && ascii.trailing(this, text.charAt(e - 1))) e--;
      if (s > 0 && DigitGroupRecognizer.isWordChar(text.charAt(s - 1))) continue;
      if (i < n && DigitGroupRecognizer.isWordChar(text.charAt(i))) continue;
      int len = e - s;
      if (len < minLength || len > maxLength) continue;
      double score = score(text.substring(s, e));
      if (score >= 0) out.add(new Span(entity(), s, e, score, id(), explanation()));
    }
  }

  /**
   * {@link #isTokenChar} and {@link #isTrailingPunctuation} of the ASCII characters as bit sets, asked
   * once per instance, so the scan tests a bit instead of calling a method of one of many subclasses
   * per character; other characters are still asked. Final fields: safely published without a lock.
   */
  private static final class AsciiChars {
    private final long tokenLow;
    private final long tokenHigh;
    private final long trailingLow;
    private final long trailingHigh;

    AsciiChars(TokenRecognizer r) {
      long tl = 0;
      long th = 0;
      long pl = 0;
      long ph = 0;
      for (char c = 0; c < 128; c++) {
        if (r.isTokenChar(c)) {
          if (c < 64) tl |= 1L << c;
          else th |= 1L << (c - 64);
        }
        if (r.isTrailingPunctuation(c)) {
          if (c < 64) pl |= 1L << c;
          else ph |= 1L << (c - 64);
        }
      }
      tokenLow = tl;
      tokenHigh = th;
      trailingLow = pl;
      trailingHigh = ph;
    }

    boolean token(TokenRecognizer r, char c) {
      if (c >= 128) return r.isTokenChar(c);
      return ((c < 64 ? tokenLow >>> c : tokenHigh >>> (c - 64)) & 1) != 0;
    }

    boolean trailing(TokenRecognizer r, char c) {
      if (c >= 128) return r.isTrailingPunctuation(c);
      return ((c < 64 ? trailingLow >>> c : trailingHigh >>> (c - 64)) & 1) != 0;
    }
  }

  private transient AsciiChars asciiChars; // made on first use (a race makes an equal one)

  private AsciiChars asciiChars() {
    AsciiChars a = asciiChars;
    if (a == null) {
      a = new AsciiChars(this);
      asciiChars = a;
    }
    return a;
  }

  private static final int LOWER = 1;
  private static final int PUNCTUATION = 2;
  private static final int OUTSIDE_RUNS = -1;
  private transient int charClass; // 0: not yet computed, else the class + 4 (a race computes the same value)

  /**
   * Which kinds of run characters {@link #isTokenChar} accepts besides upper-case letters and
   * digits ({@link #LOWER}, {@link #PUNCTUATION}), or {@link #OUTSIDE_RUNS} when it accepts a
   * character that is not a {@link TextScan#isRunChar run character} (then every text is scanned
   * whole). Found once per instance by asking about every UTF-16 code unit.
   */
  private int charClass() {
    int c = charClass;
    if (c == 0) {
      int cls = 0;
      for (int ch = 0; ch <= Character.MAX_VALUE; ch++) {
        char x = (char) ch;
        if (!isTokenChar(x)) continue;
        if (!TextScan.isRunChar(x)) {
          cls = OUTSIDE_RUNS;
          break;
        }
        if (x >= 'a' && x <= 'z') {
          cls |= LOWER;
        } else if (!(x >= 'A' && x <= 'Z' || x >= '0' && x <= '9')) {
          cls |= PUNCTUATION;
        }
      }
      c = cls + 4;
      charClass = c;
    }
    return c - 4;
  }

  static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  static boolean isAlnum(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  static boolean isUpperAlnum(char c) {
    return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }
}
