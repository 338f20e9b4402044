package org.siamage.data.preprocess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.StopToken;

/**
 * How a dataset's pre-aligned crops frame the face the detector finds in them. A model trained on
 * such crops sees live faces (webcam, photographs) through the detector; cropping those faces with
 * the same framing makes the live crops look like the training crops. Datasets differ a lot: in
 * All-Age-Faces the crop is about 1.47 box sides, centred 0.15 of a side above the box centre; in
 * UTKFace about 1.02, centred 0.09 below.
 */
public final class CropFraming {
  /** Images measured when nothing else is asked for: evenly spread, a few seconds of detection. */
  public static final int DEFAULT_IMAGES = 200;
  /** Fewer faces found than this and the measurement is not trusted. */
  static final int MINIMUM_FACES = 10;
  /**
   * Crops framed more than this share tighter or looser than a model's training crops are worth a
   * warning: the All-Age-Faces model read UTKFace's crops, 31 % tighter, at MAE 16.9 years, and the
   * same faces cropped as it was trained at 7.0 (docs/RESULTS.md, "Unusual faces").
   */
  public static final double FRAMING_TOLERANCE = 0.2;

  private CropFraming() {}

  /**
   * The medians over the images (robust to the detector's occasional wrong box).
   *
   * @param framing crop side over box side
   * @param shiftX crop centre minus box centre, in box sides (positive: right)
   * @param shiftY likewise, positive downwards
   * @param faces images in which a face was found and measured
   * @param images images tried
   */
  public record Measured(double framing, double shiftX, double shiftY, int faces, int images) {
    /** The settings with this framing. */
    public PreprocessingConfig applyTo(PreprocessingConfig preprocessing) {
      return preprocessing.withLiveFraming(round(framing), round(shiftX), round(shiftY));
    }

    /** One line for a log: what was measured and what it means. */
    public String describe() {
      return String.format(Locale.ROOT,
          "Live crops are framed as the training crops: %.3f × the detector's box, centred %.3f of it %s and %.3f %s"
              + " (medians over %d of %d training images)",
          framing, Math.abs(shiftY), shiftY < 0 ? "above" : "below", Math.abs(shiftX),
          shiftX < 0 ? "left" : "right", faces, images);
    }

    private static double round(double value) {
      return Math.round(value * 1000) / 1000.0;
    }
  }

  /**
   * Measures up to {@code maxImages} of {@code images}, evenly spread (the same ones every time).
   *
   * @param preprocessing the model's settings (their detector is used, in detect mode)
   * @return empty when fewer than {@value #MINIMUM_FACES} faces were found
   */
  public static Optional<Measured> measure(List<Path> images, PreprocessingConfig preprocessing, int maxImages,
      StopToken stop) {
    int count = Math.min(images.size(), Math.max(1, maxImages));
    List<double[]> found = new ArrayList<>(count);
    // the model's detector; no eye search, as only the face box is measured
    try (FacePreprocessor preprocessor = new FacePreprocessor(new PreprocessingConfig(PreprocessingConfig.Mode.DETECT,
        preprocessing.inputSize(), preprocessing.cropMargin(), false, preprocessing.detector()), false)) {
      for (int i = 0; i < count; i++) {
        stop.throwIfStopped();
        preprocessor.framingOf(images.get((int) ((long) i * images.size() / count))).ifPresent(found::add);
      }
    }
    if (found.size() < MINIMUM_FACES) {
      return Optional.empty();
    }
    // the network sees the centre square shrunk by centreCrop, about the same centre
    return Optional.of(new Measured(median(found, 0) * preprocessing.centreCrop(), median(found, 1),
        median(found, 2), found.size(), count));
  }

  /**
   * A warning when crops measured as {@code evaluated} frame the face unlike a model's training
   * crops (framing {@code trainingFraming}, crop side over box side) by more than
   * {@link #FRAMING_TOLERANCE}, with what to do about it; empty when they agree.
   */
  public static String mismatch(Measured evaluated, double trainingFraming) {
    double ratio = evaluated.framing() / trainingFraming;
    if (ratio <= 1 + FRAMING_TOLERANCE && ratio >= 1 / (1 + FRAMING_TOLERANCE)) {
      return "";
    }
    return String.format(Locale.ROOT,
        "these crops frame the face %s than the model's training crops (%.2f × the detector's box against %.2f ×,"
            + " medians over %d faces), and a model reads faces framed unlike its training faces poorly. Evaluate"
            + " with detected faces instead (siamage eval --preprocessing detect, or Detect faces in the Results"
            + " perspective), which finds each face and crops it as the model was trained.",
        ratio < 1 ? "more tightly" : "more loosely", evaluated.framing(), trainingFraming, evaluated.faces());
  }

  private static double median(List<double[]> values, int column) {
    double[] sorted = values.stream().mapToDouble(value -> value[column]).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
