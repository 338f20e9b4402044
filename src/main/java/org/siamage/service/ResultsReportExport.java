package org.siamage.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.siamage.core.AtomicFiles;
import org.siamage.core.UserFacingException;
import org.siamage.eval.AgeBandError;
import org.siamage.eval.AgeMetrics;
import org.siamage.eval.EvaluationReport;
import org.siamage.eval.EvaluationReportWriter;
import org.siamage.eval.MeanAgeBaseline;

/**
 * Writes the Results perspective's report: the evaluation's numbers, the charts it shows and, when
 * there is one, the paper-tables output. Markdown keeps each chart as a PNG file beside the report
 * ({@code NAME-CHART.png}); HTML is one self-contained file with the charts inline. Every file is
 * written atomically, the pictures before the report that links them.
 */
public final class ResultsReportExport {
  /**
   * One chart picture.
   *
   * @param title shown above the chart and used for its file name
   * @param png the encoded PNG
   */
  public record ChartImage(String title, byte[] png) {
    public ChartImage {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(png, "png");
    }
  }

  private ResultsReportExport() {}

  /**
   * Writes {@code file} (Markdown) and one PNG per chart beside it.
   *
   * @return the files written, the report last
   */
  public static List<Path> writeMarkdown(EvaluationReport report, String paperTables, List<ChartImage> charts,
      Path file) {
    Path folder = file.toAbsolutePath().getParent();
    String stem = stem(file);
    List<Path> written = new ArrayList<>();
    for (ChartImage chart : charts) {
      Path png = folder.resolve(chartFile(stem, chart.title()));
      write(png, chart.png());
      written.add(png);
    }
    String text = markdown(report, paperTables, charts.stream().map(ChartImage::title).toList(), stem);
    write(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    written.add(file);
    return written;
  }

  /**
   * The Markdown report {@link #writeMarkdown} writes to {@code STEM.md}: the evaluation, one
   * picture per chart (named by {@link #chartFile}), then the paper tables with their headings one
   * level down. The Results perspective lays out the same text.
   */
  public static String markdown(EvaluationReport report, String paperTables, List<String> chartTitles, String stem) {
    StringBuilder text = new StringBuilder(EvaluationReportWriter.toMarkdown(report));
    if (!chartTitles.isEmpty()) {
      text.append("\n## Charts\n");
      for (String title : chartTitles) {
        text.append("\n### ").append(title).append("\n\n")
            .append("![").append(title).append("](").append(chartFile(stem, title)).append(")\n");
      }
    }
    if (paperTables != null && !paperTables.isBlank()) {
      text.append("\n## Paper tables\n\n").append(demoteHeadings(paperTables.strip())).append('\n');
    }
    return text.toString();
  }

  /** The PNG file name of the chart titled {@code title} beside the report {@code STEM.md}. */
  public static String chartFile(String stem, String title) {
    return stem + "-" + slug(title) + ".png";
  }

  /** Writes {@code file}: one HTML page with the numbers, tables and inline (base64) charts. */
  public static Path writeHtml(EvaluationReport report, String paperTables, List<ChartImage> charts, Path file) {
    AgeMetrics metrics = report.metrics();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Evaluation: ")
        .append(escape(report.name())).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}\n")
        .append("table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ccc;padding:.25em .6em;")
        .append("text-align:right}th{background:#f2f4f8}img{max-width:100%;border:1px solid #ddd}\n")
        .append("pre{background:#f6f6f6;padding:1em;overflow:auto}.warning{color:#8a4b00}\n</style>\n</head>\n<body>\n")
        .append("<h1>Evaluation: ").append(escape(report.name())).append("</h1>\n");
    if (!report.split().isEmpty()) {
      html.append("<p>Split: ").append(escape(report.split())).append("</p>\n");
    }
    if (!report.notes().isEmpty()) {
      html.append("<p>").append(escape(report.notes().strip())).append("</p>\n");
    }
    for (String warning : report.warnings()) {
      html.append("<p class=\"warning\"><strong>Warning:</strong> ").append(escape(warning.strip()))
          .append("</p>\n");
    }
    html.append("<table>\n<tr><th>faces</th><th>MAE (years)</th><th>CS(3)</th><th>CS(5)</th>")
        .append("<th>gender accuracy</th></tr>\n<tr><td>").append(metrics.faces()).append("</td><td>")
        .append(years(metrics.mae())).append("</td><td>").append(percent(metrics.cumulativeScore(3)))
        .append("</td><td>").append(percent(metrics.cumulativeScore(5))).append("</td><td>")
        .append(metrics.genderAccuracy() == null ? "–"
            : percent(metrics.genderAccuracy()) + " (" + metrics.genderFaces() + " faces)")
        .append("</td></tr>\n</table>\n");
    html.append(String.format(Locale.ROOT, "<p>Mean error (bias): %+.2f years.", metrics.meanError()));
    MeanAgeBaseline baseline = report.baseline();
    if (baseline != null) {
      html.append(String.format(Locale.ROOT, " Mean-age baseline: always predicting the training mean of %.1f"
          + " years gives MAE %.2f years on these %d faces.", baseline.meanTrainingAge(), baseline.mae(),
          baseline.testFaces()));
    }
    html.append("</p>\n<h2>Cumulative score</h2>\n<table>\n<tr><th>T (years)</th>");
    int curveEnd = Math.min(EvaluationReportWriter.MARKDOWN_CURVE_YEARS, metrics.maxCumulativeScoreYears());
    for (int years = 0; years <= curveEnd; years++) {
      html.append("<th>").append(years).append("</th>");
    }
    html.append("</tr>\n<tr><th>CS(T)</th>");
    for (int years = 0; years <= curveEnd; years++) {
      html.append("<td>").append(percent(metrics.cumulativeScore(years))).append("</td>");
    }
    html.append("</tr>\n</table>\n<h2>MAE per age band</h2>\n<table>\n")
        .append("<tr><th>true age</th><th>faces</th><th>MAE (years)</th></tr>\n");
    for (AgeBandError band : metrics.bands()) {
      html.append("<tr><td>").append(escape(band.label())).append("</td><td>").append(band.faces())
          .append("</td><td>").append(band.mae() == null ? "–" : years(band.mae())).append("</td></tr>\n");
    }
    html.append("</table>\n");
    if (!charts.isEmpty()) {
      html.append("<h2>Charts</h2>\n");
      for (ChartImage chart : charts) {
        html.append("<h3>").append(escape(chart.title())).append("</h3>\n<img alt=\"")
            .append(escape(chart.title())).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(chart.png())).append("\">\n");
      }
    }
    if (paperTables != null && !paperTables.isBlank()) {
      html.append("<h2>Paper tables</h2>\n<pre>").append(escape(paperTables.strip())).append("</pre>\n");
    }
    html.append("</body>\n</html>\n");
    write(file, html.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return file;
  }

  private static void write(Path file, byte[] content) {
    try {
      AtomicFiles.writeBytes(file, content);
    } catch (IOException e) {
      throw new UserFacingException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** "MAE per age band" → "mae-per-age-band". */
  static String slug(String title) {
    String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    return slug.isEmpty() ? "chart" : slug;
  }

  /** The paper tables' own headings go one level down, under "Paper tables". */
  private static String demoteHeadings(String markdown) {
    return markdown.replaceAll("(?m)^(#{1,5}) ", "#$1 ");
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String years(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * share);
  }
}
