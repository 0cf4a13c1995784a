package dev.veil.privacy.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.veil.core.schema.PiiClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Phone numbers, validated with Google's libphonenumber ({@code isValidNumber}: the number plan of
 * the region, not just a digit pattern). Numbers written with a leading {@code +} are checked
 * against their own country; others against each of the configured default regions ({@link
 * #validates} applies only these checks). In text ({@link #find}), numbers no default region
 * accepts are also reported at lower scores when they are grouped and valid in another common
 * country, written in the North American layout with an unassigned area code, or (below the
 * default reporting threshold, so only with a context word) written in phone-like digit groups.
 * Stateless and thread-safe.
 */
public final class PhoneRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;
  private static final int MAX_LENGTH = 40;
  private final List<String> regions;
  /** The fewest digits a number written without {@code +} can have to be valid in one of the regions. */
  private final int nationalMinDigits;

  /**
   * @param regions ISO 3166 region codes to assume for numbers without a country code, like "US"
   */
  public PhoneRecognizer(List<String> regions) {
    if (regions == null || regions.isEmpty()) {
      throw new IllegalArgumentException("regions must not be empty. Provided value: " + regions);
    }
    List<String> out = new ArrayList<>();
    for (String r : regions) {
      String code = r.trim().toUpperCase(Locale.ROOT);
      if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(code)) {
        throw new IllegalArgumentException(
            "regions must be ISO 3166 region codes libphonenumber supports (like US, GB, DE). Provided value: '" + r + "'");
      }
      out.add(code);
    }
    this.regions = List.copyOf(out);
    List<Integer> codes = new ArrayList<>();
    for (String r : this.regions) codes.add(PhoneNumberUtil.getInstance().getCountryCodeForRegion(r));
    this.nationalMinDigits = minDigits(codes);
  }

  public List<String> regions() {
    return regions;
  }

  @Override
  public PiiClass entity() {
    return PiiClass.PHONE_NUMBER;
  }

  @Override
  public String id() {
    return "phone-libphonenumber";
  }

  @Override
  public List<String> nameHints() {
    return List.of("phone", "tel", "telephone", "mobile", "cell", "fax");
  }

  @Override
  public List<String> contextWords() {
    return List.of("phone", "telephone", "tel", "mobile", "cell", "call", "fax", "number");
  }

  /**
   * At least {@link #MIN_DIGITS} ASCII digits, or any of the other digits libphonenumber reads
   * (full-width, Arabic-Indic and Eastern Arabic-Indic, its {@code VALID_DIGITS}): exact, since
   * {@link #find} counts those same digits before running the matcher.
   */
  @Override
  public Prefilter prefilter() {
    return Prefilter.digits(MIN_DIGITS).or(Prefilter.anchors(OTHER_DIGITS.toArray(new String[0])));
  }

  private static final List<String> OTHER_DIGITS = otherDigits();

  private static List<String> otherDigits() {
    List<String> out = new ArrayList<>();
    for (char base : new char[] {'\uFF10', '\u0660', '\u06F0'}) {
      for (int d = 0; d < 10; d++) out.add(String.valueOf((char) (base + d)));
    }
    return List.copyOf(out);
  }

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    if (v.length() < 5 || v.length() > MAX_LENGTH) return false;
    int digits = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (Character.isDigit(c)) digits++;
      else if (Character.isLetter(c) && !(c == 'x' || c == 'X')) return false;
    }
    if (digits < 5) return false;
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    for (String region : regions) {
      try {
        Phonenumber.PhoneNumber n = util.parse(v, region);
        if (util.isValidNumber(n)) return true;
      } catch (NumberParseException e) {
        // not a number in this region; try the next
      }
      if (v.startsWith("+")) break;
    }
    return false;
  }

  /**
   * The fewest digits any valid number of any country code has (its full national number), probed
   * from libphonenumber's metadata (4 in version 9.0). A text with fewer digits in total cannot hold
   * a valid number, so {@link #find} skips the matcher for it: an exact shortcut, not a heuristic.
   */
  static final int MIN_DIGITS = minDigits();

  private static int minDigits() {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    java.util.Set<Integer> codes = new java.util.TreeSet<>(util.getSupportedGlobalNetworkCallingCodes());
    for (String r : util.getSupportedRegions()) codes.add(util.getCountryCodeForRegion(r));
    return minDigits(codes);
  }

  /** The fewest digits of a full national number of any of {@code codes} (country calling codes). */
  static int minDigits(java.util.Collection<Integer> codes) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    int min = 17;
    for (int cc : codes) {
      for (int len = 1; len < min; len++) {
        Phonenumber.PhoneNumber n = new Phonenumber.PhoneNumber().setCountryCode(cc).setNationalNumber((long) Math.pow(10, len - 1));
        PhoneNumberUtil.ValidationResult r = util.isPossibleNumberWithReason(n);
        // local-only lengths (dialled without an area code) are never valid numbers, so they do not count
        if (r != PhoneNumberUtil.ValidationResult.TOO_SHORT && r != PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY) {
          min = len; // the shortest full national number this country code allows
          break;
        }
      }
    }
    return Math.max(1, min);
  }

  private static boolean hasDigits(String text, int needed) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= '0' && c <= '9' || c >= '\uFF10' && c <= '\uFF19' || c >= '\u0660' && c <= '\u0669' || c >= '\u06F0' && c <= '\u06F9')
          && ++n >= needed) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPhoneDigit(char c) {
    return c >= '0' && c <= '9' || c >= '\uFF10' && c <= '\uFF19' || c >= '\u0660' && c <= '\u0669' || c >= '\u06F0' && c <= '\u06F9';
  }

  /**
   * The first index at or after {@code i} where a candidate starts: a {@code +}, {@code (} or phone
   * digit not preceded by a word character; the text's length when there is none. A small loop of its
   * own, so the JIT compiles the scan over the (mostly letters) text tightly.
   */
  private static int nextStart(String text, int i) {
    for (int n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      boolean starts = c <= '9' ? c >= '0' || c == '+' || c == '(' : c >= '\u0660' && isPhoneDigit(c);
      if (starts && (i == 0 || !isWordChar(text.charAt(i - 1)))) return i;
    }
    return text.length();
  }

  private static boolean isPhoneSeparator(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '\u00A0' || c >= '\u2010' && c <= '\u2015';
  }

  /**
   * Finds numbers in one pass: each maximal run of digits and phone punctuation (spaces, dashes,
   * dots, parentheses, slashes; an optional leading {@code +}) that starts at a word boundary and
   * holds {@link #MIN_DIGITS} (with a leading {@code +}; otherwise the default regions' shortest full
   * national number) to 17 digits is a candidate, trimmed of trailing punctuation, and
   * libphonenumber's rules validate it (what {@code parse} in each default region, then {@code
   * isValidNumber}, decide: the region's numbering plan; {@link ParseShape} derives that decision from
   * the metadata without the parse for most candidates), scoring 1.0; a number written in groups (not a bare digit run)
   * and valid only in one of {@link #OTHER_REGIONS}' national formats scores 0.6 (the country is a
   * guess); a number in the North American layout whose area code libphonenumber does not know
   * scores 0.55-0.6 ({@link #nanpLayout}). Runs shaped like an IPv4 address or a date and time are
   * skipped ({@link #notAPhone}), and so are digits continuing a part code, and, after a code of
   * capitals, all but numbers valid in the default regions ({@code INV-2024-00123}, {@link #codeBefore}).
   * An extension after the number ({@code x751}, {@code ext. 12}) is part of the span. This replaces libphonenumber's own text matcher, whose regular
   * expressions dominated the cost of detection, with the same validation on far fewer, cheaper
   * candidates. Linear in the text length.
   */
  @Override
  public List<Span> find(String text) {
    List<Span> spans = new ArrayList<>();
    if (text == null || text.isEmpty() || !hasDigits(text, MIN_DIGITS)) return spans;
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    int n = text.length();
    int i = 0;
    while ((i = nextStart(text, i)) < n) {
      char c = text.charAt(i);
      int j = i + 1;
      int digits = isPhoneDigit(c) ? 1 : 0;
      if (c == '(' && j < n && text.charAt(j) == '+') j++; // (+351) 212 345 678
      while (j < n && (isPhoneDigit(text.charAt(j)) || isPhoneSeparator(text.charAt(j)))) {
        if (isPhoneDigit(text.charAt(j))) digits++;
        j++;
      }
      int end = j;
      while (end > i && !isPhoneDigit(text.charAt(end - 1)) && text.charAt(end - 1) != ')') end--;
      if (end > i && text.charAt(end - 1) == ')' && text.lastIndexOf('(', end - 1) < i) end--; // an unbalanced ')' closes the sentence
      // an extension written after the number ("x751", "ext. 12", " x 12") belongs to the span
      int spanEnd = end < n ? extensionEnd(text, end) : end;
      boolean rightOk = spanEnd >= n || !isWordChar(text.charAt(spanEnd)) || end < j && spanEnd == end;
      if (digits >= MIN_DIGITS && digits <= 17 && rightOk && end - i <= MAX_LENGTH) {
        String candidate = text.substring(i, end);
        boolean plus = candidate.startsWith("+") || candidate.startsWith("(+");
        String digitString = asciiDigits(candidate);
        Span found = null;
        int code = codeBefore(text, i);
        if (notAPhone(text, candidate, spanEnd) || code == DIGIT_CODE) {
          found = null;
        } else {
          if (plus || digits >= nationalMinDigits) {
            found = valid(util, candidate, digitString, regions, i, spanEnd, 1.0, "valid number for default region ");
          }
          // after a code of capitals (INV-2024-00123, TEL-650-253-0000) only a number the default regions' plans
          // accept (or the North American layout) counts: a guess at another country's plan is an invoice number
          if (found == null && code == NO_CODE && !plus && digits >= 7 && !dateShaped(candidate) && grouped(candidate)
              && !ssnShaped(candidate)) {
            // written in another country's national format: valid there, but the region is a guess (context raises it);
            // a bare run of digits (481195160) is as likely an SSN, licence or account number, so it must be grouped
            found = valid(util, candidate, digitString, OTHER_REGIONS, i, spanEnd, 0.6, "valid national number for region ");
          }
          if (found == null) {
            double layout = nanpLayout(candidate);
            if (layout > 0) {
              found = new Span(entity(), i, spanEnd, layout, id(), "North American number layout (area code not checked)");
            }
          }
          if (found == null && code == NO_CODE && !plus && digits >= 7 && digits <= 13 && grouped(candidate)
              && !dateShaped(candidate) && phoneGroups(candidate)) {
            // written like a phone number in a plan none of the tried regions has: reported only with context
            found = new Span(entity(), i, spanEnd, UNCHECKED_SCORE, id(), "phone-shaped digit groups (no numbering plan matched)");
          }
        }
        if (found != null) spans.add(found);
      }
      i = Math.max(j, i + 1);
    }
    return spans;
  }

  /**
   * Whether a candidate is written like a date (three digit groups of 4-2-2 or 2-2-4, or 1-2 digits,
   * 1-2 digits and 4 digits, with one separator), which another country's plan may accept as a number.
   */
  static boolean dateShaped(String c) {
    return dateShaped(c, 0, c.length());
  }

  /** {@link #dateShaped(String)} for {@code c[from..to)}. */
  private static boolean dateShaped(String c, int from, int to) {
    int first = -1;
    int second = -1;
    for (int k = from; k < to; k++) {
      char ch = c.charAt(k);
      if (ch == '-' || ch == '.' || ch == '/' || ch == ' ') {
        if (first < 0) first = k;
        else if (second < 0) second = k;
        else return false; // more than three groups
      } else if (ch < '0' || ch > '9') {
        return false;
      }
    }
    if (second < 0) return false;
    int a = first - from;
    int b = second - first - 1;
    int d = to - second - 1;
    if (a == 0 || b == 0 || d == 0) return false;
    return a == 4 && b <= 2 && d <= 2 || a <= 2 && b <= 2 && d == 4;
  }

  /** {@link #codeBefore}: no code, a code of one to five capitals, a code holding a digit. */
  static final int NO_CODE = 0;
  static final int CAPITALS_CODE = 1;
  static final int DIGIT_CODE = 2;

  /**
   * What is glued before the run at {@code start}, when the run begins with a digit and a {@code -}
   * or {@code /} precedes it right after a letter or digit: {@link #DIGIT_CODE} for a code holding a
   * digit ({@code A1-650-253-0000}: a part number, never a phone number), {@link #CAPITALS_CODE} for
   * one to five capitals ({@code INV-2024-00123}, {@code TEL-650-253-0000}: an invoice code or a
   * label, so only a number valid in the default regions counts), else {@link #NO_CODE} (a name or
   * label such as {@code Smith/650...} or {@code Mobile-650...}, a run starting with {@code +} or
   * {@code (}).
   */
  static int codeBefore(String text, int start) {
    if (start < 2 || !Character.isDigit(text.charAt(start))) return NO_CODE;
    char p = text.charAt(start - 1);
    if (p != '-' && p != '/') return NO_CODE;
    int b = start - 1;
    while (b > 0 && Character.isLetterOrDigit(text.charAt(b - 1))) b--;
    int len = start - 1 - b;
    if (len == 0) return NO_CODE;
    boolean digit = false;
    boolean capitals = true;
    for (int k = b; k < start - 1; k++) {
      char c = text.charAt(k);
      if (c >= '0' && c <= '9') digit = true;
      else if (c < 'A' || c > 'Z') capitals = false;
    }
    return digit ? DIGIT_CODE : capitals && len <= 5 ? CAPITALS_CODE : NO_CODE;
  }

  /**
   * Whether a digit run that may pass a numbering plan is written as something else: an IPv4
   * address (four dot-separated groups of 1-3 digits), or a date followed by a time (the run
   * starts with a date-shaped group, or a {@code :} and a digit follow it: {@code 2024-01-31 12:30}).
   */
  static boolean notAPhone(String text, String candidate, int end) {
    if (ipv4Shaped(candidate)) return true;
    if (end + 1 < text.length() && text.charAt(end) == ':' && Character.isDigit(text.charAt(end + 1))) return true;
    int sp = candidate.indexOf(' ');
    return sp > 0 && dateShaped(candidate, 0, sp);
  }

  /**
   * The score of a number written in the North American layout, or 0: an optional {@code +1},
   * {@code 001} or {@code 1} prefix, a three-digit area code (in parentheses or followed by
   * {@code -}, {@code .} or a space), a three-digit exchange and four digits, with the same
   * separator between the groups; area code and exchange start with 2-9, as the plan requires.
   * libphonenumber's validity check is not applied (many written numbers, and all made-up ones,
   * use area codes not yet assigned), so a prefix or parentheses score 0.6 and a bare
   * {@code ###-###-####} 0.55: context words raise them.
   */
  static double nanpLayout(String c) {
    int k = 0;
    boolean prefixed = false;
    if (c.startsWith("+1")) {
      k = 2;
      prefixed = true;
    } else if (c.startsWith("001")) {
      k = 3;
      prefixed = true;
    } else if (c.startsWith("1") && c.length() > 1 && (c.charAt(1) == '-' || c.charAt(1) == ' ' || c.charAt(1) == '.')) {
      k = 1;
      prefixed = true;
    }
    if (prefixed) {
      if (k < c.length() && (c.charAt(k) == '-' || c.charAt(k) == ' ' || c.charAt(k) == '.')) k++;
      else if (!(k < c.length() && c.charAt(k) == '(')) return 0;
    }
    boolean paren = k < c.length() && c.charAt(k) == '(';
    if (paren) k++;
    if (!digitsAt(c, k, 3) || c.charAt(k) < '2') return 0;
    k += 3;
    char sep;
    if (paren) {
      if (k >= c.length() || c.charAt(k) != ')') return 0;
      k++;
      if (k < c.length() && c.charAt(k) == ' ') k++;
      sep = 0;
    } else {
      if (k >= c.length()) return 0;
      sep = c.charAt(k);
      if (sep != '-' && sep != '.' && sep != ' ') return 0;
      k++;
    }
    if (!digitsAt(c, k, 3) || c.charAt(k) < '2') return 0;
    k += 3;
    if (k >= c.length()) return 0;
    char sep2 = c.charAt(k);
    if (paren ? sep2 != '-' && sep2 != '.' && sep2 != ' ' : sep2 != sep) return 0;
    k++;
    if (!digitsAt(c, k, 4) || k + 4 != c.length()) return 0;
    return prefixed || paren ? 0.6 : 0.55;
  }

  /**
   * The score of a number written in phone-like groups that no tried numbering plan accepts: below the
   * analyzer's default reporting threshold (0.5), so it is reported only when a context word (phone,
   * call, mobile, fax, ...) raises it.
   */
  static final double UNCHECKED_SCORE = 0.45;

  /**
   * Whether a candidate is written in 2-5 groups of 2-5 digits (a leading group may be in
   * parentheses), and not in the shapes of other numbers: a US SSN (3-2-4) or a card (groups of four
   * only).
   */
  static boolean phoneGroups(String c) {
    // the groups of c with '(' and ')' read as spaces and trimmed, split at runs of - . space / NBSP
    // (as String.split: a leading separator makes an empty first group, trailing ones no group)
    int from = 0;
    int to = c.length();
    while (from < to && trimmedAway(c.charAt(from))) from++;
    while (to > from && trimmedAway(c.charAt(to - 1))) to--;
    int groups = 0;
    boolean allFour = true;
    int first = 0;
    int second = 0;
    int third = 0;
    int i = from;
    do {
      int start = i;
      while (i < to && !groupSeparator(c.charAt(i))) {
        char ch = c.charAt(i);
        if (ch < '0' || ch > '9') return false;
        i++;
      }
      int len = i - start;
      if (len < 2 || len > 5 || ++groups > 5) return false;
      allFour &= len == 4;
      if (groups == 1) first = len;
      else if (groups == 2) second = len;
      else if (groups == 3) third = len;
      while (i < to && groupSeparator(c.charAt(i))) i++;
    } while (i < to);
    if (groups < 2 || allFour) return false;
    return !(groups == 3 && first == 3 && second == 2 && third == 4);
  }

  /** What {@code trim()} removes once {@code (} and {@code )} are read as spaces. */
  private static boolean trimmedAway(char ch) {
    return ch <= ' ' || ch == '(' || ch == ')';
  }

  /** A character of a run that separates digit groups ({@code (} and {@code )} read as spaces). */
  private static boolean groupSeparator(char ch) {
    return ch == '-' || ch == '.' || ch == ' ' || ch == '/' || ch == '\u00a0' || ch == '(' || ch == ')';
  }

  /** Four dot-separated groups of 1-3 ASCII digits (an IPv4 address), as the whole candidate. */
  static boolean ipv4Shaped(String c) {
    int groups = 0;
    int len = 0;
    for (int k = 0, n = c.length(); k < n; k++) {
      char ch = c.charAt(k);
      if (ch == '.') {
        if (len == 0 || ++groups > 3) return false;
        len = 0;
      } else if (ch >= '0' && ch <= '9' && len < 3) {
        len++;
      } else {
        return false;
      }
    }
    return groups == 3 && len > 0;
  }

  /** Whether a candidate is written like a US SSN ({@code 123-45-6789}, {@code 123 45 6789}): not another country's phone number. */
  static boolean ssnShaped(String c) {
    return c.length() == 11 && (c.charAt(3) == '-' && c.charAt(6) == '-' || c.charAt(3) == ' ' && c.charAt(6) == ' ')
        && digitsAt(c, 0, 3) && digitsAt(c, 4, 2) && digitsAt(c, 7, 4);
  }

  /** Whether a candidate has a separator or parentheses between its digits (is written in groups). */
  static boolean grouped(String c) {
    for (int x = 1; x < c.length() - 1; x++) if (!isPhoneDigit(c.charAt(x))) return true;
    return c.startsWith("(");
  }

  private static boolean digitsAt(String c, int k, int len) {
    if (k + len > c.length()) return false;
    for (int x = k; x < k + len; x++) if (c.charAt(x) < '0' || c.charAt(x) > '9') return false;
    return true;
  }

  /** Common numbering plans tried, at a lower score, for numbers valid in none of the default regions. */
  static final List<String> OTHER_REGIONS = List.of("GB", "DE", "FR", "IT", "ES", "NL", "BE", "CH", "AT", "IE", "PT", "SE", "NO",
      "DK", "FI", "PL", "CZ", "AU", "NZ", "CA", "IN", "BR", "MX", "AR", "ZA", "IL", "TR", "JP", "KR", "CN", "SG", "HK");

  private Span valid(PhoneNumberUtil util, String candidate, String digits, List<String> tryRegions, int start, int end, double score,
      String why) {
    boolean plus = candidate.startsWith("+") || candidate.startsWith("(+");
    if (plus) {
      // parse ignores the default region for a number written with + (it reads the country code), so one decision settles it
      Phonenumber.PhoneNumber num = ParseShape.scratch();
      int decision = ParseShape.decideInternational(util, digits, num);
      if (decision == ParseShape.INVALID) return null;
      if (decision == ParseShape.VALID) {
        return new Span(entity(), start, end, score, id(), "libphonenumber: " + why + ParseShape.lastRegion());
      }
      return parsed(util, candidate, tryRegions.get(0), start, end, score, why);
    }
    for (String region : tryRegions) {
      int decision = ParseShape.of(region).decideNational(util, digits, ParseShape.scratch());
      if (decision == ParseShape.VALID) return new Span(entity(), start, end, score, id(), "libphonenumber: " + why + region);
      if (decision == ParseShape.INVALID || RegionShape.of(region).cannotBeValid(digits)) continue;
      Span found = parsed(util, candidate, region, start, end, score, why);
      if (found != null) return found;
    }
    return null;
  }

  /** libphonenumber's full {@code parse} + {@code isValidNumber}, for the candidates {@link ParseShape} leaves to it. */
  private Span parsed(PhoneNumberUtil util, String candidate, String region, int start, int end, double score, String why) {
    try {
      Phonenumber.PhoneNumber num = util.parse(candidate, region);
      if (util.isValidNumber(num)) {
        String r = candidate.startsWith("+") || candidate.startsWith("(+") ? util.getRegionCodeForNumber(num) : region;
        return new Span(entity(), start, end, score, id(), "libphonenumber: " + why + r);
      }
    } catch (NumberParseException e) {
      // not a number in this region
    }
    return null;
  }

  /** The phone digits of {@code s} as ASCII digits (libphonenumber's normalization of the digits it reads). */
  private static String asciiDigits(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') b.append(c);
      else if (c >= '\uFF10' && c <= '\uFF19') b.append((char) ('0' + c - '\uFF10'));
      else if (c >= '\u0660' && c <= '\u0669') b.append((char) ('0' + c - '\u0660'));
      else if (c >= '\u06F0' && c <= '\u06F9') b.append((char) ('0' + c - '\u06F0'));
    }
    return b.toString();
  }

  /**
   * An exact shortcut before {@code parse(candidate, region)} + {@code isValidNumber} for a candidate
   * written without {@code +} (digits and phone punctuation only, no letters): from the region's
   * metadata, the lengths a valid national significant number (NSN) of its country code can have
   * (the union of the general descriptions' possible lengths over every region sharing the code).
   * Without an international dialling prefix at the start, parsing keeps the region's country code
   * and derives the NSN from the candidate's {@code m} digits by removing at most the country code
   * and the national prefix (twice at most); a region whose national prefix for parsing is not a
   * plain digit string (carrier codes, alternatives) or that has a national-prefix transform rule is
   * always parsed. So when the digits do not start with the region's international prefix and no
   * possible length lies in {@code [m - ccLength - 2 * prefixLength, m]}, or no suffix of the digits
   * of such a length matches the general national-number pattern of one of those regions (the NSN is
   * always such a suffix, and {@code isValidNumber} requires that match), the number cannot be valid
   * in that region and libphonenumber is not called. PhoneRecognizerTest checks the shortcut against
   * the full parse on generated and random candidates.
   */
  static final class RegionShape {
    private static final java.util.concurrent.ConcurrentHashMap<String, RegionShape> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private final boolean alwaysParse;
    private final PatternMatcher internationalPrefix;
    private final int strip;
    private final boolean[] nsnLength = new boolean[18];
    /** The general-description national-number patterns of the regions sharing the country code. */
    private final List<PatternMatcher> generalPatterns = new ArrayList<>();

    private RegionShape(String region) {
      PhoneNumberUtil util = PhoneNumberUtil.getInstance();
      com.google.i18n.phonenumbers.metadata.source.MetadataSource source =
          com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
      Phonemetadata.PhoneMetadata m = source.getMetadataForRegion(region);
      boolean always = m == null || m.hasNationalPrefixTransformRule() || !m.hasInternationalPrefix();
      String npfp = m == null ? "" : m.getNationalPrefixForParsing();
      if (!npfp.chars().allMatch(c -> c >= '0' && c <= '9')) always = true;
      int cc = m == null ? 0 : m.getCountryCode();
      for (String r : util.getRegionCodesForCountryCode(cc)) {
        Phonemetadata.PhoneMetadata rm = source.getMetadataForRegion(r);
        if (rm == null || rm.getGeneralDesc().getPossibleLengthCount() == 0) {
          always = true;
          break;
        }
        generalPatterns.add(PatternMatcher.withAutomaton(rm.getGeneralDesc().getNationalNumberPattern()));
        for (int len : rm.getGeneralDesc().getPossibleLengthList()) {
          if (len >= 0 && len < nsnLength.length) nsnLength[len] = true;
          else always = true;
        }
      }
      this.alwaysParse = always;
      this.internationalPrefix = always ? null : PatternMatcher.withAutomaton(m.getInternationalPrefix());
      this.strip = String.valueOf(cc).length() + 2 * npfp.length();
    }

    static RegionShape of(String region) {
      return CACHE.computeIfAbsent(region, RegionShape::new);
    }

    /** Whether a candidate with these (ASCII) digits, written without {@code +}, cannot be a valid number in the region. */
    boolean cannotBeValid(String digits) {
      if (alwaysParse) return false;
      int m = digits.length();
      if (internationalPrefix.lookingAt(digits, 0)) return false;
      for (int len = Math.max(0, m - strip); len <= Math.min(m, nsnLength.length - 1); len++) {
        if (!nsnLength[len]) continue;
        for (PatternMatcher p : generalPatterns) {
          if (p.matches(digits, m - len)) return false;
        }
      }
      return true;
    }
  }

  /**
   * What libphonenumber's {@code parse(candidate, region)} followed by {@code isValidNumber} decides,
   * computed from the region's metadata without the parse, for the candidates {@link #find} produces
   * (phone digits and the separators of {@link #isPhoneSeparator}, with an optional leading {@code +}
   * or {@code (+}; no letters, so no extension and no alphabetic digits). For such a candidate the
   * parse keeps only its digits (normalized to ASCII) and, in this order: removes a leading {@code +}
   * and reads a 1-3 digit country calling code; or (without {@code +}) tries the region's
   * international prefix, then removes the region's own country code when what follows fits the
   * region's general number pattern better (or the whole is too long), switching to the main region of
   * that code; then removes the national prefix for parsing when the rest is still a possible length.
   * This class repeats those steps on the digit string for the regions whose metadata makes them
   * plain (an international prefix exists; a general description with possible lengths), while the
   * national significant number stays a suffix of the digits; then it applies libphonenumber's
   * validity test to that suffix ({@link #isValidNumber}: the same metadata patterns, precompiled). It
   * answers {@link #FALLBACK} (parse as before) for everything else: a {@code +} followed by {@code 0}
   * or by no known country code, a national prefix that the region's transform rule rewrites, and
   * regions that are not plain.
   * {@code PhoneParseShapeTest} checks every decision against the full parse, on every supported
   * region. Immutable; its matchers are per thread.
   */
  static final class ParseShape {
    /** libphonenumber would accept the number (parse succeeds and {@code isValidNumber} is true). */
    static final int VALID = 1;
    /** libphonenumber would reject the number (a parse error or {@code isValidNumber} false). */
    static final int INVALID = 0;
    /** Not derived here: run the full parse. */
    static final int FALLBACK = -1;

    private static final int MIN_NSN = 2; // PhoneNumberUtil.MIN_LENGTH_FOR_NSN
    private static final int MAX_NSN = 17; // PhoneNumberUtil.MAX_LENGTH_FOR_NSN
    private static final java.util.concurrent.ConcurrentHashMap<String, ParseShape> BY_REGION = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.ConcurrentHashMap<Integer, ParseShape> BY_CODE = new java.util.concurrent.ConcurrentHashMap<>();
    private static final ThreadLocal<Phonenumber.PhoneNumber> SCRATCH = ThreadLocal.withInitial(Phonenumber.PhoneNumber::new);

    private final boolean plain;
    private final int countryCode;
    private final String countryCodeDigits;
    /** The international prefix when it is a plain digit string, else null (then {@link #idd} is used). */
    private final String iddDigits;
    private final PatternMatcher idd;
    /** The national prefix for parsing when it is a plain digit string ("" when the region has none), else null. */
    private final String prefixDigits;
    private final PatternMatcher prefix;
    /** Whether the region has a national-prefix transform rule. */
    private final boolean transform;
    private final PatternMatcher general;
    private final int[] possibleLengths;
    private final int[] localOnlyLengths;
    /** Bit {@code n} set: some region of the country code has national numbers of {@code n} digits (a necessary condition of validity). */
    private final long codeLengths;
    /** The regions sharing the country code, in libphonenumber's order (the main region first), "001" for a non-geographic entity. */
    private final String[] sharingRegions;
    /** Their leading-digits patterns (null: none). */
    private final PatternMatcher[] sharingLeadingDigits;
    /** Their number types. */
    private final NumberTypes[] sharingTypes;
    /** The region code of the metadata, "001" for a non-geographic entity. */
    private final String region;

    private ParseShape(String region, Phonemetadata.PhoneMetadata m) {
      PhoneNumberUtil util = PhoneNumberUtil.getInstance();
      this.region = region;
      boolean ok = m != null && m.hasInternationalPrefix() && m.getGeneralDesc().getPossibleLengthCount() > 0;
      this.transform = m != null && !m.getNationalPrefixTransformRule().isEmpty();
      this.countryCode = m == null ? 0 : m.getCountryCode();
      this.countryCodeDigits = String.valueOf(countryCode);
      String iddRegex = ok ? m.getInternationalPrefix() : "";
      String npfp = ok ? m.getNationalPrefixForParsing() : "";
      this.iddDigits = isDigits(iddRegex) ? iddRegex : null;
      this.idd = iddDigits == null && ok ? new PatternMatcher(iddRegex) : null;
      this.prefixDigits = npfp.isEmpty() || isDigits(npfp) ? npfp : null;
      this.prefix = prefixDigits == null ? new PatternMatcher(npfp) : null;
      String generalRegex = ok ? m.getGeneralDesc().getNationalNumberPattern() : "";
      this.general = generalRegex.isEmpty() ? null : PatternMatcher.withAutomaton(generalRegex);
      this.possibleLengths = ok ? toArray(m.getGeneralDesc().getPossibleLengthList()) : new int[0];
      this.localOnlyLengths = ok ? toArray(m.getGeneralDesc().getPossibleLengthLocalOnlyList()) : new int[0];
      long lengths = 0;
      List<String> sharing = "001".equals(region) ? List.of(region) : util.getRegionCodesForCountryCode(countryCode);
      this.sharingRegions = sharing.toArray(new String[0]);
      this.sharingLeadingDigits = new PatternMatcher[sharingRegions.length];
      this.sharingTypes = new NumberTypes[sharingRegions.length];
      for (int k = 0; k < sharingRegions.length; k++) {
        Phonemetadata.PhoneMetadata rm = "001".equals(region) ? m : source().getMetadataForRegion(sharingRegions[k]);
        if (rm == null) ok = false;
        else sharingTypes[k] = new NumberTypes(rm);
        long regionLengths = 0;
        if (rm == null || rm.getGeneralDesc().getPossibleLengthCount() == 0) {
          regionLengths = -1L; // every length possible: no shortcut
        } else {
          for (int len : rm.getGeneralDesc().getPossibleLengthList()) if (len >= 0 && len < 64) regionLengths |= 1L << len;
        }
        // a single region is picked without its leading digits being consulted
        if (rm != null && rm.hasLeadingDigits() && sharingRegions.length > 1) sharingLeadingDigits[k] = PatternMatcher.withAutomaton(rm.getLeadingDigits());
        lengths |= regionLengths;
      }
      this.codeLengths = lengths;
      this.plain = ok;
    }

    private static com.google.i18n.phonenumbers.metadata.source.MetadataSource source() {
      return com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    }

    private static boolean isDigits(String s) {
      if (s.isEmpty()) return false;
      for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
      return true;
    }

    private static int[] toArray(List<Integer> list) {
      int[] out = new int[list.size()];
      for (int i = 0; i < out.length; i++) out[i] = list.get(i);
      return out;
    }

    /** Per number 0-999: whether it is a country calling code of libphonenumber's metadata (a region other than "ZZ"). */
    private static final boolean[] CALLING_CODES = new boolean[1000];

    static {
      PhoneNumberUtil util = PhoneNumberUtil.getInstance();
      for (int code = 0; code < CALLING_CODES.length; code++) CALLING_CODES[code] = !"ZZ".equals(util.getRegionCodeForCountryCode(code));
    }

    /** {@code !"ZZ".equals(util.getRegionCodeForCountryCode(code))}, from a table for the default instance's metadata. */
    private static boolean isCallingCode(PhoneNumberUtil util, int code) {
      if (util == PhoneNumberUtil.getInstance() && code >= 0 && code < CALLING_CODES.length) return CALLING_CODES[code];
      return !"ZZ".equals(util.getRegionCodeForCountryCode(code));
    }

    /** The shape of a default region (an ISO code libphonenumber supports). */
    static ParseShape of(String region) {
      return BY_REGION.computeIfAbsent(region, r -> new ParseShape(r, source().getMetadataForRegion(r)));
    }

    /** The shape libphonenumber switches to for a country calling code: its main region's, or the non-geographic entity's. */
    static ParseShape ofCallingCode(int cc) {
      return BY_CODE.computeIfAbsent(cc, c -> {
        String main = PhoneNumberUtil.getInstance().getRegionCodeForCountryCode(c);
        return "001".equals(main) ? new ParseShape(main, source().getMetadataForNonGeographicalRegion(c)) : of(main);
      });
    }

    /** This thread's reusable number, for the {@code num} arguments. */
    static Phonenumber.PhoneNumber scratch() {
      return SCRATCH.get();
    }

    /**
     * The decision for a candidate written with {@code +} whose phone digits (ASCII) are {@code digits};
     * on {@link #VALID}, {@code num} holds the parsed number.
     */
    static int decideInternational(PhoneNumberUtil util, String digits, Phonenumber.PhoneNumber num) {
      return decideInternational(util, digits, 0, true, num);
    }

    /**
     * From {@code digits[from..]}, the digits after a {@code +} or an international prefix. When they
     * start with 0 or with no country code the parse fails, except after a {@code +}, where it retries
     * them as a national number: {@link #FALLBACK} then.
     */
    private static int decideInternational(PhoneNumberUtil util, String digits, int from, boolean plus, Phonenumber.PhoneNumber num) {
      int m = digits.length();
      if (m - from <= MIN_NSN) return INVALID; // too short after the + (a parse error)
      if (digits.charAt(from) == '0') return plus ? FALLBACK : INVALID;
      int cc = 0;
      int ccLength = 0;
      for (int k = 1; k <= 3 && from + k <= m && cc == 0; k++) {
        int code = Integer.parseInt(digits, from, from + k, 10);
        if (isCallingCode(util, code)) {
          cc = code;
          ccLength = k;
        }
      }
      if (cc == 0) return plus ? FALLBACK : INVALID;
      ParseShape shape = ofCallingCode(cc);
      if (!shape.plain) return FALLBACK;
      return shape.validate(util, digits, from + ccLength, cc, num);
    }

    /** The decision for a candidate written without {@code +} in this shape's region; on {@link #VALID}, {@code num} holds the number. */
    int decideNational(PhoneNumberUtil util, String digits, Phonenumber.PhoneNumber num) {
      if (!plain) return FALLBACK;
      int m = digits.length();
      int iddEnd = iddDigits != null ? (digits.startsWith(iddDigits) ? iddDigits.length() : -1) : idd.lookingAtEnd(digits, 0);
      if (iddEnd >= 0 && (iddEnd == m || digits.charAt(iddEnd) != '0')) {
        // dialled with the international prefix (not when a 0 follows it): read as if written with +, but without its retry
        return decideInternational(util, digits, iddEnd, false, num);
      }
      int from = 0;
      ParseShape shape = this;
      if (digits.startsWith(countryCodeDigits)) {
        // the number may repeat the region's own country code without the +
        int stripped = stripNationalPrefix(digits, countryCodeDigits.length());
        if (stripped == FALLBACK) return FALLBACK;
        if (!matchesGeneral(digits, 0) && matchesGeneral(digits, stripped) || lengthResult(m) == TOO_LONG) {
          from = stripped;
          shape = ofCallingCode(countryCode);
          if (!shape.plain) return FALLBACK;
        }
      }
      return shape.validate(util, digits, from, countryCode, num);
    }

    /** From the national number {@code digits[from..]}: the national-prefix step, the length checks and libphonenumber's validity test. */
    private int validate(PhoneNumberUtil util, String digits, int from, int cc, Phonenumber.PhoneNumber num) {
      int m = digits.length();
      if (m - from < MIN_NSN) return INVALID;
      int stripped = stripNationalPrefix(digits, from);
      if (stripped == FALLBACK) return FALLBACK;
      if (stripped != from) {
        int r = lengthResult(m - stripped);
        if (r != TOO_SHORT && r != LOCAL_ONLY && r != INVALID_LENGTH) from = stripped;
      }
      int len = m - from;
      if (len < MIN_NSN || len > MAX_NSN) return INVALID;
      ParseShape code = cc == countryCode ? this : ofCallingCode(cc);
      if ((code.codeLengths & (1L << len)) == 0) return INVALID; // isValidNumber first requires a possible length of a region of the code
      num.clear();
      num.setCountryCode(cc).setNationalNumber(Long.parseLong(digits, from, m, 10));
      if (len > 1 && digits.charAt(from) == '0') {
        num.setItalianLeadingZero(true);
        int zeros = 1;
        while (zeros < len - 1 && digits.charAt(from + zeros) == '0') zeros++;
        if (zeros != 1) num.setNumberOfLeadingZeros(zeros);
      }
      return code.isValidNumber(util, num, digits, from) ? VALID : INVALID;
    }

    /**
     * libphonenumber's {@code isValidNumber} for {@code num}, whose national significant number is
     * {@code digits[from..]} and whose country code is this shape's: it picks the region of the number
     * among the regions sharing the code (a single region; else the first whose leading-digits pattern
     * matches, or, for a region without one, in which the number has a type), then requires that the
     * number has a type in that region ({@code isValidNumberForRegion}). Both steps are repeated here
     * from the same metadata with precompiled patterns ({@link NumberTypes}), instead of libphonenumber's
     * pattern cache, whose misses recompile patterns.
     */
    private boolean isValidNumber(PhoneNumberUtil util, Phonenumber.PhoneNumber num, String digits, int from) {
      for (int k = 0; k < sharingRegions.length; k++) {
        PatternMatcher leading = sharingLeadingDigits[k];
        if (leading != null) {
          if (leading.lookingAt(digits, from)) return valid(k, sharingTypes[k].hasType(digits, from));
        } else if (sharingTypes[k].hasType(digits, from)) {
          return valid(k, true);
        }
      }
      return false;
    }

    /** {@code valid}, recording region {@code k} as the thread's {@link #lastRegion} when it is true. */
    private boolean valid(int k, boolean valid) {
      if (valid) LAST_REGION.get()[0] = sharingRegions[k];
      return valid;
    }

    private static final ThreadLocal<String[]> LAST_REGION = ThreadLocal.withInitial(() -> new String[1]);

    /**
     * The region of the number of this thread's last {@link #VALID} decision: the region
     * libphonenumber's {@code getRegionCodeForNumber} gives for it (the same pick among the regions
     * sharing its country code, by leading digits or by number type), without repeating the pick.
     */
    static String lastRegion() {
      return LAST_REGION.get()[0];
    }

    /**
     * Where the national number {@code digits[from..]} starts after libphonenumber's national-prefix
     * step ({@code maybeStripNationalPrefixAndCarrierCode}): after the prefix, unless the number
     * fitted the general pattern with it and does not without it; {@link #FALLBACK} when the region's
     * transform rule would rewrite the digits (the national number is then not a suffix of them).
     */
    private int stripNationalPrefix(String digits, int from) {
      int m = digits.length();
      if (from == m || "".equals(prefixDigits)) return from;
      int end;
      if (prefixDigits != null) {
        if (!digits.startsWith(prefixDigits, from)) return from;
        if (transform) return FALLBACK; // the whole match is the last group
        end = from + prefixDigits.length();
      } else {
        end = prefix.lookingAtEnd(digits, from);
        if (end < 0) return from;
        if (transform && prefix.lastGroupMatched()) return FALLBACK;
      }
      if (matchesGeneral(digits, from) && !matchesGeneral(digits, end)) return from;
      return end;
    }

    private boolean matchesGeneral(String digits, int from) {
      return general != null && general.matches(digits, from);
    }

    private static final int POSSIBLE = 0;
    private static final int TOO_SHORT = 1;
    private static final int TOO_LONG = 2;
    private static final int LOCAL_ONLY = 3;
    private static final int INVALID_LENGTH = 4;

    /** libphonenumber's {@code testNumberLength} for the general description of this shape's metadata. */
    private int lengthResult(int len) {
      if (possibleLengths[0] == -1) return INVALID_LENGTH;
      for (int l : localOnlyLengths) if (l == len) return LOCAL_ONLY;
      int min = possibleLengths[0];
      if (min == len) return POSSIBLE;
      if (min > len) return TOO_SHORT;
      if (possibleLengths[possibleLengths.length - 1] < len) return TOO_LONG;
      for (int k = 1; k < possibleLengths.length; k++) if (possibleLengths[k] == len) return POSSIBLE;
      return INVALID_LENGTH;
    }

    @Override
    public String toString() {
      return "ParseShape[" + region + ", +" + countryCode + (plain ? "" : ", parsed") + "]";
    }
  }

  /**
   * libphonenumber's test whether a national significant number has a type in a region ({@code
   * getNumberTypeHelper(...) != UNKNOWN}): it matches the general description and one of the type
   * descriptions (premium rate, toll free, shared cost, VoIP, personal number, pager, UAN, voicemail,
   * fixed line, and mobile unless the region marks mobile and fixed-line patterns the same), a
   * description matching when the number's length is one of its possible lengths (any, when it lists
   * none) and its national-number pattern (never, when it has none) matches the whole number.
   * Immutable; thread-safe.
   */
  private static final class NumberTypes {
    private final Desc general;
    private final Desc[] types;

    NumberTypes(Phonemetadata.PhoneMetadata m) {
      this.general = new Desc(m.getGeneralDesc());
      List<Desc> t = new ArrayList<>();
      for (Phonemetadata.PhoneNumberDesc d : List.of(m.getPremiumRate(), m.getTollFree(), m.getSharedCost(), m.getVoip(),
          m.getPersonalNumber(), m.getPager(), m.getUan(), m.getVoicemail(), m.getFixedLine())) {
        t.add(new Desc(d));
      }
      if (!m.getSameMobileAndFixedLinePattern()) t.add(new Desc(m.getMobile()));
      this.types = t.toArray(new Desc[0]);
    }

    /** Whether the number {@code digits[from..]} has a type. */
    boolean hasType(String digits, int from) {
      int len = digits.length() - from;
      if (!general.matches(digits, from, len)) return false;
      for (Desc d : types) if (d.matches(digits, from, len)) return true;
      return false;
    }

    private static final class Desc {
      /** Bit {@code n}: {@code n} is a possible length; all bits when the description lists none. */
      private final long lengths;
      private final PatternMatcher pattern;

      Desc(Phonemetadata.PhoneNumberDesc d) {
        long bits = 0;
        for (int len : d.getPossibleLengthList()) if (len >= 0 && len < 64) bits |= 1L << len;
        this.lengths = d.getPossibleLengthCount() == 0 ? -1L : bits;
        String regex = d.getNationalNumberPattern();
        this.pattern = regex.isEmpty() ? null : PatternMatcher.withAutomaton(regex);
      }

      boolean matches(String digits, int from, int len) {
        return (lengths & (1L << len)) != 0 && pattern != null && pattern.matches(digits, from);
      }
    }
  }

  /**
   * A compiled metadata pattern with one reusable matcher per thread (libphonenumber compiles them
   * without flags too). The matchers of every pattern live in one per-thread array indexed by the
   * pattern's number, so a thread's {@link ThreadLocal} map holds one entry for all of them (one
   * entry per pattern made the map thousands of entries long, and every lookup in it a cache miss).
   * One made {@link #withAutomaton} answers {@link #matches} and {@link #lookingAt} with its {@link
   * DigitPattern} automaton, without a matcher, when the pattern compiles to one (every
   * national-number, leading-digits and international-prefix pattern of the metadata does; {@code
   * DigitPatternTest} checks them all against {@code java.util.regex}); {@link #lookingAtEnd} always
   * runs the regex.
   */
  private static final class PatternMatcher {
    private static final java.util.concurrent.atomic.AtomicInteger COUNT = new java.util.concurrent.atomic.AtomicInteger();
    private static final ThreadLocal<java.util.regex.Matcher[]> MATCHERS =
        ThreadLocal.withInitial(() -> new java.util.regex.Matcher[Math.max(64, COUNT.get())]);

    private final java.util.regex.Pattern pattern;
    private final int id;
    /** The automaton {@link #matches} and {@link #lookingAt} use, or null: {@code java.util.regex}. */
    private final DigitPattern digits;

    PatternMatcher(String regex) {
      this(regex, null);
    }

    private PatternMatcher(String regex, DigitPattern digits) {
      this.pattern = java.util.regex.Pattern.compile(regex);
      this.id = COUNT.getAndIncrement();
      this.digits = digits;
    }

    /** A matcher whose {@link #matches} and {@link #lookingAt} run a {@link DigitPattern} automaton when {@code regex} compiles to one. */
    static PatternMatcher withAutomaton(String regex) {
      return new PatternMatcher(regex, DigitPattern.compile(regex).orElse(null));
    }

    /** This thread's matcher over {@code s[from..]} (a region only when needed: setting one resets the matcher again). */
    private java.util.regex.Matcher at(String s, int from) {
      java.util.regex.Matcher m = matcher().reset(s);
      return from == 0 ? m : m.region(from, s.length());
    }

    private java.util.regex.Matcher matcher() {
      java.util.regex.Matcher[] all = MATCHERS.get();
      if (id >= all.length) {
        all = java.util.Arrays.copyOf(all, Math.max(id + 1, 2 * all.length));
        MATCHERS.set(all);
      }
      java.util.regex.Matcher m = all[id];
      if (m == null) {
        m = pattern.matcher("");
        all[id] = m;
      }
      return m;
    }

    /** Whether all of {@code s[from..]} matches, as {@code matches()} on that substring would. */
    boolean matches(String s, int from) {
      return digits != null ? digits.matches(s, from) : at(s, from).matches();
    }

    /** Whether a prefix of {@code s[from..]} matches, as {@code lookingAt()} on that substring would. */
    boolean lookingAt(String s, int from) {
      return digits != null ? digits.lookingAt(s, from) : lookingAtEnd(s, from) >= 0;
    }

    /** After a successful {@link #lookingAtEnd} (not {@link #lookingAt}) on this thread: whether the pattern's last group took part in the match. */
    boolean lastGroupMatched() {
      java.util.regex.Matcher m = matcher();
      return m.group(m.groupCount()) != null;
    }

    /** The end (in {@code s}) of the match of {@code lookingAt()} on {@code s[from..]}, or -1. */
    int lookingAtEnd(String s, int from) {
      java.util.regex.Matcher m = at(s, from);
      return m.lookingAt() ? m.end() : -1;
    }
  }

  /** The end of an extension ({@code x751}, {@code ext. 12}, {@code ext 12}) starting at {@code at}, or {@code at}. */
  private static int extensionEnd(String text, int at) {
    int n = text.length();
    int k = at;
    if (k < n && text.charAt(k) == ' ') k++;
    if (k < n && (text.charAt(k) == 'x' || text.charAt(k) == 'X')) {
      k++;
    } else if (text.regionMatches(true, k, "ext", 0, 3)) {
      k += 3;
      if (k < n && text.charAt(k) == '.') k++;
      if (k < n && text.charAt(k) == ' ') k++;
    } else {
      return at;
    }
    int d = k;
    while (d < n && d - k < 6 && text.charAt(d) >= '0' && text.charAt(d) <= '9') d++;
    return d > k && (d >= n || !isWordChar(text.charAt(d))) ? d : at;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
