package org.siamage.ui;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.siamage.service.RunHistoryService;
import org.siamage.ui.common.BackgroundTasks;
import org.siamage.ui.common.ErrorDialogs;
import org.siamage.ui.common.FaceInput;
import org.siamage.ui.common.NativeDialogs;
import org.siamage.ui.diagnostics.FxStallMonitor;
import org.siamage.ui.common.Perspective;
import org.siamage.ui.common.RecentItems;
import org.siamage.ui.common.Workbench;
import org.siamage.service.ProjectionService;
import org.siamage.ui.data.DataPerspective;
import org.siamage.ui.embeddings.EmbeddingsPerspective;
import org.siamage.ui.pairs.PairsPerspective;
import org.siamage.ui.results.ResultsPerspective;
import org.siamage.ui.results.ResultsViewModel;
import org.siamage.ui.results.RunHistoryView;
import org.siamage.ui.results.RunHistoryViewModel;
import org.siamage.ui.shell.MainWindowView;
import org.siamage.ui.train.TrainPerspective;
import org.siamage.ui.webcam.WebcamPerspective;
import org.siamage.ui.webcam.WebcamViewModel;
import org.siamage.ui.shell.MainWindowViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop application: builds the main window from the services it is given. {@link
 * #launch(DesktopServices)} starts the JavaFX runtime; tests call {@link #buildWindow} on a stage of
 * their own.
 */
public final class SiamageDesktop {
  private static final String CSS = "/org/siamage/ui/siamage.css";
  private static final String DARK_CSS = "/org/siamage/ui/dark.css";
  private static final int RECENT_ITEMS = 8;
  private static final Logger LOG = LoggerFactory.getLogger(SiamageDesktop.class);

  private final DesktopServices services;
  private final BackgroundTasks tasks;
  private final Preferences preferences;
  private Stage stage;
  private TrainPerspective train;
  private DataPerspective data;
  private EmbeddingsPerspective embeddings;
  private PairsPerspective pairs;
  private ResultsPerspective results;
  private RunHistoryViewModel runHistory;
  private WebcamPerspective webcam;
  private Workbench workbench;
  private RecentItems recentDatasets;
  private RecentItems recentRuns;

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
    long launched = System.currentTimeMillis();
    CountDownLatch closed = new CountDownLatch(1);
    Platform.setImplicitExit(false);
    Platform.startup(() -> {
      long toolkitReady = System.currentTimeMillis();
      Stage primary = new Stage();
      BackgroundTasks tasks = BackgroundTasks.reportingTitles((what, error) ->
          ErrorDialogs.show(primary, ErrorDialogs.failureTitle(what), error));
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
          } else {
            stallMonitor.report("training run");
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
      reportStartupTime(primary, window, launched, toolkitReady, System.currentTimeMillis());
      primary.show();
      keepSceneSize(primary);
    });
    closed.await();
  }

  /**
   * Logs (INFO, {@code -Dsiamage.log.level=INFO}) and shows in the status line how long after the
   * JVM started the main window drew its first frame, with the phases before it (times in
   * milliseconds since 1970): the window must appear within 3 seconds.
   */
  private static void reportStartupTime(Stage primary, MainWindowViewModel window, long launched,
      long toolkitReady, long windowBuilt) {
    primary.setOnShown(shown -> {
      Scene scene = primary.getScene();
      Runnable[] firstFrame = new Runnable[1];
      firstFrame[0] = () -> {
        scene.removePostLayoutPulseListener(firstFrame[0]);
        long now = System.currentTimeMillis();
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        String line = String.format(java.util.Locale.ROOT, "Main window shown %.2f s after the JVM started",
            (now - jvmStart) / 1000.0);
        double cpuSeconds = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() / 1e9 : Double.NaN;
        LOG.info("{}, {} s of CPU (JVM to launch {} ms, JavaFX start {} ms, window built {} ms, first frame {} ms)",
            line, String.format(java.util.Locale.ROOT, "%.2f", cpuSeconds), launched - jvmStart,
            toolkitReady - launched, windowBuilt - toolkitReady, now - windowBuilt);
        window.showMessage(line);
      };
      scene.addPostLayoutPulseListener(firstFrame[0]);
    });
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
    EmbeddingsPerspective embeddings = new EmbeddingsPerspective(
        new ProjectionService(services.datasetService(), Runtime.getRuntime().availableProcessors()), workbench,
        services.experiment().projection());
    PairsPerspective pairs = new PairsPerspective(services.pairInspectionService(), workbench);
    data.setOnInspectPair((first, second) -> workbench.inspectPair(
        FaceInput.ofDatasetFace(first.image(), first.age(), first.gender()),
        FaceInput.ofDatasetFace(second.image(), second.age(), second.gender())));
    this.train = train;
    this.data = data;
    recentDatasets = new RecentItems(preferences, "recentDatasets", RECENT_ITEMS);
    recentRuns = new RecentItems(preferences, "recentRuns", RECENT_ITEMS);
    runHistory = new RunHistoryViewModel(services.runHistory(), workbench, services.runsFolder(),
        folder -> resumeRun(folder));
    results = new ResultsPerspective(new ResultsViewModel(services.runHistory(), workbench),
        new RunHistoryView(runHistory, "run-history"));
    train.addRunHistory(new RunHistoryView(runHistory, "train-run-history"));
    List<Perspective> perspectives = List.of(data, train, embeddings, pairs, webcam, results);
    data.viewModel().datasetProperty().addListener((obs, old, dataset) ->
        workbench.datasetProperty().set(dataset == null ? null : dataset.root()));
    workbench.datasetProperty().addListener((obs, old, dataset) -> {
      if (dataset != null) {
        recentDatasets.add(dataset);
      }
    });
    followRuns(train);
    // a model just trained is the one the user wants to try next
    train.setOnModelTrained(bundle -> workbench.loadModel(bundle, null));
    List<MenuItem> fileItems = new java.util.ArrayList<>(data.fileMenuItems(() -> workbench.show("data")));
    fileItems.add(openModelItem(target));
    fileItems.add(openRecentMenu(data));
    MainWindowView view = new MainWindowView(viewModel, perspectives, tasks, fileItems, target::close);
    Scene scene = new Scene(view.root(),
        preferences.getDouble("width", 1180), preferences.getDouble("height", 760));
    applyTheme(scene, viewModel.themeProperty().get());
    viewModel.themeProperty().addListener((obs, old, theme) -> {
      applyTheme(scene, theme);
      preferences.put("theme", theme);
    });
    // which model every perspective uses, named in the title and the status bar
    viewModel.modelNameProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> workbench.modelProperty().get() == null ? ""
            : Workbench.modelName(workbench.modelProperty().get().source()), workbench.modelProperty()));
    workbench.signatureProperty().addListener((obs, old, check) -> {
      viewModel.modelSignatureProperty().set(check == null ? "" : check.label());
      viewModel.modelSignatureDetailProperty().set(check == null ? "" : check.detail());
      viewModel.modelSignatureBrokenProperty().set(check != null
          && check.status() == org.siamage.model.bundle.BundleSignatures.Status.INVALID);
      if (check != null && check.status() == org.siamage.model.bundle.BundleSignatures.Status.INVALID) {
        viewModel.showMessage(check.detail());
      }
    });
    target.titleProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> MainWindowViewModel.windowTitle(viewModel.modelNameProperty().get()), viewModel.modelNameProperty()));
    var icon = getClass().getResource("/org/siamage/assets/siamage-icon.png");
    if (icon != null) {
      target.getIcons().setAll(new javafx.scene.image.Image(icon.toExternalForm()));
    }
    target.setScene(scene);
    rememberBounds(target);
    this.webcam = webcam;
    this.embeddings = embeddings;
    this.pairs = pairs;
    // background work starts once the window has drawn: on two busy cores the engine warm-up
    // and the dataset scan would otherwise delay the first frame by seconds
    afterFirstFrame(scene, () -> {
      viewModel.warmUpEngines();
      services.sampleDataset().ifPresent(data::open);
      runHistory.refresh();
    });
    return viewModel;
  }

  /**
   * JavaFX 21 under some window managers (seen with openbox; GNOME's mutter has the same cause,
   * JDK-8316423, fixed in JavaFX 22) maps a new window at 200 × 200 whatever size its scene asks
   * for: a late configure event from the manager shrinks the scene after it was shown at its size,
   * and a new user saw a corner of the Data perspective. Asking for the scene's size once more,
   * right after the show, makes the manager keep it (measured under openbox: 200 × 200 before,
   * 1180 × 760 after); where the window was placed as asked, the request changes nothing.
   */
  static void keepSceneSize(Stage stage) {
    Platform.runLater(stage::sizeToScene);
  }

  /** Runs {@code action} on the FX thread right after the scene's first layout pulse. */
  private static void afterFirstFrame(Scene scene, Runnable action) {
    Runnable[] once = new Runnable[1];
    once[0] = () -> {
      scene.removePostLayoutPulseListener(once[0]);
      Platform.runLater(action);
    };
    scene.addPostLayoutPulseListener(once[0]);
  }

  /**
   * Keeps the run history in step with training (the run in progress shows as running, a finished
   * one appears), and replays the chosen run's metrics into the Train charts.
   */
  private void followRuns(TrainPerspective trainPerspective) {
    var trainModel = trainPerspective.viewModel();
    trainModel.runningProperty().addListener((obs, was, running) -> {
      if (running) {
        // the view model names the run folder right after it reports running
        Platform.runLater(() -> {
          String folder = trainModel.runFolderProperty().get();
          if (trainModel.runningProperty().get() && !folder.isBlank()) {
            runHistory.activeRunProperty().set(java.nio.file.Path.of(folder));
            recentRuns.add(java.nio.file.Path.of(folder));
          }
        });
      } else {
        runHistory.activeRunProperty().set(null);
      }
      runHistory.refresh();
    });
    workbench.selectedRunProperty().addListener((obs, old, run) -> {
      if (run == null) {
        return;
      }
      recentRuns.add(run);
      if (trainModel.runningProperty().get()) {
        return; // the charts show the run in progress
      }
      record Replay(RunHistoryService.RunMetrics metrics, RunHistoryService.RunSummary summary) {}
      javafx.concurrent.Task<Replay> replay = new javafx.concurrent.Task<>() {
        @Override
        protected Replay call() {
          return new Replay(services.runHistory().metrics(run, new org.siamage.core.StopToken()),
              services.runHistory().summarize(run));
        }
      };
      tasks.submit("Reading metrics of " + run.getFileName(), replay, loaded -> {
        if (!run.equals(workbench.selectedRunProperty().get())) {
          return;
        }
        var summary = loaded.summary();
        trainPerspective.replay(loaded.metrics().inOrder(), summary.epochsPlanned(), String.format(
            java.util.Locale.ROOT, "Run %s (%s): %d iterations, %d/%d epochs, %s", run.getFileName(),
            summary.backbone(), loaded.metrics().iterations().size(), loaded.metrics().epochs().size(),
            summary.epochsPlanned(), summary.status().name().toLowerCase(java.util.Locale.ROOT)));
      });
    });
  }

  private void resumeRun(java.nio.file.Path folder) {
    try {
      train.resumeRun(folder);
    } catch (RuntimeException e) {
      ErrorDialogs.show(stage, "Cannot resume " + folder.getFileName(), e);
    }
  }

  /** File > Open recent: datasets and runs opened lately (rebuilt each time it opens). */
  private javafx.scene.control.Menu openRecentMenu(DataPerspective data) {
    javafx.scene.control.Menu menu = new javafx.scene.control.Menu("Open _recent");
    menu.setId("menu-open-recent");
    Runnable rebuild = () -> {
      menu.getItems().clear();
      addRecent(menu, "Datasets", recentDatasets, path -> {
        data.open(path);
        workbench.show("data");
      });
      addRecent(menu, "Runs", recentRuns, path -> {
        workbench.selectedRunProperty().set(path);
        workbench.show("results");
      });
      MenuItem clear = new MenuItem("Clear recent");
      clear.setOnAction(event -> {
        recentDatasets.clear();
        recentRuns.clear();
      });
      menu.getItems().addAll(new javafx.scene.control.SeparatorMenuItem(), clear);
    };
    menu.setOnShowing(event -> rebuild.run());
    rebuild.run();
    return menu;
  }

  private static void addRecent(javafx.scene.control.Menu menu, String heading, RecentItems items,
      java.util.function.Consumer<java.nio.file.Path> open) {
    MenuItem title = new MenuItem(heading);
    title.setDisable(true);
    menu.getItems().add(title);
    List<java.nio.file.Path> paths = items.list();
    if (paths.isEmpty()) {
      MenuItem none = new MenuItem("  (none)");
      none.setDisable(true);
      menu.getItems().add(none);
    }
    for (java.nio.file.Path path : paths) {
      // no underscore mnemonics: folder names often contain underscores
      MenuItem item = new MenuItem("  " + path);
      item.setMnemonicParsing(false);
      item.setOnAction(event -> open.accept(path));
      menu.getItems().add(item);
    }
  }

  /** Datasets opened lately (for tests). */
  public RecentItems recentDatasets() {
    return recentDatasets;
  }

  /** Runs chosen or trained lately (for tests). */
  public RecentItems recentRuns() {
    return recentRuns;
  }

  /** The Data perspective (for tests). */
  public DataPerspective dataPerspective() {
    return data;
  }

  /** The Results perspective (for tests). */
  public ResultsPerspective resultsPerspective() {
    return results;
  }

  /** The run history both run lists show (for tests). */
  public RunHistoryViewModel runHistory() {
    return runHistory;
  }

  /** What the perspectives share: current model, dataset, pair requests (for tests). */
  public Workbench workbench() {
    return workbench;
  }

  /** The Embeddings perspective (for tests). */
  public EmbeddingsPerspective embeddingsPerspective() {
    return embeddings;
  }

  /** The Pair inspector (for tests). */
  public PairsPerspective pairsPerspective() {
    return pairs;
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
      java.io.File chosen = NativeDialogs.open(chooser, owner);
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
