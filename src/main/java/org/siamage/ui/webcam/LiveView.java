package org.siamage.ui.webcam;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.siamage.capture.DisplayFrame;
import org.siamage.capture.FrameAnalysis;
import org.siamage.capture.LiveFace;

/**
 * The live picture with its overlay: the frame fitted into the region (aspect kept), a box per
 * face and a label with age ± uncertainty and gender, plus an optional centred message ("No face in
 * view"). Pixels go into a {@link PixelBuffer} wrapping an array this view owns, so drawing a frame
 * is one array copy and allocates nothing. FX thread only.
 */
final class LiveView extends Region {
  private static final Color BOX = Color.web("#ffd54a");
  private static final Color LABEL_BACKGROUND = Color.rgb(0, 0, 0, 0.62);
  /** Appended to the label of a face the model finds unlike every reference face. */
  static final String UNUSUAL_LABEL = "unusual face";

  private final ImageView image = new ImageView();
  private final Canvas overlay = new Canvas();
  private final boolean large;
  private PixelBuffer<IntBuffer> buffer;
  private int[] pixels;
  private FrameAnalysis analysis;
  private String message = "";
  private final List<String> labels = new ArrayList<>();
  private final Text measure = new Text();

  /** @param large kiosk style: thick boxes and big labels readable from a few metres */
  LiveView(boolean large) {
    this.large = large;
    image.setPreserveRatio(true);
    image.setSmooth(true);
    overlay.setMouseTransparent(true);
    getChildren().addAll(image, overlay);
    getStyleClass().add("live-view");
    setStyle("-fx-background-color: #101214;");
    setMinSize(160, 120);
  }

  /** Shows a new frame and its faces. */
  void show(DisplayFrame frame) {
    int width = frame.width();
    int height = frame.height();
    if (buffer == null || buffer.getWidth() != width || buffer.getHeight() != height) {
      pixels = new int[width * height];
      buffer = new PixelBuffer<>(width, height, IntBuffer.wrap(pixels), PixelFormat.getIntArgbPreInstance());
      image.setImage(new WritableImage(buffer));
      requestLayout();
    }
    System.arraycopy(frame.pixels(), 0, pixels, 0, width * height);
    buffer.updateBuffer(unused -> null);
    analysis = frame.analysis();
    drawOverlay();
  }

  /** Forgets the picture (privacy mode after a stop, or a new source). */
  void clear() {
    image.setImage(null);
    buffer = null;
    pixels = null;
    analysis = null;
    drawOverlay();
  }

  /** A line shown across the middle of the picture, or empty for none. */
  void setMessage(String text) {
    message = text == null ? "" : text;
    drawOverlay();
  }

  /** The pixels on screen (row-major ARGB) and their size, or null when nothing is shown. */
  int[] shownPixels() {
    return pixels;
  }

  FrameAnalysis shownAnalysis() {
    return analysis;
  }

  /** The face labels drawn last, in track order (for tests and the snapshot). */
  List<String> labels() {
    return List.copyOf(labels);
  }

  static String label(LiveFace face) {
    if (!face.estimated()) {
      return "estimating…";
    }
    String gender = face.genderWord();
    return String.format(Locale.ROOT, "%.0f ± %.0f · %s%s", face.age(),
        Double.isNaN(face.uncertainty()) ? 0 : face.uncertainty(), gender.equals("?") ? "gender unsure" : gender,
        face.unusual() ? " · " + UNUSUAL_LABEL : "");
  }

  @Override
  protected void layoutChildren() {
    double width = getWidth();
    double height = getHeight();
    overlay.setWidth(width);
    overlay.setHeight(height);
    if (buffer != null) {
      double scale = Math.min(width / buffer.getWidth(), height / buffer.getHeight());
      double shownWidth = buffer.getWidth() * scale;
      double shownHeight = buffer.getHeight() * scale;
      image.setFitWidth(shownWidth);
      image.setFitHeight(shownHeight);
      image.relocate((width - shownWidth) / 2, (height - shownHeight) / 2);
    }
    drawOverlay();
  }

  private void drawOverlay() {
    GraphicsContext g = overlay.getGraphicsContext2D();
    g.clearRect(0, 0, overlay.getWidth(), overlay.getHeight());
    labels.clear();
    if (buffer != null && analysis != null) {
      double scale = Math.min(overlay.getWidth() / buffer.getWidth(), overlay.getHeight() / buffer.getHeight());
      double left = (overlay.getWidth() - buffer.getWidth() * scale) / 2;
      double top = (overlay.getHeight() - buffer.getHeight() * scale) / 2;
      double fontSize = large ? Math.max(22, overlay.getHeight() / 22) : 14;
      g.setFont(Font.font("System", FontWeight.BOLD, fontSize));
      g.setTextBaseline(VPos.BOTTOM);
      g.setTextAlign(TextAlignment.LEFT);
      for (LiveFace face : analysis.faces()) {
        double x = left + face.x() * scale;
        double y = top + face.y() * scale;
        double w = face.width() * scale;
        double h = face.height() * scale;
        g.setStroke(face.detectedNow() ? BOX : BOX.deriveColor(0, 1, 1, 0.5));
        g.setLineWidth(large ? 4 : 2);
        g.strokeRect(x, y, w, h);
        String text = label(face);
        labels.add(text);
        measure.setText(text);
        measure.setFont(g.getFont());
        double textWidth = measure.getLayoutBounds().getWidth();
        double labelTop = Math.max(0, y - fontSize - 8);
        g.setFill(LABEL_BACKGROUND);
        g.fillRect(x, labelTop, textWidth + 10, fontSize + 8);
        g.setFill(Color.WHITE);
        g.fillText(text, x + 5, labelTop + fontSize + 5);
      }
    }
    if (!message.isEmpty()) {
      double fontSize = large ? Math.max(24, overlay.getHeight() / 26) : 16;
      g.setFont(Font.font("System", FontWeight.BOLD, fontSize));
      g.setTextAlign(TextAlignment.CENTER);
      g.setTextBaseline(VPos.CENTER);
      g.setFill(LABEL_BACKGROUND);
      g.fillRect(0, overlay.getHeight() / 2 - fontSize, overlay.getWidth(), fontSize * 2);
      g.setFill(Color.WHITE);
      g.fillText(message, overlay.getWidth() / 2, overlay.getHeight() / 2, overlay.getWidth() - 20);
    }
  }
}
