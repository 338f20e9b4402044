package org.siamage.ui.results;

import java.io.File;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.siamage.eval.AgeMetrics;
import org.siamage.eval.EvaluationReport;
import org.siamage.eval.MeanAgeBaseline;
import org.siamage.service.RunHistoryService.RunEvaluation;
import org.siamage.ui.common.ChartExport;
import org.siamage.ui.common.ErrorDialogs;
import org.siamage.ui.common.NativeDialogs;
import org.siamage.ui.common.Perspective;

/**
 * The Results perspective: the run history on the left; on the right the chosen run's evaluation —
 * MAE, CS(3), CS(5), gender accuracy, bias and baseline, and two tabs: the charts (CS(T) curve, MAE
 * per age band, predicted vs true age) and the report, laid out from the Markdown the export writes
 * (tables as tables, charts inline, the paper tables) — with Evaluate (on the dataset open in Data)
 * and Export report (Markdown or HTML with the charts).
 */
public final class ResultsPerspective implements Perspective {
  /** Size of a chart drawn in the report: the text stays legible without scaling. */
  private static final int REPORT_CHART_WIDTH = 640;
  private static final int REPORT_CHART_HEIGHT = 400;

  /** Narrowest the run history may be dragged: its first columns still show. */
  private static final double HISTORY_MIN_WIDTH = 240;
  /** Narrowest the evaluation may be: its toolbar and two chart columns. */
  private static final double CONTENT_MIN_WIDTH = 420;

  private final ResultsViewModel viewModel;
  private final BorderPane root = new BorderPane();
  private final ChartViewer curve = viewer("chart-cs-curve", "cs-curve", ResultsCharts.CS_CURVE);
  private final ChartViewer bands = viewer("chart-age-bands", "mae-per-age-band", ResultsCharts.AGE_BANDS);
  private final ChartViewer scatter = viewer("chart-scatter", "predicted-vs-true", ResultsCharts.SCATTER);
  private final ScrollPane report = new ScrollPane();
  private final Label reportTitle = new Label("Report");
  private final TabPane tabs = new TabPane();
  private final Tab reportTab = new Tab("Report");
  private String reportMarkdown = "";
  /** Whether the report shows an older evaluation: it is laid out again when its tab is shown. */
  private boolean reportStale = true;
  private final Label faces = number("results-faces");
  private final Label mae = number("results-mae");
  private final Label cs3 = number("results-cs3");
  private final Label cs5 = number("results-cs5");
  private final Label gender = number("results-gender");
  private final Label bias = number("results-bias");
  private final Label baseline = number("results-baseline");

  public ResultsPerspective(ResultsViewModel viewModel, RunHistoryView history) {
    this.viewModel = viewModel;
    root.setId("perspective-results");
    root.setPadding(new Insets(10));
    Label title = new Label("Results");
    title.getStyleClass().add("perspective-title");
    Label message = new Label();
    message.setId("results-message");
    message.setWrapText(true);
    message.textProperty().bind(viewModel.messageProperty());

    ComboBox<RunEvaluation> choice = new ComboBox<>(viewModel.evaluations());
    choice.setId("results-evaluation");
    choice.setPromptText("no evaluation");
    choice.setTooltip(new Tooltip("Which evaluation of the run to show"));
    choice.valueProperty().bindBidirectional(viewModel.evaluationProperty());
    choice.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(viewModel.evaluations()));
    Button evaluate = new Button("Evaluate on open dataset");
    evaluate.setId("results-evaluate");
    evaluate.setTooltip(new Tooltip("Estimate every face of the dataset open in Data with this run's model"
        + " (only its test part when the run trained on it)"));
    evaluate.disableProperty().bind(viewModel.canEvaluateProperty().not());
    evaluate.setOnAction(event -> viewModel.evaluateOnOpenDataset());
    CheckBox detectFaces = new CheckBox("Detect faces");
    detectFaces.setId("results-detect-faces");
    detectFaces.setTooltip(new Tooltip("Find, align and crop each face as the webcam does, instead of taking the"
        + " dataset's crops as they are: for crops framed unlike the model's training crops (the report warns)"));
    detectFaces.selectedProperty().bindBidirectional(viewModel.detectFacesProperty());
    detectFaces.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    Button export = new Button("Export report…");
    export.setId("results-export");
    export.setTooltip(new Tooltip("Markdown (charts as PNG files beside it) or one HTML file"));
    export.disableProperty().bind(viewModel.evaluationProperty().isNull());
    export.setOnAction(event -> chooseExport());
    choice.setPrefWidth(220);
    choice.setMinWidth(120);
    evaluate.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    export.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    Label evaluationLabel = new Label("Evaluation");
    evaluationLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    HBox chosen = new HBox(8, evaluationLabel, choice);
    chosen.setAlignment(Pos.CENTER_LEFT);
    // wraps rather than widening the page beyond the window beside the run history
    javafx.scene.layout.FlowPane toolbar = new javafx.scene.layout.FlowPane(8, 6, chosen, evaluate, detectFaces, export);
    toolbar.setAlignment(Pos.CENTER_LEFT);
    VBox header = new VBox(6, title, message, toolbar, cards());
    header.setPadding(new Insets(0, 0, 8, 0));

    GridPane charts = new GridPane();
    charts.setHgap(8);
    charts.setVgap(8);
    charts.setPadding(new Insets(8, 0, 0, 0));
    charts.add(curve, 0, 0);
    charts.add(bands, 0, 1);
    // the scatter gets the tall column: predicted against true age reads best near square
    charts.add(scatter, 1, 0, 1, 2);
    for (int i = 0; i < 2; i++) {
      ColumnConstraints column = new ColumnConstraints();
      column.setPercentWidth(50);
      charts.getColumnConstraints().add(column);
      RowConstraints row = new RowConstraints();
      row.setPercentHeight(50);
      charts.getRowConstraints().add(row);
    }
    Tab chartsTab = new Tab("Charts", charts);
    chartsTab.setId("results-charts-tab");
    reportTab.setId("results-report-tab");
    reportTab.setContent(reportPane());
    tabs.getTabs().addAll(chartsTab, reportTab);
    tabs.setId("results-tabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, tab) -> {
      if (tab == reportTab && reportStale) {
        layOutReport();
      }
    });
    BorderPane content = new BorderPane(tabs);
    content.setTop(header);
    content.setPadding(new Insets(0, 0, 0, 8));
    SplitPane split = new SplitPane(history, content);
    SplitPane.setResizableWithParent(history, false);
    // the run history opens with room for every column whole, the report and charts beside it;
    // the divider may then be dragged either way (the table scrolls sideways when narrower)
    history.setMinWidth(HISTORY_MIN_WIDTH);
    content.setMinWidth(CONTENT_MIN_WIDTH);
    split.widthProperty().addListener(new javafx.beans.value.ChangeListener<>() {
      @Override
      public void changed(javafx.beans.value.ObservableValue<? extends Number> obs, Number old, Number width) {
        if (width.doubleValue() > 0) {
          split.widthProperty().removeListener(this);
          split.setDividerPositions(Math.min(history.columnsWidth(), width.doubleValue() - CONTENT_MIN_WIDTH)
              / width.doubleValue());
        }
      }
    });
    root.setCenter(split);

    viewModel.evaluationProperty().addListener((obs, old, shown) -> show(shown));
    viewModel.resultsProperty().addListener((obs, old, results) -> show(viewModel.evaluationProperty().get()));
    show(null);
  }

  public ResultsViewModel viewModel() {
    return viewModel;
  }

  @Override
  public String title() {
    return "Results";
  }

  @Override
  public String id() {
    return "results";
  }

  @Override
  public Node view() {
    return root;
  }

  private Node reportPane() {
    reportTitle.setId("results-report-title");
    reportTitle.getStyleClass().add("section-title");
    Button copy = new Button("Copy Markdown");
    copy.setId("results-copy-markdown");
    copy.getStyleClass().add("small");
    copy.setTooltip(new Tooltip("Copy the report's Markdown, as Export report writes it, to the clipboard"));
    copy.setOnAction(event -> {
      ClipboardContent content = new ClipboardContent();
      content.putString(reportMarkdown());
      javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
    });
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox bar = new HBox(8, reportTitle, spacer, copy);
    bar.setAlignment(Pos.CENTER_LEFT);
    report.setId("results-report");
    report.setFitToWidth(true);
    report.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
    VBox box = new VBox(6, bar, report);
    box.setPadding(new Insets(8, 0, 0, 0));
    VBox.setVgrow(report, Priority.ALWAYS);
    return box;
  }

  private Node cards() {
    javafx.scene.layout.FlowPane cards = new javafx.scene.layout.FlowPane(8, 8,
        card(faces, "faces"), card(mae, "MAE (years)"), card(cs3, "CS(3)"), card(cs5, "CS(5)"),
        card(gender, "gender accuracy"), card(bias, "bias (years)"), card(baseline, "baseline MAE"));
    cards.setId("results-cards");
    return cards;
  }

  private static VBox card(Label value, String caption) {
    Label label = new Label(caption);
    label.getStyleClass().add("summary-caption");
    label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    value.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    VBox card = new VBox(2, value, label);
    card.getStyleClass().addAll("card", "result-card");
    card.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    return card;
  }

  private static Label number(String id) {
    Label label = new Label("–");
    label.setId(id);
    label.getStyleClass().add("summary-number");
    return label;
  }

  private void show(RunEvaluation shown) {
    if (shown == null) {
      for (Label label : new Label[] {faces, mae, cs3, cs5, gender, bias, baseline}) {
        label.setText("–");
      }
      curve.setChart(ResultsCharts.placeholder(ResultsCharts.CS_CURVE));
      bands.setChart(ResultsCharts.placeholder(ResultsCharts.AGE_BANDS));
      scatter.setChart(ResultsCharts.placeholder(ResultsCharts.SCATTER));
      showReport();
      return;
    }
    EvaluationReport report = shown.report();
    AgeMetrics metrics = report.metrics();
    faces.setText(Integer.toString(metrics.faces()));
    mae.setText(String.format(Locale.ROOT, "%.2f", metrics.mae()));
    cs3.setText(percent(metrics.cumulativeScore(3)));
    cs5.setText(percent(metrics.cumulativeScore(5)));
    gender.setText(metrics.genderAccuracy() == null ? "–" : percent(metrics.genderAccuracy()));
    bias.setText(String.format(Locale.ROOT, "%+.2f", metrics.meanError()));
    MeanAgeBaseline mean = report.baseline();
    baseline.setText(mean == null ? "–" : String.format(Locale.ROOT, "%.2f", mean.mae()));
    curve.setChart(ResultsCharts.cumulativeScore(metrics));
    bands.setChart(ResultsCharts.ageBands(metrics));
    scatter.setChart(ResultsCharts.scatter(metrics));
    showReport();
  }

  /** Marks the report for a new layout; lays it out now when its tab is showing. */
  private void showReport() {
    reportStale = true;
    if (tabs.getSelectionModel().getSelectedItem() == reportTab) {
      layOutReport();
    }
  }

  /**
   * Lays out the report from the Markdown the export writes, the charts drawn where the export
   * links their pictures. Done when the tab is shown: drawing three charts is not free.
   */
  private void layOutReport() {
    reportStale = false;
    RunEvaluation shown = viewModel.evaluationProperty().get();
    java.util.Map<String, JFreeChart> pictures = new java.util.LinkedHashMap<>();
    if (shown != null) {
      for (JFreeChart chart : ResultsCharts.charts(shown.report().metrics())) {
        pictures.put(ResultsViewModel.chartFile(shown, chart.getTitle().getText()), chart);
      }
    }
    reportMarkdown = viewModel.reportMarkdown(pictures.values().stream()
        .map(chart -> chart.getTitle().getText()).toList());
    reportTitle.setText(shown != null ? "Report (" + shown.name() + ")"
        : reportMarkdown.isEmpty() ? "Report" : "Paper tables");
    if (reportMarkdown.isEmpty()) {
      Label none = new Label("No report: choose a run with an evaluation in the run history.");
      none.getStyleClass().add("summary-caption");
      report.setContent(none);
      return;
    }
    VBox laidOut = MarkdownReport.render(MarkdownReport.parse(reportMarkdown), target -> {
      JFreeChart chart = pictures.get(target);
      return chart == null ? null : picture(chart);
    });
    laidOut.setPadding(new Insets(4, 12, 12, 4));
    report.setContent(laidOut);
    report.setVvalue(0);
  }

  private Node picture(JFreeChart chart) {
    ImageView view = new ImageView(javafx.embed.swing.SwingFXUtils.toFXImage(
        chart.createBufferedImage(REPORT_CHART_WIDTH, REPORT_CHART_HEIGHT), null));
    // no wider than the page, so the text beside it wraps to the page too
    view.fitWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
        () -> Math.max(100, Math.min(REPORT_CHART_WIDTH, report.getViewportBounds().getWidth() - 24)),
        report.viewportBoundsProperty()));
    view.setPreserveRatio(true);
    view.setSmooth(true);
    view.getStyleClass().add("markdown-picture");
    return view;
  }

  /** The Markdown the report shows (what Copy Markdown copies). */
  public String reportMarkdown() {
    if (reportStale) {
      layOutReport();
    }
    return reportMarkdown;
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * share);
  }

  private static ChartViewer viewer(String id, String exportName, String title) {
    ChartViewer viewer = new ChartViewer(ResultsCharts.placeholder(title));
    viewer.setId(id);
    viewer.setMinSize(200, 150);
    ChartExport.install(viewer, exportName);
    return viewer;
  }

  /** The chart shown by a viewer id ("chart-cs-curve", …), for tests. */
  public JFreeChart chart(String id) {
    return switch (id) {
      case "chart-cs-curve" -> curve.getChart();
      case "chart-age-bands" -> bands.getChart();
      case "chart-scatter" -> scatter.getChart();
      default -> throw new IllegalArgumentException("no chart " + id);
    };
  }

  private void chooseExport() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export the evaluation report");
    FileChooser.ExtensionFilter markdown = new FileChooser.ExtensionFilter("Markdown, charts as PNG (*.md)", "*.md");
    FileChooser.ExtensionFilter html = new FileChooser.ExtensionFilter("HTML, charts inline (*.html)", "*.html");
    chooser.getExtensionFilters().addAll(markdown, html);
    RunEvaluation shown = viewModel.evaluationProperty().get();
    chooser.setInitialFileName(ResultsViewModel.exportStem(shown) + ".md");
    File file = NativeDialogs.save(chooser, root.getScene().getWindow());
    if (file == null) {
      return;
    }
    java.nio.file.Path target = file.toPath();
    String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".md") && !name.endsWith(".html") && !name.endsWith(".htm")) {
      target = target.resolveSibling(target.getFileName() + (chooser.getSelectedExtensionFilter() == html
          ? ".html" : ".md"));
    }
    try {
      viewModel.export(target);
    } catch (RuntimeException e) {
      ErrorDialogs.show(root.getScene().getWindow(), "Cannot export the report", e);
    }
  }
}
