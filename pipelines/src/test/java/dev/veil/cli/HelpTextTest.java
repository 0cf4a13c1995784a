package dev.veil.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every help text of every (sub)command is a valid format string: picocli formats descriptions with
 * {@link String#format}, and a stray {@code %} (for example "0.5% deliberately") makes it print a
 * warning and the raw text instead of the help.
 */
class HelpTextTest {

  @Test
  void everyDescriptionOfEveryCommandFormats() {
    List<String> bad = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    visit(new CommandLine(new VeilCli()).getCommandSpec(), bad, commands);
    assertTrue(commands.size() >= 20, "the walk must reach the subcommands: " + commands);
    assertTrue(bad.isEmpty(), "help texts that are not valid format strings: " + bad);
  }

  private static void visit(CommandSpec spec, List<String> bad, List<String> commands) {
    commands.add(spec.qualifiedName());
    List<String> texts = new ArrayList<>();
    texts.addAll(List.of(spec.usageMessage().description()));
    texts.addAll(List.of(spec.usageMessage().header()));
    texts.addAll(List.of(spec.usageMessage().footer()));
    for (OptionSpec o : spec.options()) texts.addAll(List.of(o.description()));
    for (PositionalParamSpec p : spec.positionalParameters()) texts.addAll(List.of(p.description()));
    for (String t : texts) {
      try {
        String.format(t);
      } catch (IllegalFormatException e) {
        bad.add(spec.qualifiedName() + ": " + e.getMessage() + " in \"" + t + "\"");
      }
    }
    for (CommandLine sub : spec.subcommands().values()) visit(sub.getCommandSpec(), bad, commands);
  }
}
