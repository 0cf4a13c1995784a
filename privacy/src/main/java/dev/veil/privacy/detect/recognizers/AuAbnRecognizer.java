package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * Australian Business Numbers: eleven digits, solid or 2-3-3-3; subtract 1 from the first digit,
 * weight 10,1,3,5,...,19, and the sum is divisible by 89 (1 in 89 random numbers pass). Scored
 * 0.9.
 */
public final class AuAbnRecognizer extends DigitGroupRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("AU_ABN");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "au-abn-mod89";
  }

  @Override
  public List<String> nameHints() {
    return List.of("abn");
  }

  @Override
  public List<String> contextWords() {
    return List.of("abn", "business");
  }

  @Override
  protected int minDigits() {
    return 11;
  }

  @Override
  protected int maxDigits() {
    return 11;
  }

  @Override
  protected boolean acceptsGrouping(int[] lens, int from, int to, char sep) {
    if (from == to) return true;
    return to - from == 3 && lens[from] == 2 && lens[from + 1] == 3 && lens[from + 2] == 3 && lens[to] == 3;
  }

  @Override
  protected boolean acceptsDigits(String digits) {
    return IdChecks.auAbn(digits);
  }

  @Override
  protected double score(int groups) {
    return 0.9;
  }

  @Override
  protected String explanation() {
    return "11 digit ABN pattern (solid or 2-3-3-3); first digit minus 1, weights 10,1,3,...,19 mod 89";
  }
}
