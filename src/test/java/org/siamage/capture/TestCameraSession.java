package org.siamage.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.siamage.infer.FaceModel;

/**
 * The child JVM's side of {@link TestCamera}: opens camera N with Siamage's real camera source and
 * prints, one line each, what happened:
 * {@code frame <n> <B> <G> <R> <W>x<H>} (the first pixel), {@code failure <kind> <message>}, {@code event <kind> <message>},
 * {@code closes <n>}. Arguments: {@code source|pipeline INDEX WORK_FOLDER [WIDTHxHEIGHT]} (the size
 * asked of the camera; its own when left out).
 */
public final class TestCameraSession {
  private TestCameraSession() {}

  public static void main(String[] args) throws Exception {
    String what = args[0];
    int index = Integer.parseInt(args[1]);
    Path work = Path.of(args[2]);
    // the device node is looked for in a folder of the test's, where an empty file stands for it;
    // OpenCV then opens /dev/videoN itself, which the preloaded test camera answers
    Path devices = Files.createDirectories(work.resolve("dev"));
    Files.writeString(devices.resolve("video" + index), "");
    Resolution size = Resolution.NATIVE;
    if (args.length > 3) {
      String[] sides = args[3].split("x");
      size = new Resolution(Integer.parseInt(sides[0]), Integer.parseInt(sides[1]));
    }
    FrameSource camera = FrameSources.cameraWithDeviceFolder(new SourceSpec.Camera(index, size),
        FrameSources.CAMERA_OPEN_TIMEOUT, devices);
    if (what.equals("source")) {
      readUntilFailure(camera);
    } else {
      runPipeline(camera, work);
    }
    System.out.flush();
    System.exit(0); // OpenCV and ND4J threads would otherwise keep the child alive
  }

  private static void readUntilFailure(FrameSource camera) {
    try (camera) {
      camera.open();
      int frames = 0;
      Mat frame;
      while ((frame = camera.grab()) != null) {
        frames++;
        System.out.println("frame " + frames + " " + (frame.data().get(0) & 0xff) + " " + (frame.data().get(1) & 0xff)
            + " " + (frame.data().get(2) & 0xff) + " " + frame.cols() + "x" + frame.rows());
      }
      System.out.println("ended " + frames);
    } catch (SourceFailure failure) {
      System.out.println("failure " + failure.kind() + " " + failure.getMessage());
    }
  }

  private static void runPipeline(FrameSource camera, Path work) throws Exception {
    FaceModel model = CaptureFixtures.tinyModel(Files.createDirectories(work.resolve("model")));
    LivePipelineTest.Events events = new LivePipelineTest.Events();
    CaptureFixtures.TestSource counted = new CaptureFixtures.TestSource(camera, -1);
    new LivePipeline(counted, model, LiveSettings.defaults(), events).start();
    if (!events.stopped.await(60, TimeUnit.SECONDS)) {
      System.out.println("still running after 60 s");
    }
    System.out.println("frames " + events.frames.size());
    events.events.forEach(event -> System.out.println("event " + event.kind() + " " + event.message()));
    System.out.println("closes " + counted.closes.get());
  }
}
