package org.siamage.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.siamage.core.AtomicFiles;
import org.siamage.core.UserFacingException;

/**
 * Writes an {@link EvaluationReport} into a folder as {@value #JSON_FILE} (everything, for
 * programs), {@value #CSV_FILE} (one row per test face) and {@value #MARKDOWN_FILE} (for people).
 * Each file is written atomically, so a reader never sees a half-written one.
 */
public final class EvaluationReportWriter {
  public static final String JSON_FILE = "report.json";
  public static final String CSV_FILE = "predictions.csv";
  public static final String MARKDOWN_FILE = "report.md";

  /** The CS curve of the Markdown report runs T = 0..this. */
  public static final int MARKDOWN_CURVE_YEARS = 10;

  static final String CSV_HEADER =
      "id,true_age,predicted_age,error,uncertainty,true_gender,female_probability,predicted_gender";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private EvaluationReportWriter() {}

  /**
   * Writes the three files into {@code folder} (created when missing).
   *
   * @return the written files: JSON, CSV, Markdown
   * @throws UserFacingException naming the file when it cannot be written
   */
  public static List<Path> writeAll(EvaluationReport report, Path folder) {
    Path json = folder.resolve(JSON_FILE);
    Path csv = folder.resolve(CSV_FILE);
    Path markdown = folder.resolve(MARKDOWN_FILE);
    write(json, toJson(report));
    write(csv, toCsv(report.metrics()));
    write(markdown, toMarkdown(report));
    return List.of(json, csv, markdown);
  }

  private static void write(Path file, String content) {
    try {
      AtomicFiles.writeString(file, content);
    } catch (IOException e) {
      throw new UserFacingException(
          "Cannot write evaluation report file " + file + ": " + e.getMessage(), e);
    }
  }

  public static String toJson(EvaluationReport report) {
    try {
      return MAPPER.writeValueAsString(report) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("An evaluation report always serialises", e);
    }
  }

  /** Reads a {@value #JSON_FILE} written by {@link #writeAll}. */
  public static EvaluationReport readJson(Path file) {
    try {
      return MAPPER.readValue(Files.readString(file), EvaluationReport.class);
    } catch (IOException e) {
      throw new UserFacingException(
          "Cannot read evaluation report " + file + ": " + e.getMessage(), e);
    }
  }

  /** The predictions table: one row per face, empty cells for missing values. */
  public static String toCsv(AgeMetrics metrics) {
    StringBuilder text = new StringBuilder(CSV_HEADER).append('\n');
    for (PredictionRow row : metrics.rows()) {
      text.append(csvCell(row.id()))
          .append(',')
          .append(row.trueAge())
          .append(',')
          .append(number(row.predictedAge()))
          .append(',')
          .append(number(row.error()))
          .append(',')
          .append(row.uncertainty() == null ? "" : number(row.uncertainty()))
          .append(',')
          .append(row.trueGender().code())
          .append(',')
          .append(row.femaleProbability() == null ? "" : number(row.femaleProbability()))
          .append(',')
          .append(row.predictedGender().code())
          .append('\n');
    }
    return text.toString();
  }

  /** Headline table, mean-age baseline, CS curve T = 0..10 and MAE per age band. */
  public static String toMarkdown(EvaluationReport report) {
    AgeMetrics metrics = report.metrics();
    StringBuilder text = new StringBuilder();
    text.append("# Evaluation: ").append(report.name()).append("\n\n");
    if (!report.split().isEmpty()) {
      text.append("Split: ").append(report.split()).append("\n\n");
    }
    if (!report.notes().isEmpty()) {
      text.append(report.notes().strip()).append("\n\n");
    }
    for (String warning : report.warnings()) {
      text.append("**Warning:** ").append(warning.strip()).append("\n\n");
    }

    String gender =
        metrics.genderAccuracy() == null
            ? Formats.MISSING
            // the count beside the rounded share: 92.95 % prints as 93.0 %, which near a target
            // would read as met
            : Formats.percent(metrics.genderAccuracy()) + String.format(Locale.ROOT, " (%,d of %,d faces)",
                Math.round(metrics.genderAccuracy() * metrics.genderFaces()), metrics.genderFaces());
    text.append(
        new TextTable("faces", "MAE (years)", "CS(3)", "CS(5)", "gender accuracy")
            .row(
                Integer.toString(metrics.faces()),
                Formats.years(metrics.mae()),
                Formats.percent(metrics.cumulativeScore(3)),
                Formats.percent(metrics.cumulativeScore(5)),
                gender)
            .toMarkdown());
    text.append('\n')
        .append(
            String.format(Locale.ROOT, "Mean error (bias): %+.2f years.\n", metrics.meanError()));
    MeanAgeBaseline baseline = report.baseline();
    if (baseline != null) {
      text.append(
          String.format(
              Locale.ROOT,
              "Mean-age baseline: always predicting the training mean of %.1f years (%d training"
                  + " faces) gives MAE %.2f years on these %d faces.\n",
              baseline.meanTrainingAge(),
              baseline.trainingFaces(),
              baseline.mae(),
              baseline.testFaces()));
    }

    if (!report.estimators().isEmpty()) {
      text.append("\n## Age estimators\n\n");
      TextTable estimators = new TextTable("estimator", "setting", "MAE (years)", "CS(3)", "CS(5)");
      for (EstimatorScore score : report.estimators()) {
        estimators.row(score.estimator(), score.setting(), Formats.years(score.mae()),
            Formats.percent(score.cumulativeScore3()), Formats.percent(score.cumulativeScore5()));
      }
      text.append(estimators.toMarkdown());
    }
    PairVerification pairs = report.pairVerification();
    if (pairs != null) {
      text.append("\n## Pair verdict\n\n").append(String.format(Locale.ROOT,
          "Same age class (|Δage| ≤ %s years) when the distance is at most %.3f: %s of %d pairs right"
              + " (balanced accuracy %s; %d similar pairs). Mean distance: similar pairs %.3f, dissimilar"
              + " pairs %.3f.\n", Formats.number(pairs.ageThreshold()), pairs.threshold(),
          Formats.percent(pairs.accuracy()), pairs.pairs(), Formats.percent(pairs.balancedAccuracy()),
          pairs.similarPairs(), pairs.meanSimilarDistance(), pairs.meanDissimilarDistance()));
    }

    text.append("\n## Cumulative score\n\n");
    int curveEnd = Math.min(MARKDOWN_CURVE_YEARS, metrics.maxCumulativeScoreYears());
    String[] curveHeader = new String[curveEnd + 2];
    String[] curveRow = new String[curveEnd + 2];
    curveHeader[0] = "T (years)";
    curveRow[0] = "CS(T)";
    for (int years = 0; years <= curveEnd; years++) {
      curveHeader[years + 1] = Integer.toString(years);
      curveRow[years + 1] = Formats.percent(metrics.cumulativeScore(years));
    }
    text.append(new TextTable(curveHeader).row(curveRow).toMarkdown());

    text.append("\n## MAE per age band\n\n");
    TextTable bands = new TextTable("true age", "faces", "MAE (years)");
    for (AgeBandError band : metrics.bands()) {
      bands.row(band.label(), Integer.toString(band.faces()), Formats.years(band.mae()));
    }
    text.append(bands.toMarkdown());
    return text.toString();
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static String csvCell(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }
}
