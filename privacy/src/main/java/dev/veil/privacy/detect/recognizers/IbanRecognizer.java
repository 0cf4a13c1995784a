package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.validator.routines.IBANValidator;

/**
 * International Bank Account Numbers, validated by commons-validator's {@link IBANValidator}: the
 * country's registered length and format, and the ISO 7064 mod-97 check digits. Values are checked
 * with spaces removed. In text, a candidate starts at a word boundary with two capital letters and
 * two digits and continues over capital letters and digits (at most 34), either solid or in groups
 * of four separated by single spaces; the prefix ending at a group boundary (or word boundary) with
 * the country's IBAN length is validated. Each start scans at most a few dozen characters, so the scan is linear.
 */
public final class IbanRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("IBAN_CODE");
  private static final int MAX = 34;
  private static final int MIN = 15;

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "iban-commons-validator";
  }

  @Override
  public List<String> nameHints() {
    return List.of("iban");
  }

  @Override
  public List<String> contextWords() {
    return List.of("iban", "bank", "account", "transfer");
  }

  @Override
  public Prefilter prefilter() {
    // every IBAN begins with a country code and two check digits: [A-Z]{2}[0-9]{2}
    return Prefilter.shape(Prefilter.UPPER_UPPER_DIGIT_DIGIT);
  }

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    if (v.length() > 2 * MAX) return false;
    StringBuilder sb = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == ' ') continue;
      if (!isUpperAlnum(c)) return false;
      sb.append(c);
    }
    return valid(sb.toString());
  }

  private static boolean valid(String compact) {
    return compact.length() >= MIN && compact.length() <= MAX && IBANValidator.getInstance().isValid(compact);
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isUpperAlnum(char c) {
    return isUpper(c) || DigitGroupRecognizer.isDigit(c);
  }

  @Override
  public List<Span> find(String text) {
    List<Span> spans = new ArrayList<>();
    if (text == null) return spans;
    int n = text.length();
    int[] ends = null; // made at the first country code: most texts have none
    int i = 0;
    while (i + 4 <= n) {
      if (!(isUpper(text.charAt(i)) && isUpper(text.charAt(i + 1)) && DigitGroupRecognizer.isDigit(text.charAt(i + 2))
          && DigitGroupRecognizer.isDigit(text.charAt(i + 3)) && (i == 0 || !DigitGroupRecognizer.isWordChar(text.charAt(i - 1))))) {
        i++;
        continue;
      }
      IBANValidator.Validator country = IBANValidator.getInstance().getValidator(text.substring(i, i + 2));
      if (country == null) {
        i++;
        continue;
      }
      if (ends == null) ends = new int[MAX + 1];
      int expected = country.getIbanLength();
      int k = 0; // candidate end offsets, in increasing order
      int count = 0;
      int group = 0;
      int j = i;
      StringBuilder compact = new StringBuilder(MAX);
      while (j < n && count < MAX) {
        char c = text.charAt(j);
        if (isUpperAlnum(c)) {
          compact.append(c);
          count++;
          group++;
          j++;
        } else if (c == ' ' && group == 4 && j + 1 < n && isUpperAlnum(text.charAt(j + 1))) {
          ends[k++] = j;
          group = 0;
          j++;
        } else {
          break;
        }
      }
      if (j == n || !DigitGroupRecognizer.isWordChar(text.charAt(j))) ends[k++] = j;
      int matchEnd = -1;
      for (int e = k - 1; e >= 0 && matchEnd < 0; e--) {
        int len = compactLength(text, i, ends[e]);
        if (len == expected && valid(compact.substring(0, len))) matchEnd = ends[e];
      }
      if (matchEnd >= 0) {
        spans.add(new Span(entity(), i, matchEnd, 1.0, id(),
            "IBAN pattern (country code, check digits, BBAN, optionally in groups of 4); country length/format and mod-97"
                + " check (commons-validator IBANValidator)"));
        i = matchEnd;
      } else {
        i++;
      }
    }
    return spans;
  }

  private static int compactLength(String text, int start, int end) {
    int len = 0;
    for (int p = start; p < end; p++) {
      if (text.charAt(p) != ' ') len++;
    }
    return len;
  }
}
