package org.siamage.core;

import java.util.Arrays;

/** Percentiles of measured values, one definition for benchmarks and for the model's thresholds. */
public final class Percentiles {
  private Percentiles() {}

  /**
   * The nearest-rank percentile: the smallest value with at least {@code share} of the values at
   * or below it ({@code share} 0.5 is the median of an odd count, 0.99 the 99th percentile).
   *
   * @param values at least one value; not changed
   * @param share in 0..1
   * @throws IllegalArgumentException when there are no values
   */
  public static double nearestRank(double[] values, double share) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values to take a percentile of");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(share * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
