package dev.veil.privacy.minimize;

import dev.veil.core.error.SpecException;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.spec.SpecNode;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each purpose may receive: a YAML file that a privacy officer owns and the {@code minimize}
 * stage enforces.
 *
 * <pre>{@code
 * purposes:
 *   training:churn-model:
 *     description: Churn model training (DPIA-2026-014)
 *     columns:                       # rules by column name
 *       customer_id: {transformed: [tokenize, hash]}   # only pseudonymized, by one of these operators
 *       age: allow
 *       notes: drop
 *     piiClasses:                    # rules for other columns, by their PII tags
 *       EMAIL_ADDRESS: {transformed: [hash, tokenize, mask]}
 *       PHONE_NUMBER: drop
 *       default: drop                # PII classes not listed (default: drop)
 *     unmentioned: fail              # a non-PII column the policy does not name: fail (default) or drop
 *     untransformed: fail            # a column allowed only transformed that arrives in clear: fail (default) or drop
 * }</pre>
 *
 * <p>A rule is {@code allow}, {@code drop}, or {@code {transformed: [operators]}} (the column may
 * leave only after one of these operators; {@code transformed: any} accepts any masking or
 * pseudonymizing operator). A column with several PII classes gets the strictest of their rules
 * (drop, then transformed with the intersection of operators, then allow). Every error names the
 * file, line and key. Immutable and thread-safe.
 */
public record MinimizationPolicy(String source, Map<String, Purpose> purposes) implements Serializable {

  /** How a column may leave: allowed as is, dropped, or only after one of {@code operators} (empty = any). */
  public record Rule(Kind kind, Set<String> operators) implements Serializable {
    public enum Kind { ALLOW, TRANSFORMED, DROP }

    public Rule {
      operators = operators == null ? Set.of() : Set.copyOf(new TreeSet<>(operators));
    }

    public static final Rule ALLOW = new Rule(Kind.ALLOW, Set.of());
    public static final Rule DROP = new Rule(Kind.DROP, Set.of());

    /** The stricter of two rules (for a column with several PII classes). */
    Rule strictest(Rule o) {
      if (kind == Kind.DROP || o.kind == Kind.DROP) return DROP;
      if (kind == Kind.ALLOW) return o;
      if (o.kind == Kind.ALLOW) return this;
      if (operators.isEmpty()) return o;
      if (o.operators.isEmpty()) return this;
      TreeSet<String> both = new TreeSet<>(operators);
      both.retainAll(o.operators);
      return both.isEmpty() ? DROP : new Rule(Kind.TRANSFORMED, both);
    }

    @Override
    public String toString() {
      return switch (kind) {
        case ALLOW -> "allow";
        case DROP -> "drop";
        case TRANSFORMED -> operators.isEmpty() ? "transformed by any operator" : "transformed by one of " + new TreeSet<>(operators);
      };
    }
  }

  /** What to do with a column the policy does not cover, or one that arrives untransformed. */
  public enum OnViolation { FAIL, DROP }

  /** One purpose's rules. */
  public record Purpose(String name, String description, Map<String, Rule> columns, Map<PiiClass, Rule> piiClasses,
      Rule defaultPii, OnViolation unmentioned, OnViolation untransformed) implements Serializable {
    public Purpose {
      columns = Map.copyOf(columns);
      piiClasses = Map.copyOf(piiClasses);
    }
  }

  public MinimizationPolicy {
    purposes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(purposes));
  }

  /**
   * The purpose called {@code name}.
   *
   * @throws IllegalArgumentException naming the policy file and the purposes it defines
   */
  public Purpose purpose(String name) {
    Purpose p = purposes.get(name);
    if (p == null) {
      throw new IllegalArgumentException("purpose must be one of " + new TreeSet<>(purposes.keySet()) + " defined in " + source
          + ". Provided value: '" + name + "'");
    }
    return p;
  }

  public static MinimizationPolicy load(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(SpecNode.parse(file.toString(), r));
    } catch (IOException e) {
      throw new SpecException(file + ": cannot read the minimization policy: " + e.getMessage(), e);
    }
  }

  public static MinimizationPolicy parse(String name, String yaml) {
    return parse(SpecNode.parse(name, new StringReader(yaml)));
  }

  static MinimizationPolicy parse(SpecNode root) {
    root.allowOnly(List.of("purposes"), "minimization policy");
    Map<String, Purpose> out = new LinkedHashMap<>();
    for (Map.Entry<String, SpecNode> e : root.require("purposes", "minimization policy").asMap().entrySet()) {
      String name = e.getKey();
      SpecNode n = e.getValue().allowOnly(List.of("description", "columns", "piiClasses", "unmentioned", "untransformed"),
          "purpose '" + name + "'");
      Map<String, Rule> cols = new LinkedHashMap<>();
      if (n.get("columns").isPresent()) {
        for (Map.Entry<String, SpecNode> c : n.get("columns").get().asMap().entrySet()) {
          cols.put(c.getKey(), rule(c.getValue()));
        }
      }
      Map<PiiClass, Rule> pii = new LinkedHashMap<>();
      Rule def = Rule.DROP;
      if (n.get("piiClasses").isPresent()) {
        for (Map.Entry<String, SpecNode> c : n.get("piiClasses").get().asMap().entrySet()) {
          if (c.getKey().equals("default")) {
            def = rule(c.getValue());
            continue;
          }
          try {
            pii.put(PiiClass.of(c.getKey().toUpperCase(Locale.ROOT)), rule(c.getValue()));
          } catch (IllegalArgumentException ex) {
            throw c.getValue().error(ex.getMessage());
          }
        }
      }
      out.put(name, new Purpose(name, n.get("description").map(SpecNode::asString).orElse(""), cols, pii, def,
          onViolation(n, "unmentioned"), onViolation(n, "untransformed")));
    }
    if (out.isEmpty()) throw root.error("the policy defines no purposes");
    return new MinimizationPolicy(root.file(), out);
  }

  private static OnViolation onViolation(SpecNode n, String key) {
    if (n.get(key).isEmpty()) return OnViolation.FAIL;
    String v = n.get(key).get().asString().trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "fail" -> OnViolation.FAIL;
      case "drop" -> OnViolation.DROP;
      default -> throw n.get(key).get().error(key + " must be one of fail, drop. Provided value: '" + v + "'");
    };
  }

  private static Rule rule(SpecNode n) {
    if (n.isScalar()) {
      String v = n.asString().trim().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "allow" -> Rule.ALLOW;
        case "drop" -> Rule.DROP;
        case "transformed" -> new Rule(Rule.Kind.TRANSFORMED, Set.of());
        default -> throw n.error("rule must be allow, drop, transformed or {transformed: [operators]}. Provided value: '" + v + "'");
      };
    }
    n.allowOnly(List.of("transformed"), "rule");
    SpecNode t = n.require("transformed", "rule");
    List<String> ops = new ArrayList<>();
    if (!(t.isScalar() && t.asString().equalsIgnoreCase("any"))) {
      for (String op : t.asStringList()) ops.add(op.trim().toLowerCase(Locale.ROOT));
    }
    return new Rule(Rule.Kind.TRANSFORMED, new TreeSet<>(ops));
  }
}
