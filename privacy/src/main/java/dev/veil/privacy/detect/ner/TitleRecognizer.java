package dev.veil.privacy.detect.ner;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * TITLE: honorifics before a name (Mr., Mrs, Dr., Prof, Sir, Madam..., the span holds the trailing dot, the name is a separate PERSON span) and capitalized job titles made of seniority / field / position words (Senior Marketing Manager).
 *
 * <p>See {@link NerRecognizer} for the shared rules, scores, privacy and thread-safety contract.
 */
public final class TitleRecognizer extends NerRecognizer {
  private static final long serialVersionUID = 1L;

  @Override
  public PiiClass entity() {
    return NerEngine.TITLE;
  }

  @Override
  public List<String> nameHints() {
    return List.of("title", "salutation", "prefix", "honorific", "job_title", "position", "role");
  }

  @Override
  public List<String> contextWords() {
    return List.of("title", "position", "role", "job", "works", "appointed", "promoted", "hired");
  }
}
