package org.siamage.ui.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.ConfigDefaults;
import org.siamage.infer.FaceModel;
import org.siamage.service.AgeColourMap;
import org.siamage.service.DatasetService;
import org.siamage.service.ModelService;
import org.siamage.service.TinyModel;
import org.siamage.service.TrainingService;
import org.siamage.service.WarmupService;
import org.siamage.ui.DesktopServices;
import org.siamage.ui.SiamageDesktop;
import org.siamage.ui.UiTestSupport;
import org.siamage.ui.common.BackgroundTasks;
import org.siamage.ui.common.Workbench;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Embeddings perspective on a tiny model and generated sample faces. */
@Tag("ui")
@Tag("slow")
@ExtendWith(ApplicationExtension.class)
class DesktopEmbeddingsPerspectiveTest {
  @TempDir Path temp;

  private final Preferences preferences = Preferences.userRoot().node("org/siamage/test/" + UUID.randomUUID());
  private final AtomicReference<Throwable> backgroundFailure = new AtomicReference<>();
  private Stage stage;
  private SiamageDesktop desktop;
  private static TinyModel.Trained trained;
  private static FaceModel loaded;

  /** Training and loading take long on a busy machine: done once, off the FX thread. */
  @BeforeAll
  static void trainTinyModel() throws Exception {
    trained = TinyModel.shared();
    loaded = FaceModel.load(trained.model());
  }

  @Start
  void start(Stage stage) throws Exception {
    this.stage = stage;
    DatasetService datasets = new DatasetService(2);
    DesktopServices services = new DesktopServices(new WarmupService(), datasets,
        new TrainingService(datasets, "test"), new ModelService(datasets), ConfigDefaults.experiment(),
        temp.resolve("runs"), Optional.of(trained.faces()));
    desktop = new SiamageDesktop(services, new BackgroundTasks(backgroundFailure::set), preferences);
    desktop.buildWindow(stage);
    stage.setWidth(1280);
    stage.setHeight(800);
    desktop.workbench().useModel(loaded);
    stage.show();
  }

  @AfterEach
  void forgetPreferences() throws BackingStoreException {
    preferences.removeNode();
  }

  private EmbeddingsPerspective projectAll(FxRobot robot) throws Exception {
    Workbench workbench = desktop.workbench();
    UiTestSupport.waitUntil(120, () -> workbench.datasetProperty().get() != null);
    robot.clickOn("#nav-embeddings");
    EmbeddingsPerspective perspective = desktop.embeddingsPerspective();
    robot.interact(() -> {
      robot.lookup("#embeddings-iterations").queryAs(Spinner.class).getValueFactory().setValue(300);
      robot.lookup("#embeddings-max-faces").queryAs(Spinner.class).getValueFactory().setValue(0);
    });
    robot.clickOn("#embeddings-project");
    UiTestSupport.waitUntil(120, () -> backgroundFailure.get() != null
        || robot.lookup("#embeddings-quality").queryAs(Label.class).getText().contains("trustworthiness"));
    assertThat(backgroundFailure.get()).isNull();
    return perspective;
  }

  @Test
  void projectsTheFacesColouredByAgeAndShowsAFaceOnHover(FxRobot robot) throws Exception {
    EmbeddingsPerspective perspective = projectAll(robot);
    ScatterCanvas scatter = perspective.scatter();
    assertThat(scatter.size()).isEqualTo(48);
    assertThat(robot.lookup("#embeddings-count").queryAs(Label.class).getText())
        .isEqualTo("48 of 48 faces shown · the dataset has 48");
    assertThat(robot.lookup("#embeddings-max-faces").queryAs(Spinner.class).getEditor().getText()).isEqualTo("all");
    // every sample face is labelled female or male: the legend explains no triangle
    assertThat(perspective.viewModelForTests().markerLegend()).isEqualTo("● female  ■ male");

    // colours follow age: the youngest face is drawn in the map's first colour, the oldest in its last
    int[] ages = perspective.viewModelForTests().faces().ages();
    int youngest = 0;
    int oldest = 0;
    for (int i = 0; i < ages.length; i++) {
      youngest = ages[i] < ages[youngest] ? i : youngest;
      oldest = ages[i] > ages[oldest] ? i : oldest;
    }
    assertThat(drawnColour(robot, scatter, youngest)).isEqualTo(AgeColourMap.rgb(0));
    assertThat(drawnColour(robot, scatter, oldest)).isEqualTo(AgeColourMap.rgb(1));

    int face = isolatedPoint(scatter);
    robot.moveTo(onScreen(scatter, face));
    String id = perspective.viewModelForTests().faces().ids().get(face);
    UiTestSupport.waitUntil(20, () -> robot.lookup("#embeddings-hover-image").queryAs(ImageView.class).getImage()
        != null && robot.lookup("#embeddings-hover-label").queryAs(Label.class).getText().startsWith(id));
    assertThat(robot.lookup("#embeddings-hover-label").queryAs(Label.class).getText())
        .contains("age " + ages[face] + " (predicted");
    UiTestSupport.waitUntil(20, () -> !robot.lookup("#embeddings-hover-image").queryAs(ImageView.class).getImage()
        .isBackgroundLoading() || robot.lookup("#embeddings-hover-image").queryAs(ImageView.class).getImage()
        .getProgress() >= 1);
    Path shot = UiTestSupport.screenshot(stage.getScene(), "embeddings-perspective");
    assertThat(shot).exists();
  }

  @Test
  void maxFacesIsACapBoundedByTheDatasetsFaces(FxRobot robot) throws Exception {
    UiTestSupport.waitUntil(120, () -> desktop.workbench().datasetProperty().get() != null);
    robot.clickOn("#nav-embeddings");
    EmbeddingsPerspective perspective = desktop.embeddingsPerspective();
    @SuppressWarnings("unchecked")
    Spinner<Integer> maxFaces = robot.lookup("#embeddings-max-faces").queryAs(Spinner.class);
    // the default cap is more than this dataset has: after projecting, the real number shows
    assertThat(maxFaces.getValue()).isEqualTo(EmbeddingsPerspective.DEFAULT_MAX_FACES);
    robot.interact(() -> robot.lookup("#embeddings-iterations").queryAs(Spinner.class).getValueFactory().setValue(250));
    robot.clickOn("#embeddings-project");
    UiTestSupport.waitUntil(120, () -> backgroundFailure.get() != null
        || robot.lookup("#embeddings-quality").queryAs(Label.class).getText().contains("trustworthiness"));
    assertThat(backgroundFailure.get()).isNull();
    assertThat(perspective.availableFaces()).isEqualTo(48);
    assertThat(maxFaces.getValue()).isEqualTo(48);
    assertThat(maxFaces.getEditor().getText()).isEqualTo("48");
    assertThat(robot.lookup("#embeddings-count").queryAs(Label.class).getText()).endsWith("the dataset has 48");

    // each label stays beside its control; the drift controls are in view
    for (String id : List.of("#embeddings-seed", "#embeddings-max-faces", "#embeddings-perplexity")) {
      Spinner<?> spinner = robot.lookup(id).queryAs(Spinner.class);
      Label label = (Label) spinner.getParent().getChildrenUnmodifiable().get(0);
      var labelBounds = label.localToScene(label.getLayoutBounds());
      var spinnerBounds = spinner.localToScene(spinner.getLayoutBounds());
      assertThat(labelBounds.getMaxX()).as(label.getText()).isLessThanOrEqualTo(spinnerBounds.getMinX());
      assertThat(labelBounds.getCenterY()).as(label.getText()).isCloseTo(spinnerBounds.getCenterY(),
          org.assertj.core.data.Offset.offset(2.0));
    }
    assertThat(((Label) robot.lookup("#embeddings-seed").queryAs(Spinner.class).getParent()
        .getChildrenUnmodifiable().get(0)).getText()).isEqualTo("Seed");
    javafx.scene.Node driftBox = robot.lookup("#embeddings-drift-box").query();
    javafx.scene.Node view = robot.lookup("#embeddings-perspective").query();
    var drift = driftBox.localToScene(driftBox.getLayoutBounds());
    assertThat(drift.getMaxY()).isLessThanOrEqualTo(view.localToScene(view.getLayoutBounds()).getMaxY() + 0.5);
    var slider = robot.lookup("#embeddings-drift-slider").queryAs(javafx.scene.control.Slider.class);
    assertThat(slider.localToScene(slider.getLayoutBounds()).getMaxX()).isLessThanOrEqualTo(stage.getScene().getWidth());
    assertThat(slider.getWidth()).isGreaterThan(100);
    UiTestSupport.screenshot(stage.getScene(), "embeddings-max-faces");

    // narrower, the toolbar wraps between pairs, never between a label and its control
    robot.interact(() -> stage.setWidth(1000));
    WaitForAsyncUtils.waitForFxEvents();
    Spinner<?> seed = robot.lookup("#embeddings-seed").queryAs(Spinner.class);
    Label seedLabel = (Label) seed.getParent().getChildrenUnmodifiable().get(0);
    assertThat(seedLabel.localToScene(seedLabel.getLayoutBounds()).getCenterY())
        .isCloseTo(seed.localToScene(seed.getLayoutBounds()).getCenterY(), org.assertj.core.data.Offset.offset(2.0));
    UiTestSupport.screenshot(stage.getScene(), "embeddings-narrow");

    // the dataset closed (or another opened): its faces are unknown again, the cap the one asked for
    robot.interact(() -> desktop.workbench().datasetProperty().set(null));
    assertThat(perspective.availableFaces()).isEqualTo(-1);
    assertThat(maxFaces.getValue()).isEqualTo(EmbeddingsPerspective.DEFAULT_MAX_FACES);
  }

  @Test
  void twoSelectedFacesOpenInThePairInspector(FxRobot robot) throws Exception {
    EmbeddingsPerspective perspective = projectAll(robot);
    ScatterCanvas scatter = perspective.scatter();
    int first = 3;
    int second = 17;
    robot.interact(() -> scatter.select(List.of(first, second)));
    assertThat(robot.lookup("#embeddings-compare").queryButton().isDisabled()).isFalse();
    robot.clickOn("#embeddings-compare");
    Workbench.PairRequest request = desktop.workbench().pairRequestProperty().get();
    assertThat(request).isNotNull();
    var faces = perspective.viewModelForTests().faces();
    assertThat(request.first().file()).isEqualTo(faces.images().get(first));
    assertThat(request.second().file()).isEqualTo(faces.images().get(second));
    assertThat(request.first().knownAge()).hasValue(faces.ages()[first]);
  }

  @Test
  void clickingSelectsTheFaceUnderThePointer(FxRobot robot) throws Exception {
    EmbeddingsPerspective perspective = projectAll(robot);
    ScatterCanvas scatter = perspective.scatter();
    int first = isolatedPoint(scatter);
    int second = -1;
    for (int i = 0; i < scatter.size(); i++) {
      if (i != first && isolated(scatter, i)) {
        second = i;
      }
    }
    robot.clickOn(onScreen(scatter, first), MouseButton.PRIMARY);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(scatter.selection()).containsExactly(first);
    // (Shift-click adds a second face; the headless robot's key state does not reach mouse events)
    robot.clickOn(onScreen(scatter, second), MouseButton.PRIMARY);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(scatter.selection()).containsExactly(second);
    assertThat(robot.lookup("#embeddings-selection").queryAs(Label.class).getText())
        .startsWith(perspective.viewModelForTests().faces().ids().get(second)).contains("age");
  }

  @Test
  void lassoSummarisesTheFacesInside(FxRobot robot) throws Exception {
    EmbeddingsPerspective perspective = projectAll(robot);
    ScatterCanvas scatter = perspective.scatter();
    robot.clickOn("#embeddings-lasso-mode");
    var bounds = scatter.localToScreen(scatter.getLayoutBounds());
    robot.moveTo(new Point2D(bounds.getMinX() + 3, bounds.getMinY() + 3)).press(MouseButton.PRIMARY)
        .moveTo(new Point2D(bounds.getMaxX() - 3, bounds.getMinY() + 3))
        .moveTo(new Point2D(bounds.getMaxX() - 3, bounds.getMaxY() - 3))
        .moveTo(new Point2D(bounds.getMinX() + 3, bounds.getMaxY() - 3))
        .release(MouseButton.PRIMARY);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#embeddings-lasso").queryAs(Label.class).getText())
        .startsWith("48 faces · mean age").contains("spread (SD)");
  }

  @Test
  void exportWritesFiguresAndTheSameSeedGivesTheSameCsv(FxRobot robot) throws Exception {
    EmbeddingsPerspective perspective = projectAll(robot);
    Path first = Files.createDirectories(temp.resolve("first"));
    robot.interact(() -> {
      perspective.exportTo(first);
    });
    assertThat(List.of(first.resolve("embedding.csv"), first.resolve("embedding.png"), first.resolve("embedding.svg"))).allSatisfy(file -> assertThat(file).exists().isNotEmptyFile());
    assertThat(Files.readAllLines(first.resolve("embedding.csv"))).hasSize(49);

    robot.clickOn("#embeddings-project");
    UiTestSupport.waitUntil(120, () -> robot.lookup("#embeddings-quality").queryAs(Label.class).getText()
        .contains("trustworthiness"));
    Path second = Files.createDirectories(temp.resolve("second"));
    robot.interact(() -> {
      perspective.exportTo(second);
    });
    assertThat(Files.readString(second.resolve("embedding.csv")))
        .isEqualTo(Files.readString(first.resolve("embedding.csv")));
  }

  @Test
  void filtersAndSearchChangeWhatIsShown(FxRobot robot) throws Exception {
    projectAll(robot);
    robot.clickOn("#embeddings-search").write("face_001");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#embeddings-count").queryAs(Label.class).getText()).contains("match the search");
    robot.interact(() -> robot.lookup("#embeddings-min-age").queryAs(Spinner.class).getValueFactory().setValue(200));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#embeddings-count").queryAs(Label.class).getText()).startsWith("0 of 48");
  }

  @Test
  void driftPlaysThroughEveryEpochOfARun(FxRobot robot) throws Exception {
    UiTestSupport.waitUntil(120, () -> desktop.workbench().datasetProperty().get() != null);
    robot.clickOn("#nav-embeddings");
    EmbeddingsPerspective perspective = desktop.embeddingsPerspective();
    robot.interact(() -> {
      robot.lookup("#embeddings-iterations").queryAs(Spinner.class).getValueFactory().setValue(250);
      perspective.projectDrift(trained.run());
    });
    UiTestSupport.waitUntil(180, () -> backgroundFailure.get() != null
        || !robot.lookup("#embeddings-drift-slider").queryAs(javafx.scene.control.Slider.class).isDisabled());
    // the slider is enabled early in the same FX runnable that then labels the first frame
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(backgroundFailure.get()).isNull();
    assertThat(robot.lookup("#embeddings-drift-label").queryAs(Label.class).getText()).startsWith("epoch 1 (1 of 2)");
    robot.interact(() -> robot.lookup("#embeddings-drift-slider").queryAs(javafx.scene.control.Slider.class)
        .setValue(1));
    assertThat(robot.lookup("#embeddings-drift-label").queryAs(Label.class).getText())
        .startsWith("final model (2 of 2)");
    // the run kept its validation probes' embeddings every epoch: the drift shows those faces
    assertThat(perspective.scatter().size())
        .isEqualTo(org.siamage.train.ProbeEmbeddings.faceIds(trained.run()).size());
  }

  @Test
  void fiftyThousandPointsPanAndZoomMoveEveryPointAsTheGestureSays(FxRobot robot) throws Exception {
    robot.clickOn("#nav-embeddings");
    ScatterCanvas scatter = desktop.embeddingsPerspective().scatter();
    int n = 50_000;
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    double[] xy = new double[2 * n];
    int[] colours = new int[n];
    byte[] markers = new byte[n];
    for (int i = 0; i < n; i++) {
      xy[2 * i] = random.nextGaussian() * 30;
      xy[2 * i + 1] = random.nextGaussian() * 30;
      colours[i] = 0xff000000 | AgeColourMap.rgb(random.nextDouble());
      markers[i] = (byte) (i % 3);
    }
    robot.interact(() -> scatter.setPoints(xy, colours, markers, true));
    assertThat(scatter.size()).isEqualTo(n);
    int[] probes = {0, 12_345, n - 1};
    Point2D[] before = new Point2D[probes.length];
    Point2D[] panned = new Point2D[probes.length];
    Point2D[] zoomed = new Point2D[probes.length];
    robot.interact(() -> {
      for (int p = 0; p < probes.length; p++) {
        before[p] = scatter.screenPosition(probes[p]);
      }
      for (int frame = 0; frame < 20; frame++) {
        scatter.pan(3, 2);
        scatter.redraw();
      }
      for (int p = 0; p < probes.length; p++) {
        panned[p] = scatter.screenPosition(probes[p]);
      }
      scatter.zoom(2, 300, 300);
      scatter.redraw();
      for (int p = 0; p < probes.length; p++) {
        zoomed[p] = scatter.screenPosition(probes[p]);
      }
    });
    for (int p = 0; p < probes.length; p++) {
      // twenty drags of (3, 2) pixels move every point by (60, 40)
      assertThat(panned[p].getX() - before[p].getX()).isCloseTo(60, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(panned[p].getY() - before[p].getY()).isCloseTo(40, org.assertj.core.data.Offset.offset(1e-6));
      // zooming twice about (300, 300) doubles each point's offset from there
      assertThat(zoomed[p].getX() - 300).isCloseTo(2 * (panned[p].getX() - 300), org.assertj.core.data.Offset.offset(1e-6));
      assertThat(zoomed[p].getY() - 300).isCloseTo(2 * (panned[p].getY() - 300), org.assertj.core.data.Offset.offset(1e-6));
    }
    assertThat(scatter.pointAt(-1000, -1000)).isEqualTo(-1);
  }

  /** A point well inside the plot with no other point near it (so the pointer picks it). */
  private static int isolatedPoint(ScatterCanvas scatter) {
    for (int i = 0; i < scatter.size(); i++) {
      if (isolated(scatter, i)) {
        return i;
      }
    }
    throw new AssertionError("no isolated point on the map");
  }

  private static boolean isolated(ScatterCanvas scatter, int i) {
    Point2D p = scatter.screenPosition(i);
    if (p.getX() < 20 || p.getY() < 20 || p.getX() > scatter.getWidth() - 100 || p.getY() > scatter.getHeight() - 40) {
      return false;
    }
    for (int j = 0; j < scatter.size(); j++) {
      if (j != i && scatter.screenPosition(j).distance(p) < 12) {
        return false;
      }
    }
    return true;
  }

  private static Point2D onScreen(ScatterCanvas scatter, int index) {
    return scatter.localToScreen(scatter.screenPosition(index));
  }

  /** The colour drawn at a point's centre (0xRRGGBB), from a snapshot of the canvas. */
  private static int drawnColour(FxRobot robot, ScatterCanvas scatter, int index) {
    WritableImage[] image = new WritableImage[1];
    robot.interact(() -> image[0] = scatter.snapshot(null, null));
    Point2D position = scatter.screenPosition(index);
    return image[0].getPixelReader().getArgb((int) Math.round(position.getX()), (int) Math.round(position.getY()))
        & 0xffffff;
  }
}
