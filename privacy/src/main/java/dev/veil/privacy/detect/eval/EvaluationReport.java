package dev.veil.privacy.detect.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The result of a span-level evaluation: scores overall (micro average over the reported types) and
 * per canonical entity type, the number of records, and detection throughput in UTF-8 megabytes
 * (10^6 bytes) of text per second of time spent inside {@code Analyzer.analyze}. Holds counts only,
 * never text. Immutable.
 *
 * @param overall the summed counts of every type in {@code perEntity}
 * @param perEntity the reported types: those with gold spans, plus predicted-only types when
 *     evaluation counts all types; sorted by name
 * @param ignoredPredictions per type, predictions not counted because the type never occurs in the
 *     gold set (empty when all types are counted)
 * @param withoutRecognizer gold types the analyzer has no recognizer for (after mapping)
 */
public record EvaluationReport(Metrics overall, Map<String, Metrics> perEntity, long records, long utf8Bytes,
    long detectionNanos, Map<String, Long> ignoredPredictions, Set<String> withoutRecognizer,
    PresidioJson.Summary input) {

  public EvaluationReport {
    perEntity = Map.copyOf(new java.util.TreeMap<>(perEntity));
    ignoredPredictions = Map.copyOf(ignoredPredictions);
    withoutRecognizer = Set.copyOf(withoutRecognizer);
  }

  /** UTF-8 megabytes (10^6 bytes) of {@code full_text} analyzed per second of detection time; 0 when no time was measured. */
  public double mbPerSecond() {
    return detectionNanos == 0 ? 0 : (utf8Bytes / 1e6) / (detectionNanos / 1e9);
  }

  /**
   * One JSON object: {@code {"overall": {"precision", "recall", "f1", "f2", "support"},
   * "per_entity": {"TYPE": {...}}, "records": N, "mb_per_s": X}}.
   */
  public String toJson() {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeFieldName("overall");
      write(g, overall);
      g.writeObjectFieldStart("per_entity");
      for (String type : new java.util.TreeSet<>(perEntity.keySet())) {
        g.writeFieldName(type);
        write(g, perEntity.get(type));
      }
      g.writeEndObject();
      g.writeNumberField("records", records);
      g.writeNumberField("mb_per_s", round(mbPerSecond(), 3));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void write(JsonGenerator g, Metrics m) throws IOException {
    g.writeStartObject();
    g.writeNumberField("precision", round(m.precision(), 4));
    g.writeNumberField("recall", round(m.recall(), 4));
    g.writeNumberField("f1", round(m.f1(), 4));
    g.writeNumberField("f2", round(m.f2(), 4));
    g.writeNumberField("support", m.support());
    g.writeEndObject();
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  /** A readable table with counts, scores, throughput and notes on ignored types. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    String head = "%-20s %8s %9s %7s %7s %7s %9s %7s %7s %7s%n";
    String row = "%-20s %8d %9d %7d %7d %7d %9.3f %7.3f %7.3f %7.3f%n";
    sb.append(String.format(Locale.ROOT, head, "entity", "support", "predicted", "TP", "FP", "FN", "precision", "recall", "F1", "F2"));
    for (String type : new java.util.TreeSet<>(perEntity.keySet())) {
      Metrics m = perEntity.get(type);
      String label = withoutRecognizer.contains(type) ? type + " *" : type;
      sb.append(String.format(Locale.ROOT, row, label, m.support(), m.predicted(), m.truePositives(), m.falsePositives(),
          m.falseNegatives(), m.precision(), m.recall(), m.f1(), m.f2()));
    }
    Metrics o = overall;
    sb.append(String.format(Locale.ROOT, row, "overall (micro)", o.support(), o.predicted(), o.truePositives(),
        o.falsePositives(), o.falseNegatives(), o.precision(), o.recall(), o.f1(), o.f2()));
    sb.append(String.format(Locale.ROOT, "%nrecords: %,d; detection: %,.3f MB of text in %,.1f ms = %,.2f MB/s (single thread, inside analyze() only)%n",
        records, utf8Bytes / 1e6, detectionNanos / 1e6, mbPerSecond()));
    if (!withoutRecognizer.isEmpty()) {
      sb.append("* no recognizer for this type in the analyzer: ").append(new java.util.TreeSet<>(withoutRecognizer)).append('\n');
    }
    if (!ignoredPredictions.isEmpty()) {
      sb.append("not counted (type never in the gold set; --all-types counts them): ")
          .append(new java.util.TreeMap<>(ignoredPredictions)).append(" predictions\n");
    }
    if (input != null && (input.valueMismatches() > 0 || input.emptySpans() > 0)) {
      sb.append(String.format(Locale.ROOT, "input: %d gold spans whose entity_value differs from the text at their offsets (offsets used);"
          + " %d empty gold spans skipped%n", input.valueMismatches(), input.emptySpans()));
    }
    return sb.toString();
  }
}
