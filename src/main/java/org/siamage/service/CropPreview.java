package org.siamage.service;

/**
 * The network's view of one image: the preprocessed crop, or why there is none.
 *
 * @param rgb crop pixels, row-major, R G B bytes; length {@code size·size·3}; null when {@code
 *     problem} is set
 * @param size side of the square crop in pixels
 * @param description how it was made, e.g. "64×64 px, pre-aligned (centre crop)"
 * @param problem why there is no crop (no face found, unreadable file), or empty
 */
public record CropPreview(byte[] rgb, int size, String description, String problem) {
  public boolean hasCrop() {
    return rgb != null;
  }
}
