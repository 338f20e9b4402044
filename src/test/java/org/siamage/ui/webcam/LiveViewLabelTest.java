package org.siamage.ui.webcam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.siamage.capture.LiveFace;

/** The label drawn over a webcam face. */
class LiveViewLabelTest {
  private static LiveFace face(boolean unusual) {
    return new LiveFace(1, 0, 0, 100, 100, 3, 34.4, 4.6, 0.9, true, unusual);
  }

  @Test
  void anUnusualFaceSaysSoAfterItsEstimate() {
    assertThat(LiveView.label(face(false))).isEqualTo("34 ± 5 · female");
    assertThat(LiveView.label(face(true))).isEqualTo("34 ± 5 · female · " + LiveView.UNUSUAL_LABEL);
  }
}
