package org.siamage.data.preprocess;

import java.util.Objects;

/**
 * Either a face crop or the reason there is none (for a skipped item; it names the file).
 *
 * @param crop the crop, or null when the image was skipped
 * @param failureReason why it was skipped ("…: no face found", a decoding problem), or null
 * @param noFaceFound true when the image decoded but the detector found no face (so callers can
 *     count these apart from unreadable files)
 */
public record FaceOutcome(FaceCrop crop, String failureReason, boolean noFaceFound) {
  public FaceOutcome {
    if ((crop == null) == (failureReason == null)) {
      throw new IllegalArgumentException("exactly one of crop and failureReason must be set");
    }
  }

  public static FaceOutcome of(FaceCrop crop) {
    return new FaceOutcome(Objects.requireNonNull(crop), null, false);
  }

  public static FaceOutcome failed(String reason) {
    return new FaceOutcome(null, Objects.requireNonNull(reason), false);
  }

  public static FaceOutcome noFace(String reason) {
    return new FaceOutcome(null, Objects.requireNonNull(reason), true);
  }

  public boolean hasCrop() {
    return crop != null;
  }
}
