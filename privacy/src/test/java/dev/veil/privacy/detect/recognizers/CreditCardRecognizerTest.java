package dev.veil.privacy.detect.recognizers;

import static dev.veil.privacy.detect.recognizers.TestNumbers.bump;
import static dev.veil.privacy.detect.recognizers.TestNumbers.found;
import static dev.veil.privacy.detect.recognizers.TestNumbers.group;
import static dev.veil.privacy.detect.recognizers.TestNumbers.offsets;
import static dev.veil.privacy.detect.recognizers.TestNumbers.withLuhn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Span;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreditCardRecognizerTest {

  private static final CreditCardRecognizer R = new CreditCardRecognizer();

  @ParameterizedTest
  @ValueSource(strings = {"4111 1111 1111 1111", "4111111111111111", "4111-1111-1111-1111", "5555 5555 5555 4444",
      "2221 0000 0000 0009", "378282246310005", "3782 822463 10005", "6011 1111 1111 1117", "30569309025904",
      "3056 930902 5904", "4222222222222", "  4012 8888 8888 1881  "})
  void validates_publishedTestCards_isTrue(String v) {
    assertTrue(R.validates(v));
  }

  @Test
  void validates_generatedLuhnValidCardsOfEachIssuer_isTrue() {
    Random rnd = new Random(7);
    for (String prefix : List.of("4", "51", "55", "2720", "34", "37", "6011", "65", "36")) {
      for (int i = 0; i < 20; i++) {
        int len = prefix.startsWith("3") && !prefix.equals("36") ? 15 : prefix.equals("36") ? 14 : 16;
        String card = withLuhn(prefix + TestNumbers.randomDigits(rnd, len - prefix.length() - 1));
        assertTrue(R.validates(card), card);
        assertTrue(Checksums.luhn(card));
        for (int d = 0; d < card.length(); d++) {
          assertFalse(R.validates(bump(card, d)), "one digit changed must fail the checksum");
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"4111 1111 1111 1112", "4111111111111", "41111111111111111111", "1234 5678 9012 3456",
      "3530111333300000", // JCB: Luhn-valid but not an accepted issuer
      "4111 1111-1111 1111", "4111  1111 1111 1111", "41 11 11 11 11 11 11 11", "4111 1111 1111 1111 x", "card 4111111111111111",
      "", "   ", "abcd"})
  void validates_badChecksumLengthIssuerOrGrouping_isFalse(String v) {
    assertFalse(R.validates(v));
  }

  @Test
  void validates_luhnValidUnknownIssuer_isFalse() {
    String card = withLuhn("900000000000000");
    assertTrue(Checksums.luhn(card));
    assertFalse(R.validates(card));
  }

  @Test
  void find_cardsInSentence_giveOffsetsScoreAndExplanation() {
    String text = "Paid with 4111 1111 1111 1111, then 5555-5555-5555-4444 and 378282246310005.";
    assertEquals(List.of(List.of(10, 29), List.of(36, 55), List.of(60, 75)), offsets(R, text));
    Span s = R.find(text).get(0);
    assertEquals(PiiClass.CREDIT_CARD, s.entity());
    assertEquals(1.0, s.score());
    assertTrue(s.explanation().contains("Luhn") && s.explanation().contains("CreditCardValidator"));
  }

  @Test
  void find_cardAmongOtherNumberGroups_isFoundAtGroupBoundaries() {
    assertEquals(List.of("4111 1111 1111 1111"), found(R, "ref 12 4111 1111 1111 1111 exp 12 25"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"x41111111111111111", "41111111111111111x", "141111111111111111", "41111111111111111111",
      "3.4111111111111111", "4111111111111111.5", "id_4111111111111111", "4111 1111 1111 1112"})
  void find_insideLongerRunsOrWords_isNothing(String text) {
    assertEquals(List.of(), R.find(text));
  }

  @Test
  void find_emptyAndNull_giveNothing() {
    assertEquals(List.of(), R.find(""));
    assertEquals(List.of(), R.find(null));
    assertFalse(R.validates(null));
  }

  @Test
  void find_generatedCardsInText_allFoundWithoutOverlap() {
    Random rnd = new Random(11);
    StringBuilder text = new StringBuilder();
    int cards = 0;
    for (int i = 0; i < 50; i++) {
      String card = withLuhn("4" + TestNumbers.randomDigits(rnd, 14));
      text.append(i % 2 == 0 ? group(card, " ", 4, 4, 4, 4) : card).append(i % 3 == 0 ? "; " : " and ");
      cards++;
    }
    assertEquals(cards, found(R, text.toString()).size());
  }

  @Test
  void idHintsAndEntity() {
    assertEquals(PiiClass.CREDIT_CARD, R.entity());
    assertEquals(List.of("card", "credit", "cc", "pan"), R.nameHints());
    assertFalse(R.id().isBlank());
  }

  @Test
  void serializable() throws Exception {
    TestNumbers.assertSerializable(R, "card 4111 1111 1111 1111");
  }

  @Test
  void find_adversarialMegabyteInputs_finishWithoutHanging() {
    TestNumbers.assertLinear(R);
  }
}
