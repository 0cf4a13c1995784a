package dev.veil.privacy.detect.recognizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Tags;
import dev.veil.core.spec.SpecNode;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StagePlan;
import dev.veil.privacy.detect.DetectStage;
import dev.veil.privacy.detect.EmailRecognizer;
import dev.veil.privacy.detect.PhoneRecognizer;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Recognizers;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The new recognizers are registered in {@link Recognizers} and drive {@link DetectStage}. */
class RegisteredRecognizersTest {

  @Test
  void forEntities_creditCard_givesTheCardRecognizer() {
    List<Recognizer> rs = Recognizers.forEntities(Set.of(PiiClass.of("CREDIT_CARD")), List.of("US"));
    assertEquals(1, rs.size());
    assertInstanceOf(CreditCardRecognizer.class, rs.get(0));
  }

  @Test
  void forEntities_everySupportedEntity_givesARecognizerForIt() {
    List<Recognizer> rs = Recognizers.forEntities(Recognizers.SUPPORTED, List.of("US"));
    assertEquals(Recognizers.SUPPORTED, rs.stream().map(Recognizer::entity).collect(Collectors.toSet()));
    Map<PiiClass, Class<?>> expected = Map.ofEntries(Map.entry(PiiClass.CREDIT_CARD, CreditCardRecognizer.class),
        Map.entry(PiiClass.US_SSN, UsSsnRecognizer.class), Map.entry(PiiClass.of("IBAN_CODE"), IbanRecognizer.class),
        Map.entry(PiiClass.of("IP_ADDRESS"), IpAddressRecognizer.class), Map.entry(PiiClass.of("UK_NHS"), UkNhsRecognizer.class),
        Map.entry(PiiClass.of("IN_AADHAAR"), InAadhaarRecognizer.class), Map.entry(PiiClass.of("CA_SIN"), CaSinRecognizer.class),
        Map.entry(PiiClass.of("UK_NINO"), UkNinoRecognizer.class), Map.entry(PiiClass.of("MAC_ADDRESS"), MacAddressRecognizer.class),
        Map.entry(PiiClass.EMAIL_ADDRESS, EmailRecognizer.class), Map.entry(PiiClass.PHONE_NUMBER, PhoneRecognizer.class),
        // the recognizers added for the 40 entity types (checked once they are registered in Recognizers)
        Map.entry(PiiClass.of("URL"), UrlRecognizer.class), Map.entry(PiiClass.of("DOMAIN_NAME"), DomainNameRecognizer.class),
        Map.entry(PiiClass.DATE_TIME, DateTimeRecognizer.class), Map.entry(PiiClass.of("DATE_OF_BIRTH"), DateOfBirthRecognizer.class),
        Map.entry(PiiClass.of("AGE"), AgeRecognizer.class), Map.entry(PiiClass.of("ZIP_CODE"), ZipCodeRecognizer.class),
        Map.entry(PiiClass.of("US_ITIN"), UsItinRecognizer.class), Map.entry(PiiClass.of("US_PASSPORT"), UsPassportRecognizer.class),
        Map.entry(PiiClass.of("US_DRIVER_LICENSE"), UsDriverLicenseRecognizer.class),
        Map.entry(PiiClass.of("US_BANK_NUMBER"), UsBankNumberRecognizer.class),
        Map.entry(PiiClass.of("ABA_ROUTING_NUMBER"), AbaRoutingRecognizer.class), Map.entry(PiiClass.of("IN_PAN"), InPanRecognizer.class),
        Map.entry(PiiClass.of("ES_NIF"), EsNifRecognizer.class), Map.entry(PiiClass.of("ES_NIE"), EsNieRecognizer.class),
        Map.entry(PiiClass.of("IT_FISCAL_CODE"), ItFiscalCodeRecognizer.class), Map.entry(PiiClass.of("DE_TAX_ID"), DeTaxIdRecognizer.class),
        Map.entry(PiiClass.of("SG_NRIC_FIN"), SgNricRecognizer.class), Map.entry(PiiClass.of("AU_TFN"), AuTfnRecognizer.class),
        Map.entry(PiiClass.of("AU_ABN"), AuAbnRecognizer.class), Map.entry(PiiClass.of("AU_ACN"), AuAcnRecognizer.class),
        Map.entry(PiiClass.of("AU_MEDICARE"), AuMedicareRecognizer.class), Map.entry(PiiClass.of("PL_PESEL"), PlPeselRecognizer.class),
        Map.entry(PiiClass.of("FI_PERSONAL_IDENTITY_CODE"), FiPersonalIdentityCodeRecognizer.class),
        Map.entry(PiiClass.of("CRYPTO"), CryptoRecognizer.class), Map.entry(PiiClass.of("AWS_ACCESS_KEY"), AwsAccessKeyRecognizer.class),
        Map.entry(PiiClass.of("GITHUB_TOKEN"), GithubTokenRecognizer.class), Map.entry(PiiClass.of("SLACK_TOKEN"), SlackTokenRecognizer.class),
        Map.entry(PiiClass.of("JWT"), JwtRecognizer.class), Map.entry(PiiClass.of("PRIVATE_KEY"), PrivateKeyRecognizer.class),
        Map.entry(PiiClass.of("SECRET"), SecretRecognizer.class),
        Map.entry(PiiClass.PERSON, dev.veil.privacy.detect.ner.PersonRecognizer.class),
        Map.entry(PiiClass.of("LOCATION"), dev.veil.privacy.detect.ner.LocationRecognizer.class),
        Map.entry(PiiClass.of("ORGANIZATION"), dev.veil.privacy.detect.ner.OrganizationRecognizer.class),
        Map.entry(PiiClass.of("NRP"), dev.veil.privacy.detect.ner.NrpRecognizer.class),
        Map.entry(PiiClass.of("TITLE"), dev.veil.privacy.detect.ner.TitleRecognizer.class),
        Map.entry(PiiClass.STREET_ADDRESS, dev.veil.privacy.detect.ner.StreetAddressRecognizer.class));
    for (Recognizer r : rs) {
      assertEquals(expected.get(r.entity()), r.getClass(), r.entity().name());
    }
  }

  @Test
  void forEntities_emailAndPhone_unchanged() {
    List<Recognizer> rs = Recognizers.forEntities(List.of(PiiClass.PHONE_NUMBER, PiiClass.EMAIL_ADDRESS), List.of("GB"));
    assertEquals(List.of(PiiClass.EMAIL_ADDRESS, PiiClass.PHONE_NUMBER), rs.stream().map(Recognizer::entity).toList());
    assertEquals(List.of("GB"), ((PhoneRecognizer) rs.get(1)).regions());
  }

  private static final Schema IN = Schema.of(Field.of("id", FieldType.STRING), Field.of("payment", FieldType.STRING),
      Field.of("ssn", FieldType.STRING), Field.of("notes", FieldType.STRING), Field.of("age", FieldType.LONG));

  private static List<Object[]> sample() {
    Random rnd = new Random(1);
    String[] ssns = {"536-22-1234", "772-45-6780", "401-12-9876", "245-67-0001"};
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String card = TestNumbers.withLuhn("4" + TestNumbers.randomDigits(rnd, 14));
      String shown = i % 2 == 0 ? TestNumbers.group(card, " ", 4, 4, 4, 4) : card;
      String note = i % 2 == 0 ? "customer paid with card " + shown + " yesterday" : "asked about the delivery date";
      rows.add(new Object[] {"c" + i, shown, ssns[i % 4], note, (long) i});
    }
    return rows;
  }

  @Test
  void detectStage_cardAndSsnEntitiesFromSpec_tagsCardSsnAndFreeTextColumns() {
    SpecNode node = SpecNode.parse("detect.yaml", new StringReader("entities: [CREDIT_CARD, US_SSN]\n"));
    DetectStage stage = (DetectStage) DetectStage.PROVIDER.parse(node, "detect");
    assertEquals(List.of(PiiClass.CREDIT_CARD, PiiClass.US_SSN), stage.entities());
    StagePlan plan = stage.plan(new StageContext(IN, 3, sample()));
    Schema out = plan.output();
    assertEquals(Set.of(PiiClass.CREDIT_CARD), out.require("payment", "t").tags().piiClasses());
    assertFalse(out.require("payment", "t").tags().freeText());
    assertEquals(Set.of(PiiClass.US_SSN), out.require("ssn", "t").tags().piiClasses());
    Tags notes = out.require("notes", "t").tags();
    assertTrue(notes.freeText());
    assertEquals(Set.of(PiiClass.CREDIT_CARD), notes.piiClasses());
    assertEquals(Tags.NONE, out.require("id", "t").tags());
    assertTrue(plan.notes().contains("payment: CREDIT_CARD (8 of 8 sampled values valid, confidence 1.00)"), plan.notes().toString());
    for (String note : plan.notes()) {
      for (Object[] row : sample()) assertFalse(note.contains((String) row[1]), "notes must never hold values");
    }
  }
}
