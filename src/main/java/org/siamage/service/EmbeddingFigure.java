package org.siamage.service;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.siamage.data.Gender;

/**
 * The toy-example figure (paper, section 3.1): the map of the faces coloured by true age on a
 * continuous scale with a colour bar, marker shape by gender (circle female, square male, triangle
 * unknown), and the quality numbers underneath. Rendered with JFreeChart (AWT), so the CLI and the
 * desktop write the same picture.
 */
final class EmbeddingFigure {
  private static final Gender[] ORDER = {Gender.FEMALE, Gender.MALE, Gender.UNKNOWN};
  static final Font TITLE_FONT = new Font("SansSerif", Font.BOLD, 18);
  static final Font SUBTITLE_FONT = new Font("SansSerif", Font.PLAIN, 12);
  /** Smallest sizes a title shrinks to before it is cut: below them it stops being legible. */
  static final float MIN_TITLE_SIZE = 11;
  static final float MIN_SUBTITLE_SIZE = 9;
  /** Space between colour-bar labels, in label heights: less and the bar reads as a wall of numbers. */
  static final double TICK_GAP = 2.5;
  /** Height the titles, the gender legend and the margins take from the colour bar, in pixels. */
  private static final int BAR_CHROME = 160;
  /** Margin a title keeps at each side of the figure. */
  private static final int TITLE_MARGIN = 10;

  private final JFreeChart chart;
  private final TextTitle subtitleLine;
  private final NumberAxis scaleAxis;

  EmbeddingFigure(ProjectionService.EmbeddedFaces faces, double[] coordinates, String title, String subtitle) {
    int minAge = Integer.MAX_VALUE;
    int maxAge = Integer.MIN_VALUE;
    for (int age : faces.ages()) {
      minAge = Math.min(minAge, age);
      maxAge = Math.max(maxAge, age);
    }
    double low = minAge;
    double high = Math.max(minAge + 1, maxAge);
    XYSeriesCollection dataset = new XYSeriesCollection();
    int[][] agesBySeries = new int[ORDER.length][];
    for (int s = 0; s < ORDER.length; s++) {
      XYSeries series = new XYSeries(label(ORDER[s]), false, true);
      int count = 0;
      for (Gender gender : faces.genders()) {
        if (gender == ORDER[s]) {
          count++;
        }
      }
      agesBySeries[s] = new int[count];
      int k = 0;
      for (int i = 0; i < faces.size(); i++) {
        if (faces.genders()[i] == ORDER[s]) {
          series.add(coordinates[2 * i], coordinates[2 * i + 1], false);
          agesBySeries[s][k++] = faces.ages()[i];
        }
      }
      if (count > 0) {
        dataset.addSeries(series);
      } else {
        agesBySeries[s] = null;
      }
    }
    int[][] ages = java.util.Arrays.stream(agesBySeries).filter(a -> a != null).toArray(int[][]::new);
    Gender[] present = java.util.Arrays.stream(ORDER).filter(g -> {
      for (Gender gender : faces.genders()) {
        if (gender == g) {
          return true;
        }
      }
      return false;
    }).toArray(Gender[]::new);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true) {
      @Override
      public Paint getItemPaint(int series, int item) {
        return colour((ages[series][item] - low) / (high - low));
      }
    };
    renderer.setUseOutlinePaint(false);
    for (int s = 0; s < present.length; s++) {
      renderer.setSeriesShape(s, shape(present[s]));
      renderer.setSeriesPaint(s, new Color(0x555555));
    }
    NumberAxis x = new NumberAxis("t-SNE 1");
    NumberAxis y = new NumberAxis("t-SNE 2");
    x.setAutoRangeIncludesZero(false);
    y.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(dataset, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xe0e0e0));
    plot.setRangeGridlinePaint(new Color(0xe0e0e0));
    chart = new JFreeChart(title, TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    subtitleLine = new TextTitle(subtitle, SUBTITLE_FONT);
    chart.addSubtitle(subtitleLine);
    scaleAxis = new NumberAxis("age (years)");
    scaleAxis.setRange(low, high);
    PaintScaleLegend legend = new PaintScaleLegend(new AgeScale(low, high), scaleAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setStripWidth(14);
    legend.setMargin(new RectangleInsets(10, 10, 30, 10));
    legend.setAxisOffset(4);
    chart.addSubtitle(legend);
  }

  private static String label(Gender gender) {
    return switch (gender) {
      case FEMALE -> "female (●)";
      case MALE -> "male (■)";
      default -> "gender unknown (▲)";
    };
  }

  static Shape shape(Gender gender) {
    return switch (gender) {
      case FEMALE -> new Ellipse2D.Double(-3.5, -3.5, 7, 7);
      case MALE -> new Rectangle2D.Double(-3, -3, 6, 6);
      default -> {
        Path2D.Double triangle = new Path2D.Double();
        triangle.moveTo(0, -4);
        triangle.lineTo(3.5, 3);
        triangle.lineTo(-3.5, 3);
        triangle.closePath();
        yield triangle;
      }
    };
  }

  private static Color colour(double t) {
    return new Color(AgeColourMap.rgb(t));
  }

  /**
   * Sizes the figure's text for a {@code width × height} picture: each title on one line (its font
   * shrunk to fit, cut only below the smallest legible size) and the colour bar's ticks far enough
   * apart that their labels never touch.
   */
  private void fitTo(int width, int height) {
    Graphics2D measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    double room = width - 2.0 * TITLE_MARGIN;
    TextTitle title = chart.getTitle();
    title.setFont(TITLE_FONT.deriveFont(fittingSize(measure, title.getText(), TITLE_FONT, room, MIN_TITLE_SIZE)));
    title.setMaximumLinesToDisplay(1);
    subtitleLine.setFont(SUBTITLE_FONT.deriveFont(fittingSize(measure, subtitleLine.getText(), SUBTITLE_FONT, room,
        MIN_SUBTITLE_SIZE)));
    subtitleLine.setMaximumLinesToDisplay(1);
    double labelHeight = measure.getFontMetrics(scaleAxis.getTickLabelFont()).getHeight();
    measure.dispose();
    double range = scaleAxis.getRange().getLength();
    scaleAxis.setTickUnit(new NumberTickUnit(tickStep(range, Math.max(100, height - BAR_CHROME), labelHeight)));
  }

  /**
   * The largest size up to {@code font}'s at which {@code text} fits in {@code width} pixels on one
   * line, at least {@code min}.
   */
  static float fittingSize(Graphics2D measure, String text, Font font, double width, float min) {
    float size = font.getSize2D();
    while (size > min && measure.getFontMetrics(font.deriveFont(size)).stringWidth(text) > width) {
      size -= 0.5f;
    }
    return Math.max(size, min);
  }

  /**
   * A tick spacing in years for a colour bar {@code length} pixels long showing {@code range}
   * years: the smallest of 1, 2, 5, 10, 20, 50, … whose labels ({@code labelHeight} high) stand
   * {@link #TICK_GAP} label heights apart.
   */
  static double tickStep(double range, double length, double labelHeight) {
    double wanted = TICK_GAP * labelHeight * Math.max(range, 1) / Math.max(length, 1);
    for (double decade = 1; ; decade *= 10) {
      for (double multiple : new double[] {1, 2, 5}) {
        if (multiple * decade >= wanted) {
          return multiple * decade;
        }
      }
    }
  }

  byte[] png(int width, int height) {
    fitTo(width, height);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    graphics.setStroke(new BasicStroke(1));
    chart.draw(graphics, new Rectangle2D.Double(0, 0, width, height));
    graphics.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  String svg(int width, int height) {
    fitTo(width, height);
    SVGGraphics2D graphics = new SVGGraphics2D(width, height);
    chart.draw(graphics, new Rectangle2D.Double(0, 0, width, height));
    return graphics.getSVGDocument();
  }

  /** The title as drawn (tests). */
  TextTitle title() {
    return chart.getTitle();
  }

  TextTitle subtitle() {
    return subtitleLine;
  }

  /** The colour bar's axis (tests). */
  NumberAxis scaleAxis() {
    return scaleAxis;
  }

  /** The colour bar: the same map as the points. */
  private record AgeScale(double getLowerBound, double getUpperBound) implements PaintScale {
    @Override
    public Paint getPaint(double value) {
      return colour((value - getLowerBound) / (getUpperBound - getLowerBound));
    }
  }
}
