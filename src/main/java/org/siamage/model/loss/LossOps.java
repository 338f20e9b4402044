package org.siamage.model.loss;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** SameDiff building blocks shared by the losses. Masks carry no gradient (they come from ages). */
final class LossOps {
  private LossOps() {}

  /** 1 where |a − b| ≤ τ, else 0; same shape as the broadcast of a and b, in a's data type. */
  static SDVariable similarMask(SameDiff sameDiff, SDVariable ageA, SDVariable ageB, double threshold) {
    SDVariable gap = sameDiff.math().abs(ageA.sub(ageB));
    return sameDiff.castTo(gap.lte(threshold), ageA.dataType());
  }

  /** 1 where |a − b| &gt; τ, else 0. */
  static SDVariable dissimilarMask(SameDiff sameDiff, SDVariable ageA, SDVariable ageB, double threshold) {
    SDVariable gap = sameDiff.math().abs(ageA.sub(ageB));
    return sameDiff.castTo(gap.gt(threshold), ageA.dataType());
  }

  /** max(0, x). */
  static SDVariable hinge(SameDiff sameDiff, SDVariable x) {
    return sameDiff.nn().relu(x, 0);
  }

  /** sum(values · mask) / max(1, sum(mask)): a mean over the masked entries, 0 when none. */
  static SDVariable maskedMean(SameDiff sameDiff, SDVariable values, SDVariable mask) {
    SDVariable count = sameDiff.scalarMax(mask.sum(), 1.0);
    return values.mul(mask).sum().div(count);
  }

  /**
   * {@code [n, n]}: 1 off the diagonal, 0 on it, for a vector of n labels. Built by comparing
   * running indices instead of {@code matrix_set_diag}, which crashed libnd4j M2.1 (SIGSEGV) in
   * the first step of a {@code train} run with the lifted loss on All-Age-Faces; cast from a
   * comparison, so no gradient op is built through it.
   */
  static SDVariable offDiagonal(SameDiff sameDiff, SDVariable labels) {
    SDVariable ones = sameDiff.castTo(labels.eq(labels), labels.dataType());
    SDVariable index = sameDiff.cumsum(ones, false, false, 0);
    SDVariable distinct = sameDiff.expandDims(index, 1).neq(sameDiff.expandDims(index, 0));
    return sameDiff.castTo(distinct, labels.dataType());
  }
}
