package org.siamage.train;

import java.util.Map;

/**
 * What one training iteration measured.
 *
 * @param epoch 0-based epoch
 * @param iteration 0-based global iteration (optimizer step) counter
 * @param iterationInEpoch 0-based iteration within the epoch
 * @param iterationsPerEpoch iterations of this epoch
 * @param losses named losses of the batch ({@code loss/total}, {@code loss/pair}, …)
 * @param learningRate rate used for this step
 * @param pairsPerSecond training throughput of this step (pairs per wall-clock second)
 * @param meanPositiveDistance mean distance of the batch's similar pairs, 0..2 (NaN when none)
 * @param meanNegativeDistance mean distance of the batch's dissimilar pairs, 0..2 (NaN when none)
 * @param elapsedSeconds wall-clock seconds since this run (or resumed run) started
 */
public record IterationMetrics(
    int epoch,
    long iteration,
    int iterationInEpoch,
    int iterationsPerEpoch,
    Map<String, Double> losses,
    double learningRate,
    double pairsPerSecond,
    double meanPositiveDistance,
    double meanNegativeDistance,
    double elapsedSeconds) {
  public IterationMetrics {
    losses = Map.copyOf(losses);
  }
}
