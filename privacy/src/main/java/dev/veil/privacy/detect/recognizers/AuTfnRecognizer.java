package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * Australian Tax File Numbers: nine digits, solid or 3-3-3, weighted 1,4,3,7,5,8,6,9,10 with a sum
 * divisible by 11. One random nine-digit number in eleven passes, and US SSNs and Canadian SINs
 * share the shape, so the score stays in the context-decides band: 0.4 solid, 0.6 grouped; the
 * words "tfn" or "tax file" nearby raise it.
 */
public final class AuTfnRecognizer extends DigitGroupRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("AU_TFN");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "au-tfn-mod11";
  }

  @Override
  public List<String> nameHints() {
    return List.of("tfn", "tax_file");
  }

  @Override
  public List<String> contextWords() {
    return List.of("tfn", "tax");
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
    return IdChecks.auTfn(digits);
  }

  @Override
  protected double score(int groups) {
    return groups == 1 ? 0.4 : 0.6;
  }

  @Override
  protected String explanation() {
    return "9 digit TFN pattern (solid or 3-3-3); weights 1,4,3,7,5,8,6,9,10 mod 11";
  }

  /** Its shape is shared by many ordinary values: a column needs a name hint to be classified as it. */
  @Override
  public boolean needsNameHint() {
    return true;
  }
}
