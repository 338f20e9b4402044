package org.siamage.config;

/**
 * One experiment: everything a run needs, as one immutable tree. Saved as JSON; the GUI's "export
 * config" writes exactly the file {@code siamage train --config} reads.
 *
 * @param schemaVersion version of this file format, {@link #SCHEMA_VERSION} when written
 */
public record ExperimentConfig(
    int schemaVersion,
    DataConfig data,
    PreprocessingConfig preprocessing,
    ModelConfig model,
    TrainingConfig training,
    EvaluationConfig evaluation,
    ProjectionConfig projection) {
  /**
   * 2 since the heads may read the pooled features, the pair terms are balanced and evaluation
   * settings are chosen on the validation part by default; schema-1 files are read with their old
   * meaning ({@link ConfigJson}).
   */
  public static final int SCHEMA_VERSION = 2;

  public ExperimentConfig withData(DataConfig newData) {
    return new ExperimentConfig(
        schemaVersion, newData, preprocessing, model, training, evaluation, projection);
  }

  public ExperimentConfig withPreprocessing(PreprocessingConfig newPreprocessing) {
    return new ExperimentConfig(
        schemaVersion, data, newPreprocessing, model, training, evaluation, projection);
  }

  public ExperimentConfig withModel(ModelConfig newModel) {
    return new ExperimentConfig(
        schemaVersion, data, preprocessing, newModel, training, evaluation, projection);
  }

  public ExperimentConfig withTraining(TrainingConfig newTraining) {
    return new ExperimentConfig(
        schemaVersion, data, preprocessing, model, newTraining, evaluation, projection);
  }

  public ExperimentConfig withEvaluation(EvaluationConfig newEvaluation) {
    return new ExperimentConfig(
        schemaVersion, data, preprocessing, model, training, newEvaluation, projection);
  }

  public ExperimentConfig withProjection(ProjectionConfig newProjection) {
    return new ExperimentConfig(
        schemaVersion, data, preprocessing, model, training, evaluation, newProjection);
  }
}
