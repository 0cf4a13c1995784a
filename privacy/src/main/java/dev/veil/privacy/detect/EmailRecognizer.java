package dev.veil.privacy.detect;

import dev.veil.core.schema.PiiClass;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * E-mail addresses, validated with commons-validator's {@link EmailValidator} (RFC 5322 local part,
 * domain with an IANA top-level domain). In text, candidates are grown outward from each {@code @}
 * over the characters an address may hold, so the scan is linear and cannot backtrack.
 */
public final class EmailRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;
  private static final int MAX_LOCAL = 64;
  private static final int MAX_DOMAIN = 253;
  private static final EmailValidator VALIDATOR = new DomainMemoValidator();

  /**
   * commons-validator's {@link EmailValidator} as {@code getInstance(false, false)} configures it, with
   * the answers for recently seen domains remembered: addresses in one dataset share few domains, and
   * the domain check (a pattern and the IANA top-level-domain lists) is a third of the validation.
   * The answer for a domain is the library's own, computed once per domain per cache slot; the user
   * part is always checked. The cache is a fixed array of immutable entries (a race at worst computes
   * an answer again), so the validator is thread-safe like the library's; it holds domain names only,
   * never whole addresses, and never logs them.
   */
  static final class DomainMemoValidator extends EmailValidator {
    private static final long serialVersionUID = 1L;
    private static final int SLOTS = 1024;

    private record Entry(String domain, boolean valid) {}

    private final transient Entry[] cache = new Entry[SLOTS];

    DomainMemoValidator() {
      super(false, false);
    }

    @Override
    protected boolean isValidDomain(String domain) {
      if (domain == null || cache == null) return super.isValidDomain(domain);
      int slot = domain.hashCode() & (SLOTS - 1);
      Entry e = cache[slot];
      if (e != null && e.domain().equals(domain)) return e.valid();
      boolean valid = super.isValidDomain(domain);
      cache[slot] = new Entry(domain, valid);
      return valid;
    }
  }

  @Override
  public PiiClass entity() {
    return PiiClass.EMAIL_ADDRESS;
  }

  @Override
  public String id() {
    return "email-commons-validator";
  }

  @Override
  public List<String> nameHints() {
    return List.of("email", "e_mail", "e-mail", "mail");
  }

  @Override
  public List<String> contextWords() {
    return List.of("email", "e-mail", "mail", "contact");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.anchors("@");
  }

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    return v.length() <= MAX_LOCAL + 1 + MAX_DOMAIN && v.indexOf('@') > 0 && VALIDATOR.isValid(v);
  }

  @Override
  public List<Span> find(String text) {
    List<Span> spans = new ArrayList<>();
    if (text == null) return spans;
    int n = text.length();
    int lastEnd = 0;
    int at = text.indexOf('@');
    while (at >= 0) {
      int start = at;
      while (start > lastEnd && at - start < MAX_LOCAL && isLocalChar(text.charAt(start - 1))) start--;
      while (start < at && text.charAt(start) == '.') start++;
      int end = at + 1;
      while (end < n && end - at <= MAX_DOMAIN && isDomainChar(text.charAt(end))) end++;
      while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) end--;
      if (start < at && end > at + 1) {
        String candidate = text.substring(start, end);
        if (VALIDATOR.isValid(candidate)) {
          spans.add(new Span(entity(), start, end, 1.0, id(), "address shape around '@', validated by commons-validator"));
          lastEnd = end;
        }
      }
      at = text.indexOf('@', Math.max(at + 1, lastEnd));
    }
    return spans;
  }

  private static boolean isLocalChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  private static boolean isDomainChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  }
}
