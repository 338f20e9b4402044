package org.siamage.capture;

/**
 * One tracked face in a frame, in frame pixel coordinates.
 *
 * @param trackId stable id while the face stays in view (1, 2, …)
 * @param x left edge in pixels (may be slightly outside the frame)
 * @param y top edge in pixels
 * @param width box width in pixels
 * @param height box height in pixels
 * @param estimates how many network estimates the smoothed values average (0 = not yet estimated;
 *     age and gender are then NaN)
 * @param age smoothed age in years, NaN before the first estimate
 * @param uncertainty smoothed spread of the neighbours' ages in years, NaN before the first estimate
 * @param femaleProbability smoothed probability that the face is female, 0..1, NaN before the first
 *     estimate
 * @param detectedNow true when the detector found the face in this frame; false while the tracker
 *     holds a briefly missed face at its last place
 * @param unusual most estimates in the smoothing window found the face unlike every reference face
 *     of the model (see {@link org.siamage.infer.FacePrediction#unusual()})
 */
public record LiveFace(
    int trackId,
    int x,
    int y,
    int width,
    int height,
    int estimates,
    double age,
    double uncertainty,
    double femaleProbability,
    boolean detectedNow,
    boolean unusual) {

  public boolean estimated() {
    return estimates > 0;
  }

  /** "female", "male", or "?" when the smoothed probability is within 0.4..0.6. */
  public String genderWord() {
    if (!estimated() || Double.isNaN(femaleProbability)) {
      return "?";
    }
    if (femaleProbability >= 0.6) {
      return "female";
    }
    return femaleProbability <= 0.4 ? "male" : "?";
  }
}
