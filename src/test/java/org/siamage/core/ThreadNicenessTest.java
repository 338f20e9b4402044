package org.siamage.core;

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
    Thread worker = new Thread(() -> {
      seen[0] = ThreadNiceness.currentThread();
      lowered[0] = ThreadNiceness.lowerCurrentThread(ThreadNiceness.BACKGROUND);
      seen[1] = ThreadNiceness.currentThread();
      Thread child = new Thread(() -> seen[2] = ThreadNiceness.currentThread());
      child.start();
      try {
        child.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    worker.start();
    worker.join();
    assertThat(lowered[0]).isTrue();
    assertThat(seen[1]).isEqualTo(ThreadNiceness.BACKGROUND);
    assertThat(seen[2]).as("started from a lowered thread").isEqualTo(ThreadNiceness.BACKGROUND);
    // the calling (test) thread is untouched
    assertThat(ThreadNiceness.currentThread()).isEqualTo(seen[0]);
  }
}
