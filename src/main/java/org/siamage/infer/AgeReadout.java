package org.siamage.infer;

import org.siamage.config.EvaluationConfig;

/**
 * The age a model reports, from its two estimators: the k nearest references (the paper's) and,
 * where the network has one, the age head. {@code evaluation.estimator} chooses: the references,
 * the head, or a blend {@code w·references + (1 − w)·head} with w = {@code evaluation.blendWeight}.
 */
public final class AgeReadout {
  private AgeReadout() {}

  /**
   * @param referencesAge the k-NN estimate, years
   * @param headAge the age head's estimate, years, or NaN without a head (then the references')
   */
  public static double age(EvaluationConfig evaluation, double referencesAge, double headAge) {
    if (Double.isNaN(headAge)) {
      return referencesAge;
    }
    return switch (evaluation.estimator()) {
      case HEAD -> headAge;
      case BLEND -> blend(evaluation.blendWeight(), referencesAge, headAge);
      case REFERENCES -> referencesAge;
    };
  }

  /** {@code w·references + (1 − w)·head}. */
  public static double blend(double weight, double referencesAge, double headAge) {
    return weight * referencesAge + (1 - weight) * headAge;
  }
}
