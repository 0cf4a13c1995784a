package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import java.util.List;
import java.util.Set;

/**
 * US Social Security numbers: {@code ddd-dd-dddd}, {@code ddd dd dddd} or nine bare digits (in text
 * only as a whole token delimited by non-digits). SSNs carry no check digit, so validation is the
 * SSA's structural rules: area not 000, 666 or 900-999, group not 00, serial not 0000, and not one
 * of the well-known advertising and example numbers (078-05-1120, 219-09-9999, 123-45-6789).
 * Scores are below 1.0 because no checksum backs them: 0.85 when written with separators, 0.6 when
 * bare.
 */
public final class UsSsnRecognizer extends DigitGroupRecognizer {
  private static final long serialVersionUID = 1L;
  private static final Set<String> KNOWN_FAKE = Set.of("078051120", "219099999", "123456789");

  @Override
  public PiiClass entity() {
    return PiiClass.US_SSN;
  }

  @Override
  public String id() {
    return "us-ssn-ssa-rules";
  }

  @Override
  public List<String> nameHints() {
    return List.of("ssn", "social");
  }

  @Override
  public List<String> contextWords() {
    return List.of("ssn", "social security", "social", "ss#");
  }

  @Override
  protected int minDigits() {
    return 9;
  }

  @Override
  protected int maxDigits() {
    return 9;
  }

  @Override
  protected boolean acceptsGrouping(int[] lens, int from, int to, char sep) {
    if (from == to) return true;
    return to - from == 2 && lens[from] == 3 && lens[from + 1] == 2 && lens[to] == 4;
  }

  @Override
  protected boolean acceptsDigits(String d) {
    int area = Integer.parseInt(d.substring(0, 3));
    if (area == 0 || area == 666 || area >= 900) return false;
    if (d.startsWith("00", 3) || d.startsWith("0000", 5)) return false;
    return !KNOWN_FAKE.contains(d);
  }

  @Override
  protected double score(int groups) {
    return groups == 1 ? 0.6 : 0.85;
  }

  @Override
  protected String explanation() {
    return "SSN pattern ddd-dd-dddd or 9 digits; SSA area/group/serial rules, known example numbers excluded";
  }
}
