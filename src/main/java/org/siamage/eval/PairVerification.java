package org.siamage.eval;

import java.util.Arrays;

/**
 * How well the learned distance alone tells whether two faces are in the same age class (|Δage| ≤
 * τ), over every pair of a set of faces: the pair inspector's verdict, measured.
 *
 * @param threshold distance at or under which a pair is called the same age class, 0..2
 * @param ageThreshold τ in years
 * @param pairs pairs measured
 * @param similarPairs pairs with |Δage| ≤ τ among them
 * @param accuracy share of pairs called right, 0..1
 * @param balancedAccuracy mean of the share of similar pairs called similar and the share of
 *     dissimilar pairs called dissimilar, 0..1 (0.5 = chance, whatever the mix)
 * @param meanSimilarDistance mean distance of the similar pairs
 * @param meanDissimilarDistance mean distance of the dissimilar pairs
 */
public record PairVerification(
    double threshold,
    double ageThreshold,
    long pairs,
    long similarPairs,
    double accuracy,
    double balancedAccuracy,
    double meanSimilarDistance,
    double meanDissimilarDistance) {

  /** Faces beyond this many are not paired (the pairs grow with the square of the faces). */
  public static final int MAX_FACES = 2500;

  /**
   * The verdict at a given threshold over every pair of the faces (the first {@link #MAX_FACES}).
   *
   * @param embeddings {@code n × dimension}, row-major
   * @param ages n ages in years
   */
  public static PairVerification measure(float[] embeddings, int dimension, int[] ages, double ageThreshold,
      double threshold) {
    Pairs pairs = Pairs.of(embeddings, dimension, ages, ageThreshold);
    return pairs.at(threshold);
  }

  /**
   * The threshold with the best balanced accuracy over every pair of the faces (ties: the smaller
   * threshold), with its verdict.
   */
  public static PairVerification calibrate(float[] embeddings, int dimension, int[] ages, double ageThreshold) {
    Pairs pairs = Pairs.of(embeddings, dimension, ages, ageThreshold);
    if (pairs.similar == 0 || pairs.similar == pairs.distances.length) {
      return pairs.at(1.0);
    }
    Integer[] order = new Integer[pairs.distances.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    double[] distances = pairs.distances;
    Arrays.sort(order, (a, b) -> Double.compare(distances[a], distances[b]));
    long dissimilar = distances.length - pairs.similar;
    long similarBelow = 0;
    long dissimilarBelow = 0;
    double best = -1;
    double bestThreshold = 0;
    for (int i = 0; i < order.length; i++) {
      if (pairs.isSimilar[order[i]]) {
        similarBelow++;
      } else {
        dissimilarBelow++;
      }
      boolean lastOfValue = i + 1 == order.length || distances[order[i + 1]] > distances[order[i]];
      if (lastOfValue) {
        double balanced = 0.5 * ((double) similarBelow / pairs.similar
            + (double) (dissimilar - dissimilarBelow) / dissimilar);
        if (balanced > best) {
          best = balanced;
          // halfway to the next distance, so that faces at exactly this distance stay inside
          bestThreshold = i + 1 == order.length ? distances[order[i]]
              : (distances[order[i]] + distances[order[i + 1]]) / 2;
        }
      }
    }
    return pairs.at(bestThreshold);
  }

  private record Pairs(double[] distances, boolean[] isSimilar, long similar, double ageThreshold) {
    static Pairs of(float[] embeddings, int dimension, int[] ages, double ageThreshold) {
      int n = Math.min(ages.length, MAX_FACES);
      int count = n * (n - 1) / 2;
      double[] distances = new double[count];
      boolean[] similar = new boolean[count];
      long similarCount = 0;
      int next = 0;
      for (int a = 0; a < n; a++) {
        for (int b = a + 1; b < n; b++) {
          double sum = 0;
          for (int k = 0; k < dimension; k++) {
            double difference = embeddings[a * dimension + k] - embeddings[b * dimension + k];
            sum += difference * difference;
          }
          distances[next] = Math.sqrt(sum);
          similar[next] = Math.abs(ages[a] - ages[b]) <= ageThreshold;
          similarCount += similar[next] ? 1 : 0;
          next++;
        }
      }
      return new Pairs(distances, similar, similarCount, ageThreshold);
    }

    PairVerification at(double threshold) {
      long right = 0;
      long similarRight = 0;
      long dissimilarRight = 0;
      double similarSum = 0;
      double dissimilarSum = 0;
      for (int i = 0; i < distances.length; i++) {
        boolean calledSimilar = distances[i] <= threshold;
        if (isSimilar[i]) {
          similarSum += distances[i];
          similarRight += calledSimilar ? 1 : 0;
        } else {
          dissimilarSum += distances[i];
          dissimilarRight += calledSimilar ? 0 : 1;
        }
      }
      right = similarRight + dissimilarRight;
      long dissimilar = distances.length - similar;
      double balanced = 0.5 * ((similar == 0 ? 0 : (double) similarRight / similar)
          + (dissimilar == 0 ? 0 : (double) dissimilarRight / dissimilar));
      return new PairVerification(threshold, ageThreshold, distances.length, similar,
          distances.length == 0 ? Double.NaN : (double) right / distances.length, balanced,
          similar == 0 ? Double.NaN : similarSum / similar, dissimilar == 0 ? Double.NaN : dissimilarSum / dissimilar);
    }
  }
}
