package dev.veil.privacy.detect.ner;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * STREET_ADDRESS: a house number (123, 12B, 12-14) + street name with a suffix (Street, St, Rd, Ave...), a street-type word before it (rue, via, calle...), a compound ending (Nassaustraat, Auerstrasse, Aðalgata) or a house number after it; then an optional unit (Apt, Suite, Unit, #) and the city, state or region, postcode and country that follow as one span, across line breaks when the lines continue the block (a line that starts at the margin or with a comma) rather than start an indented new field. A street without a number is reported only with a compound street word (Ziegelgasse 26).
 *
 * <p>See {@link NerRecognizer} for the shared rules, scores, privacy and thread-safety contract.
 */
public final class StreetAddressRecognizer extends NerRecognizer {
  private static final long serialVersionUID = 1L;

  @Override
  public PiiClass entity() {
    return NerEngine.STREET_ADDRESS;
  }

  @Override
  public List<String> nameHints() {
    return List.of("address", "street", "addr", "address_line", "address1", "street_address", "residence", "mailing");
  }

  @Override
  public List<String> contextWords() {
    return List.of("address", "street", "lives", "live", "lived", "located", "return", "ship", "shipping", "billing", "deliver", "delivery", "moved", "residence", "home", "mail", "post");
  }
}
