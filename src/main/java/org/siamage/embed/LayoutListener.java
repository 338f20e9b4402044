package org.siamage.embed;

/**
 * Receives intermediate layouts while t-SNE converges, so a view can animate. Called from the
 * projecting thread; the array is a private copy the receiver may keep.
 */
@FunctionalInterface
public interface LayoutListener {
  /**
   * @param iteration iterations done so far, 1..iterations
   * @param iterations iterations in all
   * @param coordinates {@code [x0, y0, x1, y1, …]}, length 2n, arbitrary units
   */
  void onLayout(int iteration, int iterations, double[] coordinates);

  static LayoutListener none() {
    return (iteration, iterations, coordinates) -> {};
  }
}
