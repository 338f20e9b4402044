package org.siamage.service;

/**
 * The continuous colour map of age (and of error) in the embedding figure and viewer: a
 * perceptually ordered dark-blue → teal → green → yellow ramp (viridis-like), readable in grey.
 */
public final class AgeColourMap {
  private static final int[] STOPS = {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725};

  private AgeColourMap() {}

  /** {@code 0xRRGGBB} for {@code t} in 0..1 (clamped; NaN gives grey). */
  public static int rgb(double t) {
    if (Double.isNaN(t)) {
      return 0x9e9e9e;
    }
    double clamped = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
    int lower = Math.min((int) clamped, STOPS.length - 2);
    double f = clamped - lower;
    int a = STOPS[lower];
    int b = STOPS[lower + 1];
    int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
    int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
    int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
    return (r << 16) | (g << 8) | bl;
  }
}
