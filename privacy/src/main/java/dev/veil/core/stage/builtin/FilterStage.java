package dev.veil.core.stage.builtin;

import dev.veil.core.expr.Expr;
import dev.veil.core.expr.ExprBinder;
import dev.veil.core.expr.ExprParser;
import dev.veil.core.schema.Field;
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
 * Keeps the records for which a boolean expression is true (see {@link ExprParser} for the
 * language; SQL null semantics). Rejected records are counted as <em>filtered</em> in the run report
 * ({@code onReject: drop}, the default) or sent to the dead letter ({@code onReject: dead-letter}).
 * Spec: {@code {type: filter, where: "age >= 18 and country != 'XX'"}}.
 */
public record FilterStage(String name, String where, boolean deadLetterRejected) implements StageSpec {
  public static final String TYPE = "filter";

  public FilterStage {
    name = name == null ? TYPE : name;
    ExprParser.parse(where); // validates the syntax now, not at run time
  }

  public static FilterStage of(String where) {
    return new FilterStage(TYPE, where, false);
  }

  public FilterStage withDeadLetterRejected(boolean b) {
    return new FilterStage(name, where, b);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, Object> params() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("where", where);
    p.put("onReject", deadLetterRejected ? "dead-letter" : "drop");
    return p;
  }

  @Override
  public StagePlan plan(StageContext ctx) {
    Expr bound = ExprBinder.bindBoolean(ExprParser.parse(where), ctx.input());
    List<String> reads = ExprBinder.columns(bound);
    List<FieldLineage> writes = new ArrayList<>();
    for (Field f : ctx.input().fields()) {
      writes.add(FieldLineage.identity(f.name()));
      writes.add(new FieldLineage(f.name(), reads, FieldLineage.Kind.INDIRECT, "FILTER", false, "rows kept where " + where));
    }
    return new StagePlan(ctx.input(), List.of(new Op.Filter(bound, deadLetterRejected)),
        new StageDescription(TYPE, name, params(), reads, writes), List.of());
  }

  public static final StageProvider PROVIDER = StageProvider.of(TYPE, List.of("where", "onReject"),
      "keep records where an expression is true, like \"age >= 18 and country in ('DE', 'FR')\"",
      (node, name) -> {
        SpecNode w = node.require("where", "stage 'filter'");
        String where = w.asString();
        try {
          ExprParser.parse(where);
        } catch (IllegalArgumentException e) {
          throw w.error(e.getMessage());
        }
        boolean dl = false;
        if (node.get("onReject").isPresent()) {
          SpecNode r = node.get("onReject").get();
          switch (r.asString().toLowerCase(Locale.ROOT)) {
            case "drop": dl = false; break;
            case "dead-letter": dl = true; break;
            default: throw r.error("onReject must be 'drop' or 'dead-letter'. Provided value: '" + r.asString() + "'");
          }
        }
        return new FilterStage(name, where, dl);
      });
}
