package org.siamage.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.jfree.data.xy.XYSeries;
import org.junit.jupiter.api.Test;

class DecimatingSeriesTest {
  @Test
  void aLongRunKeepsBoundedPointsSpanningTheWholeHistory() {
    DecimatingSeries decimating = new DecimatingSeries(new XYSeries("loss"), 1000);
    for (int i = 1; i <= 100_000; i++) {
      decimating.add(i, 1.0 / i);
    }
    XYSeries series = decimating.series();
    assertThat(series.getItemCount()).isBetween(1000, 2000);
    assertThat(series.getX(0).doubleValue()).isEqualTo(1.0);
    assertThat(series.getMaxX()).isGreaterThan(99_000);
    assertThat(decimating.offered()).isEqualTo(100_000);
    for (int i = 1; i < series.getItemCount(); i++) {
      assertThat(series.getX(i).doubleValue()).isGreaterThan(series.getX(i - 1).doubleValue());
    }
  }

  @Test
  void aShortRunKeepsEveryPoint() {
    DecimatingSeries decimating = new DecimatingSeries(new XYSeries("loss"), 1000);
    for (int i = 0; i < 500; i++) {
      decimating.add(i, i);
    }
    assertThat(decimating.series().getItemCount()).isEqualTo(500);
    decimating.clear();
    assertThat(decimating.series().getItemCount()).isZero();
  }
}
