package org.siamage.config;

/**
 * Reference-based estimation and its evaluation. A finished model bundle holds the values chosen
 * on the validation part (k, flip averaging, blend weight, pair threshold) in this section.
 *
 * @param neighbours k nearest references averaged for an estimate, ≥ 1
 * @param referencesPerYear cap of references per year of age (0 = the whole training split)
 * @param maxCumulativeScoreYears largest T of the CS(T) curve, 0..30
 * @param estimator which age a model reports: {@code references} (the paper's: k nearest reference
 *     faces), {@code head} (the age head) or {@code blend} (a weighted mean of the two)
 * @param blendWeight with {@code blend}: the share of the references' estimate, 0..1
 * @param flipAveraging embed each face and its mirror image and average the two (re-normalised)
 * @param sameClassThreshold distance under which two faces count as the same age class (|Δage| ≤
 *     τ), 0..2; 0 = halfway between the positive and the negative margin
 * @param tuneOnValidation after training, choose k, flip averaging, the blend weight and the pair
 *     threshold on the validation part and store them in the model bundle
 */
public record EvaluationConfig(
    int neighbours,
    int referencesPerYear,
    int maxCumulativeScoreYears,
    String estimator,
    double blendWeight,
    boolean flipAveraging,
    double sameClassThreshold,
    boolean tuneOnValidation) {
  public static final String ESTIMATOR_REFERENCES = "references";
  public static final String ESTIMATOR_HEAD = "head";
  public static final String ESTIMATOR_BLEND = "blend";

  /** The paper's estimator with k neighbours and no tuning. */
  public EvaluationConfig(int neighbours, int referencesPerYear, int maxCumulativeScoreYears) {
    this(neighbours, referencesPerYear, maxCumulativeScoreYears, ESTIMATOR_REFERENCES, 0.5, false, 0, false);
  }

  /** The same settings with the values chosen on the validation part. */
  public EvaluationConfig tuned(int newNeighbours, boolean newFlipAveraging, double newBlendWeight,
      double newSameClassThreshold) {
    return new EvaluationConfig(newNeighbours, referencesPerYear, maxCumulativeScoreYears, estimator,
        newBlendWeight, newFlipAveraging, newSameClassThreshold, tuneOnValidation);
  }

  public EvaluationConfig withEstimator(String newEstimator) {
    return new EvaluationConfig(neighbours, referencesPerYear, maxCumulativeScoreYears, newEstimator,
        blendWeight, flipAveraging, sameClassThreshold, tuneOnValidation);
  }

  public EvaluationConfig withTuneOnValidation(boolean tune) {
    return new EvaluationConfig(neighbours, referencesPerYear, maxCumulativeScoreYears, estimator,
        blendWeight, flipAveraging, sameClassThreshold, tune);
  }
}
