package org.siamage.data.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;

class FacePreprocessorTest {
  private static final String DEFAULT_DETECTOR = "haarcascade_frontalface_alt2.xml";

  @TempDir Path folder;

  static PreprocessingConfig detectConfig(int size) {
    return new PreprocessingConfig(
        PreprocessingConfig.Mode.DETECT, size, 0.25, true, DEFAULT_DETECTOR);
  }

  static PreprocessingConfig preAlignedConfig(int size) {
    return new PreprocessingConfig(
        PreprocessingConfig.Mode.PRE_ALIGNED, size, 0.25, true, DEFAULT_DETECTOR);
  }

  @Test
  void preAlignedModeCropsTheCentreSquareAndResizes() {
    Path file = TestImages.writeGradient(folder.resolve("wide.png"), 300, 100);
    try (FacePreprocessor preprocessor = new FacePreprocessor(preAlignedConfig(64), false)) {
      FaceOutcome outcome = preprocessor.preprocess(file);
      assertThat(outcome.hasCrop()).isTrue();
      FaceCrop crop = outcome.crop();
      assertThat(crop.size()).isEqualTo(64);
      assertThat(crop.rgb()).hasSize(64 * 64 * 3);
      assertThat(crop.centreCropped()).isTrue();
      // the centre square spans x = 100..200 of 300: the blue ramp (255·x/300) is about 85..170,
      // and in RGB order blue is the third byte
      int leftBlue = crop.rgb()[2] & 0xFF;
      int rightBlue = crop.rgb()[(63) * 3 + 2] & 0xFF;
      assertThat(leftBlue).isBetween(80, 95);
      assertThat(rightBlue).isBetween(160, 175);
    }
  }

  @Test
  void aCentreCropKeepsTheMiddleOfTheCentreSquare() {
    Path file = TestImages.writeGradient(folder.resolve("wide.png"), 300, 100);
    PreprocessingConfig half = new PreprocessingConfig(
        PreprocessingConfig.Mode.PRE_ALIGNED, 64, 0.25, true, DEFAULT_DETECTOR, 0.5);
    try (FacePreprocessor preprocessor = new FacePreprocessor(half, false)) {
      FaceCrop crop = preprocessor.preprocess(file).crop();
      assertThat(crop.size()).isEqualTo(64);
      // half of the centre square: x = 125..175 of 300, blue about 106..149
      assertThat(crop.rgb()[2] & 0xFF).isBetween(102, 112);
      assertThat(crop.rgb()[63 * 3 + 2] & 0xFF).isBetween(143, 153);
    }
  }

  @Test
  void gradientHasNoFace() {
    Path file = TestImages.writeGradient(folder.resolve("gradient.png"), 320, 240);
    try (FacePreprocessor preprocessor = new FacePreprocessor(detectConfig(64), false)) {
      FaceOutcome outcome = preprocessor.preprocess(file);
      assertThat(outcome.hasCrop()).isFalse();
      assertThat(outcome.noFaceFound()).isTrue();
      assertThat(outcome.failureReason()).isEqualTo(file + ": no face found");
    }
  }

  @Test
  void noFaceFallsBackToCentreCropWhenAsked() {
    Path file = TestImages.writeGradient(folder.resolve("gradient.png"), 320, 240);
    try (FacePreprocessor preprocessor = new FacePreprocessor(detectConfig(48), true)) {
      FaceCrop crop = preprocessor.preprocess(file).crop();
      assertThat(crop.facesFound()).isZero();
      assertThat(crop.centreCropped()).isTrue();
      assertThat(crop.rgb()).hasSize(48 * 48 * 3);
    }
  }

  @Test
  void decodingProblemsBecomeFailureReasons() {
    Path file = folder.resolve("absent.jpg");
    try (FacePreprocessor preprocessor = new FacePreprocessor(detectConfig(64), false)) {
      FaceOutcome outcome = preprocessor.preprocess(file);
      assertThat(outcome.noFaceFound()).isFalse();
      assertThat(outcome.failureReason()).contains(file.toString()).contains("file not found");
    }
  }

  @Test
  void unknownDetectorIsAUserFacingError() {
    PreprocessingConfig config =
        new PreprocessingConfig(PreprocessingConfig.Mode.DETECT, 64, 0.25, false, "nope.xml");
    assertThatThrownBy(() -> new FacePreprocessor(config, false))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("preprocessing.detector")
        .hasMessageContaining("'nope.xml'");
  }

  @Test
  void lbpCascadeIsFound() {
    PreprocessingConfig config =
        new PreprocessingConfig(
            PreprocessingConfig.Mode.DETECT,
            64,
            0.25,
            false,
            "lbpcascade_frontalface_improved.xml");
    try (FacePreprocessor preprocessor = new FacePreprocessor(config, false)) {
      assertThat(preprocessor.config().detector()).startsWith("lbp");
    }
  }

  @Test
  void networkInputIsChwInMinusOneToOne() {
    int size = 2;
    byte[] rgb = new byte[size * size * 3];
    for (int pixel = 0; pixel < 4; pixel++) {
      rgb[pixel * 3] = (byte) 0; // R
      rgb[pixel * 3 + 1] = (byte) 255; // G
      rgb[pixel * 3 + 2] = (byte) (pixel == 3 ? 255 : 0); // B only at (1, 1)
    }
    float[] input = FacePreprocessor.toNetworkInput(rgb, size);
    assertThat(input).hasSize(3 * size * size);
    assertThat(input).startsWith(-1f, -1f, -1f, -1f, 1f, 1f, 1f, 1f, -1f, -1f, -1f);
    assertThat(input[11]).isEqualTo(1f);
  }

  @Test
  void rotationLevelsATiltedDotPair() {
    try (PointerScope scope = new PointerScope()) {
      // dots at (60, 90) and (140, 90 + 30): tilt atan(30 / 80) ≈ 20.6°, right one lower
      Mat image = TestImages.dotsImage(200, 60, 140, 90, 30);
      double angle = Math.toDegrees(Math.atan2(30, 80));
      Mat levelled = FaceAligner.alignedSquare(image, 100, 105, 160, angle, 160);
      int[] leftCentre = darkCentre(levelled, 0, 80);
      int[] rightCentre = darkCentre(levelled, 80, 160);
      assertThat(Math.abs(leftCentre[1] - rightCentre[1])).isLessThanOrEqualTo(1);
      Mat unrotated = FaceAligner.alignedSquare(image, 100, 105, 160, 0, 160);
      assertThat(darkCentre(unrotated, 80, 160)[1] - darkCentre(unrotated, 0, 80)[1])
          .isBetween(29, 31);
    }
  }

  @Test
  void squareBeyondTheImageReplicatesEdges() {
    try (PointerScope scope = new PointerScope()) {
      Mat image = new Mat(20, 20, opencv_core.CV_8UC3, new Scalar(10, 20, 30, 0));
      Mat square = FaceAligner.squareWithBorder(image, 2, 2, 30);
      assertThat(square.cols()).isEqualTo(30);
      assertThat(square.rows()).isEqualTo(30);
      byte[] bytes = MatBytes.toBytes(square);
      assertThat(bytes[0]).isEqualTo((byte) 10);
      assertThat(bytes[bytes.length - 1]).isEqualTo((byte) 30);
      Mat outside = FaceAligner.squareWithBorder(image, 100, 100, 10);
      assertThat(outside.cols()).isEqualTo(10);
      assertThat(outside.rows()).isEqualTo(10);
    }
  }

  @Test
  @Tag("shared-data")
  void detectModeFindsFacesInMostAafImages() {
    Path aaf = SharedAaf.folderOrSkip();
    Dataset dataset = SharedAaf.read(aaf, 200);
    int withFace = 0;
    int aligned = 0;
    int several = 0;
    try (FacePreprocessor preprocessor = new FacePreprocessor(detectConfig(64), false)) {
      for (FaceRecord face : dataset.faces()) {
        FaceOutcome outcome = preprocessor.preprocess(face.image());
        if (outcome.hasCrop()) {
          withFace++;
          assertThat(outcome.crop().rgb()).hasSize(64 * 64 * 3);
          aligned += outcome.crop().eyesAligned() ? 1 : 0;
          several += outcome.crop().facesFound() > 1 ? 1 : 0;
        } else {
          assertThat(outcome.noFaceFound()).as(outcome.failureReason()).isTrue();
        }
      }
    }
    System.out.printf(
        "AAF detect mode, first %d images: face %d, eyes aligned %d, several faces %d%n",
        dataset.size(), withFace, aligned, several);
    assertThat(withFace).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * dataset.size()));
  }

  /** Centre (x, y) of the dark pixels in columns [fromX, toX) of a BGR image. */
  private static int[] darkCentre(Mat image, int fromX, int toX) {
    byte[] bytes = MatBytes.toBytes(image);
    int width = image.cols();
    long sumX = 0;
    long sumY = 0;
    int count = 0;
    for (int y = 0; y < image.rows(); y++) {
      for (int x = fromX; x < toX; x++) {
        if ((bytes[(y * width + x) * 3] & 0xFF) < 100) {
          sumX += x;
          sumY += y;
          count++;
        }
      }
    }
    assertThat(count).as("dark pixels in columns %d..%d", fromX, toX).isPositive();
    return new int[] {
      (int) Math.round((double) sumX / count), (int) Math.round((double) sumY / count)
    };
  }
}
