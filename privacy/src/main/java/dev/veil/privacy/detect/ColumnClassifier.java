package dev.veil.privacy.detect;

import dev.veil.core.schema.PiiClass;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies a string column from its name and a sample of its values.
 *
 * <p>Structured: the share of non-blank sample values that validate as each entity; the column is
 * tagged with the entity of the highest share when that share reaches {@code threshold}, or
 * {@code hintedThreshold} when a word of the column name hints at the entity. Entities whose shape
 * ordinary values share ({@link Recognizer#needsNameHint()}: ages, ZIP codes, bank numbers) need the
 * hint. Free text: when the
 * values average at least four words, the column is free text and is tagged with every entity
 * the analyzer finds as a span (after context scoring and thresholds) in at least one sample value.
 *
 * <p>Deterministic for a given sample; immutable and thread-safe. Never records the values it saw.
 */
public final class ColumnClassifier {
  private final List<Recognizer> recognizers;
  private final Analyzer analyzer;
  private final double threshold;
  private final double hintedThreshold;

  /** Free text is analyzed with {@code recognizers} and the default {@link AnalyzerConfig}. */
  public ColumnClassifier(List<Recognizer> recognizers, double threshold, double hintedThreshold) {
    this(recognizers, new Analyzer(recognizers, AnalyzerConfig.defaults()), threshold, hintedThreshold);
  }

  /** Structured columns are validated with {@code recognizers}; free text is analyzed with {@code analyzer}. */
  public ColumnClassifier(List<Recognizer> recognizers, Analyzer analyzer, double threshold, double hintedThreshold) {
    this.recognizers = List.copyOf(recognizers);
    this.analyzer = analyzer;
    this.threshold = threshold;
    this.hintedThreshold = hintedThreshold;
  }

  /** The outcome for one column: what it is, how sure, and counts (never values). */
  public record Classification(
      String column, PiiClass entity, boolean freeText, Set<PiiClass> textEntities, int sampled, int matched, double confidence) {

    public boolean isPii() {
      return entity != null || !textEntities.isEmpty();
    }

    /** One line for the run report. */
    public String describe() {
      if (entity != null) {
        return String.format(Locale.ROOT, "%s: %s (%d of %d sampled values valid, confidence %.2f)",
            column, entity, matched, sampled, confidence);
      }
      if (freeText) {
        return textEntities.isEmpty()
            ? String.format(Locale.ROOT, "%s: free text, no PII spans in %d sampled values", column, sampled)
            : String.format(Locale.ROOT, "%s: free text with %s spans (%d of %d sampled values contain one)",
                column, textEntities, matched, sampled);
      }
      return String.format(Locale.ROOT, "%s: no PII found in %d sampled values", column, sampled);
    }
  }

  /** Classifies {@code column} from its non-null sample values. */
  public Classification classify(String column, List<String> values) {
    List<String> nonBlank = new ArrayList<>();
    long words = 0;
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        nonBlank.add(v);
        words += v.trim().split("\\s+").length;
      }
    }
    int n = nonBlank.size();
    if (n == 0) {
      return new Classification(column, null, false, Set.of(), 0, 0, 0);
    }
    String nameWords = words(column);
    PiiClass best = null;
    int bestMatched = 0;
    double bestConfidence = 0;
    for (Recognizer r : recognizers) {
      int matched = 0;
      for (String v : nonBlank) {
        if (r.validates(v)) matched++;
      }
      double share = (double) matched / n;
      boolean hinted = r.nameHints().stream().anyMatch(h -> nameWords.contains(words(h)));
      if (r.needsNameHint() && !hinted) continue;
      if (share >= (hinted ? hintedThreshold : threshold) && share > bestConfidence) {
        best = r.entity();
        bestMatched = matched;
        bestConfidence = Math.min(1.0, share + (hinted ? 0.05 : 0));
      }
    }
    if (best != null) {
      return new Classification(column, best, false, Set.of(), n, bestMatched, bestConfidence);
    }
    boolean freeText = (double) words / n >= 4.0;
    if (!freeText) {
      return new Classification(column, null, false, Set.of(), n, 0, 0);
    }
    Set<PiiClass> found = new LinkedHashSet<>();
    int withSpan = 0;
    for (String v : nonBlank) {
      List<Span> spans = analyzer.analyze(v);
      for (Span sp : spans) found.add(sp.entity());
      if (!spans.isEmpty()) withSpan++;
    }
    return new Classification(column, null, true, found, n, withSpan, found.isEmpty() ? 0 : 1.0);
  }

  /**
   * A name as lower-case words between spaces ({@code "emailAddress"} and {@code "email_address"}
   * become {@code " email address "}), so hints match whole words: {@code "ip"} matches
   * {@code "ip_address"} but not {@code "zip"}.
   */
  static String words(String name) {
    String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    return " " + String.join(" ", spaced.split("[^a-z0-9]+")).trim() + " ";
  }
}
