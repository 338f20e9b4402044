package org.siamage.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every {@code --help} text is wrapped by picocli to the terminal's width: a description given as
 * several hand-wrapped lines prints each of them as a line of its own and leaves ragged one-word
 * lines at 80 columns.
 */
class CommandHelpTest {
  @Test
  void everyDescriptionIsOneParagraphThatPicocliWraps() {
    List<String> handWrapped = new ArrayList<>();
    List<CommandSpec> commands = new ArrayList<>();
    CommandLine siamage = new CompositionRoot().commandLine().commandLine();
    collect(siamage, commands);
    assertThat(commands).extracting(CommandSpec::name).contains("siamage", "train", "compare", "bench", "sign");
    for (CommandSpec command : commands) {
      if (command.usageMessage().description().length > 1) {
        handWrapped.add(command.qualifiedName());
      }
      String[] header = command.usageMessage().header();
      String[] description = command.usageMessage().description();
      if (header.length > 0 && description.length > 0) {
        assertThat(description[0]).as("%s repeats its header", command.qualifiedName())
            .doesNotStartWith(header[0].replaceAll("\\.$", ""));
      }
      for (ArgSpec argument : command.args()) {
        if (argument.description().length > 1) {
          handWrapped.add(command.qualifiedName() + " " + argument.paramLabel());
        }
      }
    }
    assertThat(handWrapped).as("descriptions given as several lines").isEmpty();

    String help = siamage.getSubcommands().get("compare").getUsageMessage();
    assertThat(help.lines()).as("no line of compare --help is a lone word left by wrapping")
        .allSatisfy(line -> assertThat(line.strip()).doesNotMatch("[a-z]+[,;.]?"));
  }

  private static void collect(CommandLine commandLine, List<CommandSpec> into) {
    into.add(commandLine.getCommandSpec());
    commandLine.getSubcommands().values().forEach(sub -> collect(sub, into));
  }
}
