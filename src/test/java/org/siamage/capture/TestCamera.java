package org.siamage.capture;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A V4L2 camera for tests on machines without one: {@code fake_v4l2_camera.c} (a test resource),
 * compiled here and preloaded into a child JVM, answers OpenCV's requests on one device path as a
 * USB camera's driver would, and can be pulled out mid-run or be busy. The child runs
 * {@link TestCameraSession}, which drives Siamage's real camera source, and the test reads back
 * what it printed. Linux only, and needs a C compiler ({@code .ci/run} installs gcc).
 */
final class TestCamera {
  /**
   * What the device does: deliver frames and then vanish, refuse to stream as if in use, or never
   * answer.
   */
  enum Mode { UNPLUG, BUSY, HANG }

  private final Path library;

  private TestCamera(Path library) {
    this.library = library;
  }

  /** Compiles the device into {@code folder}; skips the test (with the reason) where it cannot. */
  static TestCamera build(Path folder) throws IOException, InterruptedException {
    assumeTrue(CameraFrameSource.isLinux(), "the test camera is a Linux V4L2 device");
    assumeTrue(onPath("cc"), "the test camera needs a C compiler (cc) to build; .ci/run installs gcc");
    Path source = folder.resolve("fake_v4l2_camera.c");
    try (InputStream in = TestCamera.class.getResourceAsStream("fake_v4l2_camera.c")) {
      Files.copy(in, source);
    }
    Path library = folder.resolve("libsiamage-test-camera.so");
    Process compiler = new ProcessBuilder("cc", "-shared", "-fPIC", "-O2", "-o", library.toString(), source.toString(),
        "-ldl", "-lpthread").redirectErrorStream(true).start();
    String log = new String(compiler.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(compiler.waitFor(60, TimeUnit.SECONDS) && compiler.exitValue() == 0, "cc failed:\n" + log);
    return new TestCamera(library);
  }

  private static boolean onPath(String program) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(folder, program))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@link TestCameraSession} with {@code arguments} in a child JVM in which {@code /dev/videoN}
   * is this camera, and returns the lines it printed (standard output and error together).
   */
  List<String> run(int index, Mode mode, int framesBeforeUnplug, String... arguments)
      throws IOException, InterruptedException {
    return runDelivering("bgr24", index, mode, framesBeforeUnplug, arguments);
  }

  /** As above, the camera delivering {@code format}: {@code bgr24} or {@code yuyv} (as most USB cameras do). */
  List<String> runDelivering(String format, int index, Mode mode, int framesBeforeUnplug, String... arguments)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-Djava.awt.headless=true",
        "-cp", System.getProperty("java.class.path"), TestCameraSession.class.getName()));
    command.addAll(List.of(arguments));
    // into a file, not a pipe: reading a pipe to its end would wait for a hung child forever, and
    // the timeout below could never act
    Path log = Files.createTempFile(library.getParent(), "session-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("LD_PRELOAD", library.toString());
    builder.environment().put("SIAMAGE_FAKE_CAMERA", "/dev/video" + index);
    builder.environment().put("SIAMAGE_FAKE_CAMERA_MODE", mode.name().toLowerCase());
    builder.environment().put("SIAMAGE_FAKE_CAMERA_FRAMES", Integer.toString(framesBeforeUnplug));
    builder.environment().put("SIAMAGE_FAKE_CAMERA_FORMAT", format);
    Process child = builder.start();
    boolean ended = child.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(ended, "the child JVM did not end:\n" + output);
    assertTrue(child.exitValue() == 0, "the child JVM failed (exit " + child.exitValue() + "):\n" + output);
    return output.lines().toList();
  }
}
