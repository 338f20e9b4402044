package org.siamage.ui.shell;

import java.util.List;
import java.util.Objects;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.siamage.ui.common.BackgroundTasks;
import org.siamage.ui.common.Perspective;

/** The main window's layout: menus (File, View, Help), navigation between perspectives, content, status bar. */
public final class MainWindowView {
  private final BorderPane root = new BorderPane();
  private final MainWindowViewModel viewModel;
  private final List<Perspective> perspectives;
  private final HelpWindows helpWindows = new HelpWindows();

  public MainWindowView(
      MainWindowViewModel viewModel,
      List<Perspective> perspectives,
      BackgroundTasks tasks,
      List<MenuItem> fileMenuItems,
      Runnable quit) {
    this.viewModel = viewModel;
    this.perspectives = List.copyOf(perspectives);
    root.setId("main-window");
    root.setTop(menuBar(fileMenuItems, quit));
    root.setLeft(navigation());
    root.setBottom(new StatusBarView(viewModel, tasks));
    viewModel.perspectiveProperty().addListener((obs, old, id) -> show(id));
    show(viewModel.perspectiveProperty().get());
  }

  public Parent root() {
    return root;
  }

  private MenuBar menuBar(List<MenuItem> fileMenuItems, Runnable quit) {
    Menu file = new Menu("_File");
    file.getItems().addAll(fileMenuItems);
    MenuItem quitItem = new MenuItem("_Quit");
    quitItem.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
    quitItem.setOnAction(event -> quit.run());
    file.getItems().add(quitItem);

    Menu view = new Menu("_View");
    ToggleGroup themes = new ToggleGroup();
    for (String theme : List.of("light", "dark")) {
      RadioMenuItem item = new RadioMenuItem(theme.substring(0, 1).toUpperCase() + theme.substring(1) + " theme");
      item.setToggleGroup(themes);
      item.setSelected(theme.equals(viewModel.themeProperty().get()));
      item.setOnAction(event -> viewModel.themeProperty().set(theme));
      view.getItems().add(item);
    }
    Menu help = new Menu("_Help");
    help.setId("menu-help");
    MenuBar bar = new MenuBar(file, view, help);
    MenuItem shortcuts = new MenuItem("_Keyboard shortcuts");
    shortcuts.setId("help-shortcuts-item");
    shortcuts.setOnAction(event -> helpWindows.showShortcuts(window(), bar, perspectives));
    MenuItem guide = new MenuItem("_Guide");
    guide.setId("help-guide-item");
    guide.setAccelerator(new KeyCodeCombination(KeyCode.F1));
    guide.setOnAction(event -> helpWindows.showGuide(window(), perspectives));
    MenuItem about = new MenuItem("_About Siamage");
    about.setId("help-about-item");
    about.setOnAction(event -> helpWindows.showAbout(window()));
    help.getItems().addAll(shortcuts, guide, new SeparatorMenuItem(), about);
    bar.setId("menu-bar");
    return bar;
  }

  private javafx.stage.Window window() {
    return root.getScene() == null ? null : root.getScene().getWindow();
  }

  /** Ctrl+N shows the N-th perspective of the navigation (1 to 9). */
  static KeyCombination perspectiveShortcut(int index) {
    return new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(index)), KeyCombination.SHORTCUT_DOWN);
  }

  private VBox navigation() {
    VBox navigation = new VBox(4);
    navigation.setId("navigation");
    navigation.getStyleClass().add("navigation");
    navigation.setPadding(new Insets(10, 6, 10, 6));
    Label brand = new Label("Siamage");
    brand.getStyleClass().add("brand");
    navigation.getChildren().add(brand);
    ToggleGroup group = new ToggleGroup();
    int index = 1;
    for (Perspective perspective : perspectives) {
      ToggleButton button = new ToggleButton(perspective.title());
      button.setId("nav-" + perspective.id());
      button.setToggleGroup(group);
      button.setMaxWidth(Double.MAX_VALUE);
      button.getStyleClass().add("nav-button");
      button.setSelected(perspective.id().equals(viewModel.perspectiveProperty().get()));
      button.setOnAction(event -> {
        viewModel.perspectiveProperty().set(perspective.id());
        button.setSelected(true);
      });
      // perspectives may be switched from elsewhere too (Workbench.show, "Inspect pair")
      viewModel.perspectiveProperty().addListener((obs, old, id) -> button.setSelected(perspective.id().equals(id)));
      if (index <= 9) {
        KeyCombination shortcut = perspectiveShortcut(index);
        button.sceneProperty().addListener((obs, oldScene, scene) -> {
          if (scene != null) {
            scene.getAccelerators().put(shortcut, button::fire);
          }
        });
        button.setTooltip(new javafx.scene.control.Tooltip(perspective.title() + " (" + shortcut.getDisplayText() + ")"));
      }
      navigation.getChildren().add(button);
      index++;
    }
    return navigation;
  }

  private void show(String id) {
    perspectives.stream()
        .filter(perspective -> Objects.equals(perspective.id(), id))
        .findFirst()
        .ifPresent(perspective -> root.setCenter(perspective.view()));
  }
}
