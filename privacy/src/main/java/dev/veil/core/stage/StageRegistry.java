package dev.veil.core.stage;

import dev.veil.core.spec.SpecNode;
import dev.veil.core.stage.builtin.CastStage;
import dev.veil.privacy.detect.DetectStage;
import dev.veil.core.stage.builtin.DropStage;
import dev.veil.core.stage.builtin.FilterStage;
import dev.veil.privacy.mask.MaskStage;
import dev.veil.core.stage.builtin.SelectStage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The stage types a pipeline spec may use. An immutable value: build one with {@link #builtIn()}
 * or {@link #discover()}, or {@link #with} your own providers; there is no global mutable registry.
 */
public final class StageRegistry {
  private final Map<String, StageProvider> providers;

  private StageRegistry(Map<String, StageProvider> providers) {
    this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
  }

  /** The stages of this module: select, drop, cast, filter, detect, mask, anonymize, minimize, dp-aggregate, kanonymize, risk. */
  public static StageRegistry builtIn() {
    Map<String, StageProvider> m = new LinkedHashMap<>();
    for (StageProvider p : List.of(SelectStage.PROVIDER, DropStage.PROVIDER, CastStage.PROVIDER,
        FilterStage.PROVIDER, DetectStage.PROVIDER, MaskStage.PROVIDER, dev.veil.privacy.anonymize.AnonymizeStage.PROVIDER,
        dev.veil.privacy.minimize.MinimizeStage.PROVIDER, dev.veil.privacy.dp.aggregate.DpAggregateStage.PROVIDER,
        dev.veil.privacy.kanon.KAnonymizeStage.PROVIDER, dev.veil.privacy.kanon.RiskStage.PROVIDER)) {
      m.put(p.type(), p);
    }
    return new StageRegistry(m);
  }

  /** The built-in stages plus every {@link StageProvider} found by {@link ServiceLoader}. */
  public static StageRegistry discover() {
    StageRegistry r = builtIn();
    List<StageProvider> found = new ArrayList<>();
    ServiceLoader.load(StageProvider.class).forEach(found::add);
    return r.with(found);
  }

  /** A registry with {@code more} added; a type defined twice is an error. */
  public StageRegistry with(List<StageProvider> more) {
    Map<String, StageProvider> m = new LinkedHashMap<>(providers);
    for (StageProvider p : more) {
      if (m.putIfAbsent(p.type(), p) != null) {
        throw new IllegalArgumentException("stage type must be unique. Provided value: '" + p.type() + "' is defined twice");
      }
    }
    return new StageRegistry(m);
  }

  public Map<String, StageProvider> providers() {
    return providers;
  }

  /**
   * Parses one stage entry ({@code type:} plus its parameters, optional {@code name:}).
   */
  public StageSpec parse(SpecNode node) {
    if (!node.isMap()) {
      throw node.error("a stage must be a mapping with a 'type' key; stage types: " + String.join(", ", providers.keySet()));
    }
    SpecNode typeNode = node.require("type", "stage (stage types: " + String.join(", ", providers.keySet()) + ")");
    String type = typeNode.asString();
    StageProvider p = providers.get(type);
    if (p == null) {
      String near = nearest(type);
      throw typeNode.error("unknown stage type '" + type + "'. Stage types: " + String.join(", ", providers.keySet())
          + (near == null ? "" : ". Did you mean '" + near + "'?"));
    }
    List<String> allowed = new ArrayList<>(p.keys());
    allowed.add("type");
    allowed.add("name");
    node.allowOnly(allowed, "stage '" + type + "'");
    String name = node.get("name").map(SpecNode::asString).orElse(type);
    try {
      return p.parse(node, name);
    } catch (IllegalArgumentException e) {
      throw node.error("stage '" + name + "': " + e.getMessage());
    }
  }

  private String nearest(String type) {
    String best = null;
    for (String t : providers.keySet()) {
      if (t.startsWith(type.toLowerCase()) || type.toLowerCase().startsWith(t)) best = t;
    }
    return best;
  }
}
