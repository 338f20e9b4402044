package org.siamage.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.opencv.opencv_core.Mat;
import org.siamage.config.ConfigDefaults;
import org.siamage.config.ExperimentConfig;
import org.siamage.config.ModelConfig;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.StopToken;
import org.siamage.infer.FaceModel;
import org.siamage.service.WebcamService;

/** A tiny model, a short sample-face video and sources that count or fail, for the capture tests. */
public final class CaptureFixtures {
  private CaptureFixtures() {}

  /** An untrained compact-inception of width 8, 16-d embeddings, 32 px input, 40 references. */
  public static FaceModel tinyModel(Path folder) throws IOException {
    return tinyModel(folder, 0);
  }

  /**
   * As {@link #tinyModel(Path)} with {@code evaluation.unusualDistance} set (0 = no unusual-face
   * check), written to {@code folder/tiny-<distance>.siamage}.
   */
  public static FaceModel tinyModel(Path folder, double unusualDistance) throws IOException {
    ExperimentConfig defaults = ConfigDefaults.experiment();
    defaults = defaults.withEvaluation(defaults.evaluation().withUnusualDistance(unusualDistance));
    ExperimentConfig tiny = defaults
        .withPreprocessing(new PreprocessingConfig(PreprocessingConfig.Mode.PRE_ALIGNED, 32, 0.25, true,
            "haarcascade_frontalface_alt2.xml"))
        .withModel(new ModelConfig(ModelConfig.Backbone.COMPACT_INCEPTION, 8, 16, true));
    String name = unusualDistance > 0 ? "tiny-" + unusualDistance + ".siamage" : "tiny.siamage";
    return WebcamService.untrainedSampleModel(tiny, folder.resolve(name), 40, 3L);
  }

  /** A 640×480, 15 frames/s sample-face video of {@code seconds} seconds. */
  public static SampleVideo.Written video(Path folder, int seconds) throws IOException {
    return SampleVideo.write(folder.resolve("faces.mp4"), 640, 480, 15, seconds, 5L, new StopToken());
  }

  /** The message of {@link TestSource}'s failure: the fixture's own wording, not production's. */
  public static final String UNPLUGGED = "Test source failed on purpose after its frames (unplugged)";

  /** Wraps a source: counts closes, and after {@code failAfter} frames (≥ 0) throws {@link #UNPLUGGED}. */
  public static final class TestSource implements FrameSource {
    private final FrameSource inner;
    private final int failAfter;
    private int frames;
    public final AtomicInteger closes = new AtomicInteger();

    public TestSource(FrameSource inner, int failAfter) {
      this.inner = inner;
      this.failAfter = failAfter;
    }

    @Override
    public String label() {
      return inner.label();
    }

    @Override
    public void open() {
      inner.open();
    }

    @Override
    public Mat grab() {
      if (failAfter >= 0 && frames >= failAfter) {
        throw new SourceFailure(SourceFailure.Kind.SOURCE_LOST, UNPLUGGED);
      }
      frames++;
      return inner.grab();
    }

    @Override
    public boolean isLive() {
      return inner.isLive();
    }

    @Override
    public void close() {
      closes.incrementAndGet();
      inner.close();
    }
  }
}
