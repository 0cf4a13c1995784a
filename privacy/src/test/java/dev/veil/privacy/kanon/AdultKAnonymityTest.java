package dev.veil.privacy.kanon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * k-anonymity and l-diversity on the real UCI Adult data with ARX's hierarchies, every output
 * verified by the {@link IndependentChecker}; the k=5 node compared with ARX's published optimum.
 */
@Tag("shared-data")
class AdultKAnonymityTest {
  static final List<String> ALL = List.of("sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation",
      "salary-class");
  static Path dir;
  static Table adult;
  static Map<String, GeneralizationHierarchy> hierarchies = new HashMap<>();
  static Map<String, Map<String, Set<String>>> cover = new HashMap<>();

  @BeforeAll
  static void load() throws IOException {
    dir = Path.of(System.getProperty("veil.shared.data", "../shared/data"), "adult");
    List<String> lines = Files.readAllLines(dir.resolve("adult.csv"), StandardCharsets.UTF_8);
    List<String> header = List.of(lines.get(0).replace("\r", "").split(";"));
    List<String[]> rows = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      if (!l.isBlank()) rows.add(l.replace("\r", "").split(";", -1));
    }
    adult = Table.of("adult.csv", header, rows);
    for (String c : ALL) {
      Path f = dir.resolve("adult_hierarchy_" + c + ".csv");
      hierarchies.put(c, GeneralizationHierarchy.load(f));
      cover.put(c, IndependentChecker.labelsOf(Files.readAllLines(f, StandardCharsets.UTF_8)));
    }
  }

  static AnonymizationSpec.Builder spec(List<String> qis, int k) {
    AnonymizationSpec.Builder b = AnonymizationSpec.builder().quasiIdentifiers(qis).k(k).maxSuppression(0.04);
    for (String q : qis) b.hierarchy(q, hierarchies.get(q));
    return b;
  }

  static KAnonymizationResult runAndCheck(AnonymizationSpec s) {
    KAnonymizationResult r = LatticeAnonymizer.anonymize(adult, s);
    IndependentChecker.Measured m = IndependentChecker.check(adult.header(), adult.rows(), r.rows(), r.suppressedRows(), s.quasiIdentifiers(),
        s.sensitive().orElse(null), s.k(), s.lDiversity().orElse(null), s.tCloseness().orElse(null), s.maxSuppression(), cover);
    assertEquals(m.minClassSize(), r.risk().minClassSize());
    assertEquals(m.classes(), r.risk().equivalenceClasses());
    // full-domain: one level per column for every record
    System.out.println(s.describeModels() + ": levels " + r.levels().orElseThrow() + ", suppressed " + r.suppressedRows().length + ", "
        + r.search() + ", classes " + m.classes() + ", min class " + m.minClassSize());
    return r;
  }

  @Test
  void k5_allNineColumns_matchesArxOptimum() {
    KAnonymizationResult r = runAndCheck(spec(ALL, 5).build());
    assertEquals(List.of(1, 0, 1, 1, 3, 2, 2, 0, 1), r.levels().orElseThrow());
  }

  @Test
  void k10_allNineColumns_isVerified() {
    runAndCheck(spec(ALL, 10).build());
  }

  @Test
  void k100_allNineColumns_isVerified() {
    runAndCheck(spec(ALL, 100).build());
  }

  @Test
  void distinct3DiversityOnOccupation_isVerified() {
    List<String> qis = ALL.stream().filter(c -> !c.equals("occupation")).toList();
    KAnonymizationResult r = runAndCheck(spec(qis, 5).sensitive("occupation").lDiversity(LDiversity.distinct(3)).build());
    assertTrue(r.risk().minDistinctL() >= 3);
  }

  @Test
  void recursive3DiversityOnOccupation_isVerified() {
    List<String> qis = ALL.stream().filter(c -> !c.equals("occupation")).toList();
    runAndCheck(spec(qis, 5).sensitive("occupation").lDiversity(LDiversity.recursive(4, 3)).build());
  }

  @Test
  void mondrian_k5_allNineColumns_isVerified() {
    AnonymizationSpec s = spec(ALL, 5).build();
    KAnonymizationResult r = Mondrian.anonymize(adult, s);
    IndependentChecker.Measured m = IndependentChecker.check(adult.header(), adult.rows(), r.rows(), r.suppressedRows(), ALL, null, 5, null,
        null, 0, cover);
    assertEquals(m.classes(), r.risk().equivalenceClasses());
    System.out.println("mondrian k=5: " + r.search() + " " + r.utility());
  }

  @Test
  void mondrian_k5_distinct3OnOccupation_isVerified() {
    List<String> qis = ALL.stream().filter(c -> !c.equals("occupation")).toList();
    AnonymizationSpec s = spec(qis, 5).sensitive("occupation").lDiversity(LDiversity.distinct(3)).build();
    KAnonymizationResult r = Mondrian.anonymize(adult, s);
    IndependentChecker.check(adult.header(), adult.rows(), r.rows(), r.suppressedRows(), qis, "occupation", 5, LDiversity.distinct(3), null, 0,
        cover);
  }
}
