package dev.veil.privacy.detect;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Detects personal data and tags the fields that hold it, then counts what it finds in every record.
 *
 * <p><b>Plan time.</b> Each candidate string field is classified by {@link ColumnClassifier} from
 * its name and the plan-time sample (the same records on every engine, so every engine tags the same
 * fields): a structured field gets its PII class; a free-text field gets the {@code free-text} tag
 * and the classes the {@link Analyzer} finds inside it. Tags drive the later stages ({@code mask},
 * minimization, DP).
 *
 * <p><b>Run time.</b> Unless {@code countFindings} is off, an {@link dev.veil.core.stage.Op.Inspect}
 * runs over every record: a structured field's value is counted when it validates as the field's
 * entity, a free-text field's spans are counted per entity type. The run report lists these counts
 * per {@code column/ENTITY}; with {@code findings: DIR}, every finding is also written as a JSON
 * line (source file and line, column, entity, code-point offsets, score). Values never appear in
 * either. Records are not changed.
 *
 * <p>Custom recognizers, context words, thresholds and allow lists come from a detection config file
 * ({@code config:}, see {@link DetectionConfig}).
 *
 * <p>Privacy: classification is statistical; a field whose sample holds too few valid values stays
 * untagged. Declare tags in the source for fields you know. Spec: {@code {type: detect, columns:
 * [email, phone, notes], entities: [EMAIL_ADDRESS, PHONE_NUMBER], regions: [US], threshold: 0.8,
 * config: detect.yaml, findings: out/findings}}; without {@code entities} every built-in type is
 * detected.
 */
public record DetectStage(String name, List<String> columns, List<PiiClass> entities, List<String> regions,
    double threshold, double hintedThreshold, String config, String findings, boolean countFindings) implements StageSpec {
  public static final String TYPE = "detect";

  public DetectStage {
    name = name == null ? TYPE : name;
    columns = columns == null ? List.of() : List.copyOf(columns);
    entities = entities == null || entities.isEmpty() ? List.copyOf(new java.util.TreeSet<>(Recognizers.SUPPORTED)) : List.copyOf(entities);
    regions = regions == null || regions.isEmpty() ? List.of("US") : List.copyOf(regions);
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be > 0 and <= 1. Provided value: " + threshold);
    }
    if (!(hintedThreshold > 0 && hintedThreshold <= threshold)) {
      throw new IllegalArgumentException("hintedThreshold must be > 0 and <= threshold (" + threshold + "). Provided value: " + hintedThreshold);
    }
    Recognizers.forEntities(entities, regions); // validates entities and regions now
    new PhoneRecognizer(regions); // regions too when phone numbers are not among the entities
    if (findings != null && findings.isBlank()) findings = null;
    if (config != null && config.isBlank()) config = null;
    if (findings != null && !countFindings) {
      throw new IllegalArgumentException("findings needs countFindings: a findings dataset is written by the per-record inspection");
    }
  }

  /** Every built-in entity type, default regions and thresholds, findings counted. */
  public DetectStage(String name, List<String> columns, List<PiiClass> entities, List<String> regions, double threshold,
      double hintedThreshold) {
    this(name, columns, entities, regions, threshold, hintedThreshold, null, null, true);
  }

  /** Detects every built-in entity type (US numbering for phones) in every string field. */
  public static DetectStage defaults() {
    return new DetectStage(TYPE, List.of(), List.of(), List.of(), 0.8, 0.5);
  }

  public DetectStage withColumns(String... cols) {
    return new DetectStage(name, List.of(cols), entities, regions, threshold, hintedThreshold, config, findings, countFindings);
  }

  public DetectStage withRegions(String... rs) {
    return new DetectStage(name, columns, entities, List.of(rs), threshold, hintedThreshold, config, findings, countFindings);
  }

  /** Reads custom recognizers and analyzer settings from a {@link DetectionConfig} file. */
  public DetectStage withConfig(String path) {
    return new DetectStage(name, columns, entities, regions, threshold, hintedThreshold, path, findings, countFindings);
  }

  /** Writes every finding as a JSON line under {@code dir}. */
  public DetectStage withFindings(String dir) {
    return new DetectStage(name, columns, entities, regions, threshold, hintedThreshold, config, dir, true);
  }

  /** Counts findings but writes no findings dataset. */
  public DetectStage withoutFindingsDataset() {
    return new DetectStage(name, columns, entities, regions, threshold, hintedThreshold, config, null, countFindings);
  }

  /** Tags from the sample only, without the per-record inspection (faster; no findings counts). */
  public DetectStage withoutCounting() {
    return new DetectStage(name, columns, entities, regions, threshold, hintedThreshold, config, null, false);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, Object> params() {
    Map<String, Object> p = new LinkedHashMap<>();
    if (!columns.isEmpty()) p.put("columns", columns);
    List<String> ents = new ArrayList<>();
    entities.forEach(e -> ents.add(e.name()));
    p.put("entities", ents);
    p.put("regions", regions);
    p.put("threshold", threshold);
    p.put("hintedThreshold", hintedThreshold);
    if (config != null) p.put("config", config);
    if (findings != null) p.put("findings", findings);
    if (!countFindings) p.put("countFindings", false);
    return p;
  }

  /** The detection config this stage uses: its file's, or the defaults. */
  public DetectionConfig detectionConfig() {
    return config == null ? DetectionConfig.defaults() : DetectionConfig.load(java.nio.file.Path.of(config));
  }

  @Override
  public StagePlan plan(StageContext ctx) {
    Schema in = ctx.input();
    List<String> candidates = new ArrayList<>();
    if (columns.isEmpty()) {
      for (Field f : in.fields()) {
        if (f.type() == FieldType.STRING) candidates.add(f.name());
      }
    } else {
      for (String c : columns) {
        Field f = in.require(c, "detect");
        if (f.type() != FieldType.STRING) {
          throw new IllegalArgumentException("columns must name string fields; '" + c + "' is " + f.type().specName());
        }
        candidates.add(c);
      }
    }
    DetectionConfig dc = detectionConfig();
    List<Recognizer> recognizers = new ArrayList<>(Recognizers.forEntities(entities, regions));
    recognizers.addAll(dc.recognizers());
    Analyzer analyzer = new Analyzer(recognizers, dc.analyzer());
    ColumnClassifier classifier = new ColumnClassifier(recognizers, analyzer, threshold, hintedThreshold);
    Schema out = in;
    List<String> notes = new ArrayList<>();
    notes.add(String.format(Locale.ROOT, "classified %d field(s) on a sample of %d record(s)", candidates.size(), ctx.sample().size()));
    List<DetectInspector.Target> targets = new ArrayList<>();
    for (String c : candidates) {
      int idx = in.indexOf(c);
      List<String> values = new ArrayList<>(ctx.sample().size());
      for (Object[] row : ctx.sample()) {
        values.add((String) row[idx]);
      }
      ColumnClassifier.Classification cl = classifier.classify(c, values);
      notes.add(cl.describe());
      if (cl.entity() != null) {
        out = out.replace(c, f -> f.withTags(f.tags().withPii(cl.entity())));
        for (Recognizer r : recognizers) {
          if (r.entity().equals(cl.entity())) {
            targets.add(new DetectInspector.Target(c, r, null));
            break;
          }
        }
      } else if (cl.freeText()) {
        out = out.replace(c, f -> {
          var t = f.tags().withFreeText(true);
          for (PiiClass p : cl.textEntities()) t = t.withPii(p);
          return f.withTags(t);
        });
        targets.add(new DetectInspector.Target(c, null, analyzer));
      }
    }
    List<FieldLineage> writes = new ArrayList<>();
    for (Field f : out.fields()) {
      writes.add(FieldLineage.identity(f.name()));
    }
    List<Op> ops = new ArrayList<>();
    if (countFindings && !targets.isEmpty()) {
      List<String> inputs = targets.stream().map(DetectInspector.Target::column).toList();
      ops.add(new Op.Inspect(inputs, new DetectInspector(targets), findings));
      notes.add("counting findings in every record over " + inputs + (findings == null ? "" : "; findings written to " + findings));
    }
    return new StagePlan(out, ops, new StageDescription(TYPE, name, params(), candidates, writes), notes);
  }

  /** A relative path resolves against the spec file's directory, like the sink's. */
  private static String relative(SpecNode node, String path) {
    if (path == null || path.isBlank()) return path;
    java.nio.file.Path p = java.nio.file.Path.of(path);
    if (p.isAbsolute() || node.file() == null) return path;
    java.nio.file.Path spec = java.nio.file.Path.of(node.file());
    if (!java.nio.file.Files.isRegularFile(spec)) return path;
    java.nio.file.Path base = spec.toAbsolutePath().getParent();
    return base == null ? path : base.resolve(p).normalize().toString();
  }

  public static final StageProvider PROVIDER = StageProvider.of(TYPE,
      List.of("columns", "entities", "regions", "threshold", "hintedThreshold", "config", "findings", "countFindings"),
      "classify columns as PII (e-mail, phone, cards, SSN, IBAN, IP, national ids, ...) or free text with PII, tag them, and count findings",
      (node, name) -> {
        List<String> cols = node.get("columns").map(SpecNode::asStringList).orElse(List.of());
        List<PiiClass> ents = new ArrayList<>();
        if (node.get("entities").isPresent()) {
          for (String e : node.get("entities").get().asStringList()) {
            ents.add(PiiClass.of(e.toUpperCase(Locale.ROOT)));
          }
        }
        List<String> regions = node.get("regions").map(SpecNode::asStringList).orElse(List.of());
        double th = node.get("threshold").map(SpecNode::asDouble).orElse(0.8);
        double hinted = node.get("hintedThreshold").map(SpecNode::asDouble).orElse(Math.min(0.5, th));
        String config = relative(node, node.get("config").map(SpecNode::asString).orElse(null));
        if (config != null) {
          DetectionConfig.load(java.nio.file.Path.of(config)); // fail at spec time, naming the config file's line
        }
        String findings = relative(node, node.get("findings").map(SpecNode::asString).orElse(null));
        boolean count = node.get("countFindings").map(SpecNode::asBoolean).orElse(true);
        return new DetectStage(name, cols, ents, regions, th, hinted, config, findings, count);
      });
}
