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
 */
public final class RevisedContrastiveLoss implements PairLoss {
  private final double ageThreshold;
  private final double positiveMargin;
  private final double negativeMargin;
  private final double marginSlope;
  private final double maxNegativeMargin;

  /**
   * @param ageThreshold τ in years
   * @param positiveMargin m_pos, distance units (0..2)
   * @param negativeMargin m_0, the negative margin at Δ = τ
   * @param marginSlope κ, margin growth per year of gap beyond τ
   * @param maxNegativeMargin m_max, cap of the negative margin
   */
  public RevisedContrastiveLoss(
      double ageThreshold,
      double positiveMargin,
      double negativeMargin,
      double marginSlope,
      double maxNegativeMargin) {
    this.ageThreshold = ageThreshold;
    this.positiveMargin = positiveMargin;
    this.negativeMargin = negativeMargin;
    this.marginSlope = marginSlope;
    this.maxNegativeMargin = maxNegativeMargin;
  }

  @Override
  public String name() {
    return "revised-contrastive";
  }

  @Override
  public Map<String, SDVariable> define(SameDiff sameDiff, PairLossInputs inputs) {
    SDVariable distance = inputs.distance();
    SDVariable similar = LossOps.similarMask(sameDiff, inputs.ageLeft(), inputs.ageRight(), ageThreshold);
    SDVariable dissimilar = similar.rsub(1.0);
    SDVariable gap = sameDiff.math().abs(inputs.ageLeft().sub(inputs.ageRight()));
    SDVariable margin =
        sameDiff.scalarMin(gap.sub(ageThreshold).mul(marginSlope).add(negativeMargin), maxNegativeMargin);
    SDVariable pull = sameDiff.math().square(LossOps.hinge(sameDiff, distance.sub(positiveMargin))).mul(similar);
    SDVariable push = sameDiff.math().square(LossOps.hinge(sameDiff, margin.sub(distance))).mul(dissimilar);
    Map<String, SDVariable> terms = new LinkedHashMap<>();
    SDVariable similarPart = pull.mean();
    SDVariable dissimilarPart = push.mean();
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
    double sum = 0;
    for (int i = 0; i < pairs.size(); i++) {
      double distance = ReferenceMath.distance(pairs.left()[i], pairs.right()[i]);
      double gap = Math.abs(pairs.ageLeft()[i] - pairs.ageRight()[i]);
      if (gap <= ageThreshold) {
        double pull = ReferenceMath.hinge(distance - positiveMargin);
        sum += pull * pull;
      } else {
        double push = ReferenceMath.hinge(negativeMarginFor(gap) - distance);
        sum += push * push;
      }
    }
    return sum / pairs.size();
  }
}
