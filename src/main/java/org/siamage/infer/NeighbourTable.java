package org.siamage.infer;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The nearest references of many queries at once, up to a largest k, so that estimates for every
 * smaller k come without another scan (choosing k on the validation part). A query may name one
 * reference to leave out: itself, when the query is also a reference (a training face measured
 * against the training gallery), so that no face estimates itself.
 *
 * <p>Immutable once built; building scans the gallery once per query, in parallel over queries.
 */
public final class NeighbourTable {
  private final ReferenceGallery gallery;
  private final int[][] references;
  private final double[][] distances;

  private NeighbourTable(ReferenceGallery gallery, int[][] references, double[][] distances) {
    this.gallery = gallery;
    this.references = references;
    this.distances = distances;
  }

  /**
   * @param queries {@code m × d} floats, row-major
   * @param maxNeighbours the largest k that will be asked for, ≥ 1
   * @param leftOut per query, the reference index to leave out, or -1; null = none left out
   */
  public static NeighbourTable of(ReferenceGallery gallery, float[] queries, int maxNeighbours, int[] leftOut) {
    int dimension = gallery.dimension();
    int count = queries.length / dimension;
    int[][] references = new int[count][];
    double[][] distances = new double[count][];
    IntStream.range(0, count).parallel().forEach(query -> {
      int excluded = leftOut == null ? -1 : leftOut[query];
      NearestReferences nearest = NearestReferences.search(gallery, queries, query * dimension,
          excluded < 0 ? maxNeighbours : maxNeighbours + 1);
      int kept = 0;
      int[] keptReferences = new int[nearest.references.length];
      double[] keptDistances = new double[nearest.references.length];
      for (int i = 0; i < nearest.references.length && kept < maxNeighbours; i++) {
        if (nearest.references[i] != excluded) {
          keptReferences[kept] = nearest.references[i];
          keptDistances[kept] = nearest.distances[i];
          kept++;
        }
      }
      references[query] = Arrays.copyOf(keptReferences, kept);
      distances[query] = Arrays.copyOf(keptDistances, kept);
    });
    return new NeighbourTable(gallery, references, distances);
  }

  public int size() {
    return references.length;
  }

  /** The estimate of one query from its k nearest references (fewer when the gallery is smaller). */
  public AgeEstimate estimate(int query, int neighbours) {
    int k = Math.min(neighbours, references[query].length);
    return AgeEstimator.combine(gallery, Arrays.copyOf(references[query], k), Arrays.copyOf(distances[query], k));
  }

  /** Per query, the distance to its nearest reference (NaN for a query with none). */
  public double[] nearestDistances() {
    double[] nearest = new double[distances.length];
    for (int query = 0; query < nearest.length; query++) {
      nearest[query] = distances[query].length == 0 ? Double.NaN : distances[query][0];
    }
    return nearest;
  }

  /** The estimated age of every query from its k nearest references, years. */
  public double[] ages(int neighbours) {
    double[] ages = new double[references.length];
    for (int query = 0; query < ages.length; query++) {
      ages[query] = estimate(query, neighbours).age();
    }
    return ages;
  }
}
