package dev.veil.core.stage.builtin;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Values;
import dev.veil.core.spec.SpecNode;
import dev.veil.core.stage.FieldFunction;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.Op;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StageDescription;
import dev.veil.core.stage.StagePlan;
import dev.veil.core.stage.StageProvider;
import dev.veil.core.stage.StageSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts fields to new types with the text rules of {@link Values}. A value that does not convert
 * sends its record to the dead letter with {@code CAST_FAILED}, naming the field; tags are kept.
 * With {@code emptyAsNull} (the default) an empty or blank string becomes null instead of failing.
 * Spec: {@code {type: cast, columns: {age: long, signup: date}, emptyAsNull: true}}.
 */
public record CastStage(String name, Map<String, FieldType> columns, boolean emptyAsNull) implements StageSpec {
  public static final String TYPE = "cast";

  public CastStage {
    name = name == null ? TYPE : name;
    if (columns == null || columns.isEmpty()) {
      throw new IllegalArgumentException("columns must map at least one field to a type. Provided value: " + columns);
    }
    Names.checkColumns(new ArrayList<>(columns.keySet()), "columns");
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  public static CastStage of(Map<String, FieldType> columns) {
    return new CastStage(TYPE, columns, true);
  }

  public CastStage withEmptyAsNull(boolean b) {
    return new CastStage(name, columns, b);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, Object> params() {
    Map<String, Object> cols = new LinkedHashMap<>();
    columns.forEach((k, v) -> cols.put(k, v.specName()));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("columns", cols);
    p.put("emptyAsNull", emptyAsNull);
    return p;
  }

  @Override
  public StagePlan plan(StageContext ctx) {
    Schema out = ctx.input();
    List<Op> ops = new ArrayList<>();
    List<FieldLineage> writes = new ArrayList<>();
    for (Map.Entry<String, FieldType> e : columns.entrySet()) {
      String col = e.getKey();
      FieldType to = e.getValue();
      Field in = ctx.input().require(col, "cast");
      FieldType from = in.type();
      if (!Values.canConvert(from, to)) {
        throw new IllegalArgumentException("cast from " + from.specName() + " to " + to.specName()
            + " is not supported for field '" + col + "'. Supported: string to any type, any type to string,"
            + " long<->double, date<->timestamp, boolean to long");
      }
      out = out.replace(col, f -> f.withType(to));
      if (from != to) {
        ops.add(new Op.Compute(List.of(col), in.withType(to), converter(col, from, to, emptyAsNull), true));
      }
    }
    for (Field f : out.fields()) {
      FieldType target = columns.get(f.name());
      writes.add(target == null
          ? FieldLineage.identity(f.name())
          : new FieldLineage(f.name(), List.of(f.name()), FieldLineage.Kind.DIRECT, "TRANSFORMATION", false,
              "cast to " + target.specName()));
    }
    return new StagePlan(out, ops, new StageDescription(TYPE, name, params(), new ArrayList<>(columns.keySet()), writes), List.of());
  }

  private static FieldFunction converter(String col, FieldType from, FieldType to, boolean emptyAsNull) {
    return in -> {
      Object v = in[0];
      if (v == null) return null;
      if (emptyAsNull && from == FieldType.STRING && to != FieldType.STRING && ((String) v).isBlank()) return null;
      return Values.convert(v, from, to, col);
    };
  }

  public static final StageProvider PROVIDER = StageProvider.of(TYPE, List.of("columns", "emptyAsNull"),
      "convert columns to long, double, boolean, date, timestamp or string; unconvertible records go to the dead letter",
      (node, name) -> {
        Map<String, FieldType> cols = new LinkedHashMap<>();
        for (Map.Entry<String, SpecNode> e : node.require("columns", "stage 'cast'").asMap().entrySet()) {
          try {
            cols.put(e.getKey(), FieldType.fromSpecName(e.getValue().asString()));
          } catch (IllegalArgumentException ex) {
            throw e.getValue().error(ex.getMessage());
          }
        }
        boolean empty = node.get("emptyAsNull").map(SpecNode::asBoolean).orElse(true);
        return new CastStage(name, cols, empty);
      });
}
