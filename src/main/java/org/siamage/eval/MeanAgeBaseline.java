package org.siamage.eval;

/**
 * The trivial estimator every report is measured against: always predict the mean training age. An
 * estimator whose MAE is not clearly below this one has learnt nothing about faces.
 *
 * @param meanTrainingAge mean age of the training faces in years
 * @param trainingFaces number of training faces
 * @param mae MAE of predicting {@code meanTrainingAge} for every test face, in years
 * @param testFaces number of test faces
 */
public record MeanAgeBaseline(
    double meanTrainingAge, int trainingFaces, double mae, int testFaces) {

  /**
   * @param trainingAges ages of the training faces, at least one
   * @param testAges ages of the test faces, at least one
   */
  public static MeanAgeBaseline of(int[] trainingAges, int[] testAges) {
    if (trainingAges.length == 0 || testAges.length == 0) {
      throw new IllegalArgumentException(
          "the mean-age baseline needs training and test faces, got "
              + trainingAges.length
              + " and "
              + testAges.length);
    }
    double sum = 0;
    for (int age : trainingAges) {
      sum += age;
    }
    double mean = sum / trainingAges.length;
    double absoluteSum = 0;
    for (int age : testAges) {
      absoluteSum += Math.abs(mean - age);
    }
    return new MeanAgeBaseline(
        mean, trainingAges.length, absoluteSum / testAges.length, testAges.length);
  }
}
