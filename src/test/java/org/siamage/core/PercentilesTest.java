package org.siamage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void theNearestRankIsAMeasuredValueWithAtLeastTheShareAtOrBelowIt() {
    double[] values = {5, 1, 4, 2, 3};
    assertThat(Percentiles.nearestRank(values, 0.5)).isEqualTo(3);
    assertThat(Percentiles.nearestRank(values, 0.95)).isEqualTo(5);
    assertThat(Percentiles.nearestRank(values, 0.0)).isEqualTo(1);
    assertThat(Percentiles.nearestRank(values, 0.2)).isEqualTo(1);
    assertThat(Percentiles.nearestRank(values, 0.21)).isEqualTo(2);
    assertThat(values).containsExactly(5, 1, 4, 2, 3);
  }

  @Test
  void noValuesHaveNoPercentile() {
    assertThatThrownBy(() -> Percentiles.nearestRank(new double[0], 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no values");
  }
}
