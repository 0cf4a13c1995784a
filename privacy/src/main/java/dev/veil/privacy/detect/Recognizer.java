package dev.veil.privacy.detect;

import dev.veil.core.schema.PiiClass;
import java.io.Serializable;
import java.util.List;

/**
 * Finds one kind of personal data. A recognizer answers two questions: does a whole value (a cell
 * of a structured column) validate as this entity, and where in a free text does this entity
 * occur. The PII-detection issue grows this SPI (context words, scores, deny lists); statistical
 * recognizers such as NER can implement it too.
 *
 * <p>Scores: a span's score says how sure the recognizer is without looking at the words around
 * it. A checksum-validated match scores near 1.0; a pattern that is only plausible (a 9-digit
 * passport number, a number that could be an age) scores low, and the {@link Analyzer} raises it
 * when one of {@link #contextWords()} occurs near the span. Spans below the analyzer's minimum
 * score are dropped, so a weak pattern without context is never reported.
 *
 * <p>Implementations are serializable (they travel to Spark executors and Beam workers),
 * stateless after construction and thread-safe, and run in time linear in the input length.
 */
public interface Recognizer extends Serializable {

  /** The entity type this recognizer finds, named like Presidio's. */
  PiiClass entity();

  /** A stable identifier for explanations and reports, like {@code email-commons-validator}. */
  String id();

  /** Whether the whole value, trimmed, is an instance of the entity. */
  boolean validates(String value);

  /** Words in a column name that hint at this entity (lower case). */
  List<String> nameHints();

  /** Non-overlapping spans of the entity in {@code text}, in order. */
  List<Span> find(String text);

  /**
   * What a text must contain for {@link #find} to return anything; checked once per text for all
   * recognizers by the {@link Analyzer}. It must never reject a text in which {@link #find} would
   * return a span. The default runs the recognizer on every text.
   */
  default Prefilter prefilter() {
    return Prefilter.always();
  }

  /**
   * A condition on the text's shared scan that holds wherever {@link #find} can return a span (the
   * prefilter's second stage, see {@link ScanCondition}); the analyzer skips {@link #find} on a text
   * where it fails. {@link ScanCondition#NONE} (the default) when the recognizer has none. Asked once
   * per analyzer; it must not depend on the text.
   */
  default ScanCondition scanCondition() {
    return ScanCondition.NONE;
  }

  /**
   * Lower-case words that, near a span, make it more likely to be this entity ({@code "ssn"},
   * {@code "passport"}, {@code "born"}). The {@link Analyzer} looks for them within its context
   * window and boosts the span's score. A phrase of several words matches when all its words occur
   * in the window.
   */
  default List<String> contextWords() {
    return List.of();
  }

  /**
   * Whether a column may be classified as this entity only when its name hints at it. True for
   * shapes that many ordinary values share (an age is any integer up to 120, a ZIP code any five
   * digits, a bank account number any 8 to 17 digits): validation alone would tag a {@code quantity}
   * column. The default is false: the value share decides.
   */
  default boolean needsNameHint() {
    return false;
  }
}
