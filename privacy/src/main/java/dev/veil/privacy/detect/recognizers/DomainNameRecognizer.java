package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.validator.routines.DomainValidator;

/**
 * Bare domain names in text ({@code example.co.uk}), validated by commons-validator's
 * {@link DomainValidator}: label syntax (letters, digits, inner hyphens, at most 63 characters) and
 * a top-level domain from its bundled IANA list. A candidate is a maximal run of letters, digits,
 * {@code .} and {@code -} holding a dot, with trailing dots and hyphens dropped, at most 253
 * characters, not glued to other word characters; each character belongs to one run, so the scan is
 * linear.
 *
 * <p>Decisions: a domain directly after {@code @} or before {@code @} is part of an e-mail address
 * and is not reported (EMAIL_ADDRESS covers it), and a host after {@code /} or {@code :} belongs to
 * a URL (URL covers it), so neither is reported twice. Scores: 0.6 for a domain whose TLD is a
 * generic or country-code TLD and whose labels are all lower case or all upper case; 0.3 when the
 * TLD is also a common file extension ({@code readme.md}, {@code setup.py}, {@code run.sh}) or the
 * labels mix case (a missing space after a full stop, like {@code end.Club}), so context decides.
 */
public final class DomainNameRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("DOMAIN_NAME");
  private static final int MAX = 253;
  private static final Set<String> FILE_LIKE = Set.of("py", "sh", "md", "rs", "pl", "cs", "ps", "so", "zip", "mov", "pm", "ml",
      "txt", "js", "sql", "csv", "exe", "bat", "cc", "ai", "gz", "jar", "xml", "php", "java", "kt", "go", "rb", "swift", "scala", "ts",
      "log", "tar", "bin", "app", "dev");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "domain-commons-validator";
  }

  @Override
  public List<String> nameHints() {
    return List.of("domain", "hostname", "host", "website", "fqdn");
  }

  @Override
  public List<String> contextWords() {
    return List.of("domain", "website", "site", "host", "hostname", "dns", "visit");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.shape(Prefilter.ALNUM_DOT_ALNUM);
  }

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    List<Span> s = find(v);
    return s.size() == 1 && s.get(0).start() == 0 && s.get(0).end() == v.length();
  }

  private static boolean isDomainChar(char c) {
    return TokenRecognizer.isAlnum(c) || c == '.' || c == '-';
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (text == null) return out;
    int n = text.length();
    int i = 0;
    DomainValidator v = DomainValidator.getInstance(false);
    // a name holds a '.': the runs of name characters are found from their dots (String.indexOf,
    // vectorized) instead of by testing every character, each the same maximal run a left-to-right
    // walk finds; runs without a dot hold no name
    int nextDot = text.indexOf('.');
    while (nextDot >= 0) {
      int s = nextDot;
      while (s > i && isDomainChar(text.charAt(s - 1))) s--;
      i = nextDot + 1;
      while (i < n && isDomainChar(text.charAt(i))) i++;
      nextDot = i < n ? text.indexOf('.', i) : -1;
      int e = i;
      while (e > s && (text.charAt(e - 1) == '.' || text.charAt(e - 1) == '-')) e--;
      while (s < e && (text.charAt(s) == '.' || text.charAt(s) == '-')) s++;
      if (e - s < 4 || e - s > MAX) continue;
      char before = s > 0 ? text.charAt(s - 1) : ' ';
      char after = i < n ? text.charAt(i) : ' ';
      if (DigitGroupRecognizer.isWordChar(before) || DigitGroupRecognizer.isWordChar(after)) continue;
      if (before == '@' || after == '@' || before == '/' || before == ':' || before == '\\') continue;
      int dot = e - 1;
      while (dot > s && text.charAt(dot) != '.') dot--;
      if (dot <= s) continue;
      // DomainValidator accepts a name only when its last label is a known top-level domain, which
      // starts with a letter: both are checked first, so most dotted words and numbers ("e.g",
      // "10.5") never reach its pattern
      char t0 = text.charAt(dot + 1);
      if (!(t0 >= 'a' && t0 <= 'z' || t0 >= 'A' && t0 <= 'Z')) continue;
      String tld = text.substring(dot + 1, e);
      if (!v.isValidTld(tld)) continue;
      String cand = text.substring(s, e);
      if (!v.isValid(cand)) continue;
      boolean mixed = !cand.equals(cand.toLowerCase(Locale.ROOT)) && !cand.equals(cand.toUpperCase(Locale.ROOT));
      double score = mixed || FILE_LIKE.contains(tld.toLowerCase(Locale.ROOT)) ? 0.3 : 0.6;
      out.add(new Span(entity(), s, e, score, id(),
          "domain name pattern (labels joined by dots); validated by commons-validator DomainValidator (IANA TLD list)"));
    }
    return out;
  }
}
