package org.siamage.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.siamage.core.StopToken;

/**
 * Lists the cameras that answer. On Linux only {@code /dev/videoN} nodes are tried (none → empty
 * list at once); elsewhere indices 0..{@value #MAX_GUESSED_INDEX}. Each candidate is opened with
 * a timeout and closed again. Slow (up to the timeout per camera): call it off the UI thread.
 *
 * <p>Most USB cameras on Linux have two nodes: the picture (driver index 0) and a metadata node
 * (index 1) that no capture can open. A node that does not open and is not its device's first
 * node, while the device has one, is such a companion and is left out, so one camera is not
 * listed twice with the second "busy".
 */
public final class CameraProbe {
  static final int MAX_GUESSED_INDEX = 3;
  private static final Pattern VIDEO_NODE = Pattern.compile("video(\\d+)");

  /**
   * A camera that answered (or a device that exists but did not).
   *
   * @param index camera index for {@link SourceSpec.Camera}
   * @param width first frame's width in pixels, 0 when it did not open
   * @param height first frame's height in pixels, 0 when it did not open
   * @param problem empty when usable, else why not (e.g. busy)
   */
  public record CameraInfo(int index, int width, int height, String problem) {
    public boolean usable() {
      return problem.isEmpty();
    }

    @Override
    public String toString() {
      return "Camera " + index + (usable() ? " (" + width + " × " + height + ")" : " (" + problem + ")");
    }
  }

  private final Duration timeoutPerCamera;
  private final Path deviceFolder;
  /** {@code /sys/class/video4linux}: per node, its driver's {@code index} and its {@code device}. */
  private final Path sysfsFolder;

  public CameraProbe(Duration timeoutPerCamera) {
    this(timeoutPerCamera, Path.of("/dev"), Path.of("/sys/class/video4linux"));
  }

  /** With the device nodes and their sysfs entries looked for elsewhere (tests). */
  CameraProbe(Duration timeoutPerCamera, Path deviceFolder, Path sysfsFolder) {
    this.timeoutPerCamera = timeoutPerCamera;
    this.deviceFolder = deviceFolder;
    this.sysfsFolder = sysfsFolder;
  }

  /** The cameras found, by index; empty when there is none. */
  public List<CameraInfo> probe(StopToken stop) {
    List<CameraInfo> found = new ArrayList<>();
    List<Integer> candidates = candidateIndices();
    for (int index : candidates) {
      if (stop.isStopRequested()) {
        break;
      }
      SourceSpec.Camera spec = new SourceSpec.Camera(index, Resolution.NATIVE);
      boolean linux = CameraFrameSource.isLinux();
      try (FrameSource camera = new CameraFrameSource(spec, timeoutPerCamera, true, deviceFolder)) {
        camera.open();
        Mat first = camera.grab();
        found.add(new CameraInfo(index, first == null ? 0 : first.cols(), first == null ? 0 : first.rows(), ""));
      } catch (SourceFailure e) {
        // a listed device that does not open is worth showing (busy); a guessed index is not
        if (linux && isCompanionNode(index, candidates)) {
          continue;
        }
        if (linux || e.kind() == SourceFailure.Kind.CAMERA_BUSY) {
          found.add(new CameraInfo(index, 0, 0, e.kind() == SourceFailure.Kind.CAMERA_BUSY ? "busy" : "no answer"));
        }
      }
    }
    return found;
  }

  /**
   * Whether node {@code index} is not its device's first node (sysfs {@code index} above 0) and
   * another candidate is that device's first node: a metadata or second stream node, not a camera.
   */
  boolean isCompanionNode(int index, List<Integer> candidates) {
    Path entry = sysfsFolder.resolve("video" + index);
    Optional<Integer> driverIndex = driverIndex(entry);
    if (driverIndex.isEmpty() || driverIndex.get() == 0) {
      return false;
    }
    Optional<Path> device = device(entry);
    if (device.isEmpty()) {
      return false;
    }
    for (int other : candidates) {
      Path otherEntry = sysfsFolder.resolve("video" + other);
      if (other != index && driverIndex(otherEntry).equals(Optional.of(0)) && device(otherEntry).equals(device)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Integer> driverIndex(Path entry) {
    try {
      return Optional.of(Integer.parseInt(Files.readString(entry.resolve("index")).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> device(Path entry) {
    try {
      return Optional.of(entry.resolve("device").toRealPath());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  List<Integer> candidateIndices() {
    if (!CameraFrameSource.isLinux()) {
      List<Integer> guesses = new ArrayList<>();
      for (int i = 0; i <= MAX_GUESSED_INDEX; i++) {
        guesses.add(i);
      }
      return guesses;
    }
    List<Integer> indices = new ArrayList<>();
    try (Stream<Path> nodes = Files.list(deviceFolder)) {
      nodes.forEach(node -> {
        Matcher matcher = VIDEO_NODE.matcher(node.getFileName().toString());
        if (matcher.matches()) {
          indices.add(Integer.parseInt(matcher.group(1)));
        }
      });
    } catch (IOException e) {
      return List.of();
    }
    indices.sort(null);
    return indices;
  }
}
