package org.siamage.train;

import org.siamage.config.TrainingConfig;

/**
 * The learning rate of every iteration: a linear warm-up over {@code warmupEpochs}, then constant,
 * step decay ({@code stepFactor} every {@code stepEpochs}) or a cosine decay that ends at 1 % of
 * the peak rate (never zero, so the last iterations still move).
 */
public final class LearningRateSchedule {
  private final TrainingConfig training;

  public LearningRateSchedule(TrainingConfig training) {
    this.training = training;
  }

  /**
   * @param epoch 0-based epoch
   * @param iterationInEpoch 0-based iteration within it
   * @param iterationsPerEpoch iterations in the epoch, ≥ 1
   * @return the learning rate, &gt; 0
   */
  public double rate(int epoch, int iterationInEpoch, int iterationsPerEpoch) {
    double progress = epoch + (double) iterationInEpoch / Math.max(1, iterationsPerEpoch);
    double peak = training.learningRate();
    int warmup = Math.min(training.warmupEpochs(), Math.max(0, training.epochs() - 1));
    if (progress < warmup) {
      return peak * Math.max(0.05, (progress + 1.0 / Math.max(1, iterationsPerEpoch)) / warmup);
    }
    return switch (training.schedule()) {
      case STEP -> peak * Math.pow(training.stepFactor(), Math.floor((progress - warmup) / training.stepEpochs()));
      case COSINE -> {
        double span = Math.max(1e-9, training.epochs() - warmup);
        double fraction = Math.min(1.0, (progress - warmup) / span);
        // never exactly zero: the last iterations still move a little
        yield Math.max(peak * 0.01, peak * 0.5 * (1 + Math.cos(Math.PI * fraction)));
      }
      case CONSTANT -> peak;
    };
  }
}
