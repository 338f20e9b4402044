package org.siamage.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Training settings that only make sense together. */
class TrainingConfigValidationTest {
  @Test
  void aLabelSpreadWithoutTheBinsHeadIsNamed() {
    ExperimentConfig spreadWithoutBins = ConfigDefaults.experiment().withTraining(ConfigDefaults.experiment()
        .training().toBuilder().ageHead(TrainingConfig.AgeHead.L1).ageLabelSpread(2).build());
    assertThat(ConfigValidator.problems(spreadWithoutBins)).extracting(ConfigProblem::field)
        .containsExactly("training.ageLabelSpread");
    assertThat(ConfigValidator.problems(spreadWithoutBins).get(0).message()).contains("bins").contains("l1");
    ExperimentConfig withBins = ConfigDefaults.experiment().withTraining(spreadWithoutBins.training().toBuilder()
        .ageHead(TrainingConfig.AgeHead.BINS).build());
    assertThat(ConfigValidator.problems(withBins)).isEmpty();
  }

  @Test
  void anErasingProbabilityOutsideZeroToOneIsNamed() {
    ExperimentConfig tooLikely = ConfigDefaults.experiment().withTraining(ConfigDefaults.experiment()
        .training().toBuilder().erasing(1.5).build());
    assertThat(ConfigValidator.problems(tooLikely)).extracting(ConfigProblem::field)
        .containsExactly("training.erasing");
    assertThat(ConfigValidator.problems(tooLikely).get(0).message()).contains("1.5");
    ExperimentConfig half = ConfigDefaults.experiment().withTraining(tooLikely.training().toBuilder()
        .erasing(0.5).build());
    assertThat(ConfigValidator.problems(half)).isEmpty();
  }
}
