package org.siamage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.siamage.config.ModelConfig;
import org.siamage.core.UserFacingException;
import org.siamage.model.loss.LossNames;
import org.siamage.model.loss.SiameseLoss;

class SiameseNetworkTest {
  @Test
  void referenceCnnHasTheFixedComparisonSize() {
    SiameseNetwork network = NetworkFixtures.network("reference-cnn", 16, 64, false, 64);
    assertThat(network.trainableParameterCount()).isEqualTo(617_600);
    // one set of weights for both towers and the inference tower: 3 convolutions + dense, each w + b
    assertThat(network.parameters()).hasSize(8);
  }

  @Test
  void trainStepReportsNamedLossesAndDistancesThatMatchTheInferenceTower() {
    SiameseNetwork network = NetworkFixtures.network("reference-cnn", 16, 16, true, 32);
    PairBatch batch = NetworkFixtures.brightnessBatch(new Random(1), 6, 32, true);
    StepResult before = network.evaluate(batch);
    assertThat(before.losses()).containsKeys(LossNames.PAIR, LossNames.GENDER, LossNames.TOTAL);
    assertThat(before.totalLoss())
        .isCloseTo(
            before.losses().get(LossNames.PAIR) + NetworkFixtures.TRAINING.genderWeight() * before.losses().get(LossNames.GENDER),
            Offset.offset(1e-5));
    assertThat(before.distances()).hasSize(6);
    for (float d : before.distances()) {
      assertThat(d).isBetween(0f, 2f);
    }

    // without batch norm the inference tower computes exactly what the training towers do
    float[][] left = network.embed(batch.left(), 6);
    float[][] right = network.embed(batch.right(), 6);
    for (int i = 0; i < 6; i++) {
      assertThat(norm(left[i])).isCloseTo(1.0, Offset.offset(1e-4));
      assertThat(distance(left[i], right[i])).isCloseTo(before.distances()[i], Offset.offset(1e-4));
    }

    StepResult step = network.trainStep(batch, 1e-3);
    assertThat(step.totalLoss()).isCloseTo(before.totalLoss(), Offset.offset(1e-5));
    assertThat(network.evaluate(batch).totalLoss()).isNotEqualTo(before.totalLoss());
    assertThat(network.iteration()).isEqualTo(1);
    Prediction prediction = network.predict(batch.left(), 6);
    assertThat(prediction.femaleProbability()).hasSize(6);
    for (float p : prediction.femaleProbability()) {
      assertThat(p).isBetween(0f, 1f);
    }
  }

  @ParameterizedTest(name = "{0}, whole batch {1}")
  @CsvSource({"lifted, false", "revised-contrastive, true", "contrastive, true"})
  void lossesOverTheWholeBatchTrainAtTheDefaultBatchSize(String loss, boolean wholeBatch) {
    // 64 faces, 2,016 pairs per step: the masks over all pairs build and train at the default batch
    org.siamage.config.TrainingConfig t = withSeed(NetworkFixtures.TRAINING.seed());
    org.siamage.config.TrainingConfig training = t.toBuilder()
        .loss(org.siamage.config.TrainingConfig.Loss.fromWireName(loss)).batchAllPairs(wholeBatch).build();
    SiameseNetwork network = SiameseNetwork.create(
        new org.siamage.config.ModelConfig(org.siamage.config.ModelConfig.Backbone.REFERENCE_CNN, 4, 8, true), 16, training, org.siamage.model.loss.SiameseLoss.fromConfig(training));
    PairBatch batch = NetworkFixtures.brightnessBatch(new Random(9), 32, 16, true);
    StepResult first = network.trainStep(batch, 1e-3);
    StepResult second = network.trainStep(batch, 1e-3);
    assertThat(first.totalLoss()).isFinite();
    assertThat(second.totalLoss()).isFinite().isNotEqualTo(first.totalLoss());
  }

  @Test
  void repeatedExecutionsGiveTheSameResults() {
    // SameDiff M2.1's default array cache made the second execution of this graph wrong
    SiameseNetwork network = NetworkFixtures.network("reference-cnn", 16, 16, true, 32);
    PairBatch batch = NetworkFixtures.brightnessBatch(new Random(6), 4, 32, true);
    float[][] first = network.embed(batch.left(), 4);
    float[][] second = network.embed(batch.left(), 4);
    for (int i = 0; i < 4; i++) {
      assertThat(second[i]).containsExactly(first[i], Offset.offset(1e-6f));
    }
    StepResult evaluated = network.evaluate(batch);
    assertThat(network.evaluate(batch).totalLoss()).isCloseTo(evaluated.totalLoss(), Offset.offset(1e-6));
    SiameseNetwork twin = NetworkFixtures.network("reference-cnn", 16, 16, true, 32);
    StepResult a = network.trainStep(batch, 1e-3);
    StepResult b = twin.trainStep(batch, 1e-3);
    assertThat(a.totalLoss()).isCloseTo(b.totalLoss(), Offset.offset(1e-6));
    StepResult a2 = network.trainStep(batch, 1e-3);
    StepResult b2 = twin.trainStep(batch, 1e-3);
    assertThat(a2.totalLoss()).isCloseTo(b2.totalLoss(), Offset.offset(1e-5));
    assertThat(network.parameters().get("reference-cnn/conv1/weights"))
        .isEqualTo(twin.parameters().get("reference-cnn/conv1/weights"));
  }

  @Test
  void compactInceptionTrainsWithBatchStatisticsAndEmbedsSingleFacesWithRunningOnes() {
    SiameseNetwork network = NetworkFixtures.network("compact-inception", 8, 32, false, 64);
    Map<String, INDArray> initial = network.parameters();
    String runningMean = "compact-inception/stem1/batch-norm/running-mean";
    assertThat(initial).containsKey(runningMean);
    PairBatch batch = NetworkFixtures.brightnessBatch(new Random(2), 4, 64, false);
    StepResult step = network.trainStep(batch, 1e-3);
    assertThat(step.totalLoss()).isFinite();
    assertThat(network.parameters().get(runningMean)).isNotEqualTo(initial.get(runningMean));

    float[][] single = network.embed(NetworkFixtures.randomImages(new Random(3), 1, 64), 1);
    assertThat(single).hasDimensions(1, 32);
    assertThat(norm(single[0])).isCloseTo(1.0, Offset.offset(1e-4));
  }

  @Test
  void loadedParametersRestoreTheEmbeddings() {
    SiameseNetwork trained = NetworkFixtures.network("compact-inception", 8, 16, true, 32);
    trained.trainStep(NetworkFixtures.brightnessBatch(new Random(4), 4, 32, true), 1e-2);

    ModelConfig model = trained.modelConfig();
    SiameseNetwork restored =
        SiameseNetwork.create(
            model,
            32,
            withSeed(99),
            SiameseLoss.fromConfig(NetworkFixtures.TRAINING));
    float[] images = NetworkFixtures.randomImages(new Random(5), 3, 32);
    assertThat(restored.embed(images, 3)[0]).isNotEqualTo(trained.embed(images, 3)[0]);
    restored.loadParameters(trained.parameters());
    float[][] expected = trained.embed(images, 3);
    float[][] actual = restored.embed(images, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(actual[i]).containsExactly(expected[i], Offset.offset(1e-6f));
    }
  }

  @Test
  void parametersOfAnotherArchitectureAreRefusedWithTheMisfittingArray() {
    SiameseNetwork small = NetworkFixtures.network("reference-cnn", 16, 8, false, 32);
    SiameseNetwork other = NetworkFixtures.network("reference-cnn", 16, 16, false, 32);
    assertThatThrownBy(() -> other.loadParameters(small.parameters()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has shape")
        .hasMessageContaining("the network expects");
  }

  @Test
  void unknownBackboneIsReportedWithTheBadValue() {
    assertThatThrownBy(() -> NetworkFixtures.network("resnet", 16, 8, false, 32))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("model.backbone")
        .hasMessageContaining("'resnet'");
  }

  private static org.siamage.config.TrainingConfig withSeed(long seed) {
    org.siamage.config.TrainingConfig t = NetworkFixtures.TRAINING;
    return t.toBuilder().seed(seed).build();
  }

  static double norm(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += v * v;
    }
    return Math.sqrt(sum);
  }

  static double distance(float[] a, float[] b) {
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      sum += (a[k] - b[k]) * (a[k] - b[k]);
    }
    return Math.sqrt(sum);
  }
}
