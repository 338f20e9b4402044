package org.siamage.ui.embeddings;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import javafx.stage.DirectoryChooser;
import org.siamage.config.ProjectionConfig;
import org.siamage.core.StopToken;
import org.siamage.data.Gender;
import org.siamage.embed.ProjectionMethod;
import org.siamage.embed.Projector;
import org.siamage.infer.FaceModel;
import org.siamage.service.AgeColourMap;
import org.siamage.service.ProjectionService;
import org.siamage.ui.common.FaceInput;
import org.siamage.ui.common.NativeDialogs;
import org.siamage.ui.common.Perspective;
import org.siamage.ui.common.Workbench;

/**
 * The Embeddings perspective: the faces of the open dataset, embedded by the current model and
 * projected to 2-D (PCA preview or t-SNE, animated while it converges), coloured by true or
 * predicted age or by error, marker by gender; hover shows the face, a click selects, two selected
 * faces go to the Pair inspector, a lasso summarises a group; the paper's toy example; drift across
 * a run's checkpoints.
 */
public final class EmbeddingsPerspective implements Perspective {
  /** Faces the toy example takes (spanning the ages), as in the paper's small MORPH map. */
  public static final int TOY_FACES = 1000;
  /** Faces projected at most unless asked otherwise: t-SNE of a whole large dataset takes minutes. */
  static final int DEFAULT_MAX_FACES = 2000;
  private static final int NO_LIMIT = 1_000_000;
  private static final long FRAME_NANOS = 50_000_000L;

  private final ProjectionService projections;
  private final Workbench workbench;
  private final ProjectionConfig defaults;
  private final EmbeddingsViewModel model = new EmbeddingsViewModel();
  private final ScatterCanvas scatter = new ScatterCanvas();
  private final BorderPane root = new BorderPane();
  private final ChoiceBox<String> method = new ChoiceBox<>();
  private final Spinner<Integer> maxFaces = new Spinner<>(0, NO_LIMIT, DEFAULT_MAX_FACES, 500);
  private final Spinner<Integer> perplexity = new Spinner<>(2, 100, 20, 5);
  private final Spinner<Integer> iterations = new Spinner<>(250, 100_000, 1000, 250);
  private final Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, 42, 1);
  private final ChoiceBox<EmbeddingsViewModel.ColourBy> colourBy = new ChoiceBox<>();
  private final Spinner<Integer> minimumAge = new Spinner<>(0, 120, 0, 5);
  private final Spinner<Integer> maximumAge = new Spinner<>(0, 120, 120, 5);
  private final ChoiceBox<String> gender = new ChoiceBox<>();
  private final ChoiceBox<String> split = new ChoiceBox<>();
  private final TextField search = new TextField();
  private final Label count = new Label("no map yet");
  private final Label hint = new Label();
  private final ImageView hoverImage = new ImageView();
  private final Label hoverLabel = new Label("Point at a face to see it.");
  private final Label selectionLabel = new Label("Click a face to select it; Shift-click a second one.");
  private final Button compare = new Button("Compare in Pair inspector");
  private final Label lassoLabel = new Label("Shift-drag (or Lasso) to summarise a group.");
  private final Label qualityLabel = new Label();
  private final Slider driftSlider = new Slider(0, 0, 0);
  private final Label driftLabel = new Label("Drift: project every checkpoint of a run.");
  private final Button play = new Button("Play");
  private final Button project = new Button("Project");
  private final Button toy = new Button("Toy example");
  private final Button export = new Button("Export…");
  private final Button drift = new Button("Drift of run…");
  private final Map<Path, Image> thumbnails = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Path, Image> eldest) {
      return size() > 64;
    }
  };
  private final AtomicReference<double[]> pendingLayout = new AtomicReference<>();
  private final List<ProjectionService.DriftFrame> driftFrames = new ArrayList<>();
  private ProjectionService.Drift driftResult;
  private Task<?> running;
  private AnimationTimer animation;
  /** The open dataset's usable faces once a projection has told (-1 before). */
  private int availableFaces = -1;
  /** Max faces as asked before it was lowered to the dataset's faces; restored for another dataset. */
  private int askedFaces = DEFAULT_MAX_FACES;
  /** Whether the map shows a projection of the open dataset (not a run's drift). */
  private boolean mapOfDataset;
  /** Set while Max faces is bounded by the dataset, not by the user. */
  private boolean boundingMaxFaces;

  public EmbeddingsPerspective(ProjectionService projections, Workbench workbench, ProjectionConfig defaults) {
    this.projections = projections;
    this.workbench = workbench;
    this.defaults = defaults;
    build();
  }

  @Override
  public String title() {
    return "Embeddings";
  }

  @Override
  public String id() {
    return "embeddings";
  }

  @Override
  public Node view() {
    return root;
  }

  private void build() {
    root.setId("embeddings-perspective");
    hint.setId("embeddings-hint");
    hint.setWrapText(true);
    VBox top = new VBox(6, projectionControls(), filterControls(), hint);
    top.setPadding(new Insets(8));
    root.setTop(top);

    scatter.setId("embeddings-canvas");
    scatter.overlay(this::drawLegend);
    root.setCenter(scatter);

    root.setRight(sidePanel());
    wireViewModel();
    registerShortcuts();
    animation = layoutAnimation();
  }

  /** The first toolbar row: project, toy example, cancel, t-SNE settings, export, drift. */
  private FlowPane projectionControls() {
    method.getItems().setAll("t-SNE", "PCA");
    method.setValue("t-SNE");
    method.setId("embeddings-method");
    perplexity.getValueFactory().setValue((int) Math.round(defaults.perplexity()));
    iterations.getValueFactory().setValue(defaults.iterations());
    seed.getValueFactory().setValue((int) defaults.seed());
    for (Spinner<Integer> spinner : List.of(maxFaces, perplexity, iterations, seed, minimumAge, maximumAge)) {
      spinner.setEditable(true);
      spinner.setPrefWidth(90);
    }
    maxFaces.setId("embeddings-max-faces");
    maxFaces.setTooltip(new Tooltip("Project at most this many faces of the dataset, spanning the ages"
        + " (0: all); the count line says how many were embedded"));
    // a cap, not a count: 0 reads "all", and once known the dataset's own number bounds it
    maxFaces.getValueFactory().setConverter(new javafx.util.StringConverter<>() {
      @Override
      public String toString(Integer value) {
        return value == null ? "" : value == 0 ? "all" : Integer.toString(value);
      }

      @Override
      public Integer fromString(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("all")) {
          return 0;
        }
        try {
          return Integer.parseInt(trimmed.replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
          return maxFaces.getValue();
        }
      }
    });
    maxFaces.valueProperty().addListener((obs, old, value) -> {
      if (!boundingMaxFaces) {
        askedFaces = value;
      }
    });
    iterations.setId("embeddings-iterations");
    perplexity.setId("embeddings-perplexity");
    seed.setId("embeddings-seed");
    project.setId("embeddings-project");
    project.setDefaultButton(false);
    project.setTooltip(new Tooltip("Embed the open dataset with the current model and project it (Ctrl+Enter)"));
    project.setOnAction(event -> projectDataset(maxFaces.getValue(), method.getValue().equals("PCA")
        ? ProjectionMethod.PCA : null));
    toy.setId("embeddings-toy");
    toy.setTooltip(new Tooltip("The paper's figure: t-SNE of " + TOY_FACES + " faces spanning the ages,"
        + " coloured by age, marker by gender, with its k-NN and trustworthiness numbers"));
    toy.setOnAction(event -> {
      colourBy.setValue(EmbeddingsViewModel.ColourBy.TRUE_AGE);
      projectDataset(TOY_FACES, null);
    });
    export.setId("embeddings-export");
    export.setTooltip(new Tooltip("Write the map as PNG and SVG figures and a CSV of coordinates with labels"));
    export.setOnAction(event -> chooseExportFolder());
    drift.setId("embeddings-drift");
    drift.setOnAction(event -> chooseRunForDrift());
    Button cancel = new Button("Cancel");
    cancel.setId("embeddings-cancel");
    cancel.setOnAction(event -> {
      if (running != null) {
        running.cancel();
      }
    });

    FlowPane actions = new FlowPane(8, 6, project, toy, cancel, new Separator(), labelled("Method", method),
        labelled("Max faces", maxFaces), labelled("Perplexity", perplexity), labelled("Iterations", iterations),
        labelled("Seed", seed), new Separator(), export, drift);
    actions.setAlignment(Pos.CENTER_LEFT);

    return actions;
  }

  /** The second toolbar row: colouring and the filters of the shown points. */
  private FlowPane filterControls() {
    Button fit = new Button("Fit");
    fit.setTooltip(new Tooltip("Show all points (F)"));
    fit.setOnAction(event -> {
      scatter.fit();
      scatter.redraw();
    });
    ToggleButton lassoMode = new ToggleButton("Lasso");
    lassoMode.setId("embeddings-lasso-mode");
    lassoMode.selectedProperty().addListener((obs, old, on) -> scatter.setLassoMode(on));
    colourBy.getItems().setAll(EmbeddingsViewModel.ColourBy.values());
    colourBy.setValue(EmbeddingsViewModel.ColourBy.TRUE_AGE);
    colourBy.setId("embeddings-colour-by");
    gender.getItems().setAll("all", "female", "male");
    gender.setValue("all");
    gender.setId("embeddings-gender");
    split.getItems().setAll("all");
    split.setValue("all");
    split.setId("embeddings-split");
    minimumAge.setId("embeddings-min-age");
    maximumAge.setId("embeddings-max-age");
    search.setId("embeddings-search");
    search.setPromptText("file name");
    count.setId("embeddings-count");
    HBox ages = labelled("Age", minimumAge);
    ages.getChildren().addAll(fixed(new Label("to")), maximumAge);
    FlowPane filters = new FlowPane(8, 6, labelled("Colour by", colourBy), ages, labelled("Gender", gender),
        labelled("Split", split), labelled("Search", search), lassoMode, fit, count);
    filters.setAlignment(Pos.CENTER_LEFT);
    return filters;
  }

  /** The right column: hovered face, selection, lasso, map quality, and the drift player below. */
  private javafx.scene.layout.BorderPane sidePanel() {
    hoverImage.setId("embeddings-hover-image");
    hoverImage.setFitWidth(128);
    hoverImage.setFitHeight(128);
    hoverImage.setPreserveRatio(true);
    hoverLabel.setId("embeddings-hover-label");
    selectionLabel.setId("embeddings-selection");
    compare.setId("embeddings-compare");
    compare.setDisable(true);
    compare.setTooltip(new Tooltip("Open the two selected faces in the Pair inspector (Ctrl+P)"));
    compare.setOnAction(event -> comparePair());
    lassoLabel.setId("embeddings-lasso");
    qualityLabel.setId("embeddings-quality");
    driftSlider.setId("embeddings-drift-slider");
    driftSlider.setMajorTickUnit(1);
    driftSlider.setMinorTickCount(0);
    driftSlider.setSnapToTicks(true);
    driftSlider.setShowTickMarks(true);
    driftSlider.setDisable(true);
    driftSlider.valueProperty().addListener((obs, old, value) -> showDriftFrame((int) Math.round(value.doubleValue())));
    driftLabel.setId("embeddings-drift-label");
    play.setId("embeddings-play");
    play.setDisable(true);
    play.setOnAction(event -> playDrift());
    for (Label label : List.of(hoverLabel, selectionLabel, lassoLabel, qualityLabel, driftLabel)) {
      label.setWrapText(true);
      label.setMaxWidth(250);
      // a wrapping label in a VBox needs its full height, or it is cut with an ellipsis
      label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    }
    VBox side = new VBox(8, sectionTitle("Face"), hoverImage, hoverLabel, new Separator(), sectionTitle("Selection"),
        selectionLabel, compare, new Separator(), sectionTitle("Lasso"), lassoLabel, new Separator(),
        sectionTitle("Map quality"), qualityLabel);
    side.setPadding(new Insets(8));
    javafx.scene.control.ScrollPane sideScroll = new javafx.scene.control.ScrollPane(side);
    sideScroll.setFitToWidth(true);
    sideScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
    sideScroll.setMinHeight(0);
    // the drift controls stay in view below the scrolled sections: last in the column they were cut
    HBox.setHgrow(driftSlider, javafx.scene.layout.Priority.ALWAYS);
    driftSlider.setMaxWidth(Double.MAX_VALUE);
    play.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    HBox driftControls = new HBox(6, play, driftSlider);
    driftControls.setAlignment(Pos.CENTER_LEFT);
    VBox driftBox = new VBox(6, sectionTitle("Drift"), driftLabel, driftControls);
    driftBox.setId("embeddings-drift-box");
    driftBox.setPadding(new Insets(8));
    driftBox.setStyle("-fx-border-color: derive(-fx-base, -15%) transparent transparent transparent;");
    driftBox.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    javafx.scene.layout.BorderPane sidePanel = new javafx.scene.layout.BorderPane(sideScroll);
    sidePanel.setBottom(driftBox);
    sidePanel.setPrefWidth(290);
    sidePanel.setMinWidth(250);
    return sidePanel;

  }

  /** Scatter events, filters and the model and dataset the buttons need. */
  private void wireViewModel() {
    scatter.onHover(this::hovered);
    scatter.onSelection(this::selected);
    scatter.onLasso(inside -> lassoLabel.setText(model.describeGroup(inside)));
    colourBy.valueProperty().addListener((obs, old, by) -> {
      model.colourBy(by);
      restyle();
    });
    for (var property : List.of(minimumAge.valueProperty(), maximumAge.valueProperty(), gender.valueProperty(),
        split.valueProperty(), search.textProperty())) {
      property.addListener((obs, old, value) -> refilter());
    }
    project.disableProperty().bind(Bindings.createBooleanBinding(
        () -> workbench.modelProperty().get() == null || workbench.datasetProperty().get() == null,
        workbench.modelProperty(), workbench.datasetProperty()));
    toy.disableProperty().bind(project.disableProperty());
    export.setDisable(true);
    workbench.modelProperty().addListener((obs, old, loaded) -> updateHint());
    workbench.datasetProperty().addListener((obs, old, dataset) -> {
      updateHint();
      forgetAvailableFaces();
    });
    updateHint();
  }

  /** Ctrl+Enter projects and Ctrl+P compares, while this perspective is shown. */
  private void registerShortcuts() {
    root.sceneProperty().addListener((obs, old, scene) -> {
      if (scene != null) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN),
            () -> {
              if (isShowing() && !project.isDisabled()) {
                project.fire();
              }
            });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN),
            () -> {
              if (isShowing() && !compare.isDisabled()) {
                compare.fire();
              }
            });
      }
    });
  }

  /** Moves the points to the latest layout the running t-SNE published, at most once a frame. */
  private AnimationTimer layoutAnimation() {
    return new AnimationTimer() {
      private long last;

      @Override
      public void handle(long now) {
        if (now - last < FRAME_NANOS) {
          return;
        }
        last = now;
        double[] layout = pendingLayout.getAndSet(null);
        if (layout != null && model.faces() != null && layout.length == 2 * model.faces().size()) {
          model.moveTo(layout);
          scatter.setCoordinates(layout);
        }
      }
    };
  }

  private boolean isShowing() {
    return root.getScene() != null && root.isVisible();
  }

  /** A control with its label, kept on one line when the toolbar wraps. */
  private static HBox labelled(String text, Node control) {
    HBox pair = new HBox(4, fixed(new Label(text)), control);
    pair.setAlignment(Pos.CENTER_LEFT);
    pair.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    return pair;
  }

  private static Label fixed(Label label) {
    label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    return label;
  }

  /**
   * Notes what an embedding of at most {@code requested} faces told about the dataset: with all its
   * faces known, Max faces cannot exceed them (a 1,000-face dataset does not read "2000").
   */
  /** Bounds Max faces by the open dataset's usable faces, now that a projection has counted them. */
  private void noteEmbedded(int available) {
    availableFaces = available;
    var factory = (javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory) maxFaces.getValueFactory();
    boundingMaxFaces = true;
    factory.setMax(Math.max(available, 1));
    if (factory.getValue() > available) {
      factory.setValue(available);
    }
    boundingMaxFaces = false;
  }

  /** Another dataset: its faces are unknown again, and Max faces goes back to what was asked. */
  private void forgetAvailableFaces() {
    availableFaces = -1;
    var factory = (javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory) maxFaces.getValueFactory();
    boundingMaxFaces = true;
    factory.setMax(NO_LIMIT);
    factory.setValue(askedFaces);
    boundingMaxFaces = false;
  }

  /** The open dataset's usable faces, once a projection has told; -1 before (tests). */
  int availableFaces() {
    return availableFaces;
  }

  private static Label sectionTitle(String text) {
    Label label = new Label(text);
    label.setStyle("-fx-font-weight: bold");
    return label;
  }

  private void updateHint() {
    FaceModel loaded = workbench.modelProperty().get();
    Path dataset = workbench.datasetProperty().get();
    if (loaded == null && dataset == null) {
      hint.setText("Load a model (File > Open model…, Ctrl+M) and open a dataset in Data to project its faces.");
    } else if (loaded == null) {
      hint.setText("Load a model (File > Open model…, Ctrl+M) to embed " + dataset.getFileName() + ".");
    } else if (dataset == null) {
      hint.setText("Open a dataset in Data to embed it with " + Workbench.modelName(loaded.source()) + ".");
    } else {
      hint.setText("Model " + Workbench.modelName(loaded.source()) + " · dataset " + dataset.getFileName()
          + " · drag to pan, wheel to zoom, Shift-drag for a lasso, Ctrl+Enter to project.");
    }
  }

  private ProjectionConfig config() {
    return new ProjectionConfig(defaults.method(), perplexity.getValue(), iterations.getValue(), defaults.exactLimit(),
        seed.getValue());
  }

  /** Embeds and projects the open dataset with the current model, animating the layout. */
  public Task<ProjectionService.ProjectedFaces> projectDataset(int faces, ProjectionMethod chosen) {
    FaceModel loaded = workbench.modelProperty().get();
    Path dataset = workbench.datasetProperty().get();
    if (loaded == null || dataset == null) {
      updateHint();
      return null;
    }
    ProjectionConfig config = config();
    StopToken stop = new StopToken();
    Task<ProjectionService.ProjectedFaces> task = new Task<>() {
      @Override
      protected ProjectionService.ProjectedFaces call() {
        updateTitle("Projecting " + dataset.getFileName());
        ProjectionService.EmbeddedFaces embedded = projections.embed(loaded, dataset, faces, config.seed(), null,
            (done, total, message) -> {
              updateMessage(message);
              updateProgress(done, total);
            }, stop);
        Platform.runLater(() -> {
          noteEmbedded(embedded.datasetFaces());
          showFaces(embedded);
        });
        Projector.Projection projection = projections.project(embedded, config, chosen, null, 10,
            (iteration, total, layout) -> pendingLayout.set(layout), (done, total, message) -> {
              updateMessage(message);
              updateProgress(done, total);
            }, stop);
        updateMessage("measuring the map");
        ProjectionService.MapQuality quality = projections.quality(embedded, projection.coordinates(), config.seed());
        return new ProjectionService.ProjectedFaces(embedded, projection, quality, config);
      }

      @Override
      protected void cancelled() {
        stop.requestStop();
      }
    };
    running = task;
    // the animation polls for streamed layouts only while a projection runs (no idle pulses)
    animation.start();
    task.runningProperty().addListener((obs, was, now) -> {
      if (!now) {
        animation.stop();
      }
    });
    return workbench.tasks().submit("Projecting " + dataset.getFileName(), task, result -> {
      noteEmbedded(result.faces().datasetFaces());
      showResult(result);
    });
  }

  /** Shows the faces at the PCA start while t-SNE runs (the layout then animates). */
  private void showFaces(ProjectionService.EmbeddedFaces embedded) {
    if (model.faces() == embedded) {
      return; // the finished map is already shown (a synchronous task runner)
    }
    mapOfDataset = true;
    model.show(new ProjectionService.ProjectedFaces(embedded, projections.pcaPreview(embedded),
        new ProjectionService.MapQuality(0, Double.NaN, Double.NaN, Double.NaN, -1), config()));
    refreshSplits();
    scatter.setPoints(model.coordinates(), model.colours(), model.markers(), true);
    refilter();
    qualityLabel.setText("projecting…");
  }

  /** Shows a finished projection (also used by tests and the drift view). */
  public void showResult(ProjectionService.ProjectedFaces result) {
    pendingLayout.set(null);
    mapOfDataset = true;
    model.show(result);
    refreshSplits();
    scatter.setPoints(model.coordinates(), model.colours(), model.markers(), true);
    refilter();
    export.setDisable(false);
    Projector.Projection projection = result.projection();
    qualityLabel.setText(String.format(Locale.ROOT, "%s of %d faces in %.1f s%s%n%s",
        projection.method().configName(), result.faces().size(), projection.millis() / 1000.0,
        Double.isNaN(projection.klDivergence()) ? "" : String.format(Locale.ROOT, ", KL %.3f",
            projection.klDivergence()), result.quality().describe()));
  }

  private void refreshSplits() {
    List<String> present = new ArrayList<>(List.of("all"));
    present.addAll(model.splits());
    if (!split.getItems().equals(present)) {
      String current = split.getValue();
      split.getItems().setAll(present);
      split.setValue(present.contains(current) ? current : "all");
    }
  }

  private void restyle() {
    if (model.faces() == null) {
      return;
    }
    scatter.setStyle(model.colours(), model.visible(), model.searchMatches());
  }

  private void refilter() {
    Gender wanted = switch (gender.getValue() == null ? "all" : gender.getValue()) {
      case "female" -> Gender.FEMALE;
      case "male" -> Gender.MALE;
      default -> null;
    };
    String splitValue = split.getValue() == null || split.getValue().equals("all") ? "" : split.getValue();
    model.filter(new EmbeddingsViewModel.Filter(minimumAge.getValue(), maximumAge.getValue(), wanted, splitValue,
        search.getText() == null ? "" : search.getText()));
    restyle();
    if (model.faces() != null) {
      int matches = 0;
      for (boolean match : model.searchMatches()) {
        if (match) {
          matches++;
        }
      }
      boolean searching = search.getText() != null && !search.getText().isBlank();
      count.setText(EmbeddingsViewModel.countText(model.visibleCount(), model.faces().size(), availableFaces,
          searching ? matches : -1, mapOfDataset));
    }
  }

  private void hovered(int index) {
    if (index < 0 || model.faces() == null) {
      return;
    }
    hoverLabel.setText(model.describeFace(index));
    Path file = model.image(index);
    Image thumbnail = thumbnails.computeIfAbsent(file, path -> Files.isRegularFile(path)
        ? new Image(path.toUri().toString(), 128, 128, true, true, true) : null);
    hoverImage.setImage(thumbnail);
  }

  private void selected(List<Integer> indices) {
    if (indices.isEmpty() || model.faces() == null) {
      selectionLabel.setText("Click a face to select it; Shift-click a second one.");
      compare.setDisable(true);
      return;
    }
    List<String> lines = new ArrayList<>();
    for (int i : indices) {
      lines.add(model.describeFace(i));
    }
    selectionLabel.setText(String.join("\n\n", lines));
    compare.setDisable(indices.size() != 2);
    hovered(indices.get(indices.size() - 1));
  }

  private void comparePair() {
    List<Integer> selection = scatter.selection();
    if (selection.size() != 2 || model.faces() == null) {
      return;
    }
    ProjectionService.EmbeddedFaces faces = model.faces();
    int a = selection.get(0);
    int b = selection.get(1);
    workbench.inspectPair(FaceInput.ofDatasetFace(faces.images().get(a), faces.ages()[a], faces.genders()[a]),
        FaceInput.ofDatasetFace(faces.images().get(b), faces.ages()[b], faces.genders()[b]));
  }

  private void chooseExportFolder() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Export the map (PNG, SVG, CSV)");
    File folder = NativeDialogs.folder(chooser, root.getScene() == null ? null : root.getScene().getWindow());
    if (folder != null) {
      exportTo(folder.toPath());
    }
  }

  /**
   * Writes {@code embedding.png}, {@code embedding.svg} and {@code embedding.csv} (coordinates with
   * labels) of the map shown into {@code folder}.
   */
  public List<Path> exportTo(Path folder) {
    ProjectionService.ProjectedFaces shown = model.projected();
    if (shown == null) {
      return List.of();
    }
    List<Path> written = new ArrayList<>();
    Path csv = folder.resolve("embedding.csv");
    projections.writeCsv(csv, shown.faces(), model.coordinates());
    written.add(csv);
    FaceModel loaded = workbench.modelProperty().get();
    String title = "Embedding" + (loaded == null ? "" : " of " + Workbench.modelName(loaded.source()))
        + (workbench.datasetProperty().get() == null ? "" : " on " + workbench.datasetProperty().get().getFileName());
    ProjectionService.ProjectedFaces current = new ProjectionService.ProjectedFaces(shown.faces(),
        new Projector.Projection(shown.projection().method(), model.coordinates(), shown.projection().klDivergence(),
            shown.projection().millis()), shown.quality(), shown.config());
    written.addAll(projections.writeFigure(current, title, folder.resolve("embedding.png"),
        folder.resolve("embedding.svg")));
    qualityLabel.setText(qualityLabel.getText() + "\nExported to " + folder);
    return written;
  }

  private void chooseRunForDrift() {
    Path run = workbench.selectedRunProperty().get();
    FaceModel loaded = workbench.modelProperty().get();
    if (run == null && loaded != null && loaded.source().toAbsolutePath().getParent() != null
        && Files.isDirectory(loaded.source().toAbsolutePath().getParent().resolve("checkpoints"))) {
      run = loaded.source().toAbsolutePath().getParent();
    }
    if (run == null) {
      DirectoryChooser chooser = new DirectoryChooser();
      chooser.setTitle("Choose a run folder (with checkpoints/)");
      File folder = NativeDialogs.folder(chooser, root.getScene() == null ? null : root.getScene().getWindow());
      if (folder == null) {
        return;
      }
      run = folder.toPath();
    }
    projectDrift(run);
  }

  /** Projects every checkpoint of {@code run} on the open dataset, each aligned to the previous map. */
  public Task<ProjectionService.Drift> projectDrift(Path run) {
    Path dataset = workbench.datasetProperty().get();
    if (dataset == null) {
      hint.setText("Open a dataset in Data first: the drift view projects its faces with every checkpoint.");
      return null;
    }
    ProjectionConfig config = config();
    int faces = maxFaces.getValue();
    StopToken stop = new StopToken();
    driftFrames.clear();
    Task<ProjectionService.Drift> task = new Task<>() {
      @Override
      protected ProjectionService.Drift call() {
        updateTitle("Drift of " + run.getFileName());
        return projections.drift(run, dataset, faces, config, (frame, index, frames) ->
            Platform.runLater(() -> {
              // a late progress line must not overwrite the label of the first frame, shown on success
              if (!isDone()) {
                driftLabel.setText("projected " + frame.label() + " (" + (index + 1) + " of " + frames + ")");
              }
            }), (done, total, message) -> {
                  updateMessage(message);
                  updateProgress(done, total);
                }, stop);
      }

      @Override
      protected void cancelled() {
        stop.requestStop();
      }
    };
    running = task;
    return workbench.tasks().submit("Drift of " + run.getFileName(), task, this::showDrift);
  }

  private void showDrift(ProjectionService.Drift result) {
    driftResult = result;
    driftFrames.clear();
    driftFrames.addAll(result.frames());
    driftSlider.setMax(Math.max(0, driftFrames.size() - 1));
    driftSlider.setDisable(driftFrames.size() < 2);
    play.setDisable(driftFrames.size() < 2);
    driftSlider.setValue(0);
    showDriftFrame(0);
  }

  private void showDriftFrame(int index) {
    if (driftResult == null || index < 0 || index >= driftFrames.size()) {
      return;
    }
    mapOfDataset = false; // a run's probe faces, perhaps not the dataset's
    ProjectionService.DriftFrame frame = driftFrames.get(index);
    ProjectionService.EmbeddedFaces faces = driftResult.faces();
    model.show(new ProjectionService.ProjectedFaces(faces, new Projector.Projection(
        ProjectionMethod.resolve(defaults.method(), faces.size(), defaults.exactLimit()), frame.coordinates(),
        Double.NaN, 0), frame.quality(), config()));
    refreshSplits();
    scatter.setPoints(model.coordinates(), model.colours(), model.markers(), index == 0);
    refilter();
    export.setDisable(false);
    driftLabel.setText(frame.label() + " (" + (index + 1) + " of " + driftFrames.size() + ")");
    qualityLabel.setText(frame.label() + ": " + frame.quality().describe());
  }

  /** Plays the drift: glides from each checkpoint's map to the next. */
  private void playDrift() {
    if (driftFrames.size() < 2) {
      return;
    }
    driftSlider.setValue(0);
    AnimationTimer player = new AnimationTimer() {
      private long start = -1;

      @Override
      public void handle(long now) {
        if (start < 0) {
          start = now;
        }
        double position = (now - start) / 1e9; // one frame per second
        int from = (int) Math.floor(position);
        if (from >= driftFrames.size() - 1) {
          stop();
          driftSlider.setValue(driftFrames.size() - 1);
          showDriftFrame(driftFrames.size() - 1);
          return;
        }
        double t = position - from;
        double[] a = driftFrames.get(from).coordinates();
        double[] b = driftFrames.get(from + 1).coordinates();
        double[] mix = new double[a.length];
        for (int c = 0; c < a.length; c++) {
          mix[c] = a[c] + (b[c] - a[c]) * t;
        }
        model.moveTo(mix);
        scatter.setCoordinates(mix);
        driftLabel.setText(driftFrames.get(from).label() + " → " + driftFrames.get(from + 1).label());
      }
    };
    player.start();
  }

  /** Colour bar on the right edge of the plot: the colour map with its range and what it shows. */
  private void drawLegend() {
    if (model.faces() == null) {
      return;
    }
    GraphicsContext g = scatter.graphics();
    double width = scatter.getWidth();
    double height = scatter.getHeight();
    double x = width - 60;
    double top = 30;
    double bottom = Math.max(top + 40, height - 40);
    double[] range = model.colourRange();
    int steps = 64;
    double step = (bottom - top) / steps;
    for (int s = 0; s < steps; s++) {
      int rgb = AgeColourMap.rgb(1 - (s + 0.5) / steps);
      g.setFill(Color.rgb((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255));
      g.fillRect(x, top + s * step, 14, step + 1);
    }
    g.setStroke(Color.GRAY);
    g.setLineWidth(1);
    g.strokeRect(x, top, 14, bottom - top);
    g.setFill(Color.BLACK);
    g.setTextAlign(TextAlignment.LEFT);
    g.setTextBaseline(VPos.CENTER);
    g.fillText(String.format(Locale.ROOT, "%.0f", range[1]), x + 18, top);
    g.fillText(String.format(Locale.ROOT, "%.0f", (range[0] + range[1]) / 2), x + 18, (top + bottom) / 2);
    g.fillText(String.format(Locale.ROOT, "%.0f", range[0]), x + 18, bottom);
    g.setTextAlign(TextAlignment.CENTER);
    g.fillText(model.colourBy() + " (years)", x - 20, top - 16);
    g.fillText(model.markerLegend(), x - 70, bottom + 22);
  }

  EmbeddingsViewModel viewModelForTests() {
    return model;
  }

  /** The canvas (tests). */
  ScatterCanvas scatter() {
    return scatter;
  }
}
