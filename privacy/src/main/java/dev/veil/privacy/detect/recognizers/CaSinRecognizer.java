package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * Canadian Social Insurance Numbers: nine digits, solid or 3-3-3 with spaces or dashes, first digit
 * not 0 (never issued) or 8 (business numbers), with the Luhn check digit. Presidio has no such
 * entity; it is named {@code CA_SIN} in Presidio's style.
 */
public final class CaSinRecognizer extends DigitGroupRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("CA_SIN");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "ca-sin-luhn";
  }

  @Override
  public List<String> nameHints() {
    return List.of("sin", "social insurance", "social_insurance");
  }

  @Override
  public List<String> contextWords() {
    return List.of("sin", "social insurance", "insurance");
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
    return to - from == 2 && lens[from] == 3 && lens[from + 1] == 3 && lens[to] == 3;
  }

  @Override
  protected boolean acceptsDigits(String digits) {
    char first = digits.charAt(0);
    return first != '0' && first != '8' && Checksums.luhn(digits);
  }

  @Override
  protected String explanation() {
    return "9 digit SIN pattern (3-3-3), first digit not 0 or 8; Luhn check digit";
  }
}
