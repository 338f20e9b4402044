package org.siamage.config;

/**
 * The one place where default values live. Where the paper is silent these are the project's
 * choices, explained in {@code docs/method.md}.
 */
public final class ConfigDefaults {
  private ConfigDefaults() {}

  /** The bundled sample dataset, relative to the project folder. */
  public static final String SAMPLE_DATASET = "sample-data/faces";

  public static ExperimentConfig experiment() {
    return new ExperimentConfig(
        ExperimentConfig.SCHEMA_VERSION,
        new DataConfig(SAMPLE_DATASET, "", 0.15, 0.15, 42L, "runs/cache"),
        new PreprocessingConfig(PreprocessingConfig.Mode.PRE_ALIGNED, 64, 0.25, true,
            "haarcascade_frontalface_alt2.xml"),
        new ModelConfig(ModelConfig.Backbone.PLAIN_CNN, 32, 128, true, "", ModelConfig.HeadInput.FEATURES),
        new TrainingConfig(
            TrainingConfig.Loss.REVISED_CONTRASTIVE,
            3.0,
            0.5,
            0.1,
            0.5,
            0.05,
            1.4,
            0.5,
            TrainingConfig.Optimizer.ADAM,
            1e-3,
            0.9,
            TrainingConfig.Schedule.COSINE,
            1,
            10,
            0.5,
            16,
            20,
            0,
            false,
            true,
            true,
            TrainingConfig.AgeHead.NONE,
            1.0,
            0.0,
            0,
            true,
            TrainingConfig.Augmentation.LIGHT,
            0.0,
            0.0,
            0.0,
            42L),
        new EvaluationConfig(20, 0, 10, EvaluationConfig.Estimator.REFERENCES, 0.5, false, 0, true, 0),
        new ProjectionConfig(ProjectionConfig.Method.AUTO, 20.0, 1000, 3000, 42L));
  }
}
