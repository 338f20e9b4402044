package org.siamage.ui.embeddings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * A scatter plot for many points (50,000 pan and zoom smoothly): markers are rasterised into one
 * int buffer and drawn as a single image, with only the few overlays (selection, hover, lasso)
 * drawn as shapes. Drag pans, the wheel zooms around the pointer, Shift-drag (or lasso mode) draws
 * a lasso, a click selects the nearest point and Shift-click adds a second one.
 */
final class ScatterCanvas extends Region {
  static final byte CIRCLE = 0;
  static final byte SQUARE = 1;
  static final byte TRIANGLE = 2;
  private static final int BACKGROUND = 0xffffffff;
  private static final double PICK_RADIUS = 8;

  private final Canvas canvas = new Canvas();
  private double[] xy = new double[0];
  private int[] colours = new int[0];
  private byte[] shapes = new byte[0];
  private boolean[] visible = new boolean[0];
  private boolean[] marked = new boolean[0];
  private final List<Integer> selection = new ArrayList<>();
  private int hovered = -1;
  private double centreX;
  private double centreY;
  private double scale = 1;
  private int[] pixels = new int[0];
  private WritableImage image;
  private boolean lassoMode;
  private final List<Point2D> lasso = new ArrayList<>();
  private double pressX;
  private double pressY;
  private double lastX;
  private double lastY;
  private boolean dragged;
  private boolean lassoing;
  private IntConsumer onHover = index -> {};
  private Consumer<List<Integer>> onSelection = selected -> {};
  private Consumer<int[]> onLasso = inside -> {};
  private Runnable overlay = () -> {};
  private boolean redrawPending;

  ScatterCanvas() {
    getChildren().add(canvas);
    setMinSize(200, 200);
    canvas.addEventHandler(MouseEvent.MOUSE_MOVED, event -> hover(event.getX(), event.getY()));
    canvas.addEventHandler(MouseEvent.MOUSE_EXITED, event -> hover(-1e9, -1e9));
    canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
    canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
    canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
    canvas.addEventHandler(ScrollEvent.SCROLL, event -> {
      zoom(Math.pow(1.0015, event.getDeltaY()), event.getX(), event.getY());
      event.consume();
    });
  }

  void onHover(IntConsumer listener) {
    onHover = listener;
  }

  void onSelection(Consumer<List<Integer>> listener) {
    onSelection = listener;
  }

  void onLasso(Consumer<int[]> listener) {
    onLasso = listener;
  }

  /** Extra drawing after the points (legend), with the canvas' graphics context. */
  void overlay(Runnable drawing) {
    overlay = drawing;
  }

  GraphicsContext graphics() {
    return canvas.getGraphicsContext2D();
  }

  void setLassoMode(boolean on) {
    lassoMode = on;
  }

  /** New points: {@code [x0, y0, …]}; the view fits them when {@code fit} or the count changed. */
  void setPoints(double[] coordinates, int[] argb, byte[] markers, boolean fit) {
    boolean countChanged = coordinates.length != xy.length;
    xy = coordinates;
    colours = argb;
    shapes = markers;
    if (countChanged) {
      visible = new boolean[coordinates.length / 2];
      Arrays.fill(visible, true);
      marked = new boolean[coordinates.length / 2];
      selection.clear();
      hovered = -1;
    }
    if (fit || countChanged) {
      fit();
    }
    redraw();
  }

  /** Moves points without touching colours (animation frames). */
  void setCoordinates(double[] coordinates) {
    if (coordinates.length != xy.length) {
      return;
    }
    xy = coordinates;
    redraw();
  }

  void setStyle(int[] argb, boolean[] shown, boolean[] highlighted) {
    colours = argb;
    visible = shown;
    marked = highlighted;
    redraw();
  }

  List<Integer> selection() {
    return List.copyOf(selection);
  }

  void select(List<Integer> indices) {
    selection.clear();
    selection.addAll(indices);
    redraw();
    onSelection.accept(selection());
  }

  int size() {
    return xy.length / 2;
  }

  /** Where point {@code i} is drawn, in this node's coordinates. */
  Point2D screenPosition(int i) {
    return new Point2D(toScreenX(xy[2 * i]), toScreenY(xy[2 * i + 1]));
  }

  /** The nearest visible point within a few pixels of a position, or -1. */
  int pointAt(double sx, double sy) {
    int best = -1;
    double bestDistance = PICK_RADIUS * PICK_RADIUS;
    for (int i = 0; i < visible.length; i++) {
      if (!visible[i]) {
        continue;
      }
      double dx = toScreenX(xy[2 * i]) - sx;
      double dy = toScreenY(xy[2 * i + 1]) - sy;
      double d = dx * dx + dy * dy;
      if (d <= bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }

  void fit() {
    int n = xy.length / 2;
    if (n == 0) {
      return;
    }
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      minX = Math.min(minX, xy[2 * i]);
      maxX = Math.max(maxX, xy[2 * i]);
      minY = Math.min(minY, xy[2 * i + 1]);
      maxY = Math.max(maxY, xy[2 * i + 1]);
    }
    centreX = (minX + maxX) / 2;
    centreY = (minY + maxY) / 2;
    double w = Math.max(50, canvas.getWidth() - 120);
    double h = Math.max(50, canvas.getHeight() - 40);
    double spanX = Math.max(maxX - minX, 1e-9);
    double spanY = Math.max(maxY - minY, 1e-9);
    scale = Math.min(w / spanX, h / spanY);
  }

  void zoom(double factor, double sx, double sy) {
    double dataX = fromScreenX(sx);
    double dataY = fromScreenY(sy);
    scale = Math.max(1e-9, scale * factor);
    // keep the point under the pointer where it is
    centreX = dataX - (sx - plotCentreX()) / scale;
    centreY = dataY + (sy - canvas.getHeight() / 2) / scale;
    requestRedraw();
  }

  void pan(double dx, double dy) {
    centreX -= dx / scale;
    centreY += dy / scale;
    requestRedraw();
  }

  /** Redraws once on the next turn of the FX thread however many input events arrive before it. */
  void requestRedraw() {
    if (!redrawPending) {
      redrawPending = true;
      javafx.application.Platform.runLater(() -> {
        redrawPending = false;
        redraw();
      });
    }
  }

  private double plotCentreX() {
    return (canvas.getWidth() - 80) / 2;
  }

  private double toScreenX(double x) {
    return (x - centreX) * scale + plotCentreX();
  }

  private double toScreenY(double y) {
    return canvas.getHeight() / 2 - (y - centreY) * scale;
  }

  private double fromScreenX(double sx) {
    return (sx - plotCentreX()) / scale + centreX;
  }

  private double fromScreenY(double sy) {
    return centreY - (sy - canvas.getHeight() / 2) / scale;
  }

  private void hover(double sx, double sy) {
    int now = pointAt(sx, sy);
    if (now != hovered) {
      hovered = now;
      requestRedraw();
      onHover.accept(now);
    }
  }

  private void pressed(MouseEvent event) {
    pressX = lastX = event.getX();
    pressY = lastY = event.getY();
    dragged = false;
    lassoing = event.getButton() == MouseButton.PRIMARY && (lassoMode || event.isShiftDown());
    lasso.clear();
    if (lassoing) {
      lasso.add(new Point2D(pressX, pressY));
    }
  }

  private void dragged(MouseEvent event) {
    if (Math.abs(event.getX() - pressX) + Math.abs(event.getY() - pressY) > 3) {
      dragged = true;
    }
    if (lassoing) {
      lasso.add(new Point2D(event.getX(), event.getY()));
      requestRedraw();
    } else {
      pan(event.getX() - lastX, event.getY() - lastY);
    }
    lastX = event.getX();
    lastY = event.getY();
  }

  private void released(MouseEvent event) {
    if (lassoing && dragged && lasso.size() > 2) {
      onLasso.accept(insideLasso());
      lasso.clear();
      redraw();
      return;
    }
    lasso.clear();
    if (!dragged && event.getButton() == MouseButton.PRIMARY) {
      int picked = pointAt(event.getX(), event.getY());
      if (picked < 0) {
        if (!event.isShiftDown()) {
          select(List.of());
        }
        return;
      }
      List<Integer> next = new ArrayList<>(event.isShiftDown() ? selection : List.of());
      next.remove(Integer.valueOf(picked));
      next.add(picked);
      while (next.size() > 2) {
        next.remove(0);
      }
      select(next);
    }
    redraw();
  }

  /** Indices of the visible points inside the current lasso polygon (even-odd rule). */
  private int[] insideLasso() {
    int m = lasso.size();
    double[] px = new double[m];
    double[] py = new double[m];
    for (int k = 0; k < m; k++) {
      px[k] = lasso.get(k).getX();
      py[k] = lasso.get(k).getY();
    }
    List<Integer> inside = new ArrayList<>();
    for (int i = 0; i < visible.length; i++) {
      if (!visible[i]) {
        continue;
      }
      double x = toScreenX(xy[2 * i]);
      double y = toScreenY(xy[2 * i + 1]);
      boolean in = false;
      for (int a = 0, b = m - 1; a < m; b = a++) {
        if ((py[a] > y) != (py[b] > y) && x < (px[b] - px[a]) * (y - py[a]) / (py[b] - py[a]) + px[a]) {
          in = !in;
        }
      }
      if (in) {
        inside.add(i);
      }
    }
    return inside.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  protected void layoutChildren() {
    double w = Math.floor(getWidth());
    double h = Math.floor(getHeight());
    if (w != canvas.getWidth() || h != canvas.getHeight()) {
      boolean first = canvas.getWidth() == 0;
      canvas.setWidth(w);
      canvas.setHeight(h);
      if (first) {
        fit();
      }
      redraw();
    }
  }

  /** Rasterises all visible markers into one buffer, then draws overlays. */
  void redraw() {
    int w = (int) canvas.getWidth();
    int h = (int) canvas.getHeight();
    GraphicsContext g = canvas.getGraphicsContext2D();
    if (w <= 0 || h <= 0) {
      return;
    }
    if (pixels.length != w * h) {
      pixels = new int[w * h];
      image = new WritableImage(w, h);
    }
    Arrays.fill(pixels, BACKGROUND);
    int n = Math.min(xy.length / 2, Math.min(colours.length, visible.length));
    // with tens of thousands of points big markers only hide each other: draw them smaller
    int radius = n > 20_000 ? 2 : 3;
    double offsetX = plotCentreX() - centreX * scale;
    double offsetY = canvas.getHeight() / 2 + centreY * scale;
    for (int i = 0; i < n; i++) {
      if (visible[i]) {
        int sx = (int) (xy[2 * i] * scale + offsetX + 0.5);
        int sy = (int) (offsetY - xy[2 * i + 1] * scale + 0.5);
        stamp(sx, sy, i < shapes.length ? shapes[i] : CIRCLE, colours[i], w, h, radius);
      }
    }
    image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels, 0, w);
    g.drawImage(image, 0, 0);
    g.setLineWidth(1.5);
    g.setStroke(Color.web("#e65100"));
    for (int i = 0; i < marked.length && i < n; i++) {
      if (marked[i] && visible[i]) {
        g.strokeOval(toScreenX(xy[2 * i]) - 6, toScreenY(xy[2 * i + 1]) - 6, 12, 12);
      }
    }
    g.setLineWidth(2.5);
    g.setStroke(Color.web("#d50000"));
    for (int i : selection) {
      if (i < n) {
        g.strokeOval(toScreenX(xy[2 * i]) - 7, toScreenY(xy[2 * i + 1]) - 7, 14, 14);
      }
    }
    if (hovered >= 0 && hovered < n) {
      g.setLineWidth(1.5);
      g.setStroke(Color.BLACK);
      g.strokeOval(toScreenX(xy[2 * hovered]) - 6, toScreenY(xy[2 * hovered + 1]) - 6, 12, 12);
    }
    if (lasso.size() > 1) {
      g.setLineWidth(1.2);
      g.setStroke(Color.web("#1565c0"));
      g.setLineDashes(5, 4);
      g.beginPath();
      g.moveTo(lasso.get(0).getX(), lasso.get(0).getY());
      for (Point2D p : lasso) {
        g.lineTo(p.getX(), p.getY());
      }
      g.closePath();
      g.stroke();
      g.setLineDashes(null);
    }
    overlay.run();
  }

  private void stamp(int cx, int cy, byte shape, int argb, int w, int h, int radius) {
    if (cx < -4 || cy < -4 || cx > w + 4 || cy > h + 4) {
      return;
    }
    for (int dy = -radius; dy <= radius; dy++) {
      int y = cy + dy;
      if (y < 0 || y >= h) {
        continue;
      }
      int half = radius == 3 ? switch (shape) {
        case SQUARE -> dy == -3 ? -1 : 2;
        case TRIANGLE -> dy < -2 ? -1 : (dy + 3) / 2;
        default -> Math.abs(dy) == 3 ? 1 : Math.abs(dy) == 2 ? 2 : 3;
      } : switch (shape) {
        case SQUARE -> dy == -2 ? -1 : 1;
        case TRIANGLE -> dy == -2 ? 0 : dy == 2 ? 2 : 1;
        default -> Math.abs(dy) == 2 ? 0 : Math.abs(dy) == 1 ? 2 : 2;
      };
      if (half < 0) {
        continue;
      }
      int row = y * w;
      for (int dx = -half; dx <= half; dx++) {
        int x = cx + dx;
        if (x >= 0 && x < w) {
          pixels[row + x] = argb;
        }
      }
    }
  }
}
