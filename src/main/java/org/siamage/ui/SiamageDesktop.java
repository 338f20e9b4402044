package org.siamage.ui;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.siamage.ui.common.BackgroundTasks;
import org.siamage.ui.common.ErrorDialogs;
import org.siamage.ui.common.FxStallMonitor;
import org.siamage.ui.common.Perspective;
import org.siamage.ui.common.Workbench;
import org.siamage.ui.data.DataPerspective;
import org.siamage.ui.shell.MainWindowView;
import org.siamage.ui.train.TrainPerspective;
import org.siamage.ui.webcam.WebcamPerspective;
import org.siamage.ui.webcam.WebcamViewModel;
import org.siamage.ui.shell.MainWindowViewModel;

/**
 * The desktop application: builds the main window from the services it is given. {@link
 * #launch(DesktopServices)} starts the JavaFX runtime; tests call {@link #buildWindow} on a stage of
 * their own.
 */
public final class SiamageDesktop {
  private static final String CSS = "/org/siamage/ui/siamage.css";
  private static final String DARK_CSS = "/org/siamage/ui/dark.css";

  private final DesktopServices services;
  private final BackgroundTasks tasks;
  private final Preferences preferences;
  private Stage stage;
  private TrainPerspective train;
  private WebcamPerspective webcam;
  private Workbench workbench;

  public SiamageDesktop(DesktopServices services, BackgroundTasks tasks, Preferences preferences) {
    this.services = services;
    this.tasks = tasks;
    this.preferences = preferences;
  }

  /**
   * Starts JavaFX and shows the main window; returns when the window has closed (its background
   * work cancelled). The caller then ends the process.
   */
  public static void launch(DesktopServices services) throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Platform.setImplicitExit(false);
    Platform.startup(() -> {
      Stage primary = new Stage();
      BackgroundTasks tasks = new BackgroundTasks(error ->
          ErrorDialogs.show(primary, "Operation failed", error));
      SiamageDesktop desktop = new SiamageDesktop(services, tasks,
          Preferences.userRoot().node("org/siamage/desktop"));
      MainWindowViewModel window = desktop.buildWindow(primary);
      FxStallMonitor stallMonitor = new FxStallMonitor();
      if (FxStallMonitor.enabled()) {
        stallMonitor.summaryProperty().addListener((obs, old, text) -> window.showMessage(text));
        // measure each training run on its own: start-up and view building are not training stalls
        desktop.trainPerspective().viewModel().runningProperty().addListener((obs, was, running) -> {
          if (running) {
            stallMonitor.reset();
          }
        });
        stallMonitor.start();
      }
      primary.setOnHidden(event -> {
        if (FxStallMonitor.enabled()) {
          stallMonitor.stop();
        }
        tasks.close();
        // exiting the toolkit here, while the window is still being hidden, breaks glass; the
        // launcher's caller ends the process once this latch opens
        closed.countDown();
      });
      primary.show();
    });
    closed.await();
  }

  /** Fills {@code stage} with the main window and starts the engine warm-up. */
  public MainWindowViewModel buildWindow(Stage target) {
    this.stage = target;
    MainWindowViewModel viewModel = new MainWindowViewModel(services.warmupService(), tasks);
    viewModel.themeProperty().set(preferences.get("theme", "light"));
    workbench = new Workbench(services.modelService(), tasks, viewModel.perspectiveProperty());
    DataPerspective data = new DataPerspective(services.datasetService(), tasks, viewModel,
        services.experiment().preprocessing());
    TrainPerspective train = new TrainPerspective(services.trainingService(), tasks, services.experiment(),
        services.runsFolder());
    WebcamPerspective webcam = new WebcamPerspective(
        new WebcamViewModel(services.webcamService(), tasks, workbench));
    target.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, event -> webcam.viewModel().shutdown());
    List<Perspective> perspectives = List.of(data, train, webcam);
    data.viewModel().datasetProperty().addListener((obs, old, dataset) ->
        workbench.datasetProperty().set(dataset == null ? null : dataset.root()));
    List<MenuItem> fileItems = new java.util.ArrayList<>(data.fileMenuItems());
    fileItems.add(openModelItem(target));
    MainWindowView view = new MainWindowView(viewModel, perspectives, tasks, fileItems, target::close);
    Scene scene = new Scene(view.root(),
        preferences.getDouble("width", 1180), preferences.getDouble("height", 760));
    applyTheme(scene, viewModel.themeProperty().get());
    viewModel.themeProperty().addListener((obs, old, theme) -> {
      applyTheme(scene, theme);
      preferences.put("theme", theme);
    });
    target.setTitle("Siamage");
    var icon = getClass().getResource("/org/siamage/assets/siamage-icon.png");
    if (icon != null) {
      target.getIcons().setAll(new javafx.scene.image.Image(icon.toExternalForm()));
    }
    target.setScene(scene);
    rememberBounds(target);
    viewModel.warmUpEngines();
    services.sampleDataset().ifPresent(data::open);
    this.train = train;
    this.webcam = webcam;
    return viewModel;
  }

  /** What the perspectives share: current model, dataset, pair requests (for tests). */
  public Workbench workbench() {
    return workbench;
  }

  /** The Webcam perspective (for tests). */
  public WebcamPerspective webcamPerspective() {
    return webcam;
  }

  /** The Train perspective (for tests). */
  public TrainPerspective trainPerspective() {
    return train;
  }

  private MenuItem openModelItem(Stage owner) {
    MenuItem openModel = new MenuItem("Open _model…");
    openModel.setAccelerator(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.M,
        javafx.scene.input.KeyCombination.SHORTCUT_DOWN));
    openModel.setOnAction(event -> {
      javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
      chooser.setTitle("Open a Siamage model");
      chooser.getExtensionFilters().add(
          new javafx.stage.FileChooser.ExtensionFilter("Siamage model (*.siamage)", "*.siamage"));
      java.io.File chosen = chooser.showOpenDialog(owner);
      if (chosen != null) {
        workbench.loadModel(chosen.toPath(), null);
      }
    });
    return openModel;
  }

  private void applyTheme(Scene scene, String theme) {
    scene.getStylesheets().setAll(Objects.requireNonNull(getClass().getResource(CSS)).toExternalForm());
    if ("dark".equals(theme)) {
      scene.getStylesheets().add(Objects.requireNonNull(getClass().getResource(DARK_CSS)).toExternalForm());
    }
  }

  private void rememberBounds(Stage target) {
    double x = preferences.getDouble("x", Double.NaN);
    double y = preferences.getDouble("y", Double.NaN);
    if (!Double.isNaN(x) && !Double.isNaN(y)) {
      target.setX(x);
      target.setY(y);
    }
    target.setOnCloseRequest(event -> {
      preferences.putDouble("x", target.getX());
      preferences.putDouble("y", target.getY());
      preferences.putDouble("width", target.getScene().getWidth());
      preferences.putDouble("height", target.getScene().getHeight());
    });
  }

  public Stage stage() {
    return stage;
  }
}
