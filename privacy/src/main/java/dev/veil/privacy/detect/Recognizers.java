package dev.veil.privacy.detect;

import dev.veil.core.schema.PiiClass;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Factories for the built-in recognizers. */
public final class Recognizers {
  private Recognizers() {}

  /** The entity types with a built-in recognizer. */
  public static final Set<PiiClass> SUPPORTED = Set.of(PiiClass.EMAIL_ADDRESS, PiiClass.PHONE_NUMBER);

  /**
   * Recognizers for {@code entities}.
   *
   * @param regions default regions for phone numbers
   * @throws IllegalArgumentException naming the supported entity types
   */
  public static List<Recognizer> forEntities(Collection<PiiClass> entities, List<String> regions) {
    List<Recognizer> out = new ArrayList<>();
    for (PiiClass e : new TreeSet<>(entities)) {
      if (e.equals(PiiClass.EMAIL_ADDRESS)) {
        out.add(new EmailRecognizer());
      } else if (e.equals(PiiClass.PHONE_NUMBER)) {
        out.add(new PhoneRecognizer(regions));
      } else {
        throw new IllegalArgumentException("entities must be among the recognized types " + new TreeSet<>(SUPPORTED)
            + ". Provided value: " + e);
      }
    }
    return out;
  }
}
