package org.siamage.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.infer.FaceModel;
import org.siamage.infer.Neighbour;
import org.siamage.infer.TinyFaceModels;
import org.siamage.service.DatasetService;
import org.siamage.service.ModelService;
import org.siamage.service.PairInspectionService;
import org.siamage.service.TrainingService;
import org.siamage.service.WarmupService;
import org.siamage.ui.common.BackgroundTasks;
import org.siamage.ui.common.FaceInput;
import org.siamage.ui.pairs.PairsPerspective;
import org.siamage.ui.pairs.PairsViewModel.Slot;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Pair inspector on sample faces with a tiny untrained model. */
@Tag("ui")
@Tag("slow")
@ExtendWith(ApplicationExtension.class)
class DesktopPairsPerspectiveTest {
  @TempDir static Path temp;
  static TinyFaceModels.Written written;
  static FaceModel model;

  private final Preferences preferences = Preferences.userRoot().node("org/siamage/test/" + UUID.randomUUID());
  private SiamageDesktop desktop;
  private Stage stage;

  @BeforeAll
  static void writeTinyModel() throws Exception {
    written = TinyFaceModels.write(temp.resolve("model"), 24);
    model = FaceModel.load(written.bundle());
  }

  @Start
  void start(Stage stage) {
    this.stage = stage;
    BackgroundTasks tasks = BackgroundTasks.synchronous(error -> {
      throw new AssertionError("background task failed", error);
    });
    DatasetService datasets = new DatasetService(2);
    ModelService models = new ModelService(datasets);
    DesktopServices services = new DesktopServices(new WarmupService(), datasets, new TrainingService(datasets, "test"),
        models, org.siamage.config.ConfigDefaults.experiment(), temp.resolve("runs"), Optional.of(written.dataset()));
    desktop = new SiamageDesktop(services, tasks, preferences);
    desktop.buildWindow(stage);
    desktop.workbench().useModel(model);
    stage.show();
  }

  @AfterEach
  void forgetPreferences() throws BackingStoreException {
    preferences.removeNode();
  }

  /** Sample face {@code index} with its labels. */
  private static FaceInput face(int index) {
    org.siamage.data.FaceRecord record = new DatasetService(1).open(written.dataset(),
        org.siamage.core.ProgressListener.silent(), new org.siamage.core.StopToken()).faces().stream()
        .filter(face -> face.image().getFileName().toString().equals(String.format("face_%04d.jpg", index)))
        .findFirst().orElseThrow();
    return FaceInput.ofDatasetFace(record.image(), record.age(), record.gender());
  }

  private void inspect(FxRobot robot, FaceInput first, FaceInput second) throws Exception {
    robot.interact(() -> desktop.workbench().inspectPair(first, second));
    UiTestSupport.waitUntil(30, () -> robot.lookup("#distance").queryAs(Label.class).getText().startsWith("D = 0")
        || robot.lookup("#distance").queryAs(Label.class).getText().startsWith("D = 1"));
  }

  @Test
  void aPairRequestShowsCropsDistanceVerdictEstimatesAndReferences(FxRobot robot) throws Exception {
    UiTestSupport.waitUntil(30, () -> !desktop.pairsPerspective().viewModel().referenceFilesProperty().get().isEmpty());
    inspect(robot, face(0), face(1));
    assertThat(robot.lookup("#perspective-pairs").tryQuery()).isPresent();
    ImageView crop = robot.lookup("#crop-first").queryAs(ImageView.class);
    assertThat(crop.getImage().getWidth()).isEqualTo(TinyFaceModels.INPUT_SIZE);
    assertThat(robot.lookup("#age-first").queryAs(Label.class).getText()).matches("\\d+\\.\\d ± \\d+\\.\\d years");
    assertThat(robot.lookup("#gender-second").queryAs(Label.class).getText()).contains("p = 0.").contains("gender head");
    assertThat(robot.lookup("#known-first").queryAs(Label.class).getText()).startsWith("labelled: ")
        .endsWith("male");
    assertThat(robot.lookup("#label-first").queryAs(Label.class).getText()).isEqualTo("face_0000.jpg");
    // the model is named as the title and the status bar name it, not by its file name
    assertThat(robot.lookup("#pairs-model").queryAs(Label.class).getText())
        .isEqualTo("Model " + org.siamage.ui.common.Workbench.modelName(written.bundle()) + " · "
            + model.config().model().backbone())
        .doesNotContain(".siamage");

    @SuppressWarnings("unchecked")
    ListView<Neighbour> references = robot.lookup("#references-first").queryAs(ListView.class);
    assertThat(references.getItems()).hasSize(model.config().evaluation().neighbours())
        .isSortedAccordingTo(java.util.Comparator.comparingInt(Neighbour::age));
    UiTestSupport.waitUntil(10, () -> robot.lookup("#references-first .list-cell").queryAll().stream()
        .anyMatch(cell -> ((javafx.scene.control.ListCell<?>) cell).getGraphic() instanceof ImageView));

    UiTestSupport.waitUntil(10, () -> robot.lookup("#histogram-caption").queryAs(Label.class).getText()
        .contains("positive"));
    double distance = desktop.pairsPerspective().viewModel().comparisonProperty().get().distance();
    Slider slider = robot.lookup("#threshold-slider").queryAs(Slider.class);
    assertThat(slider.getValue()).isEqualTo(model.sameClassThreshold());
    robot.interact(() -> slider.setValue(Math.max(0, distance - 0.01)));
    assertThat(robot.lookup("#verdict").queryAs(Label.class).getText()).startsWith("Different age class");
    robot.interact(() -> slider.setValue(Math.min(2, distance + 0.01)));
    assertThat(robot.lookup("#verdict").queryAs(Label.class).getText()).startsWith("Same age class");
    assertThat(robot.lookup("#nav-pairs").queryAs(javafx.scene.control.ToggleButton.class).isSelected()).isTrue();
    UiTestSupport.screenshot(stage.getScene(), "pairs-perspective");
  }

  @Test
  void occlusionMapsAreDrawnOverBothCrops(FxRobot robot) throws Exception {
    inspect(robot, face(2), face(3));
    robot.interact(() -> desktop.pairsPerspective().viewModel().patchProperty().set(8));
    robot.clickOn("#tab-occlusion .tab-label");
    robot.clickOn("#compute-occlusion");
    UiTestSupport.waitUntil(60, () -> robot.lookup("#heat-second").queryAs(ImageView.class).getImage() != null);
    assertThat(robot.lookup("#heat-first").queryAs(ImageView.class).isVisible()).isTrue();
    assertThat(robot.lookup("#occlusion-summary").queryAs(Label.class).getText()).contains("forward passes");
    var occlusion = desktop.pairsPerspective().viewModel().occlusionProperty().get();
    assertThat(occlusion.settings().patch()).isEqualTo(8);
    assertThat(occlusion.first().heat()).hasDimensions(TinyFaceModels.INPUT_SIZE, TinyFaceModels.INPUT_SIZE);
    UiTestSupport.screenshot(stage.getScene(), "pairs-occlusion");
    robot.clickOn("#show-heat");
    assertThat(robot.lookup("#heat-first").queryAs(ImageView.class).isVisible()).isFalse();
    // choosing another face drops the maps of the old pair
    robot.interact(() -> desktop.pairsPerspective().viewModel().setFace(Slot.SECOND, face(4)));
    assertThat(desktop.pairsPerspective().viewModel().occlusionProperty().get()).isNull();
  }

  @Test
  void oneFaceAgainstTheOpenDatasetIsSortedByDistance(FxRobot robot) throws Exception {
    inspect(robot, face(5), face(6));
    robot.clickOn("#tab-one-against-many .tab-label");
    robot.clickOn("#one-against-dataset");
    @SuppressWarnings("unchecked")
    TableView<PairInspectionService.Match> table = robot.lookup("#matches-table").queryAs(TableView.class);
    UiTestSupport.waitUntil(60, () -> table.getItems().size() == 24);
    assertThat(table.getItems().get(0).candidate().file().getFileName().toString()).isEqualTo("face_0005.jpg");
    assertThat(table.getItems()).extracting(PairInspectionService.Match::distance)
        .isSorted();
    assertThat(table.getItems()).allSatisfy(match -> assertThat(match.candidate().knownAge()).isPresent());
    UiTestSupport.screenshot(stage.getScene(), "pairs-one-against-many");
    String fourth = table.getItems().get(3).candidate().file().getFileName().toString();
    robot.doubleClickOn(robot.lookup("#matches-table .table-row-cell").nth(3).queryAs(Node.class));
    UiTestSupport.waitUntil(20, () -> robot.lookup("#label-second").queryAs(Label.class).getText().endsWith(fourth));
    assertThat(table.getItems()).as("the list belongs to face A and stays").hasSize(24);
  }

  @Test
  void exportsPngAndJsonOfEverythingShown(FxRobot robot) throws Exception {
    inspect(robot, face(7), face(8));
    PairsPerspective pairs = desktop.pairsPerspective();
    Path png = temp.resolve("export/inspector.png");
    Path json = temp.resolve("export/inspector.json");
    robot.interact(() -> {
      try {
        pairs.exportPng(png);
        pairs.viewModel().exportJson(json);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isGreaterThan(600);
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertThat(root.at("/comparison/distance").asDouble())
        .isEqualTo(pairs.viewModel().comparisonProperty().get().distance());
    assertThat(root.at("/first/nearestReferences")).hasSize(model.config().evaluation().neighbours());
    assertThat(root.at("/histograms/positive")).hasSize(PairInspectionService.HISTOGRAM_BINS);
    assertThat(root.at("/second/label").asText()).isEqualTo("face_0008.jpg");
    try (var files = Files.list(json.getParent())) {
      assertThat(files.map(file -> file.getFileName().toString()).toList())
          .as("nothing half-written is left").containsExactlyInAnyOrder("inspector.png", "inspector.json");
    }
  }

  @Test
  void anEncodedSnapshotCanBeInspectedAndTheFacesSwapped(FxRobot robot) throws Exception {
    byte[] snapshot = Files.readAllBytes(written.dataset().resolve("images/face_0009.jpg"));
    inspect(robot, FaceInput.ofImageBytes("Webcam snapshot 14:02:11", snapshot), face(10));
    assertThat(robot.lookup("#label-first").queryAs(Label.class).getText()).isEqualTo("Webcam snapshot 14:02:11");
    assertThat(robot.lookup("#known-first").queryAs(Label.class).getText()).isEqualTo("in-memory image");
    robot.clickOn("#swap-faces");
    assertThat(robot.lookup("#label-second").queryAs(Label.class).getText()).isEqualTo("Webcam snapshot 14:02:11");
    assertThat(robot.lookup("#distance").queryAs(Label.class).getText()).startsWith("D = ");
  }

  @Test
  void theDataGridSendsTheLastTwoFacesClickedToTheInspector(FxRobot robot) throws Exception {
    UiTestSupport.waitUntil(30, () -> robot.lookup(".thumbnail").queryAll().stream()
        .filter(tile -> tile.getScene() != null).count() >= 2);
    // the grid rebuilds its tiles when a selection changes the layout: look them up before each click
    robot.clickOn(tile(robot, 0));
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn(tile(robot, 1));
    robot.clickOn("#inspect-pair");
    UiTestSupport.waitUntil(30, () -> robot.lookup("#perspective-pairs").tryQuery().isPresent()
        && robot.lookup("#distance").queryAs(Label.class).getText().matches("D = \\d.*"));
    assertThat(robot.lookup("#known-first").queryAs(Label.class).getText()).startsWith("labelled: ");
    assertThat(robot.lookup("#label-first").queryAs(Label.class).getText())
        .isNotEqualTo(robot.lookup("#label-second").queryAs(Label.class).getText());
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void withoutAModelCtrlIShowsTheChosenFacesNamedAndSaysOnceHowToGetAModel(FxRobot robot) throws Exception {
    robot.interact(() -> desktop.workbench().useModel(null));
    UiTestSupport.waitUntil(30, () -> robot.lookup(".thumbnail").queryAll().stream()
        .filter(tile -> tile.getScene() != null).count() >= 2);
    robot.clickOn(tile(robot, 0));
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn(tile(robot, 1));
    WaitForAsyncUtils.waitForFxEvents();
    robot.push(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.I);
    UiTestSupport.waitUntil(20, () -> robot.lookup("#perspective-pairs").tryQuery().isPresent());
    // the images as given stand in for the crops, which need a model
    for (String suffix : List.of("first", "second")) {
      ImageView original = robot.lookup("#original-" + suffix).queryAs(ImageView.class);
      UiTestSupport.waitUntil(20, () -> original.getImage() != null && original.getImage().getProgress() >= 1);
      assertThat(original.isVisible()).isTrue();
      assertThat(original.getImage().isError()).isFalse();
    }
    String a = robot.lookup("#label-first").queryAs(Label.class).getText();
    String b = robot.lookup("#label-second").queryAs(Label.class).getText();
    assertThat(a).matches("face_\\d{4}\\.jpg");
    assertThat(b).matches("face_\\d{4}\\.jpg").isNotEqualTo(a);
    assertThat(robot.lookup("#verdict").queryAs(Label.class).getText()).isEqualTo(a + " ↔ " + b);
    Node pairs = robot.lookup("#perspective-pairs").query();
    robot.interact(() -> {
      List<String> modelHints = pairs.lookupAll(".label").stream()
          .filter(node -> node instanceof javafx.scene.control.Labeled labeled && labeled.getText() != null
              && labeled.getText().contains("model") && treeVisible(node))
          .map(node -> ((javafx.scene.control.Labeled) node).getText())
          .toList();
      assertThat(modelHints).as("one message says a model is needed")
          .containsExactly(org.siamage.ui.pairs.PairsViewModel.NO_MODEL);
      assertThat(org.siamage.ui.pairs.PairsViewModel.NO_MODEL).contains("File > Open model").contains("Train");
    });
    UiTestSupport.screenshot(stage.getScene(), "pairs-no-model");
  }

  @Test
  void anUnusualFaceSaysSoUnderItsEstimateAndTheNoteIsNotCut(FxRobot robot) throws Exception {
    // every real picture lies farther than 1e-6 from its nearest reference
    TinyFaceModels.Written strict = TinyFaceModels.write(temp.resolve("strict"), 24,
        org.siamage.config.PreprocessingConfig.Mode.PRE_ALIGNED,
        config -> config.withEvaluation(config.evaluation().withUnusualDistance(1e-6)));
    robot.interact(() -> desktop.workbench().useModel(FaceModel.load(strict.bundle())));
    robot.interact(() -> desktop.workbench().show("pairs"));
    inspect(robot, face(2), face(3));
    UiTestSupport.waitUntil(10, () -> robot.lookup("#warning-first").queryAs(Label.class).getText()
        .contains("unusual face: nearest reference at D = "));
    assertThat(robot.lookup("#warning-second").queryAs(Label.class).getText())
        .contains("unusual face: nearest reference at D = ").endsWith("estimate unsure");
    Node pairs = robot.lookup("#perspective-pairs").query();
    robot.interact(() -> assertThat(org.siamage.ui.shell.LayoutChecks.truncated((javafx.scene.Parent) pairs))
        .as("labels cut with two unusual faces").isEmpty());
    UiTestSupport.screenshot(stage.getScene(), "pairs-unusual");
  }

  @Test
  void everyLabelIsReadableAtTheDefaultWindowSize(FxRobot robot) throws Exception {
    robot.interact(() -> desktop.workbench().show("pairs"));
    Node pairs = robot.lookup("#perspective-pairs").query();
    assertThat(stage.getScene().getWidth()).isEqualTo(1180);
    robot.interact(() -> assertThat(org.siamage.ui.shell.LayoutChecks.truncated((javafx.scene.Parent) pairs))
        .as("labels cut before choosing faces").isEmpty());
    assertThat(robot.lookup("#label-first").queryAs(Label.class).getText()).isEqualTo("Drop an image here or choose one");
    inspect(robot, face(13), face(14));
    UiTestSupport.waitUntil(10, () -> robot.lookup("#histogram-caption").queryAs(Label.class).getText()
        .contains("positive"));
    robot.interact(() -> assertThat(org.siamage.ui.shell.LayoutChecks.truncated((javafx.scene.Parent) pairs))
        .as("labels cut with a pair shown").isEmpty());
    UiTestSupport.screenshot(stage.getScene(), "pairs-readable");
  }

  @Test
  void theHistogramCaptionKeepsItsLastLineInANarrowerWindow(FxRobot robot) throws Exception {
    robot.interact(() -> desktop.workbench().show("pairs"));
    inspect(robot, face(13), face(14));
    UiTestSupport.waitUntil(10, () -> robot.lookup("#histogram-caption").queryAs(Label.class).getText()
        .contains("At or below this D"));
    // a narrower card wraps the caption to a third line (as the long pair counts of a real
    // gallery do at the default size); the chart above it gives way, not the caption
    double defaultWidth = stage.getWidth();
    robot.interact(() -> stage.setWidth(1024));
    try {
      robot.interact(() -> { });
      Label caption = robot.lookup("#histogram-caption").queryAs(Label.class);
      robot.interact(() -> assertThat(org.siamage.ui.shell.LayoutChecks.truncated(caption.getParent()))
          .as("the distance card's labels at 1024 px").isEmpty());
    } finally {
      robot.interact(() -> stage.setWidth(defaultWidth));
    }
  }

  private static boolean treeVisible(Node node) {
    for (Node at = node; at != null; at = at.getParent()) {
      if (!at.isVisible()) {
        return false;
      }
    }
    return true;
  }

  @Test
  void cancellingStopsTheOcclusionMapsInTheBackground(FxRobot robot) throws Exception {
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    BackgroundTasks background = new BackgroundTasks(failure::set);
    DatasetService datasets = new DatasetService(1);
    ModelService models = new ModelService(datasets);
    org.siamage.ui.pairs.PairsViewModel[] viewModel = new org.siamage.ui.pairs.PairsViewModel[1];
    robot.interact(() -> {
      org.siamage.ui.common.Workbench workbench =
          new org.siamage.ui.common.Workbench(models, background, new javafx.beans.property.SimpleStringProperty());
      workbench.useModel(model);
      viewModel[0] = new org.siamage.ui.pairs.PairsViewModel(new PairInspectionService(datasets, models), workbench);
      viewModel[0].setFace(Slot.FIRST, face(11));
      viewModel[0].setFace(Slot.SECOND, face(12));
    });
    UiTestSupport.waitUntil(60, () -> viewModel[0].comparisonProperty().get() != null);
    // one-pixel patches at every position: about 2,000 crops, far longer than the cancel takes
    robot.interact(() -> {
      viewModel[0].patchProperty().set(1);
      viewModel[0].strideProperty().set(1);
      viewModel[0].computeOcclusion();
    });
    assertThat(viewModel[0].occlusionRunningProperty().get()).isTrue();
    assertThat(background.running()).hasSize(1);
    robot.interact(() -> viewModel[0].cancelOcclusion());
    UiTestSupport.waitUntil(30, () -> !viewModel[0].occlusionRunningProperty().get() && background.running().isEmpty());
    assertThat(viewModel[0].occlusionProperty().get()).isNull();
    assertThat(viewModel[0].messageProperty().get()).isEqualTo("Occlusion maps cancelled.");
    assertThat(failure.get()).isNull();
    background.close();
  }

  private static Node tile(FxRobot robot, int index) {
    return robot.lookup(".thumbnail").queryAll().stream().filter(tile -> tile.getScene() != null).toList().get(index);
  }
}
