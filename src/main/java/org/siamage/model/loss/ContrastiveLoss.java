package org.siamage.model.loss;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The standard contrastive loss (Hadsell, Chopra and LeCun 2006), averaged over the N pairs: {@code
 * y·D² + (1 − y)·max(0, m − D)²} with {@code y = [Δ ≤ τ]} and a fixed margin m (the config's m_0).
 * With {@code wholeBatch} the mean runs over every pair of distinct faces of the batch; with {@code
 * balanced} each term is averaged over its own kind of pairs.
 */
public final class ContrastiveLoss implements PairLoss {
  private final double ageThreshold;
  private final double margin;
  private final boolean wholeBatch;
  private final boolean balanced;

  /**
   * @param ageThreshold τ in years
   * @param margin m, distance units (0..2)
   * @param wholeBatch average over all pairs of the batch's faces, not only the sampled pairs
   * @param balanced average each term over its own kind of pairs
   */
  public ContrastiveLoss(double ageThreshold, double margin, boolean wholeBatch, boolean balanced) {
    this.ageThreshold = ageThreshold;
    this.margin = margin;
    this.wholeBatch = wholeBatch;
    this.balanced = balanced;
  }

  /** The loss over the sampled pairs only. */
  public ContrastiveLoss(double ageThreshold, double margin) {
    this(ageThreshold, margin, false, false);
  }

  @Override
  public String name() {
    return "contrastive";
  }

  @Override
  public Map<String, SDVariable> define(SameDiff sameDiff, PairLossInputs inputs) {
    PairView pairs = PairView.of(sameDiff, inputs, wholeBatch);
    SDVariable distance = pairs.distance();
    SDVariable similar = pairs.similar(sameDiff, ageThreshold);
    SDVariable pull = sameDiff.math().square(distance).mul(similar);
    SDVariable push = sameDiff.math().square(LossOps.hinge(sameDiff, distance.rsub(margin))).mul(similar.rsub(1.0));
    SDVariable[] parts = pairs.parts(sameDiff, pull, push, similar, balanced);
    SDVariable similarPart = parts[0];
    SDVariable dissimilarPart = parts[1];
    Map<String, SDVariable> terms = new LinkedHashMap<>();
    terms.put(LossNames.PAIR, similarPart.add(dissimilarPart));
    terms.put(LossNames.PAIR_SIMILAR, similarPart);
    terms.put(LossNames.PAIR_DISSIMILAR, dissimilarPart);
    return terms;
  }

  @Override
  public double reference(PairData pairs) {
    return ReferenceMath.meanOverPairs(pairs, wholeBatch, balanced ? ageThreshold : Double.NaN, (distance, gap) -> {
      if (gap <= ageThreshold) {
        return distance * distance;
      }
      double push = ReferenceMath.hinge(margin - distance);
      return push * push;
    });
  }
}
