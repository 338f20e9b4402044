package org.siamage.embed;

/**
 * Numbers that say whether a 2-D map means something. All are computed the same way for any map
 * (ours or another program's), so they compare fairly.
 */
public final class ProjectionQuality {
  private ProjectionQuality() {}

  /**
   * Trustworthiness (Venna and Kaski 2001): 1 minus a penalty for points that are among the
   * {@code k} nearest on the map but not in the original space, weighted by how far down the
   * original ranking they are. 1 = every map neighbour is a true neighbour; about 0.5 = random.
   *
   * @param high original vectors, row-major {@code [n × d]}
   * @param low map coordinates {@code [2n]}
   * @param k neighbours, 1 ≤ k &lt; n / 2
   */
  public static double trustworthiness(double[] high, int n, int d, double[] low, int k, int threads) {
    if (k < 1 || 2 * k >= n) {
      throw new IllegalArgumentException("trustworthiness needs 1 ≤ k < n/2, got k = " + k + ", n = " + n);
    }
    double[] parts = new double[Parallel.CHUNKS];
    try (Parallel parallel = new Parallel(threads)) {
      parallel.forChunks(n, (chunk, from, to) -> {
        double[] highDistance = new double[n];
        double[] lowDistance = new double[n];
        int[] highNearest = new int[k];
        int[] lowNearest = new int[k];
        double penalty = 0;
        for (int i = from; i < to; i++) {
          for (int j = 0; j < n; j++) {
            highDistance[j] = j == i ? Double.POSITIVE_INFINITY : Matrices.squaredDistance(high, d, i, j);
            lowDistance[j] = j == i ? Double.POSITIVE_INFINITY : Matrices.squaredDistance(low, 2, i, j);
          }
          nearest(highDistance, k, highNearest);
          nearest(lowDistance, k, lowNearest);
          for (int m = 0; m < k; m++) {
            int j = lowNearest[m];
            if (contains(highNearest, j)) {
              continue;
            }
            // rank of j among i's neighbours in the original space (1 = nearest); ties by index
            int rank = 1;
            double dj = highDistance[j];
            for (int other = 0; other < n; other++) {
              double value = highDistance[other];
              if (value < dj || (value == dj && other < j)) {
                rank++;
              }
            }
            penalty += rank - k;
          }
        }
        parts[chunk] = penalty;
      });
    }
    double penalty = 0;
    for (double part : parts) {
      penalty += part;
    }
    return 1 - 2.0 / (n * (double) k * (2.0 * n - 3.0 * k - 1)) * penalty;
  }

  /**
   * Leave-one-out age error of a plain k-NN regressor (mean age of the {@code k} nearest other
   * points) in the given space: low on a map where faces line up by age.
   *
   * @param points row-major {@code [n × d]} (d = 2 for a map)
   * @param ages true ages in years, length n
   * @return mean absolute error in years
   */
  public static double nearestNeighbourAgeError(double[] points, int n, int d, int[] ages, int k, int threads) {
    if (n < 2) {
      return Double.NaN;
    }
    int neighbours = Math.min(k, n - 1);
    double[] parts = new double[Parallel.CHUNKS];
    try (Parallel parallel = new Parallel(threads)) {
      parallel.forChunks(n, (chunk, from, to) -> {
        double[] distance = new double[n];
        int[] nearest = new int[neighbours];
        double error = 0;
        for (int i = from; i < to; i++) {
          for (int j = 0; j < n; j++) {
            distance[j] = j == i ? Double.POSITIVE_INFINITY : Matrices.squaredDistance(points, d, i, j);
          }
          nearest(distance, neighbours, nearest);
          double sum = 0;
          for (int j : nearest) {
            sum += ages[j];
          }
          error += Math.abs(sum / neighbours - ages[i]);
        }
        parts[chunk] = error;
      });
    }
    double error = 0;
    for (double part : parts) {
      error += part;
    }
    return error / n;
  }

  /**
   * Fraction of points whose {@code k} nearest map neighbours are mostly of their own cluster.
   *
   * @param labels cluster of each point, length n
   */
  public static double nearestNeighbourLabelAccuracy(double[] low, int n, int[] labels, int k, int threads) {
    int neighbours = Math.min(k, n - 1);
    double[] parts = new double[Parallel.CHUNKS];
    try (Parallel parallel = new Parallel(threads)) {
      parallel.forChunks(n, (chunk, from, to) -> {
        double[] distance = new double[n];
        int[] nearest = new int[neighbours];
        int correct = 0;
        for (int i = from; i < to; i++) {
          for (int j = 0; j < n; j++) {
            distance[j] = j == i ? Double.POSITIVE_INFINITY : Matrices.squaredDistance(low, 2, i, j);
          }
          nearest(distance, neighbours, nearest);
          int same = 0;
          for (int j : nearest) {
            if (labels[j] == labels[i]) {
              same++;
            }
          }
          if (2 * same > neighbours) {
            correct++;
          }
        }
        parts[chunk] = correct;
      });
    }
    double correct = 0;
    for (double part : parts) {
      correct += part;
    }
    return correct / n;
  }

  /**
   * Mean silhouette of the clusters on the map (Euclidean): near 1 = tight, well separated
   * clusters; near 0 = overlapping.
   */
  public static double silhouette(double[] low, int n, int[] labels, int threads) {
    int clusters = 0;
    for (int label : labels) {
      clusters = Math.max(clusters, label + 1);
    }
    int[] sizes = new int[clusters];
    for (int label : labels) {
      sizes[label]++;
    }
    int clusterCount = clusters;
    double[] parts = new double[Parallel.CHUNKS];
    try (Parallel parallel = new Parallel(threads)) {
      parallel.forChunks(n, (chunk, from, to) -> {
        double[] sums = new double[clusterCount];
        double total = 0;
        for (int i = from; i < to; i++) {
          java.util.Arrays.fill(sums, 0);
          for (int j = 0; j < n; j++) {
            if (j != i) {
              sums[labels[j]] += Math.sqrt(Matrices.squaredDistance(low, 2, i, j));
            }
          }
          int own = labels[i];
          if (sizes[own] <= 1) {
            continue;
          }
          double a = sums[own] / (sizes[own] - 1);
          double b = Double.POSITIVE_INFINITY;
          for (int c = 0; c < clusterCount; c++) {
            if (c != own && sizes[c] > 0) {
              b = Math.min(b, sums[c] / sizes[c]);
            }
          }
          if (b == Double.POSITIVE_INFINITY) {
            continue;
          }
          total += (b - a) / Math.max(a, b);
        }
        parts[chunk] = total;
      });
    }
    double total = 0;
    for (double part : parts) {
      total += part;
    }
    return total / n;
  }

  /** Indices of the {@code k} smallest {@code distance} values (ties: lower index first). */
  static void nearest(double[] distance, int k, int[] out) {
    int size = 0;
    for (int j = 0; j < distance.length; j++) {
      double value = distance[j];
      if (size == k && !(value < distance[out[size - 1]])) {
        continue;
      }
      int position = size < k ? size++ : size - 1;
      while (position > 0 && distance[out[position - 1]] > value) {
        out[position] = out[position - 1];
        position--;
      }
      out[position] = j;
    }
  }

  private static boolean contains(int[] values, int value) {
    for (int v : values) {
      if (v == value) {
        return true;
      }
    }
    return false;
  }
}
