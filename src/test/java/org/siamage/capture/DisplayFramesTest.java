package org.siamage.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayFramesTest {
  @Test
  void theReaderGetsTheNewestFrameOnceAndBuffersAreReused() {
    DisplayFrames frames = new DisplayFrames();
    assertThat(frames.takeLatest()).isNull();
    frames.back().prepare(2, 1)[0] = 1;
    frames.publish();
    frames.back().prepare(2, 1)[0] = 2;
    frames.publish(); // the first one was never read: it is simply replaced
    DisplayFrame taken = frames.takeLatest();
    assertThat(taken.pixels()[0]).isEqualTo(2);
    assertThat(frames.takeLatest()).isNull();
    // the writer cannot touch the frame the reader holds
    for (int i = 0; i < 5; i++) {
      assertThat(frames.back()).isNotSameAs(taken);
      frames.back().prepare(2, 1);
      frames.publish();
    }
    assertThat(taken.pixels()[0]).isEqualTo(2);
  }
}
