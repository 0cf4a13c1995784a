package dev.veil.privacy.detect.ner;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * PERSON: people's names. Runs of capitalized tokens (with particles such as van, de, von, al, bin, initials and hyphenated parts) scored from first- and last-name dictionaries of many Datafaker locales, the position in the sentence (a sentence-initial word needs a dictionary hit), a preceding honorific (Mr, Mrs, Dr, Prof, Sir...; the honorific itself is a TITLE span, not part of the name), and a stop list of frequent English words; words that are also names (May, Will, Grant, Mark) need another name token, an honorific or a context word. A trailing Jr/PhD/MD belongs to the name.
 *
 * <p>See {@link NerRecognizer} for the shared rules, scores, privacy and thread-safety contract.
 */
public final class PersonRecognizer extends NerRecognizer {
  private static final long serialVersionUID = 1L;

  @Override
  public PiiClass entity() {
    return NerEngine.PERSON;
  }

  @Override
  public List<String> nameHints() {
    return List.of("name", "first_name", "last_name", "surname", "full_name", "person", "customer_name", "contact");
  }

  @Override
  public List<String> contextWords() {
    return List.of("name", "named", "called", "call", "calls", "dear", "mr", "mrs", "ms", "miss", "dr", "contact", "said", "says", "told", "asked", "meet", "met", "wife", "husband", "son", "daughter", "friend", "partner", "mother", "father", "brother", "sister", "kid", "boss", "assistant", "directed", "starring", "signed", "regards", "hello", "hi", "thanks");
  }
}
