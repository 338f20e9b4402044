package org.siamage.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Siamage's real camera source (OpenCV's V4L2 capture) driven into the states a camera reaches at
 * an event: pulled out while frames flow, held by another program, a driver that never answers;
 * and asked for the size chosen in the Webcam perspective. The device is {@link TestCamera}, a
 * V4L2 driver in user space; every message asserted here is the one production code writes.
 */
@Tag("slow")
class CameraFailuresTest {
  private static final int INDEX = 5;
  private static final String UNPLUGGED = "Camera " + INDEX + " stopped delivering frames (the driver returned no"
      + " frame): was it unplugged? Reconnect it and press Start.";

  @TempDir static Path temp;
  static TestCamera camera;

  @BeforeAll
  static void buildCamera() throws Exception {
    camera = TestCamera.build(temp);
  }

  @Test
  void aCameraPulledOutWhileFramesFlowIsReportedAsUnplugged(@TempDir Path work) throws Exception {
    List<String> lines = camera.run(INDEX, TestCamera.Mode.UNPLUG, 40, "source", Integer.toString(INDEX), work.toString());

    List<String> frames = lines.stream().filter(line -> line.startsWith("frame ")).toList();
    // each frame is filled with its sequence number by the test camera, so these pixels came
    // through the V4L2 device; OpenCV may use up one while it opens, every later one reaches Siamage
    assertThat(frames).hasSizeBetween(38, 40);
    assertThat(frames).allSatisfy(line -> assertThat(line).endsWith(" 640x480"));
    int first = Integer.parseInt(frames.get(0).split(" ")[2]);
    int last = Integer.parseInt(frames.get(frames.size() - 1).split(" ")[2]);
    assertThat(last - first).isEqualTo(frames.size() - 1);
    assertThat(last).isEqualTo(40);
    assertThat(lines).contains("failure SOURCE_LOST " + UNPLUGGED);
  }

  @Test
  void theLivePipelineShowsTheUnpluggedMessageAndReleasesTheCamera(@TempDir Path work) throws Exception {
    List<String> lines = camera.run(INDEX, TestCamera.Mode.UNPLUG, 60, "pipeline", Integer.toString(INDEX),
        work.toString());

    assertThat(lines).doesNotContain("still running after 60 s");
    List<String> events = lines.stream().filter(line -> line.startsWith("event ")).toList();
    assertThat(events).first().asString().startsWith("event STARTED");
    assertThat(events).contains("event SOURCE_LOST " + UNPLUGGED);
    assertThat(events).last().asString().startsWith("event STOPPED");
    assertThat(lines).contains("closes 1");
    int analysed = lines.stream().filter(line -> line.startsWith("frames ")).mapToInt(line -> Integer.parseInt(
        line.substring("frames ".length()))).findFirst().orElse(0);
    assertThat(analysed).isPositive();
  }

  @Test
  void aCameraInUseByAnotherProgramIsReportedAsBusy(@TempDir Path work) throws Exception {
    // the device refuses a format with EBUSY: OpenCV's capture says it did not open, at once
    List<String> lines = camera.run(INDEX, TestCamera.Mode.BUSY, 0, "source", Integer.toString(INDEX), work.toString());

    assertThat(lines).noneMatch(line -> line.startsWith("frame "));
    assertThat(lines).anySatisfy(line -> assertThat(line)
        .startsWith("failure CAMERA_BUSY Camera " + INDEX + " is there but could not be opened: another program may"
            + " be using it. Close that program and press Start again."));
  }

  @Test
  void aCameraWhoseDriverNeverAnswersIsGivenUpOnAfterTheOpenTimeout(@TempDir Path work) throws Exception {
    List<String> lines = camera.run(INDEX, TestCamera.Mode.HANG, 0, "source", Integer.toString(INDEX), work.toString());

    assertThat(lines).noneMatch(line -> line.startsWith("frame "));
    assertThat(lines).contains("failure CAMERA_BUSY Camera " + INDEX + " is there but gave no picture within "
        + FrameSources.CAMERA_OPEN_TIMEOUT.toSeconds() + " s: its driver may be stuck. Unplug it and plug it in"
        + " again (or restart the program holding it), then press Start.");
  }

  @Test
  void theSizeChosenInTheWebcamPerspectiveIsTheSizeOfTheFrames(@TempDir Path work) throws Exception {
    List<String> lines = camera.run(INDEX, TestCamera.Mode.UNPLUG, 10, "source", Integer.toString(INDEX),
        work.toString(), "320x240");

    List<String> frames = lines.stream().filter(line -> line.startsWith("frame ")).toList();
    assertThat(frames).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith(" 320x240"));
  }

  @Test
  void aCameraThatDeliversYuyvAsMostUsbCamerasDoGivesGreyFramesThatFollowItsLuma(@TempDir Path work)
      throws Exception {
    List<String> lines = camera.runDelivering("yuyv", INDEX, TestCamera.Mode.UNPLUG, 60, "source",
        Integer.toString(INDEX), work.toString());

    List<int[]> pixels = lines.stream().filter(line -> line.startsWith("frame ")).map(line -> {
      String[] parts = line.split(" ");
      return new int[] {Integer.parseInt(parts[2]), Integer.parseInt(parts[3]), Integer.parseInt(parts[4])};
    }).toList();
    assertThat(pixels).hasSizeBetween(58, 60);
    assertThat(pixels).allSatisfy(bgr -> assertThat(bgr[1]).isEqualTo(bgr[0]).isEqualTo(bgr[2]));
    for (int i = 1; i < pixels.size(); i++) {
      assertThat(pixels.get(i)[0]).isGreaterThanOrEqualTo(pixels.get(i - 1)[0]);
    }
    // luma 60 with neutral chroma, converted as video-range BT.601: (60 - 16) × 255 / 219
    assertThat(pixels.get(pixels.size() - 1)[0]).isCloseTo(51, org.assertj.core.data.Offset.offset(1));
    assertThat(lines).contains("failure SOURCE_LOST " + UNPLUGGED);
  }
}
