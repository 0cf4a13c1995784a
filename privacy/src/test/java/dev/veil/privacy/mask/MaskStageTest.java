package dev.veil.privacy.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.plan.StageExecutor;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Tags;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StagePlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskStageTest {

  private static final Schema IN = Schema.of(
      Field.of("id", FieldType.STRING).withTags(Tags.parse(List.of("privacy-unit"))),
      Field.of("email", FieldType.STRING).withTags(Tags.parse(List.of("pii:EMAIL_ADDRESS"))),
      Field.of("phone", FieldType.STRING).withTags(Tags.parse(List.of("pii:PHONE_NUMBER"))),
      Field.of("notes", FieldType.STRING).withTags(Tags.parse(List.of("free-text", "pii:EMAIL_ADDRESS", "pii:PHONE_NUMBER"))),
      Field.of("city", FieldType.STRING));

  private static final Object[] ROW = {"c1", "john.doe@example.com", "+1 650-253-0000",
      "mail john@example.com or call +1 650-253-0000 today", "Berlin"};

  private static StagePlan plan(MaskStage s) {
    return s.plan(new StageContext(IN, 4, List.of()));
  }

  private static Object[] run(MaskStage s, Object[] row) {
    return new StageExecutor(IN, plan(s).ops()).apply(row);
  }

  @Test
  void execute_allPii_masksStructuredFieldsWholeAndOnlySpansInFreeText() {
    Object[] out = run(MaskStage.allPii(), ROW);
    assertArrayEquals(new Object[] {"c1", "********************", "***************",
        "mail **************** or call *************** today", "Berlin"}, out);
  }

  @Test
  void plan_freeTextTaggedWithClassNoRecognizerFinds_masksTheWholeValue() {
    Schema in = Schema.of(Field.of("bio", FieldType.STRING).withTags(Tags.parse(List.of("free-text", "pii:LOYALTY_ID", "pii:EMAIL_ADDRESS"))));
    MaskStage s = MaskStage.allPii();
    StagePlan p = s.plan(new StageContext(in, 1, List.of()));
    Object[] out = new StageExecutor(in, p.ops()).apply(new Object[] {"Ann Smith wrote from ann@example.com"});
    assertEquals("*".repeat("Ann Smith wrote from ann@example.com".length()), out[0]);
    assertTrue(p.notes().get(0).contains("LOYALTY_ID"), p.notes().toString());
    assertTrue(p.output().field(0).tags().masked());
  }

  @Test
  void execute_keepLastAndPreserve_applyToWholeValuesAndEachSpan() {
    MaskStage s = MaskStage.allPii().withOperator(new MaskOperator('#', 0, 4, "@."));
    Object[] out = run(s, ROW);
    assertEquals("####.###@#######.com", out[1]);
    assertEquals("###########0000", out[2]);
    assertEquals("mail ####@#######.com or call ###########0000 today", out[3]);
  }

  @Test
  void execute_entitiesFilter_masksOnlyFieldsAndSpansOfThoseEntities() {
    Object[] out = run(MaskStage.of(PiiClass.PHONE_NUMBER), ROW);
    assertEquals("john.doe@example.com", out[1]);
    assertEquals("***************", out[2]);
    assertEquals("mail john@example.com or call *************** today", out[3]);
  }

  @Test
  void execute_listedColumn_isMaskedWholeEvenWithoutPiiTag() {
    MaskStage s = new MaskStage("m", List.of(PiiClass.EMAIL_ADDRESS), List.of("city", "notes"), new MaskOperator('*', 1, 0, ""), List.of());
    Object[] out = run(s, ROW);
    assertEquals("B*****", out[4]);
    assertEquals("m" + "*".repeat(((String) ROW[3]).length() - 1), out[3], "a listed free-text field is masked whole");
    assertEquals("+1 650-253-0000", out[2]);
  }

  @Test
  void execute_nullAndTextWithoutPii_stayAsTheyAre() {
    Object[] out = run(MaskStage.allPii(), new Object[] {"c2", null, null, "nothing to see here", null});
    assertArrayEquals(new Object[] {"c2", null, null, "nothing to see here", null}, out);
  }

  @Test
  void execute_supplementaryMaskCharOverSeveralSpans_masksEverySpanExactly() {
    MaskStage s = MaskStage.of(PiiClass.EMAIL_ADDRESS).withOperator(new MaskOperator(0x1F648, 0, 0, "@"));
    Object[] out = run(s, new Object[] {"c", null, null, "a@example.com and b@example.org", null});
    String m = "\uD83D\uDE48";
    assertEquals(m + "@" + m.repeat(11) + " and " + m + "@" + m.repeat(11), out[3]);
  }

  @Test
  void execute_overlappingSpans_areMaskedOnce() {
    MaskOperator op = new MaskOperator('*', 0, 0, "");
    String t = "x a@example.com y";
    assertEquals("x ************* y", MaskStage.maskSpans(t, new dev.veil.privacy.detect.Analyzer(List.of(
        new dev.veil.privacy.detect.EmailRecognizer(), new dev.veil.privacy.detect.EmailRecognizer()),
        dev.veil.privacy.detect.AnalyzerConfig.defaults()), op));
  }

  @Test
  void plan_masksTaggedFieldsAndMarksThemMasked() {
    StagePlan p = plan(MaskStage.allPii());
    Schema out = p.output();
    assertEquals(IN.names(), out.names());
    for (String f : List.of("email", "phone", "notes")) {
      assertTrue(out.require(f, "t").tags().masked(), f);
      assertEquals(IN.require(f, "t").tags().piiClasses(), out.require(f, "t").tags().piiClasses(), "PII classes are kept");
    }
    assertFalse(out.require("id", "t").tags().masked());
    assertFalse(out.require("city", "t").tags().masked());
    assertEquals(3, p.ops().size());
  }

  @Test
  void description_lineageMarksMaskingOnMaskedFieldsOnly() {
    StagePlan p = plan(MaskStage.allPii());
    assertEquals(List.of("email", "phone", "notes"), p.description().reads());
    List<FieldLineage> w = p.description().writes();
    assertEquals(FieldLineage.identity("id"), w.get(0));
    assertEquals(new FieldLineage("email", List.of("email"), FieldLineage.Kind.DIRECT, "TRANSFORMATION", true, "masked whole value"), w.get(1));
    assertTrue(w.get(3).masking());
    assertEquals("masked [EMAIL_ADDRESS, PHONE_NUMBER] spans in free text", w.get(3).description());
    assertEquals(FieldLineage.identity("city"), w.get(4));
    assertEquals(List.of("email: masked whole value", "phone: masked whole value",
        "notes: masked [EMAIL_ADDRESS, PHONE_NUMBER] spans in free text"), p.notes());
  }

  @Test
  void plan_noTaggedField_masksNothingAndSaysSo() {
    Schema in = Schema.of(Field.of("city", FieldType.STRING));
    StagePlan p = MaskStage.of(PiiClass.PERSON).plan(new StageContext(in, 1, List.of()));
    assertEquals(List.of(), p.ops());
    assertEquals(in, p.output());
    assertEquals(List.of("no field carries the tags [PERSON]; nothing masked"), p.notes());
  }

  @Test
  void plan_taggedNonStringField_failsSayingCastFirst() {
    Schema in = Schema.of(Field.of("ssn", FieldType.LONG).withTags(Tags.parse(List.of("pii:US_SSN"))));
    String m = assertThrows(IllegalArgumentException.class, () -> MaskStage.allPii().plan(new StageContext(in, 1, List.of()))).getMessage();
    assertTrue(m.contains("'ssn' is long") && m.contains("Cast it to string first"), m);
  }

  @Test
  void plan_listedUnknownColumn_failsListingFields() {
    MaskStage s = new MaskStage("m", List.of(), List.of("town"), new MaskOperator('*', 0, 0, ""), List.of());
    String m = assertThrows(IllegalArgumentException.class, () -> plan(s)).getMessage();
    assertTrue(m.contains("'town'") && m.contains("[id, email, phone, notes, city]"), m);
  }

  @Test
  void params_holdEveryOperatorSetting() {
    MaskStage s = new MaskStage("m", List.of(PiiClass.EMAIL_ADDRESS), List.of("city"), new MaskOperator('#', 1, 4, "@."), List.of("GB"));
    assertEquals(List.of("EMAIL_ADDRESS"), s.params().get("entities"));
    assertEquals(List.of("city"), s.params().get("columns"));
    assertEquals("#", s.params().get("char"));
    assertEquals(1, s.params().get("keepFirst"));
    assertEquals(4, s.params().get("keepLast"));
    assertEquals("@.", s.params().get("preserve"));
    assertEquals(List.of("GB"), s.params().get("regions"));
  }

  @Test
  void constructor_nullOperator_fails() {
    assertThrows(IllegalArgumentException.class, () -> new MaskStage("m", List.of(), List.of(), null, List.of()));
  }

  @Test
  void constructor_reservedColumnName_fails() {
    assertThrows(IllegalArgumentException.class,
        () -> new MaskStage("m", List.of(), List.of("_veil_x"), new MaskOperator('*', 0, 0, ""), List.of()));
  }

  @Test
  void constructor_unsupportedRegion_failsAtConstructionNotAtPlanTime() {
    String m = assertThrows(IllegalArgumentException.class,
        () -> new MaskStage("m", List.of(), List.of(), new MaskOperator('*', 0, 0, ""), List.of("XX"))).getMessage();
    assertTrue(m.contains("'XX'"), m);
  }

  @Test
  void plan_freeTextWithPersonSpans_masksOnlyTheSpans() {
    Schema in = Schema.of(Field.of("bio", FieldType.STRING).withTags(Tags.parse(List.of("free-text", "pii:PERSON", "pii:EMAIL_ADDRESS"))));
    StagePlan p = MaskStage.allPii().plan(new StageContext(in, 1, List.of()));
    Object[] out = new StageExecutor(in, p.ops()).apply(new Object[] {"Ann Smith wrote from ann@example.com"});
    assertEquals("********* wrote from ***************", out[0]);
  }
}
