package org.siamage.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * How one call of a backbone builds its ops: with batch statistics (training) or with the running
 * statistics (inference). A training context collects the batch-statistics variables so the
 * network can fold them into the running averages after each step.
 */
public final class TowerContext {
  /** The batch mean and variance one batch-norm layer computed in one tower call. */
  public record BatchStatistics(BatchNorm layer, SDVariable mean, SDVariable variance) {}

  private final boolean training;
  private final List<BatchStatistics> statistics = new ArrayList<>();

  private TowerContext(boolean training) {
    this.training = training;
  }

  public static TowerContext training() {
    return new TowerContext(true);
  }

  public static TowerContext inference() {
    return new TowerContext(false);
  }

  public boolean isTraining() {
    return training;
  }

  void record(BatchStatistics batchStatistics) {
    statistics.add(batchStatistics);
  }

  /** Batch statistics recorded by the tower calls made with this context, in build order. */
  public List<BatchStatistics> statistics() {
    return Collections.unmodifiableList(statistics);
  }
}
