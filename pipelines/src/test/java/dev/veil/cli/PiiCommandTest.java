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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code veil pii eval} and {@code veil pii generate} in-process, through {@link VeilCli#execute}. */
class PiiCommandTest {
  static final List<String> KEYS = List.of("overall", "per_entity", "records", "mb_per_s");
  static final List<String> METRIC_KEYS = List.of("precision", "recall", "f1", "f2", "support");

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

  static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  static void assertShape(JsonNode j) {
    assertEquals(KEYS, names(j));
    assertEquals(METRIC_KEYS, names(j.get("overall")));
    assertFalse(j.get("per_entity").isEmpty());
    j.get("per_entity").forEach(e -> assertEquals(METRIC_KEYS, names(e)));
    assertTrue(j.get("mb_per_s").isNumber() && j.get("records").isIntegralNumber());
    for (String k : List.of("precision", "recall", "f1", "f2")) {
      double v = j.get("overall").get(k).asDouble();
      assertTrue(v >= 0 && v <= 1, k + " = " + v);
    }
  }

  @Test
  void generateThenEvalJson_printsExactlyOneJsonObjectWithTheDocumentedKeys(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("labelled.json");
    Outcome g = veil("pii", "generate", "--records", "120", "--seed", "9", "--out", f.toString());
    assertEquals(0, g.code(), g.err());
    assertTrue(Files.size(f) > 0);

    Outcome e = veil("pii", "eval", f.toString(), "--json", "--regions", "US,GB");
    assertEquals(0, e.code(), e.err());
    JsonNode j = new ObjectMapper().readTree(e.out());
    assertShape(j);
    assertEquals(120, j.get("records").asLong());
    assertTrue(j.get("per_entity").has("EMAIL_ADDRESS") && j.get("per_entity").has("CREDIT_CARD"), e.out());
    // generated ZIP_CODE and STREET_ADDRESS gold spans are reported under one canonical type
    assertFalse(j.get("per_entity").has("ZIP_CODE"), e.out());
  }

  @Test
  void evalTable_isReadable(@TempDir Path dir) {
    Path f = dir.resolve("labelled.json");
    assertEquals(0, veil("pii", "generate", "--records", "30", "--out", f.toString()).code());
    Outcome e = veil("pii", "eval", f.toString(), "--all-types");
    assertEquals(0, e.code(), e.err());
    assertTrue(e.out().contains("precision") && e.out().contains("overall (micro)") && e.out().contains("MB/s"), e.out());
  }

  @Test
  void eval_missingFile_exits4NamingTheFile(@TempDir Path dir) {
    Outcome o = veil("pii", "eval", dir.resolve("absent.json").toString());
    assertEquals(ExitCodes.BAD_INPUT, o.code());
    assertTrue(o.err().contains("absent.json") && o.err().contains("not found"), o.err());
  }

  @Test
  void eval_malformedRecord_exits4NamingRecordAndField(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "[{\"full_text\": \"ok\", \"spans\": []}, {\"full_text\": \"Jane Roe\", \"spans\": "
        + "[{\"entity_type\": \"PERSON\", \"start_position\": 0, \"end_position\": 99}]}]");
    Outcome o = veil("pii", "eval", f.toString(), "--json");
    assertEquals(ExitCodes.BAD_INPUT, o.code());
    assertTrue(o.err().contains("bad.json") && o.err().contains("record 1") && o.err().contains("spans[0].end_position"), o.err());
    assertFalse(o.err().contains("Jane"), o.err());
    assertEquals("", o.out());
  }

  @Test
  void badArguments_areUsageErrors(@TempDir Path dir) {
    assertEquals(ExitCodes.USAGE, veil("pii", "generate", "--records", "0", "--out", dir.resolve("x.json").toString()).code());
    assertEquals(ExitCodes.USAGE, veil("pii", "eval", "x.json", "--min-iou", "0").code());
    assertEquals(ExitCodes.USAGE, veil("pii", "eval").code());
  }

  @Test
  void help_listsExitCodes() {
    for (String sub : new String[] {"eval", "generate"}) {
      Outcome o = veil("pii", sub, "--help");
      assertEquals(0, o.code());
      assertTrue(o.out().contains("Exit codes"), o.out());
    }
  }

  @Test
  @Tag("shared-data")
  void evalOnPresidioResearchSample_printsEveryKey() throws Exception {
    Path sample = Path.of(System.getProperty("veil.shared.data", "../shared/data"), "pii", "presidio-research-generated_small.json");
    assertTrue(Files.isRegularFile(sample), "shared data missing: " + sample.toAbsolutePath() + " (set -Dveil.shared.data)");
    Outcome o = veil("pii", "eval", sample.toString(), "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode j = new ObjectMapper().readTree(o.out());
    assertShape(j);
    assertEquals(100, j.get("records").asLong());
    // the sample's gold types, after the synonym table (ADDRESS -> STREET_ADDRESS, DOMAIN_NAME -> URL)
    for (String t : List.of("PERSON", "STREET_ADDRESS", "LOCATION", "PHONE_NUMBER", "CREDIT_CARD", "ORGANIZATION", "US_SSN",
        "IP_ADDRESS", "EMAIL_ADDRESS", "URL", "DATE_TIME", "TITLE", "US_DRIVER_LICENSE")) {
      assertTrue(j.get("per_entity").has(t), t + " missing: " + o.out());
    }
    long support = 0;
    for (JsonNode e : j.get("per_entity")) support += e.get("support").asLong();
    assertEquals(173, support, "every gold span of the sample is counted once");
    assertEquals(173, j.get("overall").get("support").asLong());
  }
}
