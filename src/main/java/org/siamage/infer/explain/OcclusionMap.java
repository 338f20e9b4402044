package org.siamage.infer.explain;

/**
 * Where hiding part of one face changes the learned distance of a pair.
 *
 * @param heat per pixel of the crop, {@code [size][size]} (row, column): the mean change in
 *     distance D over every patch position that covered the pixel, in distance units (D is 0..2);
 *     positive where hiding the pixel pushes the faces apart (the region made them look alike),
 *     negative where it pulls them together
 * @param positionChanges change in D for each patch position, {@code [rows][columns]}, row-major
 *     in patch order
 * @param baseDistance D of the unoccluded pair
 */
public record OcclusionMap(float[][] heat, float[][] positionChanges, double baseDistance) {
  /** Side of the crop in pixels. */
  public int size() {
    return heat.length;
  }

  /** The largest |change| over all pixels (0 when nothing changes): the colour scale's end. */
  public double largestChange() {
    double largest = 0;
    for (float[] row : heat) {
      for (float value : row) {
        largest = Math.max(largest, Math.abs(value));
      }
    }
    return largest;
  }
}
