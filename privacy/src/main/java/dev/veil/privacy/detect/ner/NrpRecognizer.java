package dev.veil.privacy.detect.ner;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * NRP: nationalities, religious and political groups (American, sudanese, Muslim, Republicans). Nationalities match in any case (lower case scores lower); religious and political words must be capitalized, political ones not at a sentence start.
 *
 * <p>See {@link NerRecognizer} for the shared rules, scores, privacy and thread-safety contract.
 */
public final class NrpRecognizer extends NerRecognizer {
  private static final long serialVersionUID = 1L;

  @Override
  public PiiClass entity() {
    return NerEngine.NRP;
  }

  @Override
  public List<String> nameHints() {
    return List.of("nationality", "religion", "ethnicity", "citizenship", "party", "political");
  }

  @Override
  public List<String> contextWords() {
    return List.of("nationality", "religion", "religious", "citizen", "citizenship", "ethnic", "ethnicity", "political", "party", "government", "faith");
  }
}
