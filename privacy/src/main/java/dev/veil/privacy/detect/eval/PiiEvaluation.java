package dev.veil.privacy.detect.eval;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Analyzer;
import dev.veil.privacy.detect.AnalyzerConfig;
import dev.veil.privacy.detect.Recognizers;
import dev.veil.privacy.detect.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Span-level evaluation of an {@link Analyzer} against labelled text in the Presidio-research
 * format ({@link PresidioJson}), as run by {@code veil pii eval}.
 *
 * <p>Rules (documented in {@code docs/pii-detection.md}):
 *
 * <ul>
 *   <li>Gold and predicted types are mapped to canonical names by an {@link EntityMapping}
 *       ({@link EntityMapping#defaults()} unless set).
 *   <li>Spans are matched one-to-one by {@link SpanMatcher}: same canonical type and IoU of the
 *       character ranges (in code points, like the format) at least {@code minIou} (0.5).
 *   <li>By default, as presidio-research does, only the entity types that occur in the gold set
 *       are scored: predictions of other types are counted separately and reported as ignored
 *       ({@link EvaluationReport#ignoredPredictions()}). They are still produced, so they can
 *       still win an overlap conflict inside the analyzer against a correct span, which then
 *       counts as missed, as it would in production. {@link #withAllTypes(boolean)} counts them as
 *       false positives of their own type (support 0).
 *   <li>Throughput is the UTF-8 size of {@code full_text} over the wall time measured around
 *       {@link Analyzer#analyze} only (reading and matching excluded). The analyzer is called once
 *       on a short fixed text before timing, so that lazy initialization is not counted.
 * </ul>
 *
 * <p>Immutable and thread-safe; an {@link Accumulator} is not thread-safe. Reports hold counts
 * only, never text.
 */
public final class PiiEvaluation {
  /** The default least IoU for a match. */
  public static final double DEFAULT_MIN_IOU = 0.5;

  private final Analyzer analyzer;
  private final EntityMapping mapping;
  private final double minIou;
  private final boolean allTypes;

  private PiiEvaluation(Analyzer analyzer, EntityMapping mapping, double minIou, boolean allTypes) {
    if (analyzer == null) throw new IllegalArgumentException("analyzer must not be null");
    if (mapping == null) throw new IllegalArgumentException("mapping must not be null");
    if (!(minIou > 0 && minIou <= 1)) {
      throw new IllegalArgumentException("minIou must be > 0 and <= 1. Provided value: " + minIou);
    }
    this.analyzer = analyzer;
    this.mapping = mapping;
    this.minIou = minIou;
    this.allTypes = allTypes;
  }

  /**
   * The analyzer {@code veil pii eval} and the detection benchmark use: every built-in recognizer
   * ({@link Recognizers#SUPPORTED}) with the default {@link AnalyzerConfig}. The one place to change
   * when the built-in set changes.
   *
   * @param regions default regions for phone numbers written without a country code
   */
  public static Analyzer defaultAnalyzer(List<String> regions) {
    return new Analyzer(Recognizers.forEntities(Recognizers.SUPPORTED, regions), AnalyzerConfig.defaults());
  }

  /** An evaluation of {@code analyzer} with the default mapping, IoU 0.5 and only gold types scored. */
  public static PiiEvaluation of(Analyzer analyzer) {
    return new PiiEvaluation(analyzer, EntityMapping.defaults(), DEFAULT_MIN_IOU, false);
  }

  public PiiEvaluation withMapping(EntityMapping m) {
    return new PiiEvaluation(analyzer, m, minIou, allTypes);
  }

  /** @param iou the least IoU for a match, in (0, 1] */
  public PiiEvaluation withMinIou(double iou) {
    return new PiiEvaluation(analyzer, mapping, iou, allTypes);
  }

  /** Whether predictions of types absent from the gold set count as false positives. */
  public PiiEvaluation withAllTypes(boolean all) {
    return new PiiEvaluation(analyzer, mapping, minIou, all);
  }

  public Analyzer analyzer() {
    return analyzer;
  }

  public EntityMapping mapping() {
    return mapping;
  }

  public double minIou() {
    return minIou;
  }

  public boolean allTypes() {
    return allTypes;
  }

  /** Evaluates every record of {@code file}, streaming. */
  public EvaluationReport evaluate(Path file) {
    Accumulator acc = accumulator();
    PresidioJson.Summary summary = PresidioJson.read(file, acc::add);
    return acc.report(summary);
  }

  /** Evaluates {@code records} held in memory. */
  public EvaluationReport evaluate(List<LabelledText> records) {
    Accumulator acc = accumulator();
    records.forEach(acc::add);
    return acc.report(null);
  }

  /** A fresh accumulator; the analyzer is warmed up once on a fixed text. */
  public Accumulator accumulator() {
    analyzer.analyze("Warm-up: call +1 212 555 0100 or mail a@example.com, card 4111 1111 1111 1111, 192.0.2.1.");
    return new Accumulator();
  }

  /** Counts of one evaluation in progress; add records, then take the report. Not thread-safe. */
  public final class Accumulator {
    private final Map<String, long[]> counts = new HashMap<>();
    private final Set<String> goldTypes = new TreeSet<>();
    private long records;
    private long bytes;
    private long nanos;

    private Accumulator() {}

    /** Analyzes {@code record}'s text and adds its matches to the counts. */
    public void add(LabelledText record) {
      String text = record.text();
      long t0 = System.nanoTime();
      List<Span> predicted = analyzer.analyze(text);
      nanos += System.nanoTime() - t0;
      records++;
      bytes += utf8Length(text);
      add(text, record.spans(), predicted);
    }

    /** Adds the matches of {@code predicted} against {@code gold} in {@code text} (UTF-16 offsets). */
    public void add(String text, List<LabelledSpan> gold, List<Span> predicted) {
      boolean bmp = text.chars().noneMatch(c -> Character.isSurrogate((char) c));
      List<SpanMatcher.Typed> g = new ArrayList<>(gold.size());
      for (LabelledSpan s : gold) {
        String type = mapping.canonical(s.entityType());
        goldTypes.add(type);
        g.add(new SpanMatcher.Typed(type, cp(text, s.start(), bmp), cp(text, s.end(), bmp)));
      }
      List<SpanMatcher.Typed> p = new ArrayList<>(predicted.size());
      for (Span s : predicted) {
        p.add(new SpanMatcher.Typed(mapping.canonical(s.entity().name()), cp(text, s.start(), bmp), cp(text, s.end(), bmp)));
      }
      boolean[] gm = new boolean[g.size()];
      boolean[] pm = new boolean[p.size()];
      for (SpanMatcher.Pair pair : SpanMatcher.match(g, p, minIou)) {
        gm[pair.gold()] = true;
        pm[pair.predicted()] = true;
        counts.computeIfAbsent(g.get(pair.gold()).type(), k -> new long[3])[0]++;
      }
      for (int i = 0; i < g.size(); i++) {
        if (!gm[i]) counts.computeIfAbsent(g.get(i).type(), k -> new long[3])[2]++;
      }
      for (int i = 0; i < p.size(); i++) {
        if (!pm[i]) counts.computeIfAbsent(p.get(i).type(), k -> new long[3])[1]++;
      }
    }

    /** The report over everything added so far. */
    public EvaluationReport report(PresidioJson.Summary input) {
      Map<String, Metrics> per = new TreeMap<>();
      Map<String, Long> ignored = new TreeMap<>();
      Metrics overall = new Metrics(0, 0, 0);
      for (Map.Entry<String, long[]> e : counts.entrySet()) {
        long[] c = e.getValue();
        if (!allTypes && !goldTypes.contains(e.getKey())) {
          ignored.put(e.getKey(), c[1]);
          continue;
        }
        Metrics m = new Metrics(c[0], c[1], c[2]);
        per.put(e.getKey(), m);
        overall = overall.plus(m);
      }
      Set<String> covered = new TreeSet<>();
      for (PiiClass e : analyzer.entities()) covered.add(mapping.canonical(e.name()));
      Set<String> without = new TreeSet<>(goldTypes);
      without.removeAll(covered);
      return new EvaluationReport(overall, per, records, bytes, nanos, ignored, without, input);
    }
  }

  private static int cp(String text, int utf16, boolean bmp) {
    return bmp ? utf16 : text.codePointCount(0, utf16);
  }

  /** The UTF-8 length of {@code s} in bytes (unpaired surrogates count as the 3-byte replacement). */
  static long utf8Length(String s) {
    long n = 0;
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
