package org.siamage.config;

import java.util.ArrayList;
import java.util.List;

/** Checks every field of an {@link ExperimentConfig}; messages name the field and the bad value. */
public final class ConfigValidator {
  private final List<ConfigProblem> problems = new ArrayList<>();

  private ConfigValidator() {}

  /** All problems of {@code config}; empty when it is valid. */
  public static List<ConfigProblem> problems(ExperimentConfig config) {
    ConfigValidator validator = new ConfigValidator();
    validator.check(config);
    return List.copyOf(validator.problems);
  }

  /** Throws {@link InvalidConfigException} listing every problem, naming {@code source}. */
  public static ExperimentConfig requireValid(ExperimentConfig config, String source) {
    List<ConfigProblem> found = problems(config);
    if (!found.isEmpty()) {
      throw new InvalidConfigException(source, found);
    }
    return config;
  }

  private void check(ExperimentConfig config) {
    if (config.schemaVersion() != ExperimentConfig.SCHEMA_VERSION) {
      add("schemaVersion", config.schemaVersion(),
          "this Siamage reads schema version " + ExperimentConfig.SCHEMA_VERSION);
    }
    DataConfig data = config.data();
    notBlank("data.dataset", data.dataset());
    fraction("data.testFraction", data.testFraction(), 0, 0.9);
    fraction("data.validationFraction", data.validationFraction(), 0, 0.9);
    notBlank("data.cacheFolder", data.cacheFolder());

    PreprocessingConfig pre = config.preprocessing();
    known("preprocessing.mode", pre.mode(), PreprocessingConfig.Mode.class);
    range("preprocessing.inputSize", pre.inputSize(), 32, 512);
    fraction("preprocessing.cropMargin", pre.cropMargin(), 0, 1);
    if (pre.liveFraming() != 0) {
      range("preprocessing.liveFraming", pre.liveFraming(), 0.5, 4);
    }
    range("preprocessing.liveShiftX", pre.liveShiftX(), -1, 1);
    range("preprocessing.liveShiftY", pre.liveShiftY(), -1, 1);
    range("preprocessing.centreCrop", pre.centreCrop(), 0.5, 1);
    notBlank("preprocessing.detector", pre.detector());

    ModelConfig model = config.model();
    known("model.backbone", model.backbone(), ModelConfig.Backbone.class);
    range("model.width", model.width(), 8, 256);
    range("model.embeddingSize", model.embeddingSize(), 2, 2048);
    known("model.headInput", model.headInput(), ModelConfig.HeadInput.class);
    if (model.initialWeights() == null) {
      add("model.initialWeights", "null", "must be a path or empty");
    } else if (!model.initialWeights().isBlank() && model.backbone() != ModelConfig.Backbone.INCEPTION_V3) {
      add("model.initialWeights", "\"" + model.initialWeights() + "\"",
          "Keras ImageNet weights fit only model.backbone = inception-v3");
    }
    if (model.backbone() == ModelConfig.Backbone.INCEPTION_V3 && pre.inputSize() < 75) {
      add("preprocessing.inputSize", pre.inputSize(), "inception-v3 needs at least 75 px (299 is its design size)");
    }

    TrainingConfig t = config.training();
    known("training.loss", t.loss(), TrainingConfig.Loss.class);
    range("training.ageThreshold", t.ageThreshold(), 0, 50);
    fraction("training.positiveShare", t.positiveShare(), 0.01, 0.99);
    range("training.positiveMargin", t.positiveMargin(), 0, 2);
    range("training.negativeMargin", t.negativeMargin(), 0, 2);
    range("training.marginSlope", t.marginSlope(), 0, 1);
    range("training.maxNegativeMargin", t.maxNegativeMargin(), 0, 2);
    if (t.positiveMargin() >= t.negativeMargin()) {
      add("training.positiveMargin", t.positiveMargin(),
          "must be smaller than training.negativeMargin (" + t.negativeMargin() + ")");
    }
    if (t.maxNegativeMargin() < t.negativeMargin()) {
      add("training.maxNegativeMargin", t.maxNegativeMargin(),
          "must be at least training.negativeMargin (" + t.negativeMargin() + ")");
    }
    range("training.genderWeight", t.genderWeight(), 0, 100);
    known("training.optimizer", t.optimizer(), TrainingConfig.Optimizer.class);
    if (!(t.learningRate() > 0 && t.learningRate() <= 10)) {
      add("training.learningRate", t.learningRate(), "must be greater than 0 and at most 10");
    }
    if (!(t.momentum() >= 0 && t.momentum() < 1)) {
      add("training.momentum", t.momentum(), "must be at least 0 and below 1");
    }
    known("training.schedule", t.schedule(), TrainingConfig.Schedule.class);
    range("training.warmupEpochs", t.warmupEpochs(), 0, 1000);
    range("training.stepEpochs", t.stepEpochs(), 1, 100000);
    if (!(t.stepFactor() > 0 && t.stepFactor() <= 1)) {
      add("training.stepFactor", t.stepFactor(), "must be greater than 0 and at most 1");
    }
    range("training.batchSize", t.batchSize(), 2, 4096);
    range("training.epochs", t.epochs(), 1, 100000);
    range("training.pairsPerEpoch", t.pairsPerEpoch(), 0, 100_000_000);
    range("training.earlyStoppingPatience", t.earlyStoppingPatience(), 0, 100000);
    known("training.ageHead", t.ageHead(), TrainingConfig.AgeHead.class);
    range("training.ageHeadWeight", t.ageHeadWeight(), 0, 100);
    range("training.ageLabelSpread", t.ageLabelSpread(), 0, 20);
    if (t.ageLabelSpread() > 0 && t.ageHead() != TrainingConfig.AgeHead.BINS) {
      add("training.ageLabelSpread", t.ageLabelSpread(), "needs training.ageHead bins (is " + t.ageHead()
          + "): the spread is a distribution over the bins head's one-year bins");
    }
    known("training.augmentation", t.augmentation(), TrainingConfig.Augmentation.class);
    range("training.weightDecay", t.weightDecay(), 0, 1);
    range("training.erasing", t.erasing(), 0, 1);
    if (t.weightAveraging() != 0 && !(t.weightAveraging() >= 0.9 && t.weightAveraging() < 1)) {
      add("training.weightAveraging", formatNumber(t.weightAveraging()), "must be 0 (off) or between 0.9 and 1"
          + " (below 1), e.g. 0.999 to average about the last 1,000 steps");
    }
    if (!t.hasPairLoss() && t.ageHead() == TrainingConfig.AgeHead.NONE) {
      add("training.loss", "\"" + t.loss() + "\"", "needs training.ageHead (l1 or bins): without a pair loss only a"
          + " head can learn age");
    }

    EvaluationConfig e = config.evaluation();
    range("evaluation.neighbours", e.neighbours(), 1, 1000);
    range("evaluation.referencesPerYear", e.referencesPerYear(), 0, 1_000_000);
    range("evaluation.maxCumulativeScoreYears", e.maxCumulativeScoreYears(), 0, 30);
    known("evaluation.estimator", e.estimator(), EvaluationConfig.Estimator.class);
    fraction("evaluation.blendWeight", e.blendWeight(), 0, 1);
    range("evaluation.sameClassThreshold", e.sameClassThreshold(), 0, 2);
    range("evaluation.unusualDistance", e.unusualDistance(), 0, 2);
    if (e.estimator() != null && e.estimator() != EvaluationConfig.Estimator.REFERENCES
        && t.ageHead() == TrainingConfig.AgeHead.NONE) {
      add("evaluation.estimator", "\"" + e.estimator() + "\"", "needs training.ageHead (l1 or bins)");
    }

    ProjectionConfig p = config.projection();
    known("projection.method", p.method(), ProjectionConfig.Method.class);
    range("projection.perplexity", p.perplexity(), 2, 100);
    range("projection.iterations", p.iterations(), 250, 100000);
    range("projection.exactLimit", p.exactLimit(), 0, 20000);
  }

  private void add(String field, Object value, String rule) {
    problems.add(new ConfigProblem(field, String.valueOf(value), rule));
  }

  private void notBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      add(field, value == null ? "null" : "\"" + value + "\"", "must not be empty");
    }
  }

  /**
   * An enumeration ({@link ConfigEnum}) holds a known value or none: a config file's unknown name is
   * taken out by {@link ConfigJson}, which shows it in this problem's place.
   */
  private void known(String field, ConfigEnum value, Class<? extends ConfigEnum> type) {
    if (value == null) {
      problems.add(ConfigEnum.problem(field, "null", type));
    }
  }

  private void range(String field, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      add(field, formatNumber(value), "must be between " + formatNumber(min) + " and " + formatNumber(max));
    }
  }

  private void fraction(String field, double value, double min, double max) {
    range(field, value, min, max);
  }

  private static String formatNumber(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
