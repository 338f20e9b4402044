package org.siamage.ui.results;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import org.siamage.service.RunHistoryService;
import org.siamage.service.RunHistoryService.RunSummary;
import org.siamage.ui.common.Workbench;

/**
 * The list of past runs in the runs folder. Choosing one sets the workbench's selected run, which
 * the Train perspective replays and the Results perspective evaluates. Shared by the run history
 * lists of both perspectives.
 */
public final class RunHistoryViewModel {
  private final RunHistoryService history;
  private final Workbench workbench;
  private final Path runsFolder;
  private final ObservableList<RunSummary> runs = FXCollections.observableArrayList();
  private final ObjectProperty<Path> activeRun = new SimpleObjectProperty<>();
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final Consumer<Path> resumer;

  /**
   * @param resumer continues an interrupted run (the Train perspective's resume)
   */
  public RunHistoryViewModel(RunHistoryService history, Workbench workbench, Path runsFolder,
      Consumer<Path> resumer) {
    this.history = history;
    this.workbench = workbench;
    this.runsFolder = runsFolder;
    this.resumer = resumer;
  }

  /** The runs, newest first; {@link #refresh()} changes only the rows that differ. */
  public ObservableList<RunSummary> runs() {
    return runs;
  }

  /** The run folder being trained now, shown as "running"; {@code null} when none. */
  public ObjectProperty<Path> activeRunProperty() {
    return activeRun;
  }

  /** A line about the list: how many runs, or why there are none. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  public Path runsFolder() {
    return runsFolder;
  }

  /** Lists the runs folder again in the background. */
  public Task<List<RunSummary>> refresh() {
    Task<List<RunSummary>> task = new Task<>() {
      @Override
      protected List<RunSummary> call() {
        updateTitle("Listing runs");
        return history.list(runsFolder);
      }
    };
    return workbench.tasks().submit("Listing runs", task, found -> {
      org.siamage.ui.common.ListUpdates.replaceChanged(runs, found);
      message.set(found.isEmpty() ? "No runs in " + runsFolder + " yet"
          : found.size() + (found.size() == 1 ? " run in " : " runs in ") + runsFolder);
    });
  }

  /** The run whose charts and evaluation the perspectives show; {@code null} for none. */
  public ObjectProperty<Path> selectedRunProperty() {
    return workbench.selectedRunProperty();
  }

  public void select(RunSummary run) {
    workbench.selectedRunProperty().set(run == null ? null : run.folder());
  }

  /** Loads the run's final model as the workbench model. */
  public void openModel(RunSummary run) {
    workbench.loadModel(new org.siamage.train.RunFolder(run.folder()).model(),
        model -> message.set("Model of " + run.name() + " loaded"));
  }

  /** Continues an interrupted run in the Train perspective. */
  public void resume(RunSummary run) {
    resumer.accept(run.folder());
    workbench.show("train");
  }

  /** Puts the run folder's absolute path on the clipboard. */
  public void copyPath(RunSummary run) {
    ClipboardContent content = new ClipboardContent();
    content.putString(run.folder().toAbsolutePath().toString());
    Clipboard.getSystemClipboard().setContent(content);
    message.set("Copied " + run.folder().toAbsolutePath());
  }

  /** The status column: running, finished, interrupted or failed. */
  public String statusText(RunSummary run) {
    Path active = activeRun.get();
    if (active != null && active.toAbsolutePath().normalize().equals(run.folder().toAbsolutePath().normalize())) {
      return "running";
    }
    return run.status().name().toLowerCase(Locale.ROOT);
  }
}
