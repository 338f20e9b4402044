package org.siamage.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.ConfigDefaults;
import org.siamage.config.DataConfig;
import org.siamage.config.ExperimentConfig;
import org.siamage.config.ModelConfig;
import org.siamage.config.PreprocessingConfig;
import org.siamage.config.TrainingConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.sample.SampleFaceGenerator;
import org.siamage.data.sample.SampleFaceSpec;
import org.siamage.eval.EvaluationReportWriter;
import org.siamage.service.DatasetService;
import org.siamage.service.ModelService;
import org.siamage.service.RunHistoryService;
import org.siamage.service.RunHistoryService.RunSummary;
import org.siamage.service.TrainingService;
import org.siamage.service.WarmupService;
import org.siamage.train.EpochMetrics;
import org.siamage.train.RunOutcome;
import org.siamage.train.TrainingListener;
import org.siamage.ui.common.BackgroundTasks;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Results perspective and the run history on two real (tiny) runs trained before the tests:
 * one finished, one stopped after its first epoch.
 */
@Tag("ui")
@Tag("slow")
@ExtendWith(ApplicationExtension.class)
class DesktopResultsPerspectiveTest {
  @TempDir static Path temp;
  private static Path faces;
  private static Path finished;
  private static Path interrupted;

  private final Preferences preferences =
      Preferences.userRoot().node("org/siamage/test/" + UUID.randomUUID());
  private final AtomicReference<Throwable> backgroundFailure = new AtomicReference<>();
  private SiamageDesktop desktop;
  private Stage stage;

  static ExperimentConfig tinyExperiment(Path faces, Path cache, int epochs) {
    ExperimentConfig defaults = ConfigDefaults.experiment();
    return defaults
        .withData(new DataConfig(faces.toString(), "", 0.2, 0.2, 5L, cache.toString()))
        .withPreprocessing(new PreprocessingConfig(PreprocessingConfig.Mode.PRE_ALIGNED, 32, 0.25, true,
            "haarcascade_frontalface_alt2.xml"))
        .withModel(new ModelConfig(ModelConfig.Backbone.COMPACT_INCEPTION, 8, 16, true))
        .withTraining(defaults.training().toBuilder().ageThreshold(3).positiveShare(0.5).positiveMargin(0.1)
            .negativeMargin(0.5).marginSlope(0.05).maxNegativeMargin(1.4).genderWeight(0.5)
            .optimizer(TrainingConfig.Optimizer.ADAM).learningRate(3e-3).momentum(0.9)
            .schedule(TrainingConfig.Schedule.COSINE).warmupEpochs(1).stepEpochs(10).stepFactor(0.5)
            .batchSize(6).epochs(epochs).pairsPerEpoch(0).hardNegativeMining(false).batchAllPairs(false)
            .earlyStoppingPatience(0).augment(true).seed(42L).build());
  }

  @BeforeAll
  static void trainTwoRuns() throws IOException {
    faces = temp.resolve("faces");
    new SampleFaceGenerator().generate(faces, SampleFaceSpec.defaults().withCount(40).withImageSize(32),
        ProgressListener.silent(), new StopToken());
    DatasetService datasets = new DatasetService(2);
    TrainingService training = new TrainingService(datasets, "test");
    ExperimentConfig tiny = tinyExperiment(faces, temp.resolve("cache"), 2);
    finished = temp.resolve("runs").resolve("run-finished");
    RunOutcome done = training.start(tiny, finished, new TrainingListener() {}, ProgressListener.silent(),
        new StopToken());
    assertThat(done.producedModel()).isTrue();
    interrupted = temp.resolve("runs").resolve("run-interrupted");
    StopToken stop = new StopToken();
    RunOutcome stopped = training.start(tiny, interrupted, new TrainingListener() {
      @Override
      public void onEpochEnd(EpochMetrics metrics) {
        stop.requestStop();
      }
    }, ProgressListener.silent(), stop);
    assertThat(stopped.status()).isEqualTo(RunOutcome.Status.STOPPED);
  }

  @Start
  void start(Stage stage) {
    this.stage = stage;
    DatasetService datasets = new DatasetService(2);
    ModelService models = new ModelService(datasets);
    DesktopServices services = new DesktopServices(new WarmupService(), datasets,
        new TrainingService(datasets, "test"), models, tinyExperiment(faces, temp.resolve("cache"), 2),
        temp.resolve("runs"), Optional.of(faces));
    desktop = new SiamageDesktop(services, new BackgroundTasks(backgroundFailure::set), preferences);
    desktop.buildWindow(stage);
    stage.show();
  }

  @AfterEach
  void forgetPreferences() throws BackingStoreException {
    preferences.removeNode();
  }

  @SuppressWarnings("unchecked")
  private TableView<RunSummary> historyTable(FxRobot robot) {
    return robot.lookup("#run-history-table").queryAs(TableView.class);
  }

  private RunSummary row(FxRobot robot, Path folder) {
    return desktop.runHistory().runs().stream().filter(run -> run.folder().equals(folder)).findFirst()
        .orElseThrow();
  }

  private void choose(FxRobot robot, Path folder) throws Exception {
    robot.clickOn("#nav-results");
    UiTestSupport.waitUntil(30, () -> historyTable(robot).getItems().size() >= 2);
    robot.interact(() -> historyTable(robot).getSelectionModel().select(row(robot, folder)));
  }

  @Test
  void theHistoryListsBothRunsWithTheirState(FxRobot robot) throws Exception {
    robot.clickOn("#nav-results");
    UiTestSupport.waitUntil(30, () -> historyTable(robot).getItems().size() >= 2);
    RunSummary done = row(robot, finished);
    assertThat(done.status()).isEqualTo(RunHistoryService.RunStatus.FINISHED);
    assertThat(done.epochsDone()).isEqualTo(2);
    assertThat(done.backbone()).isEqualTo("compact-inception");
    assertThat(done.bestValidationMae()).isFinite();
    RunSummary stopped = row(robot, interrupted);
    assertThat(stopped.status()).isEqualTo(RunHistoryService.RunStatus.INTERRUPTED);
    assertThat(stopped.epochsDone()).isEqualTo(1);
    assertThat(stopped.resumable()).isTrue();
    assertThat(stopped.message()).startsWith("Stopped");
    assertThat(desktop.runHistory().statusText(stopped)).isEqualTo("interrupted");

    // at the default window size every column shows whole: no header or value cut with an ellipsis
    TableView<RunSummary> table = historyTable(robot);
    WaitForAsyncUtils.waitForFxEvents();
    double columns = table.getColumns().stream().mapToDouble(column -> column.getWidth()).sum();
    assertThat(columns).as("columns within the table").isLessThanOrEqualTo(table.getWidth());
    List<Labeled> texts = new java.util.ArrayList<>();
    texts.addAll(robot.from(table).lookup(".table-cell").queryAllAs(Labeled.class));
    texts.addAll(robot.from(table).lookup(".column-header .label").queryAllAs(Labeled.class));
    assertThat(texts).extracting(Labeled::getText).contains("compact-inception", "interrupted", "Status");
    for (Labeled cell : texts) {
      if (cell.getText() != null && !cell.getText().isEmpty() && cell.isVisible()) {
        javafx.scene.text.Text shown = robot.from(cell).lookup(".text").queryAs(javafx.scene.text.Text.class);
        assertThat(shown.getText()).as("shown whole").isEqualTo(cell.getText());
      }
    }
    UiTestSupport.screenshot(stage.getScene(), "results-run-history");

    // in the Train perspective the side pane widens while the Runs tab is shown: every column
    // whole, no sideways scrolling; back on the Experiment tab it is the form's width again
    robot.clickOn("#nav-train");
    TabPane trainTabs = robot.lookup("#train-side-tabs").queryAs(TabPane.class);
    double formWidth = trainTabs.getWidth();
    robot.interact(() -> trainTabs.getSelectionModel().select(1));
    WaitForAsyncUtils.waitForFxEvents();
    @SuppressWarnings("unchecked")
    TableView<RunSummary> trainTable = robot.lookup("#train-run-history-table").queryAs(TableView.class);
    assertThat(trainTable.getColumns()).allSatisfy(column ->
        assertThat(column.getWidth()).as(column.getText()).isGreaterThanOrEqualTo(column.getMinWidth() - 0.5));
    double trainColumns = trainTable.getColumns().stream().mapToDouble(column -> column.getWidth()).sum();
    assertThat(trainColumns).as("columns within the Train run list").isLessThanOrEqualTo(trainTable.getWidth());
    assertThat(trainTabs.getWidth()).as("wider than the form").isGreaterThan(formWidth);
    UiTestSupport.screenshot(stage.getScene(), "train-run-history");
    robot.interact(() -> trainTabs.getSelectionModel().select(0));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(trainTabs.getWidth()).as("the form's width again").isEqualTo(formWidth);
  }

  @Test
  void choosingARunShowsItsEvaluationAndReplaysItsCharts(FxRobot robot) throws Exception {
    choose(robot, finished);
    var results = desktop.resultsPerspective();
    UiTestSupport.waitUntil(30, () -> results.viewModel().evaluationProperty().get() != null);
    var report = EvaluationReportWriter.readJson(finished.resolve("reports/test/report.json"));
    assertThat(robot.lookup("#results-mae").queryAs(Label.class).getText())
        .isEqualTo(String.format(Locale.ROOT, "%.2f", report.metrics().mae()));
    assertThat(robot.lookup("#results-faces").queryAs(Label.class).getText())
        .isEqualTo(Integer.toString(report.metrics().faces()));
    assertThat(robot.lookup("#results-gender").queryAs(Label.class).getText()).endsWith("%");
    JFreeChart curve = results.chart("chart-cs-curve");
    assertThat(curve.getXYPlot().getDataset().getItemCount(0)).isEqualTo(11);
    assertThat(results.chart("chart-scatter").getXYPlot().getDataset().getItemCount(0))
        .isEqualTo(report.metrics().faces());
    assertThat(results.chart("chart-age-bands").getCategoryPlot().getDataset().getColumnCount())
        .isEqualTo(report.metrics().bands().size());
    assertThat(desktop.workbench().selectedRunProperty().get()).isEqualTo(finished);
    UiTestSupport.screenshot(stage.getScene(), "results-perspective");

    // the Train charts show the chosen run as it was trained
    long iterations;
    try (var lines = Files.lines(finished.resolve("metrics.jsonl"))) {
      iterations = lines.filter(line -> line.contains("\"type\":\"iteration\"")).count();
    }
    var train = desktop.trainPerspective();
    UiTestSupport.waitUntil(30, () -> train.lossSeries("loss/total") != null
        && train.lossSeries("loss/total").getItemCount() == iterations);
    assertThat(train.validationMaeSeries().getItemCount()).isEqualTo(2);
    assertThat(train.validationMaeSeries().getX(1).doubleValue()).as("plotted at its epoch").isEqualTo(2.0);
    robot.clickOn("#nav-train");
    assertThat(robot.lookup("#train-progress").queryAs(Label.class).getText())
        .contains("run-finished").contains("2/2 epochs");
    UiTestSupport.screenshot(stage.getScene(), "train-perspective-replayed-run");

    // the run is remembered for File > Open recent
    assertThat(desktop.recentRuns().list()).contains(finished.toAbsolutePath().normalize());
    MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
    Menu recent = (Menu) bar.getMenus().get(0).getItems().stream()
        .filter(item -> "menu-open-recent".equals(item.getId())).findFirst().orElseThrow();
    robot.interact(() -> recent.getOnShowing().handle(null));
    assertThat(recent.getItems()).extracting(MenuItem::getText)
        .anySatisfy(text -> assertThat(text).contains(finished.toAbsolutePath().normalize().toString()))
        .anySatisfy(text -> assertThat(text).contains(faces.toAbsolutePath().normalize().toString()));
    assertThat(backgroundFailure.get()).isNull();
  }

  @Test
  void theReportIsLaidOutAsTheExportWritesIt(FxRobot robot) throws Exception {
    choose(robot, finished);
    var results = desktop.resultsPerspective();
    UiTestSupport.waitUntil(30, () -> results.viewModel().evaluationProperty().get() != null);
    TabPane tabs = robot.lookup("#results-tabs").queryAs(TabPane.class);
    robot.interact(() -> tabs.getSelectionModel().select(1));
    WaitForAsyncUtils.waitForFxEvents();
    var report = EvaluationReportWriter.readJson(finished.resolve("reports/test/report.json"));

    // the headline table is a grid of cells, not Markdown text
    Node page = robot.lookup("#results-report").query();
    List<GridPane> tables = robot.from(page).lookup(".markdown-table").queryAllAs(GridPane.class).stream().toList();
    assertThat(tables).hasSizeGreaterThanOrEqualTo(3);
    GridPane headline = tables.get(0);
    assertThat(cells(headline, 0)).containsExactly("faces", "MAE (years)", "CS(3)", "CS(5)", "gender accuracy");
    assertThat(cells(headline, 1).get(0)).isEqualTo(Integer.toString(report.metrics().faces()));
    assertThat(cells(headline, 1).get(1)).isEqualTo(String.format(Locale.ROOT, "%.2f", report.metrics().mae()));
    assertThat(robot.from(page).lookup(".markdown-h1").queryAs(Label.class).getText()).startsWith("Evaluation: ");
    // the charts are inline, as in the export
    assertThat(robot.from(page).lookup(".markdown-picture").queryAll()).hasSize(3);
    assertThat(robot.lookup("#results-text").tryQuery()).isEmpty();
    // the page is as wide as the view: text wraps, only a table wider than the page scrolls on its own
    var laidOut = robot.from(page).lookup(".markdown-report").queryAs(javafx.scene.layout.VBox.class);
    assertThat(laidOut.getWidth()).isLessThanOrEqualTo(((ScrollPane) page).getViewportBounds().getWidth() + 0.5);
    UiTestSupport.screenshot(stage.getScene(), "results-report");
    robot.interact(() -> ((ScrollPane) page).setVvalue(1));
    UiTestSupport.screenshot(stage.getScene(), "results-report-end");

    // the same Markdown as Export report writes under the name it offers
    Path markdown = temp.resolve("report-export").resolve("evaluation-"
        + results.viewModel().evaluationProperty().get().name() + ".md");
    robot.interact(() -> results.viewModel().export(markdown));
    UiTestSupport.waitUntil(60, () -> markdown.equals(results.viewModel().lastExportProperty().get()));
    assertThat(results.reportMarkdown()).isEqualTo(Files.readString(markdown));
    assertThat(backgroundFailure.get()).isNull();
  }

  /** The texts of a rendered table's row, left to right. */
  private static List<String> cells(GridPane table, int row) {
    return table.getChildren().stream()
        .filter(cell -> GridPane.getRowIndex(cell) != null && GridPane.getRowIndex(cell) == row)
        .sorted(java.util.Comparator.comparingInt(GridPane::getColumnIndex))
        .map(cell -> ((Label) cell).getText()).toList();
  }

  @Test
  void evaluatesTheRunsModelOnTheOpenDatasetAndExportsReports(FxRobot robot) throws Exception {
    choose(robot, finished);
    var results = desktop.resultsPerspective();
    UiTestSupport.waitUntil(30, () -> results.viewModel().evaluationProperty().get() != null
        && desktop.workbench().datasetProperty().get() != null);
    UiTestSupport.waitUntil(10, () -> !robot.lookup("#results-evaluate").queryAs(Button.class).isDisabled());
    CheckBox detectFaces = robot.lookup("#results-detect-faces").queryAs(CheckBox.class);
    assertThat(detectFaces.isSelected()).as("the dataset's own crops unless asked").isFalse();
    robot.clickOn(detectFaces);
    assertThat(results.viewModel().detectFacesProperty().get()).isTrue();
    robot.clickOn(detectFaces);
    assertThat(results.viewModel().detectFacesProperty().get()).isFalse();
    robot.clickOn("#results-evaluate");
    // the list grows before the new evaluation is selected and shown: wait for both
    UiTestSupport.waitUntil(120, () -> results.viewModel().evaluations().size() == 2
        && results.viewModel().evaluationProperty().get() != null
        && results.viewModel().evaluationProperty().get().name().startsWith("faces-test-"));
    var shown = results.viewModel().evaluationProperty().get();
    assertThat(shown.name()).startsWith("faces-test-");
    // the run's own dataset: only its test faces, the others are the model's references
    var testReport = EvaluationReportWriter.readJson(finished.resolve("reports/test/report.json"));
    assertThat(shown.report().metrics().faces()).isEqualTo(testReport.metrics().faces());
    assertThat(shown.folder().resolve("predictions.csv")).isRegularFile();

    Path markdown = temp.resolve("export").resolve("evaluation.md");
    robot.interact(() -> results.viewModel().export(markdown));
    UiTestSupport.waitUntil(60, () -> markdown.equals(results.viewModel().lastExportProperty().get()));
    String text = Files.readString(markdown);
    assertThat(text).contains("# Evaluation").contains("## Charts").contains("![MAE per age band]");
    for (String png : List.of("evaluation-cumulative-score-cs-t.png", "evaluation-mae-per-age-band.png",
        "evaluation-predicted-vs-true-age.png")) {
      assertThat(text).contains("(" + png + ")");
      assertThat(Files.readAllBytes(markdown.resolveSibling(png))).startsWith((byte) 0x89, (byte) 'P');
    }
    Path html = temp.resolve("export").resolve("evaluation.html");
    robot.interact(() -> results.viewModel().export(html));
    UiTestSupport.waitUntil(60, () -> html.equals(results.viewModel().lastExportProperty().get()));
    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<h2>MAE per age band</h2>")
        .contains("data:image/png;base64,");
    try (var files = Files.list(markdown.getParent())) {
      assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
    }
    assertThat(backgroundFailure.get()).isNull();
  }

  @Test
  void opensARunsModelAndResumesAnInterruptedRun(FxRobot robot) throws Exception {
    choose(robot, finished);
    robot.clickOn("#run-history-open-model");
    UiTestSupport.waitUntil(60, () -> desktop.workbench().modelProperty().get() != null);

    // a copy, so the other tests keep their interrupted run
    Path copy = temp.resolve("runs").resolve("run-interrupted-copy");
    copyFolder(interrupted, copy);
    robot.interact(() -> desktop.runHistory().refresh());
    UiTestSupport.waitUntil(30, () -> historyTable(robot).getItems().stream()
        .anyMatch(run -> run.folder().equals(copy)));
    choose(robot, copy);
    UiTestSupport.waitUntil(30, () -> desktop.resultsPerspective().viewModel().messageProperty().get()
        .contains("no final model"));
    assertThat(robot.lookup("#run-history-open-model").queryAs(Button.class).isDisabled()).isTrue();
    robot.clickOn("#run-history-resume");
    var train = desktop.trainPerspective();
    UiTestSupport.waitUntil(30, () -> copy.equals(desktop.runHistory().activeRunProperty().get()));
    assertThat(desktop.runHistory().statusText(row(robot, copy))).isEqualTo("running");
    assertThat(desktop.recentRuns().list()).first().isEqualTo(copy.toAbsolutePath().normalize());
    UiTestSupport.waitUntil(240, () -> !train.viewModel().runningProperty().get()
        && robot.lookup("#train-status").queryAs(Label.class).getText().startsWith("Finished"));
    assertThat(copy.resolve("model.siamage")).isRegularFile();
    UiTestSupport.waitUntil(30, () -> row(robot, copy).status() == RunHistoryService.RunStatus.FINISHED);
    assertThat(backgroundFailure.get()).isNull();
  }

  private static void copyFolder(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  @Test
  void eachPerspectiveHasAScreenshot(FxRobot robot) throws Exception {
    UiTestSupport.waitUntil(30, () -> desktop.workbench().datasetProperty().get() != null);
    for (String perspective : List.of("data", "train", "results")) {
      robot.clickOn("#nav-" + perspective);
      WaitForAsyncUtils.waitForFxEvents();
      Path shot = UiTestSupport.screenshot(stage.getScene(), "perspective-" + perspective);
      assertThat(Files.size(shot)).isGreaterThan(1_000);
    }
  }
}
