package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import dev.veil.privacy.detect.TextScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Postal codes: US ZIP codes and UK postcodes.
 *
 * <ul>
 *   <li>US: five digits ({@code 94105}) or ZIP+4 ({@code 94105-1234}), delimited like other numbers,
 *       not {@code 00000}. Any five-digit number has this shape, so a bare ZIP scores 0.3 and a
 *       ZIP+4 0.5; directly after a US state or territory code ({@code CA 94105}, {@code NY,
 *       10001}) it scores 0.7 (0.8 for ZIP+4). Context words ("zip", "postal") raise it.
 *   <li>UK: a postcode by Royal Mail's format rules, in capitals: outward code {@code A9},
 *       {@code A99}, {@code AA9}, {@code AA99}, {@code A9A} or {@code AA9A} (first letter not Q, V,
 *       X; second not I, J, Z; a third-position letter from {@code ABCDEFGHJKPSTUW}; a fourth from
 *       {@code ABEHMNPRVWXY}), a space, and an inward code digit + two letters not from
 *       {@code CIKMOV}; also {@code GIR 0AA}. Scored 0.6 with the space, 0.4 written solid.
 * </ul>
 *
 * Linear scans with bounded look-ahead; no regular expressions.
 */
public final class ZipCodeRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("ZIP_CODE");
  private static final Set<String> STATES = Set.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
      "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
      "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "zip-postcode-format";
  }

  @Override
  public List<String> nameHints() {
    return List.of("zip", "zipcode", "postcode", "postal", "postal_code", "post_code");
  }

  @Override
  public List<String> contextWords() {
    return List.of("zip", "zipcode", "postcode", "postal", "post code");
  }

  @Override
  public Prefilter prefilter() {
    // a US ZIP is a run of five digits; every UK postcode (GIR 0AA too) ends in a digit and two capitals
    return Prefilter.shape(Prefilter.FIVE_DIGITS | Prefilter.DIGIT_UPPER_UPPER);
  }

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    if (v.isEmpty() || v.length() > 10) return false;
    List<Span> s = find(v);
    return s.size() == 1 && s.get(0).start() == 0 && s.get(0).end() == v.length();
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (text == null) return out;
    // A ZIP starts at a digit and a postcode at a capital, neither after a letter, digit or '_': so
    // only at the start of one of the shared scan's words (maximal runs of letters and digits) not
    // after '_', and not inside an earlier match.
    TextScan scan = TextScan.of(text);
    int lastEnd = 0;
    for (int w = 0, words = scan.words(); w < words; w++) {
      int i = scan.wordStart(w);
      if (i < lastEnd || i > 0 && text.charAt(i - 1) == '_') continue;
      char c = text.charAt(i);
      if (DigitGroupRecognizer.isDigit(c)) {
        int e = usZip(text, i);
        if (e > 0) {
          boolean plus4 = e - i == 10;
          boolean state = afterState(text, i);
          double score = state ? (plus4 ? 0.8 : 0.7) : (plus4 ? 0.5 : 0.3);
          out.add(new Span(entity(), i, e, score, id(),
              (plus4 ? "US ZIP+4 pattern" : "US 5-digit ZIP pattern") + (state ? " after a state code" : "")));
          lastEnd = e;
        }
      } else if (c >= 'A' && c <= 'Z') {
        int e = ukPostcode(text, i);
        if (e > 0) {
          boolean spaced = text.charAt(e - 4) == ' ';
          out.add(new Span(entity(), i, e, spaced ? 0.6 : 0.4, id(), "UK postcode pattern with Royal Mail letter-position rules"));
          lastEnd = e;
        }
      }
    }
    return out;
  }

  private static int usZip(String t, int i) {
    int n = t.length();
    if (!DigitGroupRecognizer.leftDelimited(t, i) || i > 0 && t.charAt(i - 1) == '-') return -1;
    int e = i;
    while (e < n && e - i <= 5 && DigitGroupRecognizer.isDigit(t.charAt(e))) e++;
    if (e - i != 5 || t.startsWith("00000", i)) return -1;
    if (e + 5 <= n && t.charAt(e) == '-' && IdChecks.allDigits(t.substring(e + 1, e + 5))
        && (e + 5 == n || !DigitGroupRecognizer.isDigit(t.charAt(e + 5)))) {
      return DigitGroupRecognizer.rightDelimited(t, e + 5) ? e + 5 : -1;
    }
    if (e < n && t.charAt(e) == '-' && e + 1 < n && DigitGroupRecognizer.isDigit(t.charAt(e + 1))) return -1;
    return DigitGroupRecognizer.rightDelimited(t, e) ? e : -1;
  }

  private static boolean afterState(String t, int i) {
    int p = i - 1;
    if (p >= 0 && t.charAt(p) == ' ') p--;
    if (p >= 0 && t.charAt(p) == ',') p--;
    if (p < 1 || p == i - 1) return false;
    String st = t.substring(p - 1, p + 1);
    return STATES.contains(st) && (p < 2 || !Character.isLetterOrDigit(t.charAt(p - 2)));
  }

  private static boolean up(String t, int i) {
    return i < t.length() && t.charAt(i) >= 'A' && t.charAt(i) <= 'Z';
  }

  private static boolean dig(String t, int i) {
    return i < t.length() && DigitGroupRecognizer.isDigit(t.charAt(i));
  }

  /** End of a UK postcode at {@code i}, or -1. */
  private static int ukPostcode(String t, int i) {
    int n = t.length();
    int p;
    if (t.startsWith("GIR", i)) {
      p = i + 3;
    } else {
      if (!up(t, i) || "QVX".indexOf(t.charAt(i)) >= 0) return -1;
      p = i + 1;
      if (up(t, p)) {
        if ("IJZ".indexOf(t.charAt(p)) >= 0) return -1;
        p++;
        if (!dig(t, p)) return -1;
        p++;
        if (dig(t, p)) p++;
        else if (up(t, p) && "ABEHMNPRVWXY".indexOf(t.charAt(p)) >= 0) p++;
      } else if (dig(t, p)) {
        p++;
        if (dig(t, p)) p++;
        else if (up(t, p) && "ABCDEFGHJKPSTUW".indexOf(t.charAt(p)) >= 0) p++;
      } else {
        return -1;
      }
    }
    int q = p < n && t.charAt(p) == ' ' ? p + 1 : p;
    if (!(dig(t, q) && up(t, q + 1) && up(t, q + 2))) return -1;
    if ("CIKMOV".indexOf(t.charAt(q + 1)) >= 0 || "CIKMOV".indexOf(t.charAt(q + 2)) >= 0) return -1;
    if (t.startsWith("GIR", i) && !t.startsWith("0AA", q)) return -1;
    int e = q + 3;
    if (e < n && DigitGroupRecognizer.isWordChar(t.charAt(e))) return -1;
    return e;
  }

  /** Its shape is shared by many ordinary values: a column needs a name hint to be classified as it. */
  @Override
  public boolean needsNameHint() {
    return true;
  }
}
