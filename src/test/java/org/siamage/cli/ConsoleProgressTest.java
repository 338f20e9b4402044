package org.siamage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final ConsoleProgress progress =
      new ConsoleProgress(new PrintStream(printed, true, StandardCharsets.UTF_8), false);

  @Test
  void aStepWithoutCountOrTotalPrintsItsMessageAndTimeOnly() {
    progress.onProgress(-1, -1, "measuring the map");
    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("measuring the map  ").doesNotContain("-1");
  }

  @Test
  void aCountWithoutTotalIsPrinted() {
    progress.onProgress(42, 0, "reading faces");
    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("reading faces  42  ");
  }

  @Test
  void redirectedOutputGetsTheFirstStepAndOneLinePerTenth() {
    for (int done = 1; done <= 100; done++) {
      progress.onProgress(done, 100, "work");
    }
    assertThat(printed.toString(StandardCharsets.UTF_8).lines()).hasSize(11).last().asString()
        .contains("100% 100/100 work");
  }
}
