package dev.veil.privacy.detect.ner;

import dev.veil.privacy.detect.Prefilter;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import java.util.List;

/**
 * Base of the rule-based named-entity recognizers (no trained model): dictionaries built from
 * Datafaker's bundled locale data and Veil's own word lists, capitalization and token-shape rules,
 * street-suffix and house-number patterns, organization suffixes, honorifics and context words.
 * All six recognizers share one joint scan per text ({@link NerEngine}), so a token claimed by a
 * stronger rule (an address, an honorific) is not reused by a weaker one.
 *
 * <p>Scores: strong evidence (first + last name from the dictionaries, an honorific before a name, a
 * house number + street suffix, a company suffix, a country) scores 0.7-0.95; weak evidence (one
 * capitalized unknown token mid-sentence) scores 0.3-0.45 and is reported only when one of
 * {@link #contextWords()} is near it. Text that has no upper-case letter is scanned too (names are
 * then taken from the dictionaries only), so the prefilter runs on every text.
 *
 * <p>Privacy: spans carry offsets and the rule that fired, never the text. Thread-safety and
 * serialization: instances hold no state; the dictionaries live in a per-JVM lazy holder that is
 * never serialized; the joint scan keeps the last text and its spans per thread (a reference to the
 * caller's string until the thread scans another text). Time is linear in the text length.
 */
public abstract class NerRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;

  NerRecognizer() {}

  @Override
  public List<Span> find(String text) {
    if (text == null || text.isEmpty()) return List.of();
    return NerEngine.scan(text, entity());
  }

  @Override
  public boolean validates(String value) {
    return NerEngine.validates(value, entity());
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.always();
  }

  @Override
  public String id() {
    return NerEngine.ID + "-" + entity().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** Loads the dictionaries now (they load on first use otherwise); for warming up executors. */
  public static void preload() {
    Lexicon.get();
  }
}
