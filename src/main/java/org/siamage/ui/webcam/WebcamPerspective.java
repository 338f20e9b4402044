package org.siamage.ui.webcam;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.siamage.capture.CameraProbe;
import org.siamage.capture.DisplayFrame;
import org.siamage.capture.FrameAnalysis;
import org.siamage.capture.LiveFace;
import org.siamage.capture.Resolution;
import org.siamage.capture.SourceSpec;
import org.siamage.core.AtomicFiles;
import org.siamage.ui.common.ErrorDialogs;
import org.siamage.ui.common.FaceInput;
import org.siamage.ui.common.NativeDialogs;
import org.siamage.ui.common.Perspective;

/**
 * The Webcam perspective: live age and gender from a camera, a video file, an image folder or a
 * network stream. A timer pulls the newest processed frame at display rate (never more often than
 * the screen refreshes) and draws it with its boxes; all grabbing, detection and estimation run on
 * the pipeline's threads. Kiosk mode opens the picture alone, full screen, with large labels and a
 * notice that estimates can be wrong; Esc leaves it. Privacy mode (always on in kiosk mode) lets no
 * picture leave this perspective.
 */
public final class WebcamPerspective implements Perspective {
  static final String KIOSK_NOTICE = "Age and gender are a computer's guess and can be wrong, especially for"
      + " children. Nothing is recorded.";
  private static final long STATS_INTERVAL_NANOS = 250_000_000L;

  private enum SourceKind {
    CAMERA("Camera"), VIDEO("Video file"), FOLDER("Image folder (slideshow)"), STREAM("Network stream");

    private final String title;

    SourceKind(String title) {
      this.title = title;
    }

    @Override
    public String toString() {
      return title;
    }
  }

  private final WebcamViewModel viewModel;
  private final BorderPane root = new BorderPane();
  private final LiveView liveView = new LiveView(false);
  private final ChoiceBox<SourceKind> sourceKind = new ChoiceBox<>();
  private final ComboBox<CameraProbe.CameraInfo> camera = new ComboBox<>();
  private final TextField cameraIndex = new TextField("0");
  private final TextField path = new TextField();
  private final TextField url = new TextField();
  private final CheckBox loop = new CheckBox("Loop");
  private final ChoiceBox<Resolution> resolution = new ChoiceBox<>();
  private final Label message = new Label();
  private final Label stats = new Label("Stopped.");
  private final Label faces = new Label("0 faces");
  private Stage kioskStage;
  private LiveView kioskView;
  private long lastStatsNanos;
  private boolean camerasProbed;

  public WebcamPerspective(WebcamViewModel viewModel) {
    this.viewModel = viewModel;
    build();
    new AnimationTimer() {
      @Override
      public void handle(long now) {
        drawLatest(now);
      }
    }.start();
  }

  public WebcamViewModel viewModel() {
    return viewModel;
  }

  @Override
  public String title() {
    return "Webcam";
  }

  @Override
  public String id() {
    return "webcam";
  }

  @Override
  public Node view() {
    if (!camerasProbed) {
      camerasProbed = true;
      viewModel.probeCameras();
    }
    return root;
  }

  /** The labels drawn on the picture now (for tests). */
  public List<String> shownLabels() {
    return (kioskView != null ? kioskView : liveView).labels();
  }

  /** True while the kiosk window is open. */
  public boolean kioskOpen() {
    return kioskStage != null && kioskStage.isShowing();
  }

  private void build() {
    root.setId("webcam");
    root.setPadding(new Insets(10));
    liveView.setId("webcam-view");
    message.setId("webcam-message");
    message.setWrapText(true);
    stats.setId("webcam-stats");
    faces.setId("webcam-faces");
    faces.getStyleClass().add("webcam-face-count");
    VBox top = new VBox(8, sourceBar(), modelBanner(), message);
    top.setPadding(new Insets(0, 0, 8, 0));
    root.setTop(top);
    root.setCenter(liveView);
    HBox bottom = new HBox(12, faces, stats);
    bottom.setAlignment(Pos.CENTER_LEFT);
    bottom.setPadding(new Insets(8, 0, 0, 0));
    root.setBottom(bottom);
    viewModel.messageProperty().addListener((obs, old, text) -> showMessage());
    viewModel.toneProperty().addListener((obs, old, tone) -> showMessage());
    viewModel.statsProperty().addListener((obs, old, text) -> stats.setText(text));
    viewModel.faceCountProperty().addListener((obs, old, count) ->
        faces.setText(count.intValue() + (count.intValue() == 1 ? " face" : " faces")));
    viewModel.overlayMessageProperty().addListener((obs, old, text) -> {
      liveView.setMessage(text);
      if (kioskView != null) {
        kioskView.setMessage(text.isEmpty() ? "" : "Step in front of the camera");
      }
    });
    viewModel.runningProperty().addListener((obs, was, running) -> {
      if (!running && viewModel.privacyProperty().get()) {
        liveView.clear(); // privacy: the last picture does not linger on screen
      }
    });
    viewModel.kioskProperty().addListener((obs, was, on) -> {
      if (on) {
        openKiosk();
      } else {
        closeKiosk();
      }
    });
    root.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
      if (event.getCode() == KeyCode.F11) {
        viewModel.kioskProperty().set(true);
        event.consume();
      }
    });
    showMessage();
  }

  private Node sourceBar() {
    sourceKind.setId("webcam-source");
    sourceKind.getItems().setAll(SourceKind.values());
    sourceKind.setValue(SourceKind.CAMERA);
    camera.setId("webcam-camera");
    camera.setItems(viewModel.cameras());
    camera.setPromptText("no camera found");
    camera.setPrefWidth(190);
    cameraIndex.setId("webcam-camera-index");
    cameraIndex.setPrefColumnCount(2);
    cameraIndex.setTooltip(new Tooltip("Camera index to open when the list is empty (0 = first camera)"));
    viewModel.cameras().addListener((javafx.collections.ListChangeListener<CameraProbe.CameraInfo>) change -> {
      if (!viewModel.cameras().isEmpty()) {
        camera.setValue(viewModel.cameras().get(0));
      }
    });
    Button find = new Button("Find cameras");
    find.setId("webcam-find-cameras");
    find.disableProperty().bind(viewModel.probingProperty());
    find.setOnAction(event -> viewModel.probeCameras());
    path.setId("webcam-path");
    path.setPromptText("video file or image folder");
    path.setPrefColumnCount(26);
    Button browse = new Button("Browse…");
    browse.setId("webcam-browse");
    browse.setOnAction(event -> browse());
    url.setId("webcam-url");
    url.setPromptText("rtsp://camera.local/stream or http://…/video.mjpg");
    url.setPrefColumnCount(28);
    loop.setId("webcam-loop");
    loop.setSelected(true);
    resolution.setId("webcam-resolution");
    resolution.getItems().setAll(Resolution.CHOICES);
    resolution.setValue(new Resolution(640, 480));
    resolution.setTooltip(new Tooltip("Frame size asked of the source; smaller is faster"));
    HBox cameraControls = new HBox(6, camera, new Label("or index"), cameraIndex, find);
    HBox fileControls = new HBox(6, path, browse, loop);
    HBox streamControls = new HBox(6, url);
    for (HBox box : List.of(cameraControls, fileControls, streamControls)) {
      box.setAlignment(Pos.CENTER_LEFT);
    }
    StackPane choice = new StackPane(cameraControls, fileControls, streamControls);
    choice.setAlignment(Pos.CENTER_LEFT);
    Runnable showChoice = () -> {
      SourceKind kind = sourceKind.getValue();
      cameraControls.setVisible(kind == SourceKind.CAMERA);
      fileControls.setVisible(kind == SourceKind.VIDEO || kind == SourceKind.FOLDER);
      streamControls.setVisible(kind == SourceKind.STREAM);
    };
    sourceKind.valueProperty().addListener((obs, old, kind) -> showChoice.run());
    showChoice.run();

    Button start = new Button("Start");
    start.setId("webcam-start");
    start.setDefaultButton(true);
    start.setTooltip(new Tooltip("Start (Ctrl+Enter)"));
    start.setOnAction(event -> startChosen());
    Button stop = new Button("Stop");
    stop.setId("webcam-stop");
    stop.disableProperty().bind(viewModel.runningProperty().not());
    stop.setOnAction(event -> viewModel.stop());
    Button snapshot = new Button("Inspect face");
    snapshot.setId("webcam-snapshot");
    snapshot.setTooltip(new Tooltip("Send the largest face to the Pair inspector (kept in memory only; off in"
        + " privacy mode)"));
    snapshot.disableProperty().bind(viewModel.faceCountProperty().isEqualTo(0).or(viewModel.privacyProperty()));
    snapshot.setOnAction(event -> snapshotFace());
    Button save = new Button("Save frame…");
    save.setId("webcam-save");
    save.setTooltip(new Tooltip("Write the picture with its labels as PNG (off in privacy mode)"));
    save.disableProperty().bind(viewModel.privacyProperty());
    save.setOnAction(event -> saveFrame());
    CheckBox privacy = new CheckBox("Privacy");
    privacy.setId("webcam-privacy");
    privacy.setTooltip(new Tooltip("No picture leaves this view (no saving, no inspecting); clear it when stopped."
        + " Always on in kiosk mode"));
    privacy.selectedProperty().bindBidirectional(viewModel.privacyProperty());
    Button kiosk = new Button("Kiosk");
    kiosk.setId("webcam-kiosk");
    kiosk.setTooltip(new Tooltip("Full screen, large labels, no controls (F11; Esc leaves)"));
    kiosk.setOnAction(event -> viewModel.kioskProperty().set(true));
    root.sceneProperty().addListener((obs, old, scene) -> {
      if (scene != null) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), () -> {
          if (root.getScene() != null && root.isVisible() && root.getParent() != null) {
            startChosen();
          }
        });
      }
    });
    Label sourceLabel = new Label("Source");
    sourceLabel.setMinWidth(Label.USE_PREF_SIZE);
    Label sizeLabel = new Label("Size");
    sizeLabel.setMinWidth(Label.USE_PREF_SIZE);
    HBox sources = new HBox(8, sourceLabel, sourceKind, choice, sizeLabel, resolution);
    sources.setAlignment(Pos.CENTER_LEFT);
    HBox.setHgrow(choice, Priority.ALWAYS);
    HBox actions = new HBox(8, start, stop, snapshot, save, privacy, kiosk);
    actions.setAlignment(Pos.CENTER_LEFT);
    for (var node : actions.getChildren()) {
      ((javafx.scene.control.Control) node).setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE);
    }
    return new VBox(8, sources, actions);
  }

  private Node modelBanner() {
    Label text = new Label("No model loaded: faces get boxes, but no age or gender.");
    Button open = new Button("Open model…");
    open.setId("webcam-open-model");
    open.setOnAction(event -> {
      FileChooser chooser = new FileChooser();
      chooser.setTitle("Open a Siamage model");
      chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Siamage model (*.siamage)", "*.siamage"));
      File chosen = NativeDialogs.open(chooser, window());
      if (chosen != null) {
        viewModel.workbench().loadModel(chosen.toPath(), null);
      }
    });
    Button train = new Button("Train the sample model…");
    train.setId("webcam-train-sample");
    train.setTooltip(new Tooltip("Opens the Train perspective; the sample data set trains in a few minutes,"
        + " then open its model.siamage here"));
    train.setOnAction(event -> viewModel.workbench().show("train"));
    HBox banner = new HBox(10, text, open, train);
    banner.setId("webcam-model-banner");
    banner.setAlignment(Pos.CENTER_LEFT);
    banner.getStyleClass().add("notice");
    banner.setPadding(new Insets(6, 10, 6, 10));
    banner.setStyle("-fx-background-color: rgba(255, 193, 7, 0.18); -fx-background-radius: 4;");
    banner.visibleProperty().bind(viewModel.workbench().modelProperty().isNull());
    banner.managedProperty().bind(banner.visibleProperty());
    return banner;
  }

  private void showMessage() {
    message.setText(viewModel.messageProperty().get());
    message.setVisible(!message.getText().isEmpty());
    message.setManaged(message.isVisible());
    String colour = switch (viewModel.toneProperty().get()) {
      case ERROR -> "#c62828";
      case WARNING -> "#b26a00";
      default -> "-fx-text-base-color";
    };
    message.setStyle("-fx-text-fill: " + colour + "; -fx-font-weight: "
        + (viewModel.toneProperty().get() == WebcamViewModel.Tone.INFO ? "normal" : "bold") + ";");
  }

  private void startChosen() {
    SourceSpec spec;
    try {
      spec = chosenSource();
    } catch (IllegalArgumentException e) {
      viewModel.warn(e.getMessage());
      return;
    }
    if (spec != null) {
      viewModel.start(spec);
    }
  }

  /** The source described by the controls, or null with a message when something is missing. */
  SourceSpec chosenSource() {
    Resolution size = resolution.getValue() == null ? Resolution.NATIVE : resolution.getValue();
    switch (sourceKind.getValue()) {
      case CAMERA -> {
        CameraProbe.CameraInfo chosen = camera.getValue();
        int index;
        if (chosen != null) {
          index = chosen.index();
        } else {
          try {
            index = Integer.parseInt(cameraIndex.getText().strip());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Camera index must be a whole number, was '" + cameraIndex.getText()
                + "'");
          }
        }
        return new SourceSpec.Camera(index, size);
      }
      case VIDEO, FOLDER -> {
        if (path.getText().isBlank()) {
          viewModel.warn("Choose a " + (sourceKind.getValue() == SourceKind.VIDEO ? "video file" : "folder of images")
              + " first (Browse…).");
          return null;
        }
        Path chosen = Path.of(path.getText().strip());
        return sourceKind.getValue() == SourceKind.VIDEO
            ? new SourceSpec.VideoFile(chosen, loop.isSelected(), true, size)
            : new SourceSpec.ImageFolder(chosen, 3, loop.isSelected(), size);
      }
      default -> {
        if (url.getText().isBlank()) {
          viewModel.warn("Enter the stream's address first (rtsp://…, http://…).");
          return null;
        }
        return new SourceSpec.NetworkStream(url.getText().strip(), size);
      }
    }
  }

  /** Sets the controls to play a video file (used by tests and by drag-and-drop callers). */
  public void chooseVideo(Path file, boolean loopIt) {
    sourceKind.setValue(SourceKind.VIDEO);
    path.setText(file.toString());
    loop.setSelected(loopIt);
    resolution.setValue(Resolution.NATIVE);
  }

  private void browse() {
    if (sourceKind.getValue() == SourceKind.FOLDER) {
      DirectoryChooser chooser = new DirectoryChooser();
      chooser.setTitle("Folder of face images");
      File chosen = NativeDialogs.folder(chooser, window());
      if (chosen != null) {
        path.setText(chosen.toString());
      }
    } else {
      sourceKind.setValue(SourceKind.VIDEO);
      FileChooser chooser = new FileChooser();
      chooser.setTitle("Video file");
      chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Videos", "*.mp4", "*.avi", "*.mkv", "*.mov",
          "*.webm", "*.mpg"));
      File chosen = NativeDialogs.open(chooser, window());
      if (chosen != null) {
        path.setText(chosen.toString());
      }
    }
  }

  private void drawLatest(long now) {
    DisplayFrame frame = viewModel.takeLatestFrame();
    if (frame == null) {
      return;
    }
    (kioskView != null ? kioskView : liveView).show(frame);
    if (now - lastStatsNanos >= STATS_INTERVAL_NANOS) {
      lastStatsNanos = now;
      viewModel.describe(frame.analysis());
    }
  }

  /** Crops the largest face of the picture on screen and opens it in the Pair inspector. */
  private void snapshotFace() {
    if (viewModel.privacyProperty().get()) {
      return; // the button is off too; this also covers a call from elsewhere
    }
    LiveView shown = kioskView != null ? kioskView : liveView;
    FrameAnalysis analysis = shown.shownAnalysis();
    int[] pixels = shown.shownPixels();
    if (analysis == null || pixels == null || analysis.faces().isEmpty()) {
      viewModel.warn("No face to inspect: wait until a box appears.");
      return;
    }
    LiveFace largest = analysis.faces().stream()
        .max((a, b) -> Integer.compare(a.width() * a.height(), b.width() * b.height())).orElseThrow();
    byte[] png = facePng(pixels, analysis.width(), analysis.height(), largest);
    String label = "Webcam snapshot " + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
    viewModel.inform(label + " sent to the Pair inspector (kept in memory only).");
    viewModel.workbench().inspectPair(FaceInput.ofImageBytes(label, png), null);
  }

  /** The face with a quarter of its side as margin, clipped to the frame, as PNG bytes. */
  static byte[] facePng(int[] pixels, int width, int height, LiveFace face) {
    int margin = face.width() / 4;
    int left = Math.max(0, face.x() - margin);
    int top = Math.max(0, face.y() - margin);
    int right = Math.min(width, face.x() + face.width() + margin);
    int bottom = Math.min(height, face.y() + face.height() + margin);
    BufferedImage crop = new BufferedImage(Math.max(1, right - left), Math.max(1, bottom - top),
        BufferedImage.TYPE_INT_RGB);
    crop.setRGB(0, 0, crop.getWidth(), crop.getHeight(), pixels, top * width + left, width);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(crop, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }

  private void saveFrame() {
    if (viewModel.privacyProperty().get()) {
      return;
    }
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Save the picture as PNG");
    chooser.setInitialFileName("webcam.png");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
    File chosen = NativeDialogs.save(chooser, window());
    if (chosen == null) {
      return;
    }
    var image = liveView.snapshot(null, null);
    BufferedImage buffered = javafx.embed.swing.SwingFXUtils.fromFXImage(image, null);
    try {
      AtomicFiles.write(chosen.toPath(), out -> ImageIO.write(buffered, "png", out));
      viewModel.inform("Saved " + chosen);
    } catch (IOException e) {
      ErrorDialogs.show(window(), "Cannot save the picture", e);
    }
  }

  private void openKiosk() {
    if (kioskStage != null) {
      return;
    }
    kioskView = new LiveView(true);
    kioskView.setId("webcam-kiosk-view");
    kioskView.setMessage(viewModel.overlayMessageProperty().get().isEmpty() ? "" : "Step in front of the camera");
    Label notice = new Label(KIOSK_NOTICE);
    notice.setId("webcam-kiosk-notice");
    notice.setWrapText(true);
    notice.setStyle("-fx-text-fill: white; -fx-font-size: 22px; -fx-padding: 14 24 14 24;"
        + " -fx-background-color: rgba(0,0,0,0.7);");
    notice.setMaxWidth(Double.MAX_VALUE);
    Label faceCount = new Label();
    faceCount.textProperty().bind(faces.textProperty());
    faceCount.setStyle("-fx-text-fill: white; -fx-font-size: 28px; -fx-padding: 12 24 12 24;");
    BorderPane kioskRoot = new BorderPane(kioskView);
    kioskRoot.setTop(faceCount);
    kioskRoot.setBottom(notice);
    kioskRoot.setStyle("-fx-background-color: #101214;");
    Stage stage = new Stage();
    stage.setTitle("Siamage");
    Window owner = window();
    if (owner != null) {
      stage.initOwner(owner);
    }
    Scene scene = new Scene(kioskRoot, 1024, 700);
    scene.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
      if (event.getCode() == KeyCode.ESCAPE) {
        viewModel.kioskProperty().set(false);
        event.consume();
      }
    });
    stage.setScene(scene);
    // no exit-hint overlay: its fade animation outlives a quickly closed stage (a JavaFX 21 NPE);
    // operators learn Esc from the Kiosk button's tooltip
    stage.setFullScreenExitHint("");
    stage.setFullScreen(true);
    stage.fullScreenProperty().addListener((obs, was, full) -> {
      if (!full) {
        viewModel.kioskProperty().set(false);
      }
    });
    stage.setOnHidden(event -> viewModel.kioskProperty().set(false));
    kioskStage = stage;
    stage.show();
  }

  private void closeKiosk() {
    Stage stage = kioskStage;
    kioskStage = null;
    kioskView = null;
    if (stage != null) {
      stage.hide();
    }
  }

  private Window window() {
    return root.getScene() == null ? null : root.getScene().getWindow();
  }
}
