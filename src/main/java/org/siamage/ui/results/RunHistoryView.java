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
import org.siamage.config.ConfigEnum;
import org.siamage.config.ModelConfig;
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
    // each column at least as wide as its header and its widest likely value, so none is cut; extra
    // width goes to the run names; narrower than all columns, the table scrolls sideways (a
    // constrained policy would cut the last columns off instead)
    table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    // a size smaller than the window's: six whole columns beside the Results charts at 1180 px
    table.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.0fpx;", FONT_SIZE));
    table.getColumns().add(column("Run", RunSummary::name, "run-0000-000000"));
    table.getColumns().add(column("Started", run -> STARTED.format(run.started()), "12-31 23:59"));
    table.getColumns().add(column("Backbone", RunSummary::backbone,
        ConfigEnum.wireNames(ModelConfig.Backbone.class).toArray(String[]::new)));
    table.getColumns().add(column("Epochs", run -> run.epochsDone() + "/" + run.epochsPlanned(), "100/100"));
    table.getColumns().add(column("Val MAE", run -> Double.isFinite(run.bestValidationMae())
        ? String.format(Locale.ROOT, "%.2f", run.bestValidationMae()) : "–", "99.99"));
    // the status cell follows the active run itself: a table refresh would rebuild every cell
    TableColumn<RunSummary, String> status = new TableColumn<>("Status");
    sized(status, java.util.stream.Stream.concat(java.util.Arrays.stream(RunStatus.values())
        .map(value -> value.name().toLowerCase(Locale.ROOT)), java.util.stream.Stream.of("running"))
        .toArray(String[]::new));
    status.setCellValueFactory(cell -> Bindings.createStringBinding(
        () -> viewModel.statusText(cell.getValue()), viewModel.activeRunProperty()));
    table.getColumns().add(status);
    // asks for its columns' width (a table otherwise asks for 1.6 times its height)
    table.setPrefWidth(columnsWidth() - getPadding().getRight());
    table.widthProperty().addListener((obs, old, width) -> giveRoomToRunNames());
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

  /**
   * The width every column needs together (their minimums, the table's border and a vertical
   * scroll bar): a pane that gives the view at least this shows every column whole.
   */
  public double columnsWidth() {
    return table.getColumns().stream().mapToDouble(TableColumn::getMinWidth).sum() + TABLE_CHROME;
  }

  /** The Run column takes the width the other columns leave (names vary, the rest hardly). */
  private void giveRoomToRunNames() {
    TableColumn<RunSummary, ?> run = table.getColumns().get(0);
    double others = table.getColumns().stream().skip(1).mapToDouble(TableColumn::getWidth).sum();
    run.setPrefWidth(Math.max(run.getMinWidth(), Math.floor(table.getWidth() - TABLE_INSIDE - others)));
  }

  /** The table's border and a vertical scroll bar. */
  private static final double TABLE_INSIDE = 2 + 16;
  /** The table's border and scroll bar, and the view's right padding. */
  private static final double TABLE_CHROME = TABLE_INSIDE + 8;
  /** Cell padding and a little air on each side of a value. */
  private static final double CELL_PADDING = 12;
  /** The table's font size in pixels. */
  private static final double FONT_SIZE = 12;

  /** A column at least as wide as its header and each of {@code samples}. */
  private static TableColumn<RunSummary, String> column(String title, Function<RunSummary, String> value,
      String... samples) {
    TableColumn<RunSummary, String> column = new TableColumn<>(title);
    sized(column, samples);
    column.setCellValueFactory(cell -> (ObservableValue<String>) new ReadOnlyStringWrapper(
        value.apply(cell.getValue())));
    return column;
  }

  /** Minimum width: the bold header or the widest sample value, whichever is wider. */
  private static void sized(TableColumn<RunSummary, String> column, String... samples) {
    double width = textWidth(column.getText(), true);
    for (String sample : samples) {
      width = Math.max(width, textWidth(sample, false));
    }
    column.setMinWidth(Math.ceil(width + CELL_PADDING));
    column.setPrefWidth(column.getMinWidth());
  }

  /** Width of {@code text} in the table's font, bold for headers. */
  static double textWidth(String text, boolean bold) {
    javafx.scene.text.Text measured = new javafx.scene.text.Text(text);
    measured.setFont(javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(),
        bold ? javafx.scene.text.FontWeight.BOLD : javafx.scene.text.FontWeight.NORMAL, FONT_SIZE));
    return measured.getLayoutBounds().getWidth();
  }
}
