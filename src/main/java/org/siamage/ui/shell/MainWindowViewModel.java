package org.siamage.ui.shell;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;
import org.siamage.service.WarmupService;
import org.siamage.ui.common.BackgroundTasks;

/** State of the main window: which perspective is shown, engine readiness, model in use, theme. */
public final class MainWindowViewModel {
  private final ReadOnlyStringWrapper engineStatus = new ReadOnlyStringWrapper("Engines: starting…");
  private final ReadOnlyStringWrapper statusMessage = new ReadOnlyStringWrapper("");
  private final StringProperty perspective = new SimpleStringProperty("data");
  private final StringProperty theme = new SimpleStringProperty("light");
  private final StringProperty modelName = new SimpleStringProperty("");
  private final StringProperty modelSignature = new SimpleStringProperty("");
  private final StringProperty modelSignatureDetail = new SimpleStringProperty("");
  private final javafx.beans.property.BooleanProperty modelSignatureBroken =
      new javafx.beans.property.SimpleBooleanProperty(false);
  private final WarmupService warmupService;
  private final BackgroundTasks tasks;

  public MainWindowViewModel(WarmupService warmupService, BackgroundTasks tasks) {
    this.warmupService = warmupService;
    this.tasks = tasks;
  }

  /** Loads ND4J and OpenCV in the background so the window appears at once. */
  public void warmUpEngines() {
    Task<String> warmup = new Task<>() {
      @Override
      protected String call() {
        updateMessage("OpenCV");
        String openCv = warmupService.warmUpOpenCv();
        updateProgress(1, 2);
        updateMessage("ND4J");
        String nd4j = warmupService.warmUpNd4j();
        updateProgress(2, 2);
        return nd4j + " · " + openCv;
      }
    };
    warmup.setOnFailed(event -> {
      String problem = WarmupService.backendProblem(warmup.getException());
      engineStatus.set(problem != null ? problem : "Engines failed to start (see details)");
    });
    tasks.submit("Starting engines", warmup, engineStatus::set);
  }

  public ReadOnlyStringProperty engineStatusProperty() {
    return engineStatus.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusMessageProperty() {
    return statusMessage.getReadOnlyProperty();
  }

  public void showMessage(String message) {
    statusMessage.set(message);
  }

  public StringProperty perspectiveProperty() {
    return perspective;
  }

  /** Name of the model every perspective uses ("" when none is loaded), shown in title and status bar. */
  public StringProperty modelNameProperty() {
    return modelName;
  }

  /**
   * Whether the model in use is signed, in a few words ("signed by lab", "unsigned", "signature
   * does not match"; "" without a model), shown beside its name in the status bar.
   */
  public StringProperty modelSignatureProperty() {
    return modelSignature;
  }

  /** One sentence on the signature (who signed, or what is wrong), for the status bar's tooltip. */
  public StringProperty modelSignatureDetailProperty() {
    return modelSignatureDetail;
  }

  /** True when the model's signature does not match it: the status bar then shows it as a warning. */
  public javafx.beans.property.BooleanProperty modelSignatureBrokenProperty() {
    return modelSignatureBroken;
  }

  /** "Siamage — model NAME", or "Siamage" without a model. */
  public static String windowTitle(String modelName) {
    return modelName == null || modelName.isEmpty() ? "Siamage" : "Siamage — model " + modelName;
  }

  public StringProperty themeProperty() {
    return theme;
  }
}
