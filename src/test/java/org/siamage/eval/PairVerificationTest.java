package org.siamage.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PairVerificationTest {
  /**
   * Faces on a line at their age / 100: pairs within τ = 3 years lie within 0.03, all others at
   * 0.07 or more, so one threshold separates them perfectly.
   */
  private static final int[] AGES = {10, 11, 13, 20, 22, 40, 41, 60};

  private static float[] lineEmbeddings() {
    float[] embeddings = new float[AGES.length * 2];
    for (int i = 0; i < AGES.length; i++) {
      embeddings[2 * i] = AGES[i] / 100f;
    }
    return embeddings;
  }

  @Test
  void calibrationFindsTheThresholdThatSeparatesTheAgeClasses() {
    PairVerification calibrated = PairVerification.calibrate(lineEmbeddings(), 2, AGES, 3);
    assertThat(calibrated.pairs()).isEqualTo(28);
    // similar: 10-11, 10-13, 11-13, 20-22, 40-41
    assertThat(calibrated.similarPairs()).isEqualTo(5);
    assertThat(calibrated.balancedAccuracy()).isEqualTo(1.0);
    assertThat(calibrated.accuracy()).isEqualTo(1.0);
    // halfway between the farthest similar pair (0.03) and the nearest dissimilar one (0.07)
    assertThat(calibrated.threshold()).isCloseTo(0.05, Offset.offset(1e-6));
    assertThat(calibrated.meanSimilarDistance()).isLessThan(calibrated.meanDissimilarDistance());
  }

  @Test
  void aThresholdBelowEveryDistanceCallsEveryPairDissimilar() {
    PairVerification measured = PairVerification.measure(lineEmbeddings(), 2, AGES, 3, 0.001);
    assertThat(measured.accuracy()).isCloseTo(23.0 / 28, Offset.offset(1e-12));
    assertThat(measured.balancedAccuracy()).isCloseTo(0.5, Offset.offset(1e-12));
  }
}
