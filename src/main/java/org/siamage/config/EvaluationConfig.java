package org.siamage.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

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
 * @param tuneOnValidation after training, choose k, flip averaging, the blend weight, the pair
 *     threshold and the unusual-face distance on the validation part and store them in the model
 *     bundle
 * @param unusualDistance distance to the nearest reference above which a face is reported as
 *     unlike every reference face, so its estimate is not to be trusted, 0..2; set by tuning to the
 *     {@value #UNUSUAL_PERCENTILE}th percentile of the validation faces' nearest-reference
 *     distances; 0 = no such check (models trained without tuning or before it existed)
 */
public record EvaluationConfig(
    int neighbours,
    int referencesPerYear,
    int maxCumulativeScoreYears,
    Estimator estimator,
    double blendWeight,
    boolean flipAveraging,
    double sameClassThreshold,
    boolean tuneOnValidation,
    double unusualDistance) {
  /**
   * Percentile of the validation faces' nearest-reference distances that tuning stores as {@code
   * unusualDistance}: about 1 face in 100 of the training distribution is reported as unusual.
   */
  public static final int UNUSUAL_PERCENTILE = 99;

  /** {@code evaluation.estimator}: which age a model reports. */
  public enum Estimator implements ConfigEnum {
    /** The paper's: the mean age of the k nearest reference faces. */
    REFERENCES("references"),
    /** The age head's estimate. */
    HEAD("head"),
    /** {@code blendWeight} × the references' estimate + the rest × the head's. */
    BLEND("blend");

    private final String wireName;

    Estimator(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }

    /** The value written {@code name}; the error names {@code evaluation.estimator} and the allowed names. */
    @JsonCreator
    public static Estimator fromWireName(String name) {
      return ConfigEnum.parse(Estimator.class, "evaluation.estimator", name);
    }
  }

  /** The paper's estimator with k neighbours and no tuning. */
  public EvaluationConfig(int neighbours, int referencesPerYear, int maxCumulativeScoreYears) {
    this(neighbours, referencesPerYear, maxCumulativeScoreYears, Estimator.REFERENCES, 0.5, false, 0, false, 0);
  }

  /** The same settings with the values chosen on the validation part. */
  public EvaluationConfig tuned(int newNeighbours, boolean newFlipAveraging, double newBlendWeight,
      double newSameClassThreshold, double newUnusualDistance) {
    return new EvaluationConfig(newNeighbours, referencesPerYear, maxCumulativeScoreYears, estimator,
        newBlendWeight, newFlipAveraging, newSameClassThreshold, tuneOnValidation, newUnusualDistance);
  }

  public EvaluationConfig withEstimator(Estimator newEstimator) {
    return new EvaluationConfig(neighbours, referencesPerYear, maxCumulativeScoreYears, newEstimator,
        blendWeight, flipAveraging, sameClassThreshold, tuneOnValidation, unusualDistance);
  }

  public EvaluationConfig withUnusualDistance(double newUnusualDistance) {
    return new EvaluationConfig(neighbours, referencesPerYear, maxCumulativeScoreYears, estimator,
        blendWeight, flipAveraging, sameClassThreshold, tuneOnValidation, newUnusualDistance);
  }

  /**
   * Whether a face whose nearest reference lies at {@code nearestDistance} is unusual: farther
   * than {@code unusualDistance}; never when that is 0 (no check).
   */
  public boolean isUnusual(double nearestDistance) {
    return unusualDistance > 0 && nearestDistance > unusualDistance;
  }

  public EvaluationConfig withTuneOnValidation(boolean tune) {
    return new EvaluationConfig(neighbours, referencesPerYear, maxCumulativeScoreYears, estimator,
        blendWeight, flipAveraging, sameClassThreshold, tune, unusualDistance);
  }
}
