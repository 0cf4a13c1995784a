package dev.veil.privacy.mask;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.core.schema.Schema;
import dev.veil.core.spec.SpecNode;
import dev.veil.core.stage.FieldFunction;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.Op;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StageDescription;
import dev.veil.core.stage.StagePlan;
import dev.veil.core.stage.StageProvider;
import dev.veil.core.stage.StageSpec;
import dev.veil.privacy.detect.Analyzer;
import dev.veil.privacy.detect.AnalyzerConfig;
import dev.veil.privacy.detect.PhoneRecognizer;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Recognizers;
import dev.veil.privacy.detect.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Masks the fields that carry the selected PII tags (by default every PII-tagged field), plus any
 * fields listed explicitly. A structured field is masked whole; a {@code free-text} field has only
 * the spans of the selected entities masked, found again per record by the same recognizers that
 * {@code detect} uses; a free-text field tagged with a class no recognizer can find in text (such as a
 * declared {@code pii:PERSON}) is masked whole, so nothing tagged is left unmasked. Masked fields are tagged {@code masked}; lineage marks them
 * {@code masking: true}.
 *
 * <p>Privacy: masking is irreversible but keeps the length and the kept characters visible; it is
 * not pseudonymization (equal inputs give equal outputs only by accident). A field is only masked if
 * it is tagged, so run {@code detect} first or declare tags. Spec: {@code {type: mask, entities:
 * [EMAIL_ADDRESS], char: '*', keepFirst: 0, keepLast: 4, preserve: "@."}}.
 */
public record MaskStage(String name, List<PiiClass> entities, List<String> columns, MaskOperator operator,
    List<String> regions) implements StageSpec {
  public static final String TYPE = "mask";

  public MaskStage {
    name = name == null ? TYPE : name;
    entities = entities == null ? List.of() : List.copyOf(entities);
    columns = columns == null ? List.of() : List.copyOf(columns);
    regions = regions == null || regions.isEmpty() ? List.of("US") : List.copyOf(regions);
    if (operator == null) {
      throw new IllegalArgumentException("operator must not be null. Provided value: null");
    }
    columns.forEach(Field::checkName);
    new PhoneRecognizer(regions); // validates the regions now, not when a free-text field is planned
  }

  /** Masks every PII-tagged field completely with '*'. */
  public static MaskStage allPii() {
    return new MaskStage(TYPE, List.of(), List.of(), new MaskOperator('*', 0, 0, ""), List.of());
  }

  /** Masks the fields tagged with any of {@code classes}. */
  public static MaskStage of(PiiClass... classes) {
    return new MaskStage(TYPE, List.of(classes), List.of(), new MaskOperator('*', 0, 0, ""), List.of());
  }

  public MaskStage withOperator(MaskOperator op) {
    return new MaskStage(name, entities, columns, op, regions);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, Object> params() {
    Map<String, Object> p = new LinkedHashMap<>();
    if (!entities.isEmpty()) {
      List<String> e = new ArrayList<>();
      entities.forEach(c -> e.add(c.name()));
      p.put("entities", e);
    }
    if (!columns.isEmpty()) p.put("columns", columns);
    p.put("char", new String(Character.toChars(operator.maskChar())));
    p.put("keepFirst", operator.keepFirst());
    p.put("keepLast", operator.keepLast());
    if (!operator.preserve().isEmpty()) p.put("preserve", operator.preserve());
    p.put("regions", regions);
    return p;
  }

  private boolean selects(Field f) {
    if (columns.contains(f.name())) return true;
    if (!f.tags().isPii()) return false;
    if (entities.isEmpty()) return true;
    for (PiiClass c : entities) {
      if (f.tags().piiClasses().contains(c)) return true;
    }
    return false;
  }

  @Override
  public StagePlan plan(StageContext ctx) {
    Schema in = ctx.input();
    for (String c : columns) in.require(c, "mask");
    Schema out = in;
    List<Op> ops = new ArrayList<>();
    List<String> reads = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<FieldLineage> writes = new ArrayList<>();
    for (Field f : in.fields()) {
      if (!selects(f)) {
        writes.add(FieldLineage.identity(f.name()));
        continue;
      }
      if (f.type() != FieldType.STRING) {
        throw new IllegalArgumentException("mask applies to string fields; '" + f.name() + "' is " + f.type().specName()
            + ". Cast it to string first or exclude it");
      }
      FieldFunction fn;
      String how;
      TreeSet<PiiClass> targets = new TreeSet<>(entities.isEmpty() ? f.tags().piiClasses() : entities);
      targets.retainAll(f.tags().piiClasses());
      // fail closed: spans can be masked only for classes a recognizer can find again in each record
      boolean spansFindable = !targets.isEmpty() && Recognizers.SUPPORTED.containsAll(targets);
      if (f.tags().freeText() && !columns.contains(f.name()) && spansFindable) {
        Analyzer analyzer = new Analyzer(Recognizers.forEntities(targets, regions), AnalyzerConfig.defaults());
        MaskOperator op = operator;
        fn = inputs -> maskSpans((String) inputs[0], analyzer, op);
        how = "masked " + targets + " spans in free text";
      } else {
        MaskOperator op = operator;
        fn = inputs -> op.apply((String) inputs[0]);
        how = f.tags().freeText() && !columns.contains(f.name())
            ? "masked whole value (free text tagged " + targets + ", which no span recognizer finds)"
            : "masked whole value";
      }
      reads.add(f.name());
      Field masked = f.withTags(f.tags().withTransform("mask"));
      ops.add(new Op.Compute(List.of(f.name()), masked, fn, false));
      out = out.replace(f.name(), x -> masked);
      writes.add(new FieldLineage(f.name(), List.of(f.name()), FieldLineage.Kind.DIRECT, "TRANSFORMATION", true, how));
      notes.add(f.name() + ": " + how);
    }
    if (reads.isEmpty()) {
      notes.add("no field carries " + (entities.isEmpty() ? "a PII tag" : "the tags " + entities) + "; nothing masked");
    }
    return new StagePlan(out, ops, new StageDescription(TYPE, name, params(), reads, writes), notes);
  }

  /** Masks each span the analyzer finds (with its context scoring and thresholds); overlapping spans are merged. */
  static String maskSpans(String text, Analyzer analyzer, MaskOperator op) {
    if (text == null || text.isEmpty()) return text;
    List<Span> spans = new ArrayList<>(analyzer.analyze(text));
    if (spans.isEmpty()) return text;
    spans.sort((a, b) -> Integer.compare(a.start(), b.start()));
    List<int[]> ranges = new ArrayList<>();
    int coveredTo = -1;
    for (Span s : spans) {
      int start = Math.max(s.start(), coveredTo);
      if (start >= s.end()) continue;
      ranges.add(new int[] {start, s.end()});
      coveredTo = s.end();
    }
    // Last range first: a mask character of another UTF-16 length than the masked one changes the length of the
    // text after the range, which would shift the offsets of every later span.
    String out = text;
    for (int i = ranges.size() - 1; i >= 0; i--) {
      out = op.maskRange(out, ranges.get(i)[0], ranges.get(i)[1]);
    }
    return out;
  }

  public static final StageProvider PROVIDER = StageProvider.of(TYPE, List.of("entities", "columns", "char", "keepFirst", "keepLast", "preserve", "regions"),
      "mask fields by PII tag (whole values, or the PII spans inside free text)",
      (node, name) -> {
        List<PiiClass> ents = new ArrayList<>();
        if (node.get("entities").isPresent()) {
          for (String e : node.get("entities").get().asStringList()) ents.add(PiiClass.of(e.toUpperCase(Locale.ROOT)));
        }
        List<String> cols = node.get("columns").map(SpecNode::asStringList).orElse(List.of());
        int ch = '*';
        if (node.get("char").isPresent()) {
          SpecNode c = node.get("char").get();
          String s = c.asString();
          if (s.codePointCount(0, s.length()) != 1) throw c.error("char must be exactly one character. Provided value: '" + s + "'");
          ch = s.codePointAt(0);
        }
        int first = node.get("keepFirst").map(n -> n.asInt(0, 1_000_000)).orElse(0);
        int last = node.get("keepLast").map(n -> n.asInt(0, 1_000_000)).orElse(0);
        String preserve = node.get("preserve").map(SpecNode::asString).orElse("");
        List<String> regions = node.get("regions").map(SpecNode::asStringList).orElse(List.of());
        return new MaskStage(name, ents, cols, new MaskOperator(ch, first, last, preserve), regions);
      });
}
