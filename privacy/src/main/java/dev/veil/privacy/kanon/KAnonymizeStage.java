package dev.veil.privacy.kanon;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.spec.SpecNode;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.Op;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StageDescription;
import dev.veil.core.stage.StagePlan;
import dev.veil.core.stage.StageProvider;
import dev.veil.core.stage.StageSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code kanonymize} stage: generalizes the quasi-identifiers (and suppresses records, within
 * a limit) so that every equivalence class of the output has at least {@code k} records and,
 * optionally, l-diverse or t-close values of a sensitive column; the same options as
 * {@code veil kanonymize}. Spec:
 *
 * <pre>{@code
 * - type: kanonymize
 *   quasiIdentifiers: [age, zip, sex, education]
 *   k: 10
 *   algorithm: mondrian          # or lattice (default), the optimal full-domain search
 *   hierarchies: hierarchies/    # COLUMN.csv or *hierarchy_COLUMN.csv per column (lattice: all)
 *   autoHierarchies: 5           # numeric/date hierarchies for columns without a file
 *   maxSuppression: 0.04         # lattice only
 *   sensitive: occupation        # with l and/or t
 *   l: 3
 *   lVariant: distinct           # entropy, recursive (with c)
 *   t: 0.2
 *   tDistance: equal             # or ordered
 *   threshold: 0.2               # prosecutor-risk threshold of the report
 *   maxDistinct: 2000000         # distinct quasi-identifier tuples the plan may hold in memory
 * }</pre>
 *
 * <p>How it runs (on every engine, see {@link Op.Frequencies}): the engine counts the distinct
 * tuples of the quasi-identifiers (plus the sensitive value when l or t is set) of every record
 * that reaches the stage; the plan (Mondrian partitioning or lattice node with suppressed classes)
 * is made once from those counts by {@link FrequencyAnonymizer}; then every record is mapped: its
 * quasi-identifiers replaced by their output cells (text: hierarchy labels, {@code [lo, hi]} ranges
 * or {@code {a,b}} sets), and records of suppressed classes removed (counted as filtered). A record
 * without a quasi-identifier value is dead-lettered ({@code MISSING_QUASI_IDENTIFIER}). The
 * quasi-identifier fields become strings. The run report holds the chosen levels, suppression,
 * utility and risk of the output (numbers only).
 *
 * <p><b>Privacy guarantee:</b> the records the stage passes on meet the models of
 * {@link AnonymizationSpec} on the listed quasi-identifiers. The caller must list every attribute
 * an attacker could link on and remove direct identifiers before this stage; later stages must not
 * add records or re-identify fields. Memory: the plan is made in memory from the distinct tuples
 * ({@code maxDistinct}); the lattice search additionally re-expands the records (see
 * {@link FrequencyAnonymizer}).
 *
 * <p>Immutable, thread-safe, serializable; {@code equals} compares all parameters. Hierarchy files
 * are read when the stage is planned (a bad file fails there, naming file and line).
 */
public record KAnonymizeStage(String name, List<String> quasiIdentifiers, String hierarchies, Double autoHierarchies, int k, Double l,
    String lVariant, double c, Double t, String tDistance, String sensitive, double maxSuppression, String algorithm, double threshold,
    int maxDistinct) implements StageSpec {
  public static final String TYPE = "kanonymize";
  /** Default of {@link #maxDistinct()}. */
  public static final int DEFAULT_MAX_DISTINCT = 2_000_000;

  /** Checks every parameter (not the columns, which are checked against the input when planned). */
  public KAnonymizeStage {
    name = name == null ? TYPE : name;
    quasiIdentifiers = quasiIdentifiers == null ? List.of() : List.copyOf(quasiIdentifiers);
    lVariant = lVariant == null ? "distinct" : lVariant;
    tDistance = tDistance == null ? "equal" : tDistance;
    algorithm = algorithm == null ? "lattice" : algorithm;
    if (!algorithm.equals("lattice") && !algorithm.equals("mondrian")) {
      throw new IllegalArgumentException("algorithm must be lattice or mondrian. Provided value: '" + algorithm + "'");
    }
    if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be >= 0 and <= 1. Provided value: " + threshold);
    if (maxDistinct < 1) throw new IllegalArgumentException("maxDistinct must be >= 1. Provided value: " + maxDistinct);
    if (autoHierarchies != null && !(autoHierarchies > 0 && Double.isFinite(autoHierarchies))) {
      throw new IllegalArgumentException("autoHierarchies must be a width > 0. Provided value: " + autoHierarchies);
    }
    if (algorithm.equals("mondrian") && maxSuppression != 0) {
      throw new IllegalArgumentException("maxSuppression applies to the lattice search only (Mondrian suppresses nothing). Provided value: "
          + maxSuppression);
    }
    // validates k, l, t, sensitive and the quasi-identifier list
    new KAnonymizeStage.Check(quasiIdentifiers, k, l, lVariant, c, t, tDistance, sensitive, maxSuppression).spec(Map.of());
  }

  /** A stage with the defaults: lattice search, no suppression, no l or t, threshold 0.2. */
  public static KAnonymizeStage of(List<String> quasiIdentifiers, int k, String hierarchies) {
    return new KAnonymizeStage(TYPE, quasiIdentifiers, hierarchies, null, k, null, null, 3, null, null, null, 0, "lattice", 0.2,
        DEFAULT_MAX_DISTINCT);
  }

  /** The same stage with Mondrian partitioning (hierarchies optional; no suppression). */
  public KAnonymizeStage mondrian() {
    return new KAnonymizeStage(name, quasiIdentifiers, hierarchies, autoHierarchies, k, l, lVariant, c, t, tDistance, sensitive, 0, "mondrian",
        threshold, maxDistinct);
  }

  /** The same stage with l-diversity ({@code variant}: distinct, entropy, recursive) of {@code column}. */
  public KAnonymizeStage withL(String column, double l, String variant) {
    return new KAnonymizeStage(name, quasiIdentifiers, hierarchies, autoHierarchies, k, l, variant, c, t, tDistance, column, maxSuppression,
        algorithm, threshold, maxDistinct);
  }

  /** The same stage with t-closeness ({@code distance}: equal, ordered) of {@code column}. */
  public KAnonymizeStage withT(String column, double t, String distance) {
    return new KAnonymizeStage(name, quasiIdentifiers, hierarchies, autoHierarchies, k, l, lVariant, c, t, distance, column, maxSuppression,
        algorithm, threshold, maxDistinct);
  }

  /** The same stage with a suppression limit (lattice only). */
  public KAnonymizeStage withMaxSuppression(double rate) {
    return new KAnonymizeStage(name, quasiIdentifiers, hierarchies, autoHierarchies, k, l, lVariant, c, t, tDistance, sensitive, rate,
        algorithm, threshold, maxDistinct);
  }

  /** The same stage with automatic hierarchies of the given level-1 width for columns without a file. */
  public KAnonymizeStage withAutoHierarchies(double width) {
    return new KAnonymizeStage(name, quasiIdentifiers, hierarchies, width, k, l, lVariant, c, t, tDistance, sensitive, maxSuppression,
        algorithm, threshold, maxDistinct);
  }

  /** The same stage with another distinct-tuple limit. */
  public KAnonymizeStage withMaxDistinct(int max) {
    return new KAnonymizeStage(name, quasiIdentifiers, hierarchies, autoHierarchies, k, l, lVariant, c, t, tDistance, sensitive, maxSuppression,
        algorithm, threshold, max);
  }

  /** Validation and spec building shared by the constructor and the planner. */
  private record Check(List<String> qis, int k, Double l, String lVariant, double c, Double t, String tDistance, String sensitive,
      double maxSuppression) {
    AnonymizationSpec spec(Map<String, GeneralizationHierarchy> hierarchies) {
      AnonymizationSpec.Builder b = AnonymizationSpec.builder().quasiIdentifiers(qis).k(k).maxSuppression(maxSuppression);
      hierarchies.forEach(b::hierarchy);
      if (sensitive != null) b.sensitive(sensitive);
      if (l != null) {
        b.lDiversity(LDiversity.of(LDiversity.Variant.parse(lVariant, "lVariant"), l, c));
      }
      if (t != null) {
        b.tCloseness(new TCloseness(t, TCloseness.Distance.parse(tDistance, "tDistance")));
      }
      if (sensitive != null && l == null && t == null) {
        throw new IllegalArgumentException("sensitive is used with l or t only. Provided value: '" + sensitive + "' without l or t");
      }
      return b.build();
    }
  }

  /** The models with these hierarchies (files and automatic ones). */
  AnonymizationSpec anonymizationSpec(Map<String, GeneralizationHierarchy> files, Map<String, GeneralizationHierarchy> auto) {
    Map<String, GeneralizationHierarchy> all = new LinkedHashMap<>(files);
    all.putAll(auto);
    if (algorithm.equals("lattice")) {
      for (String q : quasiIdentifiers) {
        if (!all.containsKey(q)) {
          throw new IllegalArgumentException("hierarchies must hold a hierarchy for every quasi-identifier for the lattice search ("
              + (hierarchies == null ? "no hierarchies folder given" : hierarchies + "/" + q + ".csv or " + hierarchies + "/*hierarchy_" + q + ".csv")
              + "), or set autoHierarchies, or use algorithm mondrian. Provided value: none for '" + q + "'");
        }
      }
    }
    return new Check(quasiIdentifiers, k, l, lVariant, c, t, tDistance, sensitive, maxSuppression).spec(all);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, Object> params() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("quasiIdentifiers", quasiIdentifiers);
    m.put("k", k);
    m.put("algorithm", algorithm);
    if (hierarchies != null) m.put("hierarchies", hierarchies);
    if (autoHierarchies != null) m.put("autoHierarchies", autoHierarchies);
    if (maxSuppression != 0) m.put("maxSuppression", maxSuppression);
    if (sensitive != null) m.put("sensitive", sensitive);
    if (l != null) {
      m.put("l", l);
      m.put("lVariant", lVariant);
      if (lVariant.equals("recursive")) m.put("c", c);
    }
    if (t != null) {
      m.put("t", t);
      m.put("tDistance", tDistance);
    }
    m.put("threshold", threshold);
    m.put("maxDistinct", maxDistinct);
    return m;
  }

  /** Loads the hierarchy files of the quasi-identifiers that have one. */
  Map<String, GeneralizationHierarchy> loadHierarchies() {
    Map<String, GeneralizationHierarchy> out = new LinkedHashMap<>();
    if (hierarchies == null) return out;
    Path dir = Path.of(hierarchies);
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("hierarchies must be a folder. Provided value: " + hierarchies + " (not found)");
    for (String q : quasiIdentifiers) {
      Path direct = dir.resolve(q + ".csv");
      List<Path> found = new ArrayList<>();
      if (Files.isRegularFile(direct)) {
        found.add(direct);
      } else {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*hierarchy_" + q + ".csv")) {
          ds.forEach(found::add);
        } catch (IOException e) {
          throw new UncheckedIOException(hierarchies + ": cannot list the hierarchy folder", e);
        }
      }
      if (found.size() > 1) {
        throw new IllegalArgumentException("hierarchies must hold one hierarchy file per column. Provided value: " + found.size()
            + " files match *hierarchy_" + q + ".csv in " + hierarchies);
      }
      if (found.size() == 1) {
        try {
          out.put(q, GeneralizationHierarchy.load(found.get(0)));
        } catch (HierarchyException e) {
          throw new IllegalArgumentException("invalid hierarchy of column '" + q + "': " + e.getMessage());
        }
      }
    }
    return out;
  }

  @Override
  public StagePlan plan(StageContext ctx) {
    Schema in = ctx.input();
    for (String q : quasiIdentifiers) in.require(q, "kanonymize quasiIdentifiers");
    if (sensitive != null) in.require(sensitive, "kanonymize sensitive");
    Map<String, GeneralizationHierarchy> files = loadHierarchies();
    anonymizationSpec(files, autoHierarchies == null ? Map.of() : placeholders()); // fails now when the lattice lacks a hierarchy
    Schema out = in;
    for (String q : quasiIdentifiers) out = out.replace(q, f -> f.withType(FieldType.STRING));
    List<String> reads = new ArrayList<>(quasiIdentifiers);
    if (sensitive != null) reads.add(sensitive);
    List<FieldLineage> writes = new ArrayList<>();
    String models = new Check(quasiIdentifiers, k, l, lVariant, c, t, tDistance, sensitive, maxSuppression).spec(Map.of()).describeModels();
    for (Field f : in.fields()) {
      if (quasiIdentifiers.contains(f.name())) {
        writes.add(new FieldLineage(f.name(), List.of(f.name()), FieldLineage.Kind.DIRECT, "TRANSFORMATION", true,
            "generalized (" + algorithm + ") for " + models + " over " + quasiIdentifiers));
      } else {
        writes.add(FieldLineage.identity(f.name()));
      }
      writes.add(new FieldLineage(f.name(), reads, FieldLineage.Kind.INDIRECT, "FILTER", false,
          "records of suppressed equivalence classes removed"));
    }
    KanonPlanner planner = KanonPlanner.anonymize(this, in, out, files);
    List<String> notes = List.of(models + " over " + quasiIdentifiers + " by " + algorithm + "; planned at run time from the counts of the "
        + "distinct quasi-identifier tuples (at most " + maxDistinct + ")");
    return new StagePlan(out, List.of(new Op.Frequencies(planner)), new StageDescription(TYPE, name, params(), reads, writes), notes);
  }

  /** Stand-ins for automatic hierarchies at plan time (they are built from the data at run time). */
  private Map<String, GeneralizationHierarchy> placeholders() {
    Map<String, GeneralizationHierarchy> m = new LinkedHashMap<>();
    for (String q : quasiIdentifiers) m.put(q, GeneralizationHierarchy.numeric(q, List.of("0"), 1));
    return m;
  }

  /** Reads the spec form; relative {@code hierarchies} folders are resolved against the spec file's folder. */
  public static final StageProvider PROVIDER = StageProvider.of(TYPE,
      List.of("quasiIdentifiers", "k", "algorithm", "hierarchies", "autoHierarchies", "maxSuppression", "sensitive", "l", "lVariant", "c", "t",
          "tDistance", "threshold", "maxDistinct"),
      "generalize quasi-identifiers (and suppress records) to k-anonymity, optionally l-diversity / t-closeness (lattice or Mondrian)",
      (node, name) -> {
        String what = "stage 'kanonymize'";
        List<String> qis = node.require("quasiIdentifiers", what).asStringList();
        int k = node.require("k", what).asInt(1, Integer.MAX_VALUE);
        String dir = node.get("hierarchies").map(SpecNode::asString).map(h -> resolve(node, h)).orElse(null);
        return new KAnonymizeStage(name, qis, dir, node.get("autoHierarchies").map(SpecNode::asDouble).orElse(null), k,
            node.get("l").map(SpecNode::asDouble).orElse(null), node.get("lVariant").map(SpecNode::asString).orElse(null),
            node.get("c").map(SpecNode::asDouble).orElse(3.0), node.get("t").map(SpecNode::asDouble).orElse(null),
            node.get("tDistance").map(SpecNode::asString).orElse(null), node.get("sensitive").map(SpecNode::asString).orElse(null),
            node.get("maxSuppression").map(SpecNode::asDouble).orElse(0.0), node.get("algorithm").map(SpecNode::asString).orElse(null),
            node.get("threshold").map(SpecNode::asDouble).orElse(0.2),
            node.get("maxDistinct").map(n -> n.asInt(1, Integer.MAX_VALUE - 8)).orElse(DEFAULT_MAX_DISTINCT));
      });

  static String resolve(SpecNode node, String path) {
    Path p = Path.of(path);
    if (p.isAbsolute() || node.file() == null) return path;
    Path spec = Path.of(node.file()).toAbsolutePath();
    return Files.isRegularFile(spec) ? spec.getParent().resolve(p).normalize().toString() : path;
  }
}
