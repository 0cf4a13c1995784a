package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import java.util.List;

/**
 * US driver's licence numbers. Each state has its own format and none has a published check digit,
 * so this recognizer accepts the common state shapes (1-2 letters then 4-14 digits; 7-9 digits then
 * 1-2 letters; 2 digits, 3 letters, 5-6 digits; 3 digits, 2 letters, 4 digits; or 6-14 digits) and
 * scores them 0.3 (letters) or 0.25 (digits only): reported only with context such as "driver" or
 * "license".
 */
public final class UsDriverLicenseRecognizer extends TokenRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("US_DRIVER_LICENSE");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "us-driver-license-context";
  }

  @Override
  public List<String> nameHints() {
    return List.of("driver", "license", "licence", "dl");
  }

  @Override
  public List<String> contextWords() {
    return List.of("driver", "drivers", "license", "licence", "dl", "dmv");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.digits(4);
  }

  @Override
  protected boolean isTokenChar(char c) {
    return isUpperAlnum(c);
  }

  @Override
  protected int minLength() {
    return 5;
  }

  @Override
  protected int maxLength() {
    return 16;
  }

  @Override
  protected double score(String t) {
    return shape(t);
  }

  @Override
  protected String explanation() {
    return "US driver's licence state-format patterns (letters and digits); no checksum exists, needs context";
  }

  private static int run(String t, int from, boolean digits) {
    int i = from;
    while (i < t.length() && (digits ? t.charAt(i) >= '0' && t.charAt(i) <= '9' : isUpper(t.charAt(i)))) i++;
    return i - from;
  }

  static double shape(String t) {
    int n = t.length();
    int a = run(t, 0, false);
    if (a == 0) {
      int d = run(t, 0, true);
      if (d == n) return d >= 6 && d <= 14 ? 0.25 : -1;
      int l = run(t, d, false);
      if (d >= 7 && d <= 9 && l >= 1 && l <= 2 && d + l == n) return 0.3;
      if (d == 2 && l == 3 && run(t, 5, true) == n - 5 && n - 5 >= 5 && n - 5 <= 6) return 0.3;
      if (d == 3 && l == 2 && run(t, 5, true) == 4 && n == 9) return 0.3;
      return -1;
    }
    int d = run(t, a, true);
    return a <= 2 && d >= 4 && d <= 14 && a + d == n ? 0.3 : -1;
  }

  /** Its shape is shared by many ordinary values: a column needs a name hint to be classified as it. */
  @Override
  public boolean needsNameHint() {
    return true;
  }
}
