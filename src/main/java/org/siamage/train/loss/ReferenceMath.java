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
}
