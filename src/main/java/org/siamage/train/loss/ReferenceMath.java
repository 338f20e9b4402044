package org.siamage.train.loss;

/** Plain-Java helpers shared by the reference implementations and the SameDiff ops' constants. */
final class ReferenceMath {
  private ReferenceMath() {}

  /** Added under every square root so the distance of identical embeddings has a finite gradient. */
  static final double DISTANCE_EPSILON = org.siamage.model.Distances.EPSILON;

  static double distance(double[] a, double[] b) {
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      double difference = a[k] - b[k];
      sum += difference * difference;
    }
    return Math.sqrt(sum + DISTANCE_EPSILON);
  }

  static double hinge(double x) {
    return Math.max(0, x);
  }

  /** A per-pair term of (distance, |Δage|). */
  interface PairTerm {
    double of(double distance, double ageGap);
  }

  /**
   * The mean of a term over the N sampled pairs, or with {@code wholeBatch} over every ordered pair
   * of distinct faces among the 2N faces (left faces first, then right faces).
   */
  static double meanOverPairs(PairData pairs, boolean wholeBatch, PairTerm term) {
    int n = pairs.size();
    if (!wholeBatch) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += term.of(distance(pairs.left()[i], pairs.right()[i]), Math.abs(pairs.ageLeft()[i] - pairs.ageRight()[i]));
      }
      return sum / n;
    }
    double[][] faces = pairs.stackedFaces();
    double[] ages = pairs.stackedAges();
    double sum = 0;
    for (int i = 0; i < 2 * n; i++) {
      for (int j = 0; j < 2 * n; j++) {
        if (i != j) {
          sum += term.of(distance(faces[i], faces[j]), Math.abs(ages[i] - ages[j]));
        }
      }
    }
    return sum / (2.0 * n * (2 * n - 1));
  }
}
