package org.siamage.model.loss;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Binary cross-entropy of the gender head on both branches, averaged over the faces whose gender is
 * known (mask 1); 0 when none is. Computed from logits, {@code softplus(z) − t·z}, which equals
 * {@code −t·log σ(z) − (1 − t)·log(1 − σ(z))} without overflowing for large |z|.
 */
public final class GenderLoss {
  private GenderLoss() {}

  /**
   * @param logitLeft {@code [N]} head logits of the left faces (probability female = sigmoid)
   * @param targetLeft {@code [N]}, 1 = female, 0 = male
   * @param maskLeft {@code [N]}, 1 where the left gender is known
   * @return scalar mean cross-entropy (nats)
   */
  public static SDVariable define(
      SameDiff sameDiff,
      SDVariable logitLeft,
      SDVariable logitRight,
      SDVariable targetLeft,
      SDVariable targetRight,
      SDVariable maskLeft,
      SDVariable maskRight) {
    SDVariable crossEntropyLeft = sameDiff.nn().softplus(logitLeft).sub(targetLeft.mul(logitLeft));
    SDVariable crossEntropyRight = sameDiff.nn().softplus(logitRight).sub(targetRight.mul(logitRight));
    SDVariable sum = crossEntropyLeft.mul(maskLeft).sum().add(crossEntropyRight.mul(maskRight).sum());
    SDVariable count = sameDiff.scalarMax(maskLeft.sum().add(maskRight.sum()), 1.0);
    return sum.div(count);
  }

  /** The same with loops in double precision; arguments as in {@link #define}. */
  public static double reference(
      double[] logitLeft,
      double[] logitRight,
      double[] targetLeft,
      double[] targetRight,
      double[] maskLeft,
      double[] maskRight) {
    double sum = 0;
    double count = 0;
    for (int i = 0; i < logitLeft.length; i++) {
      sum += maskLeft[i] * crossEntropy(logitLeft[i], targetLeft[i]);
      sum += maskRight[i] * crossEntropy(logitRight[i], targetRight[i]);
      count += maskLeft[i] + maskRight[i];
    }
    return sum / Math.max(count, 1.0);
  }

  private static double crossEntropy(double logit, double target) {
    double softplus = Math.max(logit, 0) + Math.log1p(Math.exp(-Math.abs(logit)));
    return softplus - target * logit;
  }
}
