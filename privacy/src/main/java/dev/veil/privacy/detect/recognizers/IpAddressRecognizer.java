package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.validator.routines.InetAddressValidator;

/**
 * IPv4 and IPv6 addresses, validated by commons-validator's {@link InetAddressValidator} (IPv4
 * octets 0-255; IPv6 groups, {@code ::} compression and embedded IPv4). In text, candidates are
 * maximal runs of {@code [0-9a-fA-F:.]} not adjacent to other word characters, at most 45
 * characters once trailing sentence punctuation ({@code .} or {@code :}) is dropped; a leading
 * single {@code :} (as in {@code IP:10.0.0.1}) and a trailing {@code :port} after an IPv4 address
 * are tolerated. Each character belongs to one run, so the scan is linear. Scored 0.8: a valid
 * address shape, but no checksum (version strings like 1.2.3.4 are valid addresses too).
 */
public final class IpAddressRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("IP_ADDRESS");
  private static final int MAX = 45;

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "ip-address-commons-validator";
  }

  @Override
  public List<String> nameHints() {
    return List.of("ip");
  }

  @Override
  public List<String> contextWords() {
    return List.of("ip", "address", "host", "server", "ipv4", "ipv6");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.shape(Prefilter.DIGIT_DOT_DIGIT).or(Prefilter.anchors(":"));
  }

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    return !v.isEmpty() && v.length() <= MAX && isRunChars(v) && InetAddressValidator.getInstance().isValid(v);
  }

  private static boolean isRunChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
  }

  private static boolean isRunChars(String v) {
    for (int i = 0; i < v.length(); i++) {
      if (!isRunChar(v.charAt(i))) return false;
    }
    return true;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> spans = new ArrayList<>();
    if (text == null) return spans;
    int n = text.length();
    // only a run holding a '.' or ':' can be an address: the runs are found from those characters
    // (String.indexOf, vectorized) instead of by testing every character, and each run is the same
    // maximal run of run characters a left-to-right walk finds
    int dot = text.indexOf('.');
    int colon = text.indexOf(':');
    int i = 0;
    while (dot >= 0 || colon >= 0) {
      int p = dot < 0 ? colon : colon < 0 ? dot : Math.min(dot, colon);
      int runStart = p;
      while (runStart > i && isRunChar(text.charAt(runStart - 1))) runStart--;
      int j = p + 1;
      while (j < n && isRunChar(text.charAt(j))) j++;
      i = j;
      if (dot >= 0 && dot < j) dot = j < n ? text.indexOf('.', j) : -1;
      if (colon >= 0 && colon < j) colon = j < n ? text.indexOf(':', j) : -1;
      int s = runStart;
      int e = j;
      if (e < n && DigitGroupRecognizer.isWordChar(text.charAt(e))) continue;
      // a single leading ':' (IP:10.0.0.1) separates a label; otherwise the run must start a word
      if (text.charAt(s) == ':' && s + 1 < e && text.charAt(s + 1) != ':') {
        s++;
      } else if (s > 0 && DigitGroupRecognizer.isWordChar(text.charAt(s - 1))) {
        continue;
      }
      while (s < e && text.charAt(s) == '.') s++;
      if (e - s > MAX + 8) continue;
      int end = matchEnd(text, s, e);
      if (end > s) {
        spans.add(new Span(entity(), s, end, 0.8, id(),
            "IPv4/IPv6 address pattern of hex digits, ':' and '.'; validated by commons-validator InetAddressValidator"));
      }
    }
    return spans;
  }

  /**
   * What every address {@link InetAddressValidator#isValid} accepts has, checked before it is asked
   * (most runs with a '.' or ':' are words and times: "added.", "9:23"): an IPv6 address holds at
   * least two colons (eight groups have seven; a compressed form holds "::"), and an IPv4 address
   * is digits with exactly three dots and no colon.
   */
  static boolean mayBeAddress(String text, int s, int e) {
    int colons = 0;
    int dots = 0;
    boolean hexLetter = false;
    for (int p = s; p < e; p++) {
      char c = text.charAt(p);
      if (c == ':') colons++;
      else if (c == '.') dots++;
      else if (c > '9') hexLetter = true;
    }
    return colons >= 2 || colons == 0 && dots == 3 && !hexLetter;
  }

  /** End of the address in {@code text[s, e)}, or -1. */
  private static int matchEnd(String text, int s, int e) {
    InetAddressValidator v = InetAddressValidator.getInstance();
    if (e - s <= MAX && mayBeAddress(text, s, e) && v.isValid(text.substring(s, e))) return e;
    int t = e;
    while (t > s && (text.charAt(t - 1) == '.' || text.charAt(t - 1) == ':')) t--;
    if (t < e && t - s <= MAX && t > s && mayBeAddress(text, s, t) && v.isValid(text.substring(s, t))) return t;
    // IPv4 with a port: 10.0.0.1:8080 (one ':' only, after a '.'); searched within the run only
    int colon = -1;
    int colons = 0;
    boolean dotBefore = false;
    for (int p = s; p < t; p++) {
      char c = text.charAt(p);
      if (c == ':') {
        colons++;
        colon = p;
      } else if (c == '.' && colons == 0) {
        dotBefore = true;
      }
    }
    if (colons == 1 && dotBefore && colon - s <= MAX && mayBeAddress(text, s, colon) && v.isValidInet4Address(text.substring(s, colon))) {
      return colon;
    }
    return -1;
  }
}
