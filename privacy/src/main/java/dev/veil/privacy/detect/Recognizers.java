package dev.veil.privacy.detect;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.recognizers.CaSinRecognizer;
import dev.veil.privacy.detect.recognizers.CreditCardRecognizer;
import dev.veil.privacy.detect.recognizers.IbanRecognizer;
import dev.veil.privacy.detect.recognizers.InAadhaarRecognizer;
import dev.veil.privacy.detect.recognizers.IpAddressRecognizer;
import dev.veil.privacy.detect.recognizers.MacAddressRecognizer;
import dev.veil.privacy.detect.recognizers.UkNhsRecognizer;
import dev.veil.privacy.detect.recognizers.UkNinoRecognizer;
import dev.veil.privacy.detect.recognizers.UsSsnRecognizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Factories for the built-in recognizers. */
public final class Recognizers {
  private Recognizers() {}

  /** The entity types with a built-in recognizer. */
  public static final Set<PiiClass> SUPPORTED = Set.of(PiiClass.EMAIL_ADDRESS, PiiClass.PHONE_NUMBER,
      PiiClass.CREDIT_CARD, PiiClass.US_SSN, PiiClass.of("IBAN_CODE"), PiiClass.of("IP_ADDRESS"), PiiClass.of("UK_NHS"),
      PiiClass.of("IN_AADHAAR"), PiiClass.of("CA_SIN"), PiiClass.of("UK_NINO"), PiiClass.of("MAC_ADDRESS"));

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
      } else if (e.equals(PiiClass.CREDIT_CARD)) {
        out.add(new CreditCardRecognizer());
      } else if (e.equals(PiiClass.US_SSN)) {
        out.add(new UsSsnRecognizer());
      } else if (e.name().equals("IBAN_CODE")) {
        out.add(new IbanRecognizer());
      } else if (e.name().equals("IP_ADDRESS")) {
        out.add(new IpAddressRecognizer());
      } else if (e.name().equals("UK_NHS")) {
        out.add(new UkNhsRecognizer());
      } else if (e.name().equals("IN_AADHAAR")) {
        out.add(new InAadhaarRecognizer());
      } else if (e.name().equals("CA_SIN")) {
        out.add(new CaSinRecognizer());
      } else if (e.name().equals("UK_NINO")) {
        out.add(new UkNinoRecognizer());
      } else if (e.name().equals("MAC_ADDRESS")) {
        out.add(new MacAddressRecognizer());
      } else {
        throw new IllegalArgumentException("entities must be among the recognized types " + new TreeSet<>(SUPPORTED)
            + ". Provided value: " + e);
      }
    }
    return out;
  }
}
