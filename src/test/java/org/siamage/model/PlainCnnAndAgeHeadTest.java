package org.siamage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.siamage.config.ModelConfig;
import org.siamage.config.ModelConfig.Backbone;
import org.siamage.config.TrainingConfig;
import org.siamage.core.UserFacingException;
import org.siamage.model.loss.LossNames;
import org.siamage.model.loss.SiameseLoss;

/** The plain CPU backbone, heads on its pooled features, and the age head. */
class PlainCnnAndAgeHeadTest {
  private static SiameseNetwork network(ModelConfig model, int inputSize, TrainingConfig training) {
    return SiameseNetwork.create(model, inputSize, training, SiameseLoss.fromConfig(training));
  }

  @Test
  void theDesignSizeHasAboutAMillionParametersAndTheHeadsReadThePooledFeatures() {
    ModelConfig model = new ModelConfig(Backbone.PLAIN_CNN, 32, 128, true, "", ModelConfig.HeadInput.FEATURES);
    TrainingConfig training = NetworkFixtures.TRAINING.toBuilder().ageHead(TrainingConfig.AgeHead.L1).build();
    SiameseNetwork network = network(model, 64, training);
    // convolutions 977,760, batch norm 1,472, MLP 65,792 + 32,896, gender head 257, age head 257
    assertThat(network.trainableParameterCount()).isEqualTo(977_760 + 1_472 + 65_792 + 32_896 + 257 + 257);
    Map<String, INDArray> parameters = network.parameters();
    assertThat(parameters.get("gender-head/weights").shape()).containsExactly(256, 1);
    assertThat(parameters.get("age-head/weights").shape()).containsExactly(256, 1);
  }

  @Test
  void headsOnTheEmbeddingReadTheEmbedding() {
    SiameseNetwork network = network(new ModelConfig(Backbone.PLAIN_CNN, 8, 16, true), 32, NetworkFixtures.TRAINING);
    assertThat(network.parameters().get("gender-head/weights").shape()).containsExactly(16, 1);
  }

  @Test
  void anInputSizeNotDivisibleBySixteenIsRefusedWithTheField() {
    assertThatThrownBy(() -> network(new ModelConfig(Backbone.PLAIN_CNN, 8, 16, false), 40, NetworkFixtures.TRAINING))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("preprocessing.inputSize")
        .hasMessageContaining("40");
  }

  @Test
  void theAgeHeadLearnsAgeFromBrightnessAndReportsItsLoss() {
    ModelConfig model = new ModelConfig(Backbone.PLAIN_CNN, 8, 16, true, "", ModelConfig.HeadInput.FEATURES);
    TrainingConfig training = NetworkFixtures.TRAINING.toBuilder().ageHead(TrainingConfig.AgeHead.L1)
        .ageHeadWeight(1.0).batchAllPairs(true).build();
    SiameseNetwork network = network(model, 32, training);
    network.setAgeStandardisation(40, 14);
    Random random = new Random(3);
    PairBatch probe = NetworkFixtures.brightnessBatch(new Random(99), 16, 32, true);
    double before = headError(network, probe);
    StepResult first = null;
    for (int step = 0; step < 60; step++) {
      StepResult result = network.trainStep(NetworkFixtures.brightnessBatch(random, 16, 32, true), 3e-3);
      first = first == null ? result : first;
    }
    assertThat(first.losses()).containsKeys(LossNames.AGE, LossNames.PAIR, LossNames.GENDER, LossNames.TOTAL);
    assertThat(first.totalLoss()).isCloseTo(first.losses().get(LossNames.PAIR)
        + training.genderWeight() * first.losses().get(LossNames.GENDER) + first.losses().get(LossNames.AGE),
        Offset.offset(1e-4));
    double after = headError(network, probe);
    assertThat(after).as("age head MAE after training (was %.2f)", before).isLessThan(0.6 * before);
  }

  @Test
  void theBinsHeadGivesAnExpectedAgeInsideItsBins() {
    TrainingConfig training = NetworkFixtures.TRAINING.toBuilder().ageHead(TrainingConfig.AgeHead.BINS).build();
    SiameseNetwork network = network(new ModelConfig(Backbone.PLAIN_CNN, 8, 16, false), 32, training);
    Prediction prediction = network.predict(NetworkFixtures.randomImages(new Random(1), 5, 32), 5);
    assertThat(prediction.headAge()).hasSize(5);
    for (float age : prediction.headAge()) {
      assertThat(age).isBetween(0f, (float) AgeHead.MAX_BIN_AGE);
    }
  }

  @Test
  void aLabelSpreadAddsTheDivergenceFromAGaussianOverTheBinsAndTrainsFromThePlan() {
    double spread = 2.0;
    TrainingConfig plain = NetworkFixtures.TRAINING.toBuilder().ageHead(TrainingConfig.AgeHead.BINS)
        .ageHeadWeight(1.0).build();
    TrainingConfig spreadOut = plain.toBuilder().ageLabelSpread(spread).build();
    ModelConfig model = new ModelConfig(Backbone.PLAIN_CNN, 8, 16, false, "", ModelConfig.HeadInput.FEATURES);
    SiameseNetwork withSpread = network(model, 32, spreadOut);
    SiameseNetwork without = network(model, 32, plain);
    // zero head weights: every face's softmax is uniform over the bins, its expected age 60
    Map<String, INDArray> parameters = withSpread.parameters();
    parameters.get("age-head/weights").assign(0);
    withSpread.loadParameters(parameters);
    without.loadParameters(parameters);
    withSpread.setAgeStandardisation(40, 14);
    without.setAgeStandardisation(40, 14);
    PairBatch batch = NetworkFixtures.brightnessBatch(new Random(5), 8, 32, false);

    double divergence = 0;
    double l1 = 0;
    for (float[] ages : new float[][] {batch.ageLeft(), batch.ageRight()}) {
      for (float age : ages) {
        double[] gaussian = new double[SiameseGraph.AGE_BINS];
        double sum = 0;
        for (int bin = 0; bin < gaussian.length; bin++) {
          gaussian[bin] = Math.exp(-(bin - age) * (bin - age) / (2 * spread * spread));
          sum += gaussian[bin];
        }
        for (double g : gaussian) {
          double q = g / sum;
          divergence += q > 0 ? q * Math.log(q * SiameseGraph.AGE_BINS) : 0;
        }
        l1 += Math.abs(60 - age) / 14.0;
      }
    }
    int faces = 2 * batch.size();
    assertThat(without.evaluate(batch).losses().get(LossNames.AGE)).isCloseTo(l1 / faces, Offset.offset(1e-4));
    assertThat(withSpread.evaluate(batch).losses().get(LossNames.AGE))
        .isCloseTo((l1 + divergence) / faces, Offset.offset(1e-3));

    withSpread.trainStep(batch, 1e-3);
    assertThat(withSpread.trainingRuns().planned()).as("the training step ran from its plan").isEqualTo(1);
    assertThat(withSpread.trainingRuns().sameDiff()).isZero();
  }

  @Test
  void theAgeStandardisationIsSavedWithTheWeights() {
    TrainingConfig training = NetworkFixtures.TRAINING.toBuilder().ageHead(TrainingConfig.AgeHead.L1).build();
    ModelConfig model = new ModelConfig(Backbone.PLAIN_CNN, 8, 16, false);
    SiameseNetwork trained = network(model, 32, training);
    trained.setAgeStandardisation(51.5, 7.25);
    assertThat(trained.parameters().get(AgeHead.MEAN).getDouble(0)).isEqualTo(51.5);
    SiameseNetwork loaded = network(model, 32, training);
    loaded.loadParameters(trained.parameters());
    float[] images = NetworkFixtures.randomImages(new Random(2), 3, 32);
    assertThat(loaded.predict(images, 3).headAge()).containsExactly(trained.predict(images, 3).headAge(),
        Offset.offset(1e-4f));
  }

  @Test
  void withoutAPairLossTheHeadsAloneTrain() {
    TrainingConfig training = NetworkFixtures.TRAINING.toBuilder().loss(TrainingConfig.Loss.NONE)
        .ageHead(TrainingConfig.AgeHead.L1).build();
    SiameseNetwork network = network(new ModelConfig(Backbone.PLAIN_CNN, 8, 16, true), 32, training);
    StepResult step = network.trainStep(NetworkFixtures.brightnessBatch(new Random(4), 8, 32, true), 1e-3);
    assertThat(step.losses()).containsKeys(LossNames.AGE, LossNames.GENDER, LossNames.TOTAL)
        .doesNotContainKey(LossNames.PAIR);
  }

  private static double headError(SiameseNetwork network, PairBatch batch) {
    float[] ages = network.predict(batch.left(), batch.size()).headAge();
    double sum = 0;
    for (int i = 0; i < ages.length; i++) {
      sum += Math.abs(ages[i] - batch.ageLeft()[i]);
    }
    return sum / ages.length;
  }
}
