package org.siamage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.UserFacingException;

class ConfigJsonTest {
  @TempDir Path folder;

  @Test
  void defaultsAreValid() {
    assertThat(ConfigValidator.problems(ConfigDefaults.experiment())).isEmpty();
  }

  @Test
  void writeThenReadGivesTheSameConfig() throws Exception {
    ExperimentConfig config = ConfigDefaults.experiment();
    Path file = folder.resolve("experiment.json");
    ConfigJson.write(config, file);
    assertThat(ConfigJson.read(file)).isEqualTo(config);
    assertThat(Files.list(folder)).containsExactly(file);
  }

  @Test
  void missingFieldsTakeTheirDefaults() {
    ExperimentConfig config =
        ConfigJson.parse("{\"training\": {\"epochs\": 3}, \"model\": {\"width\": 24}}", "test");
    assertThat(config.training().epochs()).isEqualTo(3);
    assertThat(config.model().width()).isEqualTo(24);
    assertThat(config.training().learningRate())
        .isEqualTo(ConfigDefaults.experiment().training().learningRate());
  }

  @Test
  void anOlderBundlesEvaluationWithoutAnUnusualDistanceHasNoneAndAnOutOfRangeOneIsNamed() {
    assertThat(ConfigJson.parse("{\"evaluation\": {\"neighbours\": 30}}", "old.json").evaluation()
        .unusualDistance()).isZero();
    assertThatThrownBy(() -> ConfigJson.parse("{\"evaluation\": {\"unusualDistance\": 3}}", "my.json"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("evaluation.unusualDistance = 3: must be between 0 and 2");
  }

  @Test
  void anInvalidValueIsNamedWithItsField() {
    assertThatThrownBy(() -> ConfigJson.parse(
            "{\"training\": {\"learningRate\": -1, \"loss\": \"hinge\"}}", "my.json"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("my.json")
        .hasMessageContaining("training.learningRate = -1.0")
        .hasMessageContaining("training.loss = \"hinge\": must be one of contrastive, lifted,");
  }

  @Test
  void anUnknownNameOfAnEnumerationIsListedWithTheOtherProblems() {
    InvalidConfigException error = (InvalidConfigException) catchThrowable(() -> ConfigJson.parse(
        "{\"preprocessing\": {\"mode\": \"detected\", \"inputSize\": 8}}", "my.json"));
    assertThat(error).hasMessageContaining("my.json")
        .hasMessageContaining("preprocessing.mode = \"detected\": must be one of detect, pre-aligned");
    assertThat(error.problems()).extracting(ConfigProblem::field)
        .containsExactly("preprocessing.mode", "preprocessing.inputSize");
    assertThatThrownBy(() -> ConfigJson.parse("{\"preprocessing\": {\"mode\": 3}}", "x.json"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("preprocessing.mode = \"3\": must be one of detect, pre-aligned");
    assertThatThrownBy(() -> ConfigJson.parse("{\"preprocessing\": {\"mode\": [\"detect\"]}}", "x.json"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("preprocessing.mode = [\"detect\"]: must be one of detect, pre-aligned");
  }

  @Test
  void aMisspeltAgeHeadIsNamedWithTheNamesItMayTake() {
    assertThatThrownBy(() -> ConfigJson.parse("{\"training\": {\"ageHead\": \"binz\"}}", "my.json"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("Invalid experiment config my.json:\n  training.ageHead = \"binz\": must be one of bins, l1, none");
  }

  @Test
  void aMisspeltAgeHeadDoesNotAlsoCountAsNoAgeHead() {
    // without an age head, no pair loss would be a second problem; a name that is no head at all is one
    InvalidConfigException error = (InvalidConfigException) catchThrowable(() -> ConfigJson.parse(
        "{\"training\": {\"loss\": \"none\", \"ageHead\": \"binz\"}}", "x"));
    assertThat(error.problems()).extracting(ConfigProblem::field).containsExactly("training.ageHead");
  }

  @Test
  void theHeadEstimatorAndNoPairLossNeedAnAgeHead() {
    InvalidConfigException error = (InvalidConfigException) catchThrowable(() -> ConfigJson.parse(
        "{\"training\": {\"loss\": \"none\"}, \"evaluation\": {\"estimator\": \"head\"}}", "x"));
    assertThat(error.problems()).extracting(ConfigProblem::field)
        .containsExactlyInAnyOrder("training.loss", "evaluation.estimator");
    assertThat(error).hasMessageContaining("needs training.ageHead (l1 or bins)");
    assertThat(ConfigJson.parse("{\"training\": {\"loss\": \"none\", \"ageHead\": \"bins\"},"
        + " \"evaluation\": {\"estimator\": \"blend\", \"blendWeight\": 0.3}}", "y").training().hasPairLoss())
        .isFalse();
  }

  @Test
  void everyProblemIsListedAtOnce() {
    InvalidConfigException error = (InvalidConfigException) catchThrowable(() -> ConfigJson.parse(
        "{\"preprocessing\": {\"inputSize\": 8}, \"training\": {\"batchSize\": 1}}", "x"));
    assertThat(error.problems()).extracting(ConfigProblem::field)
        .containsExactlyInAnyOrder("preprocessing.inputSize", "training.batchSize");
  }

  @Test
  void anUnknownFieldIsRefusedByName() {
    assertThatThrownBy(() -> ConfigJson.parse("{\"training\": {\"epoch\": 3}}", "x.json"))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("unknown field training.epoch")
        .hasMessageContaining("epochs");
  }

  @Test
  void aWrongTypeIsRefusedByName() {
    assertThatThrownBy(() -> ConfigJson.parse("{\"training\": {\"epochs\": \"ten\"}}", "x.json"))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("training.epochs");
  }

  @Test
  void aSchemaOneFileKeepsItsOldMeaning() {
    ExperimentConfig old = ConfigJson.parse("{\"schemaVersion\": 1, \"training\": {\"epochs\": 3}}", "old.json");
    assertThat(old.schemaVersion()).isEqualTo(ExperimentConfig.SCHEMA_VERSION);
    assertThat(old.model().headInput()).isEqualTo(ModelConfig.HeadInput.EMBEDDING);
    assertThat(old.training().balancePairTerms()).isFalse();
    assertThat(old.evaluation().tuneOnValidation()).isFalse();
    assertThat(old.training().epochs()).isEqualTo(3);
    ExperimentConfig explicit = ConfigJson.parse(
        "{\"schemaVersion\": 1, \"model\": {\"headInput\": \"features\"}}", "old.json");
    assertThat(explicit.model().headInput()).isEqualTo(ModelConfig.HeadInput.FEATURES);
    ExperimentConfig current = ConfigJson.parse("{\"training\": {\"epochs\": 3}}", "new.json");
    assertThat(current.model().headInput()).isEqualTo(ConfigDefaults.experiment().model().headInput());
    assertThat(current.training().balancePairTerms()).isTrue();
    assertThat(current.evaluation().tuneOnValidation()).isTrue();
  }

  @Test
  void brokenJsonNamesTheLine() {
    assertThatThrownBy(() -> ConfigJson.parse("{\n  \"training\": {\n    \"epochs\": 3,,\n}", "x.json"))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("not valid JSON (line 3");
  }

  @Test
  void aNewerSchemaVersionIsRefused() {
    assertThatThrownBy(() -> ConfigJson.parse("{\"schemaVersion\": 99}", "x.json"))
        .hasMessageContaining("schemaVersion = 99");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> ConfigJson.read(folder.resolve("nope.json")))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("nope.json");
  }

  private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    return org.assertj.core.api.Assertions.catchThrowable(call);
  }
}
