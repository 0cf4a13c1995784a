package dev.veil.core.spec;

import dev.veil.core.stage.StageSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole pipeline: a source, an ordered list of stages, a sink, where dead letters and the run
 * report go, and the engine. Written as YAML (see {@link PipelineSpecs}) or built in Java:
 *
 * <pre>{@code
 * PipelineSpec spec = PipelineSpec.builder("customers")
 *     .source(SourceSpec.csv("people.csv").withTags("customer_id", "privacy-unit"))
 *     .stage(CastStage.of(Map.of("age", FieldType.LONG)))
 *     .stage(FilterStage.of("age >= 18"))
 *     .stage(DetectStage.defaults())
 *     .stage(MaskStage.allPii())
 *     .sink(SinkSpec.parquet("out/customers"))
 *     .build();
 * }</pre>
 *
 * Immutable. {@link Builder#build()} checks every part; stages are checked against the data when
 * the pipeline is planned, before any engine starts.
 *
 * @param deadLetterPath directory of JSON-lines dead-letter records; defaults to the sink path plus
 *     {@code -dead-letter}
 * @param reportPath the run report (JSON); defaults to the sink path plus {@code -report.json}
 * @param sampleRows how many leading source records stages that look at data (detect) see
 */
public record PipelineSpec(String name, Engine engine, SourceSpec source, List<StageSpec> stages, SinkSpec sink,
    String deadLetterPath, String reportPath, int sampleRows) implements Serializable {

  public PipelineSpec {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
      throw new IllegalArgumentException("name must be letters, digits, '_', '.', '-' (at most 128). Provided value: '" + name + "'");
    }
    if (engine == null) engine = Engine.SPARK;
    if (source == null) throw new IllegalArgumentException("source must not be null. Provided value: null");
    if (sink == null) throw new IllegalArgumentException("sink must not be null. Provided value: null");
    stages = List.copyOf(stages == null ? List.of() : stages);
    deadLetterPath = deadLetterPath == null ? sink.path() + "-dead-letter" : deadLetterPath;
    reportPath = reportPath == null ? sink.path() + "-report.json" : reportPath;
    if (sampleRows < 1 || sampleRows > 1_000_000) {
      throw new IllegalArgumentException("sampleRows must be >= 1 and <= 1000000. Provided value: " + sampleRows);
    }
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public PipelineSpec withEngine(Engine e) {
    return new PipelineSpec(name, e, source, stages, sink, deadLetterPath, reportPath, sampleRows);
  }

  public PipelineSpec withSink(SinkSpec s) {
    return new PipelineSpec(name, engine, source, stages, s, null, null, sampleRows);
  }

  public PipelineSpec withSource(SourceSpec s) {
    return new PipelineSpec(name, engine, s, stages, sink, deadLetterPath, reportPath, sampleRows);
  }

  /** The spec form, ready for YAML or JSON. */
  public Map<String, Object> toParams() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", name);
    p.put("engine", engine.specName());
    p.put("source", source.toParams());
    List<Object> st = new ArrayList<>();
    for (StageSpec s : stages) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", s.type());
      if (!s.name().equals(s.type())) m.put("name", s.name());
      m.putAll(s.params());
      st.add(m);
    }
    p.put("stages", st);
    p.put("sink", sink.toParams());
    p.put("deadLetter", Map.of("path", deadLetterPath));
    p.put("report", Map.of("path", reportPath));
    p.put("sampleRows", sampleRows);
    return p;
  }

  /** Builds a {@link PipelineSpec}; a mutable helper used on one thread. */
  public static final class Builder {
    private final String name;
    private Engine engine = Engine.SPARK;
    private SourceSpec source;
    private final List<StageSpec> stages = new ArrayList<>();
    private SinkSpec sink;
    private String deadLetterPath;
    private String reportPath;
    private int sampleRows = 1000;

    private Builder(String name) {
      this.name = name;
    }

    public Builder engine(Engine e) {
      this.engine = e;
      return this;
    }

    public Builder source(SourceSpec s) {
      this.source = s;
      return this;
    }

    public Builder stage(StageSpec s) {
      if (s == null) throw new IllegalArgumentException("stage must not be null. Provided value: null");
      stages.add(s);
      return this;
    }

    public Builder sink(SinkSpec s) {
      this.sink = s;
      return this;
    }

    public Builder deadLetterPath(String p) {
      this.deadLetterPath = p;
      return this;
    }

    public Builder reportPath(String p) {
      this.reportPath = p;
      return this;
    }

    public Builder sampleRows(int n) {
      this.sampleRows = n;
      return this;
    }

    public PipelineSpec build() {
      return new PipelineSpec(name, engine, source, stages, sink, deadLetterPath, reportPath, sampleRows);
    }
  }
}
