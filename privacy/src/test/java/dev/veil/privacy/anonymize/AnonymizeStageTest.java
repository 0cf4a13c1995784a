package dev.veil.privacy.anonymize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.RecordException;
import dev.veil.core.error.SpecException;
import dev.veil.core.plan.StageExecutor;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Tags;
import dev.veil.core.spec.SpecNode;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StagePlan;
import dev.veil.privacy.keys.KeyException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnonymizeStageTest {
  @TempDir static Path dir;
  static TestKeys keys;

  static final Schema IN = Schema.of(
      Field.of("id", FieldType.STRING).withTags(Tags.parse(List.of("privacy-unit"))),
      Field.of("email", FieldType.STRING).withTags(Tags.parse(List.of("pii:EMAIL_ADDRESS"))),
      Field.of("card", FieldType.STRING).withTags(Tags.parse(List.of("pii:CREDIT_CARD"))),
      Field.of("notes", FieldType.STRING).withTags(Tags.parse(List.of("free-text", "pii:EMAIL_ADDRESS", "pii:PHONE_NUMBER"))),
      Field.of("visit", FieldType.DATE),
      Field.of("age", FieldType.LONG),
      Field.of("city", FieldType.STRING));

  static final Object[] ROW = {"c1", "ann@example.com", "4111 1111 1111 1111",
      "mail ann@example.com or call +1 650-253-0000 today", LocalDate.of(2024, 3, 17), 97L, "Berlin"};

  @BeforeAll
  static void setUp() {
    keys = TestKeys.create(dir);
  }

  /** The stage of docs/anonymization.md's example (with the test's keyset and master key file). */
  static String yaml() {
    return "columns:\n"
        + "  email: {op: tokenize, domain: customer}\n"
        + "  card: {op: ff1, alphabet: digits, luhn: true, domain: cards}\n"
        + "  visit: {op: dateshift, subject: id, maxDays: 30, domain: visits}\n"
        + "  age: {op: topcode, top: 90}\n"
        + "tags:\n"
        + "  EMAIL_ADDRESS: {op: hash, domain: customer, bytes: 16}\n"
        + "  PHONE_NUMBER: {op: replace}\n"
        + "keyset: " + keys.keysetFile() + "\n"
        + "masterKey: " + keys.masterKeySpec() + "\n";
  }

  static AnonymizeStage parse(String yaml) {
    return (AnonymizeStage) AnonymizeStage.PROVIDER.parse(SpecNode.parse("anon.yaml", new StringReader(yaml)), "anonymize");
  }

  static StagePlan plan(AnonymizeStage s) {
    return s.plan(new StageContext(IN, 1, List.of()));
  }

  @Test
  void execute_appliesColumnOperatorsWholeAndTagOperatorsToFreeTextSpans() {
    StagePlan p = plan(parse(yaml()));
    Object[] out = new StageExecutor(IN, p.ops()).apply(ROW);
    assertEquals("c1", out[0]);
    assertTrue(((String) out[1]).matches("k\\d+:[A-Za-z0-9_-]+"), (String) out[1]);
    String card = (String) out[2];
    assertTrue(card.matches("\\d{4} \\d{4} \\d{4} \\d{4}") && !card.equals(ROW[2]), card);
    assertTrue(Ff1Test.luhnValid(card.replace(" ", "")), card);
    String notes = (String) out[3];
    assertTrue(notes.matches("mail [0-9a-f]{32} or call <PHONE_NUMBER> today"), notes);
    long shift = ChronoUnit.DAYS.between((LocalDate) ROW[4], (LocalDate) out[4]);
    assertTrue(Math.abs(shift) <= 30, "shift " + shift);
    assertEquals(90L, out[5]);
    assertEquals("Berlin", out[6]);
  }

  @Test
  void plan_tagsOutputsMasked_andDescribesOperatorsWithKeyIdsForLineage() {
    StagePlan p = plan(parse(yaml()));
    for (String f : List.of("email", "card", "notes", "visit", "age")) {
      assertTrue(p.output().require(f, "t").tags().masked(), f);
    }
    assertFalse(p.output().require("city", "t").tags().masked());
    Map<String, FieldLineage> w = new java.util.HashMap<>();
    p.description().writes().forEach(l -> w.put(l.output(), l));
    assertTrue(w.get("email").masking());
    assertTrue(w.get("email").description().startsWith("tokenize {algorithm=AES-256-SIV, domain=customer, keyIdPrefix=true, keyId="),
        w.get("email").description());
    assertEquals(List.of("visit", "id"), w.get("visit").inputs());
    assertTrue(w.get("notes").description().contains("EMAIL_ADDRESS spans: hash"), w.get("notes").description());
    assertFalse(w.get("city").masking());
    assertEquals(keys.keysetFile().toString(), p.description().parameters().get("keyset"));
    assertFalse(p.description().toString().contains("material"));
  }

  @Test
  void params_roundTripThroughTheProvider() {
    AnonymizeStage s = parse(yaml());
    assertEquals(Map.of("op", "tokenize", "domain", "customer"), s.columns().get("email"));
    String written = toYaml(s.params());
    assertEquals(s, parse(written), written);
  }

  private static String toYaml(Map<String, Object> params) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).writeValueAsString(params);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void twoStagesFromTheSameKeysetFile_produceIdenticalOutput() {
    Object[] a = new StageExecutor(IN, plan(parse(yaml())).ops()).apply(ROW);
    Object[] b = new StageExecutor(IN, plan(parse(yaml())).ops()).apply(ROW);
    assertEquals(List.of(a), List.of(b));
    Object[] other = ROW.clone();
    other[0] = "c2";
    Object[] c = new StageExecutor(IN, plan(parse(yaml())).ops()).apply(other);
    assertEquals(a[1], c[1], "the token does not depend on the rest of the record");
  }

  @Test
  void plannedOps_serializeLikeASparkClosure_andGiveTheSameOutputAfterReloadingTheKeyset() throws Exception {
    StagePlan p = plan(parse(yaml()));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(bytes)) {
      o.writeObject(new java.util.ArrayList<>(p.ops()));
    }
    @SuppressWarnings("unchecked")
    List<dev.veil.core.stage.Op> copy = (List<dev.veil.core.stage.Op>) new java.io.ObjectInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray())).readObject();
    assertEquals(List.of(new StageExecutor(IN, p.ops()).apply(ROW)), List.of(new StageExecutor(IN, copy).apply(ROW)));
  }

  @Test
  void ff1OnCardSpansInFreeText_keepsThemValidLookingCards() {
    Schema in = Schema.of(Field.of("memo", FieldType.STRING).withTags(Tags.parse(List.of("free-text", "pii:CREDIT_CARD"))));
    AnonymizeStage s = parse("tags:\n  CREDIT_CARD: {op: ff1, luhn: true, domain: cards}\nkeyset: " + keys.keysetFile()
        + "\nmasterKey: " + keys.masterKeySpec() + "\n");
    String memo = "paid with 4111-1111-1111-1111 on Monday";
    String out = (String) new StageExecutor(in, s.plan(new StageContext(in, 1, List.of())).ops()).apply(new Object[] {memo})[0];
    assertTrue(out.matches("paid with \\d{4}-\\d{4}-\\d{4}-\\d{4} on Monday") && !out.equals(memo), out);
    String card = out.substring("paid with ".length(), "paid with ".length() + 19);
    assertTrue(Ff1Test.luhnValid(card.replace("-", "")), card);
  }

  @Test
  void unencodableValue_deadLettersTheRecordNamingColumnAndClassNotTheValue() {
    StagePlan p = plan(parse(yaml()));
    Object[] row = ROW.clone();
    row[2] = "4111 11";
    RecordException e = assertThrows(RecordException.class, () -> new StageExecutor(IN, p.ops()).apply(row));
    assertEquals(AnonymizeStage.ANONYMIZE_FAILED, e.reason());
    assertEquals("card", e.field());
    assertTrue(e.getMessage().startsWith("column 'card' (value class [CREDIT_CARD]): the value is too short for FF1"), e.getMessage());
    assertFalse(e.getMessage().contains("4111"), e.getMessage());
    row[2] = "4111 1111 1111 111X";
    RecordException x = assertThrows(RecordException.class, () -> new StageExecutor(IN, p.ops()).apply(row));
    assertTrue(x.getMessage().contains("outside the FF1 alphabet digits"), x.getMessage());
  }

  @Test
  void recordSuppression_dropsMatchingRecordsBeforeTransforming() {
    AnonymizeStage s = parse("columns:\n  age: {op: suppress, record: true, when: \"age > 95\"}\n  city: suppress\n");
    StagePlan p = plan(s);
    StageExecutor ex = new StageExecutor(IN, p.ops());
    assertNull(ex.apply(ROW), "age 97 is dropped");
    Object[] young = ROW.clone();
    young[5] = 40L;
    Object[] out = ex.apply(young);
    assertEquals(40L, out[5]);
    assertNull(out[6], "cell suppression nulls the city");
    Object[] unknown = ROW.clone();
    unknown[5] = null;
    assertNull(ex.apply(unknown), "an unknown condition drops the record (fail closed)");
    assertTrue(p.notes().stream().anyMatch(n -> n.contains("records dropped when (age > 95) is true or unknown")), p.notes().toString());
    assertTrue(p.output().require("city", "t").nullable());
  }

  @Test
  void missingMasterKey_failsAtPlanTimeNamingTheVariable() {
    AnonymizeStage s = parse("columns:\n  email: tokenize\nkeyset: " + keys.keysetFile() + "\nmasterKey: env:VEIL_TEST_SURELY_UNSET_KEY\n");
    KeyException e = assertThrows(KeyException.class, () -> plan(s));
    assertTrue(e.getMessage().contains("environment variable VEIL_TEST_SURELY_UNSET_KEY"), e.getMessage());
  }

  @Test
  void pinnedKeyIdNotInKeyset_failsAtPlanTime() {
    AnonymizeStage s = parse("columns:\n  email: {op: tokenize, keyId: 7}\nkeyset: " + keys.keysetFile() + "\nmasterKey: "
        + keys.masterKeySpec() + "\n");
    KeyException e = assertThrows(KeyException.class, () -> plan(s));
    assertTrue(e.getMessage().contains("key id 7 is not a aes-siv key of keyset " + keys.keysetFile()), e.getMessage());
  }

  @Test
  void badSpecs_areRejectedWhenParsed() {
    assertTrue(assertThrows(SpecException.class, () -> parse("columns:\n  email: tokenize\n")).getMessage().contains("keyset must be set"));
    assertTrue(assertThrows(SpecException.class, () -> parse("columns:\n  email: {op: hash, salt: x}\n")).getMessage()
        .contains("Provided key: 'salt'"));
    assertThrows(SpecException.class, () -> parse("tags:\n  EMAIL_ADDRESS: {op: dateshift, subject: id}\nkeyset: k\n"));
    AnonymizeStage binOnText = parse("tags:\n  EMAIL_ADDRESS: {op: bin, width: 10}\n");
    Schema notesOnly = Schema.of(IN.require("notes", "t"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> binOnText.plan(new StageContext(notesOnly, 1, List.of())));
    assertTrue(e.getMessage().contains("cannot transform spans inside free-text field 'notes'"), e.getMessage());
    AnonymizeStage truncOnString = parse("columns:\n  city: {op: truncate, unit: month}\n");
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> plan(truncOnString));
    assertTrue(t.getMessage().startsWith("anonymize column 'city': operator truncate applies to date, timestamp fields"), t.getMessage());
  }
}
