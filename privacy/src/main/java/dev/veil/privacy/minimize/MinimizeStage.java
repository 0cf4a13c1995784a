package dev.veil.privacy.minimize;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.schema.Schema;
import dev.veil.core.spec.SpecNode;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.Op;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StageDescription;
import dev.veil.core.stage.StagePlan;
import dev.veil.core.stage.StageProvider;
import dev.veil.core.stage.StageSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Keeps only what a purpose may receive, by a {@link MinimizationPolicy}. For each field, in order:
 * the policy's rule for its name; otherwise the strictest rule of its PII classes (unlisted classes
 * get the purpose's {@code default}); otherwise (a non-PII field the policy does not name) the
 * purpose's {@code unmentioned} setting. A field allowed only {@code transformed} must carry a
 * {@code transformed:<operator>} tag with an accepted operator (set by {@code mask} or
 * {@code anonymize} earlier in the pipeline), else the purpose's {@code untransformed} setting
 * applies.
 *
 * <p>Fails closed: by default a field the policy does not cover, or one that should be transformed
 * and is not, stops the pipeline at plan time, before any record is read, with a message naming
 * the field, the purpose and the policy file. Dropped fields are listed in the run report with the
 * reason; values are never looked at. Place it after detection (so PII tags exist) and after
 * anonymization (so transforms are tagged). Spec: {@code {type: minimize, policy: policy.yaml,
 * purpose: "training:churn-model"}}.
 */
public record MinimizeStage(String name, String policy, String purpose) implements StageSpec {
  public static final String TYPE = "minimize";

  public MinimizeStage {
    name = name == null ? TYPE : name;
    if (policy == null || policy.isBlank()) throw new IllegalArgumentException("policy must name a minimization policy file");
    if (purpose == null || purpose.isBlank()) throw new IllegalArgumentException("purpose must name a purpose of the policy");
    MinimizationPolicy.load(Path.of(policy)).purpose(purpose); // fails now on a missing file or purpose
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, Object> params() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("policy", policy);
    p.put("purpose", purpose);
    return p;
  }

  /** The decision for one field: keep it or drop it, and why. */
  public record Decision(String field, boolean keep, String reason) {}

  /** Decides every field of {@code in} (for the plan and for tests). */
  public List<Decision> decide(Schema in) {
    MinimizationPolicy.Purpose p = MinimizationPolicy.load(Path.of(policy)).purpose(purpose);
    List<Decision> out = new ArrayList<>();
    List<String> violations = new ArrayList<>();
    for (Field f : in.fields()) {
      MinimizationPolicy.Rule rule = p.columns().get(f.name());
      String why;
      if (rule != null) {
        why = "column rule";
      } else if (f.tags().isPii()) {
        rule = null;
        for (PiiClass c : f.tags().piiClasses()) {
          MinimizationPolicy.Rule r = p.piiClasses().getOrDefault(c, p.defaultPii());
          rule = rule == null ? r : rule.strictest(r);
        }
        why = "PII " + f.tags().piiClasses();
      } else {
        if (p.unmentioned() == MinimizationPolicy.OnViolation.FAIL) {
          violations.add("'" + f.name() + "' is not covered by the policy");
        }
        out.add(new Decision(f.name(), false, "not covered by the policy (unmentioned: drop)"));
        continue;
      }
      switch (rule.kind()) {
        case ALLOW -> out.add(new Decision(f.name(), true, why + ": allow"));
        case DROP -> out.add(new Decision(f.name(), false, why + ": drop"));
        case TRANSFORMED -> {
          TreeSet<String> applied = new TreeSet<>(f.tags().transforms());
          boolean ok = rule.operators().isEmpty() ? f.tags().masked() : applied.stream().anyMatch(rule.operators()::contains);
          if (ok) {
            out.add(new Decision(f.name(), true, why + ": " + rule + ", is " + (applied.isEmpty() ? "masked" : "transformed by " + applied)));
          } else {
            if (p.untransformed() == MinimizationPolicy.OnViolation.FAIL) {
              violations.add("'" + f.name() + "' may leave only " + rule + " (" + why + ") but is "
                  + (applied.isEmpty() ? (f.tags().masked() ? "masked by an unnamed operator" : "untransformed") : "transformed by " + applied));
            }
            out.add(new Decision(f.name(), false, why + ": " + rule + ", arrives untransformed (untransformed: drop)"));
          }
        }
      }
    }
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException("minimization policy " + policy + " for purpose '" + purpose + "' refuses the data: "
          + String.join("; ", violations) + ". Add a rule for the column, transform it earlier in the pipeline, "
          + "or set unmentioned/untransformed: drop");
    }
    return out;
  }

  @Override
  public StagePlan plan(StageContext ctx) {
    Schema in = ctx.input();
    List<Decision> decisions = decide(in);
    List<String> kept = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<FieldLineage> writes = new ArrayList<>();
    for (Decision d : decisions) {
      if (d.keep()) {
        kept.add(d.field());
        writes.add(FieldLineage.identity(d.field()));
      }
      notes.add((d.keep() ? "kept " : "dropped ") + d.field() + ": " + d.reason());
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("minimization policy " + policy + " for purpose '" + purpose + "' keeps no field of "
          + in.names());
    }
    notes.add(0, String.format(java.util.Locale.ROOT, "purpose %s: kept %d of %d field(s)", purpose, kept.size(), in.size()));
    Schema out = in.project(kept);
    return new StagePlan(out, List.of(new Op.Project(kept)), new StageDescription(TYPE, name, params(), kept, writes), notes);
  }

  public static final StageProvider PROVIDER = StageProvider.of(TYPE, List.of("policy", "purpose"),
      "keep only the fields a purpose may receive, by a minimization policy (fails closed on fields it does not cover)",
      (node, name) -> {
        String policy = node.require("policy", "stage 'minimize'").asString();
        Path p = Path.of(policy);
        if (!p.isAbsolute() && node.file() != null && java.nio.file.Files.isRegularFile(Path.of(node.file()))) {
          Path base = Path.of(node.file()).toAbsolutePath().getParent();
          if (base != null) policy = base.resolve(p).normalize().toString();
        }
        String purpose = node.require("purpose", "stage 'minimize'").asString();
        try {
          return new MinimizeStage(name, policy, purpose);
        } catch (IllegalArgumentException e) {
          throw node.error(e.getMessage());
        }
      });
}
