package dev.veil.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.SpecException;
import dev.veil.core.report.RunReport;
import dev.veil.core.report.StageMetrics;
import dev.veil.core.spec.Engine;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.PipelineSpecs;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.stage.StageRegistry;
import dev.veil.pipelines.beam.BeamRunner;
import dev.veil.pipelines.io.TextFormats;
import dev.veil.pipelines.spark.SparkRunner;
import dev.veil.privacy.kanon.AnonymizationSpec;
import dev.veil.privacy.kanon.GeneralizationHierarchy;
import dev.veil.privacy.kanon.KAnonymizationResult;
import dev.veil.privacy.kanon.LDiversity;
import dev.veil.privacy.kanon.Mondrian;
import dev.veil.privacy.kanon.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code kanonymize} (lattice and Mondrian) and {@code risk} stages on Spark {@code local[*]} and
 * the Beam DirectRunner: identical output records, dead letters, counts and stage reports; every
 * output checked by an independent checker (class sizes, distinct l, every cell covers its input
 * value, the suppressed count); Mondrian equal to the single-machine {@link Mondrian} on the same
 * records; bad input fails at plan time naming the column or file.
 *
 * <p>Data: {@value #ROWS} generated people (seeded), every {@value #MISSING_EVERY}th without an age
 * (dead-lettered by kanonymize, a value of its own for risk).
 */
class KAnonymizeCrossEngineIT {
  static final int ROWS = 3000;
  static final int MISSING_EVERY = 250;
  static final String[] EDUCATION = {"Preschool", "Primary", "HS-grad", "Some-college", "Bachelors", "Masters", "Doctorate", "Prof-school"};
  static final String[] EDU_GROUP = {"Low", "Low", "Medium", "Medium", "High", "High", "Higher", "Higher"};
  static final String[] OCCUPATION = {"Sales", "Tech", "Clerical", "Craft", "Service", "Admin"};
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkRunner.localSession("local[*]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** The people file and the hierarchy folder (sex, education; age and zip get automatic hierarchies). */
  static void writeData(Path dir) throws Exception {
    Random rnd = new Random(42);
    List<String> lines = new ArrayList<>();
    lines.add("id,age,zip,sex,education,occupation");
    for (int r = 1; r <= ROWS; r++) {
      String age = r % MISSING_EVERY == 0 ? "" : String.valueOf(18 + (int) Math.min(62, Math.abs(rnd.nextGaussian() * 18)));
      String zip = String.valueOf(13000 + 10 * rnd.nextInt(40));
      String sex = rnd.nextBoolean() ? "M" : "F";
      String edu = EDUCATION[Math.min(7, (int) Math.abs(rnd.nextGaussian() * 3))];
      String occ = OCCUPATION[rnd.nextInt(OCCUPATION.length)];
      lines.add(String.join(",", "P" + r, age, zip, sex, edu, occ));
    }
    Files.createDirectories(dir.resolve("data"));
    Files.write(dir.resolve("data/people.csv"), lines);
    Path h = Files.createDirectories(dir.resolve("hierarchies"));
    Files.write(h.resolve("sex.csv"), List.of("M;*", "F;*"));
    List<String> edu = new ArrayList<>();
    for (int i = 0; i < EDUCATION.length; i++) edu.add(EDUCATION[i] + ";" + EDU_GROUP[i] + ";*");
    Files.write(h.resolve("education.csv"), edu);
  }

  static Path spec(Path dir, String... stageLines) throws Exception {
    List<String> l = new ArrayList<>(List.of("name: kanon-test", "source:", "  format: csv", "  path: data/people.csv", "  schema: {age: long}",
        "stages:"));
    l.addAll(List.of(stageLines));
    l.addAll(List.of("sink:", "  format: csv", "  path: out", ""));
    Path spec = dir.resolve("kanon.yaml");
    Files.write(spec, l);
    return spec;
  }

  static RunReport run(Path yaml, Engine engine, Path out) {
    PipelineSpec base = PipelineSpecs.load(yaml, StageRegistry.discover());
    PipelineSpec spec = new PipelineSpec(base.name(), engine, base.source(), base.stages(), SinkSpec.csv(out.resolve("out").toString()),
        out.resolve("dead").toString(), out.resolve("report.json").toString(), base.sampleRows());
    return Veil.run(spec, e -> e == Engine.SPARK ? new SparkRunner(spark) : new BeamRunner(), EngineRunner.ProgressListener.NONE);
  }

  /** Runs on both engines and asserts identical records, dead letters, counts and stage reports; returns the Spark report. */
  static RunReport runBoth(Path dir, Path yaml) throws Exception {
    return runBothReports(dir, yaml)[0];
  }

  /** As {@link #runBoth}; returns {Spark's report, Beam's report}. */
  static RunReport[] runBothReports(Path dir, Path yaml) throws Exception {
    RunReport s = run(yaml, Engine.SPARK, dir.resolve("spark"));
    RunReport b = run(yaml, Engine.BEAM, dir.resolve("beam"));
    assertTrue(s.reconciles() && b.reconciles(), s.toText() + b.toText());
    assertEquals(ROWS, s.input());
    CrossEngineIT.assertSameLines(CrossEngineIT.textLines(dir.resolve("spark/out"), true), CrossEngineIT.textLines(dir.resolve("beam/out"), true),
        "output records");
    assertEquals(CrossEngineIT.deadLetters(dir.resolve("spark/dead")), CrossEngineIT.deadLetters(dir.resolve("beam/dead")));
    for (int i = 0; i < s.stages().size(); i++) {
      StageMetrics sm = s.stages().get(i);
      StageMetrics bm = b.stages().get(i);
      assertEquals(List.of(sm.in(), sm.out(), sm.filtered(), sm.deadLettered()), List.of(bm.in(), bm.out(), bm.filtered(), bm.deadLettered()),
          "counts of stage " + i);
      assertEquals(sm.privacy(), bm.privacy(), "report of stage " + i);
    }
    return new RunReport[] {s, b};
  }

  /** The input rows by id. */
  static Map<String, String[]> input(Path dir) throws Exception {
    Map<String, String[]> m = new HashMap<>();
    List<String> lines = Files.readAllLines(dir.resolve("data/people.csv"));
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",", -1);
      m.put(f[0], f);
    }
    return m;
  }

  /**
   * The independent checker: recomputes the classes of the output on (age, zip, sex, education), their
   * sizes and distinct occupations, and checks that every output cell covers the record's input value.
   * Returns {smallest class, smallest distinct l, records}.
   */
  static long[] check(Path dir, List<String> out, int k, int l) throws Exception {
    Map<String, String[]> in = input(dir);
    Map<String, Set<String>> eduLabels = new HashMap<>();
    for (int i = 0; i < EDUCATION.length; i++) eduLabels.put(EDUCATION[i], Set.of(EDUCATION[i], EDU_GROUP[i], "*"));
    Map<String, Integer> size = new HashMap<>();
    Map<String, Set<String>> occ = new HashMap<>();
    for (String line : out) {
      List<String> f = parseCsv(line);
      assertEquals(6, f.size(), line);
      String[] orig = in.get(f.get(0));
      assertEquals(orig[5], f.get(5), "the sensitive and other columns are unchanged");
      for (int c = 1; c <= 4; c++) {
        assertTrue(covers(f.get(c), orig[c], c == 4 ? eduLabels.get(orig[4]) : c == 3 ? Set.of(orig[3], "*") : null),
            "cell '" + f.get(c) + "' must cover the input value of column " + c + " of record " + f.get(0));
      }
      String key = String.join("|", f.subList(1, 5));
      size.merge(key, 1, Integer::sum);
      occ.computeIfAbsent(key, x -> new HashSet<>()).add(f.get(5));
    }
    long minSize = size.values().stream().mapToLong(Integer::longValue).min().orElse(0);
    long minL = occ.values().stream().mapToLong(Set::size).min().orElse(0);
    assertTrue(minSize >= k, "smallest class " + minSize + " < k " + k);
    assertTrue(minL >= l, "smallest distinct l " + minL + " < " + l);
    return new long[] {minSize, minL, out.size()};
  }

  /** Whether an output cell covers an input value: equal, '*', a numeric range, a value set, or a hierarchy label. */
  static boolean covers(String cell, String value, Set<String> labels) {
    if (cell.equals(value) || cell.equals("*")) return true;
    if (labels != null) return labels.contains(cell);
    if (cell.startsWith("{")) return List.of(cell.substring(1, cell.length() - 1).split(",")).contains(value);
    if (cell.startsWith("[")) {
      String[] lh = cell.substring(1, cell.length() - 1).split(", ");
      double v = Double.parseDouble(value);
      double lo = Double.parseDouble(lh[0]);
      double hi = Double.parseDouble(lh[1]);
      return v >= lo && (cell.endsWith("]") ? v <= hi : v < hi);
    }
    return false;
  }

  static List<String> parseCsv(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }

  @Test
  void lattice_withSuppressionAndL_thenRisk_identicalOnBothEngines_andChecked(@TempDir Path dir) throws Exception {
    writeData(dir);
    Path yaml = spec(dir,
        "  - type: kanonymize",
        "    quasiIdentifiers: [age, zip, sex, education]",
        "    k: 5",
        "    hierarchies: hierarchies",
        "    autoHierarchies: 5",
        "    maxSuppression: 0.05",
        "    sensitive: occupation",
        "    l: 2",
        "  - type: risk",
        "    quasiIdentifiers: [age, zip, sex, education]",
        "    sensitive: occupation");
    RunReport s = runBoth(dir, yaml);
    StageMetrics kan = s.stages().get(1);
    assertEquals(ROWS / MISSING_EVERY, kan.deadLettered(), "records without an age are dead-lettered");
    Map<String, Object> report = kan.privacy();
    assertEquals("lattice", report.get("algorithm"));
    assertEquals(((Number) report.get("suppressed")).longValue(), kan.filtered(), "suppressed records are the stage's filtered ones");
    assertTrue(kan.filtered() <= 0.05 * kan.in(), "within maxSuppression");
    assertEquals(Set.of("age", "zip", "sex", "education"), ((Map<?, ?>) report.get("levels")).keySet());
    List<String> out = CrossEngineIT.textLines(dir.resolve("spark/out"), true);
    long[] m = check(dir, out, 5, 2);
    // the risk stage after it measures the same classes the checker found
    Map<String, Object> risk = s.stages().get(2).privacy();
    assertEquals(m[0], ((Number) risk.get("min_class_size")).longValue());
    assertEquals(m[1], ((Number) risk.get("min_distinct_l")).longValue());
    assertEquals(m[2], ((Number) risk.get("records")).longValue());
    assertEquals(m[0], ((Number) ((Map<?, ?>) report.get("risk")).get("min_class_size")).longValue());
    assertFalse(s.toJson().contains("Bachelors"), "the report holds no values");
  }

  @Test
  void mondrian_identicalOnBothEngines_equalToTheSingleMachineMondrian_andChecked(@TempDir Path dir) throws Exception {
    writeData(dir);
    Path yaml = spec(dir,
        "  - type: kanonymize",
        "    quasiIdentifiers: [age, zip, sex, education]",
        "    k: 10",
        "    algorithm: mondrian",
        "    hierarchies: hierarchies",
        "    sensitive: occupation",
        "    l: 2");
    RunReport s = runBoth(dir, yaml);
    StageMetrics kan = s.stages().get(1);
    assertEquals(0, kan.filtered());
    List<String> out = CrossEngineIT.textLines(dir.resolve("spark/out"), true);
    check(dir, out, 10, 2);
    assertTrue(((Number) ((Map<?, ?>) s.stages().get(1).privacy().get("search")).get("partitions")).longValue() > 10);

    // the single-machine reference on the same records (those with an age)
    List<String[]> rows = new ArrayList<>();
    for (String[] r : input(dir).values()) if (!r[1].isEmpty()) rows.add(r);
    Table table = Table.of("people.csv", List.of("id", "age", "zip", "sex", "education", "occupation"), rows);
    AnonymizationSpec spec = AnonymizationSpec.builder().quasiIdentifiers(List.of("age", "zip", "sex", "education")).k(10)
        .hierarchy("sex", GeneralizationHierarchy.load(dir.resolve("hierarchies/sex.csv")))
        .hierarchy("education", GeneralizationHierarchy.load(dir.resolve("hierarchies/education.csv")))
        .sensitive("occupation").lDiversity(LDiversity.distinct(2)).build();
    KAnonymizationResult ref = Mondrian.anonymize(table, spec);
    List<String> expected = new ArrayList<>();
    for (String[] r : ref.rows()) expected.add(TextFormats.csvLine(r, ','));
    expected.sort(null);
    CrossEngineIT.assertSameLines(expected, out, "single-machine Mondrian vs the stage");
    assertEquals(ref.risk().equivalenceClasses(), ((Number) ((Map<?, ?>) kan.privacy().get("risk")).get("equivalence_classes")).longValue());
  }

  @Test
  void risk_passesRecordsUnchanged_andReportsTheSameOnBothEngines(@TempDir Path dir) throws Exception {
    writeData(dir);
    Path yaml = spec(dir,
        "  - type: risk",
        "    quasiIdentifiers: [age, zip, sex]",
        "    sensitive: occupation",
        "    threshold: 0.1");
    RunReport s = runBoth(dir, yaml);
    StageMetrics st = s.stages().get(1);
    assertEquals(ROWS, st.out());
    List<String> out = CrossEngineIT.textLines(dir.resolve("spark/out"), true);
    List<String> in = new ArrayList<>(Files.readAllLines(dir.resolve("data/people.csv")));
    in = new ArrayList<>(in.subList(1, in.size()));
    in.sort(null);
    CrossEngineIT.assertSameLines(in, out, "records pass unchanged");
    // independent recount of the classes (a missing age is a value of its own)
    Map<String, Integer> size = new HashMap<>();
    for (String l : in) {
      String[] f = l.split(",", -1);
      size.merge(f[1] + "|" + f[2] + "|" + f[3], 1, Integer::sum);
    }
    Map<String, Object> r = st.privacy();
    assertEquals((long) size.size(), ((Number) r.get("equivalence_classes")).longValue());
    assertEquals(size.values().stream().filter(v -> v == 1).count(), ((Number) r.get("sample_uniques")).longValue());
    assertEquals((long) size.values().stream().filter(v -> v < 10).mapToInt(Integer::intValue).sum(),
        ((Number) r.get("records_at_risk")).longValue());
  }

  @Test
  void everyRecordSuppressed_bothEnginesWriteTheHeaderOnly_andReportTheSameCounts(@TempDir Path dir) throws Exception {
    writeData(dir);
    // every class of the bottom node is smaller than k, and suppressing everything is allowed: the lattice keeps nothing
    Path yaml = spec(dir,
        "  - type: kanonymize",
        "    quasiIdentifiers: [age, zip, sex, education]",
        "    k: 2900",
        "    hierarchies: hierarchies",
        "    autoHierarchies: 5",
        "    maxSuppression: 1");
    RunReport[] both = runBothReports(dir, yaml);
    long withAge = ROWS - ROWS / MISSING_EVERY;
    for (RunReport r : both) {
      assertEquals(List.of((long) ROWS, 0L, withAge, (long) ROWS / MISSING_EVERY), List.of(r.input(), r.output(), r.filtered(), r.deadLettered()),
          "input = output + filtered (suppressed) + dead letters on " + r.engine());
      assertTrue(r.reconciles(), r.toText());
      assertEquals(withAge, ((Number) r.stages().get(1).privacy().get("suppressed")).longValue());
      assertEquals(1.0, ((Number) r.stages().get(1).privacy().get("suppressed_share")).doubleValue());
    }
    List<String> headerOnly = List.of("id,age,zip,sex,education,occupation");
    assertEquals(headerOnly, CrossEngineIT.textLines(dir.resolve("spark/out"), false), "Spark's sink holds the header only");
    assertEquals(headerOnly, CrossEngineIT.textLines(dir.resolve("beam/out"), false), "Beam's sink holds the header only");
  }

  @Test
  void badInput_failsAtPlanTime_namingTheColumnOrFile(@TempDir Path dir) throws Exception {
    writeData(dir);
    Path noColumn = spec(dir, "  - type: kanonymize", "    quasiIdentifiers: [age, height]", "    k: 5", "    algorithm: mondrian");
    SpecException e = assertThrows(SpecException.class, () -> Veil.plan(PipelineSpecs.load(noColumn, StageRegistry.discover())));
    assertTrue(e.getMessage().contains("'height'") && e.getMessage().contains("kanonymize"), e.getMessage());

    Files.write(dir.resolve("hierarchies/education.csv"), List.of("Preschool;Low;*", "Primary;Low"));
    Path badHierarchy = spec(dir, "  - type: kanonymize", "    quasiIdentifiers: [sex, education]", "    k: 5", "    hierarchies: hierarchies");
    SpecException h = assertThrows(SpecException.class, () -> Veil.plan(PipelineSpecs.load(badHierarchy, StageRegistry.discover())));
    assertTrue(h.getMessage().contains("education.csv") && h.getMessage().contains("'education'"), h.getMessage());

    Path noHierarchy = spec(dir, "  - type: kanonymize", "    quasiIdentifiers: [age]", "    k: 5");
    SpecException n = assertThrows(SpecException.class, () -> Veil.plan(PipelineSpecs.load(noHierarchy, StageRegistry.discover())));
    assertTrue(n.getMessage().contains("'age'") && n.getMessage().contains("lattice"), n.getMessage());

    Path bigK = spec(dir, "  - type: kanonymize", "    quasiIdentifiers: [age, zip]", "    k: 100000", "    algorithm: mondrian");
    for (Engine engine : Engine.values()) {
      if (engine != Engine.SPARK && engine != Engine.BEAM) continue;
      RuntimeException k = assertThrows(RuntimeException.class, () -> run(bigK, engine, dir.resolve("k-" + engine)));
      assertTrue(messages(k).contains("k must be <= the number of records (" + (ROWS - ROWS / MISSING_EVERY) + ")"), engine + ": " + messages(k));
      // the run failed before writing: no engine leaves a sink or dead-letter directory behind
      assertFalse(Files.exists(dir.resolve("k-" + engine).resolve("out")), engine + " left its sink directory");
      assertFalse(Files.exists(dir.resolve("k-" + engine).resolve("dead")), engine + " left its dead-letter directory");
    }

    Path few = spec(dir, "  - type: kanonymize", "    quasiIdentifiers: [age, zip]", "    k: 5", "    algorithm: mondrian", "    maxDistinct: 10");
    for (Engine engine : List.of(Engine.SPARK, Engine.BEAM)) {
      RuntimeException d = assertThrows(RuntimeException.class, () -> run(few, engine, dir.resolve("d-" + engine)));
      assertTrue(messages(d).contains("more than 10 distinct tuples of [age, zip] (maxDistinct)"), engine + ": " + messages(d));
    }
  }

  static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) sb.append(c.getMessage()).append(" / ");
    return sb.toString();
  }
}
