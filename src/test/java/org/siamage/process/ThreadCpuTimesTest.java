package org.siamage.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTimesTest {
  @Test
  void runnableThreadsAreCountedByNameAndNiceMostFirst() {
    ThreadCpuTimes times = new ThreadCpuTimes(Map.of(
        1, new ThreadCpuTimes.ThreadTime("siamage-backgro", 40, 10, 'R'),
        2, new ThreadCpuTimes.ThreadTime("siamage-backgro", 30, 10, 'R'),
        3, new ThreadCpuTimes.ThreadTime("C2 CompilerThre", 5, 0, 'R'),
        4, new ThreadCpuTimes.ThreadTime("JavaFX Applicat", 2, 0, 'S')));
    assertThat(times.runnable()).isEqualTo("siamage-backgro (nice 10) ×2, C2 CompilerThre (nice 0)");
  }

  @Test
  void theCallingThreadIsRunnableHereAndOnTheMachine() {
    assumeTrue(Files.isReadable(Path.of("/proc/loadavg")), "needs Linux /proc");
    assertThat(ThreadCpuTimes.runnableOnMachine()).isPositive();
    assertThat(ThreadCpuTimes.now().threads().values()).anySatisfy(thread -> assertThat(thread.state()).isEqualTo('R'));
  }
}
