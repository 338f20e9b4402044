package org.siamage.ui.shell;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import org.siamage.ui.common.BackgroundTasks;

/**
 * Bottom bar: engine status, the model in use and the latest message on the left, running tasks
 * with progress and cancel on the right.
 */
final class StatusBarView extends HBox {
  private static final double TITLE_WIDTH = 300;
  private static final double MODEL_WIDTH = 320;
  private final HBox taskBox = new HBox(6);

  StatusBarView(MainWindowViewModel viewModel, BackgroundTasks tasks) {
    setId("status-bar");
    getStyleClass().add("status-bar");
    setSpacing(12);
    setPadding(new Insets(4, 10, 4, 10));
    setAlignment(Pos.CENTER_LEFT);

    Label engine = new Label();
    engine.setId("engine-status");
    engine.textProperty().bind(viewModel.engineStatusProperty());
    engine.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    Label model = new Label();
    model.setId("model-status");
    model.textProperty().bind(Bindings.createStringBinding(() -> modelText(viewModel.modelNameProperty().get(),
        viewModel.modelSignatureProperty().get()), viewModel.modelNameProperty(), viewModel.modelSignatureProperty()));
    model.setMnemonicParsing(false);
    model.setMaxWidth(MODEL_WIDTH);
    keepReadable(model, MODEL_WIDTH);
    model.setTooltip(new javafx.scene.control.Tooltip());
    model.getTooltip().textProperty().bind(Bindings.createStringBinding(
        () -> viewModel.modelNameProperty().get().isEmpty()
            ? "No model loaded: File > Open model… (Ctrl+M), or train one in the Train perspective"
            : "The model every perspective uses: " + viewModel.modelNameProperty().get()
                + (viewModel.modelSignatureDetailProperty().get().isEmpty() ? ""
                    : "\n" + viewModel.modelSignatureDetailProperty().get()),
        viewModel.modelNameProperty(), viewModel.modelSignatureDetailProperty()));
    viewModel.modelSignatureBrokenProperty().addListener((obs, was, broken) -> {
      if (broken) {
        model.getStyleClass().add("warning-text");
      } else {
        model.getStyleClass().remove("warning-text");
      }
    });
    Label message = new Label();
    message.setId("status-message");
    message.textProperty().bind(viewModel.statusMessageProperty());
    message.setMinWidth(40);
    message.setTooltip(new javafx.scene.control.Tooltip());
    message.getTooltip().textProperty().bind(message.textProperty());
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    taskBox.setAlignment(Pos.CENTER_RIGHT);
    taskBox.setMinWidth(Region.USE_PREF_SIZE);
    taskBox.setId("running-tasks");
    getChildren().addAll(engine, model, message, spacer, taskBox, heightStrut(getSpacing()));

    tasks.running().addListener((ListChangeListener<Task<?>>) change -> rebuild(tasks));
  }

  /** "Model NAME · signed by lab", "Model NAME" when the signature is not known, or "No model". */
  static String modelText(String name, String signature) {
    if (name == null || name.isEmpty()) {
      return "No model";
    }
    return "Model " + name + (signature == null || signature.isEmpty() ? "" : " · " + signature);
  }

  /**
   * Invisible, zero-width controls as tall as a task row, so the bar keeps one height whether
   * tasks run or not: a bar that grew when training started would resize every chart above it
   * and repaint the whole window in that frame.
   */
  private static Node heightStrut(double barSpacing) {
    ProgressBar bar = new ProgressBar(0);
    Button button = new Button("Cancel");
    button.getStyleClass().add("small");
    HBox strut = new HBox(bar, button);
    for (Region region : new Region[] {bar, button, strut}) {
      region.setMinWidth(0);
      region.setPrefWidth(0);
      region.setMaxWidth(0);
    }
    strut.setVisible(false);
    HBox.setMargin(strut, new Insets(0, 0, 0, -barSpacing)); // takes no room, spacing included
    strut.setFocusTraversable(false);
    button.setFocusTraversable(false);
    return strut;
  }

  /**
   * One task as a row (the first that is running, else the first waiting) and every other one in
   * a "+N more" menu: rows for all of them squeezed their names to "…" in a bar of fixed width.
   * A task is named by the title it was submitted with until it sets its own.
   */
  private void rebuild(BackgroundTasks tasks) {
    taskBox.getChildren().clear();
    List<Task<?>> all = List.copyOf(tasks.running());
    if (all.isEmpty()) {
      return;
    }
    Task<?> shown = all.stream().filter(task -> task.getState() == Worker.State.RUNNING).findFirst()
        .orElse(all.get(0));
    Label title = new Label();
    title.setId("task-title");
    title.getStyleClass().add("task-title");
    title.textProperty().bind(description(tasks, shown));
    title.setMaxWidth(TITLE_WIDTH);
    keepReadable(title, TITLE_WIDTH);
    title.setTooltip(new javafx.scene.control.Tooltip());
    title.getTooltip().textProperty().bind(title.textProperty());
    ProgressBar bar = new ProgressBar();
    bar.setPrefWidth(110);
    bar.setMinWidth(Region.USE_PREF_SIZE);
    bar.progressProperty().bind(shown.progressProperty());
    Button cancel = new Button("Cancel");
    cancel.setId("task-cancel");
    cancel.getStyleClass().add("small");
    cancel.setMinWidth(Region.USE_PREF_SIZE);
    cancel.setOnAction(event -> shown.cancel(true));
    HBox row = new HBox(6, title, bar, cancel);
    row.setAlignment(Pos.CENTER_RIGHT);
    row.getStyleClass().add("task-row");
    taskBox.getChildren().add(row);
    List<Task<?>> others = all.stream().filter(task -> task != shown).toList();
    if (!others.isEmpty()) {
      MenuButton more = new MenuButton("+" + others.size() + " more");
      more.setId("more-tasks");
      more.getStyleClass().add("small");
      more.setMinWidth(Region.USE_PREF_SIZE);
      more.setTooltip(new javafx.scene.control.Tooltip("Other background work; choose one to cancel it"));
      for (Task<?> other : others) {
        MenuItem item = new MenuItem();
        item.setMnemonicParsing(false); // titles name files, which often contain underscores
        item.textProperty().bind(Bindings.concat("Cancel: ", description(tasks, other)));
        item.setOnAction(event -> other.cancel(true));
        more.getItems().add(item);
      }
      taskBox.getChildren().add(more);
    }
    // the shown row changes when a waiting task starts or the running one ends
    for (Task<?> task : all) {
      task.stateProperty().addListener(new javafx.beans.InvalidationListener() {
        @Override
        public void invalidated(javafx.beans.Observable observable) {
          task.stateProperty().removeListener(this);
          if (tasks.running().contains(task)) {
            rebuild(tasks);
          }
        }
      });
    }
  }

  /** "Title (waiting): message": what the task does, whether it has started, where it is. */
  private static StringBinding description(BackgroundTasks tasks, Task<?> task) {
    StringBinding title = tasks.title(task);
    return Bindings.createStringBinding(() -> {
      String name = title.get().isBlank() ? "Background task (not started yet)" : title.get();
      boolean waiting = task.getState() == Worker.State.READY || task.getState() == Worker.State.SCHEDULED;
      String message = task.getMessage() == null ? "" : task.getMessage();
      return name + (waiting && !title.get().isBlank() ? " (waiting)" : "")
          + (message.isEmpty() ? "" : ": " + message);
    }, title, task.stateProperty(), task.messageProperty());
  }

  /**
   * Keeps {@code label} as wide as its text, up to {@code cap} pixels, so a crowded bar shortens
   * the status message rather than this label.
   */
  static void keepReadable(Label label, double cap) {
    Runnable update = () -> {
      Text probe = new Text(label.getText() == null ? "" : label.getText());
      probe.setFont(label.getFont());
      double insets = label.getPadding().getLeft() + label.getPadding().getRight();
      label.setMinWidth(Math.min(cap, Math.ceil(probe.getLayoutBounds().getWidth() + insets) + 2));
    };
    label.textProperty().addListener(observable -> update.run());
    label.fontProperty().addListener(observable -> update.run());
    label.paddingProperty().addListener(observable -> update.run());
    update.run();
  }
}
