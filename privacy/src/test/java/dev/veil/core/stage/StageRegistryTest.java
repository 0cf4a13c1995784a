package dev.veil.core.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.SpecException;
import dev.veil.core.spec.SpecNode;
import dev.veil.core.stage.builtin.SelectStage;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageRegistryTest {

  /** A provider whose stage rejects its parameter with an IllegalArgumentException, as stage constructors do. */
  private static final StageProvider PICKY = new StageProvider() {
    @Override
    public String type() {
      return "picky";
    }

    @Override
    public List<String> keys() {
      return List.of("level");
    }

    @Override
    public String summary() {
      return "test stage";
    }

    @Override
    public StageSpec parse(SpecNode node, String name) {
      long level = node.require("level", "stage 'picky'").asLong();
      if (level > 3) throw new IllegalArgumentException("level must be <= 3. Provided value: " + level);
      return SelectStage.of("x");
    }
  };

  private static SpecNode stage(String yaml) {
    return SpecNode.parse("s.yaml", new StringReader(yaml));
  }

  @Test
  void builtIn_holdsTheStageTypesInOrder() {
    assertEquals(List.of("select", "drop", "cast", "filter", "detect", "mask", "anonymize", "minimize", "dp-aggregate", "kanonymize", "risk"),
        List.copyOf(StageRegistry.builtIn().providers().keySet()));
  }

  @Test
  void with_addsProvidersWithoutChangingTheOriginal() {
    StageRegistry base = StageRegistry.builtIn();
    StageRegistry more = base.with(List.of(PICKY));
    assertTrue(more.providers().containsKey("picky"));
    assertEquals(StageRegistry.builtIn().providers().size(), base.providers().size());
    assertEquals(base.providers().size() + 1, more.providers().size());
  }

  @Test
  void with_typeDefinedTwice_failsNamingIt() {
    String m = assertThrows(IllegalArgumentException.class, () -> StageRegistry.builtIn().with(List.of(SelectStage.PROVIDER))).getMessage();
    assertTrue(m.contains("'select' is defined twice"), m);
  }

  @Test
  void parse_nameKey_setsTheStageName() {
    StageSpec s = StageRegistry.builtIn().parse(stage("{type: select, name: keep-ids, columns: [id]}"));
    assertEquals(new SelectStage("keep-ids", List.of("id")), s);
  }

  @Test
  void parse_providerRejectsParameter_failsAtTheStageNamingIt() {
    StageRegistry r = StageRegistry.builtIn().with(List.of(PICKY));
    String m = assertThrows(SpecException.class, () -> r.parse(stage("a: 1\nb: {type: picky, level: 5}\n").require("b", "t"))).getMessage();
    assertEquals("s.yaml:2:4: b: stage 'picky': level must be <= 3. Provided value: 5", m);
  }

  @Test
  void parse_notAMapping_listsTheStageTypes() {
    String m = assertThrows(SpecException.class, () -> StageRegistry.builtIn().parse(stage("- cast\n").asList().get(0))).getMessage();
    assertTrue(m.contains("a stage must be a mapping with a 'type' key; stage types: select, drop, cast, filter, detect, mask"), m);
  }

  @Test
  void parse_unknownTypeWithoutNearMatch_makesNoSuggestion() {
    String m = assertThrows(SpecException.class, () -> StageRegistry.builtIn().parse(stage("{type: zzz}"))).getMessage();
    assertTrue(m.contains("unknown stage type 'zzz'") && !m.contains("Did you mean"), m);
  }

  @Test
  void providers_isUnmodifiable() {
    assertThrows(UnsupportedOperationException.class, () -> StageRegistry.builtIn().providers().put("x", PICKY));
  }
}
