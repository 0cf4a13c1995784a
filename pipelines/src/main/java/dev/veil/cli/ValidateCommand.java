package dev.veil.cli;

import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.plan.PlannedStage;
import dev.veil.core.spec.PipelineSpec;
import dev.veil.core.spec.PipelineSpecs;
import dev.veil.core.stage.FieldLineage;
import dev.veil.core.stage.StageRegistry;
import dev.veil.pipelines.Veil;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code veil validate SPEC}: checks and plans a spec against its source without running it. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a pipeline spec against its source and print each stage's schema and what it reads and writes; runs nothing.",
    footer = ExitCodes.HELP)
final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SPEC", description = "The pipeline spec file.")
  Path spec;

  @Override
  public Integer call() {
    PipelineSpec s = PipelineSpecs.load(spec, StageRegistry.discover());
    PipelinePlan plan = Veil.plan(s);
    System.out.println("pipeline " + s.name() + " (engine " + s.engine().specName() + ") is valid");
    System.out.println("source: " + plan.sourceSchema());
    for (PlannedStage st : plan.stages()) {
      System.out.println(st.index() + " " + st.spec().name() + " (" + st.spec().type() + ") reads " + st.plan().description().reads());
      for (FieldLineage l : st.plan().description().writes()) {
        if (!"IDENTITY".equals(l.subtype())) {
          System.out.println("    " + l.output() + " <- " + l.inputs() + " " + l.kind() + "/" + l.subtype() + (l.masking() ? " masking" : "")
              + ": " + l.description());
        }
      }
      for (String n : st.plan().notes()) System.out.println("    - " + n);
      System.out.println("    => " + st.output());
    }
    return ExitCodes.OK;
  }
}
