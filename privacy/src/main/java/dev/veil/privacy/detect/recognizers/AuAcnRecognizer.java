package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * Australian Company Numbers: nine digits, solid or 3-3-3, weights 8 to 1 on the first eight and
 * the check digit (10 - sum mod 10) mod 10. A 1-in-10 check on a common shape, so scored in the
 * context-decides band: 0.4 solid, 0.6 grouped; "acn" nearby raises it.
 */
public final class AuAcnRecognizer extends DigitGroupRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("AU_ACN");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "au-acn-mod10";
  }

  @Override
  public List<String> nameHints() {
    return List.of("acn");
  }

  @Override
  public List<String> contextWords() {
    return List.of("acn", "company");
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
    return to - from == 2 && lens[from + 0] == 3 && lens[from + 1] == 3 && lens[from + 2] == 3;
  }

  @Override
  protected boolean acceptsDigits(String digits) {
    return IdChecks.auAcn(digits);
  }

  @Override
  protected double score(int groups) {
    return groups == 1 ? 0.4 : 0.6;
  }

  @Override
  protected String explanation() {
    return "9 digit ACN pattern (solid or 3-3-3); weights 8..1, complement mod 10 check digit";
  }

  /** Its shape is shared by many ordinary values: a column needs a name hint to be classified as it. */
  @Override
  public boolean needsNameHint() {
    return true;
  }
}
