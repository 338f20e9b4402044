package org.siamage.service;

import java.io.IOException;
import java.nio.file.Path;
import org.siamage.config.ConfigDefaults;
import org.siamage.config.DataConfig;
import org.siamage.config.ExperimentConfig;
import org.siamage.config.ModelConfig;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.sample.SampleFaceGenerator;
import org.siamage.data.sample.SampleFaceSpec;
import org.siamage.train.TrainingListener;

/** A tiny model trained for one epoch on a few generated sample faces (for projection tests). */
public final class TinyModel {
  private TinyModel() {}

  /** The generated faces, the run folder and its model. */
  public record Trained(Path faces, Path run, Path model) {}

  private static Trained shared;

  /** One model for all tests of this JVM (training costs seconds), in a temporary folder. */
  public static synchronized Trained shared() throws IOException {
    if (shared == null) {
      Path folder = java.nio.file.Files.createTempDirectory("siamage-tiny-model");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(folder)));
      shared = train(folder, 48);
    }
    return shared;
  }

  private static void deleteQuietly(Path folder) {
    try (var files = java.nio.file.Files.walk(folder)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }

  public static Trained train(Path folder, int faceCount) throws IOException {
    Path faces = folder.resolve("faces");
    new SampleFaceGenerator().generate(faces, SampleFaceSpec.defaults().withCount(faceCount).withImageSize(32),
        ProgressListener.silent(), new StopToken());
    ExperimentConfig defaults = ConfigDefaults.experiment();
    ExperimentConfig config = defaults
        .withData(new DataConfig(faces.toString(), "", 0.2, 0.2, 3L, folder.resolve("cache").toString()))
        .withPreprocessing(new PreprocessingConfig(PreprocessingConfig.Mode.PRE_ALIGNED, 32, 0.25, true,
            "haarcascade_frontalface_alt2.xml"))
        .withModel(new ModelConfig(ModelConfig.Backbone.COMPACT_INCEPTION, 8, 16, true))
        .withTraining(defaults.training().withEpochs(1));
    Path run = folder.resolve("run");
    DatasetService datasets = new DatasetService(2);
    new TrainingService(datasets, "test").start(config, run, new TrainingListener() {}, ProgressListener.silent(),
        new StopToken());
    return new Trained(faces, run, run.resolve("model.siamage"));
  }
}
