package dev.veil.privacy.detect.recognizers;

import dev.veil.privacy.detect.Prefilter;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.ScanCondition;
import dev.veil.privacy.detect.Span;
import dev.veil.privacy.detect.TextScan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Base for recognizers of numbers written as digit groups separated by single spaces or dashes
 * (card numbers, SSNs, NHS numbers...). The text is scanned once: each maximal token of ASCII digit
 * groups joined by single {@code ' '} or {@code '-'} is collected, and only when the token is
 * delimited by non-word characters (not a letter, digit or {@code _}, nor a decimal point with a
 * digit beyond it). Within a token, windows of consecutive whole groups with one separator kind
 * and at most {@link #maxDigits()} digits are tried, leftmost first and longest first; a window
 * never starts or ends inside a run of digits. Every token costs at most {@code maxDigits} windows
 * per group, so the scan is linear in the text length; there are no regular expressions.
 *
 * <p>Subclasses are stateless; instances are serializable and thread-safe.
 */
public abstract class DigitGroupRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;

  /** Fewest digits of the number. */
  protected abstract int minDigits();

  /** Most digits of the number. */
  protected abstract int maxDigits();

  /**
   * Whether the groups {@code lens[from..to]} (inclusive), joined by {@code sep} ({@code 0} when
   * there is one group), are a valid way to write the number. The digit count is already in range.
   * {@code lens} is shared with the text's other recognizers and must not be written; it holds at
   * least one slot after {@code to} (any value: a rule may read it but must not depend on it).
   */
  protected abstract boolean acceptsGrouping(int[] lens, int from, int to, char sep);

  /** Whether the digits (separators removed) are a valid number: checksum and ranges. */
  protected abstract boolean acceptsDigits(String digits);

  /** Score of a match written in {@code groups} groups. */
  protected double score(int groups) {
    return 1.0;
  }

  /** The explanation put on spans: which pattern and validator fired, never the text. */
  protected abstract String explanation();

  /** At least {@link #minDigits()} ASCII digits: every match holds that many. */
  @Override
  public Prefilter prefilter() {
    return Prefilter.digits(minDigits());
  }

  /**
   * Some window of groups of a delimited digit-group token holds {@link #minDigits()} to
   * {@link #maxDigits()} digits: every span is such a window. Also this recognizer's own early exit.
   */
  @Override
  public ScanCondition scanCondition() {
    ScanCondition c = condition;
    if (c == null) {
      c = ScanCondition.digitWindows(minDigits(), maxDigits());
      condition = c; // a race computes an equal value
    }
    return c;
  }

  private transient ScanCondition condition;

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    if (v.isEmpty() || v.length() > 2 * maxDigits()) return false;
    List<Span> spans = scan(v, true);
    return spans.size() == 1 && spans.get(0).start() == 0 && spans.get(0).end() == v.length();
  }

  @Override
  public List<Span> find(String text) {
    if (text == null || text.isEmpty()) return new ArrayList<>();
    return scan(text, false);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A letter, digit or {@code _} ({@link TextScan#isIdentifierChar}). */
  static boolean isWordChar(char c) {
    return TextScan.isIdentifierChar(c);
  }

  /** {@link TextScan#leftDelimited}: no word character or decimal point before {@code start}. */
  static boolean leftDelimited(String text, int start) {
    return TextScan.leftDelimited(text, start);
  }

  /** {@link TextScan#rightDelimited}: no word character or decimal point after {@code end}. */
  static boolean rightDelimited(String text, int end) {
    return TextScan.rightDelimited(text, end);
  }

  private List<Span> scan(String text, boolean wholeOnly) {
    List<Span> out = new ArrayList<>();
    // the digit-group tokens come from the shared per-text scan (one pass for all digit-group recognizers)
    TextScan scan = TextScan.of(text);
    // a span is a window of groups of a delimited token holding min..max digits: a text with no such
    // window holds none (most texts for an entity of one length: a phone number's windows hold 3, 4,
    // 6, 7 and 10 digits, never an SSN's 9; a text of short or undelimited numbers none at all). The
    // analyzer checks the same condition before calling find; this check is for direct callers
    if (!scanCondition().holds(scan)) return out;
    int tokens = scan.digitTokens();
    int min = minDigits();
    int max = maxDigits(); // asked once: a call per window went through the subclass's vtable
    // the group lengths, each token's delimitation and the digits of each window come from the scan,
    // shared by every digit-group recognizer run on this text
    int[] lens = scan.groupLengths();
    for (int t = 0; t < tokens; t++) {
      if (scan.tokenDigits(t) < min || !scan.tokenDelimited(t)) continue;
      int g0 = scan.firstGroup(t);
      int k = scan.firstGroup(t + 1) - g0;
      int l0 = g0 + t; // token t's group lengths are lens[l0, l0 + k), followed by a 0
      int a = 0;
      while (a < k) {
        int best = -1;
        int digits = 0;
        char sep = 0;
        for (int b = a; b < k; b++) {
          digits += lens[l0 + b];
          if (digits > max) break;
          if (b > a) {
            char s = text.charAt(scan.groupEnd(g0 + b - 1));
            if (b == a + 1) sep = s;
            else if (s != sep) break;
          }
          if (wholeOnly && b != k - 1) continue;
          if (digits >= min && acceptsGrouping(lens, l0 + a, l0 + b, sep) && acceptsDigits(scan.windowDigits(g0 + a, g0 + b, digits))) {
            best = b;
          }
        }
        if (best >= 0) {
          out.add(new Span(entity(), scan.groupStart(g0 + a), scan.groupEnd(g0 + best), score(best - a + 1), id(), explanation()));
          a = best + 1;
        } else {
          a++;
        }
        if (wholeOnly) break;
      }
    }
    return out;
  }
}
