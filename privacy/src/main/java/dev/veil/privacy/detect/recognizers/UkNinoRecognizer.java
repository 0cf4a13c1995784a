package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * UK National Insurance numbers: two prefix letters, six digits, a suffix letter A-D, in capitals,
 * written solid ({@code QQ123456C}) or with single spaces before each digit pair and the suffix
 * ({@code QQ 12 34 56 C}). NINOs carry no check digit; validation is HMRC's format rules: neither
 * prefix letter D, F, I, Q, U or V, the second not O, and the prefix not BG, GB, NK, KN, TN, NT or
 * ZZ. Scored 0.85 (rules, no checksum). Each position is examined over at most 13 characters, so
 * the scan is linear.
 */
public final class UkNinoRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("UK_NINO");
  private static final Set<String> BAD_PREFIXES = Set.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "uk-nino-hmrc-rules";
  }

  @Override
  public List<String> nameHints() {
    return List.of("nino", "national insurance", "national_insurance", "ni_number");
  }

  @Override
  public List<String> contextWords() {
    return List.of("nino", "national insurance", "insurance", "ni");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.digits(6);
  }

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    return v.length() <= 13 && matchEnd(v, 0) == v.length();
  }

  @Override
  public List<Span> find(String text) {
    List<Span> spans = new ArrayList<>();
    if (text == null) return spans;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c < 'A' || c > 'Z') { // every NINO starts with a prefix letter A-Z
        i++;
        continue;
      }
      int end = (i == 0 || !DigitGroupRecognizer.isWordChar(text.charAt(i - 1))) ? matchEnd(text, i) : -1;
      if (end > 0 && DigitGroupRecognizer.rightDelimited(text, end)) {
        spans.add(new Span(entity(), i, end, 0.85, id(),
            "NINO pattern (2 prefix letters, 6 digits, suffix A-D); HMRC prefix rules"));
        i = end;
      } else {
        i++;
      }
    }
    return spans;
  }

  private static boolean prefixLetter(char c, boolean second) {
    if (c < 'A' || c > 'Z') return false;
    if ("DFIQUV".indexOf(c) >= 0) return false;
    return !(second && c == 'O');
  }

  /** End of a NINO starting at {@code i}, or -1. */
  private static int matchEnd(String t, int i) {
    int n = t.length();
    if (i + 9 > n) return -1;
    char a = t.charAt(i);
    char b = t.charAt(i + 1);
    if (!prefixLetter(a, false) || !prefixLetter(b, true) || BAD_PREFIXES.contains("" + a + b)) return -1;
    int p = i + 2;
    boolean spaced = t.charAt(p) == ' ';
    for (int pair = 0; pair < 3; pair++) {
      if (spaced) {
        if (p >= n || t.charAt(p) != ' ') return -1;
        p++;
      }
      if (p + 2 > n || !DigitGroupRecognizer.isDigit(t.charAt(p)) || !DigitGroupRecognizer.isDigit(t.charAt(p + 1))) return -1;
      p += 2;
    }
    if (spaced) {
      if (p >= n || t.charAt(p) != ' ') return -1;
      p++;
    }
    if (p >= n) return -1;
    char s = t.charAt(p);
    return s >= 'A' && s <= 'D' ? p + 1 : -1;
  }
}
