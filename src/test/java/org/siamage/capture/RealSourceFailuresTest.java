package org.siamage.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.StopToken;
import org.siamage.infer.FaceModel;

/**
 * The real sources driven into failure, and the messages production code gives: a video file cut
 * short while it plays, a stream whose sender drops the connection, and a camera device node that
 * OpenCV cannot open. No fixture supplies the wording.
 */
@Tag("slow")
class RealSourceFailuresTest {
  @TempDir static Path temp;
  static SampleVideo.Written video;

  @BeforeAll
  static void makeVideo() throws IOException {
    video = SampleVideo.write(temp.resolve("faces.mp4"), 640, 480, 30, 4, 3L, new StopToken());
  }

  private static Path copyOfVideo(String name) throws IOException {
    return Files.copy(video.file(), temp.resolve(name));
  }

  /**
   * Reads until the source ends or fails; returns the frames read, or throws its failure. The
   * source reuses one Mat for every frame, so nothing here closes it.
   */
  private static int readToTheEnd(FrameSource source, int alreadyRead) {
    int frames = alreadyRead;
    while (source.grab() != null) {
      frames++;
    }
    return frames;
  }

  @Test
  void aWholeVideoEndsQuietlyWithEveryFrame() throws IOException {
    try (FrameSource source = FrameSources.create(
        new SourceSpec.VideoFile(copyOfVideo("whole.mp4"), false, false, Resolution.NATIVE))) {
      source.open();
      assertThat(readToTheEnd(source, 0)).isEqualTo(video.facesPerFrame().length);
    }
  }

  @Test
  void aVideoCutShortWhileItPlaysIsReportedAsCutShort() throws IOException {
    Path file = copyOfVideo("cut.mp4");
    try (FrameSource source = FrameSources.create(new SourceSpec.VideoFile(file, false, false, Resolution.NATIVE))) {
      source.open();
      for (int i = 0; i < 10; i++) {
        assertThat(source.grab()).isNotNull();
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(channel.size() / 2);
      }
      assertThatThrownBy(() -> readToTheEnd(source, 10))
          .isInstanceOfSatisfying(SourceFailure.class, e -> assertThat(e.kind()).isEqualTo(SourceFailure.Kind.SOURCE_LOST))
          .hasMessageStartingWith("The video " + file.getFileName() + " ended after")
          .hasMessageContaining("of its " + video.facesPerFrame().length + " frames")
          .hasMessageContaining("cut short or damaged");
    }
  }

  @Test
  void theLivePipelineShowsTheCutVideosMessageAndReleasesIt() throws Exception {
    FaceModel model = CaptureFixtures.tinyModel(temp.resolve("model"));
    Path file = copyOfVideo("cut-live.mp4");
    LivePipelineTest.Events events = new LivePipelineTest.Events();
    CaptureFixtures.TestSource source = new CaptureFixtures.TestSource(FrameSources.create(
        new SourceSpec.VideoFile(file, false, true, Resolution.NATIVE)), -1);
    new LivePipeline(source, model, LiveSettings.defaults(), events).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (events.frames.size() < 10 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(events.frames.size()).isGreaterThanOrEqualTo(10);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() / 2);
    }
    assertThat(events.stopped.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(events.kinds()).containsSubsequence(LiveEvent.Kind.STARTED, LiveEvent.Kind.SOURCE_LOST,
        LiveEvent.Kind.STOPPED);
    assertThat(events.events).anySatisfy(event -> assertThat(event.message()).contains("cut short or damaged"));
    assertThat(source.closes.get()).isEqualTo(1);
  }

  @Test
  void aStreamWhoseSenderDropsTheConnectionIsReportedAsDropped() throws Exception {
    byte[] transportStream = Files.readAllBytes(asTransportStream(video.file(), temp.resolve("faces.ts")));
    // the sender dies only once the stream is open: a reset that arrives while FFmpeg still probes
    // discards the bytes it has not read, and the open fails instead (seen on a loaded machine)
    java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread sender = new Thread(() -> {
        try (Socket client = server.accept()) {
          OutputStream out = client.getOutputStream();
          out.write(transportStream, 0, transportStream.length / 2);
          out.flush();
          opened.await(30, java.util.concurrent.TimeUnit.SECONDS);
          client.setSoLinger(true, 0); // close with a reset, as a sender that dies does
        } catch (IOException | InterruptedException ignored) {
          // the test fails on the reading side if the sender could not send
        }
      }, "test-stream-sender");
      sender.setDaemon(true);
      sender.start();
      String url = "tcp://127.0.0.1:" + server.getLocalPort();
      try (FrameSource source = FrameSources.create(new SourceSpec.NetworkStream(url, Resolution.NATIVE))) {
        try {
          source.open();
        } finally {
          opened.countDown();
        }
        int[] frames = new int[1];
        assertThatThrownBy(() -> frames[0] = readToTheEnd(source, 0))
            .isInstanceOfSatisfying(SourceFailure.class,
                e -> assertThat(e.kind()).isEqualTo(SourceFailure.Kind.SOURCE_LOST))
            .hasMessageStartingWith("The stream " + url + " stopped sending")
            .hasMessageContaining("the connection dropped");
      }
      sender.join(10_000);
    }
  }

  @Test
  void aDeviceNodeThatOpenCvCannotOpenIsReportedAsBusy() throws IOException {
    int index = 6;
    assumeTrue(!Files.exists(CameraFrameSource.devicePath(index)), "this machine has a camera " + index);
    Path devices = Files.createDirectories(temp.resolve("dev"));
    Files.writeString(devices.resolve("video" + index), "not a camera");
    try (FrameSource camera = FrameSources.cameraWithDeviceFolder(
        new SourceSpec.Camera(index, Resolution.NATIVE), Duration.ofSeconds(3), devices)) {
      assertThatThrownBy(camera::open)
          .isInstanceOfSatisfying(SourceFailure.class,
              e -> assertThat(e.kind()).isEqualTo(SourceFailure.Kind.CAMERA_BUSY))
          .hasMessageContaining("Camera " + index + " is there but could not be opened")
          .hasMessageContaining("another program may be using it");
    }
  }

  /** The same frames in an MPEG transport stream, the container streams are sent in. */
  private static Path asTransportStream(Path mp4, Path ts) throws IOException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile())) {
      grabber.start();
      try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(ts.toFile(), grabber.getImageWidth(),
          grabber.getImageHeight(), 0)) {
        recorder.setFormat("mpegts");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
        recorder.setFrameRate(grabber.getFrameRate());
        recorder.setVideoQuality(4);
        recorder.start();
        Frame frame;
        while ((frame = grabber.grabImage()) != null) {
          recorder.record(frame);
        }
        recorder.stop();
      }
      grabber.stop();
    }
    return ts;
  }
}
