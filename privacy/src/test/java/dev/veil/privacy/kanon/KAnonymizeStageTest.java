package dev.veil.privacy.kanon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.RecordException;
import dev.veil.core.plan.PlannedStage;
import dev.veil.core.plan.StageExecutor;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.error.SpecException;
import dev.veil.core.spec.SpecNode;
import dev.veil.core.stage.FrequencyPlanner;
import dev.veil.core.stage.Op;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StagePlan;
import dev.veil.core.stage.StageRegistry;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kanonymize and risk stages through their spec form and the engine-neutral reference executor
 * (count, plan, map), checked by recomputing the classes of the output.
 */
class KAnonymizeStageTest {
  static final Schema INPUT = Schema.of(Field.of("id", FieldType.STRING), Field.of("age", FieldType.LONG), Field.of("zip", FieldType.STRING),
      Field.of("sex", FieldType.STRING), Field.of("disease", FieldType.STRING));

  static Object parse(String yaml) {
    return StageRegistry.builtIn().parse(SpecNode.parse("stage.yaml", new StringReader(yaml)));
  }

  /** The random people of LatticeAnonymizerTest, typed (age LONG), one without an age. */
  static List<Object[]> rows(long seed, int n) {
    LatticeAnonymizerTest.Data d = LatticeAnonymizerTest.randomData(seed, n);
    List<Object[]> out = new ArrayList<>();
    for (String[] r : d.table().rows()) out.add(new Object[] {r[0], Long.parseLong(r[1]), r[2], r[3], r[4]});
    out.add(new Object[] {"missing", null, "0", "M", "flu"});
    return out;
  }

  /** Runs a stage with the reference executor: returns [outputs, dead count, filtered count]. */
  static Object[] run(StagePlan plan, List<Object[]> rows) {
    PlannedStage ps = new PlannedStage(1, null, INPUT, plan);
    FrequencyPlanner.Planned planned = ps.executor().frequencies(rows);
    StageExecutor ex = new StageExecutor(INPUT, planned.ops());
    List<Object[]> out = new ArrayList<>();
    int dead = 0;
    int filtered = 0;
    for (Object[] r : rows) {
      try {
        Object[] o = ex.apply(r);
        if (o == null) filtered++;
        else out.add(o);
      } catch (RecordException e) {
        assertEquals("MISSING_QUASI_IDENTIFIER", e.reason());
        assertEquals("age", e.field());
        dead++;
      }
    }
    return new Object[] {out, dead, filtered, planned.report()};
  }

  @Test
  void mondrian_specForm_roundTrips_plansAndMeetsK() {
    KAnonymizeStage s = (KAnonymizeStage) parse("type: kanonymize\nquasiIdentifiers: [age, zip, sex]\nk: 7\nalgorithm: mondrian\n"
        + "sensitive: disease\nl: 2\n");
    assertEquals(s, parse("type: kanonymize\n" + s.params().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
        .reduce("", (a, b) -> a + b + "\n")));
    StagePlan plan = s.plan(new StageContext(INPUT, 1, List.of()));
    assertTrue(plan.ops().get(0) instanceof Op.Frequencies);
    assertEquals(FieldType.STRING, plan.output().require("age", "t").type());
    assertEquals(7, plan.description().parameters().get("k"));
    assertEquals("mondrian", plan.description().parameters().get("algorithm"));
    Object[] r = run(plan, rows(5, 400));
    @SuppressWarnings("unchecked")
    List<Object[]> out = (List<Object[]>) r[0];
    assertEquals(1, r[1]);
    assertEquals(0, r[2]);
    assertEquals(400, out.size());
    Map<String, Integer> size = new HashMap<>();
    Map<String, Set<Object>> l = new HashMap<>();
    for (Object[] o : out) {
      String key = o[1] + "|" + o[2] + "|" + o[3];
      size.merge(key, 1, Integer::sum);
      l.computeIfAbsent(key, x -> new HashSet<>()).add(o[4]);
    }
    assertTrue(size.values().stream().allMatch(v -> v >= 7), size.toString());
    assertTrue(l.values().stream().allMatch(v -> v.size() >= 2));
    @SuppressWarnings("unchecked")
    Map<String, Object> risk = (Map<String, Object>) ((Map<String, Object>) r[3]).get("risk");
    assertEquals((long) size.size(), ((Number) risk.get("equivalence_classes")).longValue());
  }

  @Test
  void lattice_withHierarchyFiles_suppressesWithinTheLimit(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("zip.csv"), LatticeAnonymizerTest.ZIP_ROWS);
    Files.write(dir.resolve("people_hierarchy_sex.csv"), List.of("M;*", "F;*"));
    KAnonymizeStage s = KAnonymizeStage.of(List.of("age", "zip", "sex"), 5, dir.toString()).withAutoHierarchies(5).withMaxSuppression(0.05);
    StagePlan plan = s.plan(new StageContext(INPUT, 1, List.of()));
    Object[] r = run(plan, rows(6, 500));
    @SuppressWarnings("unchecked")
    Map<String, Object> report = (Map<String, Object>) r[3];
    assertEquals(((Number) report.get("suppressed")).longValue(), ((Integer) r[2]).longValue());
    assertTrue((Integer) r[2] <= 25);
    @SuppressWarnings("unchecked")
    List<Object[]> out = (List<Object[]>) r[0];
    Map<String, Integer> size = new HashMap<>();
    for (Object[] o : out) size.merge(o[1] + "|" + o[2] + "|" + o[3], 1, Integer::sum);
    assertTrue(size.values().stream().allMatch(v -> v >= 5));
  }

  @Test
  void risk_reportsWhatRiskMetricsComputes_andPassesRecords() {
    RiskStage s = (RiskStage) parse("type: risk\nquasiIdentifiers: [age, zip]\nsensitive: disease\nthreshold: 0.1\n");
    StagePlan plan = s.plan(new StageContext(INPUT, 1, List.of()));
    assertEquals(INPUT, plan.output());
    List<Object[]> rows = rows(7, 300);
    Object[] r = run(plan, rows);
    assertEquals(rows.size(), ((List<?>) r[0]).size());
    List<String[]> text = new ArrayList<>();
    for (Object[] o : rows) text.add(new String[] {o[1] == null ? null : o[1].toString(), (String) o[2], (String) o[4]});
    Map<String, Object> expected = RiskMetrics.compute(text, new int[] {0, 1}, 2, 0.1).toMap(true);
    @SuppressWarnings("unchecked")
    Map<String, Object> report = (Map<String, Object>) r[3];
    for (String key : List.of("records", "equivalence_classes", "min_class_size", "records_at_risk", "sample_uniques", "min_distinct_l")) {
      assertEquals(((Number) expected.get(key)).longValue(), ((Number) report.get(key)).longValue(), key);
    }
  }

  @Test
  void badParameters_andColumns_failWithClearMessages() {
    SpecException e = assertThrows(SpecException.class, () -> parse("type: kanonymize\nquasiIdentifiers: [age]\nk: 0\n"));
    assertTrue(e.getMessage().contains("k") && e.getMessage().contains("1"), e.getMessage());
    IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
        () -> KAnonymizeStage.of(List.of("age"), 5, null).mondrian().withMaxSuppression(0.1));
    assertTrue(a.getMessage().contains("maxSuppression"), a.getMessage());
    IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
        () -> KAnonymizeStage.of(List.of("age", "height"), 5, null).mondrian().plan(new StageContext(INPUT, 1, List.of())));
    assertTrue(c.getMessage().contains("'height'"), c.getMessage());
    StagePlan plan = KAnonymizeStage.of(List.of("age", "zip"), 2, null).mondrian().withMaxDistinct(10).plan(new StageContext(INPUT, 1, List.of()));
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> run(plan, rows(8, 200)));
    assertTrue(m.getMessage().contains("maxDistinct") && m.getMessage().contains("more than 10 distinct"), m.getMessage());
    StagePlan big = KAnonymizeStage.of(List.of("age"), 1000, null).mondrian().plan(new StageContext(INPUT, 1, List.of()));
    IllegalArgumentException k = assertThrows(IllegalArgumentException.class, () -> run(big, rows(9, 100)));
    assertTrue(k.getMessage().contains("k must be <= the number of records (100)"), k.getMessage());
    SpecException lv = assertThrows(SpecException.class,
        () -> parse("type: kanonymize\nquasiIdentifiers: [age]\nk: 2\nsensitive: disease\nl: 2\nlVariant: distinkt\n"));
    assertTrue(lv.getMessage().contains("lVariant must be distinct, entropy or recursive. Provided value: 'distinkt'"), lv.getMessage());
    SpecException td = assertThrows(SpecException.class,
        () -> parse("type: kanonymize\nquasiIdentifiers: [age]\nk: 2\nsensitive: disease\nt: 0.2\ntDistance: emd\n"));
    assertTrue(td.getMessage().contains("tDistance must be equal or ordered. Provided value: 'emd'"), td.getMessage());
  }
}
