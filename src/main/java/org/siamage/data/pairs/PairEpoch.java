package org.siamage.data.pairs;

import java.util.Arrays;
import java.util.Objects;

/**
 * The training pairs of one epoch, in training order. Pair {@code p} joins faces {@code left[p]}
 * and {@code right[p]} (both {@link TrainingFace#index()} values) with label {@code similar[p]} (y
 * = 1 when their ages differ by at most τ). The arrays are copied in and out; use the per-pair
 * accessors in loops.
 *
 * @param epoch the epoch number the pairs were drawn for, ≥ 0
 */
public record PairEpoch(
    int epoch, int[] left, int[] right, boolean[] similar, PairStatistics statistics) {

  public PairEpoch {
    Objects.requireNonNull(statistics, "statistics");
    if (left.length != right.length || left.length != similar.length) {
      throw new IllegalArgumentException(
          "pair arrays differ in length: "
              + left.length
              + " left, "
              + right.length
              + " right, "
              + similar.length
              + " labels");
    }
    left = left.clone();
    right = right.clone();
    similar = similar.clone();
  }

  public int size() {
    return left.length;
  }

  public int leftIndex(int pair) {
    return left[pair];
  }

  public int rightIndex(int pair) {
    return right[pair];
  }

  public boolean isSimilar(int pair) {
    return similar[pair];
  }

  @Override
  public int[] left() {
    return left.clone();
  }

  @Override
  public int[] right() {
    return right.clone();
  }

  @Override
  public boolean[] similar() {
    return similar.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PairEpoch that
        && epoch == that.epoch
        && Arrays.equals(left, that.left)
        && Arrays.equals(right, that.right)
        && Arrays.equals(similar, that.similar)
        && statistics.equals(that.statistics);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        epoch, Arrays.hashCode(left), Arrays.hashCode(right), Arrays.hashCode(similar));
  }

  @Override
  public String toString() {
    return "PairEpoch[epoch=" + epoch + ", " + statistics.describe() + "]";
  }
}
