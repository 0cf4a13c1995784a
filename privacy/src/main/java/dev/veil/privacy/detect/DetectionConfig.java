package dev.veil.privacy.detect;

import dev.veil.core.error.SpecException;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.spec.SpecNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Detection settings and custom recognizers declared in YAML, with no code:
 *
 * <pre>{@code
 * minScore: 0.5              # drop findings scoring below
 * contextWindow: 5           # words searched on each side of a finding
 * contextBoost: 0.35         # added to a finding's score when a context word is near
 * allowList: [support@example.com]
 * context:                   # per entity: extra words, own window and boost
 *   US_SSN: {words: [social, security], window: 8, boost: 0.4}
 * recognizers:
 *   - id: employee-id        # a pattern (RE2 syntax, linear time), optionally validated
 *     entity: EMPLOYEE_ID
 *     pattern: 'EMP-[0-9]{6}'
 *     validator: luhn        # any name of Validators.names()
 *     score: 0.6
 *     context: [employee, staff]
 *     nameHints: [employee]
 *     anchors: [EMP-]        # literals every match contains (prefilter)
 *   - id: code-names         # a deny list: every listed word is reported
 *     entity: PROJECT
 *     denyList: [Nightingale, Bluebird]
 * }</pre>
 *
 * Every error names the file, line, column and key. Immutable.
 */
public record DetectionConfig(AnalyzerConfig analyzer, List<Recognizer> recognizers) {
  private static final List<String> TOP = List.of("minScore", "contextWindow", "contextBoost", "minScoreWithContext",
      "allowList", "context", "recognizers");
  private static final List<String> RECOGNIZER = List.of("id", "entity", "pattern", "validator", "score", "context",
      "nameHints", "anchors", "denyList");

  public DetectionConfig {
    recognizers = List.copyOf(recognizers);
  }

  /** The defaults: {@link AnalyzerConfig#defaults()} and no custom recognizers. */
  public static DetectionConfig defaults() {
    return new DetectionConfig(AnalyzerConfig.defaults(), List.of());
  }

  /** Reads a config file. */
  public static DetectionConfig load(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(SpecNode.parse(file.toString(), r));
    } catch (IOException e) {
      throw new SpecException(file + ": cannot read the detection config: " + e.getMessage(), e);
    }
  }

  /** Parses YAML text; {@code name} is used in error messages. */
  public static DetectionConfig parse(String name, String yaml) {
    return parse(SpecNode.parse(name, new StringReader(yaml)));
  }

  /** Parses a config node (a file's root, or a {@code detect} stage's inline mapping). */
  public static DetectionConfig parse(SpecNode root) {
    root.allowOnly(TOP, "detection config");
    AnalyzerConfig d = AnalyzerConfig.defaults();
    double minScore = root.get("minScore").map(SpecNode::asDouble).orElse(d.minScore());
    int window = root.get("contextWindow").map(n -> n.asInt(0, 100)).orElse(d.contextWindow());
    double boost = root.get("contextBoost").map(SpecNode::asDouble).orElse(d.contextBoost());
    double withCtx = root.get("minScoreWithContext").map(SpecNode::asDouble).orElse(d.minScoreWithContext());
    Set<String> allow = new HashSet<>(root.get("allowList").map(SpecNode::asStringList).orElse(List.of()));
    Map<PiiClass, AnalyzerConfig.EntityContext> perEntity = new LinkedHashMap<>();
    if (root.get("context").isPresent()) {
      for (Map.Entry<String, SpecNode> e : root.get("context").get().asMap().entrySet()) {
        SpecNode n = e.getValue().allowOnly(List.of("words", "window", "boost"), "context of " + e.getKey());
        try {
          perEntity.put(entity(e.getKey()), new AnalyzerConfig.EntityContext(
              n.get("words").map(SpecNode::asStringList).orElse(List.of()),
              n.get("window").map(w -> w.asInt(0, 100)).orElse(null),
              n.get("boost").map(SpecNode::asDouble).orElse(null)));
        } catch (IllegalArgumentException ex) {
          throw n.error(ex.getMessage());
        }
      }
    }
    AnalyzerConfig config;
    try {
      config = new AnalyzerConfig(minScore, window, boost, withCtx, perEntity, allow);
    } catch (IllegalArgumentException ex) {
      throw root.error(ex.getMessage());
    }
    List<Recognizer> custom = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    if (root.get("recognizers").isPresent()) {
      for (SpecNode n : root.get("recognizers").get().asList()) {
        n.allowOnly(RECOGNIZER, "recognizer");
        String id = n.require("id", "recognizer").asString();
        if (!ids.add(id)) throw n.error("recognizer id '" + id + "' is declared twice");
        PiiClass entity;
        try {
          entity = entity(n.require("entity", "recognizer '" + id + "'").asString());
        } catch (IllegalArgumentException ex) {
          throw n.error(ex.getMessage());
        }
        double score = n.get("score").map(SpecNode::asDouble).orElse(n.get("denyList").isPresent() ? 1.0 : 0.6);
        boolean hasPattern = n.get("pattern").isPresent();
        boolean hasDeny = n.get("denyList").isPresent();
        if (hasPattern == hasDeny) {
          throw n.error("recognizer '" + id + "' must have exactly one of 'pattern' and 'denyList'");
        }
        try {
          if (hasPattern) {
            custom.add(new PatternRecognizer(id, entity, n.get("pattern").get().asString(),
                n.get("validator").map(SpecNode::asString).orElse(null), score,
                n.get("context").map(SpecNode::asStringList).orElse(List.of()),
                n.get("nameHints").map(SpecNode::asStringList).orElse(List.of()),
                n.get("anchors").map(SpecNode::asStringList).orElse(List.of())));
          } else {
            custom.add(new DenyListRecognizer(id, entity, n.get("denyList").get().asStringList(), score));
          }
        } catch (IllegalArgumentException ex) {
          throw n.error(ex.getMessage());
        }
      }
    }
    return new DetectionConfig(config, custom);
  }

  private static PiiClass entity(String name) {
    return PiiClass.of(name.trim().toUpperCase(Locale.ROOT));
  }
}
