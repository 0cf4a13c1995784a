package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import java.util.List;

/**
 * US passport numbers: nine digits (not starting with 0), or a capital letter and eight digits (the
 * next-generation books). Passport numbers carry no check digit, so the pattern alone is weak:
 * scored 0.3 (digits) or 0.4 (letter form), reported only with context such as "passport".
 */
public final class UsPassportRecognizer extends TokenRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("US_PASSPORT");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "us-passport-context";
  }

  @Override
  public List<String> nameHints() {
    return List.of("passport");
  }

  @Override
  public List<String> contextWords() {
    return List.of("passport", "travel document");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.digits(8);
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
    if (IdChecks.allDigits(t)) return t.charAt(0) == '0' ? -1 : 0.3;
    return isUpper(t.charAt(0)) && IdChecks.allDigits(t.substring(1)) ? 0.4 : -1;
  }

  @Override
  protected String explanation() {
    return "US passport pattern (9 digits, or a letter and 8 digits); no checksum exists, needs context";
  }

  /** Its shape is shared by many ordinary values: a column needs a name hint to be classified as it. */
  @Override
  public boolean needsNameHint() {
    return true;
  }
}
