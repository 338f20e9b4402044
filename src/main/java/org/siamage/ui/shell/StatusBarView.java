package org.siamage.ui.shell;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.siamage.ui.common.BackgroundTasks;

/** Bottom bar: engine status on the left, running tasks with progress and cancel on the right. */
final class StatusBarView extends HBox {
  private final HBox taskBox = new HBox(12);

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
    Label message = new Label();
    message.setId("status-message");
    message.textProperty().bind(viewModel.statusMessageProperty());
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    taskBox.setAlignment(Pos.CENTER_RIGHT);
    taskBox.setMaxWidth(640);
    taskBox.setId("running-tasks");
    getChildren().addAll(engine, message, spacer, taskBox, heightStrut(getSpacing()));

    tasks.running().addListener((ListChangeListener<Task<?>>) change -> rebuild(tasks));
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

  private void rebuild(BackgroundTasks tasks) {
    taskBox.getChildren().clear();
    for (Task<?> task : tasks.running()) {
      Label title = new Label();
      title.textProperty().bind(Bindings.createStringBinding(
          () -> task.getTitle() + (task.getMessage().isEmpty() ? "" : ": " + task.getMessage()),
          task.titleProperty(), task.messageProperty()));
      title.setMaxWidth(420);
      title.setTooltip(new javafx.scene.control.Tooltip());
      title.getTooltip().textProperty().bind(title.textProperty());
      ProgressBar bar = new ProgressBar();
      bar.setPrefWidth(140);
      bar.setMinWidth(Region.USE_PREF_SIZE);
      bar.progressProperty().bind(task.progressProperty());
      Button cancel = new Button("Cancel");
      cancel.getStyleClass().add("small");
      cancel.setMinWidth(Region.USE_PREF_SIZE);
      cancel.setOnAction(event -> task.cancel(true));
      taskBox.getChildren().add(new HBox(6, title, bar, cancel));
    }
  }
}
