package org.siamage.ui.results;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import org.siamage.core.StopToken;
import org.siamage.service.ResultsReportExport;
import org.siamage.service.RunHistoryService;
import org.siamage.service.RunHistoryService.RunEvaluation;
import org.siamage.service.RunHistoryService.RunResults;
import org.siamage.ui.common.Workbench;

/**
 * State of the Results perspective: the run chosen in the run history, its evaluations (the test
 * split's, and any made here on another dataset), the one shown, and the paper tables. Reading,
 * evaluating and exporting run as background tasks.
 */
public final class ResultsViewModel {
  /** Report formats of {@link #export}. */
  public enum ReportFormat {
    MARKDOWN,
    HTML;

    /** HTML for {@code .html}/{@code .htm}, else Markdown. */
    public static ReportFormat of(Path file) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      return name.endsWith(".html") || name.endsWith(".htm") ? HTML : MARKDOWN;
    }
  }

  private final RunHistoryService history;
  private final Workbench workbench;
  private final ReadOnlyObjectWrapper<RunResults> results = new ReadOnlyObjectWrapper<>();
  private final ObservableList<RunEvaluation> evaluations = FXCollections.observableArrayList();
  private final ObjectProperty<RunEvaluation> evaluation = new SimpleObjectProperty<>();
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Choose a run in the run history.");
  private final ReadOnlyObjectWrapper<Path> lastExport = new ReadOnlyObjectWrapper<>();
  private final BooleanBinding canEvaluate;

  public ResultsViewModel(RunHistoryService history, Workbench workbench) {
    this.history = history;
    this.workbench = workbench;
    canEvaluate = Bindings.createBooleanBinding(
        () -> results.get() != null && results.get().summary().hasModel() && workbench.datasetProperty().get() != null,
        results, workbench.datasetProperty());
    workbench.selectedRunProperty().addListener((obs, old, run) -> load(run));
  }

  /** The shown run's results; {@code null} before a run is chosen. */
  public ReadOnlyObjectProperty<RunResults> resultsProperty() {
    return results.getReadOnlyProperty();
  }

  public ObservableList<RunEvaluation> evaluations() {
    return evaluations;
  }

  /** The evaluation whose numbers and charts are shown. */
  public ObjectProperty<RunEvaluation> evaluationProperty() {
    return evaluation;
  }

  /** What to do next, or why nothing is shown. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** Whether the run has a model and a dataset is open to evaluate it on. */
  public BooleanBinding canEvaluateProperty() {
    return canEvaluate;
  }

  /** The report written last (for tests and the status line). */
  public ReadOnlyObjectProperty<Path> lastExportProperty() {
    return lastExport.getReadOnlyProperty();
  }

  /** Reads the run's evaluations in the background; {@code null} clears the view. */
  public void load(Path run) {
    load(run, null);
  }

  private void load(Path run, String select) {
    if (run == null) {
      results.set(null);
      evaluations.clear();
      evaluation.set(null);
      message.set("Choose a run in the run history.");
      return;
    }
    Task<RunResults> task = new Task<>() {
      @Override
      protected RunResults call() {
        updateTitle("Reading results of " + run.getFileName());
        return history.results(run);
      }
    };
    workbench.tasks().submit("Reading results of " + run.getFileName(), task, loaded -> {
      if (!run.equals(workbench.selectedRunProperty().get())) {
        return; // another run was chosen meanwhile
      }
      results.set(loaded);
      evaluations.setAll(loaded.evaluations());
      RunEvaluation shown = loaded.evaluations().stream()
          .filter(candidate -> candidate.name().equals(select)).findFirst()
          .orElse(loaded.evaluations().isEmpty() ? null : loaded.evaluations().get(0));
      evaluation.set(shown);
      message.set(shown != null ? describe(loaded)
          : loaded.summary().hasModel()
              ? "This run has no evaluation yet: open a dataset in Data and choose Evaluate."
              : "This run has no final model yet (" + loaded.summary().status().name().toLowerCase(Locale.ROOT)
                  + "): resume it in Train, then its test split is evaluated.");
    });
  }

  private static String describe(RunResults loaded) {
    return loaded.summary().name() + " · " + loaded.summary().backbone() + " · "
        + loaded.summary().epochsDone() + "/" + loaded.summary().epochsPlanned() + " epochs · "
        + loaded.summary().status().name().toLowerCase(Locale.ROOT);
  }

  private final javafx.beans.property.BooleanProperty detectFaces =
      new javafx.beans.property.SimpleBooleanProperty(false);

  /**
   * Whether {@link #evaluateOnOpenDataset()} finds, aligns and crops each face as the webcam does
   * instead of taking the dataset's crops as they are (for crops framed unlike the model's).
   */
  public javafx.beans.property.BooleanProperty detectFacesProperty() {
    return detectFaces;
  }

  /**
   * Evaluates the run's model on the dataset open in the Data perspective (only its test part when
   * it is the run's own dataset); shows the new evaluation when done. Progress and Cancel are in the
   * status bar.
   */
  public Task<RunEvaluation> evaluateOnOpenDataset() {
    Path run = workbench.selectedRunProperty().get();
    Path dataset = workbench.datasetProperty().get();
    if (run == null || dataset == null) {
      throw new IllegalStateException("Evaluating needs a chosen run and an open dataset");
    }
    StopToken stop = new StopToken();
    boolean detect = detectFaces.get();
    Task<RunEvaluation> task = new Task<>() {
      @Override
      protected RunEvaluation call() {
        updateTitle("Evaluating " + run.getFileName() + " on " + dataset.getFileName());
        return history.evaluate(run, dataset, detect, (done, total, what) -> {
          updateMessage(what);
          updateProgress(done, total);
        }, stop);
      }

      @Override
      protected void cancelled() {
        stop.requestStop();
      }
    };
    return workbench.tasks().submit("Evaluating " + run.getFileName() + " on " + dataset.getFileName(), task, done -> load(run, done.name()));
  }

  /** The file name Export report offers for {@code shown}, without its extension. */
  static String exportStem(RunEvaluation shown) {
    return "evaluation-" + (shown == null ? "report" : shown.name());
  }

  /**
   * The report of the shown evaluation as the Markdown export writes it (the evaluation, one picture
   * line per chart, the paper tables with their headings one level down), or the paper tables alone
   * when no evaluation is shown; empty when there is neither. Pictures are named as the export names
   * their PNG files beside {@code exportStem(shown).md}.
   */
  String reportMarkdown(List<String> chartTitles) {
    RunEvaluation shown = evaluation.get();
    String paperTables = results.get() == null ? null : results.get().paperTables().orElse(null);
    boolean hasTables = paperTables != null && !paperTables.isBlank();
    if (shown == null) {
      return hasTables ? paperTables.strip() + "\n" : "";
    }
    return ResultsReportExport.markdown(shown.report(), hasTables ? paperTables : null, chartTitles,
        exportStem(shown));
  }

  /** The PNG file the Markdown export writes for the chart titled {@code title}. */
  static String chartFile(RunEvaluation shown, String title) {
    return ResultsReportExport.chartFile(exportStem(shown), title);
  }

  /**
   * Writes the shown evaluation as a report with its charts (and the paper tables, when the run has
   * them): Markdown with PNGs beside it, or one HTML file.
   */
  public Task<Path> export(Path file) {
    RunEvaluation shown = evaluation.get();
    if (shown == null) {
      throw new IllegalStateException("No evaluation to export");
    }
    String paperTables = results.get() == null ? null : results.get().paperTables().orElse(null);
    ReportFormat format = ReportFormat.of(file);
    Task<Path> task = new Task<>() {
      @Override
      protected Path call() {
        updateTitle("Exporting report " + file.getFileName());
        // charts of its own, drawn here: the view's charts stay with the FX thread
        List<ResultsReportExport.ChartImage> charts = ResultsCharts.images(shown.report().metrics());
        if (format == ReportFormat.HTML) {
          return ResultsReportExport.writeHtml(shown.report(), paperTables, charts, file);
        }
        List<Path> written = ResultsReportExport.writeMarkdown(shown.report(), paperTables, charts, file);
        return written.get(written.size() - 1);
      }
    };
    return workbench.tasks().submit("Exporting report " + file.getFileName(), task, written -> {
      lastExport.set(written);
      message.set("Report written to " + written.toAbsolutePath());
    });
  }
}
