package dev.veil.privacy.dp.aggregate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The declarative (YAML/JSON) form of a {@link DpQuery}, for the {@code dp-aggregate} stage of a
 * pipeline spec and the CLI: {@link #fromMap} reads a map of plain values (as SnakeYAML or Jackson give
 * them), {@link #toMap} writes one, and {@link #fromMap}{@code (toMap(q))} equals {@code q}.
 *
 * <pre>
 * privacyUnit: user
 * groupBy: [day]
 * metrics: ["count", "sum(x)", {metric: "quantiles(x)", ranks: [0.5, 0.9], weight: 2},
 *           {metric: "mean(x)", epsilon: 0.2, delta: 0}]
 * bounds: {x: [0, 100]}               # or "x=0:100,y=-1:1"
 * epsilon: 1.0
 * delta: 1.0e-6                       # optional, default 0
 * maxPartitionsContributed: 1         # optional, default 1
 * maxContributionsPerPartition: 1     # optional, default 1
 * noise: laplace                      # or gaussian
 * partitionSelection: {mode: private, weight: 1, method: auto}   # or {mode: public, keys: [[mon], [tue]]}
 * quantileTree: {height: 4, branchingFactor: 16}
 * </pre>
 * Metrics may also be one string, {@code "count,sum(x),mean(x)"}. Unknown keys, wrong types and every
 * invalid setting fail with an {@link IllegalArgumentException} naming the key. Stateless, thread-safe.
 */
public final class DpQueryMaps {
  private static final Set<String> KEYS = Set.of("privacyUnit", "groupBy", "metrics", "bounds", "epsilon", "delta",
      "maxPartitionsContributed", "maxContributionsPerPartition", "noise", "partitionSelection", "quantileTree");

  private DpQueryMaps() {}

  /** Parses and validates a query. */
  public static DpQuery fromMap(Map<String, ?> m) {
    for (String k : m.keySet()) {
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException("dp-aggregate has no setting '" + k + "'. Valid settings: "
            + new java.util.TreeSet<>(KEYS) + ". Provided value: " + k);
      }
    }
    DpQuery.Builder b = DpQuery.builder();
    b.privacyUnit(string(m, "privacyUnit"));
    if (m.containsKey("groupBy")) {
      b.groupBy(strings(m.get("groupBy"), "groupBy").toArray(new String[0]));
    }
    Object metrics = m.get("metrics");
    if (metrics instanceof String s) {
      for (String part : splitTopLevel(s)) {
        b.metric(metric(part.strip(), null));
      }
    } else if (metrics instanceof List<?> list) {
      for (Object o : list) {
        b.metric(o instanceof Map<?, ?> mm ? metricFromMap(mm) : metric(String.valueOf(o), null));
      }
    } else {
      throw new IllegalArgumentException("metrics must be a list or a comma-separated string. Provided value: "
          + (metrics == null ? "none" : metrics.getClass().getSimpleName()));
    }
    Object bounds = m.get("bounds");
    if (bounds instanceof String s) {
      for (String part : s.split(",")) {
        String[] kv = part.strip().split("=", 2);
        String[] lu = kv.length == 2 ? kv[1].split(":(?=[-+0-9.])", 2) : new String[0];
        if (lu.length != 2) {
          throw new IllegalArgumentException("bounds must look like 'x=0:100'. Provided value: " + part.strip());
        }
        b.bounds(kv[0].strip(), number(lu[0], "bounds"), number(lu[1], "bounds"));
      }
    } else if (bounds instanceof Map<?, ?> bm) {
      for (Map.Entry<?, ?> e : bm.entrySet()) {
        List<?> lu = e.getValue() instanceof List<?> l ? l : List.of();
        if (lu.size() != 2) {
          throw new IllegalArgumentException("bounds of " + e.getKey() + " must be [lower, upper]. Provided value: "
              + e.getValue());
        }
        b.bounds(String.valueOf(e.getKey()), number(lu.get(0), "bounds"), number(lu.get(1), "bounds"));
      }
    } else if (bounds != null) {
      throw new IllegalArgumentException("bounds must be a map or a string like 'x=0:100'. Provided value: "
          + bounds.getClass().getSimpleName());
    }
    b.budget(number(required(m, "epsilon"), "epsilon"), m.containsKey("delta") ? number(m.get("delta"), "delta") : 0);
    if (m.containsKey("maxPartitionsContributed")) {
      b.maxPartitionsContributed(integer(m.get("maxPartitionsContributed"), "maxPartitionsContributed"));
    }
    if (m.containsKey("maxContributionsPerPartition")) {
      b.maxContributionsPerPartition(integer(m.get("maxContributionsPerPartition"), "maxContributionsPerPartition"));
    }
    if (m.containsKey("noise")) {
      b.noise(enumValue(NoiseKind.class, m.get("noise"), "noise"));
    }
    if (m.containsKey("partitionSelection")) {
      b.partitionSelection(selection(m.get("partitionSelection")));
    }
    if (m.containsKey("quantileTree")) {
      Map<?, ?> t = asMap(m.get("quantileTree"), "quantileTree");
      b.quantileTree(integer(t.containsKey("height") ? t.get("height") : 4, "quantileTree.height"),
          integer(t.containsKey("branchingFactor") ? t.get("branchingFactor") : 16, "quantileTree.branchingFactor"));
    }
    return b.build();
  }

  /** The declarative form of {@code q} (every setting explicit). */
  public static Map<String, Object> toMap(DpQuery q) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("privacyUnit", q.privacyUnit());
    m.put("groupBy", new ArrayList<>(q.groupBy()));
    List<Object> metrics = new ArrayList<>();
    for (Metric metric : q.metrics()) {
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("metric", metric.name());
      if (!metric.ranks().isEmpty()) {
        mm.put("ranks", new ArrayList<>(metric.ranks()));
      }
      putShare(mm, metric.share());
      metrics.add(mm);
    }
    m.put("metrics", metrics);
    Map<String, Object> bounds = new LinkedHashMap<>();
    q.bounds().forEach((c, bd) -> bounds.put(c, List.of(bd.lower(), bd.upper())));
    m.put("bounds", bounds);
    m.put("epsilon", q.budget().epsilon());
    m.put("delta", q.budget().delta());
    m.put("maxPartitionsContributed", q.maxPartitionsContributed());
    m.put("maxContributionsPerPartition", q.maxContributionsPerPartition());
    m.put("noise", q.noiseKind().name().toLowerCase(Locale.ROOT));
    Map<String, Object> sel = new LinkedHashMap<>();
    if (q.selection().isPublic()) {
      sel.put("mode", "public");
      List<Object> keys = new ArrayList<>();
      for (PartitionKey k : q.selection().publicKeys()) {
        keys.add(new ArrayList<>(k.values()));
      }
      sel.put("keys", keys);
    } else {
      sel.put("mode", "private");
      putShare(sel, q.selection().share());
      sel.put("method", q.selection().method().name().toLowerCase(Locale.ROOT));
    }
    m.put("partitionSelection", sel);
    m.put("quantileTree", Map.of("height", q.treeHeight(), "branchingFactor", q.branchingFactor()));
    return m;
  }

  private static void putShare(Map<String, Object> m, BudgetShare s) {
    if (s.isAbsolute()) {
      m.put("epsilon", s.epsilon());
      m.put("delta", s.delta());
    } else {
      m.put("weight", s.weightValue());
    }
  }

  private static BudgetShare share(Map<?, ?> m, String where) {
    if (m.containsKey("epsilon")) {
      if (m.containsKey("weight")) {
        throw new IllegalArgumentException(where + " must have either weight or epsilon/delta, not both. "
            + "Provided value: both");
      }
      return BudgetShare.absolute(number(m.get("epsilon"), where + ".epsilon"),
          m.containsKey("delta") ? number(m.get("delta"), where + ".delta") : 0);
    }
    return BudgetShare.weight(m.containsKey("weight") ? number(m.get("weight"), where + ".weight") : 1);
  }

  private static Metric metricFromMap(Map<?, ?> mm) {
    Object name = mm.get("metric");
    if (!(name instanceof String s)) {
      throw new IllegalArgumentException("each metric map needs 'metric: name'. Provided value: " + mm.keySet());
    }
    List<Double> ranks = null;
    if (mm.containsKey("ranks")) {
      ranks = new ArrayList<>();
      for (Object r : strings(mm.get("ranks"), "ranks")) {
        ranks.add(number(r, "ranks"));
      }
    }
    return metric(s, ranks).withShare(share(mm, "metric " + s));
  }

  /** {@code count}, {@code count_distinct_units}, {@code sum(x)}, ..., {@code quantiles(x)} or {@code quantiles(x;0.5;0.9)}. */
  static Metric metric(String text, List<Double> ranks) {
    String t = text.strip();
    int open = t.indexOf('(');
    String kind = (open < 0 ? t : t.substring(0, open)).strip().toLowerCase(Locale.ROOT);
    String arg = "";
    if (open >= 0) {
      if (!t.endsWith(")")) {
        throw new IllegalArgumentException("metric must look like 'sum(x)'. Provided value: " + t);
      }
      arg = t.substring(open + 1, t.length() - 1).strip();
    }
    String column = arg;
    if (kind.equals("quantiles")) {
      String[] parts = arg.split(";");
      column = parts[0].strip();
      if (parts.length > 1) {
        ranks = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
          ranks.add(number(parts[i], "quantiles ranks"));
        }
      }
    }
    return switch (kind) {
      case "count" -> Metric.count();
      case "count_distinct_units" -> Metric.countDistinctUnits();
      case "sum" -> Metric.sum(column);
      case "mean" -> Metric.mean(column);
      case "variance" -> Metric.variance(column);
      case "stddev" -> Metric.stddev(column);
      case "quantiles" -> {
        if (ranks == null) {
          throw new IllegalArgumentException("quantiles need ranks ('quantiles(x;0.5;0.9)' or ranks: [...]). "
              + "Provided value: " + t);
        }
        yield Metric.quantiles(column, ranks.stream().mapToDouble(Double::doubleValue).toArray());
      }
      default -> throw new IllegalArgumentException("metric must be one of count, count_distinct_units, sum, mean, "
          + "variance, stddev, quantiles. Provided value: " + kind);
    };
  }

  private static PartitionSelection selection(Object o) {
    Map<?, ?> m = asMap(o, "partitionSelection");
    String mode = String.valueOf(m.containsKey("mode") ? m.get("mode") : "private");
    if (mode.equals("public")) {
      List<PartitionKey> keys = new ArrayList<>();
      Object ks = m.get("keys");
      if (!(ks instanceof List<?> list)) {
        throw new IllegalArgumentException("partitionSelection.keys must be a list of keys. Provided value: "
            + (ks == null ? "none" : ks.getClass().getSimpleName()));
      }
      for (Object k : list) {
        keys.add(PartitionKey.of(k instanceof List<?> l ? l.stream().map(v -> v == null ? null : String.valueOf(v))
            .toList().toArray(new String[0]) : new String[] {k == null ? null : String.valueOf(k)}));
      }
      return PartitionSelection.publicPartitions(keys);
    }
    if (!mode.equals("private")) {
      throw new IllegalArgumentException("partitionSelection.mode must be private or public. Provided value: " + mode);
    }
    SelectionMethod method = m.containsKey("method") ? enumValue(SelectionMethod.class, m.get("method"),
        "partitionSelection.method") : SelectionMethod.AUTO;
    return PartitionSelection.privateSelection(share(m, "partitionSelection"), method);
  }

  private static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  private static Object required(Map<String, ?> m, String key) {
    if (!m.containsKey(key) || m.get(key) == null) {
      throw new IllegalArgumentException(key + " must be set. Provided value: none");
    }
    return m.get(key);
  }

  private static String string(Map<String, ?> m, String key) {
    Object v = required(m, key);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(key + " must be a string. Provided value: " + v.getClass().getSimpleName());
    }
    return s;
  }

  private static List<String> strings(Object v, String key) {
    if (v instanceof String s) {
      return List.of(s.split(","));
    }
    if (v instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    throw new IllegalArgumentException(key + " must be a list. Provided value: "
        + (v == null ? "none" : v.getClass().getSimpleName()));
  }

  private static double number(Object v, String key) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(String.valueOf(v).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number. Provided value: " + v);
    }
  }

  private static int integer(Object v, String key) {
    double d = number(v, key);
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + " must be an integer. Provided value: " + v);
    }
    return (int) d;
  }

  private static Map<?, ?> asMap(Object v, String key) {
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(key + " must be a map. Provided value: "
          + (v == null ? "none" : v.getClass().getSimpleName()));
    }
    return m;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, Object v, String key) {
    try {
      return Enum.valueOf(type, String.valueOf(v).strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
          .toLowerCase(Locale.ROOT) + ". Provided value: " + v);
    }
  }
}
