package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * US Individual Taxpayer Identification Numbers: {@code 9dd-dd-dddd}, {@code 9dd dd dddd} or nine
 * bare digits. ITINs carry no check digit; validation is the IRS structure: area 9xx and group
 * 50-65, 70-88, 90-92 or 94-99 (the ranges that never collide with SSNs). Scored like SSNs: 0.85
 * with separators, 0.6 bare (rules, no checksum).
 */
public final class UsItinRecognizer extends DigitGroupRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("US_ITIN");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "us-itin-irs-rules";
  }

  @Override
  public List<String> nameHints() {
    return List.of("itin");
  }

  @Override
  public List<String> contextWords() {
    return List.of("itin", "taxpayer", "tax");
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
    return to - from == 2 && lens[from + 0] == 3 && lens[from + 1] == 2 && lens[from + 2] == 4;
  }

  @Override
  protected boolean acceptsDigits(String digits) {
    return IdChecks.usItin(digits);
  }

  @Override
  protected double score(int groups) {
    return groups == 1 ? 0.6 : 0.85;
  }

  @Override
  protected String explanation() {
    return "ITIN pattern 9dd-dd-dddd or 9 digits; IRS area 9xx and group 50-65/70-88/90-92/94-99 rules";
  }
}
