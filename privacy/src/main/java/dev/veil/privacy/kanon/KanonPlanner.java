package dev.veil.privacy.kanon;

import dev.veil.core.error.RecordException;
import dev.veil.core.expr.Expr;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.stage.FieldFunction;
import dev.veil.core.stage.FrequencyPlanner;
import dev.veil.core.stage.Op;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link FrequencyPlanner} of the {@code kanonymize} and {@code risk} stages. Package-private:
 * built by {@link KAnonymizeStage#plan} and {@link RiskStage#plan}, which check columns and load
 * hierarchies first. Immutable and serializable.
 */
final class KanonPlanner implements FrequencyPlanner {
  private static final long serialVersionUID = 1L;

  /** Dead-letter reason of a record without a quasi-identifier value at a {@code kanonymize} stage. */
  static final String MISSING_QI = "MISSING_QUASI_IDENTIFIER";

  private final boolean anonymize;
  private final List<String> qis;
  private final String sensitive; // counted only when the report or a model needs it
  private final Schema input;
  private final Schema output;
  private final int maxDistinct;
  private final double threshold;
  // kanonymize only
  private final Map<String, GeneralizationHierarchy> hierarchies;
  private final Double autoWidth;
  private final KAnonymizeStage stage;

  private KanonPlanner(boolean anonymize, List<String> qis, String sensitive, Schema input, Schema output, int maxDistinct, double threshold,
      Map<String, GeneralizationHierarchy> hierarchies, Double autoWidth, KAnonymizeStage stage) {
    this.anonymize = anonymize;
    this.qis = List.copyOf(qis);
    this.sensitive = sensitive;
    this.input = input;
    this.output = output;
    this.maxDistinct = maxDistinct;
    this.threshold = threshold;
    this.hierarchies = hierarchies == null ? Map.of() : new LinkedHashMap<>(hierarchies);
    this.autoWidth = autoWidth;
    this.stage = stage;
  }

  static KanonPlanner risk(List<String> qis, String sensitive, Schema input, int maxDistinct, double threshold) {
    return new KanonPlanner(false, qis, sensitive, input, input, maxDistinct, threshold, null, null, null);
  }

  static KanonPlanner anonymize(KAnonymizeStage stage, Schema input, Schema output, Map<String, GeneralizationHierarchy> hierarchies) {
    String sens = stage.l() != null || stage.t() != null ? stage.sensitive() : null;
    return new KanonPlanner(true, stage.quasiIdentifiers(), sens, input, output, stage.maxDistinct(), stage.threshold(), hierarchies,
        stage.autoHierarchies(), stage);
  }

  @Override
  public List<String> keyFields() {
    List<String> k = new ArrayList<>(qis);
    if (sensitive != null) k.add(sensitive);
    return k;
  }

  @Override
  public int quasiIdentifiers() {
    return qis.size();
  }

  @Override
  public boolean withSensitive() {
    return sensitive != null;
  }

  @Override
  public int maxDistinct() {
    return maxDistinct;
  }

  @Override
  public Schema outputSchema() {
    return output;
  }

  /**
   * The text form of a value, which is what hierarchies and cells are made of: strings as they are,
   * numbers in plain decimal without trailing zeros ({@code 35}, {@code 2.5}), dates ISO-8601,
   * timestamps ISO-8601 UTC, booleans {@code true}/{@code false}; null stays null.
   */
  static String text(Object v) {
    if (v == null || v instanceof String) return (String) v;
    if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) return d.toString();
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return v.toString();
  }

  @Override
  public String[] key(Object[] keyValues) {
    String[] t = new String[keyValues.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = text(keyValues[i]);
      if (anonymize && i < qis.size() && t[i] == null) return null; // dead-lettered by the per-record pass
    }
    return t;
  }

  @Override
  public Object[] preview(Object[] row) {
    if (!anonymize) return row;
    Object[] out = row.clone();
    for (String q : qis) {
      int i = input.indexOf(q);
      out[i] = text(row[i]);
    }
    return out;
  }

  @Override
  public Planned plan(FrequencySet counts) {
    if (counts.size() > maxDistinct) throw tooManyDistinct();
    Map<String, Object> report = new LinkedHashMap<>();
    if (!anonymize) {
      report.put("quasi_identifiers", qis);
      if (sensitive != null) report.put("sensitive", sensitive);
      report.put("distinct_tuples", counts.size());
      report.putAll(counts.risk(threshold).toMap(sensitive != null));
      return new Planned(List.of(), report);
    }
    AnonymizationSpec spec = stage.anonymizationSpec(hierarchies, autoHierarchies(counts));
    FrequencyAnonymizer.Result r = stage.algorithm().equals("lattice") ? FrequencyAnonymizer.lattice(counts, spec, threshold)
        : FrequencyAnonymizer.mondrian(counts, spec, threshold);
    report.put("algorithm", r.algorithm());
    report.put("records", r.records());
    report.put("quasi_identifiers", qis);
    report.put("privacy_models", spec.describeModels());
    report.put("max_suppression", spec.maxSuppression());
    r.levels().ifPresent(lv -> {
      Map<String, Object> levels = new LinkedHashMap<>();
      for (int i = 0; i < lv.size(); i++) levels.put(qis.get(i), lv.get(i));
      report.put("levels", levels);
    });
    report.put("suppressed", r.suppressedRecords());
    report.put("suppressed_share", (double) r.suppressedRecords() / r.records());
    report.put("utility", r.utility().toMap());
    report.put("risk", r.risk().toMap(sensitive != null));
    report.put("search", new LinkedHashMap<>(r.search()));
    return new Planned(ops(r.generalization()), report);
  }

  /** Automatic hierarchies (from the set's distinct values, sorted, so every engine builds the same) for QIs without a file. */
  private Map<String, GeneralizationHierarchy> autoHierarchies(FrequencySet counts) {
    Map<String, GeneralizationHierarchy> out = new LinkedHashMap<>();
    if (autoWidth == null) return out;
    for (int i = 0; i < qis.size(); i++) {
      if (hierarchies.containsKey(qis.get(i))) continue;
      List<String> values = new ArrayList<>(counts.distinctValues(i));
      boolean dates = values.stream().allMatch(v -> v.matches("\\d{4}-\\d{2}-\\d{2}"));
      if (dates) {
        values.sort(null);
        out.put(qis.get(i), GeneralizationHierarchy.dates(qis.get(i), values));
      } else {
        for (String v : values) {
          try {
            Double.parseDouble(v.trim());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("autoHierarchies needs numbers or ISO dates, but column '" + qis.get(i)
                + "' holds other text: give it a hierarchy file in " + stage.hierarchies() + " or use algorithm mondrian");
          }
        }
        values.sort((a, b) -> {
          int c = Double.compare(Double.parseDouble(a.trim()), Double.parseDouble(b.trim()));
          return c != 0 ? c : a.compareTo(b);
        });
        out.put(qis.get(i), GeneralizationHierarchy.numeric(qis.get(i), values, autoWidth));
      }
    }
    return out;
  }

  /**
   * The per-record ops: a class id into a temporary field (dead letter for a missing
   * quasi-identifier), a filter removing suppressed classes, the cells into the quasi-identifiers,
   * and a projection dropping the temporary field.
   */
  private List<Op> ops(FrequencyAnonymizer.Generalization g) {
    String tmp = "kanon_class";
    while (input.has(tmp)) tmp = "_" + tmp;
    List<Op> ops = new ArrayList<>();
    List<String> names = qis;
    ops.add(new Op.Compute(qis, Field.of(tmp, FieldType.LONG), new ClassOf(g, names), true));
    ops.add(new Op.Filter(new Expr.IsNull(new Expr.Column(tmp), true), false));
    for (int i = 0; i < qis.size(); i++) {
      ops.add(new Op.Compute(List.of(tmp), output.require(qis.get(i), "kanonymize"), new CellOf(g, i), false));
    }
    ops.add(new Op.Project(output.names()));
    return ops;
  }

  /** Record to class id (null: suppressed). */
  private record ClassOf(FrequencyAnonymizer.Generalization g, List<String> qis) implements FieldFunction {
    @Override
    public Object apply(Object[] inputs) {
      String[] key = new String[inputs.length];
      for (int i = 0; i < key.length; i++) {
        key[i] = text(inputs[i]);
        if (key[i] == null) {
          throw new RecordException(MISSING_QI, qis.get(i), "the quasi-identifier '" + qis.get(i) + "' has no value (kanonymize needs one)");
        }
      }
      int c = g.classOf(Arrays.asList(key));
      return c < 0 ? null : (Object) (long) c;
    }
  }

  /** Class id to the cell of one quasi-identifier. */
  private record CellOf(FrequencyAnonymizer.Generalization g, int qi) implements FieldFunction {
    @Override
    public Object apply(Object[] inputs) {
      // null: a record this stage removes (an engine may still evaluate the function for it)
      return inputs[0] == null ? null : g.cell((int) (long) (Long) inputs[0], qi);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KanonPlanner p && p.anonymize == anonymize && p.qis.equals(qis) && java.util.Objects.equals(p.sensitive, sensitive)
        && p.input.equals(input) && p.maxDistinct == maxDistinct && p.threshold == threshold && java.util.Objects.equals(p.stage, stage);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(anonymize, qis, sensitive, maxDistinct, stage);
  }
}
