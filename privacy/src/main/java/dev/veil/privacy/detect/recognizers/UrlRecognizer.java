package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.validator.routines.UrlValidator;

/**
 * URLs, validated by commons-validator's {@link UrlValidator} (scheme {@code http}, {@code https} or
 * {@code ftp}; the host checked against the IANA top-level-domain list by its DomainValidator, or an
 * IP address; port, path, query and fragment syntax). In text a candidate starts at a scheme
 * ({@code http://}, {@code https://}, {@code ftp://}) or at {@code www.} on a word boundary and runs
 * over the characters a URL may hold (RFC 3986 unreserved, reserved and {@code %}), at most 2048;
 * trailing sentence punctuation and an unbalanced closing bracket are dropped. Every character is
 * visited a bounded number of times, so the scan is linear; the validator's regular expressions only
 * see the bounded candidate.
 *
 * <p>Scores: 0.9 with a scheme (a validated absolute URL is unambiguous), 0.7 for a {@code www.}
 * host without a scheme (validated as if {@code http://} were written).
 */
public final class UrlRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("URL");
  private static final int MAX = 2048;
  private static final String[] SCHEMES = {"https://", "http://", "ftp://"};

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "url-commons-validator";
  }

  @Override
  public List<String> nameHints() {
    return List.of("url", "uri", "link", "website", "homepage", "href");
  }

  @Override
  public List<String> contextWords() {
    return List.of("url", "link", "website", "site", "web", "page", "visit");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.anchors("://", "www.");
  }

  /** commons-validator's validators are immutable and thread-safe: one is shared (building one compiles its patterns). */
  private static final UrlValidator VALIDATOR = new UrlValidator(new String[] {"http", "https", "ftp"});

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    List<Span> s = find(v);
    return s.size() == 1 && s.get(0).start() == 0 && s.get(0).end() == v.length();
  }

  static boolean isUrlChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~:/?#[]@!$&'()*+,;=%".indexOf(c) >= 0;
  }

  private static int schemeAt(String t, int i) {
    for (String s : SCHEMES) {
      if (t.regionMatches(true, i, s, 0, s.length())) return s.length();
    }
    if (t.regionMatches(true, i, "www.", 0, 4)) return 0;
    return -1;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (text == null) return out;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (!(c == 'h' || c == 'H' || c == 'f' || c == 'F' || c == 'w' || c == 'W')
          || i > 0 && DigitGroupRecognizer.isWordChar(text.charAt(i - 1))) {
        i++;
        continue;
      }
      int scheme = schemeAt(text, i);
      if (scheme < 0) {
        i++;
        continue;
      }
      int e = i;
      while (e < n && e - i < MAX && isUrlChar(text.charAt(e))) e++;
      if (e < n && e - i >= MAX) {
        // longer than any URL we report; skip the run
        while (e < n && isUrlChar(text.charAt(e))) e++;
        i = e;
        continue;
      }
      int end = trim(text, i, e);
      if (end - i > Math.max(scheme, 4) + 3) {
        String cand = text.substring(i, end);
        boolean www = scheme == 0;
        if (VALIDATOR.isValid(www ? "http://" + cand : cand)) {
          out.add(new Span(entity(), i, end, www ? 0.7 : 0.9, id(),
              www ? "www. host URL pattern; validated by commons-validator UrlValidator (IANA TLDs)"
                  : "scheme URL pattern (http/https/ftp); validated by commons-validator UrlValidator (IANA TLDs)"));
          i = e;
          continue;
        }
      }
      i = e > i ? e : i + 1;
    }
    return out;
  }

  /** The end after dropping trailing punctuation and unbalanced closing brackets (counted once, linear). */
  private static int trim(String t, int s, int e) {
    int paren = 0;
    int bracket = 0;
    for (int k = s; k < e; k++) {
      char d = t.charAt(k);
      if (d == '(') paren++;
      else if (d == ')') paren--;
      else if (d == '[') bracket++;
      else if (d == ']') bracket--;
    }
    while (e > s) {
      char c = t.charAt(e - 1);
      if (".,;:!?'\"*".indexOf(c) >= 0) {
        e--;
      } else if (c == ')' && paren < 0) {
        paren++;
        e--;
      } else if (c == ']' && bracket < 0) {
        bracket++;
        e--;
      } else {
        break;
      }
    }
    return e;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
