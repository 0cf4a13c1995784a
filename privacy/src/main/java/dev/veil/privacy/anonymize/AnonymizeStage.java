package dev.veil.privacy.anonymize;

import dev.veil.core.error.RecordException;
import dev.veil.core.expr.Expr;
import dev.veil.core.expr.ExprBinder;
import dev.veil.core.expr.ExprParser;
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
import dev.veil.privacy.detect.PhoneRecognizer;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Recognizers;
import dev.veil.privacy.detect.Span;
import dev.veil.privacy.keys.KeysetRef;
import dev.veil.privacy.keys.MasterKeySource;
import dev.veil.privacy.keys.VeilKeyset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Anonymizes fields with per-column or per-PII-tag operators (see {@link Operators} and
 * docs/anonymization.md). A listed column gets its operator on the whole value. Otherwise a field
 * carrying a configured PII tag gets that tag's operator: on the whole value for a structured
 * field, and on each detected span for a {@code free-text} field (spans found per record by the
 * recognizers of {@code detect}); a free-text field tagged with a class no recognizer finds is
 * transformed whole (fail closed, as in {@code mask}). Transformed fields are tagged {@code masked};
 * lineage marks them {@code masking: true} and describes the operator, its domain and key id.
 *
 * <p>Spec: {@code {type: anonymize, keyset: keys.json, masterKey: env:VEIL_MASTER_KEY, columns:
 * {email: {op: tokenize, domain: customer}, card: {op: ff1, alphabet: digits, luhn: true}}, tags:
 * {EMAIL_ADDRESS: {op: hash}}}}. Keyed operators pin the keyset's primary key id at plan time, so
 * every worker uses the same key even if the keyset is rotated during the run. Record suppression
 * ({@code {op: suppress, record: true, when: "<expr>"}}) compiles to a filter before the transforms.
 *
 * <p>Privacy: each operator's guarantee is in its class comment. The stage reads the keyset when
 * planned (so a missing or wrong master key fails before any output), and each worker reads it
 * again; no key material is serialized, described or logged. A value an operator cannot transform
 * dead-letters its record with reason {@code ANONYMIZE_FAILED}, naming the column and value class,
 * never the value. Immutable and thread-safe.
 */
public record AnonymizeStage(String name, Map<String, Map<String, String>> columns, Map<String, Map<String, String>> tags,
    String keyset, String masterKey, List<String> regions) implements StageSpec {
  public static final String TYPE = "anonymize";
  /** Dead-letter reason of a value an operator cannot transform. */
  public static final String ANONYMIZE_FAILED = "ANONYMIZE_FAILED";

  public AnonymizeStage {
    name = name == null ? TYPE : name;
    columns = freeze(columns);
    Map<String, Map<String, String>> t = new LinkedHashMap<>();
    if (tags != null) tags.forEach((k, v) -> t.put(PiiClass.of(k.toUpperCase(Locale.ROOT)).name(), v));
    tags = freeze(t);
    regions = regions == null || regions.isEmpty() ? List.of("US") : List.copyOf(regions);
    if (columns.isEmpty() && tags.isEmpty()) {
      throw new IllegalArgumentException("columns and tags must not both be empty. Provided value: {}, {}");
    }
    columns.keySet().forEach(Field::checkName);
    boolean keyed = false;
    for (Map.Entry<String, Map<String, String>> e : columns.entrySet()) keyed |= check(e.getValue(), "column '" + e.getKey() + "'");
    for (Map.Entry<String, Map<String, String>> e : tags.entrySet()) {
      keyed |= check(e.getValue(), "tag " + e.getKey());
      String op = e.getValue().get("op");
      if (op.equals("dateshift") || op.equals("suppress") && "true".equalsIgnoreCase(e.getValue().get("record"))) {
        throw new IllegalArgumentException("tag " + e.getKey() + ": " + op + " with these parameters applies only to columns; list the column");
      }
    }
    if (keyed && keyset == null) {
      throw new IllegalArgumentException("keyset must be set when an operator is keyed (hash, tokenize, ff1, dateshift). Provided value: null");
    }
    if (masterKey != null) MasterKeySource.parse(masterKey);
    new PhoneRecognizer(regions);
  }

  private static boolean check(Map<String, String> cfg, String where) {
    try {
      Operators.validate(cfg);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    return Operators.KEYED.contains(cfg.get("op"));
  }

  private static Map<String, Map<String, String>> freeze(Map<String, Map<String, String>> m) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    if (m != null) m.forEach((k, v) -> out.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    return Collections.unmodifiableMap(out);
  }

  /** A stage from column operators only. */
  public static AnonymizeStage ofColumns(Map<String, Map<String, String>> columns, String keyset, String masterKey) {
    return new AnonymizeStage(TYPE, columns, Map.of(), keyset, masterKey, List.of());
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, Object> params() {
    Map<String, Object> p = new LinkedHashMap<>();
    if (!columns.isEmpty()) p.put("columns", columns);
    if (!tags.isEmpty()) p.put("tags", tags);
    if (keyset != null) p.put("keyset", keyset);
    if (masterKey != null) p.put("masterKey", masterKey);
    p.put("regions", regions);
    return p;
  }

  private KeysetRef ref() {
    return keyset == null ? null : new KeysetRef(keyset, masterKey == null ? MasterKeySource.defaultSource() : MasterKeySource.parse(masterKey));
  }

  @Override
  public StagePlan plan(StageContext ctx) {
    Schema in = ctx.input();
    for (String c : columns.keySet()) in.require(c, TYPE);
    KeysetRef ref = ref();
    VeilKeyset[] loaded = new VeilKeyset[1];
    Supplier<VeilKeyset> ks = () -> {
      if (loaded[0] == null) loaded[0] = ref.load();
      return loaded[0];
    };
    List<Op> filters = new ArrayList<>();
    List<Op> computes = new ArrayList<>();
    List<String> reads = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<FieldLineage> writes = new ArrayList<>();
    Schema out = in;
    Map<PiiClass, AnonymizeOperator> tagOps = new TreeMap<>();
    for (Map.Entry<String, Map<String, String>> e : tags.entrySet()) {
      tagOps.put(PiiClass.of(e.getKey()), build(e.getValue(), ref, ks, "tag " + e.getKey()));
    }
    for (Field f : in.fields()) {
      String col = f.name();
      AnonymizeOperator whole = null;
      Map<PiiClass, AnonymizeOperator> spanOps = null;
      if (columns.containsKey(col)) {
        whole = build(columns.get(col), ref, ks, "column '" + col + "'");
      } else {
        TreeSet<PiiClass> targets = new TreeSet<>(f.tags().piiClasses());
        targets.retainAll(tagOps.keySet());
        if (!targets.isEmpty()) {
          boolean findable = Recognizers.SUPPORTED.containsAll(targets);
          if (f.tags().freeText() && findable) {
            spanOps = new TreeMap<>();
            for (PiiClass c : targets) {
              AnonymizeOperator op = tagOps.get(c);
              if (!op.textual()) {
                throw new IllegalArgumentException("tag " + c.name() + ": operator " + op.op()
                    + " cannot transform spans inside free-text field '" + col + "'; use redact, replace, mask, hash, tokenize or ff1");
              }
              spanOps.put(c, op);
            }
          } else {
            whole = tagOps.get(targets.first());
          }
        }
      }
      if (whole == null && spanOps == null) {
        writes.add(FieldLineage.identity(col));
        continue;
      }
      String valueClass = f.tags().piiClasses().isEmpty() ? f.type().specName() : f.tags().piiClasses().toString();
      if (whole instanceof Suppress s && s.record()) {
        Expr keep = s.when() == null ? new Expr.IsNull(new Expr.Column(col), false)
            : new Expr.Not(ExprBinder.bindBoolean(ExprParser.parse(s.when()), in));
        filters.add(new Op.Filter(keep, false));
        reads.add(col);
        String how = "records dropped " + (s.when() == null ? "when '" + col + "' has a value" : "when (" + s.when() + ") is true or unknown");
        writes.add(new FieldLineage(col, List.of(col), FieldLineage.Kind.INDIRECT, "FILTER", true, how));
        notes.add(col + ": " + how);
        continue;
      }
      FieldType outType;
      String how;
      FieldFunction fn;
      List<String> inputs = new ArrayList<>(List.of(col));
      if (spanOps != null) {
        outType = f.type();
        dev.veil.privacy.detect.Analyzer analyzer = new dev.veil.privacy.detect.Analyzer(
            Recognizers.forEntities(spanOps.keySet(), regions), dev.veil.privacy.detect.AnalyzerConfig.defaults());
        Map<PiiClass, AnonymizeOperator> ops = spanOps;
        fn = inputs1 -> {
          try {
            return applySpans((String) inputs1[0], analyzer, ops);
          } catch (UnencodableValueException e) {
            throw failed(col, valueClass, e);
          }
        };
        StringBuilder sb = new StringBuilder();
        ops.forEach((c, op) -> sb.append(sb.length() == 0 ? "" : "; ").append(c.name()).append(" spans: ").append(describe(op)));
        how = "anonymized spans in free text (" + sb + ")";
      } else {
        try {
          outType = whole.outputType(f.type());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("anonymize column '" + col + "': " + e.getMessage(), e);
        }
        AnonymizeOperator op = whole;
        PiiClass entity = f.tags().piiClasses().isEmpty() ? null : f.tags().piiClasses().first();
        if (op instanceof DateShift ds) {
          in.require(ds.subject(), TYPE + " dateshift subject");
          inputs.add(ds.subject());
          fn = v -> {
            try {
              return ds.shift(v[0], v[1]);
            } catch (UnencodableValueException e) {
              throw failed(col, valueClass, e);
            }
          };
        } else {
          fn = v -> {
            try {
              return op.apply(v[0], entity);
            } catch (UnencodableValueException e) {
              throw failed(col, valueClass, e);
            }
          };
        }
        how = describe(op);
      }
      dev.veil.core.schema.Tags tags = f.tags();
      for (AnonymizeOperator applied : spanOps != null ? spanOps.values() : List.of(whole)) tags = tags.withTransform(applied.op());
      Field changed = new Field(col, outType, f.nullable() || whole instanceof Suppress, tags);
      computes.add(new Op.Compute(inputs, changed, fn, true));
      out = out.replace(col, x -> changed);
      reads.addAll(inputs);
      writes.add(new FieldLineage(col, inputs, FieldLineage.Kind.DIRECT, "TRANSFORMATION", true, how));
      notes.add(col + ": " + how);
    }
    if (reads.isEmpty()) notes.add("no field matches the configured columns or tags; nothing anonymized");
    List<Op> ops = new ArrayList<>(filters);
    ops.addAll(computes);
    return new StagePlan(out, ops, new StageDescription(TYPE, name, params(), new ArrayList<>(new java.util.LinkedHashSet<>(reads)), writes),
        notes);
  }

  private static AnonymizeOperator build(Map<String, String> cfg, KeysetRef ref, Supplier<VeilKeyset> ks, String where) {
    try {
      return Operators.build(cfg, ref, ks);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static RecordException failed(String col, String valueClass, UnencodableValueException e) {
    return new RecordException(ANONYMIZE_FAILED, col, "column '" + col + "' (value class " + valueClass + "): " + e.getMessage());
  }

  /** An operator and its parameters in words, for lineage: never key material. */
  static String describe(AnonymizeOperator op) {
    Map<String, Object> d = new LinkedHashMap<>(op.describe());
    d.remove("op");
    return op.op() + (d.isEmpty() ? "" : " " + d);
  }

  /** Applies {@code ops} to each span the analyzer finds (non-overlapping, after context scoring and thresholds). */
  static String applySpans(String text, dev.veil.privacy.detect.Analyzer analyzer, Map<PiiClass, AnonymizeOperator> ops) {
    if (text == null || text.isEmpty()) return text;
    List<Span> spans = new ArrayList<>(analyzer.analyze(text));
    if (spans.isEmpty()) return text;
    spans.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(b.end(), a.end()));
    List<Span> merged = new ArrayList<>();
    for (Span s : spans) {
      Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && s.start() < last.end()) {
        if (s.end() > last.end()) {
          merged.set(merged.size() - 1, new Span(last.entity(), last.start(), s.end(), last.score(), last.recognizer(), last.explanation()));
        }
      } else {
        merged.add(s);
      }
    }
    StringBuilder sb = new StringBuilder(text);
    for (int i = merged.size() - 1; i >= 0; i--) {
      Span s = merged.get(i);
      AnonymizeOperator op = ops.get(s.entity());
      if (op == null) continue;
      sb.replace(s.start(), s.end(), (String) op.apply(text.substring(s.start(), s.end()), s.entity()));
    }
    return sb.toString();
  }

  /** Reads the stage from its spec form. Register in {@code StageRegistry.builtIn()}. */
  public static final StageProvider PROVIDER = StageProvider.of(TYPE, List.of("columns", "tags", "keyset", "masterKey", "regions"),
      "anonymize fields per column or PII tag: redact, replace, mask, hash, tokenize, ff1, generalize, dateshift, suppress, topcode",
      (node, name) -> {
        Map<String, Map<String, String>> cols = opsOf(node, "columns");
        Map<String, Map<String, String>> tg = opsOf(node, "tags");
        String ks = relative(node, node.get("keyset").map(SpecNode::asString).orElse(null));
        String mk = node.get("masterKey").map(SpecNode::asString).orElse(null);
        if (mk != null && mk.startsWith("file:")) mk = "file:" + relative(node, mk.substring("file:".length()));
        List<String> regions = node.get("regions").map(SpecNode::asStringList).orElse(List.of());
        try {
          return new AnonymizeStage(name, cols, tg, ks, mk, regions);
        } catch (IllegalArgumentException e) {
          throw node.error(e.getMessage());
        }
      });

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

  private static Map<String, Map<String, String>> opsOf(SpecNode node, String key) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    if (node.get(key).isEmpty()) return out;
    for (Map.Entry<String, SpecNode> e : node.get(key).get().asMap().entrySet()) {
      Map<String, String> cfg = new LinkedHashMap<>();
      SpecNode v = e.getValue();
      if (v.isScalar()) {
        cfg.put("op", v.asString());
      } else {
        for (Map.Entry<String, SpecNode> p : v.asMap().entrySet()) {
          if (!p.getValue().isNull()) cfg.put(p.getKey(), p.getValue().asString());
        }
      }
      try {
        Operators.validate(cfg);
      } catch (IllegalArgumentException ex) {
        throw v.error(key + "." + e.getKey() + ": " + ex.getMessage());
      }
      out.put(e.getKey(), cfg);
    }
    return out;
  }
}
