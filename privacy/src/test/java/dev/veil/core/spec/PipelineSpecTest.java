package dev.veil.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.stage.builtin.SelectStage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipelineSpecTest {

  private static PipelineSpec.Builder builder(String name) {
    return PipelineSpec.builder(name).source(SourceSpec.csv("in.csv")).sink(SinkSpec.parquet("/out/p"));
  }

  @Test
  void build_derivesDeadLetterAndReportPathsFromTheSink() {
    PipelineSpec s = builder("p").build();
    assertEquals(Engine.SPARK, s.engine());
    assertEquals("/out/p-dead-letter", s.deadLetterPath());
    assertEquals("/out/p-report.json", s.reportPath());
    assertEquals(1000, s.sampleRows());
  }

  @Test
  void withSink_derivesPathsFromTheNewSink() {
    PipelineSpec s = builder("p").deadLetterPath("/dl").build().withSink(SinkSpec.csv("/other"));
    assertEquals("/other-dead-letter", s.deadLetterPath());
    assertEquals("/other-report.json", s.reportPath());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "my pipeline", "-leading", "a/b"})
  void build_badName_failsNamingTheRule(String name) {
    String m = assertThrows(IllegalArgumentException.class, () -> builder(name).build()).getMessage();
    assertTrue(m.startsWith("name must be letters, digits"), m);
  }

  @Test
  void build_sampleRowsOutOfRange_fails() {
    assertThrows(IllegalArgumentException.class, () -> builder("p").sampleRows(0).build());
    assertThrows(IllegalArgumentException.class, () -> builder("p").sampleRows(1_000_001).build());
  }

  @Test
  void build_missingSourceOrSink_fails() {
    assertThrows(IllegalArgumentException.class, () -> PipelineSpec.builder("p").sink(SinkSpec.csv("o")).build());
    assertThrows(IllegalArgumentException.class, () -> PipelineSpec.builder("p").source(SourceSpec.csv("i")).build());
    assertThrows(IllegalArgumentException.class, () -> builder("p").stage(null));
  }

  @Test
  void stages_areCopiedAndUnmodifiable() {
    List<dev.veil.core.stage.StageSpec> stages = new ArrayList<>(List.of(SelectStage.of("a")));
    PipelineSpec s = new PipelineSpec("p", null, SourceSpec.csv("i"), stages, SinkSpec.csv("o"), null, null, 10);
    stages.add(SelectStage.of("b"));
    assertEquals(1, s.stages().size());
    assertThrows(UnsupportedOperationException.class, () -> s.stages().add(SelectStage.of("c")));
  }

  @Test
  void toParams_namesStagesOnlyWhenTheNameDiffersFromTheType() {
    PipelineSpec s = builder("p").stage(SelectStage.of("a")).stage(new SelectStage("keep", List.of("a"))).build();
    @SuppressWarnings("unchecked")
    List<java.util.Map<String, Object>> st = (List<java.util.Map<String, Object>>) s.toParams().get("stages");
    assertEquals(List.of("type", "columns"), List.copyOf(st.get(0).keySet()));
    assertEquals("keep", st.get(1).get("name"));
  }
}
