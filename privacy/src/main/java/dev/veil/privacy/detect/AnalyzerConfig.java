package dev.veil.privacy.detect;

import dev.veil.core.schema.PiiClass;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the {@link Analyzer} turns recognizer candidates into findings.
 *
 * <ul>
 *   <li>{@code minScore}: spans scoring below it after context scoring are dropped (default 0.5).
 *   <li>{@code contextWindow}: how many words on each side of a span are searched for context words
 *       (default 5).
 *   <li>{@code contextBoost}: added to a span's score when a context word is found (default 0.35),
 *       and {@code minScoreWithContext}: the least score a span with context gets (default 0.4).
 *   <li>{@code entities}: per entity type, extra context words and its own window and boost.
 *   <li>{@code allowList}: values that are never reported, compared trimmed and case-insensitively
 *       with the span's text (a company's public support address, a test card number).
 * </ul>
 *
 * <p>Deny lists are recognizers ({@link DenyListRecognizer}), not configuration: every listed word is
 * reported. Immutable and thread-safe.
 */
public record AnalyzerConfig(double minScore, int contextWindow, double contextBoost, double minScoreWithContext,
    Map<PiiClass, EntityContext> entities, Set<String> allowList) implements Serializable {

  /** Per entity type: extra context words, and a window and boost overriding the defaults (null keeps them). */
  public record EntityContext(List<String> words, Integer window, Double boost) implements Serializable {
    public EntityContext {
      words = words == null ? List.of() : words.stream().map(w -> w.toLowerCase(Locale.ROOT).trim()).toList();
      if (window != null && window < 0) {
        throw new IllegalArgumentException("context window must be >= 0. Provided value: " + window);
      }
      if (boost != null && !(boost >= 0 && boost <= 1)) {
        throw new IllegalArgumentException("context boost must be >= 0 and <= 1. Provided value: " + boost);
      }
    }
  }

  public AnalyzerConfig {
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("minScore must be >= 0 and <= 1. Provided value: " + minScore);
    }
    if (contextWindow < 0 || contextWindow > 100) {
      throw new IllegalArgumentException("contextWindow must be >= 0 and <= 100. Provided value: " + contextWindow);
    }
    if (!(contextBoost >= 0 && contextBoost <= 1)) {
      throw new IllegalArgumentException("contextBoost must be >= 0 and <= 1. Provided value: " + contextBoost);
    }
    if (!(minScoreWithContext >= 0 && minScoreWithContext <= 1)) {
      throw new IllegalArgumentException("minScoreWithContext must be >= 0 and <= 1. Provided value: " + minScoreWithContext);
    }
    entities = entities == null ? Map.of() : Map.copyOf(entities);
    TreeSet<String> allow = new TreeSet<>();
    if (allowList != null) {
      for (String a : allowList) {
        if (a != null && !a.isBlank()) allow.add(a.trim().toLowerCase(Locale.ROOT));
      }
    }
    allowList = Set.copyOf(allow);
  }

  /** The defaults above (Presidio's context-enhancer factors), no per-entity settings, no allow list. */
  public static AnalyzerConfig defaults() {
    return new AnalyzerConfig(0.5, 5, 0.35, 0.4, Map.of(), Set.of());
  }

  public AnalyzerConfig withMinScore(double s) {
    return new AnalyzerConfig(s, contextWindow, contextBoost, minScoreWithContext, entities, allowList);
  }

  public AnalyzerConfig withAllowList(Set<String> values) {
    return new AnalyzerConfig(minScore, contextWindow, contextBoost, minScoreWithContext, entities, values);
  }

  public AnalyzerConfig withEntity(PiiClass entity, EntityContext ctx) {
    Map<PiiClass, EntityContext> m = new HashMap<>(entities);
    m.put(entity, ctx);
    return new AnalyzerConfig(minScore, contextWindow, contextBoost, minScoreWithContext, m, allowList);
  }

  int windowFor(PiiClass e) {
    EntityContext c = entities.get(e);
    return c == null || c.window() == null ? contextWindow : c.window();
  }

  double boostFor(PiiClass e) {
    EntityContext c = entities.get(e);
    return c == null || c.boost() == null ? contextBoost : c.boost();
  }
}
