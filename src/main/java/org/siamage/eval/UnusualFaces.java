package org.siamage.eval;

import java.util.Locale;

/**
 * How the unusual-face flag ({@code evaluation.unusualDistance}) fared on an evaluated set: how
 * many faces it flagged and the MAE of those against the rest, so a report shows whether the flag
 * finds the faces the model gets wrong.
 */
public final class UnusualFaces {
  private UnusualFaces() {}

  /**
   * "12 of 1,618 faces (0.7 %) unusual (nearest reference beyond D = 0.62), MAE 9.10 on them and
   * 5.64 on the rest", or empty when the model has no unusual-face distance.
   *
   * @param unusualDistance the model's distance, 0 = none
   * @param unusual per face, whether it was flagged
   * @param predicted per face, the reported age in years
   * @param trueAges per face, the labelled age in years
   */
  public static String summary(double unusualDistance, boolean[] unusual, double[] predicted, int[] trueAges) {
    if (unusualDistance <= 0 || unusual.length == 0) {
      return "";
    }
    double unusualError = 0;
    double usualError = 0;
    int flagged = 0;
    for (int i = 0; i < unusual.length; i++) {
      double error = Math.abs(predicted[i] - trueAges[i]);
      if (unusual[i]) {
        flagged++;
        unusualError += error;
      } else {
        usualError += error;
      }
    }
    int usual = unusual.length - flagged;
    return String.format(Locale.ROOT, "%,d of %,d faces (%.1f %%) unusual (nearest reference beyond D = %.2f),"
        + " MAE %s on them and %s on the rest", flagged, unusual.length, 100.0 * flagged / unusual.length,
        unusualDistance, mae(unusualError, flagged), mae(usualError, usual));
  }

  private static String mae(double sum, int count) {
    return count == 0 ? "–" : String.format(Locale.ROOT, "%.2f", sum / count);
  }
}
