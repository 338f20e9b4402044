package org.siamage.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The unusual-face distance is the nearest-rank percentile of the validation faces' nearest distances. */
class UnusualDistanceTest {
  @Test
  void theNinetyNinthPercentileByNearestRank() {
    double[] shuffled = IntStream.rangeClosed(1, 200).mapToDouble(i -> (i * 37) % 200 + 1).toArray();
    assertThat(FinalModel.percentile(shuffled, 99)).isEqualTo(198);
    assertThat(FinalModel.percentile(new double[] {0.4}, 99)).isEqualTo(0.4);
    assertThat(FinalModel.percentile(new double[] {0.3, 0.1}, 99)).isEqualTo(0.3);
    assertThat(FinalModel.percentile(new double[0], 99)).as("no validation faces: no check").isZero();
  }
}
