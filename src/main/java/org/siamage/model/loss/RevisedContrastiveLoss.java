package org.siamage.model.loss;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The project's reading of the paper's revised contrastive loss, averaged over the N pairs:
 * {@code y·max(0, D − m_pos)² + (1 − y)·max(0, m_neg(Δ) − D)²} with {@code y = [Δ ≤ τ]} and a
 * negative margin that grows with the age gap, {@code m_neg(Δ) = min(m_max, m_0 + κ·(Δ − τ))}.
 * Similar pairs are not pulled closer than m_pos, so distances keep ordering faces by age gap.
 * With {@code wholeBatch} the same mean runs over every pair of distinct faces among the 2N faces
 * of the batch instead of the N sampled pairs: about 4N times as many pairs for one forward pass.
 * With {@code balanced} the similar and the dissimilar term are each averaged over their own pairs
 * and then added, so that the rarer kind (similar pairs are about 13 % of a batch's pairs on real
 * faces) weighs as much as the other (docs/decisions/0009).
 */
public final class RevisedContrastiveLoss implements PairLoss {
  private final double ageThreshold;
  private final double positiveMargin;
  private final double negativeMargin;
  private final double marginSlope;
  private final double maxNegativeMargin;
  private final boolean wholeBatch;
  private final boolean balanced;

  /**
   * @param ageThreshold τ in years
   * @param positiveMargin m_pos, distance units (0..2)
   * @param negativeMargin m_0, the negative margin at Δ = τ
   * @param marginSlope κ, margin growth per year of gap beyond τ
   * @param maxNegativeMargin m_max, cap of the negative margin
   * @param wholeBatch average over all pairs of the batch's faces, not only the sampled pairs
   * @param balanced average each term over its own kind of pairs
   */
  public RevisedContrastiveLoss(
      double ageThreshold,
      double positiveMargin,
      double negativeMargin,
      double marginSlope,
      double maxNegativeMargin,
      boolean wholeBatch,
      boolean balanced) {
    this.ageThreshold = ageThreshold;
    this.positiveMargin = positiveMargin;
    this.negativeMargin = negativeMargin;
    this.marginSlope = marginSlope;
    this.maxNegativeMargin = maxNegativeMargin;
    this.wholeBatch = wholeBatch;
    this.balanced = balanced;
  }

  /** The loss over the sampled pairs only, both terms averaged over all pairs. */
  public RevisedContrastiveLoss(
      double ageThreshold,
      double positiveMargin,
      double negativeMargin,
      double marginSlope,
      double maxNegativeMargin) {
    this(ageThreshold, positiveMargin, negativeMargin, marginSlope, maxNegativeMargin, false, false);
  }

  @Override
  public String name() {
    return "revised-contrastive";
  }

  @Override
  public Map<String, SDVariable> define(SameDiff sameDiff, PairLossInputs inputs) {
    PairView pairs = PairView.of(sameDiff, inputs, wholeBatch);
    SDVariable distance = pairs.distance();
    SDVariable similar = pairs.similar(sameDiff, ageThreshold);
    SDVariable dissimilar = similar.rsub(1.0);
    SDVariable margin =
        sameDiff.scalarMin(
            pairs.ageGap(sameDiff).sub(ageThreshold).mul(marginSlope).add(negativeMargin), maxNegativeMargin);
    SDVariable pull = sameDiff.math().square(LossOps.hinge(sameDiff, distance.sub(positiveMargin))).mul(similar);
    SDVariable push = sameDiff.math().square(LossOps.hinge(sameDiff, margin.sub(distance))).mul(dissimilar);
    SDVariable[] parts = pairs.parts(sameDiff, pull, push, similar, balanced);
    SDVariable similarPart = parts[0];
    SDVariable dissimilarPart = parts[1];
    Map<String, SDVariable> terms = new LinkedHashMap<>();
    terms.put(LossNames.PAIR, similarPart.add(dissimilarPart));
    terms.put(LossNames.PAIR_SIMILAR, similarPart);
    terms.put(LossNames.PAIR_DISSIMILAR, dissimilarPart);
    return terms;
  }

  /** The negative margin for an age gap Δ (years). */
  public double negativeMarginFor(double ageGap) {
    return Math.min(maxNegativeMargin, negativeMargin + marginSlope * (ageGap - ageThreshold));
  }

  @Override
  public double reference(PairData pairs) {
    return ReferenceMath.meanOverPairs(pairs, wholeBatch, balanced ? ageThreshold : Double.NaN, (distance, gap) -> {
      if (gap <= ageThreshold) {
        double pull = ReferenceMath.hinge(distance - positiveMargin);
        return pull * pull;
      }
      double push = ReferenceMath.hinge(negativeMarginFor(gap) - distance);
      return push * push;
    });
  }
}
