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

  private static boolean isPhoneSeparator(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '\u00A0' || c >= '\u2010' && c <= '\u2015';
  }

  /**
   * Finds numbers in one pass: each maximal run of digits and phone punctuation (spaces, dashes,
   * dots, parentheses, slashes; an optional leading {@code +}) that starts at a word boundary and
   * holds {@link #MIN_DIGITS} (with a leading {@code +}; otherwise the default regions' shortest full
   * national number) to 17 digits is a candidate, trimmed of trailing punctuation, and
   * libphonenumber validates it ({@code parse} in each default region, then {@code isValidNumber}:
   * the region's numbering plan), scoring 1.0; a number written in groups (not a bare digit run)
   * and valid only in one of {@link #OTHER_REGIONS}' national formats scores 0.6 (the country is a
   * guess); a number in the North American layout whose area code libphonenumber does not know
   * scores 0.55-0.6 ({@link #nanpLayout}). Runs shaped like an IPv4 address or a date and time are
   * skipped ({@link #notAPhone}). An extension after the number ({@code x751}, {@code ext. 12}) is
   * part of the span. This replaces libphonenumber's own text matcher, whose regular
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
    while (i < n) {
      char c = text.charAt(i);
      boolean starts = c == '+' || c == '(' || isPhoneDigit(c);
      if (!starts || i > 0 && isWordChar(text.charAt(i - 1))) {
        i++;
        continue;
      }
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
        Span found = null;
        if (notAPhone(text, candidate, spanEnd)) {
          found = null;
        } else {
          if (plus || digits >= nationalMinDigits) {
            found = valid(util, candidate, regions, i, spanEnd, 1.0, "valid number for default region ");
          }
          if (found == null && !plus && digits >= 7 && !dateShaped(candidate) && grouped(candidate) && !ssnShaped(candidate)) {
            // written in another country's national format: valid there, but the region is a guess (context raises it);
            // a bare run of digits (481195160) is as likely an SSN, licence or account number, so it must be grouped
            found = valid(util, candidate, OTHER_REGIONS, i, spanEnd, 0.6, "valid national number for region ");
          }
          if (found == null) {
            double layout = nanpLayout(candidate);
            if (layout > 0) {
              found = new Span(entity(), i, spanEnd, layout, id(), "North American number layout (area code not checked)");
            }
          }
          if (found == null && !plus && digits >= 7 && digits <= 13 && grouped(candidate) && !dateShaped(candidate)
              && phoneGroups(candidate)) {
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
    String[] g = c.split("[-./ ]", -1);
    if (g.length != 3) return false;
    for (String x : g) {
      if (x.isEmpty() || !x.chars().allMatch(ch -> ch >= '0' && ch <= '9')) return false;
    }
    int a = g[0].length();
    int b = g[1].length();
    int d = g[2].length();
    return a == 4 && b <= 2 && d <= 2 || a <= 2 && b <= 2 && d == 4;
  }

  /**
   * Whether a digit run that may pass a numbering plan is written as something else: an IPv4
   * address (four dot-separated groups of 1-3 digits), or a date followed by a time (the run
   * starts with a date-shaped group, or a {@code :} and a digit follow it: {@code 2024-01-31 12:30}).
   */
  static boolean notAPhone(String text, String candidate, int end) {
    String[] dots = candidate.split("\\.", -1);
    if (dots.length == 4) {
      boolean ip = true;
      for (String g : dots) ip &= !g.isEmpty() && g.length() <= 3 && g.chars().allMatch(ch -> ch >= '0' && ch <= '9');
      if (ip) return true;
    }
    if (end + 1 < text.length() && text.charAt(end) == ':' && Character.isDigit(text.charAt(end + 1))) return true;
    int sp = candidate.indexOf(' ');
    return sp > 0 && dateShaped(candidate.substring(0, sp));
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
    String[] g = c.replace("(", " ").replace(")", " ").trim().split("[-. /\u00a0]+");
    if (g.length < 2 || g.length > 5) return false;
    boolean allFour = true;
    for (String x : g) {
      if (x.length() < 2 || x.length() > 5 || !x.chars().allMatch(ch -> ch >= '0' && ch <= '9')) return false;
      allFour &= x.length() == 4;
    }
    if (allFour) return false;
    return !(g.length == 3 && g[0].length() == 3 && g[1].length() == 2 && g[2].length() == 4);
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

  private Span valid(PhoneNumberUtil util, String candidate, List<String> tryRegions, int start, int end, double score, String why) {
    String digits = null;
    for (String region : tryRegions) {
      if (candidate.indexOf('+') < 0) {
        if (digits == null) digits = asciiDigits(candidate);
        if (RegionShape.of(region).cannotBeValid(digits)) continue; // same answer as parse + isValidNumber, without them
      }
      try {
        Phonenumber.PhoneNumber num = util.parse(candidate, region);
        if (util.isValidNumber(num)) {
          String r = candidate.startsWith("+") || candidate.startsWith("(+") ? util.getRegionCodeForNumber(num) : region;
          return new Span(entity(), start, end, score, id(), "libphonenumber: " + why + r);
        }
      } catch (NumberParseException e) {
        // not a number in this region; try the next
      }
      if (candidate.startsWith("+") || candidate.startsWith("(+")) break;
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
    private final java.util.regex.Pattern internationalPrefix;
    private final int strip;
    private final boolean[] nsnLength = new boolean[18];
    /** The general-description national-number patterns of the regions sharing the country code. */
    private final List<java.util.regex.Pattern> generalPatterns = new ArrayList<>();

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
        generalPatterns.add(java.util.regex.Pattern.compile(rm.getGeneralDesc().getNationalNumberPattern()));
        for (int len : rm.getGeneralDesc().getPossibleLengthList()) {
          if (len >= 0 && len < nsnLength.length) nsnLength[len] = true;
          else always = true;
        }
      }
      this.alwaysParse = always;
      this.internationalPrefix = always ? null : java.util.regex.Pattern.compile(m.getInternationalPrefix());
      this.strip = String.valueOf(cc).length() + 2 * npfp.length();
    }

    static RegionShape of(String region) {
      return CACHE.computeIfAbsent(region, RegionShape::new);
    }

    /** Whether a candidate with these (ASCII) digits, written without {@code +}, cannot be a valid number in the region. */
    boolean cannotBeValid(String digits) {
      if (alwaysParse) return false;
      int m = digits.length();
      if (internationalPrefix.matcher(digits).lookingAt()) return false;
      for (int len = Math.max(0, m - strip); len <= Math.min(m, nsnLength.length - 1); len++) {
        if (!nsnLength[len]) continue;
        String nsn = digits.substring(m - len);
        for (java.util.regex.Pattern p : generalPatterns) {
          if (p.matcher(nsn).matches()) return false;
        }
      }
      return true;
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
