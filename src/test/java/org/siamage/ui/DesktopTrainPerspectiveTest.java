package org.siamage.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import java.util.stream.Stream;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.ExperimentConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.sample.SampleFaceGenerator;
import org.siamage.data.sample.SampleFaceSpec;
import org.siamage.service.DatasetService;
import org.siamage.service.TrainingService;
import org.siamage.service.WarmupService;
import org.siamage.ui.common.BackgroundTasks;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A real (tiny) training run driven from the Train perspective. */
@Tag("ui")
@Tag("slow")
@ExtendWith(ApplicationExtension.class)
class DesktopTrainPerspectiveTest {
  @TempDir static Path temp;

  private final Preferences preferences =
      Preferences.userRoot().node("org/siamage/test/" + UUID.randomUUID());
  private final AtomicReference<Throwable> backgroundFailure = new AtomicReference<>();
  private SiamageDesktop desktop;
  private Stage stage;

  @Start
  void start(Stage stage) throws IOException {
    this.stage = stage;
    Path faces = temp.resolve("faces");
    if (!Files.isDirectory(faces)) {
      new SampleFaceGenerator().generate(faces, SampleFaceSpec.defaults().withCount(40).withImageSize(32),
          ProgressListener.silent(), new StopToken());
    }
    // ten short epochs: after the first validation the run must still be going when the test pauses
    // and stops it, however fast the engine trains
    ExperimentConfig tiny = DesktopResultsPerspectiveTest.tinyExperiment(faces, temp.resolve("cache"), 10);
    DatasetService datasets = new DatasetService(2);
    org.siamage.service.ModelService models = new org.siamage.service.ModelService(datasets);
    DesktopServices services = new DesktopServices(new WarmupService(), datasets,
        new TrainingService(datasets, "test"), models, tiny, temp.resolve("runs"), Optional.empty());
    desktop = new SiamageDesktop(services, new BackgroundTasks(backgroundFailure::set), preferences);
    desktop.buildWindow(stage);
    stage.show();
  }

  @AfterEach
  void forgetPreferences() throws BackingStoreException {
    preferences.removeNode();
  }

  @Test
  void invalidValuesShowMessagesAndDisableStart(FxRobot robot) {
    robot.clickOn("#nav-train");
    type(robot, "training.learningRate", "abc");
    assertThat(error(robot, "training.learningRate")).contains("must be a number").contains("abc");
    assertThat(startDisabled(robot)).isTrue();
    type(robot, "training.learningRate", "-1");
    assertThat(error(robot, "training.learningRate")).contains("greater than 0");
    type(robot, "training.learningRate", "0.001");
    assertThat(error(robot, "training.learningRate")).isEmpty();
    assertThat(startDisabled(robot)).isFalse();

    // the framing, label-spread, erasing and averaging settings are in the form, checked like the others
    assertThat(field(robot, "preprocessing.centreCrop").getText()).isEqualTo("1.0");
    type(robot, "preprocessing.centreCrop", "0.2");
    assertThat(error(robot, "preprocessing.centreCrop")).contains("0.2");
    assertThat(startDisabled(robot)).isTrue();
    type(robot, "preprocessing.centreCrop", "0.8");
    type(robot, "training.ageLabelSpread", "-1");
    assertThat(error(robot, "training.ageLabelSpread")).contains("-1");
    type(robot, "training.ageLabelSpread", "2"); // the sample experiment has no age head
    assertThat(error(robot, "training.ageLabelSpread")).contains("bins");
    type(robot, "training.ageLabelSpread", "0");
    assertThat(error(robot, "training.ageLabelSpread")).isEmpty();
    assertThat(error(robot, "preprocessing.centreCrop")).isEmpty();
    assertThat(startDisabled(robot)).isFalse();
    refusesThenAccepts(robot, "training.erasing", "0.0", "1.5", "1.5", "0.5");
    refusesThenAccepts(robot, "training.weightAveraging", "0.0", "1.0", "between 0.9 and 1", "0.999");
  }

  /**
   * A form field that shows {@code initial}, refuses {@code bad} with a message containing {@code
   * message} (Start disabled) and accepts {@code good} (Start enabled again).
   */
  private static void refusesThenAccepts(FxRobot robot, String configField, String initial, String bad,
      String message, String good) {
    assertThat(field(robot, configField).getText()).isEqualTo(initial);
    type(robot, configField, bad);
    assertThat(error(robot, configField)).contains(message);
    assertThat(startDisabled(robot)).isTrue();
    type(robot, configField, good);
    assertThat(error(robot, configField)).isEmpty();
    assertThat(startDisabled(robot)).isFalse();
  }

  /** The Train form's text field for a config field such as {@code training.erasing}. */
  private static TextField field(FxRobot robot, String configField) {
    return robot.lookup("#field-" + configField.replace('.', '-')).queryAs(TextField.class);
  }

  private static void type(FxRobot robot, String configField, String text) {
    TextField field = field(robot, configField);
    robot.interact(() -> field.setText(text));
  }

  /** The message shown under a config field's input ("" when its value is valid). */
  private static String error(FxRobot robot, String configField) {
    return robot.lookup("#error-" + configField.replace('.', '-')).queryAs(Label.class).getText();
  }

  private static boolean startDisabled(FxRobot robot) {
    return robot.lookup("#train-start").queryAs(Button.class).isDisabled();
  }

  @Test
  void aTrainingRunFillsTheChartsPausesStopsAndResumes(FxRobot robot) throws Exception {
    robot.clickOn("#nav-train");
    Path runFolder = temp.resolve("runs").resolve("from-test");
    var train = desktop.trainPerspective();
    // the loss chart's series (and legend) exist before the first metrics, in the engine's names
    for (String name : org.siamage.model.loss.LossNames.reportedBy(train.viewModel().config())) {
      assertThat(train.lossSeries(name)).as(name).isNotNull();
      assertThat(train.lossSeries(name).getItemCount()).as(name).isZero();
    }
    robot.interact(() -> train.startInto(runFolder));
    // the default experiment trains no age head: its MAE is not in the epoch chart's legend
    assertThat(train.viewModel().config().training().hasAgeHead()).isFalse();
    assertThat(train.ageHeadInLegend()).isFalse();
    UiTestSupport.waitUntil(120, () ->
        train.lossSeries("loss/total") != null && train.lossSeries("loss/total").getItemCount() > 0);

    robot.clickOn("#train-pause");
    // paused, and the last iteration before the pause has reached the chart
    UiTestSupport.waitUntil(60, () -> train.viewModel().pausedProperty().get()
        && !train.viewModel().hasPendingMetrics());
    WaitForAsyncUtils.waitForFxEvents();
    int pausedAt = train.lossSeries("loss/total").getItemCount();
    WaitForAsyncUtils.waitForFxEvents(5);
    assertThat(train.lossSeries("loss/total").getItemCount()).isEqualTo(pausedAt);
    assertThat(robot.lookup("#train-pause").queryAs(Button.class).getText()).isEqualTo("Resume");
    robot.clickOn("#train-pause");
    UiTestSupport.waitUntil(60, () -> train.lossSeries("loss/total").getItemCount() > pausedAt);

    UiTestSupport.waitUntil(180, () -> train.validationMaeSeries().getItemCount() >= 1);
    // the validation chart counts epochs: its first point is epoch 1, not the iteration it ended at
    var validationPlot = robot.lookup("#chart-validation").queryAs(ChartViewer.class).getChart().getXYPlot();
    assertThat(validationPlot.getDomainAxis().getLabel()).isEqualTo("epoch");
    assertThat(train.validationMaeSeries().getX(0).doubleValue()).isEqualTo(1.0);
    // paused again so the run is still there to be stopped after the screenshot and the exports
    robot.clickOn("#train-pause");
    UiTestSupport.waitUntil(60, () -> train.viewModel().pausedProperty().get()
        || !train.viewModel().runningProperty().get());
    assertThat(train.viewModel().pausedProperty().get()).as("paused before the run ended").isTrue();
    UiTestSupport.screenshot(stage.getScene(), "train-perspective");
    JFreeChartExports.assertAllFormats(robot.lookup("#chart-loss").queryAs(ChartViewer.class).getChart(),
        temp.resolve("exports"));

    robot.clickOn("#train-stop");
    UiTestSupport.waitUntil(120, () -> !train.viewModel().runningProperty().get());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(backgroundFailure.get()).isNull();
    assertThat(robot.lookup("#train-status").queryAs(Label.class).getText()).startsWith("Stopped");
    assertThat(robot.lookup("#train-progress").queryAs(Label.class).getText())
        .startsWith("Stopped: Resume run… continues");
    assertThat(desktop.workbench().modelProperty().get()).as("a stopped run leaves no model to use").isNull();
    try (Stream<Path> checkpoints = Files.list(runFolder.resolve("checkpoints"))) {
      // which epochs remain depends on how far the run got (the trainer keeps the latest two)
      assertThat(checkpoints.map(path -> path.getFileName().toString()))
          .anyMatch(name -> name.matches("epoch-\\d{4}\\.siamage"));
    }

    robot.interact(() -> train.resumeRun(runFolder));
    UiTestSupport.waitUntil(240, () -> !train.viewModel().runningProperty().get()
        && robot.lookup("#train-status").queryAs(Label.class).getText().startsWith("Finished"));
    assertThat(backgroundFailure.get()).isNull();
    assertThat(runFolder.resolve("model.siamage")).isRegularFile();
    // the model just trained becomes the one every perspective uses, and the line above says so
    assertThat(robot.lookup("#train-progress").queryAs(Label.class).getText())
        .isEqualTo("Model written to " + runFolder.resolve("model.siamage") + "; every perspective now uses it.");
    UiTestSupport.waitUntil(60, () -> desktop.workbench().modelProperty().get() != null);
    assertThat(desktop.workbench().modelProperty().get().source()).isEqualTo(runFolder.resolve("model.siamage"));
  }

  /** Writes a chart as PNG, SVG and CSV and checks each file. */
  static final class JFreeChartExports {
    static void assertAllFormats(org.jfree.chart.JFreeChart chart, Path folder) throws IOException {
      Files.createDirectories(folder);
      org.siamage.ui.common.ChartExport.writePng(chart, folder.resolve("loss.png"));
      org.siamage.ui.common.ChartExport.writeSvg(chart, folder.resolve("loss.svg"));
      org.siamage.ui.common.ChartExport.writeCsv(chart, folder.resolve("loss.csv"));
      byte[] png = Files.readAllBytes(folder.resolve("loss.png"));
      assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
      assertThat(Files.readString(folder.resolve("loss.svg"))).contains("<svg");
      assertThat(Files.readAllLines(folder.resolve("loss.csv"))).first().isEqualTo("series,x,y");
      assertThat(Files.readAllLines(folder.resolve("loss.csv"))).anyMatch(line -> line.startsWith("\"loss/total\","));
    }
  }
}
