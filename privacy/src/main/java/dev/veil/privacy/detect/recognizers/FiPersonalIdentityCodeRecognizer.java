package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import java.util.List;

/**
 * Finnish personal identity codes (henkilötunnus): DDMMYY, a century sign ({@code +}, {@code -}
 * or {@code YXWVU} for the 1900s, {@code ABCDEF} for the 2000s), an individual number 002-899 and
 * the mod-31 check character. Validated by the birth date and the check character; scored 0.95.
 */
public final class FiPersonalIdentityCodeRecognizer extends TokenRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("FI_PERSONAL_IDENTITY_CODE");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "fi-hetu-mod31";
  }

  @Override
  public List<String> nameHints() {
    return List.of("hetu", "henkilotunnus", "henkilötunnus", "sotu");
  }

  @Override
  public List<String> contextWords() {
    return List.of("hetu", "henkilötunnus", "henkilotunnus", "sotu", "personal identity");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.digits(9);
  }

  @Override
  protected boolean isTokenChar(char c) {
    return isUpperAlnum(c) || c == '-' || c == '+';
  }

  @Override
  protected int minLength() {
    return 11;
  }

  @Override
  protected int maxLength() {
    return 11;
  }

  @Override
  protected boolean isTrailingPunctuation(char c) {
    return c == '.';
  }

  @Override
  protected double score(String t) {
    return IdChecks.fiHetu(t) ? 0.95 : -1;
  }

  @Override
  protected String explanation() {
    return "henkilotunnus pattern DDMMYY, century sign, 3 digits, check character; birth date and mod-31 check";
  }
}
