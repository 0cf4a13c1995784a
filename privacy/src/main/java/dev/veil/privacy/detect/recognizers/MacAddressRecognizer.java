package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import dev.veil.privacy.detect.TextScan;
import java.util.ArrayList;
import java.util.List;

/**
 * MAC (EUI-48) addresses: six hex pairs separated by one kind of {@code :} or {@code -}
 * ({@code 00:1A:2B:3C:4D:5E}), or Cisco's dotted form of three groups of four hex digits
 * ({@code 001a.2b3c.4d5e}); not glued to other word characters or to a further separated hex group.
 * The all-zero and broadcast addresses identify no device and are not matched. Scored 0.8 (shape,
 * no checksum). Each position is examined over at most 17 characters, so the scan is linear.
 */
public final class MacAddressRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("MAC_ADDRESS");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "mac-address-shape";
  }

  @Override
  public List<String> nameHints() {
    return List.of("mac");
  }

  @Override
  public List<String> contextWords() {
    return List.of("mac", "hardware", "ethernet", "wifi", "device");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.shape(Prefilter.HEX_SEPARATOR_HEX);
  }

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    return v.length() <= 17 && matchEnd(v, 0) == v.length();
  }

  @Override
  public List<Span> find(String text) {
    List<Span> spans = new ArrayList<>();
    if (text == null) return spans;
    // A MAC starts with a hex digit after no letter, digit or '_': only at the start of one of the
    // shared scan's words (maximal runs of letters and digits), and not inside an earlier match.
    TextScan scan = TextScan.of(text);
    int lastEnd = 0;
    for (int w = 0, words = scan.words(); w < words; w++) {
      int i = scan.wordStart(w);
      if (i < lastEnd) continue;
      int end = leftDelimited(text, i) ? matchEnd(text, i) : -1;
      if (end > 0 && rightDelimited(text, end)) {
        spans.add(new Span(entity(), i, end, 0.8, id(), "MAC address pattern (6 hex pairs with ':' or '-', or Cisco xxxx.xxxx.xxxx)"));
        lastEnd = end;
      }
    }
    return spans;
  }

  private static boolean isSep(char c) {
    return c == ':' || c == '-' || c == '.';
  }

  private static boolean leftDelimited(String t, int i) {
    if (i == 0) return true;
    char p = t.charAt(i - 1);
    if (DigitGroupRecognizer.isWordChar(p)) return false;
    return !(isSep(p) && i >= 2 && DigitGroupRecognizer.isWordChar(t.charAt(i - 2)));
  }

  private static boolean rightDelimited(String t, int end) {
    if (end >= t.length()) return true;
    char c = t.charAt(end);
    if (DigitGroupRecognizer.isWordChar(c)) return false;
    return !(isSep(c) && end + 1 < t.length() && DigitGroupRecognizer.isWordChar(t.charAt(end + 1)));
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean hexRun(String t, int from, int len) {
    if (from + len > t.length()) return false;
    for (int p = from; p < from + len; p++) {
      if (!isHex(t.charAt(p))) return false;
    }
    return true;
  }

  /** End of a MAC address starting at {@code i}, or -1. */
  private static int matchEnd(String t, int i) {
    int end = -1;
    if (hexRun(t, i, 2) && i + 2 < t.length() && (t.charAt(i + 2) == ':' || t.charAt(i + 2) == '-')) {
      char sep = t.charAt(i + 2);
      int p = i;
      boolean ok = true;
      for (int g = 0; g < 6 && ok; g++) {
        if (g > 0) {
          ok = p < t.length() && t.charAt(p) == sep;
          p++;
        }
        ok = ok && hexRun(t, p, 2);
        p += 2;
      }
      if (ok) end = p;
    } else if (hexRun(t, i, 4) && i + 4 < t.length() && t.charAt(i + 4) == '.') {
      if (hexRun(t, i + 5, 4) && i + 9 < t.length() && t.charAt(i + 9) == '.' && hexRun(t, i + 10, 4)) end = i + 14;
    }
    if (end < 0) return -1;
    boolean zero = true;
    boolean ones = true;
    for (int p = i; p < end; p++) {
      char c = t.charAt(p);
      if (!isHex(c)) continue;
      zero &= c == '0';
      ones &= c == 'f' || c == 'F';
    }
    return zero || ones ? -1 : end;
  }
}
