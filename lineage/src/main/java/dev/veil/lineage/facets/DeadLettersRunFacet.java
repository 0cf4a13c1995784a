package dev.veil.lineage.facets;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.util.List;

/**
 * The {@code veil_deadLetters} run facet: per stage, records in, out, filtered and dead-lettered,
 * and the totals, so a consumer can see that {@code input = output + filtered + dead-letter}.
 * Counts only, never records. Immutable.
 */
@JsonPropertyOrder({"_producer", "_schemaURL", "input", "output", "filtered", "deadLettered", "stages"})
public final class DeadLettersRunFacet extends OpenLineage.DefaultRunFacet {
  public static final String CLASS_NAME = "VeilDeadLettersRunFacet";

  /** One stage's counts. */
  public record Stage(int index, String name, String type, long in, long out, long filtered, long deadLettered) {}

  private final long input;
  private final long output;
  private final long filtered;
  private final long deadLettered;
  private final List<Stage> stages;

  public DeadLettersRunFacet(URI producer, long input, long output, long filtered, long deadLettered, List<Stage> stages) {
    super(producer);
    this.input = input;
    this.output = output;
    this.filtered = filtered;
    this.deadLettered = deadLettered;
    this.stages = List.copyOf(stages);
  }

  @Override
  public URI get_schemaURL() {
    return VeilFacets.schemaUrl(CLASS_NAME);
  }

  public long getInput() {
    return input;
  }

  public long getOutput() {
    return output;
  }

  public long getFiltered() {
    return filtered;
  }

  public long getDeadLettered() {
    return deadLettered;
  }

  public List<Stage> getStages() {
    return stages;
  }
}
