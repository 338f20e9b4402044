package org.siamage.ui.data;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.siamage.data.FaceRecord;
import org.siamage.data.read.DatasetSummary;
import org.siamage.service.DatasetService;
import org.siamage.ui.common.BackgroundTasks;
import org.siamage.ui.common.NativeDialogs;
import org.siamage.ui.common.Perspective;
import org.siamage.ui.shell.MainWindowViewModel;

/** The Data perspective: open a dataset, see its summary, browse and filter its faces. */
public final class DataPerspective implements Perspective {
  private final DataViewModel viewModel;
  private final MainWindowViewModel window;
  private final BorderPane root = new BorderPane();
  private BiFunction<DirectoryChooser, Window, File> folderDialog = NativeDialogs::folder;
  private BiFunction<FileChooser, Window, File> fileDialog = NativeDialogs::open;
  private final XYSeries ageSeries = new XYSeries("Faces");
  private final GridPane numbers = new GridPane();
  private final ImageView preview = new ImageView();
  private final Label previewCaption = new Label("Click a face to see it here.");

  // a fixed label: the names of the pair go in pairLabel, which may shorten, so the button keeps
  // its size and the filters beside it keep theirs
  private final Button inspectPair = new Button("Inspect pair");
  private final Label pairLabel = new Label();
  private final HBox pairRow = new HBox(8);
  private ThumbnailGrid grid;
  private FaceRecord pairFirst;
  private FaceRecord pairSecond;
  private java.util.function.BiConsumer<FaceRecord, FaceRecord> onInspectPair;

  private final ImageView cropView = new ImageView();
  private final Label cropCaption = new Label("");

  /**
   * @param preprocessing settings of the crop preview (the experiment's preprocessing)
   */
  public DataPerspective(DatasetService datasets, BackgroundTasks tasks, MainWindowViewModel window,
      org.siamage.config.PreprocessingConfig preprocessing) {
    this.viewModel = new DataViewModel(datasets, tasks, preprocessing);
    this.window = window;
    root.setId("perspective-data");
    root.setPadding(new Insets(10));
    root.setTop(header());
    SplitPane split = new SplitPane(summaryColumn(), facesColumn());
    split.setDividerPositions(0.38);
    root.setCenter(split);
    viewModel.summaryProperty().addListener((obs, old, summary) -> showSummary(summary));
    viewModel.messageProperty().addListener((obs, old, text) -> window.showMessage(text));
    viewModel.cropPreviewProperty().addListener((obs, old, crop) -> showCrop(crop));
  }

  public DataViewModel viewModel() {
    return viewModel;
  }

  @Override
  public String title() {
    return "Data";
  }

  @Override
  public String id() {
    return "data";
  }

  @Override
  public Node view() {
    return root;
  }

  /**
   * What "Inspect pair" does with the last two faces clicked (the main window opens them in the
   * Pair inspector); the button stays hidden until this is set.
   */
  public void setOnInspectPair(java.util.function.BiConsumer<FaceRecord, FaceRecord> action) {
    this.onInspectPair = action;
    pairRow.setVisible(action != null);
    pairRow.setManaged(action != null);
  }

  /** Starts reading {@code path} in the background. */
  public void open(Path path) {
    viewModel.open(path);
  }

  /**
   * File-menu entries of this perspective. The menu works from every perspective: each entry first
   * runs {@code showThisPerspective}, so the dataset opens where the user sees it and the chooser
   * has the main window as its owner.
   */
  public List<MenuItem> fileMenuItems(Runnable showThisPerspective) {
    MenuItem openFolder = new MenuItem("Open dataset _folder…");
    openFolder.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
    openFolder.setOnAction(event -> {
      showThisPerspective.run();
      chooseFolder();
    });
    MenuItem openFile = new MenuItem("Open dataset _index file…");
    openFile.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN,
        KeyCombination.SHIFT_DOWN));
    openFile.setOnAction(event -> {
      showThisPerspective.run();
      chooseFile();
    });
    return List.of(openFolder, openFile);
  }

  /**
   * Replaces the platform's folder and file choosers (for tests: a native dialog cannot show
   * headless). Each takes the chooser and its owner window and returns the choice, or null.
   */
  public void useDialogs(BiFunction<DirectoryChooser, Window, File> folderDialog,
      BiFunction<FileChooser, Window, File> fileDialog) {
    this.folderDialog = folderDialog;
    this.fileDialog = fileDialog;
  }

  private Node header() {
    Label title = new Label("Data");
    title.getStyleClass().add("perspective-title");
    Label path = new Label();
    path.setId("dataset-path");
    path.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> viewModel.datasetProperty().get() == null ? "No dataset open"
            : displayPath(viewModel.datasetProperty().get().root()), viewModel.datasetProperty()));
    Button openFolder = new Button("Open folder…");
    openFolder.setId("open-folder");
    openFolder.setOnAction(event -> chooseFolder());
    Button openFile = new Button("Open index file…");
    openFile.setOnAction(event -> chooseFile());
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox header = new HBox(12, title, path, spacer, openFolder, openFile);
    header.setAlignment(Pos.CENTER_LEFT);
    header.setPadding(new Insets(0, 0, 10, 0));
    return header;
  }

  private Node summaryColumn() {
    numbers.setId("dataset-numbers");
    numbers.setHgap(28);
    numbers.setVgap(4);
    numbers.getStyleClass().add("card");
    showSummary(null);

    JFreeChart chart = org.jfree.chart.ChartFactory.createXYBarChart(
        "Age histogram", "Age (years)", false, "Faces", new XYSeriesCollection(ageSeries),
        PlotOrientation.VERTICAL, false, true, false);
    XYBarRenderer renderer = (XYBarRenderer) chart.getXYPlot().getRenderer();
    renderer.setBarPainter(new StandardXYBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, new java.awt.Color(0x2f6fde));
    chart.setBackgroundPaint(java.awt.Color.WHITE);
    chart.getXYPlot().setBackgroundPaint(java.awt.Color.WHITE);
    chart.getXYPlot().setRangeGridlinePaint(new java.awt.Color(0xdddddd));
    chart.getXYPlot().setDomainGridlinePaint(new java.awt.Color(0xdddddd));
    ((NumberAxis) chart.getXYPlot().getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(13f));
    ChartViewer histogram = new ChartViewer(chart);
    histogram.setId("age-histogram");
    org.siamage.ui.common.ChartExport.install(histogram, "age-histogram");
    histogram.setPrefHeight(260);
    histogram.setMinHeight(200);
    VBox.setVgrow(histogram, Priority.ALWAYS);

    ListView<Object> skipped = new ListView<>();
    skipped.setId("skipped-list");
    viewModel.skipped().addListener((javafx.collections.ListChangeListener<Object>) change ->
        skipped.getItems().setAll(viewModel.skipped()));
    skipped.setPlaceholder(new Label("Nothing skipped."));
    TitledPane skippedPane = new TitledPane("Skipped files and rows", skipped);
    skippedPane.setId("skipped-pane");
    skippedPane.textProperty().bind(javafx.beans.binding.Bindings.size(viewModel.skipped())
        .asString("Skipped files and rows (%d)"));
    skippedPane.setPrefHeight(200);

    VBox column = new VBox(10, numbers, histogram, skippedPane);
    column.setPadding(new Insets(0, 8, 0, 0));
    return column;
  }

  private Node facesColumn() {
    Spinner<Integer> minimum = new Spinner<>(0, FaceRecord.MAX_AGE, 0);
    Spinner<Integer> maximum = new Spinner<>(0, FaceRecord.MAX_AGE, FaceRecord.MAX_AGE);
    for (Spinner<Integer> spinner : List.of(minimum, maximum)) {
      spinner.setEditable(true);
      spinner.setPrefWidth(80);
      // squeezed, a spinner's field shows no digits at all
      spinner.setMinWidth(Region.USE_PREF_SIZE);
    }
    minimum.setId("filter-min-age");
    maximum.setId("filter-max-age");
    minimum.valueProperty().addListener((obs, old, value) -> viewModel.minimumAgeProperty().set(value));
    maximum.valueProperty().addListener((obs, old, value) -> viewModel.maximumAgeProperty().set(value));
    ChoiceBox<DataViewModel.GenderFilter> gender =
        new ChoiceBox<>(javafx.collections.FXCollections.observableArrayList(DataViewModel.GenderFilter.values()));
    gender.setId("filter-gender");
    gender.valueProperty().bindBidirectional(viewModel.genderProperty());
    gender.setMinWidth(Region.USE_PREF_SIZE);
    TextField search = new TextField();
    search.setId("filter-name");
    search.setPromptText("Search file name");
    // the search field gives up room first: it stays usable narrow
    search.setPrefColumnCount(12);
    search.setMinWidth(90);
    HBox.setHgrow(search, Priority.ALWAYS);
    viewModel.nameFilterProperty().bind(search.textProperty());
    Label count = new Label();
    count.setId("visible-count");
    count.textProperty().bind(javafx.beans.binding.Bindings.size(viewModel.visibleFaces()).asString("%d faces"));
    count.setMinWidth(Region.USE_PREF_SIZE);
    inspectPair.setId("inspect-pair");
    inspectPair.setMnemonicParsing(false);
    inspectPair.setMinWidth(Region.USE_PREF_SIZE);
    inspectPair.setDisable(true);
    inspectPair.setTooltip(new javafx.scene.control.Tooltip());
    pairLabel.setId("pair-selection");
    pairLabel.setMnemonicParsing(false); // file names such as face_0000.jpg
    pairLabel.setMinWidth(40);
    pairLabel.setMaxWidth(Double.MAX_VALUE);
    pairLabel.setTooltip(new javafx.scene.control.Tooltip());
    pairLabel.getTooltip().textProperty().bind(pairLabel.textProperty());
    HBox.setHgrow(pairLabel, Priority.ALWAYS);
    pairRow.getChildren().setAll(pairLabel, inspectPair);
    pairRow.setAlignment(Pos.CENTER_LEFT);
    pairRow.setVisible(false);
    pairRow.setManaged(false);
    showPair();
    inspectPair.setOnAction(event -> {
      if (onInspectPair != null && pairFirst != null && pairSecond != null) {
        onInspectPair.accept(pairFirst, pairSecond);
      }
    });
    root.sceneProperty().addListener((obs, old, scene) -> {
      if (scene != null) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN), () -> {
          if (root.getScene() != null && !inspectPair.isDisable() && pairRow.isVisible()) {
            inspectPair.fire();
          }
        });
      }
    });
    Label ageLabel = new Label("Age");
    Label toLabel = new Label("to");
    for (Label label : List.of(ageLabel, toLabel)) {
      label.setMinWidth(Region.USE_PREF_SIZE);
    }
    HBox filters = new HBox(8, ageLabel, minimum, toLabel, maximum, gender, search, count);
    filters.setAlignment(Pos.CENTER_LEFT);

    grid = new ThumbnailGrid(viewModel.visibleFaces(), this::select);
    viewModel.datasetProperty().addListener((obs, old, dataset) -> {
      pairFirst = null;
      pairSecond = null;
      showPair();
    });
    grid.setMaxHeight(Double.MAX_VALUE);
    VBox.setVgrow(grid, Priority.ALWAYS);

    preview.setFitWidth(150);
    preview.setFitHeight(150);
    preview.setPreserveRatio(true);
    preview.setId("face-preview");
    previewCaption.setId("face-preview-caption");
    previewCaption.setWrapText(true);
    cropView.setId("crop-preview");
    cropView.setFitWidth(128);
    cropView.setFitHeight(128);
    cropView.setSmooth(false);
    cropCaption.setId("crop-caption");
    cropCaption.setWrapText(true);
    cropCaption.setMaxWidth(220);
    VBox crop = new VBox(4, new Label("What the network sees"), cropView, cropCaption);
    HBox details = new HBox(12, preview, previewCaption, crop);
    details.setMinHeight(218);
    details.setMaxHeight(218);
    details.getStyleClass().add("card");
    details.setAlignment(Pos.CENTER_LEFT);

    VBox column = new VBox(8, filters, pairRow, grid, details);
    column.setPadding(new Insets(0, 0, 0, 8));
    return column;
  }

  private void showCrop(org.siamage.service.CropPreview crop) {
    if (crop == null || !crop.hasCrop()) {
      cropView.setImage(null);
      cropCaption.setText(crop == null ? "" : crop.problem());
      return;
    }
    javafx.scene.image.WritableImage image = new javafx.scene.image.WritableImage(crop.size(), crop.size());
    image.getPixelWriter().setPixels(0, 0, crop.size(), crop.size(),
        javafx.scene.image.PixelFormat.getByteRgbInstance(), crop.rgb(), 0, crop.size() * 3);
    cropView.setImage(image);
    cropCaption.setText(crop.description());
  }

  private void select(FaceRecord face) {
    if (pairSecond == null || !pairSecond.id().equals(face.id())) {
      pairFirst = pairSecond;
      pairSecond = face;
    }
    showPair();
    viewModel.previewCrop(face);
    preview.setImage(new Image(face.image().toUri().toString(), 300, 300, true, true, true));
    previewCaption.setText(String.format(Locale.ROOT, "%s%nAge %d · %s%s", face.id(), face.age(),
        switch (face.gender()) {
          case FEMALE -> "female";
          case MALE -> "male";
          case UNKNOWN -> "gender unknown";
        },
        face.hasSubject() ? " · subject " + face.subjectId() : ""));
  }

  /** The chosen pair: named beside the button, marked on the grid (A, B). */
  private void showPair() {
    inspectPair.setDisable(pairFirst == null);
    if (pairSecond == null) {
      pairLabel.setText("Click two faces to compare them in the Pair inspector.");
    } else if (pairFirst == null) {
      pairLabel.setText("A: " + pairSecond.image().getFileName() + " · click a second face");
    } else {
      pairLabel.setText("A: " + pairFirst.image().getFileName() + " ↔ B: " + pairSecond.image().getFileName());
    }
    inspectPair.getTooltip().setText(pairFirst == null
        ? "Click two faces, then compare them in the Pair inspector (Ctrl+I)"
        : "Compare " + pairFirst.image().getFileName() + " and " + pairSecond.image().getFileName()
            + " in the Pair inspector (Ctrl+I)");
    if (grid != null) {
      grid.setSelected(java.util.stream.Stream.of(pairFirst, pairSecond).filter(java.util.Objects::nonNull)
          .map(FaceRecord::id).toList());
    }
  }

  private void showSummary(DatasetSummary summary) {
    numbers.getChildren().clear();
    ageSeries.clear();
    if (summary == null) {
      numbers.add(new Label("No dataset open."), 0, 0);
      return;
    }
    addNumber(0, 0, "usable-count", Integer.toString(summary.usableCount()), "usable faces");
    addNumber(1, 0, "skipped-count", Integer.toString(summary.skippedCount()), "skipped");
    addNumber(0, 2, "age-range", summary.minAge().isPresent()
        ? summary.minAge().getAsInt() + "–" + summary.maxAge().getAsInt() : "–", "age range");
    addNumber(1, 2, "gender-split", summary.femaleCount() + " / " + summary.maleCount()
        + (summary.unknownGenderCount() > 0 ? " / " + summary.unknownGenderCount() : ""),
        summary.unknownGenderCount() > 0 ? "female / male / unknown" : "female / male");
    Label format = new Label(summary.format().description()
        + (summary.meanAge().isPresent()
            ? String.format(Locale.ROOT, " · mean age %.1f", summary.meanAge().getAsDouble()) : ""));
    format.getStyleClass().add("summary-caption");
    numbers.add(format, 0, 4, 2, 1);
    summary.facesPerAge().forEach(ageSeries::add);
  }

  private void addNumber(int column, int row, String id, String value, String caption) {
    Label number = new Label(value);
    number.setId(id);
    number.getStyleClass().add("summary-number");
    number.setMinWidth(Region.USE_PREF_SIZE);
    Label label = new Label(caption);
    label.getStyleClass().add("summary-caption");
    label.setMinWidth(Region.USE_PREF_SIZE);
    numbers.add(number, column, row);
    numbers.add(label, column, row + 1);
  }

  /** Paths inside the working folder are shown relative to it: shorter, and what the CLI takes. */
  static String displayPath(Path path) {
    Path workingFolder = Path.of("").toAbsolutePath();
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(workingFolder) && !absolute.equals(workingFolder)
        ? workingFolder.relativize(absolute).toString()
        : absolute.toString();
  }

  private Window owner() {
    return root.getScene() == null ? null : root.getScene().getWindow();
  }

  private void chooseFolder() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Open a dataset folder");
    File folder = folderDialog.apply(chooser, owner());
    if (folder != null) {
      open(folder.toPath());
    }
  }

  private void chooseFile() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open a dataset index file");
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("Index files (*.csv, *.txt)", "*.csv", "*.txt"),
        new FileChooser.ExtensionFilter("All files", "*"));
    File file = fileDialog.apply(chooser, owner());
    if (file != null) {
      open(file.toPath());
    }
  }
}
