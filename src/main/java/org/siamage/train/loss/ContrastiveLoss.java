package org.siamage.train.loss;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The standard contrastive loss (Hadsell, Chopra and LeCun 2006), averaged over the N pairs: {@code
 * y·D² + (1 − y)·max(0, m − D)²} with {@code y = [Δ ≤ τ]} and a fixed margin m (the config's m_0).
 */
public final class ContrastiveLoss implements PairLoss {
  private final double ageThreshold;
  private final double margin;

  /**
   * @param ageThreshold τ in years
   * @param margin m, distance units (0..2)
   */
  public ContrastiveLoss(double ageThreshold, double margin) {
    this.ageThreshold = ageThreshold;
    this.margin = margin;
  }

  @Override
  public String name() {
    return "contrastive";
  }

  @Override
  public Map<String, SDVariable> define(SameDiff sameDiff, PairLossInputs inputs) {
    SDVariable distance = inputs.distance();
    SDVariable similar = LossOps.similarMask(sameDiff, inputs.ageLeft(), inputs.ageRight(), ageThreshold);
    SDVariable similarPart = sameDiff.math().square(distance).mul(similar).mean();
    SDVariable dissimilarPart =
        sameDiff.math().square(LossOps.hinge(sameDiff, distance.rsub(margin))).mul(similar.rsub(1.0)).mean();
    Map<String, SDVariable> terms = new LinkedHashMap<>();
    terms.put(LossNames.PAIR, similarPart.add(dissimilarPart));
    terms.put(LossNames.PAIR_SIMILAR, similarPart);
    terms.put(LossNames.PAIR_DISSIMILAR, dissimilarPart);
    return terms;
  }

  @Override
  public double reference(PairData pairs) {
    double sum = 0;
    for (int i = 0; i < pairs.size(); i++) {
      double distance = ReferenceMath.distance(pairs.left()[i], pairs.right()[i]);
      if (Math.abs(pairs.ageLeft()[i] - pairs.ageRight()[i]) <= ageThreshold) {
        sum += distance * distance;
      } else {
        double push = ReferenceMath.hinge(margin - distance);
        sum += push * push;
      }
    }
    return sum / pairs.size();
  }
}
