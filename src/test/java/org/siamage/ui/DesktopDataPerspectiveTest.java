package org.siamage.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.service.DatasetService;
import org.siamage.service.WarmupService;
import org.siamage.ui.common.BackgroundTasks;
import org.siamage.ui.shell.LayoutChecks;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class DesktopDataPerspectiveTest {
  @TempDir static Path datasetFolder;

  private final Preferences preferences =
      Preferences.userRoot().node("org/siamage/test/" + UUID.randomUUID());
  private Stage stage;

  private final java.util.concurrent.atomic.AtomicReference<Throwable> backgroundFailure =
      new java.util.concurrent.atomic.AtomicReference<>();

  @Start
  void start(Stage stage) throws IOException {
    this.stage = stage;
    writeSmallDatasetWithProblems(datasetFolder);
    // kept and checked by the tests: thrown from an FX event handler, it would be lost and a
    // test would only time out
    BackgroundTasks tasks = BackgroundTasks.synchronous(backgroundFailure::set);
    DatasetService datasets = new DatasetService(2);
    org.siamage.service.ModelService models = new org.siamage.service.ModelService(datasets);
    DesktopServices services = new DesktopServices(new WarmupService(), datasets,
        new org.siamage.service.TrainingService(datasets, "test"), models,
        org.siamage.config.ConfigDefaults.experiment(), datasetFolder.resolve("runs"),
        Optional.of(datasetFolder));
    new SiamageDesktop(services, tasks, preferences).buildWindow(stage);
    stage.show();
  }

  @AfterEach
  void forgetPreferences() throws BackingStoreException {
    preferences.removeNode();
  }

  @Test
  void opensTheGivenDatasetAndListsItsBadRows(FxRobot robot) throws Exception {
    UiTestSupport.waitUntil(20, () ->
        "3".equals(robot.lookup("#usable-count").queryAs(Label.class).getText()));
    assertThat(robot.lookup("#skipped-count").queryAs(Label.class).getText()).isEqualTo("2");
    ListView<?> skipped = robot.lookup("#skipped-list").queryAs(ListView.class);
    assertThat(skipped.getItems()).extracting(Object::toString)
        .anySatisfy(item -> assertThat(item).contains("labels.csv:4").contains("-3"))
        .anySatisfy(item -> assertThat(item).contains("labels.csv:5").contains("missing.png"));
    assertThat(robot.lookup("#gender-split").queryAs(Label.class).getText()).isEqualTo("2 / 1");
    UiTestSupport.waitUntil(30, () -> robot.lookup("#engine-status").queryAs(Label.class)
        .getText().contains("ready"));
    assertThat(backgroundFailure.get()).as("background task failure").isNull();
    UiTestSupport.screenshot(stage.getScene(), "data-perspective");
  }

  @Test
  void filtersFacesByAgeAndGender(FxRobot robot) throws Exception {
    UiTestSupport.waitUntil(20, () ->
        "3 faces".equals(robot.lookup("#visible-count").queryAs(Label.class).getText()));
    robot.interact(() -> robot.lookup("#filter-min-age").queryAs(javafx.scene.control.Spinner.class)
        .getValueFactory().setValue(30));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#visible-count").queryAs(Label.class).getText()).isEqualTo("2 faces");
    robot.clickOn("#filter-name").write("face_2");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#visible-count").queryAs(Label.class).getText()).isEqualTo("1 faces");
  }

  @Test
  void selectingAFaceShowsTheCropTheNetworkSees(FxRobot robot) throws Exception {
    UiTestSupport.waitUntil(20, () ->
        "3 faces".equals(robot.lookup("#visible-count").queryAs(Label.class).getText()));
    robot.clickOn(robot.lookup(".thumbnail").queryAs(javafx.scene.Node.class));
    // the background work runs on the FX thread here (synchronous tasks), after the engine
    // warm-up: on a loaded machine that can take a while (an upper bound, not a timing)
    try {
      UiTestSupport.waitUntil(90, () -> backgroundFailure.get() != null
          || robot.lookup("#crop-preview").queryAs(javafx.scene.image.ImageView.class).getImage() != null);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no crop preview after 90 s; selected: \""
          + robot.lookup("#face-preview-caption").queryAs(Label.class).getText() + "\", engines: \""
          + robot.lookup("#engine-status").queryAs(Label.class).getText() + "\"", e);
    }
    assertThat(backgroundFailure.get()).as("background task failure").isNull();
    javafx.scene.image.Image crop =
        robot.lookup("#crop-preview").queryAs(javafx.scene.image.ImageView.class).getImage();
    assertThat(crop.getWidth()).isEqualTo(64);
    assertThat(robot.lookup("#crop-caption").queryAs(Label.class).getText())
        .startsWith("64×64 px, pre-aligned");
    UiTestSupport.screenshot(stage.getScene(), "data-perspective-selected");
  }

  @Test
  void twoChosenFacesAreNamedAndMarkedWhileTheToolbarKeepsItsControls(FxRobot robot) throws Exception {
    UiTestSupport.waitUntil(20, () ->
        "3 faces".equals(robot.lookup("#visible-count").queryAs(Label.class).getText()));
    // the grid may rebuild its rows: look the tiles up before each click
    robot.clickOn(tile(robot, 0));
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn(tile(robot, 1));
    WaitForAsyncUtils.waitForFxEvents();
    robot.moveTo("#dataset-numbers"); // no tile under the mouse: hover must not stand in for the marks

    javafx.scene.control.Button inspect = robot.lookup("#inspect-pair").queryAs(javafx.scene.control.Button.class);
    Label pair = robot.lookup("#pair-selection").queryAs(Label.class);
    robot.interact(() -> {
      assertThat(inspect.isDisable()).isFalse();
      assertThat(LayoutChecks.displayedText(inspect)).isEqualTo("Inspect pair");
      assertThat(inspect.getWidth()).isGreaterThanOrEqualTo(inspect.prefWidth(-1) - 0.5);
      // underscores of file names are shown, not taken as mnemonics
      assertThat(LayoutChecks.displayedText(pair)).isEqualTo("A: face_0.png ↔ B: face_1.png");
      assertThat(inspect.getTooltip().getText()).contains("face_0.png").contains("face_1.png");
      for (String id : java.util.List.of("#filter-min-age", "#filter-max-age")) {
        javafx.scene.control.Spinner<?> spinner = robot.lookup(id).queryAs(javafx.scene.control.Spinner.class);
        assertThat(spinner.getWidth()).as(id + " width").isGreaterThanOrEqualTo(79.5);
        assertThat(spinner.getEditor().getText()).as(id + " shows its value").isNotEmpty();
      }
      javafx.scene.control.ChoiceBox<?> gender =
          robot.lookup("#filter-gender").queryAs(javafx.scene.control.ChoiceBox.class);
      assertThat(gender.getWidth()).isGreaterThanOrEqualTo(gender.prefWidth(-1) - 0.5);
      assertThat(LayoutChecks.displayedText(robot.lookup("#visible-count").queryAs(Label.class)))
          .isEqualTo("3 faces");
      javafx.scene.Parent faces = robot.lookup("#thumbnail-grid").queryAs(javafx.scene.Parent.class).getParent();
      assertThat(LayoutChecks.truncated(faces)).as("cut text beside the grid").isEmpty();
      // both chosen faces are marked, as A and B
      java.util.List<javafx.scene.Node> marked = robot.lookup(".thumbnail").queryAll().stream()
          .filter(tile -> tile.getScene() != null && tile.getPseudoClassStates().stream()
              .anyMatch(state -> state.getPseudoClassName().equals("selected")))
          .toList();
      assertThat(marked).hasSize(2);
      assertThat(marked).extracting(tile -> ((Label) ((javafx.scene.layout.VBox) tile).getChildren().get(1)).getText())
          .containsExactlyInAnyOrder("A · 8 F", "B · 35 M");
    });
    UiTestSupport.screenshot(stage.getScene(), "data-perspective-pair");
  }

  private static javafx.scene.Node tile(FxRobot robot, int index) {
    return robot.lookup(".thumbnail").queryAll().stream().filter(tile -> tile.getScene() != null).toList()
        .get(index);
  }

  static void writeSmallDatasetWithProblems(Path folder) throws IOException {
    Files.createDirectories(folder.resolve("images"));
    int[] ages = {8, 35, 70, 50};
    for (int i = 0; i < ages.length; i++) {
      BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
      Graphics2D graphics = image.createGraphics();
      graphics.setColor(new Color(200, 160 - ages[i], 140));
      graphics.fillOval(8, 4, 48, 56);
      graphics.dispose();
      ImageIO.write(image, "png", folder.resolve("images/face_" + i + ".png").toFile());
    }
    Files.writeString(folder.resolve("labels.csv"), String.join("\n",
        "file,age,gender",
        "images/face_0.png,8,F",
        "images/face_1.png,35,M",
        "images/face_3.png,-3,F",
        "images/missing.png,40,M",
        "images/face_2.png,70,F") + "\n");
  }
}
