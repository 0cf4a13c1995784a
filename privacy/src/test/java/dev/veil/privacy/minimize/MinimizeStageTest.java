package dev.veil.privacy.minimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.SpecException;
import dev.veil.core.plan.StageExecutor;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Tags;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StagePlan;
import dev.veil.core.stage.StageRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinimizeStageTest {
  private static final String POLICY = """
      purposes:
        training:churn-model:
          description: churn model training
          columns:
            customer_id: {transformed: [tokenize, hash]}
            age: allow
            notes: drop
          piiClasses:
            EMAIL_ADDRESS: {transformed: [hash, mask]}
            PHONE_NUMBER: drop
            default: drop
        analytics:
          columns: {age: allow}
          unmentioned: drop
          untransformed: drop
      """;

  @TempDir Path dir;
  Path policy;

  @BeforeEach
  void write() throws Exception {
    policy = dir.resolve("policy.yaml");
    Files.writeString(policy, POLICY);
  }

  private static Field f(String name, String... tags) {
    return Field.of(name, FieldType.STRING).withTags(Tags.parse(List.of(tags)));
  }

  private StagePlan plan(String purpose, Schema in) {
    return new MinimizeStage("m", policy.toString(), purpose).plan(new StageContext(in, 1, List.of()));
  }

  @Test
  void keepsAllowedAndTransformedFieldsDropsTheRestWithReasons() {
    Schema in = Schema.of(f("customer_id", "privacy-unit", "transformed:tokenize"), f("age"), f("notes", "free-text"),
        f("email", "pii:EMAIL_ADDRESS", "transformed:mask"), f("phone", "pii:PHONE_NUMBER"), f("ssn", "pii:US_SSN"),
        f("both", "pii:EMAIL_ADDRESS", "pii:PHONE_NUMBER", "transformed:hash"));
    StagePlan p = plan("training:churn-model", in);
    assertEquals(List.of("customer_id", "age", "email"), p.output().names());
    assertEquals("purpose training:churn-model: kept 3 of 7 field(s)", p.notes().get(0));
    assertTrue(p.notes().contains("dropped phone: PII [PHONE_NUMBER]: drop"), p.notes().toString());
    assertTrue(p.notes().contains("dropped ssn: PII [US_SSN]: drop"), "unlisted PII classes take the default");
    assertTrue(p.notes().contains("dropped both: PII [EMAIL_ADDRESS, PHONE_NUMBER]: drop"), "strictest rule of several classes");
    Object[] row = {"t1", "42", "n", "e", "p", "s", "b"};
    Object[] out = new StageExecutor(in, p.ops()).apply(row);
    assertEquals(List.of("t1", "42", "e"), List.of(out));
    assertEquals(List.of("customer_id", "age", "email"), p.description().reads());
  }

  @Test
  void failsClosedOnUnmentionedAndUntransformedFields() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> plan("training:churn-model", Schema.of(f("age"), f("income"))));
    assertTrue(e.getMessage().contains("'income' is not covered by the policy"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> plan("training:churn-model", Schema.of(f("age"), f("customer_id", "transformed:mask"))));
    assertTrue(e.getMessage().contains("'customer_id' may leave only transformed by one of [hash, tokenize]"), e.getMessage());
    assertTrue(e.getMessage().contains("transformed by [mask]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> plan("training:churn-model", Schema.of(f("age"), f("email", "pii:EMAIL_ADDRESS"))));
    assertTrue(e.getMessage().contains("but is untransformed"), e.getMessage());
  }

  @Test
  void dropInsteadOfFailWhenThePurposeSaysSo() {
    StagePlan p = plan("analytics", Schema.of(f("age"), f("income"), f("email", "pii:EMAIL_ADDRESS")));
    assertEquals(List.of("age"), p.output().names());
    assertTrue(p.notes().contains("dropped income: not covered by the policy (unmentioned: drop)"), p.notes().toString());
  }

  @Test
  void keepingNothingIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> plan("analytics", Schema.of(f("income"))));
  }

  @Test
  void unknownPurposeAndBadPolicyNameTheProblem() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MinimizeStage("m", policy.toString(), "ads"));
    assertTrue(e.getMessage().contains("[analytics, training:churn-model]") && e.getMessage().contains("'ads'"), e.getMessage());
    Files.writeString(policy, "purposes:\n  p:\n    columns: {a: keep}\n");
    SpecException s = assertThrows(SpecException.class, () -> new MinimizeStage("m", policy.toString(), "p"));
    assertTrue(s.getMessage().contains("policy.yaml:3:") && s.getMessage().contains("rule must be allow, drop"), s.getMessage());
    Files.writeString(policy, "purposes:\n  p:\n    colums: {a: allow}\n");
    s = assertThrows(SpecException.class, () -> new MinimizeStage("m", policy.toString(), "p"));
    assertTrue(s.getMessage().contains("Did you mean 'columns'"), s.getMessage());
  }

  @Test
  void yamlStageResolvesThePolicyNextToTheSpec() throws Exception {
    Path spec = dir.resolve("pipeline.yaml");
    Files.writeString(spec, """
        name: t
        source: {format: csv, path: in.csv}
        stages:
          - {type: minimize, policy: policy.yaml, purpose: analytics}
        sink: {format: csv, path: out}
        """);
    var ps = dev.veil.core.spec.PipelineSpecs.load(spec, StageRegistry.discover());
    MinimizeStage m = (MinimizeStage) ps.stages().get(0);
    assertEquals(policy.toString(), m.policy());
    assertEquals("analytics", m.params().get("purpose"));
  }

  @Test
  void tagsRoundTripTransforms() {
    Tags t = Tags.parse(List.of("pii:EMAIL_ADDRESS", "transformed:hash"));
    assertTrue(t.masked());
    assertEquals(t, Tags.parse(t.toWords()));
    assertEquals(List.of("pii:EMAIL_ADDRESS", "masked", "transformed:hash"), t.toWords());
    assertThrows(IllegalArgumentException.class, () -> Tags.parse(List.of("transformed:Bad Op")));
  }
}
