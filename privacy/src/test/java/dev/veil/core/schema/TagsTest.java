package dev.veil.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TagsTest {

  @Test
  void none_hasNoTagsAndInternalSensitivity() {
    assertFalse(Tags.NONE.isPii());
    assertEquals(Sensitivity.INTERNAL, Tags.NONE.sensitivity());
    assertEquals(List.of(), Tags.NONE.toWords());
    assertEquals("", Tags.NONE.toString());
  }

  @Test
  void parse_everyWord_setsItsTag() {
    Tags t = Tags.parse(List.of("pii:EMAIL_ADDRESS", "pii:PERSON", "sensitivity:restricted", "privacy-unit", "label", "event-time",
        "free-text", "masked"));
    assertEquals(List.of(PiiClass.EMAIL_ADDRESS, PiiClass.PERSON), List.copyOf(t.piiClasses()));
    assertEquals(Sensitivity.RESTRICTED, t.sensitivity());
    assertTrue(t.privacyUnit());
    assertTrue(t.label());
    assertTrue(t.eventTime());
    assertTrue(t.freeText());
    assertTrue(t.masked());
  }

  @Test
  void parse_wordsInAnyCaseWithSpaces_areAccepted() {
    Tags t = Tags.parse(List.of(" PII:email_address ", "Privacy-Unit", "SENSITIVITY: Public"));
    assertEquals(List.of(PiiClass.EMAIL_ADDRESS), List.copyOf(t.piiClasses()));
    assertTrue(t.privacyUnit());
    assertEquals(Sensitivity.PUBLIC, t.sensitivity());
  }

  @Test
  void withPii_raisesSensitivityToConfidentialButNeverLowersIt() {
    assertEquals(Sensitivity.CONFIDENTIAL, Tags.NONE.withPii(PiiClass.PERSON).sensitivity());
    assertEquals(Sensitivity.RESTRICTED, Tags.NONE.withSensitivity(Sensitivity.RESTRICTED).withPii(PiiClass.PERSON).sensitivity());
  }

  @Test
  void piiClasses_areSortedAndUnmodifiable() {
    Tags t = Tags.NONE.withPii(PiiClass.PHONE_NUMBER).withPii(PiiClass.EMAIL_ADDRESS);
    assertEquals(List.of("pii:EMAIL_ADDRESS", "pii:PHONE_NUMBER"), t.toWords());
    assertThrows(UnsupportedOperationException.class, () -> t.piiClasses().add(PiiClass.PERSON));
  }

  static Stream<Arguments> tagWordLists() {
    return Stream.of(
        Arguments.of(List.of()),
        Arguments.of(List.of("pii:EMAIL_ADDRESS")),
        Arguments.of(List.of("pii:EMAIL_ADDRESS", "sensitivity:restricted")),
        Arguments.of(List.of("pii:EMAIL_ADDRESS", "sensitivity:public")),
        Arguments.of(List.of("pii:EMAIL_ADDRESS", "sensitivity:internal")),
        Arguments.of(List.of("sensitivity:confidential")),
        Arguments.of(List.of("sensitivity:public", "label")),
        Arguments.of(List.of("privacy-unit", "event-time", "free-text", "masked", "pii:US_SSN", "pii:PERSON")));
  }

  @ParameterizedTest
  @MethodSource("tagWordLists")
  void toWords_thenParse_reproducesTheTags(List<String> words) {
    Tags t = Tags.parse(words);
    assertEquals(t, Tags.parse(t.toWords()), "words " + t.toWords());
  }

  @Test
  void toWords_piiWithDefaultConfidentialSensitivity_omitsTheSensitivityWord() {
    assertEquals(List.of("pii:PERSON"), Tags.parse(List.of("pii:PERSON")).toWords());
    assertEquals(List.of("sensitivity:confidential"), Tags.parse(List.of("sensitivity:confidential")).toWords());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pii", "privacy_unit", "secret", "", "sensitive"})
  void with_unknownWord_failsListingAllowedWords(String word) {
    String m = assertThrows(IllegalArgumentException.class, () -> Tags.NONE.with(word)).getMessage();
    assertTrue(m.contains(Tags.ALLOWED), m);
    assertTrue(m.contains("Provided value: '" + word + "'"), m);
  }

  @Test
  void with_badSensitivityLevel_failsListingLevels() {
    String m = assertThrows(IllegalArgumentException.class, () -> Tags.NONE.with("sensitivity:top-secret")).getMessage();
    assertTrue(m.contains("public, internal, confidential, restricted"), m);
    assertTrue(m.contains("'top-secret'"), m);
  }

  @Test
  void with_badPiiClassName_failsWithTheNamingRule() {
    String m = assertThrows(IllegalArgumentException.class, () -> Tags.NONE.with("pii:e-mail")).getMessage();
    assertTrue(m.contains("[A-Z][A-Z0-9_]*"), m);
    assertThrows(IllegalArgumentException.class, () -> Tags.NONE.with("pii:"));
  }

  @Test
  void constructor_nullSensitivity_fails() {
    assertThrows(IllegalArgumentException.class, () -> new Tags(new java.util.TreeSet<>(), null, false, false, false, false, false));
  }
}
