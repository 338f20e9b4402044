package org.siamage.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.infer.FaceModel;
import org.siamage.infer.TinyFaceModels;
import org.siamage.service.PairInspectionService.InspectedFace;
import org.siamage.service.PairInspectionService.Match;

/** Faces given as files or encoded bytes, detection warnings, one against many, JSON export. */
@Tag("slow")
class PairInspectionServiceTest {
  @TempDir static Path temp;
  static FaceModel detecting;
  static Path dataset;
  static PairInspectionService pairs;

  @BeforeAll
  static void writeModel() throws Exception {
    TinyFaceModels.Written written = TinyFaceModels.write(temp, 12, PreprocessingConfig.Mode.DETECT);
    detecting = FaceModel.load(written.bundle());
    dataset = written.dataset();
    DatasetService datasets = new DatasetService(1);
    pairs = new PairInspectionService(datasets, new ModelService(datasets));
  }

  static byte[] plainPng() throws Exception {
    BufferedImage image = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(new Color(90, 140, 200));
    graphics.fillRect(0, 0, 80, 60);
    graphics.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "png", bytes);
    return bytes.toByteArray();
  }

  @Test
  void anImageWithoutAFaceIsCentreCroppedWithAWarning() throws Exception {
    InspectedFace fromBytes = pairs.inspect(detecting, "Webcam snapshot 14:02:11", null, plainPng());
    assertThat(fromBytes.warning()).contains("No face found");
    assertThat(fromBytes.crop().size()).isEqualTo(TinyFaceModels.INPUT_SIZE);
    assertThat(fromBytes.cropDescription()).contains("centre crop");
    Path file = Files.write(temp.resolve("plain.png"), plainPng());
    InspectedFace fromFile = pairs.inspect(detecting, "plain.png", file, null);
    assertThat(pairs.compare(detecting, fromBytes, fromFile).distance()).isCloseTo(0.0,
        org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void undecodableBytesAreRefusedNamingTheImage() {
    assertThatThrownBy(() -> pairs.inspect(detecting, "snapshot.png", null, new byte[] {1, 2, 3, 4, 5}))
        .isInstanceOf(UserFacingException.class).hasMessageContaining("snapshot.png").hasMessageContaining("not an image");
  }

  @Test
  void oneAgainstManyListsTheDatasetNearestFirstWithAges() throws Exception {
    InspectedFace query = pairs.inspect(detecting, "query", dataset.resolve("images/face_0000.jpg"), null);
    Files.writeString(temp.resolve("broken.jpg"), "not an image");
    List<PairInspectionService.Candidate> candidates = new java.util.ArrayList<>(
        pairs.candidates(dataset, ProgressListener.silent(), new StopToken()));
    assertThat(candidates).hasSize(12).allSatisfy(candidate -> assertThat(candidate.knownAge()).isPresent());
    candidates.add(new PairInspectionService.Candidate("broken.jpg", temp.resolve("broken.jpg"),
        java.util.OptionalInt.empty()));
    List<Match> matches = pairs.oneAgainstMany(detecting, query, candidates, ProgressListener.silent(), new StopToken());
    assertThat(matches).hasSize(13);
    assertThat(matches.get(0).distance()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-5));
    for (int i = 1; i < 12; i++) {
      assertThat(matches.get(i).distance()).isGreaterThanOrEqualTo(matches.get(i - 1).distance());
    }
    assertThat(matches.get(12).problem()).contains("not an image");
    String json = PairInspectionService.json(new PairInspectionService.PairReport("m", query, query,
        pairs.compare(detecting, query, query), 0.25, pairs.histograms(detecting), null, matches));
    assertThat(json).contains("\"oneAgainstMany\"").contains("\"threshold\" : 0.25").contains("\"knownAge\"");
  }

  @Test
  void aPlainFolderGivesItsImagesWithoutAges() throws Exception {
    Path folder = Files.createDirectories(temp.resolve("loose"));
    Files.write(folder.resolve("a.png"), plainPng());
    Files.write(folder.resolve("b.png"), plainPng());
    List<PairInspectionService.Candidate> candidates = pairs.candidates(folder, ProgressListener.silent(),
        new StopToken());
    assertThat(candidates).extracting(PairInspectionService.Candidate::label).containsExactly("a.png", "b.png");
    InspectedFace query = pairs.inspect(detecting, "a.png", folder.resolve("a.png"), null);
    List<Match> matches = pairs.oneAgainstMany(detecting, query, candidates, ProgressListener.silent(), new StopToken());
    assertThat(matches).allSatisfy(match -> {
      assertThat(match.note()).isEqualTo("no face found: centre crop");
      assertThat(match.candidate().knownAge()).isEmpty();
    });
  }
}
