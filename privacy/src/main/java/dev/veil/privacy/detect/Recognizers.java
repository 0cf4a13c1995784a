package dev.veil.privacy.detect;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.ner.LocationRecognizer;
import dev.veil.privacy.detect.ner.NrpRecognizer;
import dev.veil.privacy.detect.ner.OrganizationRecognizer;
import dev.veil.privacy.detect.ner.PersonRecognizer;
import dev.veil.privacy.detect.ner.StreetAddressRecognizer;
import dev.veil.privacy.detect.ner.TitleRecognizer;
import dev.veil.privacy.detect.recognizers.AbaRoutingRecognizer;
import dev.veil.privacy.detect.recognizers.AgeRecognizer;
import dev.veil.privacy.detect.recognizers.AuAbnRecognizer;
import dev.veil.privacy.detect.recognizers.AuAcnRecognizer;
import dev.veil.privacy.detect.recognizers.AuMedicareRecognizer;
import dev.veil.privacy.detect.recognizers.AuTfnRecognizer;
import dev.veil.privacy.detect.recognizers.AwsAccessKeyRecognizer;
import dev.veil.privacy.detect.recognizers.CaSinRecognizer;
import dev.veil.privacy.detect.recognizers.CreditCardRecognizer;
import dev.veil.privacy.detect.recognizers.CryptoRecognizer;
import dev.veil.privacy.detect.recognizers.DateOfBirthRecognizer;
import dev.veil.privacy.detect.recognizers.DateTimeRecognizer;
import dev.veil.privacy.detect.recognizers.DeTaxIdRecognizer;
import dev.veil.privacy.detect.recognizers.DomainNameRecognizer;
import dev.veil.privacy.detect.recognizers.EsNieRecognizer;
import dev.veil.privacy.detect.recognizers.EsNifRecognizer;
import dev.veil.privacy.detect.recognizers.FiPersonalIdentityCodeRecognizer;
import dev.veil.privacy.detect.recognizers.GithubTokenRecognizer;
import dev.veil.privacy.detect.recognizers.IbanRecognizer;
import dev.veil.privacy.detect.recognizers.InAadhaarRecognizer;
import dev.veil.privacy.detect.recognizers.InPanRecognizer;
import dev.veil.privacy.detect.recognizers.IpAddressRecognizer;
import dev.veil.privacy.detect.recognizers.ItFiscalCodeRecognizer;
import dev.veil.privacy.detect.recognizers.JwtRecognizer;
import dev.veil.privacy.detect.recognizers.MacAddressRecognizer;
import dev.veil.privacy.detect.recognizers.PlPeselRecognizer;
import dev.veil.privacy.detect.recognizers.PrivateKeyRecognizer;
import dev.veil.privacy.detect.recognizers.SecretRecognizer;
import dev.veil.privacy.detect.recognizers.SgNricRecognizer;
import dev.veil.privacy.detect.recognizers.SlackTokenRecognizer;
import dev.veil.privacy.detect.recognizers.UkNhsRecognizer;
import dev.veil.privacy.detect.recognizers.UkNinoRecognizer;
import dev.veil.privacy.detect.recognizers.UrlRecognizer;
import dev.veil.privacy.detect.recognizers.UsBankNumberRecognizer;
import dev.veil.privacy.detect.recognizers.UsDriverLicenseRecognizer;
import dev.veil.privacy.detect.recognizers.UsItinRecognizer;
import dev.veil.privacy.detect.recognizers.UsPassportRecognizer;
import dev.veil.privacy.detect.recognizers.UsSsnRecognizer;
import dev.veil.privacy.detect.recognizers.ZipCodeRecognizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The built-in recognizers, one per entity type, and factories for them. {@link #SUPPORTED} is
 * every entity type with a built-in recognizer; {@link #all(List)} gives them all, which is what
 * {@code detect}, {@code mask} and {@code veil pii eval} use unless told otherwise.
 */
public final class Recognizers {
  private Recognizers() {}

  /** Entity type to factory (given the phone regions). Insertion order is documentation order. */
  private static final Map<PiiClass, Function<List<String>, Recognizer>> BUILT_IN = new LinkedHashMap<>();

  private static void add(String entity, Function<List<String>, Recognizer> factory) {
    BUILT_IN.put(PiiClass.of(entity), factory);
  }

  static {
    // people, places and organizations (dictionaries, token shapes and context; no trained model)
    add("PERSON", r -> new PersonRecognizer());
    add("LOCATION", r -> new LocationRecognizer());
    add("ORGANIZATION", r -> new OrganizationRecognizer());
    add("NRP", r -> new NrpRecognizer());
    add("TITLE", r -> new TitleRecognizer());
    add("STREET_ADDRESS", r -> new StreetAddressRecognizer());
    // contact and network
    add("EMAIL_ADDRESS", r -> new EmailRecognizer());
    add("PHONE_NUMBER", PhoneRecognizer::new);
    add("URL", r -> new UrlRecognizer());
    add("DOMAIN_NAME", r -> new DomainNameRecognizer());
    add("IP_ADDRESS", r -> new IpAddressRecognizer());
    add("MAC_ADDRESS", r -> new MacAddressRecognizer());
    // financial
    add("CREDIT_CARD", r -> new CreditCardRecognizer());
    add("IBAN_CODE", r -> new IbanRecognizer());
    add("US_BANK_NUMBER", r -> new UsBankNumberRecognizer());
    add("ABA_ROUTING_NUMBER", r -> new AbaRoutingRecognizer());
    add("CRYPTO", r -> new CryptoRecognizer());
    // dates and ages
    add("DATE_TIME", r -> new DateTimeRecognizer());
    add("DATE_OF_BIRTH", r -> new DateOfBirthRecognizer());
    add("AGE", r -> new AgeRecognizer());
    add("ZIP_CODE", r -> new ZipCodeRecognizer());
    // national identifiers
    add("US_SSN", r -> new UsSsnRecognizer());
    add("US_ITIN", r -> new UsItinRecognizer());
    add("US_PASSPORT", r -> new UsPassportRecognizer());
    add("US_DRIVER_LICENSE", r -> new UsDriverLicenseRecognizer());
    add("UK_NHS", r -> new UkNhsRecognizer());
    add("UK_NINO", r -> new UkNinoRecognizer());
    add("CA_SIN", r -> new CaSinRecognizer());
    add("IN_AADHAAR", r -> new InAadhaarRecognizer());
    add("IN_PAN", r -> new InPanRecognizer());
    add("ES_NIF", r -> new EsNifRecognizer());
    add("ES_NIE", r -> new EsNieRecognizer());
    add("IT_FISCAL_CODE", r -> new ItFiscalCodeRecognizer());
    add("DE_TAX_ID", r -> new DeTaxIdRecognizer());
    add("SG_NRIC_FIN", r -> new SgNricRecognizer());
    add("AU_TFN", r -> new AuTfnRecognizer());
    add("AU_ABN", r -> new AuAbnRecognizer());
    add("AU_ACN", r -> new AuAcnRecognizer());
    add("AU_MEDICARE", r -> new AuMedicareRecognizer());
    add("PL_PESEL", r -> new PlPeselRecognizer());
    add("FI_PERSONAL_IDENTITY_CODE", r -> new FiPersonalIdentityCodeRecognizer());
    // secrets
    add("AWS_ACCESS_KEY", r -> new AwsAccessKeyRecognizer());
    add("GITHUB_TOKEN", r -> new GithubTokenRecognizer());
    add("SLACK_TOKEN", r -> new SlackTokenRecognizer());
    add("JWT", r -> new JwtRecognizer());
    add("PRIVATE_KEY", r -> new PrivateKeyRecognizer());
    add("SECRET", r -> new SecretRecognizer());
  }

  /** The entity types with a built-in recognizer. */
  public static final Set<PiiClass> SUPPORTED = Collections.unmodifiableSet(new TreeSet<>(BUILT_IN.keySet()));

  /** Every built-in recognizer, in a stable order. */
  public static List<Recognizer> all(List<String> regions) {
    return forEntities(SUPPORTED, regions);
  }

  /**
   * Recognizers for {@code entities}, ordered by entity name.
   *
   * @param regions default regions for phone numbers
   * @throws IllegalArgumentException naming the supported entity types
   */
  public static List<Recognizer> forEntities(Collection<PiiClass> entities, List<String> regions) {
    List<Recognizer> out = new ArrayList<>();
    for (PiiClass e : new TreeSet<>(entities)) {
      Function<List<String>, Recognizer> f = BUILT_IN.get(e);
      if (f == null) {
        throw new IllegalArgumentException("entities must be among the recognized types " + SUPPORTED + ". Provided value: " + e);
      }
      out.add(f.apply(regions));
    }
    return out;
  }
}
