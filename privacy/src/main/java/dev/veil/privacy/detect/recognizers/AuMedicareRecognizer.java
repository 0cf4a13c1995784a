package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * Australian Medicare card numbers: ten digits (eleven with the individual reference number),
 * solid or 4-5-1(-1); first digit 2-6, weights 1,3,7,9,1,3,7,9 over the first eight and the sum
 * mod 10 equal to the ninth; the issue number is not 0. Scored 0.85 grouped (the card's own
 * layout), 0.6 solid (a 1-in-10 check).
 */
public final class AuMedicareRecognizer extends DigitGroupRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("AU_MEDICARE");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "au-medicare-mod10";
  }

  @Override
  public List<String> nameHints() {
    return List.of("medicare");
  }

  @Override
  public List<String> contextWords() {
    return List.of("medicare");
  }

  @Override
  protected int minDigits() {
    return 10;
  }

  @Override
  protected int maxDigits() {
    return 11;
  }

  @Override
  protected boolean acceptsGrouping(int[] lens, int from, int to, char sep) {
    if (from == to) return true;
    return lens[from] == 4 && lens[from + 1] == 5 && (to - from == 2 && lens[to] == 1 || to - from == 3 && lens[to - 1] == 1 && lens[to] == 1);
  }

  @Override
  protected boolean acceptsDigits(String digits) {
    return IdChecks.auMedicare(digits);
  }

  @Override
  protected double score(int groups) {
    return groups == 1 ? 0.6 : 0.85;
  }

  @Override
  protected String explanation() {
    return "10-11 digit Medicare pattern (4-5-1); first digit 2-6, weights 1,3,7,9 mod 10 check digit";
  }
}
