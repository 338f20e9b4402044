package org.siamage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.ConfigDefaults;
import org.siamage.config.ConfigJson;
import org.siamage.config.DataConfig;
import org.siamage.config.ExperimentConfig;
import org.siamage.config.ModelConfig;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.sample.SampleFaceGenerator;
import org.siamage.data.sample.SampleFaceSpec;
import org.siamage.service.DatasetService;
import org.siamage.service.ModelService;
import org.siamage.service.TrainingService;

/** train, eval, predict, compare and embed through picocli, on a tiny model. */
@Tag("slow")
class ModelCommandsTest {
  @TempDir static Path temp;
  static Path faces;
  static Path model;


  static CliRun run(String... args) {
    DatasetService datasets = new DatasetService(2);
    List<Object> commands = new java.util.ArrayList<>();
    commands.add(new TrainCommand(new TrainingService(datasets, "test")));
    commands.addAll(ModelCommands.all(new ModelService(datasets)));
    return CliRun.of(commands, args);
  }

  @BeforeAll
  static void trainTinyModel() throws IOException {
    faces = temp.resolve("faces");
    new SampleFaceGenerator().generate(faces, SampleFaceSpec.defaults().withCount(40).withImageSize(32),
        ProgressListener.silent(), new StopToken());
    ExperimentConfig defaults = ConfigDefaults.experiment();
    ExperimentConfig config = defaults
        .withData(new DataConfig(faces.toString(), "", 0.2, 0.2, 3L, temp.resolve("cache").toString()))
        .withPreprocessing(new PreprocessingConfig(PreprocessingConfig.Mode.PRE_ALIGNED, 32, 0.25, true,
            "haarcascade_frontalface_alt2.xml"))
        .withModel(new ModelConfig(ModelConfig.Backbone.COMPACT_INCEPTION, 8, 16, true))
        .withTraining(defaults.training().withEpochs(1));
    Path configFile = temp.resolve("experiment.json");
    ConfigJson.write(config, configFile);
    Path runFolder = temp.resolve("run");
    CliRun train = run("train", "--config", configFile.toString(), "--out", runFolder.toString());
    assertThat(train.exitCode()).as(train.out() + train.err()).isZero();
    assertThat(train.out()).contains("epoch   1").contains("Model: ");
    model = runFolder.resolve("model.siamage");
  }

  @Test
  void predictPrintsOneCsvRowPerImage() {
    CliRun run = run("predict", "--model", model.toString(), faces.resolve("images").toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines()).hasSize(41).first().asString().startsWith("file,age,uncertainty,gender");
  }

  @Test
  void predictOnADatasetFolderEstimatesItsImagesAndSaysWhatItFound() {
    CliRun run = run("predict", "--model", model.toString(), faces.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).hasSize(41);
    assertThat(run.err()).contains(faces + ": a dataset (labels.csv (file,age,gender)), 40 faces");
    // the model's own references are left out of their neighbours, and the rows say so
    assertThat(run.out()).contains("left out: this face is a reference of the model");
  }

  @Test
  void predictOnAFolderWithoutImagesSaysWhyNothingCameOut() throws IOException {
    Path empty = Files.createDirectories(temp.resolve("no-images"));
    Files.writeString(empty.resolve("notes.txt"), "not an image");
    CliRun run = run("predict", "--model", model.toString(), empty.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.NOTHING_USABLE);
    assertThat(run.err()).contains("error: no image to estimate in " + empty);
    assertThat(run.out()).as("no CSV header for nothing").isEmpty();
  }

  @Test
  void frameWritesACopyOfThePreAlignedModelThatCropsLiveFacesAsItsTrainingImagesFrameThem() {
    Path framed = temp.resolve("framed.siamage");
    CliRun run = run("frame", "--model", model.toString(), "--data", "sample-data/faces", "--images", "30", "--out",
        framed.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Live crops are framed as the training crops: ").contains("wrote " + framed);
    org.siamage.config.PreprocessingConfig preprocessing =
        org.siamage.infer.FaceModel.load(framed).config().preprocessing();
    assertThat(preprocessing.liveFraming()).isBetween(1.25, 1.6);
    assertThat(preprocessing.mode()).isEqualTo(PreprocessingConfig.Mode.PRE_ALIGNED);
    CliRun tooFew = run("frame", "--model", model.toString(), "--data", "sample-data/faces", "--images", "5", "--out",
        temp.resolve("never.siamage").toString());
    assertThat(tooFew.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(tooFew.err()).contains("--images 5: at least 10 are needed");
    assertThat(temp.resolve("never.siamage")).doesNotExist();
  }

  @Test
  void evalReportsEveryEstimatorAndThePairVerdict() {
    Path out = temp.resolve("eval-estimators");
    CliRun run = run("eval", "--model", model.toString(), "--data", faces.toString(), "--out", out.toString(),
        "--preprocessing", "pre-aligned");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("references MAE ").contains("Pair verdict at τ = 3 years")
        .containsPattern("Unusual faces: \\d+ of \\d+ faces \\([0-9.]+ %\\) unusual \\(nearest reference beyond D = ");
    CliRun bad = run("eval", "--model", model.toString(), "--data", faces.toString(), "--preprocessing", "magic");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(bad.err()).contains("--preprocessing magic");
  }

  @Test
  void compareGivesDistanceVerdictAndNeighbours() {
    CliRun run = run("compare", "--model", model.toString(),
        faces.resolve("images/face_0000.jpg").toString(), faces.resolve("images/face_0001.jpg").toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("distance ").contains("verdict: ").doesNotContain("nearest references");
  }

  @Test
  void compareExplainWritesOcclusionMapsAndEveryNumber() throws IOException {
    Path out = temp.resolve("explain");
    CliRun run = run("compare", "--model", model.toString(), "--explain", "--out", out.toString(),
        "--patch", "8", "--stride", "4",
        faces.resolve("images/face_0000.jpg").toString(), faces.resolve("images/face_0001.jpg").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("nearest references").contains("positive pairs")
        .contains("occlusion maps: patch 8 px, stride 4 px");
    java.awt.image.BufferedImage map = javax.imageio.ImageIO.read(out.resolve("first-occlusion.png").toFile());
    // the 256 px crop with its map, framed with a colour bar and legend below it
    assertThat(map.getWidth()).isGreaterThan(256);
    assertThat(map.getHeight()).isGreaterThan(256 + 40);
    assertThat(out.resolve("second-occlusion.png")).isRegularFile();
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("explain.json").toFile());
    assertThat(json.at("/comparison/distance").asDouble()).isBetween(0.0, 2.0);
    assertThat(json.at("/first/nearestReferences")).isNotEmpty();
    assertThat(json.at("/occlusion/firstPositionChanges")).hasSize(7);
    assertThat(json.at("/histograms/positive")).hasSize(40);
  }

  @Test
  void aStrideLargerThanThePatchIsRefused() {
    CliRun run = run("compare", "--model", model.toString(), "--explain", "--patch", "4", "--stride", "6",
        faces.resolve("images/face_0000.jpg").toString(), faces.resolve("images/face_0001.jpg").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("stride");
  }

  @Test
  void evalWritesTheReportFiles() {
    Path out = temp.resolve("eval");
    CliRun run = run("eval", "--model", model.toString(), "--data", faces.toString(), "--out", out.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("MAE ").contains("CS(5)");
    assertThat(out.resolve("report.md")).isRegularFile();
    assertThat(out.resolve("predictions.csv")).isRegularFile();
  }

  @Test
  void embedWritesEveryFace() throws IOException {
    Path csv = temp.resolve("embeddings.csv");
    CliRun run = run("embed", "--model", model.toString(), "--data", faces.toString(), "--out", csv.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(Files.readAllLines(csv)).hasSize(41).first().asString().startsWith("id,age,gender,predicted_age,e0");
  }

  @Test
  void embedProjectsToTsneWithQualityNumbersAndTheFigure() throws IOException {
    Path csv = temp.resolve("map.csv");
    Path png = temp.resolve("map.png");
    CliRun run = run("embed", "--project", "tsne", "--iterations", "250", "--perplexity", "5", "--model",
        model.toString(), "--data", faces.toString(), "--out", csv.toString(), "--png", png.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("tsne-exact of 40 faces").contains("trustworthiness").contains("wrote " + png);
    assertThat(Files.readAllLines(csv)).hasSize(41).first().asString()
        .isEqualTo("id,image,age,gender,split,predicted_age,x,y");
    assertThat(png).isNotEmptyFile();
  }

  @Test
  void embedMapsWithTsneWhenAskedEvenIfTheModelWasSavedWithPca() throws IOException {
    Path pcaModel = org.siamage.infer.TinyFaceModels.write(temp.resolve("pca-model"), 12,
        org.siamage.config.PreprocessingConfig.Mode.PRE_ALIGNED,
        config -> config.withProjection(new org.siamage.config.ProjectionConfig(
            org.siamage.config.ProjectionConfig.Method.PCA, 5, 250, 3000, 42))).bundle();
    CliRun tsne = run("embed", "--project", "tsne", "--iterations", "250", "--model", pcaModel.toString(),
        "--data", faces.toString(), "--out", temp.resolve("pca-model-tsne.csv").toString());
    assertThat(tsne.exitCode()).as(tsne.out() + tsne.err()).isZero();
    assertThat(tsne.out()).contains("tsne-exact of 40 faces");
    CliRun pca = run("embed", "--project", "pca", "--model", pcaModel.toString(), "--data", faces.toString(),
        "--out", temp.resolve("pca-model-pca.csv").toString());
    assertThat(pca.out()).contains("pca of 40 faces");
  }

  @Test
  void embedRefusesAnUnknownProjectionByName() {
    CliRun run = run("embed", "--project", "umap", "--model", model.toString(), "--data", faces.toString(), "--out",
        temp.resolve("x.csv").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("umap").doesNotContain("Exception");
  }

  @Test
  void aTruncatedBundleIsRefusedClearly() throws IOException {
    byte[] bytes = Files.readAllBytes(model);
    Path truncated = Files.write(temp.resolve("truncated.siamage"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertRefused(truncated, "truncated");
  }

  @Test
  void aFlippedByteIsRefusedClearly() throws IOException {
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 2] ^= 0x20;
    assertRefused(Files.write(temp.resolve("flipped.siamage"), bytes), "flipped.siamage");
  }

  @Test
  void anEntryEscapingTheBundleIsRefused() throws IOException {
    Path evil = temp.resolve("escaping.siamage");
    try (OutputStream file = Files.newOutputStream(evil); ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.putNextEntry(new ZipEntry("../x"));
      zip.write("owned".getBytes());
      zip.closeEntry();
    }
    assertRefused(evil, "../x");
    assertThat(temp.getParent().resolve("x")).doesNotExist();
  }

  private static void assertRefused(Path bundle, String expected) {
    CliRun run = run("compare", "--model", bundle.toString(),
        faces.resolve("images/face_0000.jpg").toString(), faces.resolve("images/face_0001.jpg").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains(bundle.getFileName().toString()).contains(expected)
        .doesNotContain("\tat ");
  }
}
