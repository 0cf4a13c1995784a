package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * UK NHS numbers: ten digits, solid or 3-3-4 with spaces or dashes, with the NHS mod-11 check digit
 * (weights 10..2; check = 11 - sum mod 11, 11 meaning 0 and 10 never issued).
 */
public final class UkNhsRecognizer extends DigitGroupRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("UK_NHS");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "uk-nhs-mod11";
  }

  @Override
  public List<String> nameHints() {
    return List.of("nhs");
  }

  @Override
  public List<String> contextWords() {
    return List.of("nhs", "health", "patient");
  }

  @Override
  protected int minDigits() {
    return 10;
  }

  @Override
  protected int maxDigits() {
    return 10;
  }

  @Override
  protected boolean acceptsGrouping(int[] lens, int from, int to, char sep) {
    if (from == to) return true;
    return to - from == 2 && lens[from] == 3 && lens[from + 1] == 3 && lens[to] == 4;
  }

  @Override
  protected boolean acceptsDigits(String digits) {
    return Checksums.nhs(digits);
  }

  @Override
  protected String explanation() {
    return "10 digit NHS number pattern (3-3-4); NHS mod-11 check digit";
  }
}
