package dev.veil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The veil command end to end, through {@link VeilCli#execute}, with its documented exit codes. */
class VeilCliIT {

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

  @Test
  void version_printsVersionsAndExitsZero() {
    Outcome o = veil("--version");
    assertEquals(0, o.code());
    assertTrue(o.out().contains("Apache Spark 3.5.9"), o.out());
  }

  @Test
  void everyCommand_hasHelpWithExitCodes() {
    for (String cmd : new String[] {"run", "validate", "generate", "demo", "lineage", "pii", "keys", "budget", "risk", "kanonymize"}) {
      Outcome o = veil(cmd, "--help");
      assertEquals(0, o.code(), cmd);
      assertTrue(o.out().contains("Exit codes"), cmd + ": " + o.out());
    }
  }

  @Test
  void generate_zeroRows_isUsageError() {
    assertEquals(ExitCodes.USAGE, veil("generate", "--rows", "0", "--out", "x").code());
  }

  @Test
  void run_specWithTypo_exits3NamingFileLineAndKey(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("p.yaml");
    Files.writeString(spec, "name: p\nsource: {format: csv, path: in.csv}\nstages:\n  - type: cast\n    colums: {age: long}\nsink: {format: csv, path: out}\n");
    Outcome o = veil("run", spec.toString());
    assertEquals(ExitCodes.BAD_SPEC, o.code());
    assertTrue(o.err().contains("p.yaml:5:5"), o.err());
    assertTrue(o.err().contains("unknown key 'colums'") && o.err().contains("Did you mean 'columns'"), o.err());
  }

  @Test
  void run_missingSourceFile_exits4NamingTheFile(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("p.yaml");
    Files.writeString(spec, "name: p\nsource: {format: csv, path: nowhere.csv}\nsink: {format: csv, path: out}\n");
    Outcome o = veil("run", spec.toString());
    assertEquals(ExitCodes.BAD_INPUT, o.code());
    assertTrue(o.err().contains("nowhere.csv") && o.err().contains("not found"), o.err());
  }

  @Test
  void run_unreadableParquet_exits4NamingTheFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("broken.parquet"), "this is not parquet");
    Path spec = dir.resolve("p.yaml");
    Files.writeString(spec, "name: p\nsource: {format: parquet, path: broken.parquet}\nsink: {format: csv, path: out}\n");
    Outcome o = veil("run", spec.toString());
    assertEquals(ExitCodes.BAD_INPUT, o.code());
    assertTrue(o.err().contains("broken.parquet") && o.err().contains("not a readable Parquet file"), o.err());
  }

  @Test
  void run_existingOutputWithoutOverwrite_exits3(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("in.csv"), "a,b\n1,2\n");
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out").resolve("keep.txt"), "precious");
    Path spec = dir.resolve("p.yaml");
    Files.writeString(spec, "name: p\nsource: {format: csv, path: in.csv}\nsink: {format: csv, path: out}\n");
    Outcome o = veil("run", spec.toString());
    assertEquals(ExitCodes.BAD_SPEC, o.code());
    assertTrue(o.err().contains("already exists"), o.err());
    assertTrue(Files.exists(dir.resolve("out").resolve("keep.txt")));
  }

  @Test
  void run_deadLetterShareAboveLimit_exits5(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("in.csv"), "a,b\n1,2\nx\n3,4\n");
    Path spec = dir.resolve("p.yaml");
    Files.writeString(spec, "name: p\nsource: {format: csv, path: in.csv}\nsink: {format: csv, path: out}\n");
    Outcome o = veil("run", spec.toString(), "--max-dead-letter-ratio", "0.1");
    assertEquals(ExitCodes.TOO_MANY_DEAD_LETTERS, o.code(), o.err());
    assertTrue(o.out().contains("input 3 = output 2 + filtered 0 + dead-letter 1"), o.out());
  }

  @Test
  void demo_smallRun_reconcilesOnBothEngines(@TempDir Path dir) {
    for (String engine : new String[] {"spark", "beam"}) {
      Outcome o = veil("demo", "--rows", "3000", "--dir", dir.resolve(engine).toString(), "--engine", engine, "--no-progress");
      assertEquals(0, o.code(), o.err());
      assertTrue(o.out().contains("input 3000 = output"), o.out());
      assertTrue(o.out().contains("reconciled"), o.out());
      assertTrue(o.out().contains("email: EMAIL_ADDRESS"), o.out());
      // k-anonymity on (age, country), then the risk report of what leaves: every class has at least 5 records
      assertTrue(o.out().contains("privacy_models               5-anonymity"), o.out());
      assertTrue(o.out().contains("min_class_size               5") || o.out().matches("(?s).*min_class_size +([5-9]|\\d{2,}).*"), o.out());
      assertTrue(o.out().contains("records_at_risk              0\n"), o.out());
      assertTrue(Files.exists(dir.resolve(engine).resolve("out/customers/_veil_schema.json")));
    }
  }

  @Test
  void demo_writesLineageEventsAndTheirHtmlView_andLineageShowRendersThem(@TempDir Path dir) throws Exception {
    Outcome o = veil("demo", "--rows", "1500", "--dir", dir.toString(), "--no-progress");
    assertEquals(0, o.code(), o.err());
    Path events = dir.resolve("out/customers-lineage.jsonl");
    assertTrue(Files.readAllLines(events).size() >= 3, "START, stage events, COMPLETE");
    assertTrue(Files.readString(dir.resolve("out/customers-lineage.html")).contains("masked"));
    Path page = dir.resolve("view.html");
    assertEquals(0, veil("lineage", "show", events.toString(), "--out", page.toString()).code());
    javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(page.toFile()); // well formed
    Outcome none = veil("demo", "--rows", "200", "--dir", dir.resolve("quiet").toString(), "--no-progress", "--no-lineage");
    assertEquals(0, none.code(), none.err());
    assertTrue(!Files.exists(dir.resolve("quiet/out/customers-lineage.jsonl")));
  }

  @Test
  @org.junit.jupiter.api.Tag("shared-data")
  void lineageValidate_acceptsDemoEvents_andRejectsABrokenOne(@TempDir Path dir) throws Exception {
    assertEquals(0, veil("demo", "--rows", "500", "--dir", dir.toString(), "--no-progress").code());
    Path events = dir.resolve("out/customers-lineage.jsonl");
    String spec = Path.of(System.getProperty("veil.shared.data"), "openlineage", "spec").toString();
    Outcome ok = veil("lineage", "validate", events.toString(), "--spec", spec);
    assertEquals(0, ok.code(), ok.out());
    assertTrue(ok.out().contains("0 invalid"), ok.out());
    Path broken = dir.resolve("broken.jsonl");
    Files.writeString(broken, Files.readAllLines(events).get(0).replace("\"eventType\":\"START\"", "\"eventType\":\"BEGIN\"") + "\n");
    Outcome bad = veil("lineage", "validate", broken.toString(), "--spec", spec);
    assertEquals(ExitCodes.BAD_INPUT, bad.code(), bad.out());
    assertTrue(bad.out().contains("1 invalid"), bad.out());
  }
}
