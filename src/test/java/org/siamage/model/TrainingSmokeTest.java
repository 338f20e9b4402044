package org.siamage.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A few Adam steps on faces whose brightness encodes age: the pair loss must drop clearly. */
class TrainingSmokeTest {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingSmokeTest.class);

  @Test
  void referenceCnnLossDecreasesOnALearnableTarget() {
    trainAndCheck("reference-cnn");
  }

  /** SameDiff's per-op overhead makes the batch-normalised Inception blocks slow on 2 cores. */
  @Test
  @Tag("slow")
  void compactInceptionLossDecreasesOnALearnableTarget() {
    trainAndCheck("compact-inception");
  }

  private static void trainAndCheck(String backbone) {
    SiameseNetwork network = NetworkFixtures.network(backbone, 8, 16, true, 32);
    Random random = new Random(42);
    List<PairBatch> batches = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      batches.add(NetworkFixtures.brightnessBatch(random, 8, 32, true));
    }
    double before = meanLoss(network, batches);
    for (int iteration = 0; iteration < 30; iteration++) {
      network.trainStep(batches.get(iteration % batches.size()), 3e-3);
    }
    double after = meanLoss(network, batches);
    LOG.info("{}: mean total loss {} -> {} after 30 steps", backbone, before, after);
    assertThat(after).isLessThan(0.6 * before);
  }

  private static double meanLoss(SiameseNetwork network, List<PairBatch> batches) {
    return batches.stream().mapToDouble(batch -> network.evaluate(batch).totalLoss()).average().orElseThrow();
  }
}
