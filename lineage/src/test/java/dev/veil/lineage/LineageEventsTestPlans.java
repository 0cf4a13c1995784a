package dev.veil.lineage;

import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PipelinePlanner;
import dev.veil.core.report.RunCounts;
import dev.veil.core.report.RunReport;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.spec.SourceSpec;
import dev.veil.core.stage.builtin.CastStage;
import dev.veil.core.stage.builtin.DropStage;
import dev.veil.core.stage.builtin.FilterStage;
import dev.veil.privacy.detect.DetectStage;
import dev.veil.privacy.mask.MaskStage;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A realistic plan (cast, filter, detect, mask, drop) and run report for lineage tests. */
public final class LineageEventsTestPlans {
  private LineageEventsTestPlans() {}

  public static PipelinePlan demoPlan() {
    Schema source = Schema.of(Field.of("id", FieldType.STRING), Field.of("email", FieldType.STRING),
        Field.of("age", FieldType.STRING), Field.of("notes", FieldType.STRING));
    List<Object[]> sample = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sample.add(new Object[] {"c" + i, "user" + i + "@example.com", Integer.toString(20 + i), "please write to someone" + i + "@example.org soon"});
    }
    PipelineSpec spec = PipelineSpec.builder("customers")
        .source(SourceSpec.csv("/data/in.csv").withTags("id", "privacy-unit"))
        .stage(CastStage.of(Map.of("age", FieldType.LONG)))
        .stage(FilterStage.of("age >= 21"))
        .stage(DetectStage.defaults())
        .stage(MaskStage.allPii())
        .stage(DropStage.of("notes"))
        .sink(SinkSpec.parquet("/data/out"))
        .build();
    return PipelinePlanner.plan(spec, source, List.of("/data/in.csv"), sample);
  }

  public static RunReport report(PipelinePlan plan) {
    RunCounts c = new RunCounts(plan.stages().size());
    c.addRead(100);
    c.addDead(0, 3);
    c.addDead(1, 2);
    c.addFiltered(2, 5);
    return RunReport.of("r", plan, "spark", "Spark 3.5.9 local[2]", Instant.parse("2026-11-25T10:00:00Z"), Duration.ofSeconds(3), c);
  }

}
