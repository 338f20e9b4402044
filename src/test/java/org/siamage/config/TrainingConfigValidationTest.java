package org.siamage.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Training settings that only make sense together, or within their range. */
class TrainingConfigValidationTest {
  /** The default experiment with its training settings changed by {@code change}. */
  private static ExperimentConfig defaultsWith(UnaryOperator<TrainingConfig.Builder> change) {
    ExperimentConfig defaults = ConfigDefaults.experiment();
    return defaults.withTraining(change.apply(defaults.training().toBuilder()).build());
  }

  @Test
  void aLabelSpreadWithoutTheBinsHeadIsNamed() {
    ExperimentConfig spreadWithoutBins = defaultsWith(t -> t.ageHead(TrainingConfig.AgeHead.L1).ageLabelSpread(2));
    assertThat(ConfigValidator.problems(spreadWithoutBins)).extracting(ConfigProblem::field)
        .containsExactly("training.ageLabelSpread");
    assertThat(ConfigValidator.problems(spreadWithoutBins).get(0).message()).contains("bins").contains("l1");
    ExperimentConfig withBins = defaultsWith(t -> t.ageHead(TrainingConfig.AgeHead.BINS).ageLabelSpread(2));
    assertThat(ConfigValidator.problems(withBins)).isEmpty();
  }

  @Test
  void anErasingProbabilityOutsideZeroToOneIsNamed() {
    ExperimentConfig tooLikely = defaultsWith(t -> t.erasing(1.5));
    assertThat(ConfigValidator.problems(tooLikely)).extracting(ConfigProblem::field)
        .containsExactly("training.erasing");
    assertThat(ConfigValidator.problems(tooLikely).get(0).message()).contains("1.5");
    assertThat(ConfigValidator.problems(defaultsWith(t -> t.erasing(0.5)))).isEmpty();
  }

  @Test
  void aWeightAverageDecayMustBeOffOrJustBelowOne() {
    for (double bad : new double[] {0.5, 1.0, -0.1}) {
      List<ConfigProblem> problems = ConfigValidator.problems(defaultsWith(t -> t.weightAveraging(bad)));
      assertThat(problems).extracting(ConfigProblem::field).containsExactly("training.weightAveraging");
      assertThat(problems.get(0).message()).contains(bad == 1.0 ? "1" : Double.toString(bad));
    }
    assertThat(ConfigValidator.problems(defaultsWith(t -> t.weightAveraging(0.999)))).isEmpty();
    assertThat(ConfigValidator.problems(defaultsWith(t -> t.weightAveraging(0)))).isEmpty();
  }
}
