package dev.veil.pipelines;

import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.SinkSpec;
import dev.veil.core.spec.SourceSpec;
import dev.veil.lineage.Lineage;
import dev.veil.lineage.LineageEvents;
import dev.veil.lineage.transport.FileTransport;
import dev.veil.lineage.transport.LineageTransport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A child process for {@code AbortedRunIT}: starts a run whose engine never finishes, says
 * {@code EMITTED} once the START event is written, and waits to be terminated.
 */
public final class AbortedRunMain {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    java.nio.file.Files.writeString(dir.resolve("in.csv"), "a,b\n1,2\n");
    PipelineSpec spec = PipelineSpec.builder("aborted").source(SourceSpec.csv(dir.resolve("in.csv").toString()))
        .sink(SinkSpec.jsonl(dir.resolve("out").toString())).build();
    FileTransport file = new FileTransport(dir.resolve("lineage.jsonl"));
    LineageTransport announcing = new LineageTransport() {
      @Override
      public void emit(String eventJson) throws IOException {
        file.emit(eventJson);
        System.out.println("EMITTED");
        System.out.flush();
      }

      @Override
      public String describe() {
        return file.describe();
      }
    };
    CountDownLatch never = new CountDownLatch(1);
    EngineRunner hanging = new EngineRunner() {
      @Override
      public Result run(dev.veil.core.plan.PipelinePlan plan, dev.veil.pipelines.io.ResolvedSource source, ProgressListener p) {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("interrupted");
      }

      @Override
      public String engineVersion() {
        return "Hanging 1.0";
      }
    };
    Veil.run(spec, e -> hanging, EngineRunner.ProgressListener.NONE, new Lineage(new LineageEvents("veil"), announcing, false));
  }
}
