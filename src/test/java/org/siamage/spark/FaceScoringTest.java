package org.siamage.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.FaceRecord;
import org.siamage.infer.FaceModel;
import org.siamage.infer.TinyFaceModels;
import org.siamage.service.DatasetService;
import org.siamage.service.ModelService;

/**
 * The Spark job on {@code local[2]} gives what {@code siamage predict} and {@code siamage embed}
 * give on the same faces, and an unreadable or faceless image gives an error row, not a failed job.
 */
class FaceScoringTest {
  @TempDir static Path folder;

  private static SparkSession spark;
  private static TinyFaceModels.Written tiny;
  private static final ModelService MODELS = new ModelService(new DatasetService(2));

  @BeforeAll
  static void startSpark() throws IOException {
    // an unusual-face distance below every nearest-reference distance: each face is flagged, so
    // the unusual column must carry predict's flag, not a default
    tiny = TinyFaceModels.write(folder.resolve("tiny"), 24, PreprocessingConfig.Mode.PRE_ALIGNED,
        config -> config.withEvaluation(config.evaluation().withUnusualDistance(1e-6)));
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("siamage-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Map<String, Row> byPath(String output) {
    Map<String, Row> rows = new HashMap<>();
    for (Row row : spark.read().parquet(output).collectAsList()) {
      rows.put(row.getString(row.fieldIndex("path")), row);
    }
    return rows;
  }

  private static float[] embeddingOf(Row row) {
    List<Float> values = row.getList(row.fieldIndex("embedding"));
    float[] embedding = new float[values.size()];
    for (int i = 0; i < embedding.length; i++) {
      embedding[i] = values.get(i);
    }
    return embedding;
  }

  @Test
  void predictGivesTheAgesGendersAndEmbeddingsOfSiamagePredict() {
    String output = folder.resolve("predicted").toString();
    FaceScoring.Summary summary = FaceScoring.run(spark, new ScoringRequest(ScoringRequest.Mode.PREDICT,
        tiny.bundle().toString(), tiny.dataset().toString(), output, 3, false));

    FaceModel model = FaceModel.load(tiny.bundle());
    List<Path> images = MODELS.imagesToPredict(tiny.dataset(), ProgressListener.silent(), StopToken.never()).images();
    List<ModelService.ImageResult> expected = MODELS.predict(model, images, ProgressListener.silent(), StopToken.never());
    Map<String, Row> rows = byPath(output);

    assertThat(summary.rows()).isEqualTo(images.size());
    assertThat(summary.errors()).isZero();
    assertThat(rows).hasSize(images.size());
    for (ModelService.ImageResult result : expected) {
      Row row = rows.get(result.image().toAbsolutePath().normalize().toString());
      assertThat(row).as(result.image().toString()).isNotNull();
      assertThat(row.getDouble(row.fieldIndex("age"))).isCloseTo(result.prediction().age(), within(1e-3));
      assertThat(row.getDouble(row.fieldIndex("spread"))).isCloseTo(result.prediction().uncertainty(), within(1e-3));
      assertThat(row.getString(row.fieldIndex("gender"))).isEqualTo(result.prediction().genderCode());
      assertThat(row.getDouble(row.fieldIndex("probability")))
          .isCloseTo(result.prediction().femaleProbability(), within(1e-4));
      assertThat(embeddingOf(row)).containsExactly(result.prediction().embedding(), within(1e-5f));
      assertThat(row.getBoolean(row.fieldIndex("unusual"))).isEqualTo(result.prediction().unusual()).isTrue();
      assertThat(row.isNullAt(row.fieldIndex("error"))).isTrue();
    }
  }

  @Test
  void embedGivesTheEmbeddingsOfSiamageEmbed() throws IOException {
    String output = folder.resolve("embedded").toString();
    FaceScoring.run(spark, new ScoringRequest(ScoringRequest.Mode.EMBED, tiny.bundle().toString(),
        tiny.dataset().toString(), output, 2, false));

    Path csv = folder.resolve("embed.csv");
    MODELS.embed(FaceModel.load(tiny.bundle()), tiny.dataset(), csv, ProgressListener.silent(), StopToken.never());
    Map<String, Path> imageOfId = new HashMap<>();
    for (FaceRecord face : new DatasetService(1).open(tiny.dataset(), ProgressListener.silent(), StopToken.never())
        .faces()) {
      imageOfId.put(face.id(), face.image().toAbsolutePath().normalize());
    }
    Map<String, Row> rows = byPath(output);
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(rows.size() + 1);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      Row row = rows.get(imageOfId.get(cells[0]).toString());
      float[] fromEmbed = new float[cells.length - 4];
      for (int k = 0; k < fromEmbed.length; k++) {
        fromEmbed[k] = Float.parseFloat(cells[k + 4]);
      }
      assertThat(embeddingOf(row)).as(cells[0]).containsExactly(fromEmbed, within(1e-5f));
      assertThat(row.isNullAt(row.fieldIndex("age"))).as("embed computes no age").isTrue();
      assertThat(row.isNullAt(row.fieldIndex("unusual"))).as("embed reads no references").isTrue();
    }
  }

  @Test
  void unreadableAndMissingImagesGiveErrorRowsAndTheOthersAreScored() throws IOException {
    Path broken = folder.resolve("broken.jpg");
    Files.writeString(broken, "this is not a JPEG");
    List<Path> images = MODELS.imagesToPredict(tiny.dataset(), ProgressListener.silent(), StopToken.never()).images();
    Path list = folder.resolve("paths.txt");
    Files.write(list, List.of("# a comment", images.get(0).toString(), "broken.jpg", "",
        "does-not-exist.png", images.get(1).toString()));
    String output = folder.resolve("with-errors").toString();

    FaceScoring.Summary summary = FaceScoring.run(spark, new ScoringRequest(ScoringRequest.Mode.PREDICT,
        tiny.bundle().toString(), list.toString(), output, 2, false));

    assertThat(summary.rows()).isEqualTo(4);
    assertThat(summary.errors()).isEqualTo(2);
    Map<String, Row> rows = new HashMap<>();
    for (Row row : spark.read().parquet(output).collectAsList()) {
      rows.put(row.getString(row.fieldIndex("id")), row);
    }
    // the row's path names the file; the error says what is wrong with it
    assertThat(rows.get("broken.jpg").getString(rows.get("broken.jpg").fieldIndex("error")))
        .startsWith("not an image");
    assertThat(rows.get("does-not-exist.png").getString(rows.get("does-not-exist.png").fieldIndex("error")))
        .isEqualTo("file not found");
    Row good = rows.get(images.get(0).toString());
    assertThat(good.isNullAt(good.fieldIndex("error"))).isTrue();
    assertThat(good.getDouble(good.fieldIndex("age"))).isBetween(0.0, 120.0);
  }

  @Test
  void aFacelessImageGivesAnErrorRowUnderADetectingModel() throws IOException {
    TinyFaceModels.Written detecting =
        TinyFaceModels.write(folder.resolve("detect"), 8, PreprocessingConfig.Mode.DETECT);
    Path blank = folder.resolve("blank.png");
    BufferedImage grey = new BufferedImage(160, 160, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = grey.createGraphics();
    graphics.setColor(new Color(128, 128, 128));
    graphics.fillRect(0, 0, 160, 160);
    graphics.dispose();
    ImageIO.write(grey, "png", blank.toFile());
    Path image = MODELS.imagesToPredict(detecting.dataset(), ProgressListener.silent(), StopToken.never())
        .images().get(0);
    Path table = folder.resolve("table.csv");
    Files.write(table, List.of("id,path", "blank," + blank, "drawn," + image));
    String output = folder.resolve("faceless").toString();

    FaceScoring.Summary summary = FaceScoring.run(spark, new ScoringRequest(ScoringRequest.Mode.PREDICT,
        detecting.bundle().toString(), table.toString(), output, 2, false));

    assertThat(summary.rows()).isEqualTo(2);
    Map<String, Row> rows = new HashMap<>();
    for (Row row : spark.read().parquet(output).collectAsList()) {
      rows.put(row.getString(row.fieldIndex("id")), row);
    }
    assertThat(rows).containsOnlyKeys("blank", "drawn");
    Row faceless = rows.get("blank");
    assertThat(faceless.getString(faceless.fieldIndex("error"))).containsIgnoringCase("no face");
    assertThat(faceless.isNullAt(faceless.fieldIndex("age"))).isTrue();
    String expected = MODELS.predict(FaceModel.load(detecting.bundle()), List.of(blank), ProgressListener.silent(),
        StopToken.never()).get(0).problem();
    assertThat(faceless.getString(faceless.fieldIndex("error"))).isEqualTo(expected);
  }

  @Test
  void everyTaskOfAnExecutorSharesOneLoadedModel() {
    ExecutorModels.clear();
    FaceScoring.run(spark, new ScoringRequest(ScoringRequest.Mode.EMBED, tiny.bundle().toString(),
        tiny.dataset().toString(), folder.resolve("shared-model").toString(), 6, false));

    // six tasks on local[2] (executor and driver are one JVM here): one load, the driver's check
    assertThat(ExecutorModels.loads()).isEqualTo(1);
  }

  @Test
  void badInputIsNamedAndNothingIsWritten() throws IOException {
    Path table = folder.resolve("no-path-column.csv");
    Files.write(table, List.of("file,age", "a.jpg,3"));
    String output = folder.resolve("never-written").toString();

    assertThatThrownBy(() -> FaceScoring.run(spark, new ScoringRequest(ScoringRequest.Mode.PREDICT,
        tiny.bundle().toString(), table.toString(), output, 0, false)))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("no-path-column.csv has no 'path' column (its columns: file, age)");
    assertThatThrownBy(() -> FaceScoring.run(spark, new ScoringRequest(ScoringRequest.Mode.PREDICT,
        folder.resolve("missing.siamage").toString(), tiny.dataset().toString(), output, 0, false)))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("missing.siamage");
    assertThat(Files.exists(Path.of(output))).isFalse();

    Files.createDirectories(folder.resolve("taken"));
    assertThatThrownBy(() -> FaceScoring.run(spark, new ScoringRequest(ScoringRequest.Mode.PREDICT,
        tiny.bundle().toString(), tiny.dataset().toString(), folder.resolve("taken").toString(), 0, false)))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("already exists");
  }
}
