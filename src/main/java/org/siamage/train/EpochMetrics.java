package org.siamage.train;

import java.util.Map;

/**
 * What one epoch measured on the validation split (and on a fixed subset of training faces, to
 * show over-fitting).
 *
 * @param epoch 0-based epoch
 * @param meanLosses mean of each named loss over the epoch's iterations
 * @param validationMae mean absolute age error in years (NaN without a validation split)
 * @param cumulativeScore3 share of validation faces within 3 years, 0..1
 * @param cumulativeScore5 share within 5 years, 0..1
 * @param genderAccuracy share of correct genders among faces with a known gender, 0..1 (NaN when
 *     none)
 * @param seconds wall-clock seconds of the epoch, validation included
 * @param best whether this epoch has the lowest validation MAE so far
 * @param trainingMae the same estimate on a fixed subset of training faces, each left out of its
 *     own references, years (NaN when not measured)
 * @param headMae the age head's validation MAE, years (NaN without an age head)
 * @param meanSimilarDistance mean distance of the validation pairs with |Δage| ≤ τ (NaN when not
 *     measured)
 * @param meanDissimilarDistance mean distance of the other validation pairs
 */
public record EpochMetrics(
    int epoch,
    Map<String, Double> meanLosses,
    double validationMae,
    double cumulativeScore3,
    double cumulativeScore5,
    double genderAccuracy,
    double seconds,
    boolean best,
    double trainingMae,
    double headMae,
    double meanSimilarDistance,
    double meanDissimilarDistance) {
  public EpochMetrics {
    meanLosses = Map.copyOf(meanLosses);
  }

  /** An epoch with the validation figures only. */
  public EpochMetrics(int epoch, Map<String, Double> meanLosses, double validationMae, double cumulativeScore3,
      double cumulativeScore5, double genderAccuracy, double seconds, boolean best) {
    this(epoch, meanLosses, validationMae, cumulativeScore3, cumulativeScore5, genderAccuracy, seconds, best,
        Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }
}
