package org.siamage.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportWriterTest {
  @TempDir Path folder;

  private static EvaluationReport sampleReport() {
    AgeMetrics metrics =
        AgeMetrics.of(
            List.of(
                "img/5.jpg",
                "img/12.jpg",
                "odd,name \"q\".jpg",
                "img/25.jpg",
                "img/40.jpg",
                "img/61.jpg"),
            AgeMetricsTest.TRUE_AGES,
            AgeMetricsTest.PREDICTED,
            new double[] {1.5, 2, 2.5, 3, 3.5, 4},
            AgeMetricsTest.GENDERS,
            AgeMetricsTest.FEMALE,
            10);
    return new EvaluationReport(
        "compact-inception k=20",
        "test part of RANDOM split, seed 42, hash 0123abcd",
        "Dataset: toy. References: training split.",
        metrics,
        MeanAgeBaseline.of(new int[] {20, 30, 40}, AgeMetricsTest.TRUE_AGES));
  }

  @Test
  void writesParseableJsonCsvAndMarkdown() throws Exception {
    EvaluationReport report = sampleReport();
    List<Path> files = EvaluationReportWriter.writeAll(report, folder.resolve("eval"));

    assertThat(files)
        .extracting(path -> path.getFileName().toString())
        .containsExactly("report.json", "predictions.csv", "report.md");
    assertThat(files).allSatisfy(path -> assertThat(path).isRegularFile());
    try (var listing = Files.list(folder.resolve("eval"))) {
      assertThat(listing.filter(path -> path.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }

    EvaluationReport read = EvaluationReportWriter.readJson(files.get(0));
    assertThat(read).isEqualTo(report);
    JsonNode json = new ObjectMapper().readTree(files.get(0).toFile());
    assertThat(json.at("/metrics/mae").asDouble()).isEqualTo(3.75);
    assertThat(json.at("/metrics/cumulativeScores/5").asDouble()).isEqualTo(4 / 6.0);
    assertThat(json.at("/metrics/rows/2/trueGender").asText()).isEqualTo("UNKNOWN");

    List<String> csv = Files.readAllLines(files.get(1));
    assertThat(csv).hasSize(7);
    assertThat(csv.get(0)).isEqualTo(EvaluationReportWriter.CSV_HEADER);
    assertThat(csv.get(1)).isEqualTo("img/5.jpg,5,6.0000,1.0000,1.5000,F,0.9000,F");
    assertThat(csv.get(3)).startsWith("\"odd,name \"\"q\"\".jpg\",18,21.5000,3.5000,");
    assertThat(csv.get(6)).isEqualTo("img/61.jpg,61,71.0000,10.0000,4.0000,F,,");
  }

  @Test
  void markdownShowsTheKeyNumbers() {
    String markdown = EvaluationReportWriter.toMarkdown(sampleReport());
    assertThat(markdown)
        .startsWith("# Evaluation: compact-inception k=20\n")
        .contains("Split: test part of RANDOM split, seed 42, hash 0123abcd")
        .contains("| faces | MAE (years) | CS(3) | CS(5) | gender accuracy |")
        .contains("| 6 | 3.75 | 50.0 % | 66.7 % | 50.0 % (2 of 4 faces) |")
        .contains("Mean error (bias): +1.08 years.")
        .contains("training mean of 30.0 years (3 training faces) gives MAE")
        .contains("| T (years) | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 |")
        .contains(
            "| CS(T) | 16.7 % | 33.3 % | 50.0 % | 50.0 % | 66.7 % | 66.7 % | 83.3 % | 83.3 % |"
                + " 83.3 % | 83.3 % | 100.0 % |")
        .contains("| 10–19 | 2 | 2.75 |")
        .contains("| 30–39 | 0 | – |")
        .contains("| 60–69 | 1 | 10.00 |");
  }
}
