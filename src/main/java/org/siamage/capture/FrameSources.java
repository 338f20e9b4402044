package org.siamage.capture;

import java.time.Duration;

/** Makes the {@link FrameSource} for a {@link SourceSpec} (not yet opened). */
public final class FrameSources {
  /** How long a camera may take to open before it counts as absent. */
  public static final Duration CAMERA_OPEN_TIMEOUT = Duration.ofSeconds(4);

  private FrameSources() {}

  public static FrameSource create(SourceSpec spec) {
    if (spec instanceof SourceSpec.Camera camera) {
      return new CameraFrameSource(camera, CAMERA_OPEN_TIMEOUT, true);
    } else if (spec instanceof SourceSpec.VideoFile file) {
      return new FfmpegFrameSource(file);
    } else if (spec instanceof SourceSpec.NetworkStream stream) {
      return new FfmpegFrameSource(stream);
    } else if (spec instanceof SourceSpec.ImageFolder folder) {
      return new ImageFolderFrameSource(folder);
    }
    throw new IllegalArgumentException("unknown source " + spec);
  }

  /**
   * A camera source that looks for its device node {@code videoN} in {@code deviceFolder} instead
   * of {@code /dev} and then asks OpenCV for the camera by index, as in production.
   */
  static FrameSource cameraWithDeviceFolder(SourceSpec.Camera camera, Duration timeout, java.nio.file.Path deviceFolder) {
    return new CameraFrameSource(camera, timeout, true, deviceFolder);
  }

  /** A camera source that always asks OpenCV (no device-node shortcut), with its own timeout. */
  static FrameSource cameraWithoutDeviceCheck(SourceSpec.Camera camera, Duration timeout) {
    return new CameraFrameSource(camera, timeout, false);
  }
}
