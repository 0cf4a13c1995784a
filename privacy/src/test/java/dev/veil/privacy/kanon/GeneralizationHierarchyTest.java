package dev.veil.privacy.kanon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneralizationHierarchyTest {
  static final List<String> GOOD = List.of("Bachelors;Undergraduate;Higher;*", "Masters;Graduate;Higher;*", "Doctorate;Graduate;Higher;*",
      "HS-grad;High School;Secondary;*");

  @Test
  void parse_goodFile_givesLevelsLabelsAndDomain() {
    GeneralizationHierarchy h = GeneralizationHierarchy.parse("edu.csv", GOOD, ';');
    assertEquals(4, h.levels());
    assertEquals(List.of("Bachelors", "Masters", "Doctorate", "HS-grad"), h.domain());
    assertEquals("Masters", h.generalize("Masters", 0));
    assertEquals("Graduate", h.generalize("Doctorate", 1));
    assertEquals("Secondary", h.generalize("HS-grad", 2));
    assertEquals("*", h.generalize("Bachelors", 3));
  }

  @Test
  void load_fileWithCrlfBomAndTrailingBlankLines_isRead(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("h.csv");
    Files.writeString(f, "\uFEFFa;x;*\r\nb;x;*\r\nc;y;*\r\n\r\n", StandardCharsets.UTF_8);
    GeneralizationHierarchy h = GeneralizationHierarchy.load(f);
    assertEquals(List.of("a", "b", "c"), h.domain());
    assertEquals("y", h.generalize("c", 1));
  }

  @Test
  void unequalDepth_namesFileLineAndColumn_notTheValue() {
    HierarchyException e = assertThrows(HierarchyException.class,
        () -> GeneralizationHierarchy.parse("edu.csv", List.of("Secret1;A;*", "Secret2;A"), ';'));
    assertTrue(e.getMessage().startsWith("edu.csv:2:3: row has 2 columns but line 1 has 3"), e.getMessage());
    assertFalse(e.getMessage().contains("Secret"), e.getMessage());
  }

  @Test
  void valueMappedToTwoGeneralizations_isNotAHierarchy() {
    HierarchyException e = assertThrows(HierarchyException.class,
        () -> GeneralizationHierarchy.parse("h.csv", List.of("v1;G;*", "v2;G;*", "v3;H;*", "v4;G;other"), ';'));
    assertTrue(e.getMessage().startsWith("h.csv:4:3: not a hierarchy"), e.getMessage());
    assertFalse(e.getMessage().contains("v4") || e.getMessage().contains("other"), e.getMessage());
  }

  @Test
  void levelSplittingAGroupOfThePreviousLevel_isNotAHierarchy() {
    // 10-14 is one group at level 1, but its members land in two groups at level 2
    HierarchyException e = assertThrows(HierarchyException.class,
        () -> GeneralizationHierarchy.parse("age.csv", List.of("10;10-14;10-19;*", "11;10-14;10-19;*", "12;10-14;0-19;*"), ';'));
    assertTrue(e.getMessage().startsWith("age.csv:3:3: not a hierarchy"), e.getMessage());
  }

  @Test
  void duplicateValue_andEmptyLabel_andEmptyFile_areRejectedWithLocation() {
    assertTrue(assertThrows(HierarchyException.class, () -> GeneralizationHierarchy.parse("h.csv", List.of("a;x", "b;x", "a;x"), ';'))
        .getMessage().startsWith("h.csv:3:1: the value of this row is already listed on line 1"));
    assertTrue(assertThrows(HierarchyException.class, () -> GeneralizationHierarchy.parse("h.csv", List.of("a;x", "b;"), ';'))
        .getMessage().startsWith("h.csv:2:2: empty label"));
    assertTrue(assertThrows(HierarchyException.class, () -> GeneralizationHierarchy.parse("h.csv", List.of("", ""), ';'))
        .getMessage().startsWith("h.csv:1:1: the hierarchy is empty"));
  }

  @Test
  void generalize_unknownValue_failsWithoutTheValue() {
    GeneralizationHierarchy h = GeneralizationHierarchy.parse("edu.csv", GOOD, ';');
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.generalize("Kindergarten-Secret", 1));
    assertFalse(e.getMessage().contains("Secret"));
    assertThrows(IllegalArgumentException.class, () -> h.generalize("Masters", 4));
  }

  @Test
  void numeric_intervalsDoubleInWidthAndNest_thenStar() {
    GeneralizationHierarchy h = GeneralizationHierarchy.numeric("age", List.of("17", "18", "25", "39", "40", "90", "18"), 5);
    assertEquals("17", h.generalize("17", 0));
    assertEquals("[17, 22)", h.generalize("18", 1));
    assertEquals("[37, 42)", h.generalize("39", 1));
    assertEquals("[17, 27)", h.generalize("25", 2));
    assertEquals("[37, 57)", h.generalize("40", 3));
    assertEquals("*", h.generalize("90", h.levels() - 1));
    // the level below the top holds every value in one interval, and every level is a hierarchy
    String below = h.generalize("17", h.levels() - 2);
    for (String v : h.domain()) assertEquals(below, h.generalize(v, h.levels() - 2));
    List<List<String>> rows = h.domain().stream().map(v -> java.util.stream.IntStream.range(0, h.levels()).mapToObj(l -> h.generalize(v, l)).toList()).toList();
    GeneralizationHierarchy.of("re-check", rows); // throws if a level splits a group
  }

  @Test
  void numeric_nonNumber_isRejectedWithoutTheValue() {
    HierarchyException e = assertThrows(HierarchyException.class, () -> GeneralizationHierarchy.numeric("age", List.of("17", "SECRET"), 5));
    assertFalse(e.getMessage().contains("SECRET"));
    assertThrows(IllegalArgumentException.class, () -> GeneralizationHierarchy.numeric("age", List.of("1"), 0));
  }

  @Test
  void dates_dayMonthYearStar() {
    GeneralizationHierarchy h = GeneralizationHierarchy.dates("dob", List.of("1980-02-29", "1980-03-01", "1999-12-31"));
    assertEquals(4, h.levels());
    assertEquals("1980-02", h.generalize("1980-02-29", 1));
    assertEquals("1980", h.generalize("1980-03-01", 2));
    assertEquals("*", h.generalize("1999-12-31", 3));
    assertThrows(HierarchyException.class, () -> GeneralizationHierarchy.dates("dob", List.of("1980-02-30")));
  }
}
