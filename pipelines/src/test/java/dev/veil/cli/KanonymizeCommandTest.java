package dev.veil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code veil risk} and {@code veil kanonymize} end to end through {@link VeilCli#execute}. */
class KanonymizeCommandTest {
  record Outcome(int code, String out, String err) {}

  static synchronized Outcome veil(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = VeilCli.execute(args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @TempDir
  Path dir;
  Path input;
  Path hier;

  @BeforeEach
  void data() throws Exception {
    Random rnd = new Random(7);
    StringBuilder sb = new StringBuilder("id;zip;sex;disease\n");
    String[] zips = {"10115", "10117", "10245", "20095"};
    String[] dis = {"flu", "cold", "hiv"};
    for (int i = 0; i < 60; i++) {
      sb.append(i).append(';').append(zips[rnd.nextInt(4)]).append(';').append(rnd.nextBoolean() ? "M" : "F").append(';')
          .append(dis[rnd.nextInt(3)]).append('\n');
    }
    input = dir.resolve("people.csv");
    Files.writeString(input, sb.toString());
    hier = Files.createDirectories(dir.resolve("h"));
    Files.writeString(hier.resolve("zip.csv"), "10115;101**;*\n10117;101**;*\n10245;102**;*\n20095;200**;*\n");
    Files.writeString(hier.resolve("people_hierarchy_sex.csv"), "M;*\nF;*\n");
  }

  @Test
  void risk_json_hasTheDocumentedFields() throws Exception {
    Outcome o = veil("risk", "--input", input.toString(), "--delimiter", ";", "--quasi-identifiers", "zip,sex", "--sensitive", "disease", "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode j = new ObjectMapper().readTree(o.out());
    for (String f : List.of("records", "equivalence_classes", "min_class_size", "prosecutor_risk_max", "prosecutor_risk_avg", "records_at_risk",
        "sample_uniques", "marketer_risk", "min_distinct_l")) {
      assertTrue(j.has(f), f + " in " + o.out());
    }
    assertEquals(60, j.get("records").asInt());
    // recount the classes here
    Map<String, Integer> classes = new HashMap<>();
    for (String line : Files.readAllLines(input).subList(1, 61)) {
      String[] f = line.split(";");
      classes.merge(f[1] + "|" + f[2], 1, Integer::sum);
    }
    assertEquals(classes.size(), j.get("equivalence_classes").asInt());
    assertEquals(classes.values().stream().mapToInt(Integer::intValue).min().getAsInt(), j.get("min_class_size").asInt());
  }

  @Test
  void kanonymize_lattice_writesAKAnonymousFileInTheInputFormat() throws Exception {
    Path out = dir.resolve("out/anon.csv");
    Outcome o = veil("kanonymize", "--input", input.toString(), "--delimiter", ";", "--quasi-identifiers", "zip,sex", "--hierarchies",
        hier.toString(), "--k", "8", "--l", "2", "--sensitive", "disease", "--max-suppression", "0.1", "--out", out.toString(), "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode j = new ObjectMapper().readTree(o.out());
    assertTrue(j.get("levels").has("zip") && j.get("levels").has("sex"), o.out());
    List<String> lines = Files.readAllLines(out);
    assertEquals("id;zip;sex;disease", lines.get(0));
    assertEquals(60 - j.get("suppressed").asInt(), lines.size() - 1);
    Map<String, Integer> sizes = new HashMap<>();
    Map<String, java.util.Set<String>> diseases = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(";", -1);
      sizes.merge(f[1] + "|" + f[2], 1, Integer::sum);
      diseases.computeIfAbsent(f[1] + "|" + f[2], x -> new java.util.HashSet<>()).add(f[3]);
    }
    sizes.values().forEach(s -> assertTrue(s >= 8, "class of " + s));
    diseases.values().forEach(s -> assertTrue(s.size() >= 2));
    assertEquals(sizes.size(), j.get("risk").get("equivalence_classes").asInt());
  }

  @Test
  void kanonymize_mondrian_runsWithoutHierarchies() throws Exception {
    Path out = dir.resolve("m.csv");
    Outcome o = veil("kanonymize", "--input", input.toString(), "--delimiter", ";", "--quasi-identifiers", "zip,sex", "--k", "5",
        "--algorithm", "mondrian", "--out", out.toString(), "--json");
    assertEquals(0, o.code(), o.err());
    assertTrue(Files.exists(out));
    assertTrue(new ObjectMapper().readTree(o.out()).get("risk").get("min_class_size").asInt() >= 5);
  }

  @Test
  void kanonymize_unknownQuasiIdentifier_exits2_andWritesNothing() {
    Path out = dir.resolve("x.csv");
    Outcome o = veil("kanonymize", "--input", input.toString(), "--delimiter", ";", "--quasi-identifiers", "zip,postcode", "--hierarchies",
        hier.toString(), "--k", "2", "--out", out.toString());
    assertEquals(ExitCodes.USAGE, o.code());
    assertTrue(o.err().contains("column 'postcode' does not exist"), o.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void kanonymize_unknownLVariantOrTDistance_exits2_namingTheOptionAndTheAllowedValues() {
    Path out = dir.resolve("x.csv");
    Outcome l = veil("kanonymize", "--input", input.toString(), "--delimiter", ";", "--quasi-identifiers", "zip,sex", "--hierarchies",
        hier.toString(), "--k", "2", "--sensitive", "disease", "--l", "2", "--l-variant", "distinkt", "--out", out.toString());
    assertEquals(ExitCodes.USAGE, l.code());
    assertTrue(l.err().contains("--l-variant must be distinct, entropy or recursive. Provided value: 'distinkt'"), l.err());
    Outcome t = veil("kanonymize", "--input", input.toString(), "--delimiter", ";", "--quasi-identifiers", "zip,sex", "--hierarchies",
        hier.toString(), "--k", "2", "--sensitive", "disease", "--t", "0.5", "--t-distance", "emd", "--out", out.toString());
    assertEquals(ExitCodes.USAGE, t.code());
    assertTrue(t.err().contains("--t-distance must be equal or ordered. Provided value: 'emd'"), t.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void kanonymize_kLargerThanData_exits2_andWritesNothing() {
    Path out = dir.resolve("x.csv");
    Outcome o = veil("kanonymize", "--input", input.toString(), "--delimiter", ";", "--quasi-identifiers", "zip,sex", "--hierarchies",
        hier.toString(), "--k", "61", "--out", out.toString());
    assertEquals(ExitCodes.USAGE, o.code());
    assertTrue(o.err().contains("k must be <= the number of records (60)"), o.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void kanonymize_badHierarchy_exits3_namingFileLineColumn_andWritesNothing() throws Exception {
    Files.writeString(hier.resolve("zip.csv"), "10115;101**;*\n10117;101**;other\n10245;102**;*\n20095;200**;*\n");
    Path out = dir.resolve("x.csv");
    Outcome o = veil("kanonymize", "--input", input.toString(), "--delimiter", ";", "--quasi-identifiers", "zip,sex", "--hierarchies",
        hier.toString(), "--k", "2", "--out", out.toString());
    assertEquals(ExitCodes.BAD_SPEC, o.code());
    assertTrue(o.err().contains("zip.csv:2:3: not a hierarchy"), o.err());
    assertFalse(o.err().contains("10117"), o.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void kanonymize_valueMissingFromHierarchy_exits3_withoutTheValue() throws Exception {
    Files.writeString(hier.resolve("zip.csv"), "10115;101**;*\n10117;101**;*\n10245;102**;*\n");
    Outcome o = veil("kanonymize", "--input", input.toString(), "--delimiter", ";", "--quasi-identifiers", "zip,sex", "--hierarchies",
        hier.toString(), "--k", "2", "--out", dir.resolve("x.csv").toString());
    assertEquals(ExitCodes.BAD_SPEC, o.code());
    assertTrue(o.err().contains("people.csv:") && o.err().contains(":2: the value of column 'zip' is not in its hierarchy"), o.err());
    assertFalse(o.err().contains("20095"), o.err());
  }

  @Test
  void risk_missingInput_exits4() {
    Outcome o = veil("risk", "--input", dir.resolve("nope.csv").toString(), "--quasi-identifiers", "a");
    assertEquals(ExitCodes.BAD_INPUT, o.code());
  }

  @Test
  void help_listsExitCodes() {
    assertTrue(veil("kanonymize", "--help").out().contains("Exit codes"));
    assertTrue(veil("risk", "--help").out().contains("Exit codes"));
  }

  @Test
  @Tag("shared-data")
  void kanonymize_adultK5_choosesArxsNode() throws Exception {
    Path adult = Path.of(System.getProperty("veil.shared.data", "../shared/data"), "adult");
    Path out = dir.resolve("adult-k5.csv");
    Outcome o = veil("kanonymize", "--input", adult.resolve("adult.csv").toString(), "--delimiter", ";", "--quasi-identifiers",
        "sex,age,race,marital-status,education,native-country,workclass,occupation,salary-class", "--hierarchies", adult.toString(), "--k", "5",
        "--max-suppression", "0.04", "--out", out.toString(), "--json");
    assertEquals(0, o.code(), o.err());
    System.out.println(o.out());
    JsonNode lv = new ObjectMapper().readTree(o.out()).get("levels");
    StringBuilder s = new StringBuilder();
    lv.elements().forEachRemaining(x -> s.append(x.asInt()));
    assertEquals("101132201", s.toString());
  }
}
