package org.siamage.ui.pairs;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Paint;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.siamage.core.AtomicFiles;
import org.siamage.data.preprocess.FaceCrop;
import org.siamage.infer.FacePrediction;
import org.siamage.infer.Neighbour;
import org.siamage.infer.PairComparison;
import org.siamage.infer.explain.DistanceHistograms;
import org.siamage.service.PairInspectionService;
import org.siamage.service.PairInspectionService.InspectedFace;
import org.siamage.service.PairInspectionService.Match;
import org.siamage.ui.common.ChartExport;
import org.siamage.ui.common.ErrorDialogs;
import org.siamage.ui.common.FaceInput;
import org.siamage.ui.common.NativeDialogs;
import org.siamage.ui.common.Perspective;
import org.siamage.ui.common.Workbench;
import org.siamage.ui.pairs.PairsViewModel.Slot;

/**
 * The Pair inspector: two faces, the crop the network sees of each, the learned distance and its
 * verdict against an adjustable threshold, where the distance falls among positive and negative
 * pairs, each face's estimate with its nearest references, occlusion maps, and one face against a
 * folder or dataset.
 */
public final class PairsPerspective implements Perspective {
  private static final int CROP_VIEW = 192;
  private static final int THUMBNAIL = 44;
  private static final Color POSITIVE = new Color(0x2e9e5b);
  private static final Color NEGATIVE = new Color(0xe07b1e);

  private final PairsViewModel viewModel;
  private final BorderPane root = new BorderPane();
  private final XYSeries positiveSeries = new XYSeries("positive pairs (|Δage| ≤ τ)");
  private final XYSeries negativeSeries = new XYSeries("negative pairs (|Δage| > τ)");
  private final ValueMarker distanceMarker = new ValueMarker(0);
  private final ValueMarker thresholdMarker = new ValueMarker(0);
  private JFreeChart histogramChart;
  private final XYSeriesCollection histogramData = new XYSeriesCollection();
  private final CheckBox showHeat = new CheckBox("Show occlusion maps");
  private final Label histogramCaption = new Label();

  public PairsPerspective(PairInspectionService pairs, Workbench workbench) {
    this.viewModel = new PairsViewModel(pairs, workbench);
    root.setId("perspective-pairs");
    root.setPadding(new Insets(10));
    root.setTop(header());
    HBox pair = new HBox(10, faceCard(Slot.FIRST), distanceCard(), faceCard(Slot.SECOND));
    pair.setAlignment(Pos.TOP_CENTER);
    HBox.setHgrow(pair.getChildren().get(1), Priority.ALWAYS);
    TabPane details = new TabPane(referencesTab(), occlusionTab(), oneAgainstManyTab());
    details.setId("pairs-details");
    details.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    VBox.setVgrow(details, Priority.ALWAYS);
    VBox centre = new VBox(10, pair, details);
    root.setCenter(centre);
    viewModel.comparisonProperty().addListener((obs, old, value) -> showComparison());
    viewModel.thresholdProperty().addListener((obs, old, value) -> showComparison());
    viewModel.histogramsProperty().addListener((obs, old, value) -> showHistograms(value));
    showComparison();
  }

  public PairsViewModel viewModel() {
    return viewModel;
  }

  @Override
  public String title() {
    return "Pairs";
  }

  @Override
  public String id() {
    return "pairs";
  }

  @Override
  public Node view() {
    return root;
  }

  private Node header() {
    Label title = new Label("Pair inspector");
    title.getStyleClass().add("perspective-title");
    Label model = new Label();
    model.setId("pairs-model");
    // without a model the message below says so, once, and how to get one
    model.textProperty().bind(Bindings.createStringBinding(() -> viewModel.modelProperty().get() == null
        ? ""
        : "Model " + Workbench.modelName(viewModel.modelProperty().get().source()) + " · "
            + viewModel.modelProperty().get().config().model().backbone(), viewModel.modelProperty()));
    model.visibleProperty().bind(viewModel.modelProperty().isNotNull());
    model.managedProperty().bind(model.visibleProperty());
    model.getStyleClass().add("summary-caption");
    Label message = new Label();
    message.setId("pairs-message");
    message.textProperty().bind(viewModel.messageProperty());
    message.getStyleClass().add("summary-caption");
    message.setWrapText(true);
    message.setMinHeight(Region.USE_PREF_SIZE);
    viewModel.modelProperty().addListener((obs, old, loaded) -> {
      message.getStyleClass().remove("warning-text");
      if (loaded == null) {
        message.getStyleClass().add("warning-text");
      }
    });
    if (viewModel.modelProperty().get() == null) {
      message.getStyleClass().add("warning-text");
    }
    Button swap = new Button("Swap");
    swap.setId("swap-faces");
    swap.setOnAction(event -> viewModel.swap());
    Button exportPng = new Button("Export PNG…");
    exportPng.setId("export-png");
    exportPng.setOnAction(event -> choosePngFile());
    Button exportJson = new Button("Export JSON…");
    exportJson.setId("export-json");
    exportJson.setOnAction(event -> chooseJsonFile());
    exportJson.disableProperty().bind(viewModel.comparisonProperty().isNull());
    exportPng.disableProperty().bind(viewModel.comparisonProperty().isNull());
    exportPng.setTooltip(new Tooltip("The inspector as PNG (Ctrl+Shift+P)"));
    exportJson.setTooltip(new Tooltip("Every number shown, as JSON (Ctrl+Shift+J)"));
    root.sceneProperty().addListener((obs, old, scene) -> {
      if (scene != null) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN), () -> {
              if (root.getScene() != null && !exportPng.isDisabled()) {
                choosePngFile();
              }
            });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.J, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN), () -> {
              if (root.getScene() != null && !exportJson.isDisabled()) {
                chooseJsonFile();
              }
            });
      }
    });
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    for (Button button : List.of(swap, exportPng, exportJson)) {
      button.setMinWidth(Region.USE_PREF_SIZE); // a long message wraps instead
    }
    VBox titles = new VBox(2, new HBox(12, title, model), message);
    HBox header = new HBox(12, titles, spacer, swap, exportPng, exportJson);
    header.setAlignment(Pos.CENTER_LEFT);
    header.setPadding(new Insets(0, 0, 10, 0));
    return header;
  }

  private Node faceCard(Slot slot) {
    String suffix = slot == Slot.FIRST ? "first" : "second";
    Label heading = new Label(slot == Slot.FIRST ? "Face A" : "Face B");
    heading.getStyleClass().add("summary-caption");
    Label name = new Label("Drop an image here or choose one");
    name.setId("label-" + suffix);
    name.setMaxWidth(CROP_VIEW + 40);
    // the hint wraps to stay readable in the card; a file name too long for it ends in "…"
    name.setWrapText(true);
    name.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
    name.setMinHeight(Region.USE_PREF_SIZE);
    name.setTooltip(new Tooltip());
    name.getTooltip().textProperty().bind(name.textProperty());
    ImageView crop = new ImageView();
    crop.setId("crop-" + suffix);
    crop.setFitWidth(CROP_VIEW);
    crop.setFitHeight(CROP_VIEW);
    crop.setSmooth(false);
    ImageView heat = new ImageView();
    heat.setId("heat-" + suffix);
    heat.setFitWidth(CROP_VIEW);
    heat.setFitHeight(CROP_VIEW);
    heat.visibleProperty().bind(showHeat.selectedProperty().and(heat.imageProperty().isNotNull()));
    // the image as given, until (or, without a model, instead of) the crop the network sees
    ImageView original = new ImageView();
    original.setId("original-" + suffix);
    original.setFitWidth(CROP_VIEW);
    original.setFitHeight(CROP_VIEW);
    original.setPreserveRatio(true);
    original.setSmooth(true);
    original.visibleProperty().bind(crop.imageProperty().isNull());
    StackPane picture = new StackPane(original, crop, heat);
    picture.setMinSize(CROP_VIEW, CROP_VIEW);
    picture.setMaxSize(CROP_VIEW, CROP_VIEW);
    picture.getStyleClass().add("pair-crop");
    Label warning = new Label();
    warning.setId("warning-" + suffix);
    warning.getStyleClass().add("warning-text");
    warning.setWrapText(true);
    warning.setMaxWidth(CROP_VIEW + 40);
    Label crops = new Label();
    crops.setId("crop-caption-" + suffix);
    crops.getStyleClass().add("summary-caption");
    crops.setWrapText(true);
    crops.setMaxWidth(CROP_VIEW + 40);
    crops.setMinHeight(Region.USE_PREF_SIZE);
    warning.setMinHeight(Region.USE_PREF_SIZE);
    Label age = new Label("–");
    age.setId("age-" + suffix);
    age.getStyleClass().add("pair-age");
    Label gender = new Label();
    gender.setId("gender-" + suffix);
    Label known = new Label();
    known.setId("known-" + suffix);
    known.getStyleClass().add("summary-caption");
    Button choose = new Button("Choose…");
    choose.setId("choose-" + suffix);
    choose.setOnAction(event -> chooseFile(slot));

    viewModel.inputProperty(slot).addListener((obs, old, input) -> {
      name.setText(input == null ? "" : input.label());
      known.setText(input == null ? "" : knownLabels(input));
      crop.setImage(null);
      original.setImage(input == null ? null : originalImage(input));
      boolean modelLoaded = viewModel.modelProperty().get() != null;
      age.setText(input == null || !modelLoaded ? "–" : "…");
      gender.setText("");
      warning.setText("");
      crops.setText(input == null ? "" : modelLoaded ? "Finding the face…" : "The image as given");
    });
    viewModel.faceProperty(slot).addListener((obs, old, face) -> {
      // a model that changed (or went) takes its crop with it
      if (face == null && viewModel.inputProperty(slot).get() != null) {
        crop.setImage(null);
        boolean modelLoaded = viewModel.modelProperty().get() != null;
        age.setText(modelLoaded ? "…" : "–");
        gender.setText("");
        warning.setText("");
        crops.setText(modelLoaded ? "Finding the face…" : "The image as given");
      }
    });
    viewModel.faceProperty(slot).addListener((obs, old, face) -> {
      if (face == null) {
        return;
      }
      crop.setImage(cropImage(face.crop()));
      crops.setText(face.cropDescription());
      FacePrediction p = face.prediction();
      warning.setText(face.warning().isEmpty() ? p.note()
          : p.note().isEmpty() ? face.warning() : face.warning() + "; " + p.note());
      age.setText(String.format(Locale.ROOT, "%.1f ± %.1f years", p.age(), p.uncertainty()));
      boolean female = p.femaleProbability() >= 0.5;
      gender.setText(String.format(Locale.ROOT, "%s, p = %.2f (%s)", female ? "female" : "male",
          female ? p.femaleProbability() : 1 - p.femaleProbability(),
          p.genderSource().equals("head") ? "gender head" : "vote of the references"));
    });
    viewModel.overlayProperty(slot).addListener((obs, old, png) ->
        heat.setImage(png == null ? null : new Image(new ByteArrayInputStream(png))));

    VBox card = new VBox(6, heading, picture, name, crops, warning, age, gender, known, choose);
    card.setId("face-card-" + suffix);
    card.getStyleClass().add("card");
    card.setAlignment(Pos.TOP_CENTER);
    card.setMinWidth(CROP_VIEW + 40);
    card.setPrefWidth(CROP_VIEW + 40);
    card.setOnDragOver(event -> {
      if (event.getDragboard().hasFiles()) {
        event.acceptTransferModes(TransferMode.COPY);
      }
      event.consume();
    });
    card.setOnDragDropped(event -> {
      List<File> files = event.getDragboard().getFiles();
      boolean done = files != null && !files.isEmpty();
      if (done) {
        viewModel.setFace(slot, FaceInput.ofFile(files.get(0).toPath()));
        if (files.size() > 1) {
          viewModel.setFace(slot == Slot.FIRST ? Slot.SECOND : Slot.FIRST, FaceInput.ofFile(files.get(1).toPath()));
        }
      }
      event.setDropCompleted(done);
      event.consume();
    });
    return card;
  }

  private static String knownLabels(FaceInput input) {
    if (input.knownAge().isEmpty()) {
      return input.encodedImage() != null ? "in-memory image" : "no labels";
    }
    String gender = switch (input.knownGender()) {
      case FEMALE -> ", female";
      case MALE -> ", male";
      case UNKNOWN -> "";
    };
    return "labelled: " + input.knownAge().getAsInt() + " years" + gender;
  }

  /** The face's image as given, scaled to the picture box (loaded in the background). */
  private static Image originalImage(FaceInput input) {
    if (input.encodedImage() != null) {
      return new Image(new ByteArrayInputStream(input.encodedImage()), CROP_VIEW, CROP_VIEW, true, true);
    }
    return input.file() == null ? null
        : new Image(input.file().toUri().toString(), CROP_VIEW, CROP_VIEW, true, true, true);
  }

  private static Image cropImage(FaceCrop crop) {
    WritableImage image = new WritableImage(crop.size(), crop.size());
    image.getPixelWriter().setPixels(0, 0, crop.size(), crop.size(), PixelFormat.getByteRgbInstance(), crop.rgb(), 0,
        crop.size() * 3);
    return image;
  }

  private Node distanceCard() {
    Label distance = new Label("–");
    distance.setId("distance");
    distance.getStyleClass().add("pair-distance");
    Label verdict = new Label("Choose two faces");
    verdict.setId("verdict");
    verdict.getStyleClass().add("pair-verdict");
    verdict.setWrapText(true);
    verdict.setMinHeight(Region.USE_PREF_SIZE);
    Slider slider = new Slider(0, 2, viewModel.thresholdProperty().get());
    slider.setId("threshold-slider");
    slider.setBlockIncrement(0.01);
    slider.setMajorTickUnit(0.5);
    slider.setShowTickMarks(true);
    slider.setShowTickLabels(true);
    slider.valueProperty().bindBidirectional(viewModel.thresholdProperty());
    Label thresholdLabel = new Label();
    thresholdLabel.setId("threshold-label");
    thresholdLabel.setWrapText(true);
    thresholdLabel.setMinHeight(Region.USE_PREF_SIZE);
    thresholdLabel.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(thresholdLabel, Priority.ALWAYS);
    thresholdLabel.textProperty().bind(Bindings.createStringBinding(() -> {
      var model = viewModel.modelProperty().get();
      return String.format(Locale.ROOT, "Threshold %.3f%s", viewModel.thresholdProperty().get(),
          model == null ? "" : String.format(Locale.ROOT, " (model: %.3f for |Δage| ≤ %.0f years, %s)",
              model.sameClassThreshold(), model.config().training().ageThreshold(),
              model.hasCalibratedThreshold() ? "chosen on validation pairs" : "between the margins"));
    }, viewModel.thresholdProperty(), viewModel.modelProperty()));
    Button reset = new Button("Model's threshold");
    reset.getStyleClass().add("small");
    reset.setId("reset-threshold");
    reset.setMinWidth(Region.USE_PREF_SIZE);
    reset.setOnAction(event -> {
      if (viewModel.modelProperty().get() != null) {
        viewModel.thresholdProperty().set(viewModel.modelProperty().get().sameClassThreshold());
      }
    });
    distance.textProperty().bind(Bindings.createStringBinding(() -> {
      PairComparison comparison = viewModel.comparisonProperty().get();
      return comparison == null ? "D = –" : String.format(Locale.ROOT, "D = %.4f", comparison.distance());
    }, viewModel.comparisonProperty()));

    histogramChart = ChartFactory.createXYBarChart(null, "Learned distance D", false, "Share of pairs",
        new XYSeriesCollection(), PlotOrientation.VERTICAL, true, true, false);
    histogramData.addSeries(positiveSeries);
    XYSeriesCollection data = histogramData;
    data.addSeries(negativeSeries);
    XYPlot plot = histogramChart.getXYPlot();
    plot.setDataset(data);
    XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardXYBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, new Color(POSITIVE.getRed(), POSITIVE.getGreen(), POSITIVE.getBlue(), 170));
    renderer.setSeriesPaint(1, new Color(NEGATIVE.getRed(), NEGATIVE.getGreen(), NEGATIVE.getBlue(), 150));
    renderer.setMargin(0.05);
    histogramChart.setBackgroundPaint(Color.WHITE);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.getDomainAxis().setRange(0, 2);
    distanceMarker.setPaint(Color.BLACK);
    distanceMarker.setStroke(new BasicStroke(2.5f));
    distanceMarker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    distanceMarker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    thresholdMarker.setPaint(new Color(0x666666));
    thresholdMarker.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {5f, 4f}, 0f));
    thresholdMarker.setLabel("threshold");
    thresholdMarker.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
    thresholdMarker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    plot.addDomainMarker(thresholdMarker);
    plot.addDomainMarker(distanceMarker);
    ChartViewer viewer = new ChartViewer(histogramChart);
    viewer.setId("distance-histogram");
    ChartExport.install(viewer, "pair-distance-histogram");
    viewer.setPrefHeight(210);
    viewer.setMinHeight(170);
    histogramCaption.setId("histogram-caption");
    histogramCaption.getStyleClass().add("summary-caption");
    histogramCaption.setWrapText(true);
    // a real gallery's pair counts wrap the caption to a third line: the chart gives way, not it
    histogramCaption.setMinHeight(Region.USE_PREF_SIZE);
    HBox thresholdRow = new HBox(8, thresholdLabel, reset);
    thresholdRow.setAlignment(Pos.CENTER_LEFT);
    VBox card = new VBox(6, distance, verdict, slider, thresholdRow, viewer, histogramCaption);
    card.setId("distance-card");
    card.getStyleClass().add("card");
    card.setMinWidth(320);
    viewModel.comparisonProperty().addListener((obs, old, c) -> updateVerdict(verdict));
    viewModel.thresholdProperty().addListener((obs, old, t) -> updateVerdict(verdict));
    viewModel.inputProperty(Slot.FIRST).addListener((obs, old, input) -> updateVerdict(verdict));
    viewModel.inputProperty(Slot.SECOND).addListener((obs, old, input) -> updateVerdict(verdict));
    viewModel.modelProperty().addListener((obs, old, loaded) -> updateVerdict(verdict));
    updateVerdict(verdict);
    return card;
  }

  private void updateVerdict(Label verdict) {
    PairComparison comparison = viewModel.comparisonProperty().get();
    verdict.getStyleClass().removeAll("verdict-same", "verdict-different");
    if (comparison == null) {
      FaceInput a = viewModel.inputProperty(Slot.FIRST).get();
      FaceInput b = viewModel.inputProperty(Slot.SECOND).get();
      if (a == null || b == null) {
        verdict.setText(a == null && b == null ? "Choose two faces"
            : a == null ? "Choose face A to compare with " + b.label()
            : "Choose face B to compare with " + a.label());
      } else {
        // the pair is chosen: name it (the header says when a model is missing)
        verdict.setText((viewModel.modelProperty().get() == null ? "" : "Comparing ") + a.label() + " ↔ "
            + b.label() + (viewModel.modelProperty().get() == null ? "" : "…"));
      }
      return;
    }
    boolean same = viewModel.sameAgeClass();
    verdict.setText(String.format(Locale.ROOT, "%s (|Δage| %s %.0f years at threshold %.3f)",
        same ? "Same age class" : "Different age class", same ? "≤" : ">", comparison.ageThreshold(),
        viewModel.thresholdProperty().get()));
    verdict.getStyleClass().add(same ? "verdict-same" : "verdict-different");
  }

  private void showComparison() {
    PairComparison comparison = viewModel.comparisonProperty().get();
    thresholdMarker.setValue(viewModel.thresholdProperty().get());
    if (comparison == null) {
      distanceMarker.setValue(-1);
      distanceMarker.setLabel(null);
    } else {
      distanceMarker.setValue(comparison.distance());
      distanceMarker.setLabel(String.format(Locale.ROOT, "D %.3f", comparison.distance()));
    }
    updateHistogramCaption();
  }

  private void showHistograms(DistanceHistograms histograms) {
    positiveSeries.clear();
    negativeSeries.clear();
    if (histograms != null) {
      // shares, not counts: negative pairs outnumber positive ones many times over, and the
      // question is how the two distributions overlap
      histogramData.setIntervalWidth(histograms.binWidth());
      double positives = Math.max(1, histograms.positivePairs());
      double negatives = Math.max(1, histograms.negativePairs());
      for (int bin = 0; bin < histograms.bins(); bin++) {
        double centre = (bin + 0.5) * histograms.binWidth();
        positiveSeries.add(centre, histograms.positive()[bin] / positives);
        negativeSeries.add(centre, histograms.negative()[bin] / negatives);
      }
    }
    updateHistogramCaption();
  }

  private void updateHistogramCaption() {
    DistanceHistograms histograms = viewModel.histogramsProperty().get();
    PairComparison comparison = viewModel.comparisonProperty().get();
    if (histograms == null) {
      histogramCaption.setText("");
      return;
    }
    String text = String.format(Locale.ROOT, "%d positive and %d negative pairs of the %s.",
        histograms.positivePairs(), histograms.negativePairs(), histograms.source());
    if (comparison != null) {
      text += String.format(Locale.ROOT, " At or below this D: %.0f %% of positive, %.0f %% of negative pairs.",
          100 * histograms.positiveShareBelow(comparison.distance()),
          100 * histograms.negativeShareBelow(comparison.distance()));
    }
    histogramCaption.setText(text);
  }

  private Tab referencesTab() {
    HBox lists = new HBox(10, referenceList(Slot.FIRST), referenceList(Slot.SECOND));
    lists.setPadding(new Insets(6, 0, 0, 0));
    Tab tab = new Tab("Why this age: nearest references", lists);
    tab.setId("tab-references");
    return tab;
  }

  private Node referenceList(Slot slot) {
    String suffix = slot == Slot.FIRST ? "first" : "second";
    ListView<Neighbour> list = new ListView<>();
    list.setId("references-" + suffix);
    list.setPlaceholder(new Label("No face yet."));
    list.setCellFactory(view -> new NeighbourCell());
    HBox.setHgrow(list, Priority.ALWAYS);
    list.setPrefHeight(180);
    Runnable refresh = () -> {
      InspectedFace face = viewModel.faceProperty(slot).get();
      list.getItems().setAll(face == null ? List.of()
          : face.prediction().neighbours().stream().sorted(Comparator.comparingInt(Neighbour::age)
              .thenComparingDouble(Neighbour::distance)).toList());
    };
    viewModel.faceProperty(slot).addListener((obs, old, face) -> refresh.run());
    viewModel.referenceFilesProperty().addListener((obs, old, files) -> list.refresh());
    Label caption = new Label((slot == Slot.FIRST ? "Face A" : "Face B")
        + ": k nearest references by age (D distance, w weight in the estimate)");
    caption.getStyleClass().add("summary-caption");
    caption.setWrapText(true);
    caption.setMinHeight(Region.USE_PREF_SIZE);
    VBox box = new VBox(4, caption, list);
    VBox.setVgrow(list, Priority.ALWAYS);
    HBox.setHgrow(box, Priority.ALWAYS);
    box.setMaxWidth(Double.MAX_VALUE);
    return box;
  }

  private final class NeighbourCell extends ListCell<Neighbour> {
    private final ImageView thumbnail = new ImageView();

    NeighbourCell() {
      thumbnail.setFitWidth(THUMBNAIL);
      thumbnail.setFitHeight(THUMBNAIL);
      thumbnail.setPreserveRatio(true);
    }

    @Override
    protected void updateItem(Neighbour neighbour, boolean empty) {
      super.updateItem(neighbour, empty);
      if (empty || neighbour == null) {
        setText(null);
        setGraphic(null);
        return;
      }
      Map<String, Path> files = viewModel.referenceFilesProperty().get();
      Path file = files.get(neighbour.id());
      thumbnail.setImage(file == null ? null
          : new Image(file.toUri().toString(), THUMBNAIL * 2, THUMBNAIL * 2, true, true, true));
      Region placeholder = new Region();
      placeholder.setMinSize(THUMBNAIL, THUMBNAIL);
      setGraphic(file == null ? placeholder : thumbnail);
      setText(String.format(Locale.ROOT, "age %d%s   D %.4f   w %.3f   %s", neighbour.age(),
          neighbour.gender().code().isEmpty() ? "" : " " + neighbour.gender().code(), neighbour.distance(),
          neighbour.weight(), neighbour.id()));
    }
  }

  private Tab occlusionTab() {
    Spinner<Integer> patch = new Spinner<>(1, 512, viewModel.patchProperty().get());
    Spinner<Integer> stride = new Spinner<>(1, 512, viewModel.strideProperty().get());
    patch.setId("occlusion-patch");
    stride.setId("occlusion-stride");
    for (Spinner<Integer> spinner : List.of(patch, stride)) {
      spinner.setEditable(true);
      spinner.setPrefWidth(80);
    }
    patch.valueProperty().addListener((obs, old, value) -> viewModel.patchProperty().set(value));
    stride.valueProperty().addListener((obs, old, value) -> viewModel.strideProperty().set(value));
    viewModel.patchProperty().addListener((obs, old, value) -> patch.getValueFactory().setValue(value.intValue()));
    viewModel.strideProperty().addListener((obs, old, value) -> stride.getValueFactory().setValue(value.intValue()));
    Button compute = new Button("Compute occlusion maps");
    compute.setId("compute-occlusion");
    compute.setDefaultButton(false);
    compute.disableProperty().bind(viewModel.comparisonProperty().isNull().or(viewModel.occlusionRunningProperty()));
    compute.setOnAction(event -> {
      try {
        viewModel.computeOcclusion();
      } catch (IllegalArgumentException e) {
        ErrorDialogs.show(root.getScene().getWindow(), "Occlusion settings",
            new org.siamage.core.UserFacingException(e.getMessage(), e));
      }
    });
    Button cancel = new Button("Cancel");
    cancel.setId("cancel-occlusion");
    cancel.disableProperty().bind(viewModel.occlusionRunningProperty().not());
    cancel.setOnAction(event -> viewModel.cancelOcclusion());
    showHeat.setId("show-heat");
    showHeat.setSelected(true);
    HBox controls = new HBox(8, new Label("Patch (px)"), patch, new Label("Stride (px)"), stride, compute, cancel,
        showHeat);
    controls.setAlignment(Pos.CENTER_LEFT);
    Label legend = new Label("Each position of a grey patch is hidden in turn and the distance D measured again."
        + " Red: a region that makes the faces differ (D falls when it is hidden). Blue: a region that makes"
        + " them alike (D rises when it is hidden). Both maps share one colour scale.");
    legend.setWrapText(true);
    legend.getStyleClass().add("summary-caption");
    HBox scale = new HBox(0);
    for (int i = -10; i <= 10; i++) {
      Region swatch = new Region();
      swatch.setMinSize(14, 12);
      int argb = PairInspectionService.heatArgb(i / 10.0);
      swatch.setBackground(new javafx.scene.layout.Background(new javafx.scene.layout.BackgroundFill(
          Paint.valueOf(String.format(Locale.ROOT, "rgba(%d,%d,%d,%.2f)", (argb >> 16) & 0xFF, (argb >> 8) & 0xFF,
              argb & 0xFF, (argb >>> 24) / 255.0)), null, null)));
      scale.getChildren().add(swatch);
    }
    Label summary = new Label();
    summary.setId("occlusion-summary");
    summary.textProperty().bind(Bindings.createStringBinding(() -> {
      var occlusion = viewModel.occlusionProperty().get();
      if (occlusion == null) {
        return viewModel.occlusionRunningProperty().get() ? "Computing…" : "Not computed yet.";
      }
      return String.format(Locale.ROOT, "Largest change in D: A %.4f, B %.4f · %d forward passes, %.1f s",
          occlusion.first().largestChange(), occlusion.second().largestChange(), occlusion.forwardPasses(),
          occlusion.seconds());
    }, viewModel.occlusionProperty(), viewModel.occlusionRunningProperty()));
    HBox scaleRow = new HBox(8, new Label("D up"), scale, new Label("D down"), summary);
    scaleRow.setAlignment(Pos.CENTER_LEFT);
    VBox box = new VBox(8, controls, scaleRow, legend);
    box.setPadding(new Insets(8));
    Tab tab = new Tab("What drives the distance: occlusion", box);
    tab.setId("tab-occlusion");
    return tab;
  }

  private Tab oneAgainstManyTab() {
    Button folder = new Button("Compare face A with a folder…");
    folder.setId("one-against-folder");
    folder.setOnAction(event -> {
      DirectoryChooser chooser = new DirectoryChooser();
      chooser.setTitle("Compare face A with the faces of a folder or dataset");
      File chosen = NativeDialogs.folder(chooser, root.getScene().getWindow());
      if (chosen != null) {
        viewModel.oneAgainstMany(chosen.toPath());
      }
    });
    Button dataset = new Button("…with the open dataset");
    dataset.setId("one-against-dataset");
    dataset.setOnAction(event -> {
      if (viewModel.openDataset() != null) {
        viewModel.oneAgainstMany(viewModel.openDataset());
      }
    });
    folder.disableProperty().bind(viewModel.faceProperty(Slot.FIRST).isNull());
    dataset.disableProperty().bind(viewModel.faceProperty(Slot.FIRST).isNull());
    Label source = new Label();
    source.textProperty().bind(viewModel.matchesSourceProperty());
    source.getStyleClass().add("summary-caption");
    TableView<Match> table = new TableView<>(viewModel.matches());
    table.setId("matches-table");
    table.setPlaceholder(new Label("Compare face A with a folder or the open dataset; double-click a row to"
        + " make it face B."));
    TableColumn<Match, String> face = new TableColumn<>("Face");
    face.setCellValueFactory(cell -> new javafx.beans.property.SimpleStringProperty(cell.getValue().candidate().label()));
    face.setPrefWidth(300);
    TableColumn<Match, String> distance = new TableColumn<>("Distance D");
    distance.setCellValueFactory(cell -> new javafx.beans.property.SimpleStringProperty(
        Double.isNaN(cell.getValue().distance()) ? "–" : String.format(Locale.ROOT, "%.4f", cell.getValue().distance())));
    TableColumn<Match, String> known = new TableColumn<>("Labelled age");
    known.setCellValueFactory(cell -> new javafx.beans.property.SimpleStringProperty(
        cell.getValue().candidate().knownAge().isPresent()
            ? Integer.toString(cell.getValue().candidate().knownAge().getAsInt()) : ""));
    TableColumn<Match, String> estimated = new TableColumn<>("Estimated age");
    estimated.setCellValueFactory(cell -> new javafx.beans.property.SimpleStringProperty(
        Double.isNaN(cell.getValue().estimatedAge()) ? "" : String.format(Locale.ROOT, "%.1f ± %.1f",
            cell.getValue().estimatedAge(), cell.getValue().uncertainty())));
    TableColumn<Match, String> problem = new TableColumn<>("Note");
    problem.setCellValueFactory(cell -> new javafx.beans.property.SimpleStringProperty(
        cell.getValue().problem().isEmpty() ? cell.getValue().note() : cell.getValue().problem()));
    problem.setPrefWidth(260);
    distance.setPrefWidth(100);
    known.setPrefWidth(100);
    estimated.setPrefWidth(130);
    table.getColumns().setAll(List.of(face, distance, known, estimated, problem));
    table.setRowFactory(view -> {
      javafx.scene.control.TableRow<Match> row = new javafx.scene.control.TableRow<>();
      row.setOnMouseClicked(event -> {
        if (event.getClickCount() == 2 && !row.isEmpty() && row.getItem().problem().isEmpty()) {
          Match match = row.getItem();
          viewModel.setFace(Slot.SECOND, match.candidate().knownAge().isPresent()
              ? new FaceInput(match.candidate().label(), match.candidate().file(), null,
                  match.candidate().knownAge(), org.siamage.data.Gender.UNKNOWN)
              : FaceInput.ofFile(match.candidate().file()));
        }
      });
      return row;
    });
    VBox.setVgrow(table, Priority.ALWAYS);
    HBox buttons = new HBox(8, folder, dataset, source);
    buttons.setAlignment(Pos.CENTER_LEFT);
    VBox box = new VBox(6, buttons, table);
    box.setPadding(new Insets(6, 0, 0, 0));
    Tab tab = new Tab("One against many", box);
    tab.setId("tab-one-against-many");
    return tab;
  }

  private void chooseFile(Slot slot) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Choose face " + (slot == Slot.FIRST ? "A" : "B"));
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("Images (*.jpg, *.jpeg, *.png, *.bmp)", "*.jpg", "*.jpeg", "*.png", "*.bmp",
            "*.JPG", "*.PNG"),
        new FileChooser.ExtensionFilter("All files", "*"));
    File file = NativeDialogs.open(chooser, root.getScene().getWindow());
    if (file != null) {
      viewModel.setFace(slot, FaceInput.ofFile(file.toPath()));
    }
  }

  private void choosePngFile() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export the inspector as PNG");
    chooser.setInitialFileName("pair-inspector.png");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
    File file = NativeDialogs.save(chooser, root.getScene().getWindow());
    if (file != null) {
      try {
        exportPng(file.toPath());
      } catch (IOException e) {
        ErrorDialogs.show(root.getScene().getWindow(), "Export failed",
            new org.siamage.core.UserFacingException("Could not write " + file + ": " + e.getMessage(), e));
      }
    }
  }

  private void chooseJsonFile() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export every number as JSON");
    chooser.setInitialFileName("pair-inspector.json");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
    File file = NativeDialogs.save(chooser, root.getScene().getWindow());
    if (file != null) {
      try {
        viewModel.exportJson(file.toPath());
      } catch (IOException e) {
        ErrorDialogs.show(root.getScene().getWindow(), "Export failed",
            new org.siamage.core.UserFacingException("Could not write " + file + ": " + e.getMessage(), e));
      }
    }
  }

  /** Writes a PNG of the inspector as shown. Call on the FX thread. */
  public void exportPng(Path file) throws IOException {
    WritableImage image = root.snapshot(null, null);
    java.awt.image.BufferedImage buffered = SwingFXUtils.fromFXImage(image, null);
    AtomicFiles.write(file, out -> ImageIO.write(buffered, "png", out));
  }
}
