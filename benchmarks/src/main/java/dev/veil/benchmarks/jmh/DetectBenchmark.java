package dev.veil.benchmarks.jmh;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Analyzer;
import dev.veil.privacy.detect.Span;
import dev.veil.privacy.detect.eval.LabelledTextGenerator;
import dev.veil.privacy.detect.eval.PiiEvaluation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-threaded throughput of PII span detection over free text: Veil's {@link Analyzer} with every
 * built-in recognizer on ({@link PiiEvaluation#defaultAnalyzer}, the analyzer of {@code veil pii
 * eval}) against a naive baseline measured in the same run: one {@code java.util.regex} pattern per
 * entity type the analyzer covers (Presidio-style shapes, written for this benchmark, no
 * validation, no context), each run separately over every text.
 *
 * <p>The corpus is exactly 1,000,000 UTF-8 bytes (10^6, one "MB") of sentences from
 * {@link LabelledTextGenerator} with seed 42 (the last text is padded with spaces to the exact size);
 * every text is analyzed on its own, as the values of a free-text column are. One operation
 * processes the whole corpus, so the score in operations per second is MB/s per core.
 * {@link JmhRunner} prints the ratio Veil / baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class DetectBenchmark {
  /** Corpus size in UTF-8 bytes; one benchmark operation analyzes all of it. */
  static final int CORPUS_BYTES = 1_000_000;

  /** Presidio-style naive patterns by entity type: shapes only, no checksum, no context. */
  static final Map<String, String> BASELINE_PATTERNS = new LinkedHashMap<>();

  static {
    Map<String, String> p = BASELINE_PATTERNS;
    p.put("EMAIL_ADDRESS", "\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b");
    p.put("PHONE_NUMBER", "(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,5}[ .-]?\\d{2,4}[ .-]?\\d{2,4}(?:[ .-]?\\d{2,4})?");
    p.put("CREDIT_CARD", "\\b(?:4\\d{3}|5[1-5]\\d{2}|2[2-7]\\d{2}|6011|3[47]\\d{2})[ -]?\\d{4,6}[ -]?\\d{4,5}(?:[ -]?\\d{1,4})?\\b");
    p.put("US_SSN", "\\b\\d{3}[- .]?\\d{2}[- .]?\\d{4}\\b");
    p.put("IBAN_CODE", "\\b[A-Z]{2}\\d{2} ?(?:[A-Z0-9]{4} ?){2,7}[A-Z0-9]{1,4}\\b");
    p.put("IP_ADDRESS", "\\b(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\b"
        + "|\\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\\b|\\b(?:[0-9A-Fa-f]{1,4}:){1,7}:(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}\\b");
    p.put("UK_NHS", "\\b\\d{3}[- ]?\\d{3}[- ]?\\d{4}\\b");
    p.put("IN_AADHAAR", "\\b[2-9]\\d{3}[- ]?\\d{4}[- ]?\\d{4}\\b");
    p.put("CA_SIN", "\\b\\d{3}[- ]?\\d{3}[- ]?\\d{3}\\b");
    p.put("UK_NINO", "\\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]\\b");
    p.put("MAC_ADDRESS", "\\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\\b");
    p.put("URL", "\\bhttps?://[^\\s<>\"]+|\\bwww\\.[^\\s<>\"]+");
    p.put("DOMAIN_NAME", "(?i)\\b(?:[a-z0-9-]+\\.)+(?:com|org|net|io|info|biz|name|co|uk|de|fr|es|it|nl|us|ca|au|in)\\b");
    p.put("DATE_TIME", "\\b\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{2,4}(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2})?)?\\b"
        + "|\\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.? \\d{1,2},? \\d{4}\\b"
        + "|\\b\\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \\d{4}\\b");
    p.put("PERSON", "\\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\\b");
    p.put("LOCATION", "\\b(?:in|at|from|to|near) [A-Z][a-z]+(?: [A-Z][a-z]+)*\\b");
    p.put("GPE", "\\b(?:in|at|from|to|near) [A-Z][a-z]+(?: [A-Z][a-z]+)*\\b");
    p.put("ORGANIZATION", "\\b[A-Z][A-Za-z&-]+(?:,? [A-Z][A-Za-z&-]+)*,? (?:Inc|LLC|Ltd|GmbH|Group|Corp|PLC|and Sons)\\b");
    p.put("STREET_ADDRESS", "\\b\\d{1,5} [A-Z][a-z]+(?: [A-Z][a-z]+)* (?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct)\\b");
    p.put("ZIP_CODE", "\\b\\d{5}(?:-\\d{4})?\\b");
    p.put("TITLE", "\\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\\.?(?= [A-Z])");
    p.put("AGE", "\\b\\d{1,3} ?(?:years? old|year-old|y/o|yo)\\b");
    p.put("NRP", "\\b(?:American|British|German|French|Spanish|Italian|Indian|Chinese|Japanese|Mexican|Canadian|Australian|Dutch|Irish)\\b");
    p.put("US_DRIVER_LICENSE", "\\b[A-Z]\\d{7,12}\\b");
    p.put("US_PASSPORT", "\\b[A-Z]?\\d{8,9}\\b");
    p.put("US_ITIN", "\\b9\\d{2}[- ]?(?:5\\d|6[0-5]|7\\d|8[0-8]|9[0-2]|9[4-9])[- ]?\\d{4}\\b");
    p.put("US_BANK_NUMBER", "\\b\\d{8,17}\\b");
    p.put("IN_PAN", "\\b[A-Z]{5}\\d{4}[A-Z]\\b");
    p.put("ES_NIF", "\\b\\d{8}-?[A-Z]\\b");
    p.put("ES_NIE", "\\b[XYZ]-?\\d{7}-?[A-Z]\\b");
    p.put("IT_FISCAL_CODE", "\\b[A-Z]{6}\\d{2}[A-EHLMPR-T]\\d{2}[A-Z]\\d{3}[A-Z]\\b");
    p.put("DE_TAX_ID", "\\b\\d{2} ?\\d{3} ?\\d{3} ?\\d{3}\\b");
    p.put("SG_NRIC_FIN", "\\b[STFGM]\\d{7}[A-Z]\\b");
    p.put("AU_TFN", "\\b\\d{3} ?\\d{3} ?\\d{3}\\b");
    p.put("AU_ABN", "\\b\\d{2} ?\\d{3} ?\\d{3} ?\\d{3}\\b");
    p.put("CRYPTO", "\\b(?:bc1[a-z0-9]{25,39}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|0x[a-fA-F0-9]{40})\\b");
    p.put("AWS_ACCESS_KEY", "\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b");
    p.put("GITHUB_TOKEN", "\\bgh[pousr]_[A-Za-z0-9]{36}\\b");
    p.put("SLACK_TOKEN", "\\bxox[abposr]-[A-Za-z0-9-]{10,}\\b");
    p.put("JWT", "\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    p.put("PRIVATE_KEY", "-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----");
    p.put("MEDICAL_LICENSE", "\\b[A-Z]{2}\\d{7}\\b");
  }

  List<String> texts;
  Analyzer analyzer;
  List<Pattern> baseline;

  @Setup(Level.Trial)
  public void setup() {
    texts = corpus(CORPUS_BYTES, 42);
    analyzer = PiiEvaluation.defaultAnalyzer(List.of("US"));
    baseline = new ArrayList<>();
    TreeSet<String> missing = new TreeSet<>();
    for (PiiClass e : analyzer.entities()) {
      String regex = BASELINE_PATTERNS.get(e.name());
      if (regex == null) {
        missing.add(e.name());
      } else {
        baseline.add(Pattern.compile(regex));
      }
    }
    System.out.println("DetectBenchmark: " + texts.size() + " texts, " + CORPUS_BYTES + " UTF-8 bytes; analyzer entities "
        + new TreeSet<>(analyzer.entities().stream().map(PiiClass::name).toList()) + "; baseline patterns " + baseline.size()
        + (missing.isEmpty() ? "" : "; no baseline pattern for " + missing));
  }

  /** Generated sentences totalling exactly {@code bytes} UTF-8 bytes. */
  static List<String> corpus(int bytes, long seed) {
    LabelledTextGenerator g = new LabelledTextGenerator(seed);
    return fill(bytes, k -> g.next().text());
  }

  /**
   * Texts {@code next.apply(0)}, {@code next.apply(1)}, ... while they fit in {@code bytes} UTF-8
   * bytes, then one text of spaces making the total exactly {@code bytes}.
   */
  private static List<String> fill(int bytes, java.util.function.IntFunction<String> next) {
    List<String> out = new ArrayList<>();
    int total = 0;
    while (true) {
      String t = next.apply(out.size());
      int n = t.getBytes(StandardCharsets.UTF_8).length;
      if (total + n > bytes) break;
      out.add(t);
      total += n;
    }
    if (total < bytes) out.add(" ".repeat(bytes - total));
    return out;
  }

  /**
   * Exactly {@code bytes} UTF-8 bytes of ordinary prose without generated PII (quotations may name
   * people and places: Mr. Dent, Kansas): quotations and filler from Datafaker's providers
   * (Shakespeare, the Hitchhiker's Guide, Yoda, film quotes, famous last words, lorem ipsum), one
   * provider after another, seeded. Not a target corpus: it shows what detection costs on text
   * without PII, next to the PII-dense {@link #corpus}.
   */
  static List<String> proseCorpus(int bytes, long seed) {
    net.datafaker.Faker f = new net.datafaker.Faker(new java.util.Random(seed));
    return fill(bytes, k -> prose(f, k));
  }

  private static String prose(net.datafaker.Faker f, int k) {
    return switch (k % 6) {
      case 0 -> f.shakespeare().hamletQuote();
      case 1 -> f.hitchhikersGuideToTheGalaxy().quote();
      case 2 -> f.lorem().sentence(12);
      case 3 -> f.yoda().quote();
      case 4 -> f.movie().quote();
      default -> f.famousLastWords().lastWords();
    };
  }

  /**
   * Exactly {@code bytes} UTF-8 bytes mixing the two: after every generated sentence of
   * {@link #corpus} (seed {@code seed}), {@code proseEach} sentences of {@link #proseCorpus}'s prose,
   * so one text in {@code proseEach + 1} holds generated personal data, as in a free-text column of
   * notes or tickets.
   */
  static List<String> mixedCorpus(int bytes, long seed, int proseEach) {
    LabelledTextGenerator g = new LabelledTextGenerator(seed);
    net.datafaker.Faker f = new net.datafaker.Faker(new java.util.Random(seed));
    int[] prose = {0};
    return fill(bytes, k -> k % (proseEach + 1) == 0 ? g.next().text() : prose(f, prose[0]++));
  }

  /** Veil's analyzer, all built-in recognizers, one text at a time; one operation = 10^6 bytes. */
  @Benchmark
  public long veilAnalyze() {
    long n = 0;
    for (String t : texts) {
      List<Span> spans = analyzer.analyze(t);
      n += spans.size();
    }
    return n;
  }

  /** Naive baseline: each entity's regular expression run separately over each text; one operation = 10^6 bytes. */
  @Benchmark
  public long baselineRegexPerEntity() {
    long n = 0;
    for (String t : texts) {
      for (Pattern p : baseline) {
        Matcher m = p.matcher(t);
        while (m.find()) n++;
      }
    }
    return n;
  }
}
