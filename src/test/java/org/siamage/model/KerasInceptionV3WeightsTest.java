package org.siamage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.DataType;
import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.hdf5.global.hdf5;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.siamage.config.ModelConfig;
import org.siamage.core.UserFacingException;
import org.siamage.model.loss.SiameseLoss;

/** Imports a Keras-layout InceptionV3 weights file that the test writes with the HDF5 library. */
@Tag("slow")
class KerasInceptionV3WeightsTest {
  @TempDir static Path folder;
  static SiameseNetwork network;
  static List<long[]> kernelShapes = new ArrayList<>();
  static List<Long> normChannels = new ArrayList<>();

  @BeforeAll
  static void buildNetwork() {
    network = SiameseNetwork.create(new ModelConfig(ModelConfig.Backbone.INCEPTION_V3, 16, 16, false), 75,
        NetworkFixtures.TRAINING, SiameseLoss.fromConfig(NetworkFixtures.TRAINING));
    for (String name : network.parameterNamesInCreationOrder()) {
      SDVariable variable = network.sameDiff().getVariable(name);
      if (variable.name().startsWith("inception-v3/") && variable.name().endsWith("/weights")
          && variable.getArr().rank() == 4) {
        kernelShapes.add(variable.getArr().shape());
      } else if (variable.name().startsWith("inception-v3/") && variable.name().endsWith("/running-mean")) {
        normChannels.add(variable.getArr().length());
      }
    }
  }

  @Test
  void convolutionsComeInKerasOrder() {
    assertThat(kernelShapes).hasSize(KerasInceptionV3Weights.CONVOLUTIONS);
    // kernel shapes of keras.applications.InceptionV3 at fixed positions (1-based)
    assertThat(kernelShapes.get(0)).containsExactly(3, 3, 3, 32);
    assertThat(kernelShapes.get(4)).containsExactly(3, 3, 80, 192);
    assertThat(kernelShapes.get(7)).containsExactly(5, 5, 48, 64);
    assertThat(kernelShapes.get(26)).containsExactly(3, 3, 288, 384);
    assertThat(kernelShapes.get(32)).containsExactly(1, 7, 128, 128);
    assertThat(kernelShapes.get(75)).containsExactly(3, 3, 192, 192);
    assertThat(kernelShapes.get(93)).containsExactly(1, 1, 2048, 192);
  }

  @Test
  void everyWeightLandsWhereKerasHadIt() {
    Path file = folder.resolve("inception_v3_notop.h5");
    writeKerasFile(file, KerasInceptionV3Weights.CONVOLUTIONS);
    int loaded = KerasInceptionV3Weights.load(file, network);
    assertThat(loaded).isEqualTo(KerasInceptionV3Weights.CONVOLUTIONS * 4);

    Map<String, INDArray> parameters = network.parameters();
    List<String> convolutions = parameters.keySet().stream()
        .filter(name -> name.startsWith("inception-v3/") && name.endsWith("/weights")
            && parameters.get(name).rank() == 4)
        .toList();
    // the map is sorted by name, so look each up by its creation-order shape and value pattern
    for (String name : convolutions) {
      INDArray kernel = parameters.get(name);
      float first = kernel.getFloat(0);
      int layer = Math.round((first - 0f) * 100f) - 1;
      assertThat(kernel.shape()).containsExactly(kernelShapes.get(layer));
      assertThat(kernel.getFloat(5)).isEqualTo(value(layer, 5));
    }
    assertThat(parameters.entrySet()).filteredOn(entry -> entry.getKey().endsWith("/scale")
            && entry.getKey().startsWith("inception-v3/"))
        .allSatisfy(entry -> assertThat(entry.getValue().minNumber().doubleValue()).isEqualTo(1.0));
  }

  @Test
  void theTransferPresetTrainsFromAUserSuppliedKerasFile() throws java.io.IOException {
    // the route to the paper's setting: docs/presets/transfer-inception-v3.json with the user's .h5,
    // shrunk here to 12 procedural faces at 75 px and one epoch of 4 pairs
    Path weights = folder.resolve("imagenet_notop.h5");
    writeKerasFile(weights, kernelShapes.size());
    Path faces = folder.resolve("faces");
    new org.siamage.data.sample.SampleFaceGenerator().generate(faces,
        org.siamage.data.sample.SampleFaceSpec.defaults().withCount(12).withImageSize(75),
        org.siamage.core.ProgressListener.silent(), new org.siamage.core.StopToken());
    org.siamage.config.ExperimentConfig preset =
        org.siamage.config.ConfigJson.read(Path.of("docs/presets/transfer-inception-v3.json"));
    assertThat(preset.model().backbone()).isEqualTo(ModelConfig.Backbone.INCEPTION_V3);
    assertThat(preset.preprocessing().inputSize()).isEqualTo(299);
    org.siamage.config.TrainingConfig t = preset.training();
    org.siamage.config.ExperimentConfig tiny = preset
        .withData(new org.siamage.config.DataConfig(faces.toString(), "", 0.25, 0.25, 3L,
            folder.resolve("cache").toString()))
        .withPreprocessing(new org.siamage.config.PreprocessingConfig(
            org.siamage.config.PreprocessingConfig.Mode.PRE_ALIGNED, 75, 0.25, true, preset.preprocessing().detector()))
        .withModel(new ModelConfig(ModelConfig.Backbone.INCEPTION_V3, preset.model().width(),
            preset.model().embeddingSize(), preset.model().genderHead(), weights.toString(), preset.model().headInput()))
        .withTraining(t.toBuilder().warmupEpochs(0).batchSize(2).epochs(1).pairsPerEpoch(4)
            .hardNegativeMining(false).earlyStoppingPatience(0).augment(false).build());
    org.siamage.config.ConfigValidator.requireValid(tiny, "tiny transfer run");
    List<String> messages = new ArrayList<>();
    org.siamage.train.RunOutcome outcome =
        new org.siamage.service.TrainingService(new org.siamage.service.DatasetService(2), "test")
            .start(tiny, folder.resolve("run"), new org.siamage.train.TrainingListener() {
              @Override
              public void onMessage(String message) {
                messages.add(message);
              }
            }, org.siamage.core.ProgressListener.silent(), new org.siamage.core.StopToken());
    assertThat(outcome.status()).isEqualTo(org.siamage.train.RunOutcome.Status.COMPLETED);
    assertThat(messages).anyMatch(m -> m.startsWith("Started from the Keras weights") && m.contains("imagenet_notop.h5"));
    assertThat(folder.resolve("run/model.siamage")).isRegularFile();
  }

  @Test
  void aFileWithTooFewLayersIsRefusedByName() {
    Path file = folder.resolve("short.h5");
    writeKerasFile(file, 93);
    assertThatThrownBy(() -> KerasInceptionV3Weights.load(file, network))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("short.h5").hasMessageContaining("93 convolutions");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> KerasInceptionV3Weights.load(folder.resolve("absent.h5"), network))
        .isInstanceOf(UserFacingException.class).hasMessageContaining("absent.h5");
  }

  /** Kernel value j of layer i: the layer in the hundredths, the position in small steps. */
  static float value(int layer, int j) {
    return (float) ((layer + 1) * 0.01 + (j % 7) * 1e-5);
  }

  /** Keras 2 layout: group conv2d_N / conv2d_N / kernel:0, batch_normalization_N / … / beta:0 … */
  static void writeKerasFile(Path file, int convolutions) {
    // Every HDF5 object is closed here, on this thread: the library is not thread-safe, and one left
    // to the garbage collector is closed later on JavaCPP's deallocator thread, which can then race
    // with the reads of the code under test ("H5Gopen2 failed: can't reset VOL wrapper info").
    try (DataType floats = new DataType(PredType.NATIVE_FLOAT());
        H5File h5 = new H5File(file.toString(), hdf5.H5F_ACC_TRUNC())) {
      for (int i = 0; i < convolutions; i++) {
        long[] shape = kernelShapes.get(i);
        String conv = "conv2d_" + (i + 1);
        float[] values = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3])];
        for (int j = 0; j < values.length; j++) {
          values[j] = value(i, j);
        }
        write(h5, conv, "kernel:0", shape, values, floats);
        String norm = "batch_normalization_" + (i + 1);
        int channels = normChannels.get(i).intValue();
        float[] beta = new float[channels];
        float[] variance = new float[channels];
        java.util.Arrays.fill(beta, 0.5f);
        java.util.Arrays.fill(variance, 2f);
        write(h5, norm, "beta:0", new long[] {channels}, beta, floats);
        write(h5, norm, "moving_mean:0", new long[] {channels}, new float[channels], floats);
        write(h5, norm, "moving_variance:0", new long[] {channels}, variance, floats);
      }
    }
  }

  private static void write(H5File h5, String layer, String dataset, long[] shape, float[] values, DataType type) {
    Group outer = h5.nameExists(layer) ? h5.openGroup(layer) : h5.createGroup(layer);
    Group inner = outer.nameExists(layer) ? outer.openGroup(layer) : outer.createGroup(layer);
    try (DataSpace space = new DataSpace(shape.length, shape);
        DataSet set = inner.createDataSet(dataset, type, space);
        FloatPointer pointer = new FloatPointer(values)) {
      set.write(pointer, type);
    } finally {
      inner.close();
      outer.close();
    }
  }
}
