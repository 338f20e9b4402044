package org.siamage.data.preprocess;

import java.util.Objects;

/**
 * Either a decoded image or the reason it could not be decoded (which names the file).
 *
 * @param image the image, or null when decoding failed
 * @param failureReason why decoding failed, or null on success
 */
public record DecodeResult(DecodedImage image, String failureReason) {
  public DecodeResult {
    if ((image == null) == (failureReason == null)) {
      throw new IllegalArgumentException("exactly one of image and failureReason must be set");
    }
  }

  public static DecodeResult decoded(DecodedImage image) {
    return new DecodeResult(Objects.requireNonNull(image), null);
  }

  public static DecodeResult failed(String reason) {
    return new DecodeResult(null, Objects.requireNonNull(reason));
  }

  public boolean isDecoded() {
    return image != null;
  }
}
