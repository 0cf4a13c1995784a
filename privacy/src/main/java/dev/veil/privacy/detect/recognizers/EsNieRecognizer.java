package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import java.util.List;

/**
 * Spanish foreigner identity numbers (NIE): X, Y or Z, seven digits and the mod-23 check letter
 * (the prefix read as 0, 1 or 2), optionally with dashes after the prefix and before the letter.
 * Scored 0.9 (check letter).
 */
public final class EsNieRecognizer extends TokenRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("ES_NIE");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "es-nie-mod23";
  }

  @Override
  public List<String> nameHints() {
    return List.of("nie");
  }

  @Override
  public List<String> contextWords() {
    return List.of("nie", "extranjero", "extranjeros");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.digits(7);
  }

  @Override
  protected boolean isTokenChar(char c) {
    return isUpperAlnum(c) || c == '-';
  }

  @Override
  protected int minLength() {
    return 9;
  }

  @Override
  protected int maxLength() {
    return 11;
  }

  @Override
  protected double score(String t) {
    String c = t.replace("-", "");
    if (c.length() != 9 || t.length() - c.length() > 2) return -1;
    return IdChecks.esNie(c) ? 0.9 : -1;
  }

  @Override
  protected String explanation() {
    return "NIE pattern X/Y/Z + 7 digits + letter; mod-23 check letter";
  }
}
