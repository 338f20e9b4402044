package org.siamage.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.preprocess.CropFraming;
import org.siamage.eval.EvaluationReportWriter;
import org.siamage.infer.FaceModel;
import org.siamage.infer.TinyFaceModels;

/**
 * {@code eval} on pre-aligned crops framed unlike the model's training crops warns and says what to
 * do; on crops framed alike, or with detected faces, it does not. The sample faces stand in for
 * both datasets: as they are, and cut to a square 0.6 as wide about the same centre.
 */
class EvaluationFramingTest {
  private static final int FACES = 40;
  private static final double TIGHTER = 0.6;

  @TempDir static Path temp;
  static Path original;
  static Path tight;
  static FaceModel model;
  static Path bundle;
  private static final ModelService MODELS = new ModelService(new DatasetService(2));

  @BeforeAll
  static void datasetsAndModel() throws IOException {
    original = Files.createDirectories(temp.resolve("original/images")).getParent();
    tight = Files.createDirectories(temp.resolve("tight/images")).getParent();
    List<String> rows = Files.readAllLines(Path.of("sample-data/faces/labels.csv")).subList(1, FACES + 1);
    List<Path> originals = new ArrayList<>();
    for (String row : rows) {
      String file = row.split(",")[0];
      Mat image = opencv_imgcodecs.imread(Path.of("sample-data/faces").resolve(file).toString());
      int side = (int) Math.round(image.cols() * TIGHTER);
      int offset = (image.cols() - side) / 2;
      opencv_imgcodecs.imwrite(original.resolve(file).toString(), image);
      opencv_imgcodecs.imwrite(tight.resolve(file).toString(), new Mat(image, new Rect(offset, offset, side, side)));
      originals.add(original.resolve(file));
    }
    List<String> labels = new ArrayList<>(List.of("file,age,gender"));
    labels.addAll(rows);
    Files.write(original.resolve("labels.csv"), labels);
    Files.write(tight.resolve("labels.csv"), labels);
    // a model whose training crops frame the face as the original sample faces do, measured as training does
    TinyFaceModels.Written written = TinyFaceModels.write(temp.resolve("model"), 24, PreprocessingConfig.Mode.PRE_ALIGNED,
        config -> config.withPreprocessing(CropFraming.measure(originals, config.preprocessing(),
            CropFraming.DEFAULT_IMAGES, new StopToken()).orElseThrow().applyTo(config.preprocessing())));
    bundle = written.bundle();
    model = FaceModel.load(bundle);
  }

  private static ModelService.Evaluation evaluate(Path dataset, PreprocessingConfig.Mode mode, String name) {
    return MODELS.evaluate(model, dataset, null, mode, temp.resolve("eval-" + name), ProgressListener.silent(),
        new StopToken());
  }

  @Test
  void cropsFramedMoreTightlyThanTheTrainingCropsGetAWarningInTheReport() throws IOException {
    ModelService.Evaluation evaluation = evaluate(tight, PreprocessingConfig.Mode.PRE_ALIGNED, "tight");

    assertThat(evaluation.report().warnings()).hasSize(1);
    String warning = evaluation.report().warnings().get(0);
    assertThat(warning)
        .startsWith("these crops frame the face more tightly than the model's training crops (")
        .contains("siamage eval --preprocessing detect");
    assertThat(evaluation.report().notes()).doesNotContain("Warning");
    assertThat(Files.readString(temp.resolve("eval-tight/report.md")))
        .contains("\n\n**Warning:** " + warning + "\n");
    // programs read the warning from its own field, as plain text
    assertThat(EvaluationReportWriter.readJson(temp.resolve("eval-tight/report.json")).warnings())
        .containsExactly(warning);
  }

  @Test
  void cropsFramedAsTheTrainingCropsGetNone() {
    assertThat(evaluate(original, PreprocessingConfig.Mode.PRE_ALIGNED, "original").report().warnings()).isEmpty();
  }

  @Test
  void detectedFacesAreCroppedAsTheModelWasTrainedAndGetNone() {
    assertThat(evaluate(tight, PreprocessingConfig.Mode.DETECT, "detect").report().warnings()).isEmpty();
  }

  @Test
  void theResultsPerspectivesDetectFacesEvaluatesDetectedFacesIntoAFolderThatSaysSo() throws IOException {
    Path run = Files.createDirectories(temp.resolve("runs/run-1"));
    Files.copy(bundle, run.resolve("model.siamage"));
    RunHistoryService history = new RunHistoryService(MODELS);

    RunHistoryService.RunEvaluation detected = history.evaluate(run, tight, true, ProgressListener.silent(),
        new StopToken());
    RunHistoryService.RunEvaluation asCropped = history.evaluate(run, tight, false, ProgressListener.silent(),
        new StopToken());

    assertThat(detected.name()).startsWith("tight-detect-");
    assertThat(detected.report().notes()).contains("faces preprocessed detect");
    assertThat(detected.report().warnings()).isEmpty();
    assertThat(asCropped.name()).startsWith("tight-").doesNotContain("detect");
    assertThat(asCropped.report().notes()).contains("faces preprocessed pre-aligned");
    assertThat(asCropped.report().warnings()).singleElement().asString().startsWith("these crops frame the face");
  }

  @Test
  void theToleranceIsASymmetricShare() {
    CropFraming.Measured measured = new CropFraming.Measured(1.0, 0, 0, 30, 30);
    assertThat(CropFraming.mismatch(measured, 1.0)).isEmpty();
    assertThat(CropFraming.mismatch(measured, 1.19)).isEmpty();
    assertThat(CropFraming.mismatch(measured, 0.84)).isEmpty();
    assertThat(CropFraming.mismatch(measured, 1.21)).contains("more tightly").contains("1.00 × the detector's box against 1.21 ×");
    assertThat(CropFraming.mismatch(measured, 0.8)).contains("more loosely");
  }
}
