package org.siamage.eval;

/**
 * The accuracy of one age estimator on the evaluated faces, beside the one a report is about: the
 * paper's k nearest references, the age head, and their blend.
 *
 * @param estimator {@code references}, {@code head} or {@code blend}
 * @param setting what it was run with, e.g. "k = 15, flip averaging" or "weight 0.6 on references"
 * @param mae mean absolute error, years
 * @param cumulativeScore3 share within 3 years, 0..1
 * @param cumulativeScore5 share within 5 years, 0..1
 */
public record EstimatorScore(
    String estimator, String setting, double mae, double cumulativeScore3, double cumulativeScore5) {

  /** The score of predictions against true ages. */
  public static EstimatorScore of(String estimator, String setting, double[] predicted, int[] trueAges) {
    double sum = 0;
    int within3 = 0;
    int within5 = 0;
    for (int i = 0; i < predicted.length; i++) {
      double error = Math.abs(predicted[i] - trueAges[i]);
      sum += error;
      within3 += error <= 3 ? 1 : 0;
      within5 += error <= 5 ? 1 : 0;
    }
    int n = Math.max(1, predicted.length);
    return new EstimatorScore(estimator, setting, sum / n, (double) within3 / n, (double) within5 / n);
  }
}
