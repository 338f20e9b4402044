package org.siamage.model.loss;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Lifted structure loss (Oh Song et al. 2016), smooth form, over all 2N faces of the batch (left
 * and right stacked). Faces i ≠ j are positive when their ages differ by at most τ, negative
 * otherwise. For a positive (i, j): {@code J = log(Σ_{k neg of i} exp(α − D_ik) + Σ_{l neg of j}
 * exp(α − D_jl)) + D_ij}; the loss is {@code Σ max(0, J)² / (2|P|)} over unordered positives P.
 * A tiny constant inside the logarithm keeps a positive without negatives finite (its term is 0).
 */
public final class LiftedStructureLoss implements PairLoss {
  static final double LOG_EPSILON = 1e-12;
  private final double ageThreshold;
  private final double margin;

  /**
   * @param ageThreshold τ in years
   * @param margin α, distance units
   */
  public LiftedStructureLoss(double ageThreshold, double margin) {
    this.ageThreshold = ageThreshold;
    this.margin = margin;
  }

  @Override
  public String name() {
    return "lifted";
  }

  @Override
  public Map<String, SDVariable> define(SameDiff sameDiff, PairLossInputs inputs) {
    PairView pairs = PairView.wholeBatch(sameDiff, inputs);
    SDVariable distances = pairs.distance();
    SDVariable positive = pairs.similar(sameDiff, ageThreshold).mul(pairs.weight());
    SDVariable negative = LossOps.dissimilarMask(sameDiff, pairs.ageA(), pairs.ageB(), ageThreshold);
    SDVariable negativeMass = sameDiff.math().exp(distances.rsub(margin)).mul(negative).sum(1);
    SDVariable pairMass =
        sameDiff.expandDims(negativeMass, 1).add(sameDiff.expandDims(negativeMass, 0));
    SDVariable lifted = sameDiff.math().log(pairMass.add(LOG_EPSILON)).add(distances);
    SDVariable squared = sameDiff.math().square(LossOps.hinge(sameDiff, lifted)).mul(positive);
    // Ordered pairs count each unordered positive twice: Σ_ordered / (2·2|P|) = Σ_unordered / (2|P|).
    SDVariable orderedCount = sameDiff.scalarMax(positive.sum(), 1.0);
    Map<String, SDVariable> terms = new LinkedHashMap<>();
    terms.put(LossNames.PAIR, squared.sum().div(orderedCount.mul(2.0)));
    terms.put(LossNames.PAIR_ACTIVE_TERMS, positive.sum().div(2.0));
    return terms;
  }

  @Override
  public double reference(PairData pairs) {
    int n = pairs.size();
    double[][] faces = pairs.stackedFaces();
    double[] ages = pairs.stackedAges();
    double[] negativeMass = new double[2 * n];
    for (int i = 0; i < 2 * n; i++) {
      for (int k = 0; k < 2 * n; k++) {
        if (Math.abs(ages[i] - ages[k]) > ageThreshold) {
          negativeMass[i] += Math.exp(margin - ReferenceMath.distance(faces[i], faces[k]));
        }
      }
    }
    double sum = 0;
    int positives = 0;
    for (int i = 0; i < 2 * n; i++) {
      for (int j = i + 1; j < 2 * n; j++) {
        if (Math.abs(ages[i] - ages[j]) <= ageThreshold) {
          double lifted =
              Math.log(negativeMass[i] + negativeMass[j] + LOG_EPSILON)
                  + ReferenceMath.distance(faces[i], faces[j]);
          double hinge = ReferenceMath.hinge(lifted);
          sum += hinge * hinge;
          positives++;
        }
      }
    }
    return positives == 0 ? 0 : sum / (2.0 * positives);
  }
}
