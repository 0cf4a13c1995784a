package dev.veil.pipelines.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.core.report.RunReport;
import dev.veil.core.schema.FieldType;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.spec.SourceSpec;
import dev.veil.core.stage.builtin.CastStage;
import dev.veil.core.stage.builtin.DropStage;
import dev.veil.core.stage.builtin.FilterStage;
import dev.veil.pipelines.EngineRunner;
import dev.veil.pipelines.Veil;
import dev.veil.privacy.detect.DetectStage;
import dev.veil.privacy.mask.MaskOperator;
import dev.veil.privacy.mask.MaskStage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkRunnerIT {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkRunner.localSession("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Path writeCsv(Path dir) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("id,email,phone,age,notes\n".getBytes(StandardCharsets.UTF_8));
    for (int i = 1; i <= 40; i++) {
      String age = i == 7 ? "forty" : Integer.toString(10 + i);
      b.writeBytes(("c" + i + ",user" + i + "@example.com,+1 650-253-00" + String.format("%02d", i) + "," + age
          + ",\"call me at user" + i + "@gmail.com, thanks\"\n").getBytes(StandardCharsets.UTF_8));
    }
    b.writeBytes("c41,too,few\n".getBytes(StandardCharsets.UTF_8));
    b.writeBytes("c42,bad".getBytes(StandardCharsets.UTF_8));
    b.write(0xFF);
    b.writeBytes("@example.com,+1 650-253-0000,30,x\n".getBytes(StandardCharsets.UTF_8));
    Path f = dir.resolve("in.csv");
    Files.write(f, b.toByteArray());
    return f;
  }

  @Test
  void run_csvWithBadRows_reconcilesAndDeadLettersWithLines(@TempDir Path dir) throws Exception {
    Path in = writeCsv(dir);
    PipelineSpec spec = PipelineSpec.builder("t")
        .source(SourceSpec.csv(in.toString()))
        .stage(CastStage.of(Map.of("age", FieldType.LONG)))
        .stage(FilterStage.of("age >= 18"))
        .stage(DetectStage.defaults())
        .stage(MaskStage.allPii().withOperator(new MaskOperator('*', 0, 0, "@.")))
        .stage(DropStage.of("phone"))
        .sink(SinkSpec.jsonl(dir.resolve("out").toString()))
        .build();
    RunReport r = Veil.run(spec, e -> new SparkRunner(spark), EngineRunner.ProgressListener.NONE);
    assertTrue(r.reconciles(), r.toText());
    assertEquals(42, r.input());
    assertEquals(2, r.stages().get(0).deadLettered());
    assertEquals(1, r.stages().get(1).deadLettered());
    assertEquals(6, r.stages().get(2).filtered()); // ages 11..16; "age 17" (i=7) failed the cast
    List<String> out = lines(dir.resolve("out"));
    assertEquals(r.output(), out.size());
    JsonNode first = new ObjectMapper().readTree(out.get(0));
    assertTrue(first.get("email").asText().matches("\\*+@\\*+\\.\\*+"), first.toString());
    List<String> dead = lines(dir.resolve("out-dead-letter"));
    assertEquals(3, dead.size());
    boolean sawCast = false;
    for (String d : dead) {
      JsonNode n = new ObjectMapper().readTree(d);
      if (n.get("reason").asText().equals("CAST_FAILED")) {
        sawCast = true;
        assertEquals(8, n.get("source").get("line").asLong());
        assertEquals("age", n.get("field").asText());
        assertEquals("forty", n.get("record").get("age").asText());
      }
    }
    assertTrue(sawCast);
  }

  static List<String> lines(Path dir) throws Exception {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(x -> !x.getFileName().toString().startsWith("_") && !x.getFileName().toString().startsWith(".")).sorted().toList()) {
        for (String l : Files.readAllLines(p)) if (!l.isEmpty()) out.add(l);
      }
    }
    return out;
  }
}
