package org.siamage.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.siamage.config.ModelConfig;
import org.siamage.config.TrainingConfig;
import org.siamage.model.loss.SiameseLoss;

/** Decoupled weight decay shrinks weight matrices and kernels by lr × decay and nothing else. */
class WeightDecayTest {
  private static final double LEARNING_RATE = 0.01;
  private static final double DECAY = 5.0;

  private static Map<String, INDArray> afterOneStep(double weightDecay) {
    ModelConfig model = new ModelConfig(ModelConfig.Backbone.PLAIN_CNN, 4, 8, true, "", ModelConfig.HeadInput.FEATURES);
    TrainingConfig training = NetworkFixtures.TRAINING.toBuilder().weightDecay(weightDecay).build();
    SiameseNetwork network = SiameseNetwork.create(model, 16, training, SiameseLoss.fromConfig(training));
    network.trainStep(NetworkFixtures.brightnessBatch(new Random(5), 8, 16, true), LEARNING_RATE);
    return network.parameters();
  }

  @Test
  void weightsShrinkByTheDecayAfterTheirStepAndBiasesScalesAndShiftsDoNot() {
    Map<String, INDArray> plain = afterOneStep(0);
    Map<String, INDArray> decayed = afterOneStep(DECAY);
    double factor = 1 - LEARNING_RATE * DECAY;
    int weights = 0;
    int others = 0;
    for (Map.Entry<String, INDArray> entry : plain.entrySet()) {
      String name = entry.getKey();
      float[] expected = entry.getValue().dup().data().asFloat();
      float[] actual = decayed.get(name).data().asFloat();
      boolean isWeight = name.endsWith("/weights");
      for (int i = 0; i < expected.length; i++) {
        float want = isWeight ? (float) (expected[i] * factor) : expected[i];
        assertThat(actual[i]).as("%s[%d]", name, i).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-6f));
      }
      if (isWeight) {
        weights++;
      } else {
        others++;
      }
    }
    assertThat(weights).as("decayed tensors").isGreaterThanOrEqualTo(8);
    assertThat(others).as("biases, scales and shifts left alone").isGreaterThanOrEqualTo(8);
  }
}
