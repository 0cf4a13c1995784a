package dev.veil.privacy.detect.eval;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.datafaker.Faker;
import net.datafaker.service.RandomService;
import org.apache.commons.validator.routines.IBANValidator;

/**
 * Generates labelled text in the Presidio-research format from Veil's own sentence templates
 * ({@code templates.txt} next to this class: chat, e-mails, forms, support tickets, medical notes,
 * narrative, addresses in nine countries' formats, logs, sentences without PII, and some with
 * characters outside the Basic Multilingual Plane), filled with Datafaker values and with
 * identifiers that pass their checksums. Test data for {@code veil pii eval}, tests and benchmarks.
 *
 * <p>Placeholders are {@code {{KEY}}} or {@code {{KEY@locale}}} (locales {@code us gb de fr es it
 * nl au ca in}). Keys and the gold entity type they are labelled with:
 *
 * <table>
 *   <caption>placeholders</caption>
 *   <tr><th>key</th><th>label</th><th>value</th></tr>
 *   <tr><td>PERSON, FIRST_NAME, LAST_NAME, CJK_NAME</td><td>PERSON</td><td>Datafaker names; CJK names with non-BMP characters</td></tr>
 *   <tr><td>PREFIX</td><td>TITLE</td><td>Mr., Mrs., Ms., Dr. ...</td></tr>
 *   <tr><td>CITY, COUNTRY, STATE</td><td>LOCATION</td><td>Datafaker places of the locale</td></tr>
 *   <tr><td>STATE_ABBR</td><td>STREET_ADDRESS</td><td>state or province code (an address part, as Presidio-research labels it)</td></tr>
 *   <tr><td>STREET</td><td>STREET_ADDRESS</td><td>house number and street in the locale's order</td></tr>
 *   <tr><td>UNIT</td><td>STREET_ADDRESS</td><td>apartment, suite, unit or flat number</td></tr>
 *   <tr><td>ZIP</td><td>ZIP_CODE</td><td>postcode of the locale</td></tr>
 *   <tr><td>ORG</td><td>ORGANIZATION</td><td>company names</td></tr>
 *   <tr><td>NATIONALITY</td><td>NRP</td><td>nationalities</td></tr>
 *   <tr><td>EMAIL</td><td>EMAIL_ADDRESS</td><td>Datafaker or name-based addresses</td></tr>
 *   <tr><td>PHONE (with locale), PHONE_ANY</td><td>PHONE_NUMBER</td><td>numbers valid under libphonenumber for US, GB, DE, FR, IN, AU; national or international format</td></tr>
 *   <tr><td>PHONE_FAKER (with locale)</td><td>PHONE_NUMBER</td><td>Datafaker's phone and cell numbers of the locale in its national format;
 *       PHONE_FAKER@us: North American styles ({@code (###) ###-####}, dots, {@code +1-}/{@code 001-}
 *       prefixes, {@code x} extensions) with random digits, so often outside assigned ranges</td></tr>
 *   <tr><td>CARD</td><td>CREDIT_CARD</td><td>Visa, Mastercard, Amex, Discover ranges, Luhn-valid; plain or grouped</td></tr>
 *   <tr><td>IBAN</td><td>IBAN_CODE</td><td>mod-97-valid IBANs of nine countries; compact or grouped by four</td></tr>
 *   <tr><td>SSN</td><td>US_SSN</td><td>area 001-899 except 666, group and serial non-zero</td></tr>
 *   <tr><td>IPV4, IPV6</td><td>IP_ADDRESS</td><td>public-looking IPv4, IPv6</td></tr>
 *   <tr><td>URL</td><td>URL</td><td>http(s) URLs with paths</td></tr>
 *   <tr><td>DOMAIN</td><td>DOMAIN_NAME</td><td>domain names</td></tr>
 *   <tr><td>DATE, DATETIME, DOB</td><td>DATE_TIME</td><td>dates in several formats</td></tr>
 *   <tr><td>MAC</td><td>MAC_ADDRESS</td><td>colon or dash form</td></tr>
 *   <tr><td>NHS, NINO, SIN, AADHAAR</td><td>UK_NHS, UK_NINO, CA_SIN, IN_AADHAAR</td><td>check-digit-valid</td></tr>
 *   <tr><td>NUMBER, AMOUNT, ORDER_ID, JOB, EMOJI, RARE_CJK</td><td>(none)</td><td>unlabelled filler and distractors</td></tr>
 * </table>
 *
 * <p>One record in twelve is written in lower case (chat style) except its identifiers (IBANs, codes
 * whose case is part of the format); labels are unchanged.
 *
 * <p>Text between {@code <<} and {@code >>} in a template is labelled as one STREET_ADDRESS span and
 * the placeholders inside it are not labelled on their own, as Presidio-research labels a whole
 * postal address (street, unit, city, state, postcode, country); templates that write each part
 * as its own field label each part.
 *
 * <p>Determinism: the same seed gives the same records (same Datafaker version). Uses
 * {@code java.util.Random} on purpose: this is test-data generation, not a privacy mechanism.
 * Not thread-safe; create one per thread.
 */
public final class LabelledTextGenerator {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z0-9_]+)(?:@([a-z]{2}))?}}");
  private static final List<String> TEMPLATES = loadTemplates();
  private static final Map<String, Locale> LOCALES = Map.of("us", Locale.US, "gb", Locale.UK, "de", Locale.GERMANY,
      "fr", Locale.FRANCE, "es", new Locale("es", "ES"), "it", Locale.ITALY, "nl", new Locale("nl", "NL"),
      "au", new Locale("en", "AU"), "ca", new Locale("en", "CA"), "in", new Locale("en", "IND"));
  private static final List<String> PHONE_REGIONS = List.of("US", "GB", "DE", "FR", "IN", "AU");
  private static final List<String> IBAN_COUNTRIES = List.of("DE", "GB", "FR", "ES", "IT", "NL", "BE", "CH", "AT");
  private static final List<String> EMOJI = List.of("😀", "👍", "🎉", "🙏", "📞", "🚀", "💳", "🏠", "😅", "🤔");
  private static final List<String> RARE_CJK = List.of("𠮷", "𡈽", "𩸽", "𠀋", "𪚲");
  private static final List<String> CJK_NAMES = List.of("𠮷田太郎", "𠮷野花子", "𩸽川一郎", "王𠀋明", "陈𪚲");
  private static final List<String> PREFIXES = List.of("Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Miss", "Prof.");
  private static final DateTimeFormatter[] DATE_FORMATS = {
    DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.ROOT), DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT),
    DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH), DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH),
    DateTimeFormatter.ofPattern("dd.MM.yyyy", Locale.ROOT), DateTimeFormatter.ofPattern("MMM d yyyy", Locale.ENGLISH)};
  private static final DateTimeFormatter[] DATETIME_FORMATS = {
    DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT), DateTimeFormatter.ofPattern("MMMM d, yyyy 'at' h:mm a", Locale.ENGLISH),
    DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", Locale.ROOT), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)};

  /** One record in this many is written all in lower case, as Presidio-research's data also has them. */
  private static final int LOWER_CASE_ONE_IN = 12;
  private static final java.util.Set<String> LOWER_CASED_TYPES = java.util.Set.of("PERSON", "LOCATION", "STREET_ADDRESS",
      "ORGANIZATION", "TITLE", "NRP", "DATE_TIME", "EMAIL_ADDRESS", "URL", "DOMAIN_NAME");

  private final Random random;
  private final Map<String, Faker> fakers = new HashMap<>();
  private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

  /** A generator whose output is determined by {@code seed}. */
  public LabelledTextGenerator(long seed) {
    this.random = new Random(seed);
    for (String key : new java.util.TreeSet<>(LOCALES.keySet())) {
      fakers.put(key, new Faker(LOCALES.get(key), new RandomService(new Random(random.nextLong()))));
    }
  }

  /** The number of built-in templates. */
  public static int templateCount() {
    return TEMPLATES.size();
  }

  /** The template with index {@code id} (for tests and documentation). */
  public static String template(int id) {
    return TEMPLATES.get(id);
  }

  /** A labelled text from a random template; see {@link #next(int)}. */
  public LabelledText next() {
    return next(random.nextInt(TEMPLATES.size()));
  }

  /** A labelled text from template {@code id}, every placeholder filled and labelled. */
  public LabelledText next(int id) {
    String template = TEMPLATES.get(id);
    StringBuilder sb = new StringBuilder();
    List<LabelledSpan> spans = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int at = 0;
    int group = -1;
    while (m.find()) {
      group = appendLiteral(sb, template, at, m.start(), spans, group);
      String key = m.group(1);
      String loc = m.group(2) == null ? "us" : m.group(2);
      String value = value(key, loc);
      String label = label(key);
      int start = sb.length();
      sb.append(value);
      if (label != null && group < 0) spans.add(new LabelledSpan(label, start, sb.length()));
      at = m.end();
    }
    group = appendLiteral(sb, template, at, template.length(), spans, group);
    if (group >= 0) throw new IllegalStateException("unclosed << in template " + id);
    spans.sort((a, b) -> Integer.compare(a.start(), b.start()));
    String text = sb.toString();
    if (random.nextInt(LOWER_CASE_ONE_IN) == 0) {
      // people type in lower case; the labels keep their offsets when lower-casing keeps the length
      // (identifiers, whose case is part of their format, are kept as written)
      String lower = text.toLowerCase(Locale.ROOT);
      if (lower.length() == text.length()) {
        StringBuilder lb = new StringBuilder(lower);
        for (LabelledSpan sp : spans) {
          if (!LOWER_CASED_TYPES.contains(sp.entityType())) lb.replace(sp.start(), sp.end(), text.substring(sp.start(), sp.end()));
        }
        text = lb.toString();
      }
    }
    return new LabelledText(text, spans);
  }

  /**
   * Appends template text, turning the {@code <<} and {@code >>} markers into one STREET_ADDRESS
   * span around what they enclose (the placeholders inside are not labelled on their own), as
   * Presidio-research labels a whole postal address. Returns the open group's start, or -1.
   */
  private static int appendLiteral(StringBuilder sb, String template, int from, int to, List<LabelledSpan> spans, int group) {
    int i = from;
    while (i < to) {
      int open = template.indexOf("<<", i);
      int close = template.indexOf(">>", i);
      int next = Math.min(open < 0 || open >= to ? to : open, close < 0 || close >= to ? to : close);
      sb.append(template, i, next);
      if (next >= to) break;
      if (next == open) {
        group = sb.length();
      } else {
        if (group < 0) throw new IllegalStateException(">> without << in template: " + template);
        spans.add(new LabelledSpan("STREET_ADDRESS", group, sb.length()));
        group = -1;
      }
      i = next + 2;
    }
    return group;
  }

  /**
   * Writes {@code records} random records to {@code file} in the Presidio-research format.
   *
   * @throws IllegalArgumentException when records is negative
   */
  public void write(Path file, long records) throws IOException {
    if (records < 0) throw new IllegalArgumentException("records must be >= 0. Provided value: " + records);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    try (OutputStream out = Files.newOutputStream(file); PresidioJson.Writer w = PresidioJson.writer(out)) {
      for (long i = 0; i < records; i++) {
        int id = random.nextInt(TEMPLATES.size());
        w.write(next(id), id);
      }
    }
  }

  /** The gold label of a placeholder key, or null for unlabelled filler. */
  static String label(String key) {
    return switch (key) {
      case "PERSON", "FIRST_NAME", "LAST_NAME", "CJK_NAME" -> "PERSON";
      case "PREFIX" -> "TITLE";
      case "CITY", "COUNTRY", "STATE" -> "LOCATION";
      case "STREET", "UNIT", "STATE_ABBR" -> "STREET_ADDRESS";
      case "ZIP" -> "ZIP_CODE";
      case "ORG" -> "ORGANIZATION";
      case "NATIONALITY" -> "NRP";
      case "EMAIL" -> "EMAIL_ADDRESS";
      case "PHONE", "PHONE_ANY", "PHONE_FAKER" -> "PHONE_NUMBER";
      case "CARD" -> "CREDIT_CARD";
      case "IBAN" -> "IBAN_CODE";
      case "SSN" -> "US_SSN";
      case "IPV4", "IPV6" -> "IP_ADDRESS";
      case "URL" -> "URL";
      case "DOMAIN" -> "DOMAIN_NAME";
      case "DATE", "DATETIME", "DOB" -> "DATE_TIME";
      case "MAC" -> "MAC_ADDRESS";
      case "NHS" -> "UK_NHS";
      case "NINO" -> "UK_NINO";
      case "SIN" -> "CA_SIN";
      case "AADHAAR" -> "IN_AADHAAR";
      case "NUMBER", "AMOUNT", "ORDER_ID", "JOB", "EMOJI", "RARE_CJK" -> null;
      default -> throw new IllegalStateException("unknown template placeholder: " + key);
    };
  }

  private String value(String key, String loc) {
    Faker f = fakers.get(loc);
    if (f == null) throw new IllegalStateException("unknown template locale: " + loc);
    Faker en = fakers.get("us");
    return switch (key) {
      case "PERSON" -> f.name().firstName() + " " + f.name().lastName();
      case "FIRST_NAME" -> f.name().firstName();
      case "LAST_NAME" -> f.name().lastName();
      case "CJK_NAME" -> pick(CJK_NAMES);
      case "PREFIX" -> pick(PREFIXES);
      case "CITY" -> f.address().cityName();
      case "COUNTRY" -> en.address().country();
      case "STATE" -> f.address().state();
      case "STATE_ABBR" -> f.address().stateAbbr();
      case "STREET" -> street(f, loc);
      case "UNIT" -> pick(List.of("Apt. ", "Apt ", "Suite ", "Unit ", "Flat ", "apt. ", "# ")) + (1 + random.nextInt(999));
      case "ZIP" -> f.address().zipCode();
      case "ORG" -> en.company().name();
      case "NATIONALITY" -> en.nation().nationality();
      case "EMAIL" -> email(en);
      case "PHONE" -> phone(loc.toUpperCase(Locale.ROOT), loc.equals("us") || loc.equals("gb"));
      case "PHONE_ANY" -> phone(pick(PHONE_REGIONS), false);
      case "PHONE_FAKER" -> loc.equals("us") || loc.equals("ca") && random.nextBoolean() ? nanpStyled()
          : random.nextInt(3) == 0 ? f.phoneNumber().cellPhone() : f.phoneNumber().phoneNumber();
      case "CARD" -> card();
      case "IBAN" -> iban(en);
      case "SSN" -> ssn();
      case "IPV4" -> ipv4();
      case "IPV6" -> en.internet().ipV6Address();
      case "URL" -> url(en);
      case "DOMAIN" -> en.internet().domainName();
      case "DATE" -> date(1990, 2026).format(DATE_FORMATS[random.nextInt(DATE_FORMATS.length)]);
      case "DOB" -> date(1935, 2008).format(DATE_FORMATS[random.nextInt(DATE_FORMATS.length)]);
      case "DATETIME" -> date(1995, 2026).atTime(random.nextInt(24), random.nextInt(60), random.nextInt(60))
          .format(DATETIME_FORMATS[random.nextInt(DATETIME_FORMATS.length)]);
      case "MAC" -> random.nextBoolean() ? en.internet().macAddress() : en.internet().macAddress().replace(':', '-').toUpperCase(Locale.ROOT);
      case "NHS" -> nhs();
      case "NINO" -> nino();
      case "SIN" -> sin();
      case "AADHAAR" -> aadhaar();
      case "NUMBER" -> Integer.toString(2 + random.nextInt(98));
      case "AMOUNT" -> String.format(Locale.ROOT, "%s%d.%02d", pick(List.of("$", "€", "£", "USD ")), 1 + random.nextInt(5000), random.nextInt(100));
      case "ORDER_ID" -> pick(List.of("ORD-", "TCK-", "#", "INV")) + (10000 + random.nextInt(90000));
      case "JOB" -> en.job().title();
      case "EMOJI" -> pick(EMOJI);
      case "RARE_CJK" -> pick(RARE_CJK);
      default -> throw new IllegalStateException("unknown template placeholder: " + key);
    };
  }

  private <T> T pick(List<T> xs) {
    return xs.get(random.nextInt(xs.size()));
  }

  private String street(Faker f, String loc) {
    String name = f.address().streetName();
    String number = Integer.toString(1 + random.nextInt(random.nextInt(10) == 0 ? 2000 : 200));
    String s = switch (loc) {
      case "de", "nl", "es", "it" -> name + " " + number;
      case "fr" -> number + " " + name;
      default -> number + " " + name;
    };
    if ((loc.equals("us") || loc.equals("ca") || loc.equals("au")) && random.nextInt(4) == 0) {
      s += pick(List.of(", Apt. ", " Suite ", " Unit ")) + (1 + random.nextInt(900));
    }
    return s;
  }

  private String email(Faker en) {
    if (random.nextBoolean()) return en.internet().emailAddress();
    String user = en.name().firstName().toLowerCase(Locale.ROOT) + pick(List.of(".", "_", "")) + en.name().lastName().toLowerCase(Locale.ROOT);
    user = java.text.Normalizer.normalize(user, java.text.Normalizer.Form.NFD).replaceAll("[^a-z0-9._]", "");
    if (user.isEmpty()) user = "user" + random.nextInt(1000);
    return user + "@" + en.internet().domainName();
  }

  private String url(Faker en) {
    String scheme = pick(List.of("https://", "http://", "https://www.", "http://www."));
    String path = pick(List.of("/", "", "/about", "/products/" + random.nextInt(10000), "/blog/2024/" + en.lorem().word(),
        "/search?q=" + en.lorem().word() + "&page=" + random.nextInt(20)));
    return scheme + en.internet().domainName() + path;
  }

  private LocalDate date(int fromYear, int toYear) {
    long from = LocalDate.of(fromYear, 1, 1).toEpochDay();
    long to = LocalDate.of(toYear, 1, 1).toEpochDay();
    return LocalDate.ofEpochDay(from + (long) (random.nextDouble() * (to - from)));
  }

  /** A number valid under libphonenumber for {@code region}, in national (when allowed) or international format. */
  String phone(String region, boolean nationalAllowed) {
    Phonenumber.PhoneNumber example = phones.getExampleNumberForType(region,
        random.nextBoolean() ? PhoneNumberUtil.PhoneNumberType.MOBILE : PhoneNumberUtil.PhoneNumberType.FIXED_LINE);
    if (example == null) example = phones.getExampleNumber(region);
    String nsn = phones.getNationalSignificantNumber(example);
    Phonenumber.PhoneNumber chosen = example;
    int keep = Math.min(3, nsn.length() - 4);
    for (int attempt = 0; attempt < 50; attempt++) {
      StringBuilder digits = new StringBuilder(nsn.substring(0, keep));
      while (digits.length() < nsn.length()) digits.append((char) ('0' + random.nextInt(10)));
      try {
        Phonenumber.PhoneNumber n = phones.parse(digits.toString(), region);
        if (phones.isValidNumberForRegion(n, region)) {
          chosen = n;
          break;
        }
      } catch (NumberParseException e) {
        // try other digits
      }
    }
    int style = random.nextInt(nationalAllowed ? 4 : 2);
    return switch (style) {
      case 0 -> phones.format(chosen, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
      case 1 -> random.nextInt(3) == 0 ? phones.format(chosen, PhoneNumberUtil.PhoneNumberFormat.E164)
          : phones.format(chosen, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
      default -> phones.format(chosen, PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
    };
  }

  private static final List<String> NANP_STYLES = List.of("###-###-####", "(###)###-####", "(###) ###-####", "###.###.####",
      "+1-###-###-####", "001-###-###-####", "+1 ### ### ####", "+1 (###) ###-####", "1-###-###-####", "### ### ####");

  /**
   * A North American number in one of the common written styles ({@code (###) ###-####}, dots,
   * {@code +1-} and {@code 001-} prefixes), one in four with an extension ({@code x123},
   * {@code ext. 12}): random digits with area code and exchange starting 2-9, so the area code is
   * often not an assigned one.
   */
  String nanpStyled() {
    String style = pick(NANP_STYLES);
    StringBuilder sb = new StringBuilder();
    int digit = 0;
    for (char c : style.toCharArray()) {
      if (c == '#') {
        sb.append((char) ('0' + (digit == 0 || digit == 3 ? 2 + random.nextInt(8) : random.nextInt(10))));
        digit++;
      } else {
        sb.append(c);
      }
    }
    int ext = random.nextInt(8);
    if (ext == 0) sb.append(" ext. ").append(1 + random.nextInt(999));
    else if (ext == 1) sb.append('x').append(digits(3 + random.nextInt(3)));
    return sb.toString();
  }

  private String digits(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) sb.append((char) ('0' + random.nextInt(10)));
    return sb.toString();
  }

  /** A Luhn-valid card number in a real issuer range, plain or grouped. */
  String card() {
    int kind = random.nextInt(5);
    String prefix;
    int length = 16;
    switch (kind) {
      case 0 -> prefix = "4";
      case 1 -> prefix = Integer.toString(51 + random.nextInt(5));
      case 2 -> prefix = Integer.toString(2221 + random.nextInt(500));
      case 3 -> {
        prefix = random.nextBoolean() ? "34" : "37";
        length = 15;
      }
      default -> prefix = "6011";
    }
    String payload = prefix + digits(length - 1 - prefix.length());
    String number = payload + luhnCheckDigit(payload);
    int style = random.nextInt(3);
    if (style == 0) return number;
    char sep = style == 1 ? ' ' : '-';
    if (length == 15) return number.substring(0, 4) + sep + number.substring(4, 10) + sep + number.substring(10);
    return number.substring(0, 4) + sep + number.substring(4, 8) + sep + number.substring(8, 12) + sep + number.substring(12);
  }

  static int luhnCheckDigit(String payload) {
    int sum = 0;
    boolean dbl = true;
    for (int i = payload.length() - 1; i >= 0; i--) {
      int d = payload.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      dbl = !dbl;
    }
    return (10 - sum % 10) % 10;
  }

  private String iban(Faker en) {
    String country = pick(IBAN_COUNTRIES);
    String iban = en.finance().iban(country).replace(" ", "");
    if (!IBANValidator.getInstance().isValid(iban)) {
      // recompute the check digits (ISO 13616 mod 97) so that the value is valid whatever Datafaker did
      String bban = iban.substring(4);
      String rearranged = bban + country + "00";
      StringBuilder num = new StringBuilder();
      for (char c : rearranged.toCharArray()) num.append(Character.isDigit(c) ? String.valueOf(c) : Integer.toString(c - 'A' + 10));
      int check = 98 - new BigInteger(num.toString()).mod(BigInteger.valueOf(97)).intValue();
      iban = country + String.format(Locale.ROOT, "%02d", check) + bban;
    }
    if (random.nextBoolean()) return iban;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < iban.length(); i += 4) {
      if (i > 0) sb.append(' ');
      sb.append(iban, i, Math.min(iban.length(), i + 4));
    }
    return sb.toString();
  }

  private String ssn() {
    int area;
    do {
      area = 1 + random.nextInt(899);
    } while (area == 666);
    int group = 1 + random.nextInt(99);
    int serial = 1 + random.nextInt(9999);
    String a = String.format(Locale.ROOT, "%03d", area);
    String g = String.format(Locale.ROOT, "%02d", group);
    String s = String.format(Locale.ROOT, "%04d", serial);
    int style = random.nextInt(10);
    return style < 7 ? a + "-" + g + "-" + s : style < 9 ? a + " " + g + " " + s : a + g + s;
  }

  private String ipv4() {
    int first;
    do {
      first = 1 + random.nextInt(223);
    } while (first == 10 || first == 127);
    return first + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }

  /** A UK NHS number: nine digits and a mod-11 check digit (never 10), as "### ### ####" or plain. */
  String nhs() {
    while (true) {
      String nine = (1 + random.nextInt(9)) + digits(8);
      int sum = 0;
      for (int i = 0; i < 9; i++) sum += (nine.charAt(i) - '0') * (10 - i);
      int check = 11 - sum % 11;
      if (check == 11) check = 0;
      if (check == 10) continue;
      String n = nine + check;
      return random.nextBoolean() ? n.substring(0, 3) + " " + n.substring(3, 6) + " " + n.substring(6) : n;
    }
  }

  private static final String NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ";
  private static final String NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ";

  /** A UK National Insurance number with an allowed prefix and suffix A-D. */
  String nino() {
    String prefix;
    do {
      prefix = "" + NINO_FIRST.charAt(random.nextInt(NINO_FIRST.length())) + NINO_SECOND.charAt(random.nextInt(NINO_SECOND.length()));
    } while (List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(prefix));
    String d = digits(6);
    char suffix = "ABCD".charAt(random.nextInt(4));
    return random.nextBoolean() ? prefix + " " + d.substring(0, 2) + " " + d.substring(2, 4) + " " + d.substring(4) + " " + suffix
        : prefix + d + suffix;
  }

  /** A Canadian SIN: first digit 1-7 or 9, Luhn-valid, grouped by three. */
  String sin() {
    String first = Integer.toString(pick(List.of(1, 2, 3, 4, 5, 6, 7, 9)));
    String payload = first + digits(7);
    String n = payload + luhnCheckDigit(payload);
    char sep = random.nextBoolean() ? ' ' : '-';
    return n.substring(0, 3) + sep + n.substring(3, 6) + sep + n.substring(6);
  }

  private static final int[][] VERHOEFF_D = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
    {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
    {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
    {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  private static final int[][] VERHOEFF_P = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
    {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
    {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  private static final int[] VERHOEFF_INV = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};

  static int verhoeffCheckDigit(String payload) {
    int c = 0;
    for (int i = 0; i < payload.length(); i++) {
      int digit = payload.charAt(payload.length() - 1 - i) - '0';
      c = VERHOEFF_D[c][VERHOEFF_P[(i + 1) % 8][digit]];
    }
    return VERHOEFF_INV[c];
  }

  /** An Aadhaar number: first digit 2-9, Verhoeff check digit, as "#### #### ####". */
  String aadhaar() {
    String payload = (2 + random.nextInt(8)) + digits(10);
    String n = payload + verhoeffCheckDigit(payload);
    return n.substring(0, 4) + " " + n.substring(4, 8) + " " + n.substring(8);
  }

  private static List<String> loadTemplates() {
    try (InputStream in = LabelledTextGenerator.class.getResourceAsStream("templates.txt")) {
      if (in == null) throw new IllegalStateException("templates.txt missing from the classpath");
      List<String> out = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isBlank() || line.startsWith("#")) continue;
          out.add(line.replace("\\n", "\n"));
        }
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
