package org.siamage.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.siamage.data.Gender;

/**
 * Age and gender metrics of one evaluation.
 *
 * <p>MAE is the mean of |predicted − true|; CS(T) is the share of faces with |predicted − true| ≤ T
 * years, computed on the unrounded predictions. Gender accuracy counts only faces whose true gender
 * is known and for which a probability was predicted; a probability of 0.5 or more means female.
 *
 * @param faces number of test faces, ≥ 1
 * @param mae mean absolute error in years
 * @param meanError mean signed error (predicted − true) in years: the estimator's bias
 * @param cumulativeScores CS(T) for T = 0, 1, …, as shares 0..1; index = T
 * @param genderAccuracy share of correctly predicted genders, 0..1; null without gender predictions
 *     or without faces of known gender
 * @param genderFaces faces counted for gender accuracy
 * @param bands MAE per 10-year band of true age, from 0–9 up to the band of the oldest face; empty
 *     bands have a null MAE
 * @param rows one row per face, in input order
 */
public record AgeMetrics(
    int faces,
    double mae,
    double meanError,
    List<Double> cumulativeScores,
    Double genderAccuracy,
    int genderFaces,
    List<AgeBandError> bands,
    List<PredictionRow> rows) {

  /** CS(T) is always computed at least up to this T, so CS(3), CS(5) and the curve exist. */
  public static final int MIN_CUMULATIVE_SCORE_YEARS = 10;

  /** Width of the age bands in years. */
  public static final int BAND_YEARS = 10;

  public AgeMetrics {
    cumulativeScores = List.copyOf(cumulativeScores);
    bands = List.copyOf(bands);
    rows = List.copyOf(rows);
  }

  /**
   * Metrics without ids or uncertainties; ids become "0", "1", … and CS(T) runs to T = 10.
   *
   * @param femaleProbabilities per face P(female), NaN for no prediction; null when the model
   *     predicts no gender
   */
  public static AgeMetrics of(
      int[] trueAges, double[] predictedAges, Gender[] trueGenders, double[] femaleProbabilities) {
    List<String> ids = new ArrayList<>(trueAges.length);
    for (int i = 0; i < trueAges.length; i++) {
      ids.add(Integer.toString(i));
    }
    return of(
        ids,
        trueAges,
        predictedAges,
        null,
        trueGenders,
        femaleProbabilities,
        MIN_CUMULATIVE_SCORE_YEARS);
  }

  /**
   * @param ids n face ids
   * @param trueAges n labelled ages in years
   * @param predictedAges n finite estimates in years
   * @param uncertainties n spreads in years, or null
   * @param trueGenders n labelled genders ({@link Gender#UNKNOWN} faces are left out of gender
   *     accuracy)
   * @param femaleProbabilities n probabilities of female (NaN = none for that face), or null
   * @param maxCumulativeScoreYears largest T of the CS curve, ≥ 0 (at least 10 is computed anyway)
   */
  public static AgeMetrics of(
      List<String> ids,
      int[] trueAges,
      double[] predictedAges,
      double[] uncertainties,
      Gender[] trueGenders,
      double[] femaleProbabilities,
      int maxCumulativeScoreYears) {
    int count = trueAges.length;
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(trueGenders, "trueGenders");
    if (ids.size() != count
        || predictedAges.length != count
        || trueGenders.length != count
        || (uncertainties != null && uncertainties.length != count)
        || (femaleProbabilities != null && femaleProbabilities.length != count)) {
      throw new IllegalArgumentException(
          "metric inputs differ in length (" + count + " true ages)");
    }
    if (count == 0) {
      throw new IllegalArgumentException("metrics need at least one test face");
    }
    if (maxCumulativeScoreYears < 0) {
      throw new IllegalArgumentException(
          "evaluation.maxCumulativeScoreYears must be ≥ 0, was " + maxCumulativeScoreYears);
    }

    List<PredictionRow> rows = new ArrayList<>(count);
    double absoluteSum = 0;
    double signedSum = 0;
    int genderFaces = 0;
    int genderCorrect = 0;
    for (int i = 0; i < count; i++) {
      if (!Double.isFinite(predictedAges[i])) {
        throw new IllegalArgumentException(
            "predicted age of face " + ids.get(i) + " is " + predictedAges[i]);
      }
      double error = predictedAges[i] - trueAges[i];
      absoluteSum += Math.abs(error);
      signedSum += error;
      Double probability = null;
      Gender predictedGender = Gender.UNKNOWN;
      if (femaleProbabilities != null && !Double.isNaN(femaleProbabilities[i])) {
        probability = femaleProbabilities[i];
        predictedGender = probability >= 0.5 ? Gender.FEMALE : Gender.MALE;
        if (trueGenders[i] != Gender.UNKNOWN) {
          genderFaces++;
          genderCorrect += predictedGender == trueGenders[i] ? 1 : 0;
        }
      }
      Double uncertainty =
          uncertainties == null || Double.isNaN(uncertainties[i]) ? null : uncertainties[i];
      rows.add(
          new PredictionRow(
              ids.get(i),
              trueAges[i],
              predictedAges[i],
              error,
              uncertainty,
              trueGenders[i],
              probability,
              predictedGender));
    }

    int curveEnd = Math.max(maxCumulativeScoreYears, MIN_CUMULATIVE_SCORE_YEARS);
    List<Double> cumulativeScores = new ArrayList<>(curveEnd + 1);
    for (int years = 0; years <= curveEnd; years++) {
      int within = 0;
      for (PredictionRow row : rows) {
        // A hair of tolerance so that an error of exactly T years computed in floating point
        // (e.g. 32.000000000000004 − 29) still counts as within T.
        if (row.absoluteError() <= years + 1e-9) {
          within++;
        }
      }
      cumulativeScores.add((double) within / count);
    }

    return new AgeMetrics(
        count,
        absoluteSum / count,
        signedSum / count,
        cumulativeScores,
        genderFaces == 0 ? null : (double) genderCorrect / genderFaces,
        genderFaces,
        bands(rows),
        rows);
  }

  private static List<AgeBandError> bands(List<PredictionRow> rows) {
    int oldest = rows.stream().mapToInt(PredictionRow::trueAge).max().orElse(0);
    int bandCount = oldest / BAND_YEARS + 1;
    int[] faces = new int[bandCount];
    double[] absoluteSums = new double[bandCount];
    for (PredictionRow row : rows) {
      int band = row.trueAge() / BAND_YEARS;
      faces[band]++;
      absoluteSums[band] += row.absoluteError();
    }
    List<AgeBandError> bands = new ArrayList<>(bandCount);
    for (int band = 0; band < bandCount; band++) {
      bands.add(
          new AgeBandError(
              band * BAND_YEARS,
              band * BAND_YEARS + BAND_YEARS - 1,
              faces[band],
              faces[band] == 0 ? null : absoluteSums[band] / faces[band]));
    }
    return bands;
  }

  /** CS(T) as a share 0..1, for 0 ≤ T ≤ the curve's end. */
  public double cumulativeScore(int years) {
    if (years < 0 || years >= cumulativeScores.size()) {
      throw new IllegalArgumentException(
          "CS(" + years + ") is outside the computed curve 0.." + (cumulativeScores.size() - 1));
    }
    return cumulativeScores.get(years);
  }

  /** Largest T of the CS curve. */
  public int maxCumulativeScoreYears() {
    return cumulativeScores.size() - 1;
  }
}
