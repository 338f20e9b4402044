package org.siamage.train.loss;

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
 */
public final class RevisedContrastiveLoss implements PairLoss {
  private final double ageThreshold;
  private final double positiveMargin;
  private final double negativeMargin;
  private final double marginSlope;
  private final double maxNegativeMargin;
  private final boolean wholeBatch;

  /**
   * @param ageThreshold τ in years
   * @param positiveMargin m_pos, distance units (0..2)
   * @param negativeMargin m_0, the negative margin at Δ = τ
   * @param marginSlope κ, margin growth per year of gap beyond τ
   * @param maxNegativeMargin m_max, cap of the negative margin
   * @param wholeBatch average over all pairs of the batch's faces, not only the sampled pairs
   */
  public RevisedContrastiveLoss(
      double ageThreshold,
      double positiveMargin,
      double negativeMargin,
      double marginSlope,
      double maxNegativeMargin,
      boolean wholeBatch) {
    this.ageThreshold = ageThreshold;
    this.positiveMargin = positiveMargin;
    this.negativeMargin = negativeMargin;
    this.marginSlope = marginSlope;
    this.maxNegativeMargin = maxNegativeMargin;
    this.wholeBatch = wholeBatch;
  }

  /** The loss over the sampled pairs only. */
  public RevisedContrastiveLoss(
      double ageThreshold,
      double positiveMargin,
      double negativeMargin,
      double marginSlope,
      double maxNegativeMargin) {
    this(ageThreshold, positiveMargin, negativeMargin, marginSlope, maxNegativeMargin, false);
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
    SDVariable similarPart = pairs.mean(pull);
    SDVariable dissimilarPart = pairs.mean(push);
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
    return ReferenceMath.meanOverPairs(pairs, wholeBatch, (distance, gap) -> {
      if (gap <= ageThreshold) {
        double pull = ReferenceMath.hinge(distance - positiveMargin);
        return pull * pull;
      }
      double push = ReferenceMath.hinge(negativeMarginFor(gap) - distance);
      return push * push;
    });
  }
}
