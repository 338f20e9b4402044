package org.siamage.train;

import java.util.Map;

/**
 * What one epoch measured on the validation split.
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
 */
public record EpochMetrics(
    int epoch,
    Map<String, Double> meanLosses,
    double validationMae,
    double cumulativeScore3,
    double cumulativeScore5,
    double genderAccuracy,
    double seconds,
    boolean best) {
  public EpochMetrics {
    meanLosses = Map.copyOf(meanLosses);
  }
}
