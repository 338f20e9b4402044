package org.siamage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.UserFacingException;

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

  @Test
  void aFileWithoutACentreCropSeesTheWholeSquareAndAnImpossibleOneIsNamed(@TempDir Path folder)
      throws IOException {
    Path older = Files.writeString(folder.resolve("older.json"),
        "{\"schemaVersion\": 2, \"preprocessing\": {\"mode\": \"pre-aligned\", \"inputSize\": 48}}");
    assertThat(ConfigJson.read(older).preprocessing().centreCrop()).isEqualTo(1.0);
    assertThat(PRE_ALIGNED.withLiveFraming(1.2, 0, 0).withMode(PreprocessingConfig.Mode.DETECT).centreCrop())
        .isEqualTo(1.0);

    Path tight = Files.writeString(folder.resolve("tight.json"),
        "{\"schemaVersion\": 2, \"preprocessing\": {\"centreCrop\": 0.8}}");
    assertThat(ConfigJson.read(tight).preprocessing().centreCrop()).isEqualTo(0.8);

    Path impossible = Files.writeString(folder.resolve("impossible.json"),
        "{\"schemaVersion\": 2, \"preprocessing\": {\"centreCrop\": 0.3}}");
    assertThatThrownBy(() -> ConfigJson.read(impossible)).isInstanceOf(UserFacingException.class)
        .hasMessageContaining("impossible.json").hasMessageContaining("preprocessing.centreCrop")
        .hasMessageContaining("0.3");
  }
}
