package org.siamage.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.siamage.data.Gender;

class AgeMetricsTest {
  // Errors: +1, -2, +3.5, 0, -6, +10  →  |e| = 1, 2, 3.5, 0, 6, 10; MAE = 22.5 / 6 = 3.75.
  static final int[] TRUE_AGES = {5, 12, 18, 25, 40, 61};
  static final double[] PREDICTED = {6, 10, 21.5, 25, 34, 71};
  static final Gender[] GENDERS = {
    Gender.FEMALE, Gender.MALE, Gender.UNKNOWN, Gender.FEMALE, Gender.MALE, Gender.FEMALE
  };
  // Predicted: F, F, (F, ignored: truth unknown), M, M, (none) → 2 of 4 counted faces correct.
  static final double[] FEMALE = {0.9, 0.5, 0.8, 0.2, 0.1, Double.NaN};

  @Test
  void maeCumulativeScoreAndBiasMatchAHandComputation() {
    AgeMetrics metrics = AgeMetrics.of(TRUE_AGES, PREDICTED, GENDERS, FEMALE);
    assertThat(metrics.faces()).isEqualTo(6);
    assertThat(metrics.mae()).isCloseTo(3.75, within(1e-12));
    assertThat(metrics.meanError()).isCloseTo((1 - 2 + 3.5 + 0 - 6 + 10) / 6.0, within(1e-12));
    // |e| sorted: 0, 1, 2, 3.5, 6, 10
    assertThat(metrics.cumulativeScore(0)).isEqualTo(1 / 6.0);
    assertThat(metrics.cumulativeScore(1)).isEqualTo(2 / 6.0);
    assertThat(metrics.cumulativeScore(2)).isEqualTo(3 / 6.0);
    assertThat(metrics.cumulativeScore(3)).isEqualTo(3 / 6.0);
    assertThat(metrics.cumulativeScore(4)).isEqualTo(4 / 6.0);
    assertThat(metrics.cumulativeScore(5)).isEqualTo(4 / 6.0);
    assertThat(metrics.cumulativeScore(6)).isEqualTo(5 / 6.0);
    assertThat(metrics.cumulativeScore(10)).isEqualTo(1.0);
    assertThat(metrics.maxCumulativeScoreYears()).isEqualTo(10);
  }

  @Test
  void genderAccuracyIgnoresUnknownTruthAndMissingPredictions() {
    AgeMetrics metrics = AgeMetrics.of(TRUE_AGES, PREDICTED, GENDERS, FEMALE);
    assertThat(metrics.genderFaces()).isEqualTo(4);
    assertThat(metrics.genderAccuracy()).isEqualTo(0.5);
    assertThat(metrics.rows().get(1).predictedGender()).isEqualTo(Gender.FEMALE); // 0.5 → female
    assertThat(metrics.rows().get(5).predictedGender()).isEqualTo(Gender.UNKNOWN);
    assertThat(metrics.rows().get(5).femaleProbability()).isNull();

    AgeMetrics withoutGender = AgeMetrics.of(TRUE_AGES, PREDICTED, GENDERS, null);
    assertThat(withoutGender.genderAccuracy()).isNull();
    assertThat(withoutGender.genderFaces()).isZero();
  }

  @Test
  void bandsCoverEveryDecadeUpToTheOldestFace() {
    AgeMetrics metrics = AgeMetrics.of(TRUE_AGES, PREDICTED, GENDERS, FEMALE);
    assertThat(metrics.bands())
        .extracting(AgeBandError::label)
        .containsExactly("0–9", "10–19", "20–29", "30–39", "40–49", "50–59", "60–69");
    assertThat(metrics.bands())
        .extracting(AgeBandError::faces)
        .containsExactly(1, 2, 1, 0, 1, 0, 1);
    assertThat(metrics.bands().get(0).mae()).isEqualTo(1.0);
    assertThat(metrics.bands().get(1).mae()).isEqualTo((2 + 3.5) / 2);
    assertThat(metrics.bands().get(2).mae()).isEqualTo(0.0);
    assertThat(metrics.bands().get(3).mae()).isNull();
    assertThat(metrics.bands().get(4).mae()).isEqualTo(6.0);
    assertThat(metrics.bands().get(6).mae()).isEqualTo(10.0);
  }

  @Test
  void rowsCarryIdsErrorsAndUncertainties() {
    AgeMetrics metrics =
        AgeMetrics.of(
            List.of("a.jpg", "b.jpg"),
            new int[] {30, 40},
            new double[] {33, 38.5},
            new double[] {4.0, Double.NaN},
            new Gender[] {Gender.MALE, Gender.FEMALE},
            new double[] {0.3, 0.7},
            15);
    assertThat(metrics.rows().get(0))
        .isEqualTo(new PredictionRow("a.jpg", 30, 33, 3, 4.0, Gender.MALE, 0.3, Gender.MALE));
    assertThat(metrics.rows().get(1).error()).isEqualTo(-1.5);
    assertThat(metrics.rows().get(1).uncertainty()).isNull();
    assertThat(metrics.maxCumulativeScoreYears()).isEqualTo(15);
    assertThat(metrics.genderAccuracy()).isEqualTo(1.0);
  }

  @Test
  void anErrorOfExactlyTYearsCounts() {
    AgeMetrics metrics =
        AgeMetrics.of(
            new int[] {29},
            new double[] {29 + 0.1 + 0.2 + 2.7},
            new Gender[] {Gender.UNKNOWN},
            null);
    assertThat(metrics.cumulativeScore(3)).isEqualTo(1.0);
    assertThat(metrics.cumulativeScore(2)).isEqualTo(0.0);
  }

  @Test
  void meanAgeBaselinePredictsTheTrainingMean() {
    MeanAgeBaseline baseline = MeanAgeBaseline.of(new int[] {20, 30, 40}, new int[] {10, 30, 35});
    assertThat(baseline.meanTrainingAge()).isEqualTo(30.0);
    assertThat(baseline.mae()).isCloseTo((20 + 0 + 5) / 3.0, within(1e-12));
    assertThat(baseline.trainingFaces()).isEqualTo(3);
    assertThat(baseline.testFaces()).isEqualTo(3);
  }

  @Test
  void refusesInconsistentInput() {
    assertThatThrownBy(() -> AgeMetrics.of(new int[] {1, 2}, new double[] {1}, new Gender[2], null))
        .hasMessageContaining("differ in length");
    assertThatThrownBy(() -> AgeMetrics.of(new int[0], new double[0], new Gender[0], null))
        .hasMessageContaining("at least one");
    assertThatThrownBy(
            () ->
                AgeMetrics.of(
                    new int[] {1}, new double[] {Double.NaN}, new Gender[] {Gender.MALE}, null))
        .hasMessageContaining("NaN");
  }
}
