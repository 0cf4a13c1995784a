package dev.veil.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.core.report.RunReport;
import dev.veil.core.spec.Engine;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.PipelineSpecs;
import dev.veil.core.stage.StageRegistry;
import dev.veil.pipelines.beam.BeamRunner;
import dev.veil.pipelines.generate.SyntheticDataGenerator;
import dev.veil.pipelines.spark.SparkRunner;
import dev.veil.privacy.keys.MasterKey;
import dev.veil.privacy.keys.VeilKeyset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same anonymization spec gives identical output on Spark and Beam, and with the same key and
 * domain a value maps to the same pseudonym across tables and runs, so joins on pseudonymized ids work.
 */
class AnonymizeCrossEngineIT {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkRunner.localSession("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static String customers(Path dir, Path keys, Path master, String out) {
    return """
        name: customers
        source: {format: csv, path: %s, tags: {customer_id: [privacy-unit]}}
        stages:
          - {type: select, columns: [customer_id, email, phone, notes, card_number, zip, age, signup_ts]}
          - {type: cast, columns: {age: long, signup_ts: timestamp}}
          - {type: detect, regions: [US], countFindings: false}
          - type: anonymize
            name: pseudonymize
            keyset: %s
            masterKey: file:%s
            columns:
              card_number: {op: ff1, alphabet: digits, luhn: true, domain: cards}
              signup_ts: {op: dateshift, subject: customer_id, maxDays: 30, domain: signup}
              age: {op: topcode, top: 80}
              zip: {op: prefix, keep: 3}
            tags:
              EMAIL_ADDRESS: {op: hash, domain: email}
              PHONE_NUMBER: {op: replace}
          - type: anonymize
            name: tokenize-id
            keyset: %s
            masterKey: file:%s
            columns:
              customer_id: {op: tokenize, domain: customer}
        sink: {format: jsonl, path: %s, mode: overwrite}
        deadLetter: {path: %s-dead}
        report: {path: %s-report.json}
        """.formatted(dir.resolve("data/customers.csv"), keys, master, keys, master, out, out, out);
  }

  private static String ids(Path dir, Path keys, Path master, String out) {
    return """
        name: ids
        source: {format: csv, path: %s}
        stages:
          - {type: select, columns: [customer_id, country]}
          - type: anonymize
            keyset: %s
            masterKey: file:%s
            columns:
              customer_id: {op: tokenize, domain: customer}
        sink: {format: jsonl, path: %s, mode: overwrite}
        deadLetter: {path: %s-dead}
        report: {path: %s-report.json}
        """.formatted(dir.resolve("data/customers.csv"), keys, master, out, out, out);
  }

  private RunReport run(Path dir, String name, String yaml, Engine engine) throws Exception {
    Path spec = dir.resolve(name + ".yaml");
    Files.writeString(spec, yaml);
    PipelineSpec ps = PipelineSpecs.load(spec, StageRegistry.discover()).withEngine(engine);
    return Veil.run(ps, e -> e == Engine.SPARK ? new SparkRunner(spark) : new BeamRunner(), EngineRunner.ProgressListener.NONE);
  }

  @Test
  void anonymizeSpec_sparkAndBeam_identicalOutput_andPseudonymsJoinAcrossTables(@TempDir Path dir) throws Exception {
    SyntheticDataGenerator.generate(dir.resolve("data/customers.csv"), 1500, 23, n -> {});
    Path master = dir.resolve("master.key");
    Files.writeString(master, MasterKey.generateText());
    Path keys = dir.resolve("keys.json");
    VeilKeyset.createAll().write(keys, MasterKey.fromFile(master));

    RunReport s = run(dir, "spark", customers(dir, keys, master, dir.resolve("s").toString()), Engine.SPARK);
    RunReport b = run(dir, "beam", customers(dir, keys, master, dir.resolve("b").toString()), Engine.BEAM);
    assertTrue(s.reconciles() && b.reconciles());
    List<String> sl = CrossEngineIT.textLines(dir.resolve("s"), false);
    List<String> bl = CrossEngineIT.textLines(dir.resolve("b"), false);
    assertTrue(sl.size() > 1400, "records: " + sl.size());
    CrossEngineIT.assertSameLines(sl, bl, "anonymized records");
    assertEquals(s.outputSchema(), b.outputSchema());

    // nothing of the originals leaks into the output's anonymized columns
    ObjectMapper json = new ObjectMapper();
    Set<String> tokens = new HashSet<>();
    for (String line : sl) {
      JsonNode r = json.readTree(line);
      String id = r.path("customer_id").asText();
      assertTrue(id.matches("k\\d+:[A-Za-z0-9_-]+"), id);
      assertFalse(r.path("email").asText().contains("@"), "e-mail hashed");
      if (!r.path("age").isNull()) assertTrue(r.path("age").asLong() <= 80);
      tokens.add(id);
    }
    assertEquals(sl.size(), tokens.size(), "distinct ids give distinct tokens");

    // a second table, a second run: the same ids tokenize to the same values, so the tables join
    RunReport t = run(dir, "ids", ids(dir, keys, master, dir.resolve("t").toString()), Engine.BEAM);
    assertTrue(t.reconciles());
    Set<String> otherTokens = new HashSet<>();
    for (String line : CrossEngineIT.textLines(dir.resolve("t"), false)) {
      otherTokens.add(json.readTree(line).path("customer_id").asText());
    }
    assertTrue(otherTokens.containsAll(tokens), "every pseudonymized id of the customers table joins the ids table");
  }
}
