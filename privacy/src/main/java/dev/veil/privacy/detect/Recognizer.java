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
}
