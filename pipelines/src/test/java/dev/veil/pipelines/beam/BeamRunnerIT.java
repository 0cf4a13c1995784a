package dev.veil.pipelines.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.core.error.InputException;
import dev.veil.core.error.ReasonCode;
import dev.veil.core.io.SourceRecord;
import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PipelinePlanner;
import dev.veil.core.report.RunCounts;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.spec.SourceSpec;
import dev.veil.core.stage.builtin.CastStage;
import dev.veil.core.stage.builtin.FilterStage;
import dev.veil.pipelines.EngineRunner;
import dev.veil.pipelines.io.ResolvedSource;
import dev.veil.privacy.detect.DetectStage;
import dev.veil.privacy.mask.MaskStage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeamRunnerIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEADER = "id,name,email,age,city";
  private static final int ROWS = 50;
  private static final int WRONG_FIELD_COUNT_ROW = 10;
  private static final int INVALID_UTF8_ROW = 20;
  private static final int UNPARSABLE_AGE_ROW = 30;
  private static final int BLANK_AGE_ROW = 40;
  private static final int QUOTED_CITY_ROW = 25;

  @TempDir
  Path tmp;

  // ---------------------------------------------------------------- CSV source, the main pipeline

  @Test
  void csvToParquet_countsReconcileAndSurvivorsAreMasked() throws IOException {
    Path csv = writePeopleCsv(tmp.resolve("people.csv"));
    Path out = tmp.resolve("out");
    PipelineSpec spec = peopleSpec(csv, SinkSpec.parquet(out.toString()));
    PipelinePlan plan = plan(spec);
    assertTrue(plan.outputSchema().field(plan.outputSchema().indexOf("email")).tags().piiClasses().contains(PiiClass.EMAIL_ADDRESS),
        "precondition: detect tags the email column");

    EngineRunner.Result result = new BeamRunner().run(plan, open(spec), EngineRunner.ProgressListener.NONE);

    RunCounts c = result.counts();
    List<Object[]> written = readParquet(out);
    List<JsonNode> dead = readDeadLetters(Path.of(spec.deadLetterPath()));
    assertEquals(ROWS, c.read());
    assertEquals(2, c.dead(0));
    assertEquals(1, c.dead(1));
    assertEquals(0, c.filtered(1));
    assertEquals(8, c.filtered(2), "ages 11..17 and the blank age");
    assertEquals(0, c.dead(2) + c.dead(3) + c.dead(4) + c.filtered(3) + c.filtered(4));
    assertEquals(c.read(), written.size() + totalFiltered(c) + totalDead(c), "read = written + filtered + dead");
    assertEquals(totalDead(c), dead.size(), "one dead-letter line per dead record");

    assertEquals(expectedPeople(), sortedById(written));
    assertTrue(result.engineVersion().startsWith("Beam 2.62.0"), result.engineVersion());
    assertTrue(result.engineVersion().endsWith("DirectRunner"), result.engineVersion());
    assertTrue(c.nanos(1) >= 0 && c.nanos(2) >= 0 && c.nanos(3) >= 0 && c.nanos(4) >= 0,
        "stages with ops (detect's per-record inspection included) report their time");
    assertTrue(c.findings(3).values().stream().mapToLong(Long::longValue).sum() > 0, "detect counts findings: " + c.findings(3));
    assertPartFiles(out, ".parquet");
  }

  @Test
  void csvToParquet_deadLettersNameStageReasonFieldAndRealLine() throws IOException {
    Path csv = writePeopleCsv(tmp.resolve("people.csv"));
    PipelineSpec spec = peopleSpec(csv, SinkSpec.parquet(tmp.resolve("out").toString()));

    new BeamRunner().run(plan(spec), open(spec), EngineRunner.ProgressListener.NONE);

    Map<Long, JsonNode> byLine = new TreeMap<>();
    for (JsonNode d : readDeadLetters(Path.of(spec.deadLetterPath()))) {
      byLine.put(d.get("source").get("line").asLong(), d);
    }
    assertEquals(List.of(lineOf(WRONG_FIELD_COUNT_ROW), lineOf(INVALID_UTF8_ROW), lineOf(UNPARSABLE_AGE_ROW)), List.copyOf(byLine.keySet()));

    JsonNode wrongCount = byLine.get(lineOf(WRONG_FIELD_COUNT_ROW));
    assertEquals(0, wrongCount.get("stageIndex").asInt());
    assertEquals("source", wrongCount.get("stage").asText());
    assertEquals(ReasonCode.WRONG_FIELD_COUNT, wrongCount.get("reason").asText());
    assertEquals(csv.toAbsolutePath().toString(), wrongCount.get("source").get("file").asText());
    assertEquals(rowText(WRONG_FIELD_COUNT_ROW), wrongCount.get("raw").asText());
    assertFalse(wrongCount.has("record"));

    JsonNode badBytes = byLine.get(lineOf(INVALID_UTF8_ROW));
    assertEquals(0, badBytes.get("stageIndex").asInt());
    assertEquals(ReasonCode.INVALID_ENCODING, badBytes.get("reason").asText());
    assertTrue(badBytes.get("raw").asText().startsWith(INVALID_UTF8_ROW + ",Person \\xFF"), badBytes.get("raw").asText());

    JsonNode cast = byLine.get(lineOf(UNPARSABLE_AGE_ROW));
    assertEquals(1, cast.get("stageIndex").asInt());
    assertEquals("cast", cast.get("stage").asText());
    assertEquals(ReasonCode.CAST_FAILED, cast.get("reason").asText());
    assertEquals("age", cast.get("field").asText());
    assertFalse(cast.get("message").asText().contains("thirty"), "messages never quote values");
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("id", String.valueOf(UNPARSABLE_AGE_ROW));
    record.put("name", "Person " + UNPARSABLE_AGE_ROW);
    record.put("email", email(UNPARSABLE_AGE_ROW));
    record.put("age", "thirty");
    record.put("city", city(UNPARSABLE_AGE_ROW));
    assertEquals(JSON.valueToTree(record), cast.get("record"), "the record as the cast stage received it");
    assertFalse(cast.has("raw"));
  }

  @Test
  void csvToCsv_writesHeaderedPartFilesWithMaskedValues() throws IOException {
    Path csv = writePeopleCsv(tmp.resolve("people.csv"));
    Path out = tmp.resolve("out-csv");
    PipelineSpec spec = peopleSpec(csv, SinkSpec.csv(out.toString()));

    RunCounts c = new BeamRunner().run(plan(spec), open(spec), EngineRunner.ProgressListener.NONE).counts();

    List<Path> parts = assertPartFiles(out, ".csv");
    for (Path p : parts) {
      assertEquals(HEADER, Files.readAllLines(p, StandardCharsets.UTF_8).get(0), "every part starts with the header: " + p);
    }
    List<Object[]> back = readAll(ResolvedSource.open(SourceSpec.csv(out.toString()), 1));
    List<List<Object>> expected = new ArrayList<>();
    for (List<Object> r : expectedPeople()) {
      List<Object> s = new ArrayList<>(r);
      s.set(3, String.valueOf(r.get(3)));
      expected.add(s);
    }
    assertEquals(expected, sortedById(back), "values, including the quoted city with a comma, read back unchanged");
    assertEquals(c.read(), back.size() + totalFiltered(c) + totalDead(c));
  }

  @Test
  void everythingFiltered_writesEmptyOutputAndEmptyDeadLetterDirectory() throws IOException {
    Path csv = tmp.resolve("adults.csv");
    Files.writeString(csv, HEADER + "\n1,A,a@example.com,20,Berlin\n2,B,b@example.com,30,Paris\n", StandardCharsets.UTF_8);
    Path out = tmp.resolve("out");
    PipelineSpec spec = PipelineSpec.builder("t")
        .source(SourceSpec.csv(csv.toString()))
        .stage(CastStage.of(Map.of("age", FieldType.LONG)))
        .stage(FilterStage.of("age >= 100"))
        .sink(SinkSpec.jsonl(out.toString()))
        .build();

    RunCounts c = new BeamRunner().run(plan(spec), open(spec), EngineRunner.ProgressListener.NONE).counts();

    assertEquals(2, c.read());
    assertEquals(2, c.filtered(2));
    assertEquals(0, totalDead(c));
    assertEquals(List.of(), readJsonLines(out, ".jsonl"));
    Path deadDir = Path.of(spec.deadLetterPath());
    assertTrue(Files.isDirectory(deadDir), "the dead-letter directory exists even without dead letters");
    assertEquals(List.of(), readDeadLetters(deadDir));
  }

  // ---------------------------------------------------------------- JSON-lines source, typed values

  @Test
  void jsonlToJsonl_castsDatesAndTimestampsAndDeadLettersBadLines() throws IOException {
    Path src = writeEventsJsonl(tmp.resolve("events.jsonl"));
    Path out = tmp.resolve("out-jsonl");
    PipelineSpec spec = eventsSpec(src, SinkSpec.jsonl(out.toString()));

    RunCounts c = new BeamRunner().run(plan(spec), open(spec), EngineRunner.ProgressListener.NONE).counts();

    assertEquals(8, c.read());
    assertEquals(2, c.dead(0), "bad JSON and a string score");
    assertEquals(1, c.dead(1), "an impossible date");
    assertEquals(2, c.filtered(2), "inactive or low score");
    List<JsonNode> lines = readJsonLines(out, ".jsonl");
    lines.sort(Comparator.comparingLong(n -> n.get("id").asLong()));
    List<JsonNode> expected = new ArrayList<>();
    expected.add(json("{\"id\":1,\"name\":\"ann\",\"score\":0.75,\"active\":true,\"day\":\"2024-01-05\",\"ts\":\"2024-01-05T10:00:00.000000Z\"}"));
    expected.add(json("{\"id\":4,\"name\":\"dan\",\"score\":1.0,\"active\":true,\"day\":\"2024-02-29\",\"ts\":\"2024-02-29T23:59:59.123456Z\"}"));
    expected.add(json("{\"id\":7,\"name\":null,\"score\":0.5,\"active\":true,\"day\":null,\"ts\":\"2024-03-01T00:00:00.000000Z\"}"));
    assertEquals(expected, lines);
    assertEquals(c.read(), lines.size() + totalFiltered(c) + totalDead(c));

    Map<Long, String> reasons = new TreeMap<>();
    for (JsonNode d : readDeadLetters(Path.of(spec.deadLetterPath()))) {
      reasons.put(d.get("source").get("line").asLong(), d.get("stageIndex").asInt() + ":" + d.get("reason").asText());
    }
    assertEquals(Map.of(3L, "0:" + ReasonCode.MALFORMED_JSON, 5L, "0:" + ReasonCode.TYPE_MISMATCH, 8L, "1:" + ReasonCode.CAST_FAILED), reasons);
  }

  @Test
  void jsonlToParquet_thenParquetSourceToCsv_roundTripsTypedValues() throws IOException {
    Path src = writeEventsJsonl(tmp.resolve("events.jsonl"));
    Path parquet = tmp.resolve("events-parquet");
    PipelineSpec first = eventsSpec(src, SinkSpec.parquet(parquet.toString()));
    new BeamRunner().run(plan(first), open(first), EngineRunner.ProgressListener.NONE);

    List<Object[]> rows = readParquet(parquet);
    rows.sort(Comparator.comparingLong(r -> (Long) r[0]));
    assertEquals(3, rows.size());
    assertEquals(Arrays.asList(1L, "ann", 0.75, true, LocalDate.of(2024, 1, 5), Instant.parse("2024-01-05T10:00:00Z")), Arrays.asList(rows.get(0)));
    assertEquals(Arrays.asList(4L, "dan", 1.0, true, LocalDate.of(2024, 2, 29), Instant.parse("2024-02-29T23:59:59.123456Z")),
        Arrays.asList(rows.get(1)));
    assertEquals(Arrays.asList(7L, null, 0.5, true, null, Instant.parse("2024-03-01T00:00:00Z")), Arrays.asList(rows.get(2)));

    Path csvOut = tmp.resolve("events-csv");
    PipelineSpec second = PipelineSpec.builder("t2")
        .source(SourceSpec.parquet(parquet.toString()))
        .stage(FilterStage.of("id > 1"))
        .sink(SinkSpec.csv(csvOut.toString()))
        .build();
    RunCounts c = new BeamRunner().run(plan(second), open(second), EngineRunner.ProgressListener.NONE).counts();

    assertEquals(3, c.read());
    assertEquals(1, c.filtered(1));
    List<Object[]> back = readAll(ResolvedSource.open(SourceSpec.csv(csvOut.toString()), 1));
    back.sort(Comparator.comparing(r -> (String) r[0]));
    assertEquals(List.of(
        Arrays.asList("4", "dan", "1.0", "true", "2024-02-29", "2024-02-29T23:59:59.123456Z"),
        Arrays.asList("7", null, "0.5", "true", null, "2024-03-01T00:00:00.000000Z")),
        List.of(Arrays.asList(back.get(0)), Arrays.asList(back.get(1))));
  }

  // ---------------------------------------------------------------- parallel splits

  @Test
  void largeCsvReadInSplits_keepsExactLineNumbersCountsAndProgress() throws IOException {
    int rows = 120_000;
    int every = 7_919;
    Path csv = tmp.resolve("large.csv");
    List<Long> badLines = new ArrayList<>();
    StringBuilder sb = new StringBuilder(rows * 80).append(HEADER).append('\n');
    for (int i = 1; i <= rows; i++) {
      if (i % every == 0 || i == 1 || i == rows) {
        sb.append(i).append(",Person ").append(i).append('\n'); // too few fields
        badLines.add(i + 1L);
      } else {
        sb.append(i).append(",Person ").append(i).append(',').append(email(i)).append(',').append(18 + i % 60)
            .append(",Some city with a longer name ").append(i % 97).append('\n');
      }
    }
    Files.writeString(csv, sb, StandardCharsets.UTF_8);
    Path out = tmp.resolve("out");
    PipelineSpec spec = PipelineSpec.builder("large")
        .source(SourceSpec.csv(csv.toString()))
        .stage(CastStage.of(Map.of("age", FieldType.LONG)))
        .stage(FilterStage.of("age < 70"))
        .sink(SinkSpec.csv(out.toString()))
        .build();
    ResolvedSource source = open(spec);
    assertTrue(source.text().splits(Files.size(csv) / BeamRunner.PARALLELISM).size() >= 2, "precondition: the file is read as several splits");
    List<Long> reported = Collections.synchronizedList(new ArrayList<>());

    RunCounts c = new BeamRunner().run(plan(spec), source, reported::add).counts();

    long filtered = 0;
    for (int i = 1; i <= rows; i++) {
      if (!badLines.contains(i + 1L) && 18 + i % 60 >= 70) filtered++;
    }
    assertEquals(rows, c.read());
    assertEquals(badLines.size(), c.dead(0));
    assertEquals(filtered, c.filtered(2));
    long written = 0;
    for (Path p : assertPartFiles(out, ".csv")) {
      written += Files.readAllLines(p, StandardCharsets.UTF_8).size() - 1;
    }
    assertEquals(rows - badLines.size() - filtered, written);
    List<Long> deadLines = new ArrayList<>();
    for (JsonNode d : readDeadLetters(Path.of(spec.deadLetterPath()))) {
      deadLines.add(d.get("source").get("line").asLong());
      assertEquals(rowLineText(d), d.get("raw").asText());
    }
    Collections.sort(deadLines);
    assertEquals(badLines, deadLines);

    assertEquals(rows, reported.get(reported.size() - 1), "the last progress report is the exact total");
    assertTrue(reported.size() >= 3, "interim progress was reported while reading: " + reported.size());
    for (int i = 1; i < reported.size(); i++) {
      assertTrue(reported.get(i) >= reported.get(i - 1), "progress never decreases: " + reported);
    }
  }

  @Test
  void sourceFileBrokenAfterPlanning_failsWithTheReadersInputException() throws IOException {
    Path parquet = tmp.resolve("events-parquet");
    PipelineSpec first = eventsSpec(writeEventsJsonl(tmp.resolve("events.jsonl")), SinkSpec.parquet(parquet.toString()));
    new BeamRunner().run(plan(first), open(first), EngineRunner.ProgressListener.NONE);
    PipelineSpec spec = PipelineSpec.builder("t")
        .source(SourceSpec.parquet(parquet.toString()))
        .sink(SinkSpec.jsonl(tmp.resolve("out").toString()))
        .build();
    ResolvedSource source = open(spec);
    PipelinePlan plan = plan(spec);
    Path broken = Path.of(source.files().get(0));
    Files.writeString(broken, "not parquet any more", StandardCharsets.UTF_8);

    InputException e = assertThrows(InputException.class,
        () -> new BeamRunner().run(plan, source, EngineRunner.ProgressListener.NONE));
    assertTrue(e.getMessage().startsWith(broken.toString()), e.getMessage());
  }

  // ---------------------------------------------------------------- fixtures

  private static PipelineSpec peopleSpec(Path csv, SinkSpec sink) {
    return PipelineSpec.builder("t")
        .source(SourceSpec.csv(csv.toString()))
        .stage(CastStage.of(Map.of("age", FieldType.LONG)))
        .stage(FilterStage.of("age >= 18"))
        // e-mail and phone only: the cities would otherwise be detected as LOCATION and masked too
        .stage(new DetectStage(null, null, List.of(dev.veil.core.schema.PiiClass.EMAIL_ADDRESS,
            dev.veil.core.schema.PiiClass.PHONE_NUMBER), null, 0.8, 0.5))
        .stage(MaskStage.allPii())
        .sink(sink)
        .build();
  }

  private static long lineOf(int row) {
    return row + 1L; // the header is line 1
  }

  private static String email(int i) {
    return "person" + i + "@example.com";
  }

  private static String city(int i) {
    return i == QUOTED_CITY_ROW ? "Paris, FR" : List.of("Berlin", "Paris", "Lyon").get(i % 3);
  }

  private static String ageText(int i) {
    if (i == UNPARSABLE_AGE_ROW) return "thirty";
    if (i == BLANK_AGE_ROW) return "";
    return String.valueOf(i + 10);
  }

  private static String rowText(int i) {
    String cityField = city(i).contains(",") ? "\"" + city(i) + "\"" : city(i);
    String line = i + ",Person " + i + "," + email(i) + "," + ageText(i) + "," + cityField;
    return i == WRONG_FIELD_COUNT_ROW ? line + ",extra" : line;
  }

  /** 50 people; row i is on line i + 1; see the *_ROW constants for the broken ones. */
  private static Path writePeopleCsv(Path file) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
    for (int i = 1; i <= ROWS; i++) {
      if (i == INVALID_UTF8_ROW) {
        b.writeBytes((i + ",Person ").getBytes(StandardCharsets.UTF_8));
        b.write(0xFF);
        b.writeBytes((i + "," + email(i) + "," + ageText(i) + "," + city(i) + "\n").getBytes(StandardCharsets.UTF_8));
      } else {
        b.writeBytes((rowText(i) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    Files.write(file, b.toByteArray());
    return file;
  }

  /** The people that survive, computed from the fixture rules: [id, name, masked email, age, city], by id. */
  private static List<List<Object>> expectedPeople() {
    List<List<Object>> out = new ArrayList<>();
    for (int i = 1; i <= ROWS; i++) {
      if (i == WRONG_FIELD_COUNT_ROW || i == INVALID_UTF8_ROW || i == UNPARSABLE_AGE_ROW || i == BLANK_AGE_ROW) continue;
      long age = i + 10;
      if (age < 18) continue;
      out.add(Arrays.asList(String.valueOf(i), "Person " + i, "*".repeat(email(i).length()), age, city(i)));
    }
    return out;
  }

  private static List<List<Object>> sortedById(List<Object[]> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(Arrays.asList(r));
    }
    out.sort(Comparator.comparingLong(r -> Long.parseLong((String) r.get(0))));
    return out;
  }

  /**
   * Events with declared types; line 3 is not JSON, line 5 has a string score, line 8 an impossible
   * date; ids 2 (inactive) and 6 (low score) are filtered.
   */
  private static Path writeEventsJsonl(Path file) throws IOException {
    Files.writeString(file, String.join("\n",
        "{\"id\":1,\"name\":\"ann\",\"score\":0.75,\"active\":true,\"day\":\"2024-01-05\",\"ts\":\"2024-01-05T10:00:00Z\"}",
        "{\"id\":2,\"name\":\"bob\",\"score\":0.9,\"active\":false,\"day\":\"2024-01-06\",\"ts\":\"2024-01-06 08:30:00\"}",
        "{\"id\":3,\"name\":",
        "{\"id\":4,\"name\":\"dan\",\"score\":1,\"active\":true,\"day\":\"2024-02-29\",\"ts\":\"2024-02-29T23:59:59.1234567Z\"}",
        "{\"id\":5,\"name\":\"eve\",\"score\":\"high\",\"active\":true,\"day\":\"2024-01-07\",\"ts\":\"2024-01-07T00:00:00Z\"}",
        "{\"id\":6,\"name\":\"fay\",\"score\":0.1,\"active\":true,\"day\":\"2024-01-08\",\"ts\":\"2024-01-08T00:00:00Z\"}",
        "{\"id\":7,\"name\":null,\"score\":0.5,\"active\":true,\"day\":\"\",\"ts\":\"2024-03-01T01:00:00+01:00\"}",
        "{\"id\":8,\"name\":\"hal\",\"score\":0.8,\"active\":true,\"day\":\"2024-02-30\",\"ts\":\"2024-01-09T00:00:00Z\"}") + "\n",
        StandardCharsets.UTF_8);
    return file;
  }

  private static PipelineSpec eventsSpec(Path jsonl, SinkSpec sink) {
    Map<String, FieldType> types = new LinkedHashMap<>();
    types.put("id", FieldType.LONG);
    types.put("name", FieldType.STRING);
    types.put("score", FieldType.DOUBLE);
    types.put("active", FieldType.BOOLEAN);
    types.put("day", FieldType.STRING);
    types.put("ts", FieldType.STRING);
    Map<String, FieldType> casts = new LinkedHashMap<>();
    casts.put("day", FieldType.DATE);
    casts.put("ts", FieldType.TIMESTAMP);
    return PipelineSpec.builder("events")
        .source(SourceSpec.jsonl(jsonl.toString()).withTypes(types))
        .stage(CastStage.of(casts))
        .stage(FilterStage.of("active = true and score >= 0.5"))
        .sink(sink)
        .build();
  }

  // ---------------------------------------------------------------- helpers

  private static ResolvedSource open(PipelineSpec spec) {
    return ResolvedSource.open(spec.source(), spec.sampleRows());
  }

  private static PipelinePlan plan(PipelineSpec spec) {
    ResolvedSource source = open(spec);
    List<Object[]> samples = new ArrayList<>();
    for (SourceRecord r : source.sample()) {
      if (!r.isMalformed()) samples.add(r.values());
    }
    return PipelinePlanner.plan(spec, source.schema(), source.files(), samples);
  }

  private static long totalFiltered(RunCounts c) {
    long n = 0;
    for (int i = 0; i <= c.stages(); i++) n += c.filtered(i);
    return n;
  }

  private static long totalDead(RunCounts c) {
    long n = 0;
    for (int i = 0; i <= c.stages(); i++) n += c.dead(i);
    return n;
  }

  /** The part files of {@code dir}, after checking that it holds nothing else (no temporary directories either). */
  private static List<Path> assertPartFiles(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.sorted().toList();
      assertFalse(files.isEmpty(), "no files in " + dir);
      for (Path p : files) {
        String name = p.getFileName().toString();
        assertTrue(Files.isRegularFile(p) && name.startsWith("part-") && name.endsWith(suffix), "unexpected entry " + name);
      }
      return files;
    }
  }

  private static List<JsonNode> readJsonLines(Path dir, String suffix) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (Path p : assertPartFiles(dir, suffix)) {
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  private static List<JsonNode> readDeadLetters(Path dir) throws IOException {
    return readJsonLines(dir, ".jsonl");
  }

  private static List<Object[]> readParquet(Path dir) {
    return readAll(ResolvedSource.open(SourceSpec.parquet(dir.toString()), 1));
  }

  /** Every record of every file of a source (none may be malformed). */
  private static List<Object[]> readAll(ResolvedSource source) {
    List<Object[]> out = new ArrayList<>();
    if (source.parquet() != null) {
      for (int i = 0; i < source.files().size(); i++) {
        source.parquet().read(i, r -> out.add(r.values()));
      }
    } else {
      source.text().splits(Long.MAX_VALUE).forEach(split -> source.text().read(split, r -> {
        assertNull(r.reason(), "malformed record read back from the sink at line " + r.line());
        out.add(r.values());
      }));
    }
    return out;
  }

  private static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  /** The text of a too-short row of the large fixture, from its line number. */
  private static String rowLineText(JsonNode deadLetter) {
    long i = deadLetter.get("source").get("line").asLong() - 1;
    return i + ",Person " + i;
  }
}
