package org.siamage.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.siamage.config.ConfigDefaults;
import org.siamage.config.DataConfig;
import org.siamage.config.ExperimentConfig;
import org.siamage.config.ModelConfig;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;
import org.siamage.data.preprocess.FacePreprocessor;
import org.siamage.data.sample.SampleFaceGenerator;
import org.siamage.data.sample.SampleFaceSpec;
import org.siamage.model.SiameseNetwork;
import org.siamage.model.bundle.ModelBundle;
import org.siamage.model.bundle.ModelBundleWriter;
import org.siamage.model.bundle.NamedTensor;
import org.siamage.model.bundle.Provenance;
import org.siamage.model.bundle.ReferenceGalleryData;
import org.siamage.service.DatasetService;
import org.siamage.model.loss.SiameseLoss;

/**
 * A tiny untrained model bundle over a few procedurally drawn sample faces, written in seconds: a
 * compact-inception tower (width 8, 32 px, 16-d embedding, gender head) whose reference gallery
 * holds the sample faces' own embeddings, so reference ids map to the dataset's files.
 */
public final class TinyFaceModels {
  public static final int INPUT_SIZE = 32;

  private TinyFaceModels() {}

  /** A written model and the sample dataset its references come from. */
  public record Written(Path bundle, Path dataset) {}

  /** Draws {@code faces} sample faces into {@code folder/faces} and writes {@code folder/tiny.siamage}. */
  public static Written write(Path folder, int faces) throws IOException {
    return write(folder, faces, PreprocessingConfig.Mode.PRE_ALIGNED);
  }

  /**
   * As {@link #write(Path, int)} with another preprocessing mode ({@code detect} finds no face on
   * the drawn sample faces: their references then come from centre crops).
   */
  public static Written write(Path folder, int faces, PreprocessingConfig.Mode preprocessingMode) throws IOException {
    return write(folder, faces, preprocessingMode, java.util.function.UnaryOperator.identity());
  }

  /** As {@link #write(Path, int, PreprocessingConfig.Mode)} with the stored config changed by {@code adjust}. */
  public static Written write(Path folder, int faces, PreprocessingConfig.Mode preprocessingMode,
      java.util.function.UnaryOperator<ExperimentConfig> adjust) throws IOException {
    Path dataset = folder.resolve("faces");
    new SampleFaceGenerator().generate(dataset, SampleFaceSpec.defaults().withCount(faces).withImageSize(48),
        ProgressListener.silent(), new StopToken());
    ExperimentConfig defaults = ConfigDefaults.experiment();
    ExperimentConfig config = defaults
        .withData(new DataConfig(dataset.toString(), "", 0.2, 0.2, 3L, folder.resolve("cache").toString()))
        .withPreprocessing(new PreprocessingConfig(preprocessingMode, INPUT_SIZE, 0.25, true,
            "haarcascade_frontalface_alt2.xml"))
        .withModel(new ModelConfig(ModelConfig.Backbone.COMPACT_INCEPTION, 8, 16, true));
    config = adjust.apply(config);
    SiameseNetwork network = SiameseNetwork.create(config.model(), INPUT_SIZE, config.training(),
        SiameseLoss.fromConfig(config.training()));
    Dataset data = new DatasetService(1).open(dataset, ProgressListener.silent(), new StopToken());
    List<FaceRecord> records = data.faces();
    int plane = 3 * INPUT_SIZE * INPUT_SIZE;
    float[] inputs = new float[records.size() * plane];
    try (FacePreprocessor preprocessor = new FacePreprocessor(config.preprocessing(), true)) {
      for (int i = 0; i < records.size(); i++) {
        FacePreprocessor.writeNetworkInput(preprocessor.preprocess(records.get(i).image()).crop().rgb(), 0,
            INPUT_SIZE, inputs, i * plane);
      }
    }
    float[][] embeddings = network.embed(inputs, records.size());
    int dimension = embeddings[0].length;
    float[] flat = new float[records.size() * dimension];
    int[] ages = new int[records.size()];
    byte[] genders = new byte[records.size()];
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      System.arraycopy(embeddings[i], 0, flat, i * dimension, dimension);
      ages[i] = records.get(i).age();
      genders[i] = switch (records.get(i).gender()) {
        case FEMALE -> ReferenceGalleryData.FEMALE;
        case MALE -> ReferenceGalleryData.MALE;
        case UNKNOWN -> ReferenceGalleryData.UNKNOWN;
      };
      ids.add(records.get(i).id());
    }
    List<NamedTensor> tensors = new ArrayList<>();
    for (Map.Entry<String, INDArray> parameter : network.parameters().entrySet()) {
      long[] shape = parameter.getValue().shape();
      int[] intShape = new int[shape.length];
      for (int k = 0; k < shape.length; k++) {
        intShape[k] = (int) shape[k];
      }
      tensors.add(NamedTensor.of(parameter.getKey(), parameter.getValue().dup('c').data().asFloat(), intShape));
    }
    ModelBundle bundle = new ModelBundle(config, tensors, List.of(),
        new ReferenceGalleryData(ids, ages, genders, flat, dimension),
        Provenance.forThisRuntime("test", "ND4J CPU (test)", 42L, "sample", "a".repeat(64), "b".repeat(64),
            Instant.parse("2026-01-01T00:00:00Z"), Duration.ofSeconds(1), Map.of()));
    Path file = folder.resolve("tiny.siamage");
    Files.createDirectories(folder);
    ModelBundleWriter.write(bundle, file);
    return new Written(file, dataset);
  }
}
