package dev.veil.privacy.detect;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.schema.Schema;
import dev.veil.core.spec.SpecNode;
import dev.veil.core.stage.FieldLineage;
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
 * Detects personal data and tags the fields that hold it. Each candidate string field is classified
 * by {@link ColumnClassifier} from its name and the plan-time sample (the same records on every
 * engine, so every engine tags the same fields); a structured field gets its PII class, a free-text
 * field gets the {@code free-text} tag and the classes found inside it. The stage changes tags only,
 * never values, so later stages ({@code mask}, minimization, DP) key off them.
 *
 * <p>Privacy: detection is statistical; a field whose sample holds too few valid values stays
 * untagged. Declare tags in the source for fields you know. The report lists counts only, never
 * values. Spec: {@code {type: detect, columns: [email, phone, notes], entities: [EMAIL_ADDRESS,
 * PHONE_NUMBER], regions: [US], threshold: 0.8}}.
 */
public record DetectStage(String name, List<String> columns, List<PiiClass> entities, List<String> regions,
    double threshold, double hintedThreshold) implements StageSpec {
  public static final String TYPE = "detect";

  public DetectStage {
    name = name == null ? TYPE : name;
    columns = columns == null ? List.of() : List.copyOf(columns);
    entities = entities == null || entities.isEmpty() ? List.of(PiiClass.EMAIL_ADDRESS, PiiClass.PHONE_NUMBER) : List.copyOf(entities);
    regions = regions == null || regions.isEmpty() ? List.of("US") : List.copyOf(regions);
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be > 0 and <= 1. Provided value: " + threshold);
    }
    if (!(hintedThreshold > 0 && hintedThreshold <= threshold)) {
      throw new IllegalArgumentException("hintedThreshold must be > 0 and <= threshold (" + threshold + "). Provided value: " + hintedThreshold);
    }
    Recognizers.forEntities(entities, regions); // validates entities and regions now
    new PhoneRecognizer(regions); // regions too when phone numbers are not among the entities
  }

  /** Detects e-mail addresses and phone numbers (US numbering) in every string field. */
  public static DetectStage defaults() {
    return new DetectStage(TYPE, List.of(), List.of(), List.of(), 0.8, 0.5);
  }

  public DetectStage withColumns(String... cols) {
    return new DetectStage(name, List.of(cols), entities, regions, threshold, hintedThreshold);
  }

  public DetectStage withRegions(String... rs) {
    return new DetectStage(name, columns, entities, List.of(rs), threshold, hintedThreshold);
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
    return p;
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
    ColumnClassifier classifier = new ColumnClassifier(Recognizers.forEntities(entities, regions), threshold, hintedThreshold);
    Schema out = in;
    List<String> notes = new ArrayList<>();
    notes.add(String.format(Locale.ROOT, "classified %d field(s) on a sample of %d record(s)", candidates.size(), ctx.sample().size()));
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
      } else if (cl.freeText()) {
        out = out.replace(c, f -> {
          var t = f.tags().withFreeText(true);
          for (PiiClass p : cl.textEntities()) t = t.withPii(p);
          return f.withTags(t);
        });
      }
    }
    List<FieldLineage> writes = new ArrayList<>();
    for (Field f : out.fields()) {
      writes.add(FieldLineage.identity(f.name()));
    }
    return new StagePlan(out, List.of(), new StageDescription(TYPE, name, params(), candidates, writes), notes);
  }

  public static final StageProvider PROVIDER = StageProvider.of(TYPE, List.of("columns", "entities", "regions", "threshold", "hintedThreshold"),
      "classify columns as PII (e-mail, phone, cards, SSN, IBAN, IP, national ids, ...) or free text with PII, and tag them",
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
        return new DetectStage(name, cols, ents, regions, th, hinted);
      });
}
