package dev.veil.privacy.kanon;

import dev.veil.core.schema.Field;
import dev.veil.core.spec.SpecNode;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.Op;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StageDescription;
import dev.veil.core.stage.StagePlan;
import dev.veil.core.stage.StageProvider;
import dev.veil.core.stage.StageSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The {@code risk} stage: reports the re-identification risk of the records that reach it on their
 * quasi-identifiers ({@link RiskMetrics}: equivalence classes, prosecutor risk max and average,
 * records above the threshold, sample uniques, marketer risk; with {@code sensitive} the smallest
 * distinct and entropy l) into the run report, and passes every record on unchanged. The same
 * figures as {@code veil risk}. Spec:
 *
 * <pre>{@code
 * - type: risk
 *   quasiIdentifiers: [age, zip, sex]
 *   sensitive: disease        # optional
 *   threshold: 0.2            # optional
 *   maxDistinct: 2000000      # optional
 * }</pre>
 *
 * It runs as an {@link Op.Frequencies} op: the engine counts the distinct tuples, the metrics are
 * computed from the counts, and the per-record pass is the identity. A missing value counts as a
 * value of its own. Privacy: the report holds counts and ratios only, never values; the stage
 * changes no record, so it protects nothing by itself. Immutable, thread-safe, serializable.
 */
public record RiskStage(String name, List<String> quasiIdentifiers, String sensitive, double threshold, int maxDistinct) implements StageSpec {
  public static final String TYPE = "risk";

  public RiskStage {
    name = name == null ? TYPE : name;
    if (quasiIdentifiers == null || quasiIdentifiers.isEmpty()) {
      throw new IllegalArgumentException("quasiIdentifiers must not be empty. Provided value: " + quasiIdentifiers);
    }
    quasiIdentifiers = List.copyOf(quasiIdentifiers);
    if (new LinkedHashSet<>(quasiIdentifiers).size() != quasiIdentifiers.size()) {
      throw new IllegalArgumentException("quasiIdentifiers must be unique. Provided value: " + quasiIdentifiers);
    }
    if (sensitive != null && quasiIdentifiers.contains(sensitive)) {
      throw new IllegalArgumentException("sensitive must not be a quasi-identifier. Provided value: '" + sensitive + "'");
    }
    if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be >= 0 and <= 1. Provided value: " + threshold);
    if (maxDistinct < 1) throw new IllegalArgumentException("maxDistinct must be >= 1. Provided value: " + maxDistinct);
  }

  /** The stage with threshold 0.2 and the default distinct-tuple limit. */
  public static RiskStage of(List<String> quasiIdentifiers, String sensitive) {
    return new RiskStage(TYPE, quasiIdentifiers, sensitive, 0.2, KAnonymizeStage.DEFAULT_MAX_DISTINCT);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, Object> params() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("quasiIdentifiers", quasiIdentifiers);
    if (sensitive != null) m.put("sensitive", sensitive);
    m.put("threshold", threshold);
    m.put("maxDistinct", maxDistinct);
    return m;
  }

  @Override
  public StagePlan plan(StageContext ctx) {
    for (String q : quasiIdentifiers) ctx.input().require(q, "risk quasiIdentifiers");
    if (sensitive != null) ctx.input().require(sensitive, "risk sensitive");
    List<String> reads = new ArrayList<>(quasiIdentifiers);
    if (sensitive != null) reads.add(sensitive);
    List<FieldLineage> writes = new ArrayList<>();
    for (Field f : ctx.input().fields()) writes.add(FieldLineage.identity(f.name()));
    KanonPlanner planner = KanonPlanner.risk(quasiIdentifiers, sensitive, ctx.input(), maxDistinct, threshold);
    return new StagePlan(ctx.input(), List.of(new Op.Frequencies(planner)), new StageDescription(TYPE, name, params(), reads, writes),
        List.of("re-identification risk on " + quasiIdentifiers + " reported at run time; records pass unchanged"));
  }

  public static final StageProvider PROVIDER = StageProvider.of(TYPE, List.of("quasiIdentifiers", "sensitive", "threshold", "maxDistinct"),
      "report the re-identification risk on quasi-identifiers into the run report (records pass unchanged)",
      (node, name) -> new RiskStage(name, node.require("quasiIdentifiers", "stage 'risk'").asStringList(),
          node.get("sensitive").map(SpecNode::asString).orElse(null), node.get("threshold").map(SpecNode::asDouble).orElse(0.2),
          node.get("maxDistinct").map(n -> n.asInt(1, Integer.MAX_VALUE - 8)).orElse(KAnonymizeStage.DEFAULT_MAX_DISTINCT)));
}
