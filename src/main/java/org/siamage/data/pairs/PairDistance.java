package org.siamage.data.pairs;

/**
 * Distance between two training faces under the network's current embeddings, used for
 * hard-negative mining. Must be safe to call from the sampling thread; it is called serially.
 */
@FunctionalInterface
public interface PairDistance {
  /**
   * @param leftIndex {@link TrainingFace#index()} of one face
   * @param rightIndex {@link TrainingFace#index()} of the other face
   * @return a distance, smaller = more alike (for L2-normalised embeddings 0..2)
   */
  double distance(int leftIndex, int rightIndex);
}
