package org.siamage.capture;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where live frames come from. Plain values, so the UI can build one without touching JavaCV;
 * {@link FrameSources#open} turns it into a {@link FrameSource}.
 */
public sealed interface SourceSpec {
  /** Short description for status lines and messages, e.g. "camera 0" or "demo.mp4". */
  String label();

  /** Requested frame size, or {@link Resolution#NATIVE} for whatever the source delivers. */
  Resolution resolution();

  /**
   * A camera by its index (0 = the first one the system lists).
   *
   * @param index 0..63
   */
  record Camera(int index, Resolution resolution) implements SourceSpec {
    public Camera {
      if (index < 0 || index > 63) {
        throw new IllegalArgumentException("camera index must be 0..63, was " + index);
      }
      Objects.requireNonNull(resolution, "resolution");
    }

    @Override
    public String label() {
      return "camera " + index;
    }
  }

  /**
   * A video file read like a camera.
   *
   * @param realTime play at the file's frame rate (as a camera would deliver it); {@code false}
   *     reads frames as fast as the pipeline takes them (benchmarks)
   * @param loop start again at the end instead of reporting "stream ended"
   */
  record VideoFile(Path file, boolean loop, boolean realTime, Resolution resolution)
      implements SourceSpec {
    public VideoFile {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(resolution, "resolution");
    }

    @Override
    public String label() {
      return String.valueOf(file.getFileName());
    }
  }

  /**
   * The images of a folder (jpg, jpeg, png, bmp; sorted by name) as a slideshow.
   *
   * @param secondsPerImage how long each image is shown, 0.1..3600
   * @param loop start again after the last image instead of reporting "stream ended"
   */
  record ImageFolder(Path folder, double secondsPerImage, boolean loop, Resolution resolution)
      implements SourceSpec {
    public ImageFolder {
      Objects.requireNonNull(folder, "folder");
      Objects.requireNonNull(resolution, "resolution");
      if (!(secondsPerImage >= 0.1 && secondsPerImage <= 3600)) {
        throw new IllegalArgumentException(
            "seconds per image must be 0.1..3600, was " + secondsPerImage);
      }
    }

    @Override
    public String label() {
      return String.valueOf(folder.getFileName()) + " (slideshow)";
    }
  }

  /**
   * A network stream FFmpeg can open (rtsp://, http(s):// MJPEG or HLS, udp://, …).
   *
   * @param url the address, not blank
   */
  record NetworkStream(String url, Resolution resolution) implements SourceSpec {
    public NetworkStream {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(resolution, "resolution");
      if (url.isBlank()) {
        throw new IllegalArgumentException("stream address is empty");
      }
    }

    @Override
    public String label() {
      return url;
    }
  }
}
