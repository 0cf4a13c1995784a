package dev.veil.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.SpecException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecNodeTest {

  private static SpecNode parse(String yaml) {
    return SpecNode.parse("p.yaml", new StringReader(yaml));
  }

  private static String error(Runnable r) {
    return assertThrows(SpecException.class, r::run).getMessage();
  }

  @Test
  void parse_nestedMapping_remembersPathLineAndColumn() {
    SpecNode root = parse("name: x\nsource:\n  format: csv\n  tags:\n    email: [pii:EMAIL_ADDRESS]\n");
    SpecNode email = root.require("source", "t").require("tags", "t").require("email", "t");
    assertEquals("source.tags.email", email.path());
    assertEquals(5, email.line());
    assertEquals(12, email.column());
    assertEquals("p.yaml:5:12", email.location());
    assertEquals("", root.path());
  }

  @Test
  void asList_elements_getIndexedPaths() {
    List<SpecNode> xs = parse("stages:\n  - a\n  - b\n").require("stages", "t").asList();
    assertEquals("stages[1]", xs.get(1).path());
    assertEquals(3, xs.get(1).line());
    assertEquals("b", xs.get(1).asString());
  }

  @Test
  void error_prefixesLocationAndPath() {
    SpecNode n = parse("a:\n  b: 1\n").require("a", "t").require("b", "t");
    assertEquals("p.yaml:2:6: a.b: boom", n.error("boom").getMessage());
    assertEquals("p.yaml:1:1: boom", parse("a: 1").error("boom").getMessage());
  }

  @Test
  void allowOnly_unknownKey_namesKeyLineAllowedKeysAndNearest() {
    SpecNode n = parse("name: x\ncolums: [a]\n");
    String m = error(() -> n.allowOnly(List.of("name", "columns"), "stage 'select'"));
    assertTrue(m.startsWith("p.yaml:2:1: colums: "), m);
    assertTrue(m.contains("unknown key 'colums' in stage 'select'"), m);
    assertTrue(m.contains("Allowed keys: columns, name"), m);
    assertTrue(m.endsWith("Did you mean 'columns'?"), m);
  }

  @Test
  void allowOnly_unknownKeyFarFromAllowed_makesNoSuggestion() {
    String m = error(() -> parse("zzzzzz: 1\n").allowOnly(List.of("name", "columns"), "x"));
    assertFalse(m.contains("Did you mean"), m);
  }

  @Test
  void allowOnly_onScalar_saysAMappingWasExpected() {
    String m = error(() -> parse("just text").allowOnly(List.of("a"), "the pipeline spec"));
    assertTrue(m.contains("expected a mapping for the pipeline spec, found 'just text'"), m);
  }

  @Test
  void allowOnly_nonScalarKey_isASpecException() {
    String m = error(() -> parse("? [a, b]\n: 1\n").allowOnly(List.of("a"), "x"));
    assertTrue(m.contains("p.yaml:1:3"), m);
  }

  @Test
  void asMap_nonScalarKey_failsAtTheKey() {
    String m = error(() -> parse("? [a, b]\n: 1\n").asMap());
    assertTrue(m.contains("keys must be plain strings"), m);
  }

  @Test
  void parse_duplicateKey_failsNamingKeyAndLine() {
    String m = error(() -> parse("name: a\nengine: spark\nname: b\n").asMap());
    assertTrue(m.contains("p.yaml:3:1"), m);
    assertTrue(m.contains("'name'"), m);
  }

  @Test
  void require_missingKey_namesKeyAndWhere() {
    String m = error(() -> parse("a: 1\n").require("path", "source"));
    assertEquals("p.yaml:1:1: missing required key 'path' in source", m);
  }

  @Test
  void get_nullValue_isAbsent() {
    SpecNode n = parse("a: null\nb: ~\nc:\nd: 0\n");
    assertTrue(n.get("a").isEmpty());
    assertTrue(n.get("b").isEmpty());
    assertTrue(n.get("c").isEmpty());
    assertTrue(n.get("d").isPresent());
    assertTrue(n.get("missing").isEmpty());
  }

  @Test
  void asLong_integerWithUnderscores_isParsed() {
    assertEquals(1_000_000L, parse("n: 1_000_000\n").require("n", "t").asLong());
    assertEquals(-5L, parse("n: -5\n").require("n", "t").asLong());
  }

  @Test
  void asLong_text_failsNamingLineKeyAndValue() {
    String m = error(() -> parse("a: 1\nn: ten\n").require("n", "t").asLong());
    assertEquals("p.yaml:2:4: n: expected an integer, found 'ten'", m);
  }

  @Test
  void asLong_decimal_failsAsNotAnInteger() {
    assertTrue(error(() -> parse("n: 1.5\n").require("n", "t").asLong()).contains("expected an integer, found '1.5'"));
  }

  @Test
  void asLong_list_failsNamingTheKind() {
    assertTrue(error(() -> parse("n: [1]\n").require("n", "t").asLong()).contains("expected an integer, found a list"));
  }

  @Test
  void asInt_outOfRange_namesTheRange() {
    String m = error(() -> parse("n: 0\n").require("n", "t").asInt(1, 10));
    assertTrue(m.contains("n: must be >= 1 and <= 10. Provided value: 0"), m);
  }

  @Test
  void asDouble_numberOrText() {
    assertEquals(0.75, parse("t: 0.75\n").require("t", "x").asDouble());
    assertTrue(error(() -> parse("t: high\n").require("t", "x").asDouble()).contains("expected a number, found 'high'"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "True", "yes", "on", "TRUE"})
  void asBoolean_yamlTrueWords_areTrue(String word) {
    assertTrue(parse("b: " + word + "\n").require("b", "t").asBoolean());
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "no", "off", "FALSE"})
  void asBoolean_yamlFalseWords_areFalse(String word) {
    assertFalse(parse("b: " + word + "\n").require("b", "t").asBoolean());
  }

  @ParameterizedTest
  @ValueSource(strings = {"maybe", "1", "'yes'"})
  void asBoolean_otherValues_failNamingTheValue(String word) {
    String m = error(() -> parse("b: " + word + "\n").require("b", "t").asBoolean());
    assertTrue(m.contains("expected true or false"), m);
  }

  @Test
  void asString_mapping_failsNamingTheKind() {
    assertTrue(error(() -> parse("s: {a: 1}\n").require("s", "t").asString()).contains("expected a string, found a mapping"));
  }

  @Test
  void asStringList_scalarOrList_givesStrings() {
    assertEquals(List.of("a"), parse("c: a\n").require("c", "t").asStringList());
    assertEquals(List.of("a", "b"), parse("c: [a, b]\n").require("c", "t").asStringList());
    assertTrue(error(() -> parse("c: [a, [b]]\n").require("c", "t").asStringList()).contains("c[1]: expected a string"));
  }

  @Test
  void kindPredicates_describeTheNode() {
    SpecNode n = parse("m: {a: 1}\nl: [1]\ns: x\nz: null\n");
    assertTrue(n.isMap());
    assertTrue(n.asMap().get("l").isList());
    assertTrue(n.asMap().get("s").isScalar());
    assertTrue(n.asMap().get("z").isNull());
    assertFalse(n.asMap().get("s").isNull());
  }

  @Test
  void parse_emptyDocument_saysTheSpecIsEmpty() {
    assertEquals("p.yaml: the spec is empty", error(() -> parse("")));
  }

  @Test
  void parse_invalidYaml_namesFileLineAndColumn() {
    String m = error(() -> parse("name: x\nsource: [unclosed\nsink: y\n"));
    assertTrue(m.startsWith("p.yaml:"), m);
    assertTrue(m.contains("not valid YAML"), m);
    String bad = error(() -> parse("a: 1\n  b: 2\n"));
    assertTrue(bad.startsWith("p.yaml:2:"), bad);
  }

  @Test
  void parse_manyAliases_isRefused() {
    StringBuilder y = new StringBuilder("a: &a [x, x, x]\nb: [");
    for (int i = 0; i < 50; i++) y.append(i == 0 ? "" : ", ").append("*a");
    y.append("]\n");
    assertTrue(error(() -> parse(y.toString())).contains("not valid YAML"));
  }

  @Test
  void parse_json_isAcceptedAsYaml() {
    SpecNode n = parse("{\"name\": \"x\", \"n\": 3}");
    assertEquals("x", n.require("name", "t").asString());
    assertEquals(3, n.require("n", "t").asInt(0, 5));
  }

  @Test
  void nearest_typo_findsTheClosestAllowedWord() {
    assertEquals("columns", SpecNode.nearest("colums", List.of("name", "columns")));
    assertEquals("maxFieldChars", SpecNode.nearest("maxfieldchars", List.of("maxFieldChars", "maxRecordChars")));
    assertNull(SpecNode.nearest("something", List.of("name", "columns")));
  }
}
