package org.siamage.ui.common;

import org.jfree.data.xy.XYSeries;

/**
 * Feeds an {@link XYSeries} so that it always shows the whole history of a run with at most
 * {@code 2 × limit} points: when the series reaches its limit every other point is dropped and
 * from then on only every second (fourth, …) value is added. Redrawing a chart then costs the same
 * after 100 iterations as after 100,000, and memory stays flat.
 */
public final class DecimatingSeries {
  private final XYSeries series;
  private final int limit;
  private long stride = 1;
  private long offered;

  /**
   * @param limit points kept before the resolution halves, ≥ 2
   */
  public DecimatingSeries(XYSeries series, int limit) {
    if (limit < 2) {
      throw new IllegalArgumentException("limit must be at least 2, was " + limit);
    }
    this.series = series;
    this.limit = limit;
  }

  public XYSeries series() {
    return series;
  }

  /** Offers one point; adds it when it falls on the current stride (without notifying listeners). */
  public void add(double x, double y) {
    if (offered++ % stride != 0) {
      return;
    }
    series.add(x, y, false);
    if (series.getItemCount() >= 2 * limit) {
      halve();
    }
  }

  /** Points offered so far (kept or not). */
  public long offered() {
    return offered;
  }

  public void clear() {
    series.clear();
    stride = 1;
    offered = 0;
  }

  private void halve() {
    int count = series.getItemCount();
    double[][] kept = new double[2][(count + 1) / 2];
    for (int i = 0, k = 0; i < count; i += 2, k++) {
      kept[0][k] = series.getX(i).doubleValue();
      kept[1][k] = series.getY(i).doubleValue();
    }
    series.clear();
    for (int k = 0; k < kept[0].length; k++) {
      series.add(kept[0][k], kept[1][k], false);
    }
    stride *= 2;
  }
}
