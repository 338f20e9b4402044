package org.siamage.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

class ThreadNicenessTest {
  @Test
  void aLoweredThreadAndTheThreadsItStartsRunAtTheBackgroundNiceValue() throws InterruptedException {
    assumeTrue(Platform.isLinux(), "thread nice values are a Linux feature");
    int[] seen = new int[3];
    boolean[] lowered = new boolean[1];
    inWorkerThenInItsChild(() -> {
      seen[0] = ThreadNiceness.currentThread();
      lowered[0] = ThreadNiceness.lowerCurrentThread(ThreadNiceness.BACKGROUND);
      seen[1] = ThreadNiceness.currentThread();
    }, () -> seen[2] = ThreadNiceness.currentThread());
    assertThat(lowered[0]).isTrue();
    assertThat(seen[1]).isEqualTo(ThreadNiceness.BACKGROUND);
    assertThat(seen[2]).as("started from a lowered thread").isEqualTo(ThreadNiceness.BACKGROUND);
    // the calling (test) thread is untouched
    assertThat(ThreadNiceness.currentThread()).isEqualTo(seen[0]);
  }

  @Test
  void anIdleClassThreadPassesTheClassToTheThreadsItStarts() throws InterruptedException {
    assumeTrue(Platform.isLinux(), "scheduling classes are a Linux feature");
    boolean callerWasIdle = ThreadNiceness.currentThreadIsIdle();
    boolean[] seen = new boolean[3];
    inWorkerThenInItsChild(() -> {
      seen[0] = ThreadNiceness.idleCurrentThread();
      seen[1] = ThreadNiceness.currentThreadIsIdle();
    }, () -> seen[2] = ThreadNiceness.currentThreadIsIdle());
    assertThat(seen).containsExactly(true, true, true);
    assertThat(ThreadNiceness.currentThreadIsIdle()).as("the caller keeps its class").isEqualTo(callerWasIdle);
  }

  @Test
  void theJvmsDeferrableHelperThreadsAreLoweredAndTheCallerIsNot() {
    assumeTrue(Platform.isLinux(), "thread nice values are a Linux feature");
    int callerBefore = ThreadNiceness.currentThread();
    // every JVM has a Common-Cleaner thread, one of the deferrable helpers
    assertThat(ThreadNiceness.lowerHelperThreads(ThreadNiceness.BACKGROUND)).isPositive();
    assertThat(ThreadCpuTimes.now().threads().values())
        .filteredOn(thread -> thread.name().startsWith("Common-Cleaner"))
        .isNotEmpty()
        .allSatisfy(thread -> assertThat(thread.nice()).isEqualTo(ThreadNiceness.BACKGROUND));
    assertThat(ThreadCpuTimes.now().threads().values())
        .filteredOn(thread -> thread.name().startsWith("VM Thread"))
        .allSatisfy(thread -> assertThat(thread.nice()).as("safepoints are not deferred")
            .isEqualTo(callerBefore));
    assertThat(ThreadNiceness.currentThread()).isEqualTo(callerBefore);
  }

  @Test
  void compilerThreadsAreLoweredToTheirDefaultOrTheNiceValueAskedFor() {
    assumeTrue(Platform.isLinux(), "thread nice values are a Linux feature");
    try {
      System.clearProperty("siamage.compilerNice");
      assertThat(ThreadNiceness.lowerCompilerThreads()).isPositive();
      assertThat(compilerNiceValues()).isNotEmpty().containsOnly(ThreadNiceness.COMPILER_NICE);
      System.setProperty("siamage.compilerNice", "7");
      ThreadNiceness.lowerCompilerThreads();
      assertThat(compilerNiceValues()).containsOnly(7);
    } finally {
      // back to normal where allowed (raising priority needs CAP_SYS_NICE; harmless where refused)
      System.setProperty("siamage.compilerNice", "0");
      ThreadNiceness.lowerCompilerThreads();
      System.clearProperty("siamage.compilerNice");
    }
  }

  @Test
  void backgroundWorkLowersHelperAndCompilerThreadsFromOneListing() {
    assumeTrue(Platform.isLinux(), "thread nice values are a Linux feature");
    try {
      System.clearProperty("siamage.compilerNice");
      ThreadNiceness.lowerHelperAndCompilerThreads(ThreadNiceness.BACKGROUND);
      assertThat(compilerNiceValues()).isNotEmpty().containsOnly(ThreadNiceness.COMPILER_NICE);
      assertThat(ThreadCpuTimes.now().threads().values())
          .filteredOn(thread -> ThreadNiceness.DEFERRABLE_HELPERS.stream().anyMatch(thread.name()::startsWith))
          .isNotEmpty()
          .allSatisfy(thread -> assertThat(thread.nice()).isEqualTo(ThreadNiceness.BACKGROUND));
    } finally {
      System.setProperty("siamage.compilerNice", "0");
      ThreadNiceness.lowerCompilerThreads();
      System.clearProperty("siamage.compilerNice");
    }
  }

  private static java.util.List<Integer> compilerNiceValues() {
    return ThreadCpuTimes.now().threads().values().stream()
        .filter(thread -> ThreadNiceness.COMPILER_THREADS.stream().anyMatch(thread.name()::startsWith))
        .map(ThreadCpuTimes.ThreadTime::nice).distinct().toList();
  }

  @Test
  void aSleepingThreadIsFoundByNameAndReadAsSleeping() throws InterruptedException {
    assumeTrue(Platform.isLinux(), "/proc is a Linux feature");
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Thread sleeper = new Thread(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "state-probe");
    sleeper.start();
    try {
      int tid = -1;
      for (int attempt = 0; attempt < 100 && tid < 0; attempt++) {
        tid = ThreadCpuTimes.now().threadNamed("state-probe");
        Thread.sleep(10);
      }
      assertThat(tid).isPositive();
      assertThat(ThreadCpuTimes.state(tid)).isEqualTo('S');
    } finally {
      release.countDown();
      sleeper.join();
    }
    assertThat(ThreadCpuTimes.state(Integer.MAX_VALUE)).as("no such thread").isEqualTo('?');
  }

  @Test
  void hostStealIsReadAsAClockTickCountThatNeverFalls() {
    assumeTrue(Platform.isLinux(), "/proc is a Linux feature");
    long first = ThreadCpuTimes.stealTicks();
    long second = ThreadCpuTimes.stealTicks();
    assertThat(first).isNotNegative();
    assertThat(second).isGreaterThanOrEqualTo(first);
  }

  @Test
  void cpuTimesNameTheThreadThatWorked() throws InterruptedException {
    assumeTrue(Platform.isLinux(), "/proc is a Linux feature");
    ThreadCpuTimes before = ThreadCpuTimes.now();
    Thread burner = new Thread(() -> {
      long end = System.nanoTime() + 300_000_000L;
      double sink = 0;
      while (System.nanoTime() < end) {
        sink += Math.sqrt(sink + 1);
      }
      if (sink < 0) {
        System.out.println(sink);
      }
    }, "cpu-burner");
    burner.start();
    Thread.sleep(200); // read while it is alive: /proc forgets a thread once it ends
    ThreadCpuTimes during = ThreadCpuTimes.now();
    burner.join();
    assertThat(during.busiestSince(before, 50)).contains("cpu-burner (nice ");
  }

  /** Runs {@code inWorker} in a new thread, then {@code inChild} in a thread that one starts. */
  private static void inWorkerThenInItsChild(Runnable inWorker, Runnable inChild) throws InterruptedException {
    Thread worker = new Thread(() -> {
      inWorker.run();
      Thread child = new Thread(inChild);
      child.start();
      try {
        child.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    worker.start();
    worker.join();
  }
}
