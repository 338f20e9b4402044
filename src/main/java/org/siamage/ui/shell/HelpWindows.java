package org.siamage.ui.shell;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.siamage.ui.common.Perspective;

/**
 * The Help menu's windows: keyboard shortcuts, a short guide to each perspective, and About. Plain
 * JavaFX stages, shown without waiting, so nothing blocks (nor needs a native dialog).
 */
final class HelpWindows {
  static final String LICENCE = "GPL-3.0-or-later";
  private static final double TEXT_WIDTH = 560;
  private static final double MAX_TEXT_HEIGHT = 600;

  /** Shortcuts the perspectives register on the scene themselves (not menu accelerators). */
  private record Shortcut(KeyCombination keys, String action) {}

  private static final List<Shortcut> PERSPECTIVE_SHORTCUTS = List.of(
      new Shortcut(new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN),
          "Data: inspect the last two faces clicked in the Pair inspector"),
      new Shortcut(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN),
          "Train: start training · Embeddings: project · Webcam: start the chosen source"),
      new Shortcut(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN),
          "Embeddings: compare the two chosen faces in the Pair inspector"),
      new Shortcut(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
          "Pairs: export the inspector as PNG"),
      new Shortcut(new KeyCodeCombination(KeyCode.J, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
          "Pairs: export every number shown as JSON"),
      new Shortcut(new KeyCodeCombination(KeyCode.F10), "Menus: open the menu bar (then the arrow keys)"),
      new Shortcut(new KeyCodeCombination(KeyCode.F11), "Webcam: kiosk mode (the picture alone, full screen)"),
      new Shortcut(new KeyCodeCombination(KeyCode.ESCAPE), "Kiosk: leave kiosk mode"));

  /** One paragraph per perspective id, in the order of the navigation. */
  private static final Map<String, String> GUIDE = Map.of(
      "data", "Open a dataset folder (Ctrl+O) or index file (Ctrl+Shift+O): the summary shows how many"
          + " faces are usable, why rows were skipped, the age histogram and the gender split. Filter"
          + " the thumbnails by age, gender and file name; click a face to see the crop the network"
          + " sees. Click two faces and press Inspect pair (Ctrl+I) to compare them in Pairs.",
      "train", "Edit the experiment (invalid fields are marked and Start stays disabled), load or save it"
          + " as JSON, and press Start (Ctrl+Enter). Live charts show the losses, validation MAE and"
          + " CS(5), pair distances and the learning rate. Pause, Stop and Resume run… control the run;"
          + " its folder under runs/ holds the model (model.siamage) and everything to reproduce it.",
      "embeddings", "With a model (File > Open model…) and a dataset open in Data, Project (Ctrl+Enter)"
          + " embeds the faces and maps them to 2-D with PCA or t-SNE, coloured by age or error. Pan,"
          + " zoom, filter and lasso; click a face and Shift-click another, then Compare in Pair"
          + " inspector (Ctrl+P). Toy example reproduces the paper's t-SNE figure.",
      "pairs", "The Pair inspector shows the learned distance D between two faces and its verdict"
          + " against an adjustable threshold, where D falls among positive and negative pairs, each"
          + " face's age estimate with its nearest references, occlusion maps of what drives D, and"
          + " one face against a folder or dataset. It needs a model: File > Open model… (Ctrl+M).",
      "webcam", "Estimates age and gender of every face in front of a camera, in a video file, a folder"
          + " of images or a network stream, live. Choose a source and a size and press Start"
          + " (Ctrl+Enter). Privacy keeps every picture in the view; Kiosk (F11, Esc leaves) shows the"
          + " picture alone, full screen. Without a model faces get boxes only.",
      "results", "The evaluation of a run: MAE, CS(3), CS(5), gender accuracy, the CS(T) curve, the MAE"
          + " per age band and predicted against true age. Evaluate on open dataset estimates the faces"
          + " open in Data with the run's model; Export report… writes Markdown or HTML. The run history"
          + " lists the runs under runs/: choose one to see it here and in Train, Open model to use its"
          + " model everywhere, Resume to continue it.");

  private final Stage[] open = new Stage[3];

  /** Keyboard shortcuts: the menus' accelerators (read from {@code menus}) and the perspectives'. */
  void showShortcuts(Window owner, MenuBar menus, List<Perspective> perspectives) {
    GridPane table = new GridPane();
    table.setId("shortcut-table");
    table.setHgap(18);
    table.setVgap(5);
    int row = 0;
    row = heading(table, row, "Menus");
    for (Menu menu : menus.getMenus()) {
      for (MenuItem item : menuItems(menu)) {
        if (item.getAccelerator() != null) {
          row = shortcut(table, row, item.getAccelerator().getDisplayText(),
              withoutMnemonics(menu.getText()) + " > " + withoutMnemonics(item.getText()));
        }
      }
    }
    row = heading(table, row, "Perspectives");
    for (int index = 1; index <= Math.min(9, perspectives.size()); index++) {
      row = shortcut(table, row, MainWindowView.perspectiveShortcut(index).getDisplayText(),
          "Show " + perspectives.get(index - 1).title());
    }
    for (Shortcut shortcut : PERSPECTIVE_SHORTCUTS) {
      row = shortcut(table, row, shortcut.keys().getDisplayText(), shortcut.action());
    }
    Label note = wrapped("Ctrl+Enter acts in the perspective shown. Charts export PNG, SVG and CSV from"
        + " their context menu (right-click).");
    show(0, owner, "Keyboard shortcuts", "help-shortcuts", new VBox(12, table, note));
  }

  /** A short paragraph on each perspective. */
  void showGuide(Window owner, List<Perspective> perspectives) {
    VBox sections = new VBox(12);
    sections.setId("guide-sections");
    sections.getChildren().add(wrapped("Siamage trains and inspects a Siamese network that estimates age and"
        + " gender from faces. The perspectives on the left (Ctrl+1 … Ctrl+" + Math.min(9, perspectives.size())
        + ") share one dataset and one model: open a dataset in Data, train in Train or open a model"
        + " (File > Open model…, Ctrl+M), then look inside it. Long work runs in the background; the"
        + " status bar names it, shows its progress and cancels it."));
    for (Perspective perspective : perspectives) {
      String text = GUIDE.get(perspective.id());
      if (text == null) {
        continue;
      }
      Label title = new Label(perspective.title());
      title.getStyleClass().add("guide-heading");
      title.setStyle("-fx-font-weight: bold; -fx-font-size: 1.15em;");
      Label paragraph = wrapped(text);
      VBox section = new VBox(3, title, paragraph);
      section.setId("guide-" + perspective.id());
      sections.getChildren().add(section);
    }
    sections.getChildren().add(wrapped("More: README.md and the docs/ folder of the Siamage repository."));
    show(1, owner, "Siamage guide", "help-guide", sections);
  }

  /** Version, licence and where the documentation lives. */
  void showAbout(Window owner) {
    Label name = new Label("Siamage " + version());
    name.setId("about-version");
    name.setStyle("-fx-font-weight: bold; -fx-font-size: 1.4em;");
    Label what = wrapped("A desktop workbench for Siamese-network face age and gender estimation"
        + " (Jeong, Lee, Park and Park, Symmetry 10(9):385, 2018).");
    Label licence = wrapped("Free software under the GNU General Public License, version 3 or (at your option)"
        + " any later version (" + LICENCE + "); see LICENSE.");
    licence.setId("about-licence");
    Label docs = wrapped("Documentation: README.md and the docs/ folder in the Siamage repository"
        + " (method, architecture, decisions, benchmarks and results).");
    docs.setId("about-docs");
    Label runtime = wrapped("Java " + System.getProperty("java.version") + " · JavaFX "
        + System.getProperty("javafx.runtime.version", "?") + " · " + System.getProperty("os.name") + " "
        + System.getProperty("os.arch"));
    runtime.getStyleClass().add("summary-caption");
    show(2, owner, "About Siamage", "help-about", new VBox(10, name, what, licence, docs, runtime));
  }

  /**
   * The version in the jar manifest, else in Maven's pom.properties, else "development build" (run
   * from classes, where neither exists).
   */
  static String version() {
    String version = HelpWindows.class.getPackage().getImplementationVersion();
    if (version != null && !version.isBlank()) {
      return version;
    }
    try (InputStream in = HelpWindows.class.getResourceAsStream("/META-INF/maven/org.siamage/siamage/pom.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String fromMaven = properties.getProperty("version");
        if (fromMaven != null && !fromMaven.isBlank()) {
          return fromMaven;
        }
      }
    } catch (IOException e) {
      // no version to show is not worth an error
    }
    return "development build";
  }

  private void show(int slot, Window owner, String title, String id, Region content) {
    if (open[slot] != null) {
      open[slot].close();
    }
    content.setPadding(new Insets(16));
    ScrollPane scroll = new ScrollPane(content);
    scroll.setFitToWidth(true);
    scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    VBox.setVgrow(scroll, Priority.ALWAYS);
    Stage stage = new Stage();
    Button close = new Button("Close");
    close.setId(id + "-close");
    close.setCancelButton(true);
    close.setDefaultButton(true);
    close.setOnAction(event -> stage.close());
    HBox buttons = new HBox(close);
    buttons.setAlignment(Pos.CENTER_RIGHT);
    buttons.setPadding(new Insets(8, 16, 12, 16));
    VBox root = new VBox(scroll, buttons);
    root.setId(id);
    Scene scene = new Scene(root);
    if (owner != null && owner.getScene() != null) {
      scene.getStylesheets().setAll(owner.getScene().getStylesheets()); // the window's theme
      stage.initOwner(owner);
    }
    // as tall as the text, up to a height that fits small screens; it scrolls beyond
    root.applyCss();
    double width = TEXT_WIDTH + 32;
    scroll.setPrefViewportWidth(width);
    scroll.setPrefViewportHeight(Math.min(MAX_TEXT_HEIGHT, content.prefHeight(width)));
    stage.setTitle(title);
    stage.setScene(scene);
    stage.show();
    close.requestFocus();
    open[slot] = stage;
  }

  private static Label wrapped(String text) {
    Label label = new Label(text);
    label.setWrapText(true);
    label.setMaxWidth(TEXT_WIDTH);
    label.setMinHeight(Region.USE_PREF_SIZE);
    return label;
  }

  private static int heading(GridPane table, int row, String text) {
    Label heading = new Label(text);
    heading.setStyle("-fx-font-weight: bold;");
    GridPane.setMargin(heading, new Insets(row == 0 ? 0 : 8, 0, 0, 0));
    table.add(heading, 0, row, 2, 1);
    return row + 1;
  }

  private static int shortcut(GridPane table, int row, String keys, String action) {
    Label key = new Label(keys);
    key.getStyleClass().add("shortcut-keys");
    key.setMinWidth(Region.USE_PREF_SIZE);
    key.setMnemonicParsing(false);
    Label what = new Label(action);
    what.setWrapText(true);
    what.setMaxWidth(TEXT_WIDTH - 140);
    what.setMnemonicParsing(false);
    table.add(key, 0, row);
    table.add(what, 1, row);
    return row + 1;
  }

  private static List<MenuItem> menuItems(Menu menu) {
    List<MenuItem> items = new ArrayList<>();
    for (MenuItem item : menu.getItems()) {
      items.add(item);
      if (item instanceof Menu submenu) {
        items.addAll(menuItems(submenu));
      }
    }
    return items;
  }

  private static String withoutMnemonics(String text) {
    return text == null ? "" : text.replace("_", "");
  }

  /** For tests: the content of a shown help window as its labels' text, one per line. */
  static String text(Parent root) {
    StringBuilder text = new StringBuilder();
    for (javafx.scene.Node node : root.lookupAll(".label")) {
      if (node instanceof Label label) {
        text.append(label.getText()).append('\n');
      }
    }
    return text.toString();
  }
}
