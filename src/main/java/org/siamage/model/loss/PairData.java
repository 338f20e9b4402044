package org.siamage.model.loss;

/**
 * A batch of pairs as plain arrays, the input of the per-pair reference implementations.
 *
 * @param left embeddings of the left faces, {@code [N][E]}
 * @param right embeddings of the right faces, {@code [N][E]}
 * @param ageLeft age of each left face in years, {@code [N]}
 * @param ageRight age of each right face in years, {@code [N]}
 */
public record PairData(double[][] left, double[][] right, double[] ageLeft, double[] ageRight) {
  public int size() {
    return left.length;
  }

  /** The 2N faces of the batch: left faces first, then right faces, {@code [2N][E]}. */
  double[][] stackedFaces() {
    double[][] faces = new double[2 * size()][];
    System.arraycopy(left, 0, faces, 0, size());
    System.arraycopy(right, 0, faces, size(), size());
    return faces;
  }

  /** The ages of {@link #stackedFaces()} in the same order, {@code [2N]}. */
  double[] stackedAges() {
    double[] ages = new double[2 * size()];
    System.arraycopy(ageLeft, 0, ages, 0, size());
    System.arraycopy(ageRight, 0, ages, size(), size());
    return ages;
  }
}
