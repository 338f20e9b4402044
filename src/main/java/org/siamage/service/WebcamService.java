package org.siamage.service;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.siamage.capture.CameraProbe;
import org.siamage.capture.FrameSource;
import org.siamage.capture.FrameSources;
import org.siamage.capture.LiveListener;
import org.siamage.capture.LivePipeline;
import org.siamage.capture.LiveSettings;
import org.siamage.capture.SourceSpec;
import org.siamage.config.ConfigDefaults;
import org.siamage.config.ExperimentConfig;
import org.siamage.core.StopToken;
import org.siamage.data.Gender;
import org.siamage.data.sample.SampleFace;
import org.siamage.data.sample.SampleFaceGenerator;
import org.siamage.data.sample.SampleFaceSpec;
import org.siamage.infer.FaceModel;
import org.siamage.model.SiameseNetwork;
import org.siamage.model.bundle.ModelBundle;
import org.siamage.model.bundle.ModelBundleWriter;
import org.siamage.model.bundle.NamedTensor;
import org.siamage.model.bundle.Provenance;
import org.siamage.model.bundle.ReferenceGalleryData;
import org.siamage.model.loss.SiameseLoss;

/**
 * Live age and gender from a camera, file, slideshow or stream: lists cameras and starts {@link
 * LivePipeline}s. Shared by the Webcam perspective and {@code siamage bench --webcam}.
 */
public final class WebcamService {
  /** How long each camera may take to answer while cameras are listed. */
  public static final Duration CAMERA_PROBE_TIMEOUT = Duration.ofSeconds(3);

  private final Function<SourceSpec, FrameSource> sources;

  public WebcamService() {
    this(FrameSources::create);
  }

  /** @param sources makes the frame source for a spec (tests hand in failing or counting sources) */
  public WebcamService(Function<SourceSpec, FrameSource> sources) {
    this.sources = sources;
  }

  /** The cameras that answer, by index; slow (seconds): call it off the UI thread. */
  public List<CameraProbe.CameraInfo> cameras(StopToken stop) {
    return new CameraProbe(CAMERA_PROBE_TIMEOUT).probe(stop);
  }

  /**
   * Starts a live pipeline on its own threads and returns at once; the source opens in the
   * background and its outcome arrives as an event.
   *
   * @param model the model for age and gender, or {@code null} for face boxes only
   */
  public LivePipeline start(SourceSpec spec, FaceModel model, LiveSettings settings, LiveListener listener) {
    LivePipeline pipeline = new LivePipeline(sources.apply(spec), model, settings, listener);
    pipeline.start();
    return pipeline;
  }

  /**
   * An untrained compact-inception model whose reference gallery is {@code references} sample
   * faces embedded by it. Its ages are meaningless, but it costs exactly what a trained model of
   * the same architecture costs, which is all a speed benchmark needs when no model is at hand.
   *
   * @param file where the bundle is written
   */
  public static FaceModel untrainedSampleModel(Path file, int references, long seed) throws IOException {
    return untrainedSampleModel(ConfigDefaults.experiment(), file, references, seed);
  }

  /**
   * {@link #untrainedSampleModel(Path, int, long)} with another architecture or input size (tests
   * use a tiny one).
   */
  public static FaceModel untrainedSampleModel(ExperimentConfig config, Path file, int references, long seed)
      throws IOException {
    int size = config.preprocessing().inputSize();
    SiameseNetwork network = SiameseNetwork.create(config.model(), size, config.training(),
        SiameseLoss.fromConfig(config.training()));
    SampleFaceGenerator generator = new SampleFaceGenerator();
    SampleFaceSpec spec = SampleFaceSpec.defaults().withImageSize(size);
    int dimension = network.embeddingSize();
    float[] embeddings = new float[references * dimension];
    int[] ages = new int[references];
    byte[] genders = new byte[references];
    List<String> ids = new ArrayList<>();
    int chunk = 64;
    for (int start = 0; start < references; start += chunk) {
      int n = Math.min(chunk, references - start);
      float[] inputs = new float[n * 3 * size * size];
      for (int i = 0; i < n; i++) {
        SampleFace face = generator.drawFace(spec, start + i);
        writeChw(face.image(), inputs, i * 3 * size * size);
        ages[start + i] = face.age();
        genders[start + i] = face.gender() == Gender.FEMALE ? ReferenceGalleryData.FEMALE : ReferenceGalleryData.MALE;
        ids.add(face.file());
      }
      float[][] embedded = network.embed(inputs, n);
      for (int i = 0; i < n; i++) {
        System.arraycopy(embedded[i], 0, embeddings, (start + i) * dimension, dimension);
      }
    }
    List<NamedTensor> tensors = new ArrayList<>();
    for (Map.Entry<String, INDArray> entry : network.parameters().entrySet()) {
      INDArray array = entry.getValue().castTo(DataType.FLOAT).dup('c');
      tensors.add(new NamedTensor(entry.getKey(), array.shape(), array.length() == 0 ? new float[0]
          : array.data().asFloat()));
    }
    Provenance provenance = Provenance.forThisRuntime("bench", TrainingService.backendDescription(), seed,
        "sample-faces (untrained benchmark model)", "0".repeat(64), "0".repeat(64), Instant.now(), Duration.ZERO,
        Map.of());
    ModelBundleWriter.write(new ModelBundle(config, tensors, List.of(),
        new ReferenceGalleryData(ids, ages, genders, embeddings, dimension), provenance), file);
    return FaceModel.load(file);
  }

  private static void writeChw(BufferedImage image, float[] target, int offset) {
    int size = image.getWidth();
    int plane = size * size;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int rgb = image.getRGB(x, y);
        int pixel = y * size + x;
        target[offset + pixel] = ((rgb >> 16) & 0xFF) / 127.5f - 1f;
        target[offset + plane + pixel] = ((rgb >> 8) & 0xFF) / 127.5f - 1f;
        target[offset + 2 * plane + pixel] = (rgb & 0xFF) / 127.5f - 1f;
      }
    }
  }
}
