package org.siamage.data.preprocess;

/**
 * One preprocessed face, ready for the network.
 *
 * @param rgb the crop, row-major HWC, R, G, B bytes (0..255); length {@code size * size * 3}
 * @param size side of the square crop in pixels (the configured input size)
 * @param facesFound faces the detector found in the image (0 when it found none and the image was
 *     centre-cropped instead; always 1 in {@code pre-aligned} mode, where nothing is detected)
 * @param eyesAligned true when two plausible eyes were found and the crop was rotated to level them
 * @param rotationDegrees rotation applied, in degrees (positive = counter-clockwise on screen); 0
 *     when not aligned
 * @param centreCropped true when the crop is the image's centre square rather than a detected face
 *     (always in {@code pre-aligned} mode; in {@code detect} mode only as the no-face fallback)
 */
public record FaceCrop(
    byte[] rgb,
    int size,
    int facesFound,
    boolean eyesAligned,
    double rotationDegrees,
    boolean centreCropped) {

  /** The crop as network input: CHW floats in [-1, 1], shape [3, size, size]. */
  public float[] toNetworkInput() {
    return FacePreprocessor.toNetworkInput(rgb, size);
  }
}
