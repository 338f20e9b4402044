package org.siamage.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.ProjectionConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.embed.LayoutListener;
import org.siamage.embed.ProjectionMethod;
import org.siamage.infer.FaceModel;

@Tag("slow")
class ProjectionServiceTest {
  @TempDir static Path temp;
  static TinyModel.Trained trained;
  static FaceModel model;
  static final ProjectionService projections = new ProjectionService(new DatasetService(2), 2);

  @BeforeAll
  static void train() throws Exception {
    trained = TinyModel.shared();
    model = FaceModel.load(trained.model());
  }

  private static ProjectionService.ProjectedFaces toy(int maxFaces, ProjectionMethod method) {
    return projections.projectDataset(model, trained.faces(), maxFaces, null,
        new ProjectionConfig(ProjectionConfig.Method.AUTO, 10, 300, 3000, 42), method, LayoutListener.none(),
        ProgressListener.silent(), new StopToken());
  }

  @Test
  void sameSeedTwiceGivesIdenticalCsvFiles() throws Exception {
    ProjectionService.ProjectedFaces first = toy(0, null);
    ProjectionService.ProjectedFaces second = toy(0, null);
    Path a = temp.resolve("a.csv");
    Path b = temp.resolve("b.csv");
    projections.writeCsv(a, first.faces(), first.projection().coordinates());
    projections.writeCsv(b, second.faces(), second.projection().coordinates());
    assertThat(Files.readString(a)).isEqualTo(Files.readString(b));
    List<String> lines = Files.readAllLines(a);
    assertThat(lines.get(0)).isEqualTo("id,image,age,gender,split,predicted_age,x,y");
    assertThat(lines).hasSize(49);
    assertThat(first.projection().method()).isEqualTo(ProjectionMethod.TSNE_EXACT);
    // the run's split labels the faces it was trained on
    assertThat(lines.stream().skip(1).map(line -> line.split(",")[4])).contains("train", "test");
    assertThat(first.quality().trustworthiness()).isBetween(0.5, 1.0);
    assertThat(first.quality().mapAgeError()).isPositive();
  }

  @Test
  void subsetSpansTheAgeRangeAndFiguresAreWritten() throws Exception {
    ProjectionService.ProjectedFaces subset = toy(30, ProjectionMethod.TSNE_BARNES_HUT);
    assertThat(subset.faces().size()).isEqualTo(30);
    // the dataset's own count travels with the subset: the view says "the dataset has 48", not "more"
    assertThat(subset.faces().datasetFaces()).isEqualTo(48);
    assertThat(toy(48, ProjectionMethod.PCA).faces().datasetFaces()).as("a cap equal to the dataset").isEqualTo(48);
    int[] ages = subset.faces().ages();
    int minimum = java.util.Arrays.stream(ages).min().orElseThrow();
    int maximum = java.util.Arrays.stream(ages).max().orElseThrow();
    assertThat(maximum - minimum).isGreaterThan(30);
    Path png = temp.resolve("figure.png");
    Path svg = temp.resolve("figure.svg");
    assertThat(projections.writeFigure(subset, "Toy example", png, svg)).containsExactly(png, svg);
    assertThat(Files.readAllBytes(png)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    assertThat(Files.readString(svg)).contains("<svg").contains("trustworthiness").contains("female");
  }

  @Test
  void driftShowsEveryEpochOfTheProbeFacesThenTheFinalModel() throws Exception {
    List<String> labels = new ArrayList<>();
    ProjectionService.Drift drift = projections.drift(trained.run(), trained.faces(), 40,
        new ProjectionConfig(ProjectionConfig.Method.AUTO, 10, 250, 3000, 42),
        (frame, index, frames) -> labels.add(frame.label()), ProgressListener.silent(), new StopToken());
    List<String> probes = org.siamage.train.ProbeEmbeddings.faceIds(trained.run());
    assertThat(probes).isNotEmpty();
    assertThat(labels).containsExactly("epoch 1", "final model");
    assertThat(drift.faces().ids()).containsExactlyElementsOf(probes);
    assertThat(drift.frames()).allSatisfy(frame -> assertThat(frame.coordinates()).hasSize(2 * probes.size()));
    assertThat(drift.frames().get(0).bundle().getFileName().toString()).isEqualTo("epoch-0001.tensor");
  }

  @Test
  void aRunWithoutProbeEmbeddingsShowsItsCheckpointsOnTheChosenFaces() throws Exception {
    Path copy = temp.resolve("run-without-probes");
    try (var files = Files.walk(trained.run())) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(trained.run().relativize(file).toString());
        if (!file.toString().contains("probes")) {
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target);
          }
        }
      }
    }
    List<String> labels = new ArrayList<>();
    ProjectionService.Drift drift = projections.drift(copy, trained.faces(), 40,
        new ProjectionConfig(ProjectionConfig.Method.AUTO, 10, 250, 3000, 42),
        (frame, index, frames) -> labels.add(frame.label()), ProgressListener.silent(), new StopToken());
    assertThat(labels).containsExactly("epoch 1", "final model");
    assertThat(drift.frames()).allSatisfy(frame -> assertThat(frame.coordinates()).hasSize(80));
  }

  @Test
  void aCheckpointIsNoFinishedModelAndTheMessageSaysSo() {
    assertThatThrownBy(() -> projections.drift(temp.resolve("nowhere"), trained.faces(), 0,
        new ProjectionConfig(ProjectionConfig.Method.AUTO, 10, 250, 3000, 42), (frame, index, frames) -> {},
        ProgressListener.silent(), new StopToken()))
        .isInstanceOf(UserFacingException.class).hasMessageContaining("no checkpoints");
  }
}
