package org.siamage.ui.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.siamage.config.ConfigEnum;
import org.siamage.config.ConfigJson;
import org.siamage.config.EvaluationConfig;
import org.siamage.config.ExperimentConfig;
import org.siamage.config.ModelConfig;
import org.siamage.config.TrainingConfig;
import org.siamage.service.TrainingService;
import org.siamage.train.EpochMetrics;
import org.siamage.train.IterationMetrics;
import org.siamage.ui.common.BackgroundTasks;
import org.siamage.ui.common.ChartExport;
import org.siamage.ui.common.DecimatingSeries;
import org.siamage.ui.common.ErrorDialogs;
import org.siamage.ui.common.NativeDialogs;
import org.siamage.ui.common.Perspective;

/**
 * The Train perspective: an experiment form, Start and Stop, and live charts of the losses, the
 * validation metrics, the pair distances and the learning rate. Charts change only on the FX
 * thread, from a timer that drains the view model's metric queue ten times a second.
 */
public final class TrainPerspective implements Perspective {
  /**
   * Points drawn per iteration series before its resolution halves: the whole run stays visible,
   * and memory and redraw time stay flat however long it runs.
   */
  static final int DISPLAY_POINTS = 1_500;
  private static final double SMOOTHING = 0.9;

  private final TrainViewModel viewModel;
  private final BorderPane root = new BorderPane();
  /** The loss chart's named series in legend order (after the smoothed total). */
  private final Map<String, DecimatingSeries> lossSeries = new java.util.LinkedHashMap<>();
  private final XYSeriesCollection losses = new XYSeriesCollection();
  private final DecimatingSeries smoothedTotal = decimating("total (smoothed)");
  private final XYSeries validationMae = new XYSeries("validation MAE (years)");
  private final XYSeries validationCs5 = new XYSeries("validation CS(5) (%)");
  /** The same k-NN estimate on a fixed subset of training faces: its gap to validation shows over-fitting. */
  private final XYSeries trainingMae = new XYSeries("training MAE (subset, years)");
  private final XYSeries headMae = new XYSeries("age head MAE (years)");
  /** headMae's index in the epoch chart (the last series, so hiding it shifts no colour). */
  private static final int AGE_HEAD_SERIES = 3;
  /** Draws the epoch chart; its legend lists the age head only for runs that train one. */
  private XYLineAndShapeRenderer validationRenderer;
  private final XYSeries validationSimilarDistance = new XYSeries("validation similar pairs");
  private final XYSeries validationDissimilarDistance = new XYSeries("validation dissimilar pairs");
  private final DecimatingSeries positiveDistance = decimating("similar pairs");
  private final DecimatingSeries negativeDistance = decimating("dissimilar pairs");
  private final DecimatingSeries learningRate = decimating("learning rate");
  private final Label progress = new Label("No training running.");
  private java.util.function.Consumer<Path> onModelTrained = bundle -> { };
  private final List<JFreeChart> charts = new java.util.ArrayList<>();
  private double smoothed = Double.NaN;
  private long lastIteration;
  private int epochs;
  private final Path runsFolder;

  /**
   * @param runsFolder where new runs go, one sub-folder {@code run-YYYYMMDD-HHMMSS} each
   */
  public TrainPerspective(TrainingService training, BackgroundTasks tasks, ExperimentConfig initial,
      Path runsFolder) {
    this.runsFolder = runsFolder;
    this.viewModel = new TrainViewModel(training, tasks, initial);
    root.setId("perspective-train");
    root.setPadding(new Insets(10));
    Label title = new Label("Train");
    title.getStyleClass().add("perspective-title");
    progress.setId("train-progress");
    Label status = new Label();
    status.setId("train-status");
    status.textProperty().bind(viewModel.statusProperty());
    VBox header = new VBox(4, title, progress, status);
    header.setPadding(new Insets(0, 0, 8, 0));
    root.setTop(header);
    root.setLeft(form());
    root.setCenter(charts());
    losses.addSeries(smoothedTotal.series());
    layOutLossSeries(lossNamesOf(initial));
    // five redraws a second keep the charts live while leaving the FX thread idle most of the time
    Timeline redraw = new Timeline(new KeyFrame(Duration.millis(200), event -> drain()));
    redraw.setCycleCount(Timeline.INDEFINITE);
    redraw.play();
  }

  public TrainViewModel viewModel() {
    return viewModel;
  }

  @Override
  public String title() {
    return "Train";
  }

  @Override
  public String id() {
    return "train";
  }

  @Override
  public Node view() {
    return root;
  }

  /** Series of the loss chart by name ("loss/total", "total (smoothed)", …), for tests. */
  public XYSeries lossSeries(String name) {
    if (name.equals(smoothedTotal.series().getKey())) {
      return smoothedTotal.series();
    }
    DecimatingSeries series = lossSeries.get(name);
    return series == null ? null : series.series();
  }

  public XYSeries validationMaeSeries() {
    return validationMae;
  }

  private Node form() {
    GridPane grid = new GridPane();
    grid.setId("train-form");
    grid.setHgap(8);
    grid.setVgap(2);
    grid.setPadding(new Insets(4, 12, 4, 4));
    Map<String, List<String>> choices = Map.ofEntries(
        Map.entry("model.backbone", ConfigEnum.sortedWireNames(ModelConfig.Backbone.class)),
        Map.entry("model.genderHead", List.of("true", "false")),
        Map.entry("model.headInput", ConfigEnum.sortedWireNames(ModelConfig.HeadInput.class)),
        Map.entry("training.batchAllPairs", List.of("true", "false")),
        Map.entry("training.balancePairTerms", List.of("true", "false")),
        Map.entry("training.loss", ConfigEnum.sortedWireNames(TrainingConfig.Loss.class)),
        Map.entry("training.ageHead", ConfigEnum.sortedWireNames(TrainingConfig.AgeHead.class)),
        Map.entry("training.augmentation", ConfigEnum.sortedWireNames(TrainingConfig.Augmentation.class)),
        Map.entry("training.optimizer", ConfigEnum.sortedWireNames(TrainingConfig.Optimizer.class)),
        Map.entry("training.schedule", ConfigEnum.sortedWireNames(TrainingConfig.Schedule.class)),
        Map.entry("evaluation.estimator", ConfigEnum.sortedWireNames(EvaluationConfig.Estimator.class)));
    int row = 0;
    for (String field : TrainViewModel.FIELDS) {
      Label label = new Label(field.substring(field.indexOf('.') + 1));
      Node input;
      if (choices.containsKey(field)) {
        ChoiceBox<String> choice = new ChoiceBox<>();
        choice.getItems().setAll(choices.get(field));
        choice.valueProperty().bindBidirectional(viewModel.field(field));
        input = choice;
      } else {
        TextField text = new TextField();
        text.textProperty().bindBidirectional(viewModel.field(field));
        text.setPrefColumnCount(10);
        input = text;
      }
      input.setId("field-" + field.replace('.', '-'));
      input.disableProperty().bind(viewModel.runningProperty());
      Label error = new Label();
      error.setId("error-" + field.replace('.', '-'));
      error.getStyleClass().add("warning-text");
      error.setWrapText(true);
      error.setMaxWidth(300);
      viewModel.problems().addListener((javafx.collections.MapChangeListener<String, String>) change ->
          error.setText(viewModel.problems().getOrDefault(field, "")));
      error.setText(viewModel.problems().getOrDefault(field, ""));
      error.managedProperty().bind(error.textProperty().isNotEmpty());
      grid.add(label, 0, row);
      grid.add(input, 1, row++);
      grid.add(error, 0, row++, 2, 1);
    }

    Button start = new Button("Start");
    start.setId("train-start");
    start.setDefaultButton(true);
    start.disableProperty().bind(viewModel.validProperty().not().or(viewModel.runningProperty()));
    start.setOnAction(event -> start());
    Button stop = new Button("Stop");
    stop.setId("train-stop");
    stop.disableProperty().bind(viewModel.runningProperty().not());
    stop.setOnAction(event -> viewModel.stop());
    Button pause = new Button("Pause");
    pause.setId("train-pause");
    pause.disableProperty().bind(viewModel.runningProperty().not());
    pause.textProperty().bind(javafx.beans.binding.Bindings.when(viewModel.pausedProperty())
        .then("Resume").otherwise("Pause"));
    pause.setOnAction(event -> {
      if (viewModel.pausedProperty().get()) {
        viewModel.resumeTraining();
      } else {
        viewModel.pause();
      }
    });
    Button resumeRun = new Button("Resume run…");
    resumeRun.setId("train-resume-run");
    resumeRun.setTooltip(new javafx.scene.control.Tooltip(
        "Continue an interrupted run from its last finished epoch"));
    resumeRun.disableProperty().bind(viewModel.runningProperty());
    resumeRun.setOnAction(event -> chooseRunToResume());
    Button load = new Button("Load config…");
    load.setOnAction(event -> loadConfig());
    Button save = new Button("Save config…");
    save.disableProperty().bind(viewModel.validProperty().not());
    save.setOnAction(event -> saveConfig());
    root.sceneProperty().addListener((obs, old, scene) -> {
      if (scene != null) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN),
            start::fire);
      }
    });
    HBox buttons = new HBox(6, start, pause, stop, resumeRun);
    HBox files = new HBox(6, load, save);
    // the fields scroll; the buttons stay in view below them, whatever the window's height
    ScrollPane fields = new ScrollPane(grid);
    fields.setFitToWidth(true);
    fields.setPrefWidth(360);
    VBox actions = new VBox(8, buttons, files);
    actions.setPadding(new Insets(8, 0, 8, 0));
    BorderPane form = new BorderPane(fields);
    form.setBottom(actions);
    return form;
  }

  private Node charts() {
    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(8);
    grid.add(viewer("chart-loss", chart("Loss per iteration", "iteration", "loss", losses)), 0, 0);
    XYSeriesCollection validation = new XYSeriesCollection();
    validation.addSeries(validationMae);
    validation.addSeries(validationCs5);
    validation.addSeries(trainingMae);
    validation.addSeries(headMae);
    // one point per epoch, at its number: the x axis counts epochs, not iterations
    JFreeChart validationChart = chart("Each epoch's end: MAE and CS(5)", "epoch", "MAE (years) / CS(5) (%)",
        validation);
    validationRenderer = (XYLineAndShapeRenderer) validationChart.getXYPlot().getRenderer();
    validationRenderer.setDefaultShapesVisible(true);
    grid.add(viewer("chart-validation", validationChart), 1, 0);
    XYSeriesCollection distances = new XYSeriesCollection();
    distances.addSeries(positiveDistance.series());
    distances.addSeries(negativeDistance.series());
    distances.addSeries(validationSimilarDistance);
    distances.addSeries(validationDissimilarDistance);
    JFreeChart distanceChart = chart("Mean pair distance (batches; validation at each epoch's end)", "iteration",
        "distance (0..2)", distances);
    XYLineAndShapeRenderer distanceRenderer = (XYLineAndShapeRenderer) distanceChart.getXYPlot().getRenderer();
    distanceRenderer.setSeriesShapesVisible(2, true);
    distanceRenderer.setSeriesShapesVisible(3, true);
    grid.add(viewer("chart-distances", distanceChart), 0, 1);
    grid.add(viewer("chart-learning-rate",
        chart("Learning rate", "iteration", "rate", new XYSeriesCollection(learningRate.series()))), 1, 1);
    for (int i = 0; i < 2; i++) {
      javafx.scene.layout.ColumnConstraints column = new javafx.scene.layout.ColumnConstraints();
      column.setPercentWidth(50);
      grid.getColumnConstraints().add(column);
      javafx.scene.layout.RowConstraints rowConstraint = new javafx.scene.layout.RowConstraints();
      rowConstraint.setPercentHeight(50);
      grid.getRowConstraints().add(rowConstraint);
    }
    HBox.setHgrow(grid, Priority.ALWAYS);
    return grid;
  }

  private ChartViewer viewer(String id, JFreeChart chart) {
    charts.add(chart);
    ChartViewer viewer = new ChartViewer(chart);
    viewer.setId(id);
    ChartExport.install(viewer, id.replace("chart-", ""));
    viewer.setMinSize(200, 150);
    return viewer;
  }

  private static JFreeChart chart(String title, String x, String y, XYSeriesCollection data) {
    JFreeChart chart = ChartFactory.createXYLineChart(title, x, y, data, PlotOrientation.VERTICAL, true, true, false);
    chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(13f));
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    org.jfree.chart.axis.NumberAxis iterations = (org.jfree.chart.axis.NumberAxis) plot.getDomainAxis();
    iterations.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
    iterations.setAutoRangeIncludesZero(false);
    ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
    renderer.setDefaultStroke(new BasicStroke(1.2f));
    renderer.setAutoPopulateSeriesStroke(false);
    return chart;
  }

  private static DecimatingSeries decimating(String name) {
    return new DecimatingSeries(new XYSeries(name), DISPLAY_POINTS);
  }

  private void start() {
    try {
      Path folder = runsFolder.resolve("run-" + LocalDateTime.now()
          .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
      startInto(folder);
    } catch (RuntimeException e) {
      ErrorDialogs.show(root.getScene().getWindow(), "Cannot start training", e);
    }
  }

  /** Starts training the form's experiment into {@code folder}. */
  public void startInto(Path folder) {
    ExperimentConfig config = viewModel.config();
    epochs = config.training().epochs();
    clearCharts();
    layOutLossSeries(lossNamesOf(config));
    showAgeHeadInLegend(config.training().hasAgeHead());
    viewModel.start(folder, this::finished);
  }

  /**
   * Called on the FX thread when a run ends with a model (all epochs, or stopped early), with the
   * model's bundle: the window makes it the model every perspective uses.
   */
  public void setOnModelTrained(java.util.function.Consumer<Path> listener) {
    onModelTrained = listener == null ? bundle -> { } : listener;
  }

  /** The status line says how the run ended; the line above it, where its model went. */
  private void finished(org.siamage.train.RunOutcome outcome) {
    drain();
    boolean finishedModel = outcome.status() == org.siamage.train.RunOutcome.Status.COMPLETED
        || outcome.status() == org.siamage.train.RunOutcome.Status.EARLY_STOPPED;
    if (finishedModel && outcome.bundle().isPresent()) {
      progress.setText("Model written to " + outcome.bundle().get() + "; every perspective now uses it.");
      onModelTrained.accept(outcome.bundle().get());
    } else {
      progress.setText(outcome.status() == org.siamage.train.RunOutcome.Status.STOPPED
          ? "Stopped: Resume run… continues from the last finished epoch." : "No model was written.");
    }
  }

  /** Continues the interrupted run in {@code folder}. */
  public void resumeRun(Path folder) {
    clearCharts();
    viewModel.resume(folder, this::finished);
    ExperimentConfig config = viewModel.config();
    epochs = config.training().epochs();
    layOutLossSeries(lossNamesOf(config));
    showAgeHeadInLegend(config.training().hasAgeHead());
  }

  private void showAgeHeadInLegend(boolean trained) {
    validationRenderer.setSeriesVisibleInLegend(AGE_HEAD_SERIES, trained);
  }

  /** Whether the epoch chart's legend lists the age head's MAE (tests). */
  public boolean ageHeadInLegend() {
    return !Boolean.FALSE.equals(validationRenderer.getSeriesVisibleInLegend(AGE_HEAD_SERIES));
  }

  /** The losses {@code config}'s run will report; none when it names an unknown loss. */
  private static List<String> lossNamesOf(ExperimentConfig config) {
    try {
      return TrainingService.reportedLossNames(config);
    } catch (RuntimeException unknownLoss) {
      return List.of(); // the series then appear with the first metrics
    }
  }

  /**
   * Gives the loss chart exactly the series {@code names}, in that order, before any metric
   * arrives: the legend is laid out once, outside the first frames of a run, and each loss keeps
   * its colour from run to run. Does nothing when the chart already has them.
   */
  private void layOutLossSeries(List<String> names) {
    if (names.isEmpty() || List.copyOf(lossSeries.keySet()).equals(names)) {
      return;
    }
    charts.forEach(chart -> chart.setNotify(false));
    lossSeries.values().forEach(series -> losses.removeSeries(series.series()));
    lossSeries.clear();
    for (String name : names) {
      DecimatingSeries series = decimating(name);
      losses.addSeries(series.series());
      lossSeries.put(name, series);
    }
    charts.forEach(chart -> chart.setNotify(true));
  }

  private void chooseRunToResume() {
    javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
    chooser.setTitle("Resume an interrupted run");
    if (java.nio.file.Files.isDirectory(runsFolder)) {
      chooser.setInitialDirectory(runsFolder.toFile());
    }
    File folder = NativeDialogs.folder(chooser, root.getScene().getWindow());
    if (folder != null) {
      try {
        resumeRun(folder.toPath());
      } catch (RuntimeException e) {
        ErrorDialogs.show(root.getScene().getWindow(), "Cannot resume " + folder.getName(), e);
      }
    }
  }

  private void clearCharts() {
    smoothed = Double.NaN;
    if (iterationSeries().allMatch(series -> series.offered() == 0)
        && epochSeries().allMatch(XYSeries::isEmpty)) {
      return; // nothing to clear: no redraw (the first run's Start frame stays small)
    }
    // one redraw per chart, not one per cleared series
    charts.forEach(chart -> chart.setNotify(false));
    iterationSeries().forEach(DecimatingSeries::clear);
    epochSeries().forEach(XYSeries::clear);
    charts.forEach(chart -> chart.setNotify(true));
  }

  /** Every series fed once per epoch. */
  private Stream<XYSeries> epochSeries() {
    return Stream.of(validationMae, validationCs5, trainingMae, headMae, validationSimilarDistance,
        validationDissimilarDistance);
  }

  /** Every series fed once per iteration: the named losses, the smoothed total, distances, rate. */
  private Stream<DecimatingSeries> iterationSeries() {
    return Stream.concat(lossSeries.values().stream(),
        Stream.of(smoothedTotal, positiveDistance, negativeDistance, learningRate));
  }

  /**
   * Shows a past run's metrics in the charts, as they were drawn while it trained; ignored while a
   * run is training (the charts belong to it).
   *
   * @param metrics iteration and epoch metrics in the order they happened
   * @param plannedEpochs the run's configured epochs
   * @param description one line naming the run, for the progress line
   * @return whether the charts show the run
   */
  public boolean replay(List<Object> metrics, int plannedEpochs, String description) {
    if (viewModel.runningProperty().get()) {
      return false;
    }
    clearCharts();
    epochs = plannedEpochs;
    layOutLossSeries(TrainingService.lossesInDisplayOrder(metrics.stream()
        .filter(IterationMetrics.class::isInstance)
        .flatMap(metric -> ((IterationMetrics) metric).losses().keySet().stream())
        .collect(java.util.stream.Collectors.toSet())));
    plot(metrics);
    showAgeHeadInLegend(!headMae.isEmpty());
    progress.setText(description);
    return true;
  }

  /**
   * Puts {@code runHistory} in a tab beside the experiment form. The form needs
   * {@value #FORM_WIDTH} px; while the Runs tab is shown the side pane widens so that every column
   * of the table shows whole (the charts give up the width), instead of a table scrolling sideways.
   */
  public void addRunHistory(org.siamage.ui.results.RunHistoryView runHistory) {
    Node form = root.getLeft();
    javafx.scene.control.Tab experiment = new javafx.scene.control.Tab("Experiment", form);
    javafx.scene.control.Tab runs = new javafx.scene.control.Tab("Runs", runHistory);
    runs.setId("train-runs-tab");
    javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane(experiment, runs);
    tabs.setId("train-side-tabs");
    tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.prefWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
        () -> runs.isSelected() ? Math.max(FORM_WIDTH, runHistory.columnsWidth() + TAB_CONTENT_INSETS) : FORM_WIDTH,
        runs.selectedProperty()));
    root.setLeft(tabs);
  }

  /** Width of the experiment form's tab pane, px. */
  static final double FORM_WIDTH = 380;
  /** What a tab pane adds around its content (borders), px. */
  private static final double TAB_CONTENT_INSETS = 4;

  /** Moves queued metrics into the charts (FX thread), one redraw per batch of points. */
  private void drain() {
    List<Object> metrics = viewModel.drainMetrics();
    if (metrics.isEmpty()) {
      return;
    }
    IterationMetrics latest = plot(metrics);
    if (latest != null) {
      progress.setText(TrainViewModel.describe(latest, epochs));
      viewModel.noteTraining();
    }
  }

  /** Adds metrics to the charts with one redraw per chart; returns the last iteration, if any. */
  private IterationMetrics plot(List<Object> metrics) {
    // one redraw per chart for the whole batch, instead of one per changed series
    charts.forEach(chart -> chart.setNotify(false));
    IterationMetrics latest = null;
    for (Object metric : metrics) {
      if (metric instanceof IterationMetrics iteration) {
        latest = iteration;
        lastIteration = iteration.iteration() + 1;
        for (Map.Entry<String, Double> loss : iteration.losses().entrySet()) {
          // laid out beforehand; a name the config did not announce still gets a series
          lossSeries.computeIfAbsent(loss.getKey(), name -> {
            DecimatingSeries series = decimating(name);
            losses.addSeries(series.series());
            return series;
          }).add(lastIteration, loss.getValue());
        }
        double total = iteration.losses().getOrDefault("loss/total", Double.NaN);
        smoothed = Double.isNaN(smoothed) ? total : SMOOTHING * smoothed + (1 - SMOOTHING) * total;
        smoothedTotal.add(lastIteration, smoothed);
        if (Double.isFinite(iteration.meanPositiveDistance())) {
          positiveDistance.add(lastIteration, iteration.meanPositiveDistance());
        }
        if (Double.isFinite(iteration.meanNegativeDistance())) {
          negativeDistance.add(lastIteration, iteration.meanNegativeDistance());
        }
        learningRate.add(lastIteration, iteration.learningRate());
      } else if (metric instanceof EpochMetrics epoch) {
        int number = epoch.epoch() + 1; // 1-based, as the progress line counts epochs
        addIfFinite(validationMae, number, epoch.validationMae());
        addIfFinite(validationCs5, number, 100 * epoch.cumulativeScore5());
        addIfFinite(trainingMae, number, epoch.trainingMae());
        addIfFinite(headMae, number, epoch.headMae());
        addIfFinite(validationSimilarDistance, lastIteration, epoch.meanSimilarDistance());
        addIfFinite(validationDissimilarDistance, lastIteration, epoch.meanDissimilarDistance());
      }
    }
    iterationSeries().forEach(series -> series.series().fireSeriesChanged());
    epochSeries().forEach(XYSeries::fireSeriesChanged);
    charts.forEach(chart -> chart.setNotify(true));
    return latest;
  }

  private static void addIfFinite(XYSeries series, double x, double y) {
    if (Double.isFinite(y)) {
      series.add(x, y, false);
    }
  }

  private void loadConfig() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Load an experiment");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Experiment (*.json)", "*.json"));
    File file = NativeDialogs.open(chooser, root.getScene().getWindow());
    if (file != null) {
      try {
        viewModel.load(ConfigJson.read(file.toPath()));
      } catch (RuntimeException e) {
        ErrorDialogs.show(root.getScene().getWindow(), "Cannot load " + file.getName(), e);
      }
    }
  }

  private void saveConfig() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Save the experiment (the file siamage train --config reads)");
    chooser.setInitialFileName("experiment.json");
    File file = NativeDialogs.save(chooser, root.getScene().getWindow());
    if (file != null) {
      try {
        ConfigJson.write(viewModel.config(), file.toPath());
      } catch (Exception e) {
        ErrorDialogs.show(root.getScene().getWindow(), "Cannot save " + file.getName(), e);
      }
    }
  }
}
