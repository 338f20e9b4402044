package org.siamage.embed;

import java.util.SplittableRandom;

/**
 * Principal component projection to two dimensions, by power iteration on the covariance matrix
 * ({@code d × d}; fine for embeddings up to a few hundred dimensions). Deterministic: the start
 * vectors come from the seed and each axis is signed so that its largest loading is positive.
 */
public final class Pca {
  private Pca() {}

  /**
   * @param data row-major {@code [n × d]}
   * @return {@code [x0, y0, x1, y1, …]}: scores on the first two principal components (same units
   *     as the data); zeros when the data has no spread
   */
  public static double[] project(double[] data, int n, int d, long seed) {
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        mean[k] += data[i * d + k];
      }
    }
    for (int k = 0; k < d; k++) {
      mean[k] /= Math.max(1, n);
    }
    double[] covariance = new double[d * d];
    double[] centred = new double[d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        centred[k] = data[i * d + k] - mean[k];
      }
      for (int a = 0; a < d; a++) {
        double va = centred[a];
        if (va == 0) {
          continue;
        }
        int row = a * d;
        for (int b = a; b < d; b++) {
          covariance[row + b] += va * centred[b];
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < a; b++) {
        covariance[a * d + b] = covariance[b * d + a];
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] first = dominantVector(covariance, d, null, random);
    double[] second = dominantVector(covariance, d, first, random);
    double[] scores = new double[2 * n];
    for (int i = 0; i < n; i++) {
      double x = 0;
      double y = 0;
      for (int k = 0; k < d; k++) {
        double v = data[i * d + k] - mean[k];
        x += v * first[k];
        y += v * second[k];
      }
      scores[2 * i] = x;
      scores[2 * i + 1] = y;
    }
    return scores;
  }

  /** The leading eigenvector of the symmetric {@code c}, orthogonal to {@code excluded} if given. */
  private static double[] dominantVector(double[] c, int d, double[] excluded, SplittableRandom random) {
    double[] v = new double[d];
    for (int k = 0; k < d; k++) {
      v[k] = random.nextDouble() - 0.5;
    }
    double[] next = new double[d];
    for (int iteration = 0; iteration < 1000; iteration++) {
      if (excluded != null) {
        double dot = dot(v, excluded);
        for (int k = 0; k < d; k++) {
          v[k] -= dot * excluded[k];
        }
      }
      if (!normalise(v)) {
        return new double[d];
      }
      for (int a = 0; a < d; a++) {
        double s = 0;
        int row = a * d;
        for (int b = 0; b < d; b++) {
          s += c[row + b] * v[b];
        }
        next[a] = s;
      }
      if (excluded != null) {
        double dot = dot(next, excluded);
        for (int k = 0; k < d; k++) {
          next[k] -= dot * excluded[k];
        }
      }
      if (!normalise(next)) {
        return new double[d];
      }
      double change = 0;
      for (int k = 0; k < d; k++) {
        change = Math.max(change, Math.abs(next[k] - v[k]));
      }
      System.arraycopy(next, 0, v, 0, d);
      if (change < 1e-10) {
        break;
      }
    }
    int largest = 0;
    for (int k = 1; k < d; k++) {
      if (Math.abs(v[k]) > Math.abs(v[largest])) {
        largest = k;
      }
    }
    if (v[largest] < 0) {
      for (int k = 0; k < d; k++) {
        v[k] = -v[k];
      }
    }
    return v;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  private static boolean normalise(double[] v) {
    double norm = Math.sqrt(dot(v, v));
    if (norm < 1e-300 || Double.isNaN(norm)) {
      return false;
    }
    for (int k = 0; k < v.length; k++) {
      v[k] /= norm;
    }
    return true;
  }
}
