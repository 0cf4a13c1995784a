package dev.veil.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.SpecException;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.schema.Sensitivity;
import dev.veil.core.schema.Tags;
import dev.veil.core.stage.StageRegistry;
import dev.veil.core.stage.builtin.CastStage;
import dev.veil.core.stage.builtin.DropStage;
import dev.veil.core.stage.builtin.FilterStage;
import dev.veil.core.stage.builtin.SelectStage;
import dev.veil.privacy.detect.DetectStage;
import dev.veil.privacy.mask.MaskOperator;
import dev.veil.privacy.mask.MaskStage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineSpecsTest {

  private static final StageRegistry REGISTRY = StageRegistry.builtIn();

  private static final String FULL = String.join("\n",
      "name: customers",                                   // 1
      "engine: beam",                                      // 2
      "source:",                                           // 3
      "  format: csv",                                     // 4
      "  path: data/people.csv",                           // 5
      "  header: true",                                    // 6
      "  delimiter: \";\"",                                // 7
      "  quote: \"'\"",                                    // 8
      "  escape: \"\\\\\"",                                // 9
      "  charset: ISO-8859-1",                             // 10
      "  multiLine: true",                                 // 11
      "  maxFieldChars: 1000",                             // 12
      "  maxRecordChars: 5000",                            // 13
      "  tags:",                                           // 14
      "    customer_id: [privacy-unit]",                   // 15
      "    email: [pii:EMAIL_ADDRESS, sensitivity:restricted]", // 16
      "    notes: free-text",                              // 17
      "stages:",                                           // 18
      "  - type: select",                                  // 19
      "    columns: [customer_id, email, phone, notes, age, signup]",
      "  - type: drop",
      "    name: drop-notes",
      "    columns: notes",
      "  - type: cast",
      "    columns: {age: long, signup: date}",
      "    emptyAsNull: false",
      "  - type: filter",
      "    where: \"age >= 18 and signup >= '2020-01-01'\"",
      "    onReject: dead-letter",
      "  - type: detect",
      "    columns: [email, phone]",
      "    entities: [EMAIL_ADDRESS, phone_number]",
      "    regions: [US, GB]",
      "    threshold: 0.9",
      "    hintedThreshold: 0.6",
      "  - type: mask",
      "    entities: [email_address]",
      "    columns: [phone]",
      "    char: \"#\"",
      "    keepFirst: 1",
      "    keepLast: 4",
      "    preserve: \"@.\"",
      "    regions: [US]",
      "sink:",
      "  format: csv",
      "  path: out/customers",
      "  mode: overwrite",
      "  delimiter: \"\\t\"",
      "deadLetter:",
      "  path: out/dead",
      "report:",
      "  path: out/report.json",
      "sampleRows: 500",
      "");

  private static PipelineSpec parse(String yaml) {
    return PipelineSpecs.parse("spec.yaml", new StringReader(yaml), REGISTRY, null);
  }

  private static String error(String yaml) {
    return assertThrows(SpecException.class, () -> parse(yaml)).getMessage();
  }

  private static PipelineSpec expectedFull() {
    Map<String, Tags> tags = new LinkedHashMap<>();
    tags.put("customer_id", Tags.parse(List.of("privacy-unit")));
    tags.put("email", Tags.parse(List.of("pii:EMAIL_ADDRESS", "sensitivity:restricted")));
    tags.put("notes", Tags.parse(List.of("free-text")));
    Map<String, FieldType> casts = new LinkedHashMap<>();
    casts.put("age", FieldType.LONG);
    casts.put("signup", FieldType.DATE);
    return PipelineSpec.builder("customers")
        .engine(Engine.BEAM)
        .source(new SourceSpec(Format.CSV, "data/people.csv",
            new CsvOptions(true, List.of(), ';', '\'', '\\', "ISO-8859-1", true, 1000, 5000), Map.of(), tags))
        .stage(new SelectStage("select", List.of("customer_id", "email", "phone", "notes", "age", "signup")))
        .stage(new DropStage("drop-notes", List.of("notes")))
        .stage(new CastStage("cast", casts, false))
        .stage(new FilterStage("filter", "age >= 18 and signup >= '2020-01-01'", true))
        .stage(new DetectStage("detect", List.of("email", "phone"), List.of(PiiClass.EMAIL_ADDRESS, PiiClass.PHONE_NUMBER),
            List.of("US", "GB"), 0.9, 0.6))
        .stage(new MaskStage("mask", List.of(PiiClass.EMAIL_ADDRESS), List.of("phone"), new MaskOperator('#', 1, 4, "@."), List.of("US")))
        .sink(new SinkSpec(Format.CSV, "out/customers", true, '\t'))
        .deadLetterPath("out/dead")
        .reportPath("out/report.json")
        .sampleRows(500)
        .build();
  }

  @Test
  void parse_fullSpec_readsEveryValue() {
    PipelineSpec s = parse(FULL);
    assertEquals("customers", s.name());
    assertEquals(Engine.BEAM, s.engine());
    CsvOptions o = s.source().csv();
    assertEquals(';', o.delimiter());
    assertEquals('\'', o.quote());
    assertEquals('\\', o.escape());
    assertEquals("ISO-8859-1", o.charset());
    assertTrue(o.multiLine());
    assertEquals(1000, o.maxFieldChars());
    assertEquals(5000, o.maxRecordChars());
    assertEquals(Sensitivity.RESTRICTED, s.source().tags().get("email").sensitivity());
    assertTrue(s.source().tags().get("notes").freeText());
    assertEquals(List.of("select", "drop-notes", "cast", "filter", "detect", "mask"), s.stages().stream().map(x -> x.name()).toList());
    assertEquals(List.of("select", "drop", "cast", "filter", "detect", "mask"), s.stages().stream().map(x -> x.type()).toList());
    assertEquals('\t', s.sink().delimiter());
    assertTrue(s.sink().overwrite());
    assertEquals("out/dead", s.deadLetterPath());
    assertEquals("out/report.json", s.reportPath());
    assertEquals(500, s.sampleRows());
    assertEquals(expectedFull(), s);
  }

  @Test
  void parse_minimalSpec_usesDefaults() {
    PipelineSpec s = parse("name: m\nsource: {format: json, path: in.jsonl}\nsink: {format: parquet, path: out}\n");
    assertEquals(Engine.SPARK, s.engine());
    assertEquals(Format.JSONL, s.source().format());
    assertEquals(CsvOptions.DEFAULT, s.source().csv());
    assertEquals(List.of(), s.stages());
    assertFalse(s.sink().overwrite());
    assertEquals("out-dead-letter", s.deadLetterPath());
    assertEquals("out-report.json", s.reportPath());
    assertEquals(1000, s.sampleRows());
  }

  @Test
  void parse_quoteWithoutEscape_escapesByDoublingTheQuote() {
    PipelineSpec s = parse("name: m\nsource: {format: csv, path: a, quote: \"'\"}\nsink: {format: csv, path: o}\n");
    assertEquals('\'', s.source().csv().escape());
  }

  @Test
  void parse_jsonlSourceWithSchema_readsDeclaredTypes() {
    PipelineSpec s = parse("name: m\nsource:\n  format: jsonl\n  path: a\n  schema: {id: bigint, at: timestamp}\nsink: {format: jsonl, path: o}\n");
    assertEquals(Map.of("id", FieldType.LONG, "at", FieldType.TIMESTAMP), s.source().types());
  }

  @Test
  void toYaml_thenParse_givesAnEqualSpec() {
    PipelineSpec s = expectedFull();
    String yaml = PipelineSpecs.toYaml(s);
    assertEquals(s, parse(yaml), yaml);
  }

  @Test
  void toJson_thenParse_givesAnEqualSpec() {
    PipelineSpec s = expectedFull();
    String json = PipelineSpecs.toJson(s);
    assertTrue(json.trim().startsWith("{"), json);
    assertEquals(s, parse(json), json);
  }

  @Test
  void toYaml_defaultStagesAndJsonlSource_roundTrip() {
    PipelineSpec s = PipelineSpec.builder("p2")
        .source(SourceSpec.jsonl("in.jsonl").withTypes(Map.of("id", FieldType.LONG)).withTags("id", "privacy-unit", "pii:PERSON"))
        .stage(CastStage.of(Map.of("id", FieldType.STRING)))
        .stage(FilterStage.of("id != 'x'"))
        .stage(DetectStage.defaults())
        .stage(MaskStage.allPii())
        .sink(SinkSpec.jsonl("out"))
        .build();
    assertEquals(s, parse(PipelineSpecs.toYaml(s)));
    assertEquals(s, parse(PipelineSpecs.toJson(s)));
  }

  @Test
  void parse_unknownTopLevelKey_namesLineKeyAndSuggestsNearest() {
    String m = error("name: x\nsource: {format: csv, path: a}\nsinks: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:3:1: sinks: "), m);
    assertTrue(m.contains("unknown key 'sinks' in the pipeline spec"), m);
    assertTrue(m.contains("Did you mean 'sink'?"), m);
  }

  @Test
  void parse_unknownStageType_namesLineAndStageTypes() {
    String m = error("name: x\nsource: {format: csv, path: a}\nstages:\n  - type: cast\n    columns: {a: long}\n  - type: filt\n"
        + "sink: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:6:11: stages[1].type: "), m);
    assertTrue(m.contains("unknown stage type 'filt'"), m);
    assertTrue(m.contains("select, drop, cast, filter, detect, mask"), m);
    assertTrue(m.contains("Did you mean 'filter'?"), m);
  }

  @Test
  void parse_unknownKeyInStage_namesLineKeyAndSuggestsNearest() {
    String m = error("name: x\nsource: {format: csv, path: a}\nstages:\n  - type: cast\n    colums: {a: long}\nsink: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:5:5: stages[0].colums: "), m);
    assertTrue(m.contains("unknown key 'colums' in stage 'cast'"), m);
    assertTrue(m.contains("Allowed keys: columns, emptyAsNull, name, type"), m);
    assertTrue(m.contains("Did you mean 'columns'?"), m);
  }

  @Test
  void parse_stageWithoutType_namesTheStageAndTypes() {
    String m = error("name: x\nsource: {format: csv, path: a}\nstages:\n  - columns: [a]\nsink: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:4:5: stages[0]: missing required key 'type'"), m);
  }

  @Test
  void parse_missingRequiredKey_namesItAndWhere() {
    String m = error("name: x\nsource:\n  format: csv\nsink: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:3:3: source: "), m);
    assertTrue(m.contains("missing required key 'path' in source"), m);
    assertTrue(error("source: {format: csv, path: a}\nsink: {format: csv, path: o}\n").contains("missing required key 'name'"));
    String stage = error("name: x\nsource: {format: csv, path: a}\nstages:\n  - type: select\nsink: {format: csv, path: o}\n");
    assertTrue(stage.startsWith("spec.yaml:4:5: stages[0]: missing required key 'columns' in stage 'select'"), stage);
  }

  @Test
  void parse_stringWhereIntegerExpected_namesLineKeyAndValue() {
    String m = error("name: x\nsource: {format: csv, path: a}\nsink: {format: csv, path: o}\nsampleRows: many\n");
    assertEquals("spec.yaml:4:13: sampleRows: expected an integer, found 'many'", m);
    String f = error("name: x\nsource:\n  format: csv\n  path: a\n  maxFieldChars: ten\nsink: {format: csv, path: o}\n");
    assertEquals("spec.yaml:5:18: source.maxFieldChars: expected an integer, found 'ten'", f);
    String k = error("name: x\nsource: {format: csv, path: a}\nstages:\n  - type: mask\n    keepLast: four\nsink: {format: csv, path: o}\n");
    assertTrue(k.startsWith("spec.yaml:5:15: stages[0].keepLast: expected an integer"), k);
  }

  @Test
  void parse_badFormat_namesLineAndAllowedFormats() {
    String m = error("name: x\nsource:\n  format: xml\n  path: a\nsink: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:3:11: source.format: "), m);
    assertTrue(m.contains("format must be csv, jsonl or parquet. Provided value: 'xml'"), m);
  }

  @Test
  void parse_badEngine_namesLineAndEngines() {
    String m = error("name: x\nengine: flink\nsource: {format: csv, path: a}\nsink: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:2:9: engine: "), m);
    assertTrue(m.contains("engine must be spark or beam. Provided value: 'flink'"), m);
  }

  @Test
  void parse_badSinkMode_namesLineAndModes() {
    String m = error("name: x\nsource: {format: csv, path: a}\nsink:\n  format: csv\n  path: o\n  mode: append\n");
    assertTrue(m.startsWith("spec.yaml:6:9: sink.mode: "), m);
    assertTrue(m.contains("'overwrite' or 'error-if-exists'"), m);
  }

  @Test
  void parse_badOnReject_namesLineAndChoices() {
    String m = error("name: x\nsource: {format: csv, path: a}\nstages:\n  - type: filter\n    where: a = 1\n    onReject: keep\n"
        + "sink: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:6:15: stages[0].onReject: "), m);
    assertTrue(m.contains("onReject must be 'drop' or 'dead-letter'. Provided value: 'keep'"), m);
  }

  @Test
  void parse_badCastType_namesLineColumnKeyAndTypes() {
    String m = error("name: x\nsource: {format: csv, path: a}\nstages:\n  - type: cast\n    columns:\n      age: integerr\n"
        + "sink: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:6:12: stages[0].columns.age: "), m);
    assertTrue(m.contains("string, long, double, boolean, date, timestamp"), m);
    assertTrue(m.contains("'integerr'"), m);
  }

  @Test
  void parse_badFilterExpression_namesLineAndPosition() {
    String m = error("name: x\nsource: {format: csv, path: a}\nstages:\n  - type: filter\n    where: \"age >= \"\n"
        + "sink: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:5:12: stages[0].where: "), m);
    assertTrue(m.contains("position 8"), m);
  }

  @Test
  void parse_badTag_namesLineAndAllowedTags() {
    String m = error("name: x\nsource:\n  format: csv\n  path: a\n  tags:\n    id: [privacy_unit]\nsink: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:6:9: source.tags.id: "), m);
    assertTrue(m.contains(Tags.ALLOWED), m);
  }

  @Test
  void parse_badStageParameter_namesLineAndStage() {
    String m = error("name: x\nsource: {format: csv, path: a}\nstages:\n  - type: detect\n    threshold: 2\n"
        + "sink: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:4:5: stages[0]: stage 'detect': "), m);
    assertTrue(m.contains("threshold must be > 0 and <= 1. Provided value: 2.0"), m);
  }

  @Test
  void parse_csvOptionOnJsonlSource_saysItAppliesToCsvOnly() {
    String m = error("name: x\nsource:\n  format: jsonl\n  path: a\n  delimiter: \";\"\nsink: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:5:14: source.delimiter: "), m);
    assertTrue(m.contains("'delimiter' applies to csv sources only"), m);
  }

  @Test
  void parse_delimiterOfTwoCharacters_explainsTheTabSpelling() {
    String m = error("name: x\nsource: {format: csv, path: a, delimiter: ';;'}\nsink: {format: csv, path: o}\n");
    assertTrue(m.contains("delimiter must be exactly one character"), m);
    assertTrue(m.startsWith("spec.yaml:2:"), m);
  }

  @Test
  void parse_inconsistentCsvOptions_namesTheSource() {
    String m = error("name: x\nsource: {format: csv, path: a, header: false}\nsink: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:2:9: source: "), m);
    assertTrue(m.contains("columns must list the field names when header is false"), m);
  }

  @Test
  void parse_badName_namesTheRule() {
    assertTrue(error("name: 'my pipeline'\nsource: {format: csv, path: a}\nsink: {format: csv, path: o}\n")
        .contains("name must be letters, digits"));
  }

  @Test
  void parse_invalidYaml_namesFileAndLine() {
    String m = error("name: x\nsource: {format: csv, path: a\nsink: {format: csv, path: o}\n");
    assertTrue(m.startsWith("spec.yaml:3:"), m);
    assertTrue(m.contains("not valid YAML"), m);
  }

  @Test
  void parse_duplicateTopLevelKey_isAnError() {
    String m = error("name: x\nsource: {format: csv, path: a}\nsink: {format: csv, path: o}\nname: y\n");
    assertTrue(m.startsWith("spec.yaml:4:1"), m);
    assertTrue(m.contains("'name'"), m);
  }

  @TempDir Path dir;

  @Test
  void load_relativePaths_resolveAgainstTheSpecDirectory() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("conf"));
    Path spec = sub.resolve("pipeline.yaml");
    String abs = dir.resolve("elsewhere/dead").toAbsolutePath().toString();
    Files.writeString(spec, "name: x\nsource: {format: csv, path: data/in.csv}\nsink: {format: parquet, path: ../out}\n"
        + "deadLetter: {path: '" + abs + "'}\n");
    PipelineSpec s = PipelineSpecs.load(spec, REGISTRY);
    assertEquals(sub.toAbsolutePath().resolve("data/in.csv").normalize().toString(), s.source().path());
    assertEquals(dir.toAbsolutePath().resolve("out").normalize().toString(), s.sink().path());
    assertEquals(abs, s.deadLetterPath());
    assertEquals(s.sink().path() + "-report.json", s.reportPath());
  }

  @Test
  void load_missingFile_namesThePath() {
    Path p = dir.resolve("none.yaml");
    String m = assertThrows(SpecException.class, () -> PipelineSpecs.load(p, REGISTRY)).getMessage();
    assertTrue(m.contains(p.toString()) && m.contains("not found"), m);
  }

  @Test
  void load_error_namesTheFileAsGiven() throws IOException {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(spec, "name: x\nengine: flink\nsource: {format: csv, path: a}\nsink: {format: csv, path: o}\n");
    String m = assertThrows(SpecException.class, () -> PipelineSpecs.load(spec, REGISTRY)).getMessage();
    assertTrue(m.startsWith(spec + ":2:9: engine: "), m);
  }
}
