package org.siamage.eval;

import org.siamage.data.Gender;

/**
 * One test face: what was true and what was predicted.
 *
 * @param id the face id
 * @param trueAge labelled age in years
 * @param predictedAge estimated age in years
 * @param error predicted − true, in years (negative = estimated too young)
 * @param uncertainty the estimator's spread in years; null when not given
 * @param trueGender labelled gender, possibly {@link Gender#UNKNOWN}
 * @param femaleProbability predicted probability of female, 0..1; null when no gender was predicted
 * @param predictedGender FEMALE from probability 0.5 up, MALE below, UNKNOWN without a prediction
 */
public record PredictionRow(
    String id,
    int trueAge,
    double predictedAge,
    double error,
    Double uncertainty,
    Gender trueGender,
    Double femaleProbability,
    Gender predictedGender) {

  public double absoluteError() {
    return Math.abs(error);
  }
}
