package org.siamage.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Euclidean distances between embeddings as SameDiff ops. A tiny constant under the square root
 * keeps the gradient finite when two embeddings coincide; it changes distances by at most 1e-6.
 */
public final class Distances {
  private Distances() {}

  /** Added to every squared distance before the square root. */
  public static final double EPSILON = 1e-12;

  /**
   * Row-wise distance.
   *
   * @param left {@code [N, E]}
   * @param right {@code [N, E]}
   * @return {@code [N]}, 0..2 for L2-normalised rows
   */
  public static SDVariable pairDistance(SameDiff sameDiff, String name, SDVariable left, SDVariable right) {
    SDVariable squared = sameDiff.math().square(left.sub(right)).sum(1);
    return sameDiff.math().sqrt(name, squared.add(EPSILON));
  }

  /**
   * All distances between the rows of two matrices, by broadcasting (exact, unlike the
   * |a|² + |b|² − 2ab expansion, which can go negative).
   *
   * @param rows {@code [N, E]}
   * @param columns {@code [M, E]}
   * @return {@code [N, M]}: entry (i, j) is the distance of row i of {@code rows} to row j of
   *     {@code columns}
   */
  public static SDVariable allDistances(SameDiff sameDiff, SDVariable rows, SDVariable columns) {
    SDVariable difference = sameDiff.expandDims(rows, 1).sub(sameDiff.expandDims(columns, 0));
    SDVariable squared = sameDiff.math().square(difference).sum(2);
    return sameDiff.math().sqrt(squared.add(EPSILON));
  }
}
