package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.SpecException;
import dev.veil.core.schema.PiiClass;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomRecognizersTest {
  private static final String YAML = """
      minScore: 0.5
      allowList: [EMP-000000]
      context:
        EMPLOYEE_ID: {words: [staff], window: 3}
      recognizers:
        - id: employee-id
          entity: employee_id
          pattern: 'EMP-[0-9]{6}'
          score: 0.4
          context: [employee]
          nameHints: [employee]
          anchors: [EMP-]
        - id: card-like
          entity: INTERNAL_CARD
          pattern: '[0-9]{4}( [0-9]{4}){3}'
          validator: luhn
          score: 0.9
        - id: code-names
          entity: PROJECT
          denyList: [Nightingale, Blue Bird]
      """;

  private static Analyzer analyzer() {
    DetectionConfig c = DetectionConfig.parse("detect.yaml", YAML);
    return new Analyzer(c.recognizers(), c.analyzer());
  }

  @Test
  void patternWithContextAndAllowList() {
    Analyzer a = analyzer();
    assertTrue(a.analyze("ticket EMP-123456 closed").isEmpty(), "score 0.4 without context is below 0.5");
    List<Span> s = a.analyze("employee EMP-123456 closed");
    assertEquals(1, s.size());
    assertEquals(PiiClass.of("EMPLOYEE_ID"), s.get(0).entity());
    assertEquals(1, a.analyze("staff EMP-123456").size(), "per-entity extra context word");
    assertTrue(a.analyze("employee EMP-000000").isEmpty(), "allow-listed value");
    assertTrue(a.analyze("employee XEMP-123456 and EMP-1234567").isEmpty(), "whole-word boundaries");
  }

  @Test
  void validatorRejectsChecksumFailures() {
    Analyzer a = analyzer();
    assertEquals(1, a.analyze("card 4111 1111 1111 1111 ok").size());
    assertTrue(a.analyze("card 4111 1111 1111 1112 ok").isEmpty());
  }

  @Test
  void denyListWholeWordsCaseInsensitive() {
    Analyzer a = analyzer();
    List<Span> s = a.analyze("Project NIGHTINGALE and blue bird, not Nightingales");
    assertEquals(2, s.size());
    assertEquals(8, s.get(0).start());
    assertEquals(19, s.get(0).end());
    assertEquals("blue bird", "Project NIGHTINGALE and blue bird, not Nightingales".substring(s.get(1).start(), s.get(1).end()));
  }

  @Test
  void validatesWholeValues() {
    DetectionConfig c = DetectionConfig.parse("detect.yaml", YAML);
    Recognizer emp = c.recognizers().get(0);
    assertTrue(emp.validates(" EMP-123456 "));
    assertFalse(emp.validates("EMP-123456x"));
    assertEquals(List.of("employee"), emp.nameHints());
  }

  @Test
  void errorsNameTheLocationAndTheProblem() {
    SpecException e = assertThrows(SpecException.class, () -> DetectionConfig.parse("d.yaml", """
        recognizers:
          - id: x
            entity: X
            pattern: '(unclosed'
        """));
    assertTrue(e.getMessage().startsWith("d.yaml:2:"), e.getMessage());
    assertTrue(e.getMessage().contains("not a valid RE2 expression"), e.getMessage());
    e = assertThrows(SpecException.class, () -> DetectionConfig.parse("d.yaml", """
        recognizers:
          - {id: x, entity: X, pattern: 'a', validator: lunh}
        """));
    assertTrue(e.getMessage().contains("validator must be one of"), e.getMessage());
    e = assertThrows(SpecException.class, () -> DetectionConfig.parse("d.yaml", "minScor: 0.3\n"));
    assertTrue(e.getMessage().contains("Did you mean 'minScore'"), e.getMessage());
    e = assertThrows(SpecException.class, () -> DetectionConfig.parse("d.yaml", """
        recognizers:
          - {id: x, entity: X, pattern: 'a', denyList: [b]}
        """));
    assertTrue(e.getMessage().contains("exactly one of 'pattern' and 'denyList'"), e.getMessage());
    e = assertThrows(SpecException.class, () -> DetectionConfig.parse("d.yaml", "minScore: 2\n"));
    assertTrue(e.getMessage().contains("minScore must be >= 0 and <= 1"), e.getMessage());
  }

  @Test
  void catastrophicPatternsStayLinear() {
    // (a+)+$ backtracks exponentially in java.util.regex; RE2J matches it in linear time.
    PatternRecognizer r = new PatternRecognizer("evil", PiiClass.of("EVIL"), "(a+)+b", null, 0.9, List.of(), List.of(), List.of());
    String text = "a".repeat(200_000) + "!";
    assertTrue(r.find(text).isEmpty());
  }
}
