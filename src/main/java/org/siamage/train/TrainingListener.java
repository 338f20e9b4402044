package org.siamage.train;

/**
 * Receives training events on the training thread. Events carry immutable records of plain
 * values; implementations must return quickly (the GUI coalesces, the CLI prints).
 */
public interface TrainingListener {
  /** A human-readable note: resuming, sampled pair statistics, files written. */
  default void onMessage(String message) {}

  default void onIteration(IterationMetrics metrics) {}

  default void onEpochEnd(EpochMetrics metrics) {}

  default void onRunFinished(RunOutcome outcome) {}

  /** A listener that ignores everything. */
  static TrainingListener none() {
    return new TrainingListener() {};
  }
}
