package dev.veil.core.stage.builtin;

import dev.veil.core.schema.Schema;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.Op;
import dev.veil.core.stage.StageContext;
import dev.veil.core.stage.StageDescription;
import dev.veil.core.stage.StagePlan;
import dev.veil.core.stage.StageProvider;
import dev.veil.core.stage.StageSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps only the listed fields, in the listed order, with their tags. A listed field that does not
 * exist is a planning error. Spec: {@code {type: select, columns: [a, b]}}.
 */
public record SelectStage(String name, List<String> columns) implements StageSpec {
  public static final String TYPE = "select";

  public SelectStage {
    name = name == null ? TYPE : name;
    columns = Names.checkColumns(columns, "columns");
  }

  public static SelectStage of(String... columns) {
    return new SelectStage(TYPE, List.of(columns));
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, Object> params() {
    return Map.of("columns", columns);
  }

  @Override
  public StagePlan plan(StageContext ctx) {
    Schema out = ctx.input().project(columns);
    List<FieldLineage> writes = new ArrayList<>();
    for (String c : columns) {
      writes.add(FieldLineage.identity(c));
    }
    return new StagePlan(out, List.of(new Op.Project(columns)),
        new StageDescription(TYPE, name, params(), columns, writes), List.of());
  }

  public static final StageProvider PROVIDER = StageProvider.of(TYPE, List.of("columns"),
      "keep only the listed columns, in that order",
      (node, name) -> {
        return new SelectStage(name, node.require("columns", "stage 'select'").asStringList());
      });
}
