package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * US ABA routing transit numbers: nine digits, solid or {@code dddd-dddd-d}; the first two digits
 * in the Federal Reserve ranges 00-12, 21-32, 61-72 or 80, and the 3-7-1 weighted checksum. The
 * check catches 1 in 10 random numbers, so scored 0.4: reported with a context word such as
 * "routing" or "aba" near. Named like Presidio's entity.
 */
public final class AbaRoutingRecognizer extends DigitGroupRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("ABA_ROUTING_NUMBER");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "aba-routing-checksum";
  }

  @Override
  public List<String> nameHints() {
    return List.of("routing", "aba", "rtn");
  }

  @Override
  public List<String> contextWords() {
    return List.of("routing", "aba", "rtn", "transit");
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
    return to - from == 2 && lens[from] == 4 && lens[from + 1] == 4 && lens[to] == 1 && sep == '-';
  }

  @Override
  protected boolean acceptsDigits(String digits) {
    return IdChecks.abaRouting(digits);
  }

  @Override
  protected double score(int groups) {
    return 0.4;
  }

  @Override
  protected String explanation() {
    return "9 digit ABA routing pattern (solid or 4-4-1); Federal Reserve prefix ranges and 3-7-1 weighted check digit";
  }

  /** Its shape is shared by many ordinary values: a column needs a name hint to be classified as it. */
  @Override
  public boolean needsNameHint() {
    return true;
  }
}
