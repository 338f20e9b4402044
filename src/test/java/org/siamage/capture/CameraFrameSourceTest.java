package org.siamage.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.siamage.core.StopToken;

/** The "no camera" path, for real: these machines have no video device. */
class CameraFrameSourceTest {
  @Test
  void aMissingCameraIsReportedAtOnceAndNoCameraIsListed() {
    assumeTrue(!Files.exists(CameraFrameSource.devicePath(0)), "this machine has a camera");
    long start = System.nanoTime();
    try (FrameSource camera = FrameSources.create(new SourceSpec.Camera(0, Resolution.NATIVE))) {
      assertThatThrownBy(camera::open)
          .isInstanceOfSatisfying(SourceFailure.class, e -> assertThat(e.kind()).isEqualTo(SourceFailure.Kind.NO_CAMERA))
          .hasMessageContaining("No camera found at index 0");
    }
    assertThat(new CameraProbe(Duration.ofSeconds(1)).probe(new StopToken())).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  @Tag("slow")
  void withoutTheDeviceNodeShortcutOpenCvIsAskedAndFindsNoCamera() {
    assumeTrue(!Files.exists(CameraFrameSource.devicePath(7)), "this machine has a camera 7");
    long start = System.nanoTime();
    try (FrameSource camera = FrameSources.cameraWithoutDeviceCheck(
        new SourceSpec.Camera(7, Resolution.NATIVE), Duration.ofMillis(1500))) {
      assertThatThrownBy(camera::open)
          .isInstanceOfSatisfying(SourceFailure.class, e -> assertThat(e.kind()).isEqualTo(SourceFailure.Kind.NO_CAMERA))
          .hasMessageContaining("No camera found at index 7");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(13));
  }
}
