package dev.veil.privacy.detect;

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
import dev.veil.core.schema.Sensitivity;
import dev.veil.core.schema.Tags;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StagePlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectStageTest {

  private static final Schema IN = Schema.of(Field.of("id", FieldType.STRING), Field.of("contact", FieldType.STRING),
      Field.of("tel", FieldType.STRING), Field.of("notes", FieldType.STRING), Field.of("age", FieldType.LONG));

  private static final String[] PHONES = {"+1 650-253-0000", "(201) 555-0123", "617-253-1000", "(650) 253-0000"};

  private static List<Object[]> sample() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String note = i % 2 == 0 ? "customer " + i + " wrote from person" + i + "@example.com about billing" : "called about the delivery date";
      rows.add(new Object[] {"c" + i, "user" + i + "@example.com", PHONES[i % 4], note, (long) i});
    }
    return rows;
  }

  private static StagePlan plan(DetectStage s) {
    return s.plan(new StageContext(IN, 3, sample()));
  }

  @Test
  void plan_defaults_tagsEmailPhoneAndFreeTextColumns() {
    Schema out = plan(DetectStage.defaults()).output();
    Tags contact = out.require("contact", "t").tags();
    assertEquals(List.of(PiiClass.EMAIL_ADDRESS), List.copyOf(contact.piiClasses()));
    assertEquals(Sensitivity.CONFIDENTIAL, contact.sensitivity());
    assertFalse(contact.freeText());
    assertEquals(List.of(PiiClass.PHONE_NUMBER), List.copyOf(out.require("tel", "t").tags().piiClasses()));
    Tags notes = out.require("notes", "t").tags();
    assertTrue(notes.freeText());
    assertEquals(List.of(PiiClass.EMAIL_ADDRESS), List.copyOf(notes.piiClasses()));
    assertEquals(Tags.NONE, out.require("id", "t").tags());
    assertEquals(Tags.NONE, out.require("age", "t").tags());
    assertEquals(IN.names(), out.names());
  }

  @Test
  void plan_keepsDeclaredTagsAndAddsDetectedOnes() {
    Schema in = IN.replace("contact", f -> f.withTags(Tags.parse(List.of("privacy-unit", "sensitivity:restricted"))));
    Tags t = DetectStage.defaults().plan(new StageContext(in, 1, sample())).output().require("contact", "t").tags();
    assertTrue(t.privacyUnit());
    assertEquals(Sensitivity.RESTRICTED, t.sensitivity());
    assertTrue(t.piiClasses().contains(PiiClass.EMAIL_ADDRESS));
  }

  @Test
  void plan_changesTagsOnlyNeverValues() {
    StagePlan p = plan(DetectStage.defaults());
    assertTrue(p.ops().stream().allMatch(o -> o instanceof dev.veil.core.stage.Op.Inspect), p.ops().toString());
    for (Object[] row : sample()) {
      assertArrayEquals(row, new StageExecutor(IN, p.ops()).apply(row, new ArrayList<>()));
    }
  }

  @Test
  void plan_notesGiveCountsAndNeverSampleValues() {
    List<String> notes = plan(DetectStage.defaults()).notes();
    assertEquals("classified 4 field(s) on a sample of 8 record(s)", notes.get(0));
    assertEquals(6, notes.size());
    assertEquals("counting findings in every record over [contact, tel, notes]", notes.get(5));
    for (String n : notes) {
      assertFalse(n.contains("@example.com"), n);
      assertFalse(n.contains("650"), n);
      assertFalse(n.contains("billing"), n);
    }
  }

  @Test
  void description_readsCandidatesAndCopiesEveryField() {
    StagePlan p = plan(DetectStage.defaults());
    assertEquals("detect", p.description().type());
    assertEquals(List.of("id", "contact", "tel", "notes"), p.description().reads());
    assertEquals(IN.names().stream().map(FieldLineage::identity).toList(), p.description().writes());
  }

  @Test
  void plan_listedColumns_classifyOnlyThose() {
    StagePlan p = plan(DetectStage.defaults().withColumns("tel"));
    assertEquals(List.of("tel"), p.description().reads());
    assertFalse(p.output().require("contact", "t").tags().isPii());
    assertTrue(p.output().require("tel", "t").tags().isPii());
  }

  @Test
  void plan_emailOnly_doesNotTagPhones() {
    DetectStage s = new DetectStage("d", List.of(), List.of(PiiClass.EMAIL_ADDRESS), List.of(), 0.8, 0.5);
    Schema out = plan(s).output();
    assertFalse(out.require("tel", "t").tags().isPii());
    assertTrue(out.require("contact", "t").tags().isPii());
  }

  @Test
  void plan_listedNonStringColumn_failsNamingItsType() {
    String m = assertThrows(IllegalArgumentException.class, () -> plan(DetectStage.defaults().withColumns("age"))).getMessage();
    assertTrue(m.contains("'age' is long"), m);
  }

  @Test
  void plan_listedUnknownColumn_failsListingFields() {
    String m = assertThrows(IllegalArgumentException.class, () -> plan(DetectStage.defaults().withColumns("mail"))).getMessage();
    assertTrue(m.contains("'mail'") && m.contains("[id, contact, tel, notes, age]"), m);
  }

  @Test
  void plan_emptySample_tagsNothing() {
    StagePlan p = DetectStage.defaults().plan(new StageContext(IN, 1, List.of()));
    assertEquals(IN, p.output());
    assertEquals("classified 4 field(s) on a sample of 0 record(s)", p.notes().get(0));
  }

  @Test
  void constructor_thresholdOutOfRange_failsNamingIt() {
    for (double t : new double[] {0, -0.1, 1.01, Double.NaN}) {
      String m = assertThrows(IllegalArgumentException.class,
          () -> new DetectStage("d", List.of(), List.of(), List.of(), t, 0.01)).getMessage();
      assertTrue(m.startsWith("threshold must be > 0 and <= 1"), m);
    }
  }

  @Test
  void constructor_hintedThresholdAboveThreshold_fails() {
    String m = assertThrows(IllegalArgumentException.class,
        () -> new DetectStage("d", List.of(), List.of(), List.of(), 0.6, 0.7)).getMessage();
    assertTrue(m.startsWith("hintedThreshold must be > 0 and <= threshold (0.6)"), m);
    assertThrows(IllegalArgumentException.class, () -> new DetectStage("d", List.of(), List.of(), List.of(), 0.6, 0));
  }

  @Test
  void constructor_unsupportedEntity_failsListingSupportedOnes() {
    String m = assertThrows(IllegalArgumentException.class,
        () -> new DetectStage("d", List.of(), List.of(PiiClass.of("STARSHIP_REGISTRY")), List.of(), 0.8, 0.5)).getMessage();
    assertTrue(m.contains(new java.util.TreeSet<>(Recognizers.SUPPORTED).toString()) && m.contains("EMAIL_ADDRESS, ")
        && m.contains("STARSHIP_REGISTRY"), m);
  }

  @Test
  void constructor_badRegion_failsNamingIt() {
    String m = assertThrows(IllegalArgumentException.class, () -> DetectStage.defaults().withRegions("XX")).getMessage();
    assertTrue(m.contains("'XX'"), m);
  }

  @Test
  void constructor_badRegionWithEmailOnly_failsToo() {
    assertThrows(IllegalArgumentException.class,
        () -> new DetectStage("d", List.of(), List.of(PiiClass.EMAIL_ADDRESS), List.of("XX"), 0.8, 0.5));
  }

  @Test
  void constructor_defaults_areEveryBuiltInTypeAndUs() {
    DetectStage d = new DetectStage(null, null, null, null, 0.8, 0.5);
    assertEquals("detect", d.name());
    assertEquals(List.copyOf(new java.util.TreeSet<>(Recognizers.SUPPORTED)), d.entities());
    assertTrue(d.countFindings());
    assertEquals(List.of("US"), d.regions());
    assertEquals(List.of(), d.columns());
  }

  @Test
  void execute_countsFindingsPerRecordWithCodePointOffsets() {
    StagePlan p = plan(DetectStage.defaults());
    assertEquals(1, p.ops().size());
    dev.veil.core.stage.Op.Inspect ins = (dev.veil.core.stage.Op.Inspect) p.ops().get(0);
    assertEquals(List.of("contact", "tel", "notes"), ins.inputs());
    StageExecutor ex = new StageExecutor(IN, p.ops());
    List<dev.veil.core.stage.Finding> found = new ArrayList<>();
    Object[] row = {"c1", "a@example.com", "not a phone", "\uD83D\uDE00 mail x@example.org now", 3L};
    Object[] out = ex.apply(row, found);
    assertArrayEquals(row, out, "detect never changes values");
    assertEquals(List.of(new dev.veil.core.stage.Finding("contact", "EMAIL_ADDRESS", 0, 13, 1.0),
        new dev.veil.core.stage.Finding("notes", "EMAIL_ADDRESS", 7, 20, found.get(1).score())), found);
    assertTrue(found.get(1).toJsonLine("f.csv", 2, 1, "detect").contains("\"start\":7"));
    // null, empty and huge values are scanned without failing
    found.clear();
    ex.apply(new Object[] {"c2", null, "", "x".repeat(5_000_000), 1L}, found);
    assertTrue(found.isEmpty());
  }

  @Test
  void withoutCounting_plansNoOps() {
    assertTrue(plan(DetectStage.defaults().withoutCounting()).ops().isEmpty());
    assertThrows(IllegalArgumentException.class,
        () -> new DetectStage("d", null, null, null, 0.8, 0.5, null, "dir", false));
  }

  @Test
  void customRecognizersFromConfig_tagAndCount(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path cfg = dir.resolve("detect.yaml");
    java.nio.file.Files.writeString(cfg, "recognizers:\n  - {id: cust, entity: CUSTOMER_ID, pattern: 'c[0-9]', score: 0.9, nameHints: [id]}\n");
    StagePlan p = plan(DetectStage.defaults().withConfig(cfg.toString()));
    assertEquals(List.of(PiiClass.of("CUSTOMER_ID")), List.copyOf(p.output().require("id", "t").tags().piiClasses()));
    assertEquals(cfg.toString(), DetectStage.defaults().withConfig(cfg.toString()).params().get("config"));
  }
}
