package org.siamage.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How an image becomes the network input.
 *
 * @param mode {@code detect} (find the face, align on the eyes, crop) or {@code pre-aligned}
 *     (the dataset ships face crops: only resize)
 * @param inputSize side of the square network input in pixels, 32..512
 * @param cropMargin extra border around the detected face box, as a share of its side, 0..1
 * @param alignEyes rotate so the eyes are level when both are found
 * @param detector cascade file name shipped inside the OpenCV jar
 * @param liveFraming for a model trained on pre-aligned crops: how those crops frame the face
 *     detector's box, as crop side over box side (0.5..4), measured on the training images when
 *     training starts; the webcam, {@code predict} on photographs and {@code eval --preprocessing
 *     detect} crop detected faces the same way. 0 = not measured (see {@link #detectedFaceFraming()})
 * @param liveShiftX horizontal offset of the crop centre from the detector box's centre, in box
 *     sides (−1..1, positive to the right); part of the same measurement
 * @param liveShiftY vertical offset, in box sides (−1..1, positive downwards)
 * @param centreCrop in {@code pre-aligned} mode: side of the square the network sees, as a share of
 *     the image's centre square (0.5..1; 1 = all of it), centred; smaller values frame the face more
 *     tightly and give it more of the input's pixels. The measured live framing includes it.
 */
public record PreprocessingConfig(
    Mode mode, int inputSize, double cropMargin, boolean alignEyes, String detector,
    double liveFraming, double liveShiftX, double liveShiftY, double centreCrop) {
  /** {@code preprocessing.mode}: how a face is cut out of an image. */
  public enum Mode implements ConfigEnum {
    /** Find the face, align on the eyes, crop. */
    DETECT("detect"),
    /** The dataset ships face crops: only resize. */
    PRE_ALIGNED("pre-aligned");

    private final String wireName;

    Mode(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }

    /** The mode written {@code name}; the error names {@code preprocessing.mode} and the allowed names. */
    @JsonCreator
    public static Mode fromWireName(String name) {
      return ConfigEnum.parse(Mode.class, "preprocessing.mode", name);
    }
  }

  /**
   * Crop side over detected face side for models trained on pre-aligned crops whose framing was
   * not measured: the sample-data faces as the frontal cascades box them (1.34–1.47, ADR 0030).
   */
  public static final double UNMEASURED_PRE_ALIGNED_FRAMING = 1.4;

  /** Settings without a measured live framing, seeing all of a pre-aligned image's centre square. */
  public PreprocessingConfig(Mode mode, int inputSize, double cropMargin, boolean alignEyes, String detector) {
    this(mode, inputSize, cropMargin, alignEyes, detector, 1);
  }

  /** Settings without a measured live framing. */
  public PreprocessingConfig(Mode mode, int inputSize, double cropMargin, boolean alignEyes, String detector,
      double centreCrop) {
    this(mode, inputSize, cropMargin, alignEyes, detector, 0, 0, 0, centreCrop);
  }

  /**
   * The same settings in another mode. A pre-aligned model asked to detect faces (photographs, the
   * live path) keeps its training framing: the measured one, else the unmeasured default.
   */
  public PreprocessingConfig withMode(Mode newMode) {
    double framing = liveFraming;
    if (framing == 0 && mode == Mode.PRE_ALIGNED && newMode == Mode.DETECT) {
      framing = UNMEASURED_PRE_ALIGNED_FRAMING;
    }
    return new PreprocessingConfig(newMode, inputSize, cropMargin, alignEyes, detector, framing, liveShiftX,
        liveShiftY, centreCrop);
  }

  /** These settings with a measured live framing (see the record's parameters). */
  public PreprocessingConfig withLiveFraming(double framing, double shiftX, double shiftY) {
    return new PreprocessingConfig(mode, inputSize, cropMargin, alignEyes, detector, framing, shiftX, shiftY,
        centreCrop);
  }

  /** Whether the live framing was measured (or carried over from a pre-aligned model). */
  public boolean hasLiveFraming() {
    return liveFraming > 0;
  }

  /**
   * Crop side over detected face-box side for a face found by the detector: the live framing when
   * there is one, else {@code 1 + 2 × cropMargin} for a model trained on detected faces, else
   * {@link #UNMEASURED_PRE_ALIGNED_FRAMING}.
   */
  public double detectedFaceFraming() {
    if (liveFraming > 0) {
      return liveFraming;
    }
    return mode == Mode.DETECT ? 1 + 2 * cropMargin : UNMEASURED_PRE_ALIGNED_FRAMING;
  }
}
