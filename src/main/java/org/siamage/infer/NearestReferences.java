package org.siamage.infer;

import java.util.Arrays;
import java.util.List;

/**
 * The k nearest references of one query, closest first. Ties in distance go to the lower reference
 * index, so results are deterministic.
 */
final class NearestReferences {
  final int[] references;
  final double[] distances;

  /** The squared distances as compared during the search, kept for merging partial results. */
  private final float[] squaredDistances;

  private NearestReferences(int[] references, double[] distances, float[] squaredDistances) {
    this.references = references;
    this.distances = distances;
    this.squaredDistances = squaredDistances;
  }

  static NearestReferences search(
      ReferenceGallery gallery, float[] query, int offset, int neighbours) {
    return search(gallery, query, offset, neighbours, 0, gallery.size());
  }

  /**
   * The k nearest of several searches over disjoint reference ranges, identical to one search over
   * their union (same order, same tie-breaking).
   */
  static NearestReferences merge(List<NearestReferences> parts, int neighbours) {
    int total = 0;
    for (NearestReferences part : parts) {
      total += part.references.length;
    }
    Integer[] order = new Integer[total];
    int[] references = new int[total];
    float[] squared = new float[total];
    int next = 0;
    for (NearestReferences part : parts) {
      for (int i = 0; i < part.references.length; i++) {
        order[next] = next;
        references[next] = part.references[i];
        squared[next] = part.squaredDistances[i];
        next++;
      }
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int byDistance = Float.compare(squared[a], squared[b]);
          return byDistance != 0 ? byDistance : Integer.compare(references[a], references[b]);
        });
    int k = Math.min(neighbours, total);
    int[] keptReferences = new int[k];
    double[] keptDistances = new double[k];
    float[] keptSquared = new float[k];
    for (int i = 0; i < k; i++) {
      keptReferences[i] = references[order[i]];
      keptSquared[i] = squared[order[i]];
      keptDistances[i] = Math.sqrt(keptSquared[i]);
    }
    return new NearestReferences(keptReferences, keptDistances, keptSquared);
  }

  /**
   * Scans the whole gallery once. For each reference the squared distance is ‖q‖² + ‖r‖² − 2·q·r (=
   * 2 − 2·q·r for unit vectors); a bounded max-heap of size k keeps the k smallest, so the cost is
   * O(n·d + n·log k) with no sort of all n distances.
   *
   * @param query the query embedding, d floats starting at {@code offset}
   * @param from first reference searched
   * @param to end of the searched references, exclusive
   */
  static NearestReferences search(
      ReferenceGallery gallery, float[] query, int offset, int neighbours, int from, int to) {
    return select(gallery, query, offset, neighbours, null, from, to);
  }

  /**
   * The k nearest among {@code candidates} (reference indices, any order, no repeats), with
   * distances and tie-breaking exactly as {@link #search} computes them: when the candidates hold
   * the k nearest of the whole gallery, the result is the full scan's, value for value.
   */
  static NearestReferences searchAmong(
      ReferenceGallery gallery, float[] query, int offset, int neighbours, int[] candidates) {
    // ascending, as the scan visits them: ties then keep the lower index, as in the scan
    int[] ascending = candidates.clone();
    Arrays.sort(ascending);
    return select(gallery, query, offset, neighbours, ascending, 0, ascending.length);
  }

  /**
   * The k nearest of references {@code from .. to − 1}, or of {@code candidates[from .. to − 1]}
   * when candidates is not null (ascending).
   */
  private static NearestReferences select(ReferenceGallery gallery, float[] query, int offset, int neighbours,
      int[] candidates, int from, int to) {
    int dimension = gallery.dimension();
    int k = Math.min(neighbours, to - from);
    float[] block = gallery.embeddingBlock();
    float[] norms = gallery.squaredNorms();
    float queryNorm = VectorMath.dot(query, offset, query, offset, dimension);

    // Max-heap on (squared distance, index): the root is the worst of the best k so far.
    float[] heapDistance = new float[k];
    int[] heapIndex = new int[k];
    int size = 0;
    for (int slot = from; slot < to; slot++) {
      int reference = candidates == null ? slot : candidates[slot];
      float dot = VectorMath.dot(query, offset, block, reference * dimension, dimension);
      float squared = Math.max(0f, queryNorm + norms[reference] - 2f * dot);
      if (size < k) {
        siftUp(heapDistance, heapIndex, size, squared, reference);
        size++;
      } else if (squared < heapDistance[0]) {
        // Ties with the root keep the earlier (lower-index) reference already in the heap.
        siftDown(heapDistance, heapIndex, size, squared, reference);
      }
    }

    // Pop the heap from the back: the largest comes out first.
    int[] references = new int[size];
    double[] distances = new double[size];
    float[] squaredDistances = new float[size];
    for (int slot = size - 1; slot >= 0; slot--) {
      references[slot] = heapIndex[0];
      squaredDistances[slot] = heapDistance[0];
      distances[slot] = Math.sqrt(heapDistance[0]);
      int last = slot;
      if (last > 0) {
        siftDown(heapDistance, heapIndex, last, heapDistance[last], heapIndex[last]);
      }
    }
    return new NearestReferences(references, distances, squaredDistances);
  }

  private static boolean isWorse(float distanceA, int indexA, float distanceB, int indexB) {
    return distanceA > distanceB || (distanceA == distanceB && indexA > indexB);
  }

  /** Inserts (distance, index) at position {@code size} of a heap of {@code size} entries. */
  private static void siftUp(
      float[] distances, int[] indices, int size, float distance, int index) {
    int child = size;
    while (child > 0) {
      int parent = (child - 1) >>> 1;
      if (!isWorse(distance, index, distances[parent], indices[parent])) {
        break;
      }
      distances[child] = distances[parent];
      indices[child] = indices[parent];
      child = parent;
    }
    distances[child] = distance;
    indices[child] = index;
  }

  /** Replaces the root of a heap of {@code size} entries with (distance, index). */
  private static void siftDown(
      float[] distances, int[] indices, int size, float distance, int index) {
    int parent = 0;
    while (true) {
      int child = 2 * parent + 1;
      if (child >= size) {
        break;
      }
      int right = child + 1;
      if (right < size
          && isWorse(distances[right], indices[right], distances[child], indices[child])) {
        child = right;
      }
      if (!isWorse(distances[child], indices[child], distance, index)) {
        break;
      }
      distances[parent] = distances[child];
      indices[parent] = indices[child];
      parent = child;
    }
    distances[parent] = distance;
    indices[parent] = index;
  }
}
