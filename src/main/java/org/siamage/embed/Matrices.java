package org.siamage.embed;

/** Row-major helpers shared by the projections. */
final class Matrices {
  private Matrices() {}

  /** {@code rows} as one row-major array {@code [n × d]}; every row must have the same length. */
  static double[] flatten(float[][] rows) {
    if (rows.length == 0) {
      return new double[0];
    }
    int d = rows[0].length;
    double[] flat = new double[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != d) {
        throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + d);
      }
      for (int k = 0; k < d; k++) {
        flat[i * d + k] = rows[i][k];
      }
    }
    return flat;
  }

  /** Squared Euclidean distance between rows {@code i} and {@code j} of {@code x} ({@code [n × d]}). */
  static double squaredDistance(double[] x, int d, int i, int j) {
    int a = i * d;
    int b = j * d;
    // four accumulators break the add dependency chain (the JIT does not reorder double sums)
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 3 < d; k += 4) {
      double t0 = x[a + k] - x[b + k];
      double t1 = x[a + k + 1] - x[b + k + 1];
      double t2 = x[a + k + 2] - x[b + k + 2];
      double t3 = x[a + k + 3] - x[b + k + 3];
      s0 += t0 * t0;
      s1 += t1 * t1;
      s2 += t2 * t2;
      s3 += t3 * t3;
    }
    for (; k < d; k++) {
      double t = x[a + k] - x[b + k];
      s0 += t * t;
    }
    return (s0 + s1) + (s2 + s3);
  }
}
