package org.siamage.model;

import java.util.Map;

/**
 * What one training or evaluation step computed.
 *
 * @param losses every named loss variable ({@code loss/pair}, {@code loss/gender}, {@code
 *     loss/total}, ...) → its scalar value on the batch
 * @param distances Euclidean distance of each pair, {@code [N]}, 0..2
 */
public record StepResult(Map<String, Double> losses, float[] distances) {
  /** The minimised value. */
  public double totalLoss() {
    return losses.get(LossDefinition.TOTAL);
  }
}
