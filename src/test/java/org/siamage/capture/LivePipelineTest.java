package org.siamage.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.infer.FaceModel;

/** The live pipeline on a real video file (FFmpeg) with real detection and a tiny real network. */
@Tag("slow")
class LivePipelineTest {
  @TempDir static Path temp;
  static FaceModel model;
  static SampleVideo.Written video;

  @BeforeAll
  static void makeModelAndVideo() throws IOException {
    model = CaptureFixtures.tinyModel(temp);
    video = CaptureFixtures.video(temp, 2);
  }

  /** Collects what a pipeline reports. */
  static final class Events implements LiveListener {
    final List<FrameAnalysis> frames = new CopyOnWriteArrayList<>();
    final List<LiveEvent> events = new CopyOnWriteArrayList<>();
    final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public void onFrame(FrameAnalysis analysis) {
      frames.add(analysis);
    }

    @Override
    public void onEvent(LiveEvent event) {
      events.add(event);
      if (event.kind() == LiveEvent.Kind.STOPPED) {
        stopped.countDown();
      }
    }

    List<LiveEvent.Kind> kinds() {
      return events.stream().map(LiveEvent::kind).toList();
    }
  }

  @Test
  void everyFrameOfAFileIsProcessedWithTrackedAndEstimatedFaces() throws InterruptedException {
    Events events = new Events();
    CaptureFixtures.TestSource source = new CaptureFixtures.TestSource(FrameSources.create(
        new SourceSpec.VideoFile(video.file(), false, false, Resolution.NATIVE)), -1);
    LivePipeline pipeline = new LivePipeline(source, model, LiveSettings.defaults(), events);
    pipeline.start();
    assertThat(events.stopped.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(events.kinds()).startsWith(LiveEvent.Kind.STARTED).endsWith(LiveEvent.Kind.STREAM_ENDED,
        LiveEvent.Kind.STOPPED);
    // not live: read on demand, nothing dropped
    assertThat(events.frames).hasSize(video.frames());
    assertThat(events.frames.get(events.frames.size() - 1).droppedFrames()).isZero();
    long withFaces = events.frames.stream().filter(frame -> !frame.faces().isEmpty()).count();
    assertThat(withFaces).isGreaterThan(video.frames() * 3L / 4);
    assertThat(events.frames).anySatisfy(frame -> assertThat(frame.faces()).anySatisfy(face -> {
      assertThat(face.estimated()).isTrue();
      assertThat(face.age()).isBetween(0.0, 120.0);
      assertThat(face.femaleProbability()).isBetween(0.0, 1.0);
    }));
    assertThat(events.frames).anySatisfy(frame -> assertThat(frame.estimatedFaces()).isPositive());
    assertThat(events.frames).as("a model without an unusual-face distance flags nothing")
        .allSatisfy(frame -> assertThat(frame.faces()).noneMatch(LiveFace::unusual));
    assertThat(source.closes.get()).isEqualTo(1);
    DisplayFrame shown = pipeline.display().takeLatest();
    assertThat(shown.width()).isEqualTo(640);
    assertThat(shown.pixels()[0] >>> 24).isEqualTo(0xFF); // opaque ARGB
  }

  @Test
  void facesFartherFromEveryReferenceThanTheModelsUnusualDistanceAreFlagged() throws Exception {
    // every face of a real picture lies farther than 1e-6 from its nearest reference
    FaceModel strict = CaptureFixtures.tinyModel(temp, 1e-6);
    Events events = new Events();
    LivePipeline pipeline = new LivePipeline(FrameSources.create(
        new SourceSpec.VideoFile(video.file(), false, false, Resolution.NATIVE)), strict, LiveSettings.defaults(),
        events);
    pipeline.start();
    assertThat(events.stopped.await(60, TimeUnit.SECONDS)).isTrue();
    List<LiveFace> estimated = events.frames.stream().flatMap(frame -> frame.faces().stream())
        .filter(LiveFace::estimated).toList();
    assertThat(estimated).isNotEmpty().allMatch(LiveFace::unusual);
  }

  @Test
  void theNetworkRunsNoMoreOftenThanItsLimitWhateverTheFrameRate() throws InterruptedException {
    Events events = new Events();
    CaptureFixtures.TestSource source = new CaptureFixtures.TestSource(FrameSources.create(
        new SourceSpec.VideoFile(video.file(), true, false, Resolution.NATIVE)), -1);
    LiveSettings twoRunsASecond = new LiveSettings(LiveSettings.DEFAULT_DETECTOR, 320, 0.08, 1, 30, 8, 6, 8, 1500, 2);
    LivePipeline pipeline = new LivePipeline(source, model, twoRunsASecond, events);
    long started = System.nanoTime();
    pipeline.start();
    // a looping file read as fast as it decodes: far more frames a second than a camera gives
    long deadline = started + TimeUnit.SECONDS.toNanos(60);
    while (events.frames.size() < 90 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(1500);
    assertThat(pipeline.stop()).isTrue();
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(events.stopped.await(10, TimeUnit.SECONDS)).isTrue();
    // each finished batch is applied in one frame; every face was due in every frame (interval 1)
    long batches = events.frames.stream().filter(frame -> frame.estimatedFaces() > 0).count();
    assertThat(batches).isPositive().isLessThanOrEqualTo((long) Math.ceil(2 * seconds) + 1);
    assertThat(events.frames.size()).as("frames in %.1f s", seconds).isGreaterThan(2 * (int) batches);
  }

  @Test
  void stopReleasesTheSourceAndALiveSourceNeverBuildsABacklog() throws InterruptedException {
    Events events = new Events();
    CaptureFixtures.TestSource source = new CaptureFixtures.TestSource(FrameSources.create(
        new SourceSpec.VideoFile(video.file(), true, true, Resolution.NATIVE)), -1);
    LivePipeline pipeline = new LivePipeline(source, model, LiveSettings.defaults(), events);
    pipeline.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (events.frames.size() < 10 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(pipeline.stop()).isTrue();
    assertThat(events.stopped.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(source.closes.get()).isEqualTo(1);
    assertThat(events.kinds()).endsWith(LiveEvent.Kind.STOPPED).doesNotContain(LiveEvent.Kind.FAILED);
    // a real-time file plays at 15 frames/s: each frame is published within a frame time or two
    assertThat(events.frames).allSatisfy(frame -> assertThat(frame.timings().latency()).isLessThan(2000));
  }

  @Test
  void aSourceFailureMidRunReachesTheListenerWithItsOwnMessageAndTheSourceIsReleased() throws InterruptedException {
    // the wording here is the fixture's; RealSourceFailuresTest drives real sources into failure
    Events events = new Events();
    CaptureFixtures.TestSource source = new CaptureFixtures.TestSource(FrameSources.create(
        new SourceSpec.VideoFile(video.file(), true, false, Resolution.NATIVE)), 5);
    new LivePipeline(source, model, LiveSettings.defaults(), events).start();
    assertThat(events.stopped.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(events.kinds()).containsSubsequence(LiveEvent.Kind.STARTED, LiveEvent.Kind.SOURCE_LOST,
        LiveEvent.Kind.STOPPED);
    assertThat(events.events).anySatisfy(event -> assertThat(event.message()).isEqualTo(CaptureFixtures.UNPLUGGED));
    assertThat(events.frames).hasSize(5);
    assertThat(source.closes.get()).isEqualTo(1);
  }

  @Test
  void aMissingFileAndAnEmptyFolderAreClearMessages() throws InterruptedException {
    Events missing = new Events();
    new LivePipeline(FrameSources.create(new SourceSpec.VideoFile(temp.resolve("gone.mp4"), false, true,
        Resolution.NATIVE)), null, LiveSettings.defaults(), missing).start();
    assertThat(missing.stopped.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(missing.kinds()).containsExactly(LiveEvent.Kind.UNREADABLE, LiveEvent.Kind.STOPPED);
    assertThat(missing.events.get(0).message()).contains("gone.mp4");

    Events empty = new Events();
    new LivePipeline(FrameSources.create(new SourceSpec.ImageFolder(temp.resolve("cache-none"), 1, false,
        Resolution.NATIVE)), null, LiveSettings.defaults(), empty).start();
    assertThat(empty.stopped.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(empty.events.get(0).message()).contains("Image folder not found");
  }

  @Test
  void withoutFacesTheNoFaceEventComes() throws InterruptedException, IOException {
    Path folder = java.nio.file.Files.createDirectories(temp.resolve("blank"));
    java.awt.image.BufferedImage blank = new java.awt.image.BufferedImage(320, 240,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    javax.imageio.ImageIO.write(blank, "png", folder.resolve("blank.png").toFile());
    Events events = new Events();
    LiveSettings quick = new LiveSettings(LiveSettings.DEFAULT_DETECTOR, 320, 0.08, 0, 30, 8, 6, 8, 200, 10);
    LivePipeline pipeline = new LivePipeline(FrameSources.create(new SourceSpec.ImageFolder(folder, 60, true,
        Resolution.NATIVE)), model, quick, events);
    pipeline.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!events.kinds().contains(LiveEvent.Kind.NO_FACE) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    pipeline.stop();
    assertThat(events.kinds()).contains(LiveEvent.Kind.NO_FACE);
  }
}
