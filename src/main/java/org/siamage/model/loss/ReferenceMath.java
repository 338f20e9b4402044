package org.siamage.model.loss;

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
   * of distinct faces among the 2N faces (left faces first, then right faces). With a finite
   * {@code balancedThreshold} τ, the pairs with |Δage| ≤ τ and the others are averaged separately
   * and the two means added (a kind without pairs adds 0).
   */
  static double meanOverPairs(PairData pairs, boolean wholeBatch, double balancedThreshold, PairTerm term) {
    int n = pairs.size();
    double[] sums = new double[2];
    long[] counts = new long[2];
    if (!wholeBatch) {
      for (int i = 0; i < n; i++) {
        double gap = Math.abs(pairs.ageLeft()[i] - pairs.ageRight()[i]);
        int kind = gap <= balancedThreshold ? 0 : 1;
        sums[kind] += term.of(distance(pairs.left()[i], pairs.right()[i]), gap);
        counts[kind]++;
      }
    } else {
      double[][] faces = pairs.stackedFaces();
      double[] ages = pairs.stackedAges();
      for (int i = 0; i < 2 * n; i++) {
        for (int j = 0; j < 2 * n; j++) {
          if (i != j) {
            double gap = Math.abs(ages[i] - ages[j]);
            int kind = gap <= balancedThreshold ? 0 : 1;
            sums[kind] += term.of(distance(faces[i], faces[j]), gap);
            counts[kind]++;
          }
        }
      }
    }
    if (Double.isNaN(balancedThreshold)) {
      return (sums[0] + sums[1]) / (counts[0] + counts[1]);
    }
    return sums[0] / Math.max(1, counts[0]) + sums[1] / Math.max(1, counts[1]);
  }
}
