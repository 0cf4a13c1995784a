package dev.veil.privacy.anonymize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HierarchyTest {

  private static Hierarchy parse(String... lines) {
    return Hierarchy.parse("h.csv", List.of(lines), ';');
  }

  @Test
  void generalize_returnsTheLabelOfEachLevel() {
    Hierarchy h = parse("Bachelors;Undergraduate;Higher education;*", "Masters;Graduate;Higher education;*",
        "HS-grad;High School;Secondary education;*", "");
    assertEquals(4, h.levels());
    assertEquals("Masters", h.generalize("Masters", 0));
    assertEquals("Graduate", h.generalize("Masters", 1));
    assertEquals("Higher education", h.generalize("Bachelors", 2));
    assertEquals("*", h.generalize("HS-grad", 3));
    assertThrows(IllegalArgumentException.class, () -> h.generalize("Masters", 4));
  }

  @Test
  void valueNotInHierarchy_failsNamingTheFileNotTheValue() {
    Hierarchy h = parse("a;x;*", "b;x;*");
    UnencodableValueException e = assertThrows(UnencodableValueException.class, () -> h.generalize("secret-value", 1));
    assertTrue(e.getMessage().contains("h.csv"), e.getMessage());
    assertFalse(e.getMessage().contains("secret-value"), e.getMessage());
    IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> h.checkCovers(List.of("a", "q", "r", "q"), "edu"));
    assertTrue(c.getMessage().contains("column 'edu' has 2 distinct value(s) missing from hierarchy file h.csv"), c.getMessage());
  }

  @Test
  void missingCell_namesFileLineAndColumn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("a;x;*", "b;;*"));
    assertEquals("hierarchy file h.csv line 2: missing value in column 2 (level 1); every cell must be filled", e.getMessage());
  }

  @Test
  void unequalDepth_namesBothLines() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("a;x;*", "b;x;y;*"));
    assertTrue(e.getMessage().startsWith("hierarchy file h.csv line 2: has 4 levels but line 1 has 3"), e.getMessage());
  }

  @Test
  void labelWithTwoParents_isNotAHierarchy() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> parse("1;0-4;0-9;*", "2;0-4;0-9;*", "3;0-4;1-9;*"));
    assertTrue(e.getMessage().startsWith("hierarchy file h.csv line 3: not a hierarchy: the level-1 label of this line has a different "
        + "level-2 parent on line 1"), e.getMessage());
  }

  @Test
  void duplicateValue_andEmptyFile_areErrors() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("a;x;*", "a;x;*")).getMessage()
        .contains("line 2: the value of line 1 is listed again"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("", "")).getMessage().contains("is empty"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("a")).getMessage().contains("at least one level"));
  }

  @Test
  void load_readsAFileAndNamesItInErrors(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("zip.csv");
    Files.writeString(f, "94110;9411*;941**;*\n94117;9411*;941**;*\n");
    assertEquals("941**", Hierarchy.load(f).generalize("94117", 2));
    Files.writeString(f, "94110;9411*;941**;*\n94117;9411*;*\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Hierarchy.load(f)).getMessage().startsWith("hierarchy file " + f + " line 2"));
  }

  @Tag("shared-data")
  @Test
  void adultHierarchies_allLoadWithTheExpectedDepths() {
    String root = System.getProperty("veil.shared.data");
    if (root == null || root.isBlank()) {
      throw new IllegalStateException("veil.shared.data must name the shared data folder (run with -Pshared-data). Provided value: " + root);
    }
    Map<String, Integer> depth = Map.of("age", 5, "education", 4, "marital-status", 3, "native-country", 3, "occupation", 3,
        "race", 2, "salary-class", 2, "sex", 2, "workclass", 3);
    depth.forEach((col, levels) -> {
      Hierarchy h = Hierarchy.load(Path.of(root, "adult", "adult_hierarchy_" + col + ".csv"));
      assertEquals(levels, h.levels(), col);
      for (String v : h.values()) assertEquals("*", h.generalize(v, levels - 1), col);
    });
  }

  @Tag("shared-data")
  @Test
  void adultHierarchies_coverEveryValueOfAdultCsv() throws IOException {
    Path root = Path.of(System.getProperty("veil.shared.data"), "adult");
    List<String> lines = Files.readAllLines(root.resolve("adult.csv"));
    String[] header = lines.get(0).split(";");
    for (int c = 0; c < header.length; c++) {
      int col = c;
      List<String> values = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).map(l -> l.split(";")[col]).toList();
      Hierarchy.load(root.resolve("adult_hierarchy_" + header[c] + ".csv")).checkCovers(values, header[c]);
    }
  }
}
