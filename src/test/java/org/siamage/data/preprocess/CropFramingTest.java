package org.siamage.data.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.StopToken;

/**
 * The sample faces, and a copy of them framed differently (a tighter square, higher up), stand in
 * for two datasets of pre-aligned crops: the measurement must see the difference, and detected
 * faces cropped with it must look like the training crops.
 */
class CropFramingTest {
  private static final double TIGHTER = 0.8; // the copies' square side over the originals'
  private static final double HIGHER = 0.1; // the copies' centre above the originals', in original sides
  private static final PreprocessingConfig PRE_ALIGNED =
      new PreprocessingConfig(PreprocessingConfig.Mode.PRE_ALIGNED, 64, 0.25, false,
          "haarcascade_frontalface_alt2.xml");

  @TempDir Path temp;
  private final List<Path> originals = new ArrayList<>();
  private final List<Path> reframed = new ArrayList<>();

  @BeforeEach
  void reframeTheSampleFaces() throws IOException {
    List<Path> all;
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("user.dir"), "sample-data", "faces", "images"))) {
      all = files.filter(file -> file.toString().endsWith(".jpg")).sorted().toList();
    }
    for (int i = 0; i < 30; i++) {
      Path original = all.get(i * all.size() / 30);
      Mat image = opencv_imgcodecs.imread(original.toString());
      int square = Math.min(image.cols(), image.rows());
      int side = (int) Math.round(square * TIGHTER);
      int x = (image.cols() - side) / 2;
      int y = (int) Math.round((image.rows() - side) / 2.0 - HIGHER * square);
      Path copy = temp.resolve("reframed-" + original.getFileName().toString().replace(".jpg", ".png"));
      opencv_imgcodecs.imwrite(copy.toString(), new Mat(image, new Rect(x, y, side, side)));
      originals.add(original);
      reframed.add(copy);
    }
  }

  @Test
  void theMeasurementSeesHowTheCropsFrameTheFace() {
    CropFraming.Measured wide = CropFraming.measure(originals, PRE_ALIGNED, 30, new StopToken()).orElseThrow();
    CropFraming.Measured tight = CropFraming.measure(reframed, PRE_ALIGNED, 30, new StopToken()).orElseThrow();
    assertThat(wide.faces()).isGreaterThanOrEqualTo(18); // the cascade misses some drawn faces
    // the sample faces as the frontal cascade boxes them (ADR 0030: 1.34–1.47)
    assertThat(wide.framing()).isBetween(1.25, 1.6);
    assertThat(tight.framing()).isCloseTo(TIGHTER * wide.framing(), within(0.1));
    assertThat(tight.shiftY()).isCloseTo(wide.shiftY() - HIGHER * wide.framing(), within(0.06));
    assertThat(tight.shiftX()).isCloseTo(wide.shiftX(), within(0.05));
    assertThat(tight.describe()).startsWith("Live crops are framed as the training crops: ").contains("above");
  }

  @Test
  void aCentreCropIsPartOfTheMeasuredFraming() {
    PreprocessingConfig cropped = new PreprocessingConfig(PreprocessingConfig.Mode.PRE_ALIGNED, 64, 0.25, false,
        "haarcascade_frontalface_alt2.xml", TIGHTER);
    CropFraming.Measured whole = CropFraming.measure(originals, PRE_ALIGNED, 30, new StopToken()).orElseThrow();
    CropFraming.Measured tight = CropFraming.measure(originals, cropped, 30, new StopToken()).orElseThrow();
    assertThat(tight.framing()).isCloseTo(TIGHTER * whole.framing(), within(0.002));
    assertThat(tight.shiftX()).isEqualTo(whole.shiftX());
    assertThat(tight.shiftY()).isEqualTo(whole.shiftY());
    assertThat(tight.applyTo(cropped).centreCrop()).isEqualTo(TIGHTER);
  }

  @Test
  void detectedFacesCroppedWithTheMeasuredFramingLookLikeTheTrainingCrops() {
    CropFraming.Measured measured = CropFraming.measure(reframed, PRE_ALIGNED, 30, new StopToken()).orElseThrow();
    PreprocessingConfig framed = measured.applyTo(PRE_ALIGNED).withMode(PreprocessingConfig.Mode.DETECT);
    PreprocessingConfig unmeasured = PRE_ALIGNED.withMode(PreprocessingConfig.Mode.DETECT);
    assertThat(unmeasured.detectedFaceFraming()).isEqualTo(PreprocessingConfig.UNMEASURED_PRE_ALIGNED_FRAMING);
    double framedDifference = 0;
    double unmeasuredDifference = 0;
    int compared = 0;
    try (FacePreprocessor training = new FacePreprocessor(PRE_ALIGNED, false);
        FacePreprocessor live = new FacePreprocessor(framed, false);
        FacePreprocessor liveUnmeasured = new FacePreprocessor(unmeasured, false)) {
      for (int i = 0; i < originals.size(); i++) {
        FaceOutcome liveCrop = live.preprocess(originals.get(i));
        if (!liveCrop.hasCrop()) {
          continue;
        }
        byte[] trainingCrop = training.preprocess(reframed.get(i)).crop().rgb();
        framedDifference += meanAbsoluteDifference(trainingCrop, liveCrop.crop().rgb());
        unmeasuredDifference += meanAbsoluteDifference(trainingCrop, liveUnmeasured.preprocess(originals.get(i)).crop().rgb());
        compared++;
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(15);
    assertThat(framedDifference / compared).as("mean |Δpixel| with the measured framing")
        .isLessThan(0.6 * unmeasuredDifference / compared);
  }

  @Test
  void tooFewFacesGiveNoMeasurement() {
    Path gradient = TestImages.writeGradient(temp.resolve("gradient.png"), 128, 128);
    assertThat(CropFraming.measure(List.of(gradient, gradient, gradient), PRE_ALIGNED, 3, new StopToken())).isEmpty();
  }

  private static double meanAbsoluteDifference(byte[] a, byte[] b) {
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
    }
    return (double) sum / a.length;
  }
}
