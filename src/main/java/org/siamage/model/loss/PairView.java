package org.siamage.model.loss;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.siamage.model.Distances;

/**
 * The pairs a contrastive loss averages over, as graph variables of one common shape: either the N
 * sampled pairs ({@code [N]}) or every ordered pair of distinct faces among the 2N faces of the
 * batch ({@code [2N, 2N]}, the diagonal weighted 0). Both unordered orders of a batch pair count,
 * which leaves a mean unchanged.
 *
 * @param distance Euclidean distance of each pair, 0..2
 * @param ageA age of the first face in years (broadcasts against {@code ageB})
 * @param ageB age of the second face in years
 * @param weight 1 for a pair that counts, 0 otherwise; same shape as {@code distance}
 */
record PairView(SDVariable distance, SDVariable ageA, SDVariable ageB, SDVariable weight) {

  /** The N sampled pairs, as the network computed their distances. */
  static PairView sampled(SameDiff sameDiff, PairLossInputs inputs) {
    return new PairView(inputs.distance(), inputs.ageLeft(), inputs.ageRight(), ones(inputs.ageLeft()));
  }

  /** Every pair of distinct faces among the 2N faces of the batch. */
  static PairView wholeBatch(SameDiff sameDiff, PairLossInputs inputs) {
    SDVariable faces = sameDiff.concat(0, inputs.left(), inputs.right());
    SDVariable ages = sameDiff.concat(0, inputs.ageLeft(), inputs.ageRight());
    SDVariable distances = Distances.allDistances(sameDiff, faces, faces);
    SDVariable agesAsColumn = sameDiff.expandDims(ages, 1);
    SDVariable agesAsRow = sameDiff.expandDims(ages, 0);
    return new PairView(distances, agesAsColumn, agesAsRow, LossOps.offDiagonal(sameDiff, ages));
  }

  /** Ones of the shape and type of a label variable (no gradient op is built through them). */
  private static SDVariable ones(SDVariable labels) {
    return labels.getSameDiff().castTo(labels.eq(labels), labels.dataType());
  }

  /** The view a loss's pair scope asks for. */
  static PairView of(SameDiff sameDiff, PairLossInputs inputs, boolean wholeBatch) {
    return wholeBatch ? wholeBatch(sameDiff, inputs) : sampled(sameDiff, inputs);
  }

  /** 1 where the pair is similar (|Δ| ≤ τ). */
  SDVariable similar(SameDiff sameDiff, double threshold) {
    return LossOps.similarMask(sameDiff, ageA, ageB, threshold);
  }

  /** |Δage| of each pair in years. */
  SDVariable ageGap(SameDiff sameDiff) {
    return sameDiff.math().abs(ageA.sub(ageB));
  }

  /** The mean of a per-pair term over the pairs that count. */
  SDVariable mean(SDVariable perPair) {
    return perPair.mul(weight).sum().div(weight.sum());
  }

  /**
   * The mean of a per-pair term over the pairs that count and lie in {@code mask} (0 when none
   * does): with one such mean per kind of pair, each kind weighs the same however many pairs of
   * it a batch holds.
   */
  SDVariable meanWithin(SameDiff sameDiff, SDVariable perPair, SDVariable mask) {
    SDVariable counted = weight.mul(mask);
    return perPair.mul(counted).sum().div(sameDiff.scalarMax(counted.sum(), 1.0));
  }

  /**
   * The similar and the dissimilar part of a contrastive loss: each averaged over its own pairs
   * ({@code balanced}), or both over all pairs, so that each part weighs by its share of pairs.
   * The per-pair terms must already be zero outside their kind.
   */
  SDVariable[] parts(SameDiff sameDiff, SDVariable similarTerm, SDVariable dissimilarTerm, SDVariable similar,
      boolean balanced) {
    if (!balanced) {
      return new SDVariable[] {mean(similarTerm), mean(dissimilarTerm)};
    }
    return new SDVariable[] {
      meanWithin(sameDiff, similarTerm, similar), meanWithin(sameDiff, dissimilarTerm, similar.rsub(1.0))
    };
  }
}
