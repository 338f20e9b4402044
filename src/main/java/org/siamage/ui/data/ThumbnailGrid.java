package org.siamage.ui.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.siamage.data.FaceRecord;

/**
 * A virtualised grid of face thumbnails: a {@link ListView} whose rows hold several faces, so only
 * the visible rows exist as nodes and only their images are loaded (in the background, with an LRU
 * cache). Stays smooth with tens of thousands of faces.
 */
final class ThumbnailGrid extends ListView<List<FaceRecord>> {
  static final int THUMBNAIL_SIZE = 76;
  private static final int CELL_WIDTH = THUMBNAIL_SIZE + 12;
  private static final int CACHE_CAPACITY = 800;
  private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
  private static final String SELECTED_STYLE = "-fx-background-color: -fx-accent, derive(-fx-accent, 75%);"
      + " -fx-background-insets: -3, -1; -fx-background-radius: 5, 4;";
  private static final String CAPTION = "thumbnail-caption-text";

  private final ObservableList<FaceRecord> faces;
  private final Consumer<FaceRecord> onSelect;
  private final Map<String, Image> cache = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Image> eldest) {
      return size() > CACHE_CAPACITY;
    }
  };
  private int columns = 1;
  private List<String> selected = List.of();

  ThumbnailGrid(ObservableList<FaceRecord> faces, Consumer<FaceRecord> onSelect) {
    this.faces = faces;
    this.onSelect = onSelect;
    setId("thumbnail-grid");
    getStyleClass().add("thumbnail-grid");
    setFixedCellSize(THUMBNAIL_SIZE + 26);
    setCellFactory(list -> new RowCell());
    faces.addListener((ListChangeListener<FaceRecord>) change -> rebuildRows());
    widthProperty().addListener((obs, old, width) -> {
      int fitting = Math.max(1, (int) ((width.doubleValue() - 24) / CELL_WIDTH));
      if (fitting != columns) {
        columns = fitting;
        rebuildRows();
      }
    });
    rebuildRows();
  }

  int columns() {
    return columns;
  }

  /**
   * Marks the chosen faces (ids; the first is face A, the second face B) on their tiles, updating
   * the tiles in place: rebuilding the rows would replace the node under the mouse.
   */
  void setSelected(List<String> ids) {
    selected = List.copyOf(ids);
    for (Node tile : lookupAll(".thumbnail")) {
      if (tile.getUserData() instanceof String id) {
        showSelection((VBox) tile, id);
      }
    }
  }

  List<String> selected() {
    return selected;
  }

  private void showSelection(VBox tile, String id) {
    int index = selected.indexOf(id);
    tile.pseudoClassStateChanged(SELECTED, index >= 0);
    // inline, as the stylesheets have no rule for it; negative insets draw the frame outside the
    // tile, so a chosen face keeps its size and place
    tile.setStyle(index >= 0 ? SELECTED_STYLE : "");
    Label caption = (Label) tile.getChildren().get(1);
    String text = (String) caption.getProperties().get(CAPTION);
    caption.setText(index < 0 ? text : (index == 0 ? "A · " : "B · ") + text);
  }

  private void rebuildRows() {
    List<List<FaceRecord>> rows = new ArrayList<>((faces.size() + columns - 1) / columns);
    for (int start = 0; start < faces.size(); start += columns) {
      rows.add(List.copyOf(faces.subList(start, Math.min(faces.size(), start + columns))));
    }
    getItems().setAll(rows);
  }

  private Image thumbnail(FaceRecord face) {
    return cache.computeIfAbsent(face.id(), id ->
        new Image(face.image().toUri().toString(), THUMBNAIL_SIZE, THUMBNAIL_SIZE, true, true, true));
  }

  private final class RowCell extends ListCell<List<FaceRecord>> {
    private final HBox box = new HBox(8);
    /** The faces whose tiles {@link #box} holds, so an unchanged row keeps its tile nodes. */
    private List<FaceRecord> shown = List.of();

    RowCell() {
      box.setPadding(new Insets(2, 4, 2, 4));
      setGraphic(null);
    }

    @Override
    protected void updateItem(List<FaceRecord> row, boolean empty) {
      super.updateItem(row, empty);
      if (empty || row == null) {
        setGraphic(null);
        shown = List.of();
        return;
      }
      if (row.equals(shown)) {
        // The list view re-runs updateItem on layout passes and when the rows are set again with
        // equal content: keep the tiles, or a click whose press and release straddle the rebuild
        // lands on two different nodes and selects nothing.
        box.getChildren().forEach(tile -> showSelection((VBox) tile, (String) tile.getUserData()));
        setGraphic(box);
        return;
      }
      shown = List.copyOf(row);
      box.getChildren().clear();
      for (FaceRecord face : row) {
        ImageView view = new ImageView(thumbnail(face));
        view.setFitWidth(THUMBNAIL_SIZE);
        view.setFitHeight(THUMBNAIL_SIZE);
        view.setPreserveRatio(true);
        String text = face.age() + " " + (face.gender().code().isEmpty() ? "?" : face.gender().code());
        Label caption = new Label(text);
        caption.getProperties().put(CAPTION, text);
        caption.getStyleClass().add("thumbnail-caption");
        VBox tile = new VBox(2, view, caption);
        tile.setAlignment(Pos.CENTER);
        tile.setPrefWidth(THUMBNAIL_SIZE);
        tile.getStyleClass().add("thumbnail");
        tile.setUserData(face.id());
        showSelection(tile, face.id());
        tile.setOnMouseClicked(event -> onSelect.accept(face));
        javafx.scene.control.Tooltip.install(tile, new javafx.scene.control.Tooltip(face.id()));
        box.getChildren().add(tile);
      }
      setGraphic(box);
    }
  }
}
