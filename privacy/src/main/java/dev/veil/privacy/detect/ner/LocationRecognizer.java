package dev.veil.privacy.detect.ner;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * LOCATION (Presidio's GPE maps to it): cities, countries, states and regions from the place dictionaries of many Datafaker locales (multi-word names such as Ústí nad Labem), and an unknown capitalized name right after in/from/at/to/near that is not a known person name. A place that is also a name (Monroe) is a location after a place preposition and a person otherwise.
 *
 * <p>See {@link NerRecognizer} for the shared rules, scores, privacy and thread-safety contract.
 */
public final class LocationRecognizer extends NerRecognizer {
  private static final long serialVersionUID = 1L;

  @Override
  public PiiClass entity() {
    return NerEngine.LOCATION;
  }

  @Override
  public List<String> nameHints() {
    return List.of("city", "town", "country", "state", "region", "province", "location", "place", "birthplace");
  }

  @Override
  public List<String> contextWords() {
    return List.of("city", "town", "village", "country", "state", "region", "live", "lives", "lived", "living", "born", "moved", "visit", "visited", "located", "travel", "trip", "arrived", "returned", "from", "near");
  }
}
