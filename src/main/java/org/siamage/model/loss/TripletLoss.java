package org.siamage.model.loss;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.siamage.model.Distances;

/**
 * Triplet hinge loss mined from a batch of pairs. Every similar pair i (|Δ_i| ≤ τ) gives an anchor
 * (left_i) and a positive (right_i); every right face j whose age differs from the anchor's by more
 * than τ is a negative. The loss is the mean over all such (i, j) of {@code max(0, D(left_i,
 * right_i) − D(left_i, right_j) + margin)}, and 0 when the batch offers no triplet.
 */
public final class TripletLoss implements PairLoss {
  private final double ageThreshold;
  private final double margin;

  /**
   * @param ageThreshold τ in years
   * @param margin required gap between negative and positive distance, distance units
   */
  public TripletLoss(double ageThreshold, double margin) {
    this.ageThreshold = ageThreshold;
    this.margin = margin;
  }

  @Override
  public String name() {
    return "triplet";
  }

  @Override
  public Map<String, SDVariable> define(SameDiff sameDiff, PairLossInputs inputs) {
    SDVariable anchorToRight = Distances.allDistances(sameDiff, inputs.left(), inputs.right());
    SDVariable positiveDistance = sameDiff.expandDims(inputs.distance(), 1);
    SDVariable anchorIsSimilarPair =
        sameDiff.expandDims(
            LossOps.similarMask(sameDiff, inputs.ageLeft(), inputs.ageRight(), ageThreshold), 1);
    SDVariable rightIsNegative =
        LossOps.dissimilarMask(
            sameDiff,
            sameDiff.expandDims(inputs.ageLeft(), 1),
            sameDiff.expandDims(inputs.ageRight(), 0),
            ageThreshold);
    SDVariable tripletMask = rightIsNegative.mul(anchorIsSimilarPair);
    SDVariable hinge = LossOps.hinge(sameDiff, positiveDistance.sub(anchorToRight).add(margin));
    Map<String, SDVariable> terms = new LinkedHashMap<>();
    terms.put(LossNames.PAIR, LossOps.maskedMean(sameDiff, hinge, tripletMask));
    terms.put(LossNames.PAIR_ACTIVE_TERMS, tripletMask.sum());
    return terms;
  }

  @Override
  public double reference(PairData pairs) {
    double sum = 0;
    int count = 0;
    for (int i = 0; i < pairs.size(); i++) {
      if (Math.abs(pairs.ageLeft()[i] - pairs.ageRight()[i]) > ageThreshold) {
        continue;
      }
      double positive = ReferenceMath.distance(pairs.left()[i], pairs.right()[i]);
      for (int j = 0; j < pairs.size(); j++) {
        if (Math.abs(pairs.ageLeft()[i] - pairs.ageRight()[j]) > ageThreshold) {
          double negative = ReferenceMath.distance(pairs.left()[i], pairs.right()[j]);
          sum += ReferenceMath.hinge(positive - negative + margin);
          count++;
        }
      }
    }
    return count == 0 ? 0 : sum / count;
  }
}
