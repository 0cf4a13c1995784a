package dev.veil.pipelines.generate;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import net.datafaker.Faker;
import net.datafaker.service.RandomService;

/**
 * Writes a deterministic synthetic customer/churn training set as one UTF-8 CSV file, for the
 * {@code veil generate} and {@code veil demo} commands and the generation benchmark.
 *
 * <p>Contract of {@link #generate}:
 * <ul>
 *   <li>Format: comma-delimited, a header line ({@link #COLUMNS}, in order) then exactly {@code rows}
 *       data records, each ending with {@code '\n'} (never {@code "\r\n"}). RFC 4180 quoting: a field
 *       holding a comma, double quote, CR or LF is wrapped in double quotes with inner quotes doubled;
 *       other fields are written bare. Well-formed records never hold CR or LF inside a field, so a
 *       file can be read line by line.</li>
 *   <li>Determinism: the same {@code (rows, seed)} gives a byte-identical file on every run and
 *       machine (given the same Datafaker and libphonenumber versions). Nothing depends on the clock,
 *       the default locale or {@link Math#random()}; all values come from Datafaker seeded with
 *       {@code seed} (value pools, built once per run) and a {@link SplittableRandom} seeded with
 *       {@code seed} (per-row choices).</li>
 *   <li>Values: {@code customer_id} is {@code "C"} plus the 1-based record number, zero-padded to 7
 *       digits (unique, sequential); emails pass commons-validator's {@code EmailValidator}; phones
 *       (column and inside notes) are valid US numbers per libphonenumber, in the formats
 *       {@code (415) 555-2671}, {@code 415-555-2671} and {@code +1 415 555 2671}; {@code national_id}
 *       is a well-formed SSN {@code ddd-dd-dddd} (area not 000, 666 or 9xx; group not 00; serial not
 *       0000); {@code card_number} is a Luhn-valid 16-digit Visa or Mastercard number, plain or in
 *       four space-separated groups; {@code birth_date} is ISO {@code yyyy-MM-dd} and {@code age} is
 *       the age in whole years on {@link #REFERENCE_DATE} (18-90); {@code signup_ts} is an ISO-8601
 *       UTC instant with seconds ({@code 2023-04-05T10:11:12Z}); {@code notes} is one sentence of 8 to
 *       25 words, about 40% of which hold an email address or phone number; {@code churned} is
 *       {@code "0"} or {@code "1"} (about 20% ones), more likely for short tenure and few purchases.</li>
 *   <li>Malformed records: about {@link #MALFORMED_RATE} of the records (chosen from the seed) are
 *       deliberately broken in exactly one way each, one of {@link #MALFORMED_KINDS}; when
 *       {@code rows >= 10} each kind occurs at least once (at fixed positions). They are counted in
 *       {@link Result#malformedByKind()} and included in {@code rows}. See the {@code KIND_*}
 *       constants for what each looks like.</li>
 *   <li>Progress: {@code progress} receives the number of records written so far after every 10,000
 *       records and once at the end (with {@code rows}); it may be {@code null}.</li>
 * </ul>
 *
 * <p>Privacy: every value is synthetic. The people, emails, phone numbers, SSNs and card numbers
 * only look real (they pass format validators) so that detection and masking stages have work to
 * do; do not use them to contact anyone.
 *
 * <p>Thread-safety: {@link #generate} keeps all state on the stack and may run concurrently for
 * different output files.
 */
public final class SyntheticDataGenerator {

  /** The header, in order. */
  public static final List<String> COLUMNS = List.of(
      "customer_id", "full_name", "email", "phone", "national_id", "card_number", "street_address", "city",
      "zip", "birth_date", "signup_ts", "notes", "age", "income", "tenure_months", "num_purchases",
      "avg_basket", "country", "churned");

  /** A record with one field missing or one extra (empty or duplicated) field. */
  public static final String KIND_WRONG_FIELD_COUNT = "wrong_field_count";
  /** A well-formed record whose {@code age}, {@code income} or {@code tenure_months} holds text such as {@code forty-two}. */
  public static final String KIND_UNPARSABLE_NUMBER = "unparsable_number";
  /** A record whose {@code full_name} or {@code notes} holds raw bytes that are not valid UTF-8 (e.g. {@code C3 28}, a lone {@code FF}). */
  public static final String KIND_INVALID_UTF8 = "invalid_utf8";
  /** A well-formed record whose quoted {@code notes} field is longer than {@link #OVERSIZED_MIN_CHARS} characters (one line). */
  public static final String KIND_OVERSIZED_FIELD = "oversized_field";
  /** A record in which a field opens a double quote that is never closed; the line still ends with {@code '\n'}. */
  public static final String KIND_UNTERMINATED_QUOTE = "unterminated_quote";
  /** All malformed kinds, in the order {@link Result#malformedByKind()} lists them. */
  public static final List<String> MALFORMED_KINDS = List.of(
      KIND_WRONG_FIELD_COUNT, KIND_UNPARSABLE_NUMBER, KIND_INVALID_UTF8, KIND_OVERSIZED_FIELD, KIND_UNTERMINATED_QUOTE);

  /** Share of records chosen at random to be malformed (the fixed positions come on top). */
  public static final double MALFORMED_RATE = 0.005;
  /** An oversized {@code notes} field is strictly longer than this many characters. */
  public static final int OVERSIZED_MIN_CHARS = 70_000;
  /** The day ages are computed on; fixed so that output does not depend on the clock. */
  public static final LocalDate REFERENCE_DATE = LocalDate.of(2025, 1, 1);

  /** Progress is reported after every this many records. */
  static final int PROGRESS_EVERY = 10_000;
  /** Below this many rows no kind is forced. */
  static final int MIN_ROWS_FOR_FORCED_KINDS = 10;

  // Relative frequency of each kind among the randomly chosen malformed rows (MALFORMED_KINDS order).
  // Oversized rows are rarer because each adds ~70 KB to the file.
  private static final double[] KIND_WEIGHTS = {0.25, 0.25, 0.20, 0.10, 0.20};

  private static final int COL_FULL_NAME = 1;
  private static final int COL_STREET = 6;
  private static final int COL_NOTES = 11;
  private static final int COL_AGE = 12;
  private static final int COL_INCOME = 13;
  private static final int COL_TENURE = 14;

  private SyntheticDataGenerator() {}

  /**
   * The outcome of one {@link #generate} call.
   *
   * @param file the file written
   * @param rows data records written (excluding the header, including malformed ones)
   * @param malformedRows records deliberately malformed; equals the sum of {@code malformedByKind}
   * @param malformedByKind count per kind, with every key of {@link #MALFORMED_KINDS} present (possibly
   *     zero), in that order; unmodifiable
   */
  public record Result(Path file, long rows, long malformedRows, Map<String, Long> malformedByKind) {
    /** Copies {@code malformedByKind} into an unmodifiable, order-preserving map. */
    public Result {
      Objects.requireNonNull(file, "file");
      malformedByKind = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(malformedByKind, "malformedByKind")));
    }
  }

  /**
   * Writes {@code rows} synthetic records (plus a header) to {@code outFile}, replacing it if it exists
   * and creating missing parent directories. See the class documentation for the format.
   *
   * @param outFile the CSV file to write
   * @param rows number of data records, {@code >= 0}
   * @param seed the seed; equal seeds give byte-identical files
   * @param progress receives the number of records written so far; may be {@code null}
   * @return what was written
   * @throws IllegalArgumentException if {@code rows < 0}
   * @throws IOException if the file cannot be written (a partial file may remain)
   */
  public static Result generate(Path outFile, long rows, long seed, LongConsumer progress) throws IOException {
    Objects.requireNonNull(outFile, "outFile");
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, got " + rows);
    }
    LongConsumer report = progress == null ? n -> { } : progress;
    Path parent = outFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }

    Pools pools = Pools.build(seed);
    RowFactory factory = new RowFactory(pools, new SplittableRandom(seed));
    // A separate stream decides which rows are malformed and how, so that the choice does not shift
    // the values of the other rows.
    SplittableRandom malformedRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
    long[] forcedPositions = forcedPositions(rows);
    long[] kindCounts = new long[MALFORMED_KINDS.size()];
    long malformed = 0;

    try (CsvSink sink = new CsvSink(Files.newOutputStream(outFile))) {
      sink.writeRecord(COLUMNS.toArray(new String[0]));
      for (long i = 0; i < rows; i++) {
        String[] row = factory.next(i + 1);
        int kind = malformedKind(i, forcedPositions, malformedRandom);
        if (kind < 0) {
          sink.writeRecord(row);
        } else {
          writeMalformed(sink, kind, row, pools, malformedRandom);
          kindCounts[kind]++;
          malformed++;
        }
        if ((i + 1) % PROGRESS_EVERY == 0 && i + 1 < rows) {
          report.accept(i + 1);
        }
      }
    }
    report.accept(rows);

    Map<String, Long> byKind = new LinkedHashMap<>();
    for (int k = 0; k < kindCounts.length; k++) {
      byKind.put(MALFORMED_KINDS.get(k), kindCounts[k]);
    }
    return new Result(outFile, rows, malformed, byKind);
  }

  /** Row indexes (0-based) that always get kind {@code k}: spread evenly, or none for tiny files. */
  static long[] forcedPositions(long rows) {
    int kinds = MALFORMED_KINDS.size();
    if (rows < MIN_ROWS_FOR_FORCED_KINDS) {
      return new long[0];
    }
    long[] positions = new long[kinds];
    for (int k = 0; k < kinds; k++) {
      positions[k] = (k + 1) * rows / (kinds + 1);
    }
    return positions;
  }

  private static int malformedKind(long index, long[] forcedPositions, SplittableRandom random) {
    // Always draw, so the stream stays aligned with the row index.
    double u = random.nextDouble();
    for (int k = 0; k < forcedPositions.length; k++) {
      if (forcedPositions[k] == index) {
        return k;
      }
    }
    if (u >= MALFORMED_RATE) {
      return -1;
    }
    double w = random.nextDouble();
    for (int k = 0; k < KIND_WEIGHTS.length; k++) {
      w -= KIND_WEIGHTS[k];
      if (w < 0) {
        return k;
      }
    }
    return KIND_WEIGHTS.length - 1;
  }

  private static final String[] BAD_NUMBERS = {
      "forty-two", "12,5x", "n/a", "N/A", "unknown", "4O", "1.2.3", "$52,000", "~30", "none", "12 months", "-"};

  private static void writeMalformed(CsvSink sink, int kind, String[] row, Pools pools, SplittableRandom random)
      throws IOException {
    switch (MALFORMED_KINDS.get(kind)) {
      case KIND_WRONG_FIELD_COUNT -> {
        List<String> fields = new ArrayList<>(List.of(row));
        if (random.nextBoolean()) {
          fields.remove(1 + random.nextInt(fields.size() - 1));
        } else {
          int at = 1 + random.nextInt(fields.size());
          fields.add(at, random.nextBoolean() ? "" : fields.get(at - 1));
        }
        sink.writeRecord(fields.toArray(new String[0]));
      }
      case KIND_UNPARSABLE_NUMBER -> {
        int column = switch (random.nextInt(3)) {
          case 0 -> COL_AGE;
          case 1 -> COL_INCOME;
          default -> COL_TENURE;
        };
        row[column] = BAD_NUMBERS[random.nextInt(BAD_NUMBERS.length)];
        sink.writeRecord(row);
      }
      case KIND_INVALID_UTF8 -> {
        int column = random.nextBoolean() ? COL_FULL_NAME : COL_NOTES;
        String value = row[column];
        int at = random.nextInt(value.length() + 1);
        char marker = (char) (CsvSink.RAW_MARKER_BASE + random.nextInt(CsvSink.RAW_SEQUENCES.length));
        row[column] = value.substring(0, at) + marker + value.substring(at);
        sink.writeRecord(row);
      }
      case KIND_OVERSIZED_FIELD -> {
        int target = OVERSIZED_MIN_CHARS + 1 + random.nextInt(5_000);
        StringBuilder notes = new StringBuilder(target + 200);
        while (notes.length() < target) {
          if (notes.length() > 0) {
            notes.append(' ');
          }
          notes.append(pools.plainSentence(random));
        }
        row[COL_NOTES] = notes.toString();
        sink.writeRecord(row);
      }
      case KIND_UNTERMINATED_QUOTE -> {
        int column = switch (random.nextInt(3)) {
          case 0 -> COL_FULL_NAME;
          case 1 -> COL_STREET;
          default -> COL_NOTES;
        };
        sink.writeUnterminated(row, column);
      }
      default -> throw new IllegalStateException("unknown kind " + kind);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Value pools, drawn once per run from Datafaker.

  /** Words in a string, counted as whitespace-separated tokens. */
  static int wordCount(String s) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < s.length(); i++) {
      boolean space = Character.isWhitespace(s.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }

  private static final String[] MONTHS = {
      "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
      "November", "December"};

  // {P} = the phone slot, {E} = the email slot; the other placeholders are filled when the pool is built.
  private static final String[] PHONE_PATTERNS = {
      "Customer asked to be called back at {P} about the refund for the {product}",
      "Left a voicemail at {P}, no answer yet regarding the {product} order",
      "Please use {P} for delivery questions since the old number is disconnected",
      "Spoke with {first} at {P} who confirmed the shipping address in {city}",
      "Caller gave alternate number {P} and asked us not to text after 9pm",
      "Spouse can be reached at {P} if the account holder is unavailable this week",
      "Escalated to billing; follow up by phone at {P} within {n} business days",
      "Customer mentioned {first} from {company} may call from {P} to verify the order",
      "Reached the customer on {P} and explained the return policy for the {product}",
  };
  private static final String[] EMAIL_PATTERNS = {
      "Customer wants the receipt for the {product} sent to {E} instead of the old address",
      "Please email {E} with the updated invoice before the end of {month}",
      "Account holder asked us to copy {E} on all future correspondence about billing",
      "Refund confirmation for the {product} was sent to {E} on request",
      "Customer says {first} at {E} handles purchasing for {company} now",
      "Message bounced, verify whether {E} is still the right contact for this account",
      "Unsubscribe request received from {E} and processed within {n} days",
      "Sent the tracking link for the {product} to {E} after the call ended",
  };
  private static final String[] PLAIN_PATTERNS = {
      "Customer reported that the {product} arrived damaged and requested a replacement",
      "Asked about loyalty points after moving to {city} last {month}",
      "Complained about late delivery of the {product}, offered a {n} percent discount",
      "Satisfied with the service and plans to order another {product} next month",
      "Requested to close the account due to pricing, retention offer was declined",
      "Card was declined twice at checkout; customer will try a different payment method",
      "Store manager in {city} confirmed the {product} is back in stock",
      "Customer said \"the {product} stopped working\" after only {n} days of use",
      "No issues reported, routine follow-up call about the {company} partnership",
      "Wants to know if the warranty on the {product} covers accidental damage",
      "Delivery address updated to the new apartment in {city}, verified by support",
      "Promo code from {company} did not apply at checkout, issued a manual credit",
      "Customer is comparing our prices with {company} and may cancel in {month}",
      "Chat transcript attached; {first} asked how to reset the online account password",
  };

  /** A notes sentence with at most one PII slot: {@code prefix + slot + suffix}. */
  private record Template(String prefix, String suffix) {}

  /** Everything drawn from Datafaker, built once per run; combining is done with a fast PRNG. */
  private static final class Pools {
    static final int FIRST_NAMES = 2_000;
    static final int LAST_NAMES = 2_000;
    static final int STREETS = 1_000;
    static final int CITIES = 500;
    static final int TEMPLATES = 300;
    static final int MIN_TEMPLATE_WORDS = 8;
    // A phone slot may expand to 4 words ("+1 415 555 2671"), so templates stay at or below 22.
    static final int MAX_TEMPLATE_WORDS = 22;

    final String[] firstNames;
    final String[] lastNames;
    final String[] streets;
    final String[] cities;
    final Template[] phoneTemplates;
    final Template[] emailTemplates;
    final String[] plainSentences;

    private Pools(String[] firstNames, String[] lastNames, String[] streets, String[] cities,
        Template[] phoneTemplates, Template[] emailTemplates, String[] plainSentences) {
      this.firstNames = firstNames;
      this.lastNames = lastNames;
      this.streets = streets;
      this.cities = cities;
      this.phoneTemplates = phoneTemplates;
      this.emailTemplates = emailTemplates;
      this.plainSentences = plainSentences;
    }

    static Pools build(long seed) {
      Faker faker = new Faker(Locale.US, new RandomService(new Random(seed)));
      String[] first = new String[FIRST_NAMES];
      for (int i = 0; i < first.length; i++) {
        first[i] = clean(faker.name().firstName());
      }
      String[] last = new String[LAST_NAMES];
      for (int i = 0; i < last.length; i++) {
        last[i] = clean(faker.name().lastName());
      }
      String[] streets = new String[STREETS];
      for (int i = 0; i < streets.length; i++) {
        streets[i] = clean(faker.address().streetName());
      }
      String[] cities = new String[CITIES];
      for (int i = 0; i < cities.length; i++) {
        cities[i] = clean(faker.address().cityName());
      }
      // 30% phone, 30% email, 40% plain templates.
      int phones = TEMPLATES * 3 / 10;
      int emails = TEMPLATES * 3 / 10;
      Template[] phoneTemplates = new Template[phones];
      for (int i = 0; i < phones; i++) {
        phoneTemplates[i] = template(faker, PHONE_PATTERNS[i % PHONE_PATTERNS.length], "{P}");
      }
      Template[] emailTemplates = new Template[emails];
      for (int i = 0; i < emails; i++) {
        emailTemplates[i] = template(faker, EMAIL_PATTERNS[i % EMAIL_PATTERNS.length], "{E}");
      }
      String[] plain = new String[TEMPLATES - phones - emails];
      for (int i = 0; i < plain.length; i++) {
        plain[i] = template(faker, PLAIN_PATTERNS[i % PLAIN_PATTERNS.length], null).prefix();
      }
      return new Pools(first, last, streets, cities, phoneTemplates, emailTemplates, plain);
    }

    String plainSentence(SplittableRandom random) {
      return plainSentences[random.nextInt(plainSentences.length)];
    }

    /** Fills a pattern's placeholders from Datafaker, retrying fills that make it too long. */
    private static Template template(Faker faker, String pattern, String slot) {
      String filled = null;
      for (int attempt = 0; attempt < 50; attempt++) {
        filled = fill(faker, pattern);
        int words = wordCount(filled);
        if (words >= MIN_TEMPLATE_WORDS && words <= MAX_TEMPLATE_WORDS) {
          break;
        }
      }
      int words = wordCount(filled);
      if (words < MIN_TEMPLATE_WORDS || words > MAX_TEMPLATE_WORDS) {
        throw new IllegalStateException("pattern does not fit " + MIN_TEMPLATE_WORDS + "-" + MAX_TEMPLATE_WORDS
            + " words: " + pattern);
      }
      if (slot == null) {
        return new Template(filled, "");
      }
      int at = filled.indexOf(slot);
      return new Template(filled.substring(0, at), filled.substring(at + slot.length()));
    }

    private static String fill(Faker faker, String pattern) {
      String s = pattern;
      // Fill in a fixed order so the seeded Faker is consumed identically on every run.
      while (s.contains("{product}")) {
        s = replaceOnce(s, "{product}", clean(faker.commerce().productName()).toLowerCase(Locale.ROOT));
      }
      while (s.contains("{first}")) {
        s = replaceOnce(s, "{first}", clean(faker.name().firstName()));
      }
      while (s.contains("{city}")) {
        s = replaceOnce(s, "{city}", clean(faker.address().cityName()));
      }
      while (s.contains("{company}")) {
        s = replaceOnce(s, "{company}", clean(faker.company().name()));
      }
      while (s.contains("{month}")) {
        s = replaceOnce(s, "{month}", MONTHS[faker.random().nextInt(MONTHS.length)]);
      }
      while (s.contains("{n}")) {
        s = replaceOnce(s, "{n}", Integer.toString(faker.random().nextInt(2, 30)));
      }
      return s;
    }

    private static String replaceOnce(String s, String placeholder, String value) {
      int at = s.indexOf(placeholder);
      return s.substring(0, at) + value + s.substring(at + placeholder.length());
    }

    /** Strips CR/LF, the raw-byte markers and surrounding whitespace from a Datafaker value. */
    private static String clean(String s) {
      StringBuilder b = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\r' || c == '\n' || c == '\t') {
          b.append(' ');
        } else if (c >= CsvSink.RAW_MARKER_BASE && c < CsvSink.RAW_MARKER_BASE + CsvSink.RAW_SEQUENCES.length) {
          continue;
        } else {
          b.append(c);
        }
      }
      return b.toString().trim().replaceAll(" {2,}", " ");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Per-row values.

  private static final int[] AREA_CODES = {
      201, 202, 206, 212, 213, 214, 303, 305, 310, 312, 313, 404, 415, 503, 512, 602, 608, 612, 617, 702,
      704, 713, 718, 732, 773, 801, 804, 813, 858, 917, 919, 949};

  private static final String[] EMAIL_DOMAINS = {
      "gmail.com", "gmail.com", "gmail.com", "gmail.com", "yahoo.com", "yahoo.com", "outlook.com", "outlook.com",
      "hotmail.com", "icloud.com", "aol.com", "proton.me", "comcast.net", "example.org", "example.com",
      "example.net"};

  private static final String[] OTHER_COUNTRIES = {"CA", "GB", "MX", "DE", "FR", "IN", "AU", "BR", "JP", "NL", "IE", "ES"};

  private static final long SIGNUP_FROM = LocalDate.of(2015, 1, 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  private static final long SIGNUP_TO = LocalDate.of(2025, 1, 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  // Birth dates give ages 18..90 on REFERENCE_DATE.
  private static final long BIRTH_FROM = REFERENCE_DATE.minusYears(91).plusDays(1).toEpochDay();
  private static final long BIRTH_TO = REFERENCE_DATE.minusYears(18).toEpochDay();

  /** Builds the field values of well-formed records; all randomness comes from one {@link SplittableRandom}. */
  private static final class RowFactory {
    private final Pools pools;
    private final SplittableRandom random;
    private final PhoneNumberUtil phoneUtil = PhoneNumberUtil.getInstance();
    private final PhoneNumber scratch = new PhoneNumber();
    private final char[] digits = new char[32];

    RowFactory(Pools pools, SplittableRandom random) {
      this.pools = pools;
      this.random = random;
    }

    String[] next(long number) {
      SplittableRandom r = random;
      String first = pools.firstNames[r.nextInt(pools.firstNames.length)];
      String last = pools.lastNames[r.nextInt(pools.lastNames.length)];
      String fullName = r.nextInt(10) == 0
          ? first + " " + (char) ('A' + r.nextInt(26)) + ". " + last
          : first + " " + last;
      String email = email(first, last);
      long phoneDigits = phone();
      String phone = formatPhone(phoneDigits);

      String ssn = ssn();
      String card = card();
      String street = (1 + r.nextInt(r.nextInt(5) == 0 ? 99_999 : 9_999)) + " "
          + pools.streets[r.nextInt(pools.streets.length)]
          + (r.nextInt(8) == 0 ? " Apt " + (1 + r.nextInt(40)) + (char) ('A' + r.nextInt(6)) : "");
      String city = pools.cities[r.nextInt(pools.cities.length)];
      String zip = pad(1_001 + r.nextInt(99_950 - 1_001), 5);

      LocalDate birth = LocalDate.ofEpochDay(r.nextLong(BIRTH_FROM, BIRTH_TO + 1));
      int age = Period.between(birth, REFERENCE_DATE).getYears();
      String signup = Instant.ofEpochSecond(r.nextLong(SIGNUP_FROM, SIGNUP_TO)).toString();

      String notes = notes(email, phoneDigits);

      int tenure = r.nextInt(4) == 0 ? r.nextInt(13) : (int) Math.min(240, -Math.log(1 - r.nextDouble()) * 48);
      double activity = Math.exp(0.6 * r.nextGaussian());
      int purchases = (int) Math.round(tenure / 12.0 * 6 * activity) + r.nextInt(4);
      long basketCents = Math.round(Math.exp(3.8 + 0.5 * r.nextGaussian()) * 100);
      long incomeCents = Math.max(1_200_000L, Math.min(50_000_000L, Math.round(Math.exp(10.85 + 0.45 * r.nextGaussian()) * 100)));
      String country = r.nextInt(100) < 85 ? "US" : OTHER_COUNTRIES[r.nextInt(OTHER_COUNTRIES.length)];

      // Learnable churn: short tenure, few purchases, young age and small baskets raise the odds.
      double logit = -0.3 - 0.035 * tenure - 0.06 * purchases + (age < 30 ? 0.6 : 0.0)
          + (basketCents < 2_500 ? 0.4 : 0.0) + (incomeCents > 10_000_000L ? -0.3 : 0.0);
      boolean churned = r.nextDouble() < 1.0 / (1.0 + Math.exp(-logit));

      return new String[] {
          "C" + pad(number, 7), fullName, email, phone, ssn, card, street, city, zip, birth.toString(), signup,
          notes, Integer.toString(age), cents(incomeCents), Integer.toString(tenure), Integer.toString(purchases),
          cents(basketCents), country, churned ? "1" : "0"};
    }

    private String email(String first, String last) {
      SplittableRandom r = random;
      String f = localPart(first);
      String l = localPart(last);
      String local = switch (r.nextInt(7)) {
        case 0, 1 -> f + "." + l;
        case 2 -> f + l;
        case 3 -> f.charAt(0) + l;
        case 4 -> f + "_" + l;
        case 5 -> f + "." + l + (10 + r.nextInt(90));
        default -> f.charAt(0) + l + (100 + r.nextInt(900));
      };
      return local + "@" + EMAIL_DOMAINS[r.nextInt(EMAIL_DOMAINS.length)];
    }

    private static String localPart(String name) {
      StringBuilder b = new StringBuilder(name.length());
      for (int i = 0; i < name.length(); i++) {
        char c = Character.toLowerCase(name.charAt(i));
        if (c >= 'a' && c <= 'z') {
          b.append(c);
        }
      }
      return b.length() == 0 ? "user" : b.toString();
    }

    /** A 10-digit national number that libphonenumber accepts as a valid US number. */
    private long phone() {
      for (int attempt = 0; attempt < 1_000; attempt++) {
        int area = AREA_CODES[random.nextInt(AREA_CODES.length)];
        int exchange = 200 + random.nextInt(800);
        int line = random.nextInt(10_000);
        if (exchange % 100 == 11) {
          continue; // N11 service codes
        }
        long national = area * 10_000_000L + exchange * 10_000L + line;
        scratch.clear();
        scratch.setCountryCode(1).setNationalNumber(national);
        if (phoneUtil.isValidNumber(scratch)) {
          return national;
        }
      }
      throw new IllegalStateException("no valid US phone number found; libphonenumber metadata changed?");
    }

    private String formatPhone(long national) {
      String area = Long.toString(national / 10_000_000L);
      String exchange = Long.toString(national / 10_000L % 1_000L);
      String line = pad(national % 10_000L, 4);
      int style = random.nextInt(10);
      if (style < 5) {
        return "(" + area + ") " + exchange + "-" + line;
      } else if (style < 8) {
        return area + "-" + exchange + "-" + line;
      }
      return "+1 " + area + " " + exchange + " " + line;
    }

    private String ssn() {
      int area;
      do {
        area = 1 + random.nextInt(899);
      } while (area == 666);
      int group = 1 + random.nextInt(99);
      int serial = 1 + random.nextInt(9_999);
      return pad(area, 3) + "-" + pad(group, 2) + "-" + pad(serial, 4);
    }

    private String card() {
      int[] d = new int[16];
      int prefixLength;
      int kind = random.nextInt(3);
      if (kind == 0 || kind == 1) { // Visa
        d[0] = 4;
        prefixLength = 1;
      } else if (random.nextBoolean()) { // Mastercard 51-55
        d[0] = 5;
        d[1] = 1 + random.nextInt(5);
        prefixLength = 2;
      } else { // Mastercard 2221-2720
        int p = 2_221 + random.nextInt(500);
        d[0] = p / 1000;
        d[1] = p / 100 % 10;
        d[2] = p / 10 % 10;
        d[3] = p % 10;
        prefixLength = 4;
      }
      for (int i = prefixLength; i < 15; i++) {
        d[i] = random.nextInt(10);
      }
      // Luhn: double every second digit from the right, counting the check digit as position 1.
      int sum = 0;
      for (int i = 14; i >= 0; i--) {
        int v = d[i];
        if ((14 - i) % 2 == 0) {
          v *= 2;
          if (v > 9) {
            v -= 9;
          }
        }
        sum += v;
      }
      d[15] = (10 - sum % 10) % 10;
      boolean grouped = random.nextBoolean();
      int n = 0;
      for (int i = 0; i < 16; i++) {
        if (grouped && i > 0 && i % 4 == 0) {
          digits[n++] = ' ';
        }
        digits[n++] = (char) ('0' + d[i]);
      }
      return new String(digits, 0, n);
    }

    private String notes(String ownEmail, long ownPhone) {
      SplittableRandom r = random;
      int roll = r.nextInt(100);
      if (roll < 20) {
        Template t = pools.phoneTemplates[r.nextInt(pools.phoneTemplates.length)];
        // Someone else's number 40% of the time.
        long number = r.nextInt(10) < 6 ? ownPhone : phone();
        return t.prefix() + formatPhone(number) + t.suffix();
      } else if (roll < 40) {
        Template t = pools.emailTemplates[r.nextInt(pools.emailTemplates.length)];
        String email = r.nextInt(10) < 6
            ? ownEmail
            : email(pools.firstNames[r.nextInt(pools.firstNames.length)], pools.lastNames[r.nextInt(pools.lastNames.length)]);
        return t.prefix() + email + t.suffix();
      }
      return pools.plainSentence(r);
    }

    private static String cents(long cents) {
      return (cents / 100) + "." + pad(cents % 100, 2);
    }
  }

  /** Zero-pads a non-negative number to at least {@code width} digits. */
  static String pad(long value, int width) {
    String s = Long.toString(value);
    if (s.length() >= width) {
      return s;
    }
    StringBuilder b = new StringBuilder(width);
    for (int i = s.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(s).toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Output.

  /**
   * Encodes records as UTF-8 CSV into a byte buffer. Characters {@code RAW_MARKER_BASE + i} are not
   * encoded but replaced by the raw (invalid UTF-8) bytes {@code RAW_SEQUENCES[i]}.
   */
  private static final class CsvSink implements AutoCloseable {
    static final char RAW_MARKER_BASE = '\uE000';
    static final byte[][] RAW_SEQUENCES = {
        {(byte) 0xC3, (byte) 0x28}, // 2-byte lead followed by a non-continuation byte
        {(byte) 0xFF},               // never valid in UTF-8
        {(byte) 0x80},               // lone continuation byte
        {(byte) 0xC0, (byte) 0xAF},  // overlong encoding of '/'
    };

    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int position;

    CsvSink(OutputStream out) {
      this.out = out;
    }

    void writeRecord(String[] fields) throws IOException {
      for (int i = 0; i < fields.length; i++) {
        if (i > 0) {
          put((byte) ',');
        }
        writeField(fields[i]);
      }
      put((byte) '\n');
    }

    /**
     * Writes a record whose field {@code column} opens a quote that is never closed: that field and
     * every later one are written bare with their double quotes removed, so nothing closes it.
     */
    void writeUnterminated(String[] fields, int column) throws IOException {
      for (int i = 0; i < fields.length; i++) {
        if (i > 0) {
          put((byte) ',');
        }
        if (i < column) {
          writeField(fields[i]);
        } else {
          if (i == column) {
            put((byte) '"');
          }
          encode(fields[i].replace("\"", ""), false);
        }
      }
      put((byte) '\n');
    }

    private void writeField(String value) throws IOException {
      boolean quote = false;
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == ',' || c == '"' || c == '\n' || c == '\r') {
          quote = true;
          break;
        }
      }
      if (quote) {
        put((byte) '"');
        encode(value, true);
        put((byte) '"');
      } else {
        encode(value, false);
      }
    }

    private void encode(String s, boolean doubleQuotes) throws IOException {
      int n = s.length();
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          put((byte) c);
          if (c == '"' && doubleQuotes) {
            put((byte) '"');
          }
        } else if (c < 0x800) {
          put((byte) (0xC0 | (c >> 6)));
          put((byte) (0x80 | (c & 0x3F)));
        } else if (c >= RAW_MARKER_BASE && c < RAW_MARKER_BASE + RAW_SEQUENCES.length) {
          for (byte b : RAW_SEQUENCES[c - RAW_MARKER_BASE]) {
            put(b);
          }
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          put((byte) (0xF0 | (cp >> 18)));
          put((byte) (0x80 | ((cp >> 12) & 0x3F)));
          put((byte) (0x80 | ((cp >> 6) & 0x3F)));
          put((byte) (0x80 | (cp & 0x3F)));
        } else if (Character.isSurrogate(c)) {
          put((byte) '?'); // unpaired surrogate: not encodable
        } else {
          put((byte) (0xE0 | (c >> 12)));
          put((byte) (0x80 | ((c >> 6) & 0x3F)));
          put((byte) (0x80 | (c & 0x3F)));
        }
      }
    }

    private void put(byte b) throws IOException {
      if (position == buffer.length) {
        out.write(buffer, 0, position);
        position = 0;
      }
      buffer[position++] = b;
    }

    @Override
    public void close() throws IOException {
      try (OutputStream o = out) {
        o.write(buffer, 0, position);
        position = 0;
      }
    }
  }
}
