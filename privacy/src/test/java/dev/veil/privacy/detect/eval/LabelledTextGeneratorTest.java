package dev.veil.privacy.detect.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.veil.privacy.detect.recognizers.CaSinRecognizer;
import dev.veil.privacy.detect.recognizers.CreditCardRecognizer;
import dev.veil.privacy.detect.recognizers.InAadhaarRecognizer;
import dev.veil.privacy.detect.recognizers.UkNhsRecognizer;
import dev.veil.privacy.detect.recognizers.UkNinoRecognizer;
import dev.veil.privacy.detect.recognizers.UsSsnRecognizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.commons.validator.routines.EmailValidator;
import org.apache.commons.validator.routines.IBANValidator;
import org.apache.commons.validator.routines.InetAddressValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledTextGeneratorTest {

  @Test
  void hasAtLeast60Templates_andEveryTemplateFills() {
    assertTrue(LabelledTextGenerator.templateCount() >= 60, "templates: " + LabelledTextGenerator.templateCount());
    LabelledTextGenerator g = new LabelledTextGenerator(1);
    int withoutPii = 0;
    for (int i = 0; i < LabelledTextGenerator.templateCount(); i++) {
      LabelledText t = g.next(i);
      assertTrue(!t.text().contains("{{") && !t.text().contains("}}"), "template " + i + " left a placeholder");
      if (t.spans().isEmpty()) withoutPii++;
    }
    assertTrue(withoutPii >= 5, "sentences without PII: " + withoutPii);
  }

  @Test
  void writtenOffsets_pointAtTheEntityValues_inCodePoints(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("g.json");
    new LabelledTextGenerator(11).write(f, 600);
    JsonNode root = new ObjectMapper().readTree(Files.readString(f));
    assertEquals(600, root.size());
    int nonBmpRecords = 0;
    int spans = 0;
    for (JsonNode rec : root) {
      String text = rec.get("full_text").asText();
      int[] cps = text.codePoints().toArray();
      if (cps.length != text.length()) nonBmpRecords++;
      for (JsonNode s : rec.get("spans")) {
        int start = s.get("start_position").asInt();
        int end = s.get("end_position").asInt();
        // Python semantics: slice the sequence of code points
        String slice = new String(cps, start, end - start);
        assertEquals(s.get("entity_value").asText(), slice, "record " + rec);
        assertTrue(end > start);
        spans++;
      }
    }
    assertTrue(nonBmpRecords > 0, "some records must contain non-BMP characters");
    assertTrue(spans > 600, "spans: " + spans);
    // and the reader maps them back onto the same values in Java offsets
    for (LabelledText t : PresidioJson.readAll(f)) {
      for (LabelledSpan s : t.spans()) {
        assertTrue(s.end() <= t.text().length());
        assertTrue(!Character.isLowSurrogate(t.text().charAt(s.start())), "span starts inside a surrogate pair");
      }
    }
  }

  @Test
  void sameSeed_sameFile_otherSeed_otherFile(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    Path c = dir.resolve("c.json");
    new LabelledTextGenerator(42).write(a, 300);
    new LabelledTextGenerator(42).write(b, 300);
    new LabelledTextGenerator(43).write(c, 300);
    assertEquals(Files.readString(a), Files.readString(b));
    assertNotEquals(Files.readString(a), Files.readString(c));
  }

  @Test
  void identifiers_passTheirValidators_andCoverEveryLabel() {
    Map<String, Predicate<String>> valid = new HashMap<>();
    valid.put("CREDIT_CARD", new CreditCardRecognizer()::validates);
    valid.put("IBAN_CODE", v -> IBANValidator.getInstance().isValid(v.replace(" ", "")));
    valid.put("US_SSN", new UsSsnRecognizer()::validates);
    valid.put("UK_NHS", new UkNhsRecognizer()::validates);
    valid.put("UK_NINO", new UkNinoRecognizer()::validates);
    valid.put("CA_SIN", new CaSinRecognizer()::validates);
    valid.put("IN_AADHAAR", new InAadhaarRecognizer()::validates);
    valid.put("IP_ADDRESS", InetAddressValidator.getInstance()::isValid);
    valid.put("EMAIL_ADDRESS", EmailValidator.getInstance()::isValid);
    // PHONE_FAKER writes Datafaker's random-digit numbers (often outside assigned ranges): phone-shaped, not
    // necessarily valid; phone(region, ...) itself is checked for validity in phone_isValidInItsRegion
    valid.put("PHONE_NUMBER", v -> v.matches("[+0-9().\\- xext]+") && v.replaceAll("[^0-9]", "").length() >= 6);
    LabelledTextGenerator g = new LabelledTextGenerator(5);
    Set<String> labels = new HashSet<>();
    Map<String, Integer> checked = new HashMap<>();
    for (int i = 0; i < 1500; i++) {
      LabelledText t = g.next();
      for (LabelledSpan s : t.spans()) {
        labels.add(s.entityType());
        String v = t.text().substring(s.start(), s.end());
        assertEquals(v.strip(), v, "span has surrounding blanks: " + s.entityType());
        Predicate<String> p = valid.get(s.entityType());
        if (p != null) {
          assertTrue(p.test(v), s.entityType() + " value does not validate: " + v);
          checked.merge(s.entityType(), 1, Integer::sum);
        }
      }
    }
    assertTrue(labels.containsAll(List.of("PERSON", "LOCATION", "STREET_ADDRESS", "ZIP_CODE", "ORGANIZATION", "TITLE", "NRP",
        "DATE_TIME", "URL", "DOMAIN_NAME", "MAC_ADDRESS")), labels.toString());
    assertEquals(valid.keySet(), checked.keySet(), "every validated type was generated");
  }

  @Test
  void phone_isValidInItsRegion() throws Exception {
    PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    LabelledTextGenerator g = new LabelledTextGenerator(9);
    for (String region : List.of("US", "GB", "DE", "FR", "IN", "AU")) {
      for (int i = 0; i < 50; i++) {
        String v = g.phone(region, true);
        assertTrue(phones.isValidNumber(phones.parse(v, region)), region + " number does not validate: " + v);
      }
    }
  }

  @Test
  void addressMarkers_labelTheWholeAddressOnce() {
    LabelledTextGenerator g = new LabelledTextGenerator(3);
    int whole = 0;
    for (int i = 0; i < LabelledTextGenerator.templateCount(); i++) {
      String tpl = LabelledTextGenerator.template(i);
      if (!tpl.contains("<<")) continue;
      LabelledText t = g.next(i);
      assertTrue(!t.text().contains("<<") && !t.text().contains(">>"), "template " + i + " left a marker");
      int a = tpl.indexOf("<<");
      int b = tpl.indexOf(">>");
      long inside = t.spans().stream().filter(s -> s.entityType().equals("STREET_ADDRESS")).count();
      assertTrue(inside >= 1, "template " + i);
      for (LabelledSpan s : t.spans()) {
        // nothing labelled inside the address span besides the span itself
        for (LabelledSpan o : t.spans()) {
          if (o != s && o.start() >= s.start() && o.end() <= s.end()) throw new AssertionError("nested label in template " + i);
        }
      }
      assertTrue(b > a);
      whole++;
    }
    assertTrue(whole >= 10, "templates with a whole address: " + whole);
  }

  @Test
  void checkDigits_matchPublishedExamples() {
    // Luhn: 7992739871 has check digit 3 (the standard worked example); Verhoeff: 236 -> 3.
    assertEquals(3, LabelledTextGenerator.luhnCheckDigit("7992739871"));
    assertEquals(3, LabelledTextGenerator.verhoeffCheckDigit("236"));
  }
}
