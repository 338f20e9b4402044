package org.siamage.train.loss;

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
}
