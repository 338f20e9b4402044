package org.siamage.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreprocessingConfigTest {
  private static final PreprocessingConfig DETECT =
      new PreprocessingConfig(PreprocessingConfig.Mode.DETECT, 64, 0.25, true, "haarcascade_frontalface_alt2.xml");
  private static final PreprocessingConfig PRE_ALIGNED = DETECT.withMode(PreprocessingConfig.Mode.PRE_ALIGNED);

  @Test
  void aModelTrainedOnDetectedFacesCropsLiveFacesWithItsMargin() {
    assertThat(DETECT.detectedFaceFraming()).isEqualTo(1.5);
    assertThat(DETECT.hasLiveFraming()).isFalse();
  }

  @Test
  void aPreAlignedModelWithoutMeasurementUsesTheDefaultFramingOnTheWebcamAndOnPhotographsAlike() {
    assertThat(PRE_ALIGNED.detectedFaceFraming()).isEqualTo(PreprocessingConfig.UNMEASURED_PRE_ALIGNED_FRAMING);
    PreprocessingConfig photographs = PRE_ALIGNED.withMode(PreprocessingConfig.Mode.DETECT);
    assertThat(photographs.detectedFaceFraming()).isEqualTo(PreprocessingConfig.UNMEASURED_PRE_ALIGNED_FRAMING);
  }

  @Test
  void aMeasuredFramingTravelsWithTheModeChange() {
    PreprocessingConfig measured = PRE_ALIGNED.withLiveFraming(1.47, 0.006, -0.154);
    PreprocessingConfig photographs = measured.withMode(PreprocessingConfig.Mode.DETECT);
    assertThat(photographs.detectedFaceFraming()).isEqualTo(1.47);
    assertThat(photographs.liveShiftY()).isEqualTo(-0.154);
    assertThat(photographs.liveShiftX()).isEqualTo(0.006);
  }

  @Test
  void theValidatorNamesAnImpossibleFraming() {
    ExperimentConfig config = ConfigDefaults.experiment()
        .withPreprocessing(PRE_ALIGNED.withLiveFraming(9, 0, -3));
    assertThat(ConfigValidator.problems(config)).extracting(ConfigProblem::field)
        .contains("preprocessing.liveFraming", "preprocessing.liveShiftY");
  }
}
