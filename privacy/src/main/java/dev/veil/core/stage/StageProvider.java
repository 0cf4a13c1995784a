package dev.veil.core.stage;

import dev.veil.core.spec.SpecNode;
import java.util.List;

/**
 * Reads one stage type from its spec form. Built-in providers are listed in
 * {@link StageRegistry#builtIn()}; other modules and users add theirs through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.veil.core.stage.StageProvider}).
 */
public interface StageProvider {

  /** The spec type word. */
  String type();

  /** The parameter keys this type accepts (besides {@code type} and {@code name}). */
  List<String> keys();

  /** One line for {@code --help} and error messages. */
  String summary();

  /**
   * Builds the stage from {@code node}, whose keys have already been checked against
   * {@link #keys()}.
   *
   * @throws dev.veil.core.error.SpecException naming the file, line and key
   */
  StageSpec parse(SpecNode node, String name);

  /** Parses a stage from its checked spec node and its name. */
  @FunctionalInterface
  interface Parser {
    StageSpec parse(SpecNode node, String name);
  }

  /** A provider from its parts. */
  static StageProvider of(String type, List<String> keys, String summary, Parser parser) {
    List<String> k = List.copyOf(keys);
    return new StageProvider() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public List<String> keys() {
        return k;
      }

      @Override
      public String summary() {
        return summary;
      }

      @Override
      public StageSpec parse(SpecNode node, String name) {
        return parser.parse(node, name);
      }

      @Override
      public String toString() {
        return "StageProvider[" + type + "]";
      }
    };
  }
}
