package org.siamage.ui.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.siamage.eval.AgeBandError;
import org.siamage.eval.AgeMetrics;
import org.siamage.eval.EvaluationReportWriter;
import org.siamage.eval.PredictionRow;
import org.siamage.service.ResultsReportExport.ChartImage;
import org.siamage.ui.common.ChartExport;

/**
 * The Results perspective's charts, built from an evaluation's metrics. Each call makes a new chart,
 * so a report export can draw its own copies on a worker thread while the view keeps its own.
 */
final class ResultsCharts {
  static final String CS_CURVE = "Cumulative score CS(T)";
  static final String AGE_BANDS = "MAE per age band";
  static final String SCATTER = "Predicted vs true age";

  /** Faces drawn in the scatter at most; larger evaluations show every n-th face. */
  static final int SCATTER_POINTS = 5_000;

  private static final Color ACCENT = new Color(0x2f6fde);

  private ResultsCharts() {}

  /** CS(T) in percent for T = 0..10 years. */
  static JFreeChart cumulativeScore(AgeMetrics metrics) {
    XYSeries curve = new XYSeries("CS(T)");
    int end = Math.min(EvaluationReportWriter.MARKDOWN_CURVE_YEARS, metrics.maxCumulativeScoreYears());
    for (int years = 0; years <= end; years++) {
      curve.add(years, 100 * metrics.cumulativeScore(years));
    }
    JFreeChart chart = ChartFactory.createXYLineChart(CS_CURVE, "tolerance T (years)",
        "faces within T (%)", new XYSeriesCollection(curve), PlotOrientation.VERTICAL, false, true, false);
    XYPlot plot = style(chart).getXYPlot();
    NumberAxis tolerance = (NumberAxis) plot.getDomainAxis();
    tolerance.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    ((NumberAxis) plot.getRangeAxis()).setRange(0, 100);
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
    renderer.setDefaultShapesVisible(true);
    renderer.setSeriesPaint(0, ACCENT);
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    return chart;
  }

  /** One bar per 10-year band of true age; empty bands have none. */
  static JFreeChart ageBands(AgeMetrics metrics) {
    DefaultCategoryDataset bands = new DefaultCategoryDataset();
    for (AgeBandError band : metrics.bands()) {
      bands.addValue(band.mae(), "MAE", band.label() + " (" + band.faces() + ")");
    }
    JFreeChart chart = ChartFactory.createBarChart(AGE_BANDS, "true age (faces)", "MAE (years)", bands,
        PlotOrientation.VERTICAL, false, true, false);
    style(chart);
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, ACCENT);
    renderer.setMaximumBarWidth(0.12);
    // slanted band names stay readable when the chart is narrow
    plot.getDomainAxis().setCategoryLabelPositions(org.jfree.chart.axis.CategoryLabelPositions.UP_45);
    plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(2f);
    return chart;
  }

  /** Each face at (true age, predicted age), with the line of perfect estimates. */
  static JFreeChart scatter(AgeMetrics metrics) {
    List<PredictionRow> rows = metrics.rows();
    int step = Math.max(1, (rows.size() + SCATTER_POINTS - 1) / SCATTER_POINTS);
    XYSeries faces = new XYSeries("faces", false, true);
    double low = Double.MAX_VALUE;
    double high = -Double.MAX_VALUE;
    for (int i = 0; i < rows.size(); i += step) {
      PredictionRow row = rows.get(i);
      faces.add(row.trueAge(), row.predictedAge(), false);
    }
    for (PredictionRow row : rows) {
      low = Math.min(low, Math.min(row.trueAge(), row.predictedAge()));
      high = Math.max(high, Math.max(row.trueAge(), row.predictedAge()));
    }
    XYSeries perfect = new XYSeries("predicted = true");
    perfect.add(Math.floor(low), Math.floor(low));
    perfect.add(Math.ceil(high), Math.ceil(high));
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(faces);
    data.addSeries(perfect);
    JFreeChart chart = ChartFactory.createScatterPlot(SCATTER, "true age (years)", "predicted age (years)", data,
        PlotOrientation.VERTICAL, true, true, false);
    if (step > 1) {
      chart.addSubtitle(new TextTitle("every " + step + ". of " + rows.size() + " faces"));
    }
    XYPlot plot = style(chart).getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    renderer.setSeriesLinesVisible(0, false);
    renderer.setSeriesShapesVisible(0, true);
    renderer.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
    renderer.setSeriesPaint(0, new Color(0x2f, 0x6f, 0xde, 120));
    renderer.setSeriesLinesVisible(1, true);
    renderer.setSeriesShapesVisible(1, false);
    renderer.setSeriesPaint(1, new Color(0x888888));
    renderer.setSeriesStroke(1, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f));
    plot.setRenderer(renderer);
    return chart;
  }

  /** A chart with only a title and a note, for when no evaluation is shown. */
  static JFreeChart placeholder(String title) {
    JFreeChart chart = ChartFactory.createXYLineChart(title, "", "", new XYSeriesCollection(),
        PlotOrientation.VERTICAL, false, false, false);
    chart.getXYPlot().setNoDataMessage("no evaluation shown");
    chart.getXYPlot().getDomainAxis().setVisible(false);
    chart.getXYPlot().getRangeAxis().setVisible(false);
    return style(chart);
  }

  /** The three charts of an evaluation as PNG pictures for a report, in the order shown. */
  static List<ChartImage> images(AgeMetrics metrics) {
    return charts(metrics).stream().map(ResultsCharts::image).toList();
  }

  /** The three charts of an evaluation, new copies, in the order a report shows them. */
  static List<JFreeChart> charts(AgeMetrics metrics) {
    return List.of(cumulativeScore(metrics), ageBands(metrics), scatter(metrics));
  }

  private static ChartImage image(JFreeChart chart) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(png, chart, ChartExport.WIDTH * 3 / 4, ChartExport.HEIGHT * 3 / 4);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ChartImage(chart.getTitle().getText(), png.toByteArray());
  }

  private static JFreeChart style(JFreeChart chart) {
    chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(13f));
    chart.setBackgroundPaint(Color.WHITE);
    if (chart.getPlot() instanceof XYPlot plot) {
      plot.setBackgroundPaint(Color.WHITE);
      plot.setDomainGridlinePaint(new Color(0xdddddd));
      plot.setRangeGridlinePaint(new Color(0xdddddd));
    } else if (chart.getPlot() instanceof CategoryPlot plot) {
      plot.setBackgroundPaint(Color.WHITE);
      plot.setRangeGridlinePaint(new Color(0xdddddd));
    }
    return chart;
  }
}
