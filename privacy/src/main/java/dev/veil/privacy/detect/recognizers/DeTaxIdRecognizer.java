package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * German tax identification numbers (steuerliche Identifikationsnummer): eleven digits, solid or
 * 2-3-3-3, first digit not 0; in the first ten digits exactly one digit repeats (twice, or three
 * times but not three in a row); the last is the ISO 7064 MOD 11,10 check digit. Scored 0.85: a
 * checksum and a structural rule (about 1 in 10 random numbers pass the checksum alone).
 */
public final class DeTaxIdRecognizer extends DigitGroupRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("DE_TAX_ID");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "de-tax-id-iso7064";
  }

  @Override
  public List<String> nameHints() {
    return List.of("steuerid", "steuer_id", "tax_id", "idnr", "steuernummer");
  }

  @Override
  public List<String> contextWords() {
    return List.of("steuer", "steuerid", "steueridentifikationsnummer", "idnr", "identifikationsnummer", "tax");
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
    return IdChecks.deTaxId(digits);
  }

  @Override
  protected double score(int groups) {
    return 0.85;
  }

  @Override
  protected String explanation() {
    return "11 digit Steuer-IdNr pattern (solid or 2-3-3-3); digit-repetition rule and ISO 7064 MOD 11,10 check digit";
  }
}
