package dev.veil.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine-neutral cores never import an engine: every Veil class outside the Beam and Spark
 * adapter packages, the CLI and the benchmarks must not depend on Beam, Spark or Scala. Fails the
 * build when one does.
 */
class EngineNeutralCoreTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.veil");
  }

  @Test
  void corePackages_doNotDependOnBeamSparkOrScala() {
    ArchRule rule = noClasses()
        .that().resideInAnyPackage("dev.veil.core..", "dev.veil.privacy..", "dev.veil.validation..", "dev.veil.lineage..",
            "dev.veil.featurestore..", "dev.veil.pipelines", "dev.veil.pipelines.io..", "dev.veil.pipelines.generate..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.beam..", "org.apache.spark..", "scala..")
        .because("engine-neutral cores must run unchanged on every engine; only dev.veil.pipelines.beam/spark may import one");
    rule.check(classes);
  }

  @Test
  void beamAdapter_doesNotDependOnSpark_andViceVersa() {
    noClasses().that().resideInAPackage("dev.veil.pipelines.beam..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..").check(classes);
    noClasses().that().resideInAPackage("dev.veil.pipelines.spark..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.beam..").check(classes);
  }

  @Test
  void importedClasses_includeTheCore() {
    // guards against the rule above passing vacuously because nothing was imported
    if (classes.stream().noneMatch(c -> c.getPackageName().startsWith("dev.veil.core"))) {
      throw new AssertionError("no dev.veil.core classes were imported; the architecture rules would pass vacuously");
    }
  }
}
