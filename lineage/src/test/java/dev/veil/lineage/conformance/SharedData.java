package dev.veil.lineage.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared OpenLineage data lives ({@code -Dveil.shared.data}, set by surefire). */
final class SharedData {

  private SharedData() {}

  /** {@code <veil.shared.data>/openlineage}. */
  static Path openLineage() {
    String root = System.getProperty("veil.shared.data");
    if (root == null || root.isBlank()) {
      fail("system property veil.shared.data is not set; run through Maven (the parent pom passes"
          + " -Dveil.shared.data=${maven.multiModuleProjectDirectory}/../shared/data)");
    }
    Path dir = Path.of(root).resolve("openlineage");
    assertTrue(Files.isDirectory(dir.resolve("spec")), "no OpenLineage spec folder under " + dir);
    return dir;
  }

  /** {@code <veil.shared.data>/openlineage/spec}. */
  static Path spec() {
    return openLineage().resolve("spec");
  }
}
