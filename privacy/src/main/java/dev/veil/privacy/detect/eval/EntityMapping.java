package dev.veil.privacy.detect.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps the entity-type names of a dataset and of a detector to one canonical name, so that synonyms
 * compare equal in evaluation. The same mapping is applied to gold and predicted types; names not
 * in the table map to themselves (upper-cased). The {@link #defaults() default table} is documented
 * in {@code docs/pii-detection.md}:
 *
 * <table>
 *   <caption>default synonyms</caption>
 *   <tr><th>canonical</th><th>synonyms</th></tr>
 *   <tr><td>PERSON</td><td>PER, NAME, FIRST_NAME, LAST_NAME, FULL_NAME</td></tr>
 *   <tr><td>LOCATION</td><td>LOC, GPE, CITY, COUNTRY, STATE</td></tr>
 *   <tr><td>STREET_ADDRESS</td><td>ADDRESS, ZIP_CODE, ZIP, POSTCODE</td></tr>
 *   <tr><td>ORGANIZATION</td><td>ORG, COMPANY</td></tr>
 *   <tr><td>DATE_TIME</td><td>DATE, TIME, DATE_OF_BIRTH, DOB, BIRTHDAY</td></tr>
 *   <tr><td>URL</td><td>DOMAIN_NAME, DOMAIN</td></tr>
 *   <tr><td>NRP</td><td>NORP, NATIONALITY</td></tr>
 *   <tr><td>TITLE</td><td>PREFIX, HONORIFIC</td></tr>
 *   <tr><td>EMAIL_ADDRESS</td><td>EMAIL</td></tr>
 *   <tr><td>PHONE_NUMBER</td><td>PHONE, TELEPHONE</td></tr>
 *   <tr><td>IBAN_CODE</td><td>IBAN</td></tr>
 *   <tr><td>US_SSN</td><td>SSN</td></tr>
 *   <tr><td>IP_ADDRESS</td><td>IP, IPV4, IPV6</td></tr>
 *   <tr><td>CREDIT_CARD</td><td>CREDIT_CARD_NUMBER</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public final class EntityMapping {
  private final Map<String, String> table;

  private EntityMapping(Map<String, String> table) {
    this.table = Collections.unmodifiableMap(new TreeMap<>(table));
  }

  /** The default table above. */
  public static EntityMapping defaults() {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "PERSON", "PER", "NAME", "FIRST_NAME", "LAST_NAME", "FULL_NAME");
    put(m, "LOCATION", "LOC", "GPE", "CITY", "COUNTRY", "STATE");
    put(m, "STREET_ADDRESS", "ADDRESS", "ZIP_CODE", "ZIP", "POSTCODE");
    put(m, "ORGANIZATION", "ORG", "COMPANY");
    put(m, "DATE_TIME", "DATE", "TIME", "DATE_OF_BIRTH", "DOB", "BIRTHDAY");
    put(m, "URL", "DOMAIN_NAME", "DOMAIN");
    put(m, "NRP", "NORP", "NATIONALITY");
    put(m, "TITLE", "PREFIX", "HONORIFIC");
    put(m, "EMAIL_ADDRESS", "EMAIL");
    put(m, "PHONE_NUMBER", "PHONE", "TELEPHONE");
    put(m, "IBAN_CODE", "IBAN");
    put(m, "US_SSN", "SSN");
    put(m, "IP_ADDRESS", "IP", "IPV4", "IPV6");
    put(m, "CREDIT_CARD", "CREDIT_CARD_NUMBER");
    return new EntityMapping(m);
  }

  /** No synonyms: every type maps to itself (upper-cased). */
  public static EntityMapping identity() {
    return new EntityMapping(Map.of());
  }

  private static void put(Map<String, String> m, String canonical, String... synonyms) {
    for (String s : synonyms) m.put(s, canonical);
  }

  /** This table plus {@code synonym -> canonical} (both upper-cased); a new value, this one is unchanged. */
  public EntityMapping with(String synonym, String canonical) {
    if (synonym == null || synonym.isBlank() || canonical == null || canonical.isBlank()) {
      throw new IllegalArgumentException("synonym and canonical must be non-blank. Provided value: " + synonym + " -> " + canonical);
    }
    Map<String, String> m = new TreeMap<>(table);
    m.put(synonym.trim().toUpperCase(Locale.ROOT), canonical.trim().toUpperCase(Locale.ROOT));
    return new EntityMapping(m);
  }

  /** The canonical name of {@code type}. */
  public String canonical(String type) {
    String u = type.trim().toUpperCase(Locale.ROOT);
    return table.getOrDefault(u, u);
  }

  /** Synonym to canonical name, sorted by synonym (identities not listed). */
  public Map<String, String> table() {
    return table;
  }
}
