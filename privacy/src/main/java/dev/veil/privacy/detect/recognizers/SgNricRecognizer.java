package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import java.util.List;

/**
 * Singapore NRIC and FIN numbers: S, T, F, G or M, seven digits and the check letter (weights
 * 2,7,6,5,4,3,2, offset 4 for T and G and 3 for M, mod 11, through the series' letter table).
 * Scored 0.9 (check letter).
 */
public final class SgNricRecognizer extends TokenRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("SG_NRIC_FIN");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "sg-nric-fin-check-letter";
  }

  @Override
  public List<String> nameHints() {
    return List.of("nric", "fin", "uin");
  }

  @Override
  public List<String> contextWords() {
    return List.of("nric", "fin", "uin", "identity");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.digits(7);
  }

  @Override
  protected boolean isTokenChar(char c) {
    return isUpperAlnum(c);
  }

  @Override
  protected int minLength() {
    return 9;
  }

  @Override
  protected int maxLength() {
    return 9;
  }

  @Override
  protected double score(String t) {
    return IdChecks.sgNric(t) ? 0.9 : -1;
  }

  @Override
  protected String explanation() {
    return "NRIC/FIN pattern [STFGM] + 7 digits + letter; weights 2,7,6,5,4,3,2 mod 11 check letter";
  }
}
