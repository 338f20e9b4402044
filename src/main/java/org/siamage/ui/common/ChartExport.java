package org.siamage.ui.common;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.stage.FileChooser;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.jfree.svg.SVGGraphics2D;
import org.siamage.core.AtomicFiles;

/**
 * Exports what a chart shows: PNG and SVG pictures, and the plotted numbers as CSV
 * ({@code series,x,y}). Every write is atomic. {@link #install} adds the three actions to a chart
 * viewer's context menu.
 */
public final class ChartExport {
  public static final int WIDTH = 1200;
  public static final int HEIGHT = 800;

  private ChartExport() {}

  /** Adds "Export PNG/SVG/CSV…" to the viewer's context menu; files are named after {@code baseName}. */
  public static void install(ChartViewer viewer, String baseName) {
    MenuItem png = new MenuItem("Export PNG…");
    png.setOnAction(event -> choose(viewer, baseName + ".png", "PNG image", "*.png")
        .ifPresent(file -> run(viewer, () -> writePng(viewer.getChart(), file))));
    MenuItem svg = new MenuItem("Export SVG…");
    svg.setOnAction(event -> choose(viewer, baseName + ".svg", "SVG drawing", "*.svg")
        .ifPresent(file -> run(viewer, () -> writeSvg(viewer.getChart(), file))));
    MenuItem csv = new MenuItem("Export CSV…");
    csv.setOnAction(event -> choose(viewer, baseName + ".csv", "CSV table", "*.csv")
        .ifPresent(file -> run(viewer, () -> writeCsv(viewer.getChart(), file))));
    viewer.getContextMenu().getItems().addAll(new SeparatorMenuItem(), png, svg, csv);
  }

  public static void writePng(JFreeChart chart, Path file) throws IOException {
    AtomicFiles.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT));
  }

  public static void writeSvg(JFreeChart chart, Path file) throws IOException {
    SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(graphics, new java.awt.geom.Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
    AtomicFiles.writeString(file, graphics.getSVGDocument());
  }

  /** The numbers of every XY dataset of the chart: one row per point. */
  public static void writeCsv(JFreeChart chart, Path file) throws IOException {
    StringBuilder csv = new StringBuilder("series,x,y\n");
    if (chart.getPlot() instanceof XYPlot plot) {
      for (int d = 0; d < plot.getDatasetCount(); d++) {
        XYDataset dataset = plot.getDataset(d);
        if (dataset == null) {
          continue;
        }
        for (int s = 0; s < dataset.getSeriesCount(); s++) {
          String name = String.valueOf(dataset.getSeriesKey(s)).replace("\"", "\"\"");
          for (int i = 0; i < dataset.getItemCount(s); i++) {
            csv.append('"').append(name).append("\",")
                .append(String.format(Locale.ROOT, "%s,%s", dataset.getXValue(s, i), dataset.getYValue(s, i)))
                .append('\n');
          }
        }
      }
    }
    AtomicFiles.write(file, out -> out.write(csv.toString().getBytes(StandardCharsets.UTF_8)));
  }

  @FunctionalInterface
  private interface Export {
    void run() throws IOException;
  }

  private static void run(ChartViewer viewer, Export export) {
    try {
      export.run();
    } catch (IOException | RuntimeException e) {
      ErrorDialogs.show(viewer.getScene().getWindow(), "Export failed",
          new org.siamage.core.UserFacingException("Cannot write the export: " + e.getMessage(), e));
    }
  }

  private static java.util.Optional<Path> choose(ChartViewer viewer, String name, String kind, String pattern) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export " + kind);
    chooser.setInitialFileName(name);
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
    File file = NativeDialogs.save(chooser, viewer.getScene().getWindow());
    return java.util.Optional.ofNullable(file).map(File::toPath);
  }
}
