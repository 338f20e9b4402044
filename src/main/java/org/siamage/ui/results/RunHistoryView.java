package org.siamage.ui.results;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.siamage.service.RunHistoryService.RunStatus;
import org.siamage.service.RunHistoryService.RunSummary;

/**
 * The run history: one row per past run (name, start, backbone, epochs, best validation MAE,
 * status) and its actions. Several views may show one {@link RunHistoryViewModel}; the selection
 * follows the workbench's selected run in all of them.
 */
public final class RunHistoryView extends VBox {
  private static final DateTimeFormatter STARTED =
      DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

  private final RunHistoryViewModel viewModel;
  private final TableView<RunSummary> table = new TableView<>();

  /** @param idPrefix prefix of the node ids, so two lists in one window stay distinguishable */
  public RunHistoryView(RunHistoryViewModel viewModel, String idPrefix) {
    this.viewModel = viewModel;
    setId(idPrefix);
    setSpacing(6);
    setPadding(new Insets(0, 8, 0, 0));
    Label title = new Label("Run history");
    title.getStyleClass().add("section-title");
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    Button refresh = new Button("Refresh");
    refresh.setId(idPrefix + "-refresh");
    refresh.getStyleClass().add("small");
    refresh.setOnAction(event -> viewModel.refresh());
    HBox header = new HBox(6, title, spacer, refresh);

    table.setId(idPrefix + "-table");
    table.setItems(viewModel.runs());
    table.setPlaceholder(new Label("No runs yet: start one in Train"));
    // fixed column widths with a horizontal scroll bar: squeezed columns would cut every value
    table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    table.getColumns().add(column("Run", 140, RunSummary::name));
    table.getColumns().add(column("Started", 98, run -> STARTED.format(run.started())));
    table.getColumns().add(column("Backbone", 126, RunSummary::backbone));
    table.getColumns().add(column("Epochs", 54, run -> run.epochsDone() + "/" + run.epochsPlanned()));
    table.getColumns().add(column("Val MAE", 62, run -> Double.isFinite(run.bestValidationMae())
        ? String.format(Locale.ROOT, "%.2f", run.bestValidationMae()) : "–"));
    // the status cell follows the active run itself: a table refresh would rebuild every cell
    TableColumn<RunSummary, String> status = new TableColumn<>("Status");
    status.setPrefWidth(78);
    status.setCellValueFactory(cell -> Bindings.createStringBinding(
        () -> viewModel.statusText(cell.getValue()), viewModel.activeRunProperty()));
    table.getColumns().add(status);
    table.setRowFactory(view -> {
      TableRow<RunSummary> row = new TableRow<>() {
        // one tooltip per row, re-texted: creating a tooltip builds a popup window, too slow per update
        private final Tooltip message = new Tooltip();

        @Override
        protected void updateItem(RunSummary run, boolean empty) {
          super.updateItem(run, empty);
          boolean hasMessage = !empty && run != null && !run.message().isEmpty();
          message.setText(hasMessage ? run.message() : "");
          setTooltip(hasMessage ? message : null);
          getStyleClass().removeAll("run-failed", "run-interrupted");
          if (!empty && run != null && run.status() != RunStatus.FINISHED) {
            getStyleClass().add(run.status() == RunStatus.FAILED ? "run-failed" : "run-interrupted");
          }
        }
      };
      return row;
    });
    VBox.setVgrow(table, Priority.ALWAYS);

    Button openModel = new Button("Open model");
    openModel.setId(idPrefix + "-open-model");
    openModel.setTooltip(new Tooltip("Use this run's final model in every perspective"));
    Button resume = new Button("Resume");
    resume.setId(idPrefix + "-resume");
    resume.setTooltip(new Tooltip("Continue this interrupted run from its last finished epoch"));
    Button copy = new Button("Copy path");
    copy.setId(idPrefix + "-copy-path");
    copy.setTooltip(new Tooltip("Copy the run folder's path to the clipboard"));
    for (Button button : new Button[] {openModel, resume, copy}) {
      button.getStyleClass().add("small");
    }
    openModel.setOnAction(event -> ifSelected(viewModel::openModel));
    resume.setOnAction(event -> ifSelected(viewModel::resume));
    copy.setOnAction(event -> ifSelected(viewModel::copyPath));
    Runnable updateButtons = () -> {
      RunSummary run = table.getSelectionModel().getSelectedItem();
      openModel.setDisable(run == null || !run.hasModel());
      resume.setDisable(run == null || !run.resumable() || viewModel.activeRunProperty().get() != null);
      copy.setDisable(run == null);
    };
    table.getSelectionModel().selectedItemProperty().addListener((obs, old, run) -> {
      updateButtons.run();
      if (run != null && !Objects.equals(run.folder(), viewModel.selectedRunProperty().get())) {
        viewModel.select(run);
      }
    });
    viewModel.activeRunProperty().addListener((obs, old, run) -> updateButtons.run());
    updateButtons.run();
    MenuItem openItem = new MenuItem("Open model");
    openItem.setOnAction(openModel.getOnAction());
    MenuItem resumeItem = new MenuItem("Resume run");
    resumeItem.setOnAction(resume.getOnAction());
    MenuItem copyItem = new MenuItem("Copy folder path");
    copyItem.setOnAction(copy.getOnAction());
    table.setContextMenu(new ContextMenu(openItem, resumeItem, copyItem));
    openItem.disableProperty().bind(openModel.disableProperty());
    resumeItem.disableProperty().bind(resume.disableProperty());
    copyItem.disableProperty().bind(copy.disableProperty());

    // the workbench's run (chosen here, in the other list, or from File > Open recent) is selected
    viewModel.selectedRunProperty().addListener((obs, old, folder) -> selectFolder(folder));
    viewModel.runs().addListener((javafx.collections.ListChangeListener<RunSummary>) change ->
        selectFolder(viewModel.selectedRunProperty().get()));

    Label message = new Label();
    message.setId(idPrefix + "-message");
    message.getStyleClass().add("summary-caption");
    message.setWrapText(true);
    message.textProperty().bind(viewModel.messageProperty());
    getChildren().addAll(header, table, new HBox(6, openModel, resume, copy), message);
  }

  private void selectFolder(Path folder) {
    RunSummary selected = table.getSelectionModel().getSelectedItem();
    if (folder == null || (selected != null && selected.folder().equals(folder))) {
      return;
    }
    for (RunSummary run : viewModel.runs()) {
      if (run.folder().toAbsolutePath().normalize().equals(folder.toAbsolutePath().normalize())) {
        table.getSelectionModel().select(run);
        table.scrollTo(run);
        return;
      }
    }
  }

  private void ifSelected(java.util.function.Consumer<RunSummary> action) {
    RunSummary run = table.getSelectionModel().getSelectedItem();
    if (run != null) {
      action.accept(run);
    }
  }

  public TableView<RunSummary> table() {
    return table;
  }

  private static TableColumn<RunSummary, String> column(String title, double width,
      Function<RunSummary, String> value) {
    TableColumn<RunSummary, String> column = new TableColumn<>(title);
    column.setPrefWidth(width);
    column.setCellValueFactory(cell -> (ObservableValue<String>) new ReadOnlyStringWrapper(
        value.apply(cell.getValue())));
    return column;
  }
}
