package dev.veil.core.stage.builtin;

import dev.veil.core.schema.Field;
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
 * Removes the listed fields. A listed field that does not exist is a planning error (a typo would
 * otherwise let PII through). Dropping every field is an error too. Spec:
 * {@code {type: drop, columns: [notes]}}.
 */
public record DropStage(String name, List<String> columns) implements StageSpec {
  public static final String TYPE = "drop";

  public DropStage {
    name = name == null ? TYPE : name;
    columns = Names.checkColumns(columns, "columns");
  }

  public static DropStage of(String... columns) {
    return new DropStage(TYPE, List.of(columns));
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
    for (String c : columns) {
      ctx.input().require(c, "drop");
    }
    List<String> keep = new ArrayList<>();
    List<FieldLineage> writes = new ArrayList<>();
    for (Field f : ctx.input().fields()) {
      if (!columns.contains(f.name())) {
        keep.add(f.name());
        writes.add(FieldLineage.identity(f.name()));
      }
    }
    if (keep.isEmpty()) {
      throw new IllegalArgumentException("columns must leave at least one field. Provided value: " + columns + " drops all of " + ctx.input().names());
    }
    return new StagePlan(ctx.input().project(keep), List.of(new Op.Project(keep)),
        new StageDescription(TYPE, name, params(), keep, writes), List.of("dropped " + columns));
  }

  public static final StageProvider PROVIDER = StageProvider.of(TYPE, List.of("columns"),
      "remove the listed columns",
      (node, name) -> {
        return new DropStage(name, node.require("columns", "stage 'drop'").asStringList());
      });
}
