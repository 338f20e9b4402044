package org.siamage.config;

/**
 * How an image becomes the network input.
 *
 * @param mode {@code detect} (find the face, align on the eyes, crop) or {@code pre-aligned}
 *     (the dataset ships face crops: only resize)
 * @param inputSize side of the square network input in pixels, 32..512
 * @param cropMargin extra border around the detected face box, as a share of its side, 0..1
 * @param alignEyes rotate so the eyes are level when both are found
 * @param detector cascade file name shipped inside the OpenCV jar
 */
public record PreprocessingConfig(
    String mode, int inputSize, double cropMargin, boolean alignEyes, String detector) {
  public static final String MODE_DETECT = "detect";
  public static final String MODE_PRE_ALIGNED = "pre-aligned";

  public PreprocessingConfig withMode(String newMode) {
    return new PreprocessingConfig(newMode, inputSize, cropMargin, alignEyes, detector);
  }
}
