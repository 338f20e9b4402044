package org.siamage.train;

import java.util.Objects;
import org.siamage.data.Gender;
import org.siamage.data.preprocess.PreprocessedFaces;

/**
 * The preprocessed faces of a run and its split. Every index below is a position in {@code faces}.
 *
 * @param datasetName display name of the dataset
 * @param datasetHash content hash of the faces and settings (the preprocessing cache key)
 * @param splitHash hash of the saved split
 * @param faces network-ready crops
 * @param ages age in years per face
 * @param genders gender per face
 * @param train indices of training faces (pairs are drawn from these; they are the references)
 * @param validation indices of validation faces (early stopping, per-epoch metrics)
 * @param test indices of test faces (final report only)
 */
public record TrainingData(
    String datasetName,
    String datasetHash,
    String splitHash,
    PreprocessedFaces faces,
    int[] ages,
    Gender[] genders,
    int[] train,
    int[] validation,
    int[] test) {
  public TrainingData {
    Objects.requireNonNull(faces, "faces");
    if (ages.length != faces.size() || genders.length != faces.size()) {
      throw new IllegalArgumentException("ages and genders must have one entry per face");
    }
  }

  public String id(int face) {
    return faces.ids().get(face);
  }

  /**
   * The age metrics of {@code queries} (positions in {@code faces}) from their estimates, each
   * array in {@code queries} order.
   *
   * @param predicted estimated ages, years
   * @param spread uncertainty of each estimate, years
   * @param female probability that each face is female, 0..1
   */
  public org.siamage.eval.AgeMetrics metrics(int[] queries, double[] predicted, double[] spread, double[] female,
      int maxCumulativeScoreYears) {
    int n = queries.length;
    int[] trueAges = new int[n];
    Gender[] queryGenders = new Gender[n];
    java.util.List<String> ids = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(id(queries[i]));
      trueAges[i] = ages[queries[i]];
      queryGenders[i] = genders[queries[i]];
    }
    return org.siamage.eval.AgeMetrics.of(ids, trueAges, predicted, spread, queryGenders, female,
        maxCumulativeScoreYears);
  }
}
