package dev.veil.privacy.anonymize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.plan.StageExecutor;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Tags;
import dev.veil.core.spec.SpecNode;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StagePlan;
import dev.veil.privacy.keys.MasterKey;
import dev.veil.privacy.keys.VeilKeyset;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the examples of docs/anonymization.md as they are written there. */
class AnonymizationDocTest {

  private static String doc() throws IOException {
    Path p = Path.of("..", "docs", "anonymization.md");
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  /** The fenced block that follows {@code <!-- example:NAME}. */
  static String block(String doc, String name) {
    int marker = doc.indexOf("<!-- example:" + name);
    assertTrue(marker >= 0, "docs/anonymization.md has no example " + name);
    int open = doc.indexOf("```", marker);
    int start = doc.indexOf('\n', open) + 1;
    int end = doc.indexOf("```", start);
    return doc.substring(start, end);
  }

  @Test
  void anonymizeExample_givesTheDocumentedOutput(@TempDir Path dir) throws IOException {
    TestKeys keys = TestKeys.create(dir);
    String yaml = block(doc(), "anonymize").replace("keyset: keys.json", "keyset: " + keys.keysetFile())
        .replace("env:VEIL_MASTER_KEY", keys.masterKeySpec());
    SpecNode stage = SpecNode.parse("anonymization.md", new StringReader(yaml)).asList().get(0);
    assertEquals("anonymize", stage.require("type", "example").asString());
    AnonymizeStage s = (AnonymizeStage) AnonymizeStage.PROVIDER.parse(stage, "anonymize");
    Schema in = Schema.of(
        Field.of("id", FieldType.STRING),
        Field.of("email", FieldType.STRING).withTags(Tags.parse(List.of("pii:EMAIL_ADDRESS"))),
        Field.of("card", FieldType.STRING),
        Field.of("notes", FieldType.STRING).withTags(Tags.parse(List.of("free-text", "pii:EMAIL_ADDRESS", "pii:PHONE_NUMBER"))),
        Field.of("visit", FieldType.DATE),
        Field.of("age", FieldType.LONG),
        Field.of("zip", FieldType.STRING));
    StagePlan plan = s.plan(new StageContext(in, 1, List.of()));
    StageExecutor ex = new StageExecutor(in, plan.ops());
    Object[] row = {"c1", "ann@example.com", "4111 1111 1111 1111", "mail ann@example.com or call +1 650-253-0000 today",
        LocalDate.of(2024, 3, 17), 97L, "94117"};
    Object[] out = ex.apply(row);
    assertTrue(((String) out[1]).matches("k\\d+:[A-Za-z0-9_-]+"), (String) out[1]);
    String card = (String) out[2];
    assertTrue(card.matches("\\d{4} \\d{4} \\d{4} \\d{4}") && !card.equals(row[2]) && Ff1Test.luhnValid(card.replace(" ", "")), card);
    assertTrue(((String) out[3]).matches("mail [0-9a-f]{32} or call <PHONE_NUMBER> today"), (String) out[3]);
    long shift = ChronoUnit.DAYS.between((LocalDate) row[4], (LocalDate) out[4]);
    assertTrue(Math.abs(shift) <= 30, "shift " + shift);
    Object[] later = row.clone();
    later[4] = LocalDate.of(2024, 5, 1);
    assertEquals(shift, ChronoUnit.DAYS.between((LocalDate) later[4], (LocalDate) ex.apply(later)[4]), "same shift for every record of c1");
    assertEquals(90L, out[5]);
    assertEquals("941**", out[6]);
  }

  @Test
  void reidentifyExample_runsAsWritten(@TempDir Path dir) throws IOException {
    String snippet = block(doc(), "reidentify");
    assertTrue(snippet.contains("Reidentifier r = Reidentifier.open(keyset, Path.of(\"reidentify-audit.jsonl\"), \"alice@example.org\", "
        + "\"TICKET-1234\");"), snippet);
    assertTrue(snippet.contains("List<String> emails = r.reidentify(\"customer\", tokens);"), snippet);
    TestKeys keys = TestKeys.create(dir);
    VeilKeyset ks = keys.load();
    List<String> tokens = List.of((String) new Tokenize(keys.ref(), ks, ks.primaryId(dev.veil.privacy.keys.KeyPurpose.AES_SIV),
        "customer", true).apply("ann@example.com", null));
    // the snippet, with the test's master key file instead of the environment variable and paths in the temp folder
    VeilKeyset keyset = VeilKeyset.read(keys.keysetFile(), MasterKey.fromFile(keys.masterKeyFile()));
    Reidentifier r = Reidentifier.open(keyset, dir.resolve("reidentify-audit.jsonl"), "alice@example.org", "TICKET-1234");
    List<String> emails = r.reidentify("customer", tokens);
    assertEquals(List.of("ann@example.com"), emails);
    assertEquals(1, Files.readAllLines(dir.resolve("reidentify-audit.jsonl")).size());
  }
}
