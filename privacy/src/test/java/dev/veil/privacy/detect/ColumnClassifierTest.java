package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ColumnClassifierTest {

  private static final ColumnClassifier C = new ColumnClassifier(
      List.of(new EmailRecognizer(), new PhoneRecognizer(List.of("US"))), /* threshold= */ 0.8, /* hintedThreshold= */ 0.5);

  /** {@code valid} e-mail addresses followed by {@code invalid} non-addresses. */
  private static List<String> emails(int valid, int invalid) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < valid; i++) out.add("user" + i + "@example.com");
    for (int i = 0; i < invalid; i++) out.add("nobody" + i);
    return out;
  }

  @Test
  void classify_allValidEmails_isEmailWithFullConfidence() {
    ColumnClassifier.Classification c = C.classify("contact", emails(10, 0));
    assertEquals(PiiClass.EMAIL_ADDRESS, c.entity());
    assertFalse(c.freeText());
    assertEquals(10, c.sampled());
    assertEquals(10, c.matched());
    assertEquals(1.0, c.confidence());
    assertTrue(c.isPii());
  }

  @Test
  void classify_shareAtThreshold_isTaggedAndBelowIsNot() {
    assertEquals(PiiClass.EMAIL_ADDRESS, C.classify("contact", emails(8, 2)).entity());
    ColumnClassifier.Classification below = C.classify("contact", emails(7, 3));
    assertNull(below.entity());
    assertFalse(below.isPii());
  }

  @Test
  void classify_nameHint_lowersTheThresholdAndRaisesConfidence() {
    ColumnClassifier.Classification c = C.classify("Work_Email", emails(6, 4));
    assertEquals(PiiClass.EMAIL_ADDRESS, c.entity());
    assertEquals(0.65, c.confidence(), 1e-9);
    assertNull(C.classify("Work_Email", emails(4, 6)).entity());
  }

  @Test
  void classify_nullAndBlankValues_areNotCounted() {
    List<String> v = new ArrayList<>(emails(4, 0));
    v.addAll(Arrays.asList(null, "", "   ", null));
    ColumnClassifier.Classification c = C.classify("contact", v);
    assertEquals(PiiClass.EMAIL_ADDRESS, c.entity());
    assertEquals(4, c.sampled());
  }

  @Test
  void classify_noValues_isNothingWithZeroSampled() {
    ColumnClassifier.Classification c = C.classify("email", Arrays.asList(null, " "));
    assertNull(c.entity());
    assertFalse(c.freeText());
    assertEquals(0, c.sampled());
    assertTrue(c.describe().contains("no PII found in 0 sampled values"), c.describe());
  }

  @Test
  void classify_phoneColumn_isPhoneNumber() {
    ColumnClassifier.Classification c = C.classify("c2", List.of("+1 650-253-0000", "(201) 555-0123", "617-253-1000", "(650) 253-0000"));
    assertEquals(PiiClass.PHONE_NUMBER, c.entity());
    assertEquals(4, c.matched());
  }

  @Test
  void classify_freeTextWithEmbeddedAddresses_isFreeTextWithTheEntity() {
    List<String> notes = List.of("please reply to ann@example.com tomorrow", "customer asked about the invoice again",
        "forwarded to bob@example.org for review");
    ColumnClassifier.Classification c = C.classify("notes", notes);
    assertNull(c.entity());
    assertTrue(c.freeText());
    assertEquals(Set.of(PiiClass.EMAIL_ADDRESS), c.textEntities());
    assertEquals(3, c.sampled());
    assertEquals(2, c.matched());
    assertTrue(c.isPii());
  }

  @Test
  void classify_freeTextWithPhoneNumbers_findsThem() {
    ColumnClassifier.Classification c = C.classify("notes",
        List.of("call me back on +1 650-253-0000 please", "left a voicemail at the office desk"));
    assertEquals(Set.of(PiiClass.PHONE_NUMBER), c.textEntities());
  }

  @Test
  void classify_freeTextWithoutPii_isFreeTextOnly() {
    ColumnClassifier.Classification c = C.classify("notes", List.of("the quick brown fox jumps", "over the lazy dog twice"));
    assertTrue(c.freeText());
    assertFalse(c.isPii());
    assertTrue(c.describe().contains("free text, no PII spans in 2 sampled values"), c.describe());
  }

  @Test
  void classify_shortTextWithAnAddress_isNeitherStructuredNorFreeText() {
    ColumnClassifier.Classification c = C.classify("misc", List.of("ann@example.com", "foo", "bar", "baz", "qux"));
    assertNull(c.entity());
    assertFalse(c.freeText());
    assertFalse(c.isPii());
  }

  @Test
  void describe_reportsCountsButNeverValues() {
    List<String> v = emails(9, 1);
    for (ColumnClassifier.Classification c : List.of(C.classify("contact", v),
        C.classify("notes", List.of("write to secret.person@example.com about this soon")))) {
      String d = c.describe();
      assertFalse(d.contains("@example"), d);
      assertFalse(d.contains("nobody"), d);
      assertFalse(d.contains("secret"), d);
    }
    assertEquals("contact: EMAIL_ADDRESS (9 of 10 sampled values valid, confidence 0.90)", C.classify("contact", v).describe());
  }

  @org.junit.jupiter.api.Test
  void words_matchHintsAsWholeWords() {
    org.junit.jupiter.api.Assertions.assertEquals(" email address ", ColumnClassifier.words("emailAddress"));
    org.junit.jupiter.api.Assertions.assertEquals(" email address ", ColumnClassifier.words("Email_Address"));
    org.junit.jupiter.api.Assertions.assertTrue(ColumnClassifier.words("client_ip").contains(ColumnClassifier.words("ip")));
    org.junit.jupiter.api.Assertions.assertFalse(ColumnClassifier.words("zip").contains(ColumnClassifier.words("ip")));
    org.junit.jupiter.api.Assertions.assertFalse(ColumnClassifier.words("business_unit").contains(ColumnClassifier.words("sin")));
    org.junit.jupiter.api.Assertions.assertTrue(ColumnClassifier.words("social_insurance_no").contains(ColumnClassifier.words("social insurance")));
  }
}
