package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * Polish PESEL numbers: eleven digits written solid, whose first six are a real birth date (the
 * century coded in the month) and whose last is the weighted (1,3,7,9,...) complement check digit.
 * Scored 0.9 (date rule and checksum).
 */
public final class PlPeselRecognizer extends DigitGroupRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("PL_PESEL");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "pl-pesel-checksum";
  }

  @Override
  public List<String> nameHints() {
    return List.of("pesel");
  }

  @Override
  public List<String> contextWords() {
    return List.of("pesel");
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
    return from == to;
  }

  @Override
  protected boolean acceptsDigits(String digits) {
    return IdChecks.pesel(digits);
  }

  @Override
  protected double score(int groups) {
    return 0.9;
  }

  @Override
  protected String explanation() {
    return "11 digit PESEL pattern; birth date with century in the month, weights 1,3,7,9 check digit";
  }
}
