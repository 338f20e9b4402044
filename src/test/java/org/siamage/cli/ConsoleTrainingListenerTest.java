package org.siamage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siamage.train.EpochMetrics;
import org.siamage.train.IterationMetrics;

class ConsoleTrainingListenerTest {
  private final ByteArrayOutputStream bar = new ByteArrayOutputStream();
  private final TrainCommand.ConsoleTrainingListener listener = new TrainCommand.ConsoleTrainingListener(
      new PrintWriter(new StringWriter()), new ConsoleProgress(new PrintStream(bar, true, StandardCharsets.UTF_8), false));

  @Test
  void theBarSaysHowLongTheRunHasLeftOnceAnEpochHasFinished() {
    listener.plannedEpochs = 10;
    listener.onIteration(iteration(0, 0));
    listener.onEpochEnd(new EpochMetrics(0, Map.of("loss/total", 1.0), 7.0, 0.3, 0.5, 0.9, 120.0, true));
    listener.onIteration(iteration(1, 0)); // 9 epochs less a tenth left at 120 s each: 17.8 minutes
    String printed = bar.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines().findFirst().orElseThrow()).contains("epoch 1/10").doesNotContain("left");
    assertThat(printed).contains("epoch 2/10").contains("run about 18m left");
  }

  @Test
  void eachEpochsBarEstimatesFromItsOwnPaceAndPrintsFromItsStart() throws InterruptedException {
    listener.onIteration(iteration(0, 0));
    Thread.sleep(300); // a slow first epoch must not make the second one's ETA long
    listener.onEpochEnd(new EpochMetrics(0, Map.of("loss/total", 1.0), 7.0, 0.3, 0.5, 0.9, 120.0, true));
    listener.onIteration(iteration(1, 0));
    String[] lines = bar.toString(StandardCharsets.UTF_8).split("\\R");
    assertThat(lines).hasSize(2);
    assertThat(lines[1]).contains("epoch 2").contains("ETA 0s");
  }

  @Test
  void withoutAPlannedEpochCountTheBarStaysAsItWas() {
    listener.onEpochEnd(new EpochMetrics(0, Map.of("loss/total", 1.0), 7.0, 0.3, 0.5, 0.9, 120.0, true));
    listener.onIteration(iteration(1, 0));
    assertThat(bar.toString(StandardCharsets.UTF_8)).contains("epoch 2 loss").doesNotContain("left");
  }

  private static IterationMetrics iteration(int epoch, int inEpoch) {
    return new IterationMetrics(epoch, epoch * 10L + inEpoch, inEpoch, 10, Map.of("loss/total", 1.0), 1e-3, 50.0,
        0.5, 0.9, 1.0);
  }
}
