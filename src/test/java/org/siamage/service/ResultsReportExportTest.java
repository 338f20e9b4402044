package org.siamage.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.data.Gender;
import org.siamage.eval.AgeMetrics;
import org.siamage.eval.EvaluationReport;
import org.siamage.eval.MeanAgeBaseline;
import org.siamage.service.ResultsReportExport.ChartImage;

class ResultsReportExportTest {
  @TempDir Path folder;

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

  private static EvaluationReport report() {
    AgeMetrics metrics = AgeMetrics.of(new int[] {20, 35, 62}, new double[] {22.5, 30, 61},
        new Gender[] {Gender.FEMALE, Gender.MALE, Gender.UNKNOWN}, new double[] {0.8, 0.3, 0.5});
    return new EvaluationReport("Test <split>", "test (split abc)", "Model model.siamage", metrics,
        MeanAgeBaseline.of(new int[] {30, 40}, new int[] {20, 35, 62}));
  }

  @Test
  void markdownLinksEachChartWrittenBesideIt() throws IOException {
    Path file = folder.resolve("out").resolve("my report.md");
    List<Path> written = ResultsReportExport.writeMarkdown(report(),
        "# Paper tables\n\n## Losses\n", List.of(new ChartImage("MAE per age band", PNG)), file);
    assertThat(written).containsExactly(folder.resolve("out/my report-mae-per-age-band.png"), file);
    assertThat(Files.readAllBytes(written.get(0))).isEqualTo(PNG);
    String text = Files.readString(file);
    assertThat(text).startsWith("# Evaluation: Test <split>")
        .contains("![MAE per age band](my report-mae-per-age-band.png)")
        .contains("## Paper tables\n\n## Paper tables\n\n### Losses");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).hasSize(2);
    }
  }

  @Test
  void htmlIsOneFileWithInlineChartsAndEscapedText() throws IOException {
    Path file = folder.resolve("report.html");
    ResultsReportExport.writeHtml(report(), null, List.of(new ChartImage("CS", PNG)), file);
    String html = Files.readString(file);
    assertThat(html).contains("<h1>Evaluation: Test &lt;split&gt;</h1>")
        .contains("<td>3</td><td>2.83</td>")
        .contains("src=\"data:image/png;base64,iVBORwECAw==\"")
        .contains("<th>10</th>")
        .doesNotContain("Paper tables");
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aWarningIsShownAsAWarningInBothExportsNotAsMarkdownSyntax() throws IOException {
    EvaluationReport plain = report();
    EvaluationReport warned = new EvaluationReport(plain.name(), plain.split(), plain.notes(), plain.metrics(),
        plain.baseline(), List.of(), null, List.of("these crops frame the face <more> tightly"));
    String html = Files.readString(ResultsReportExport.writeHtml(warned, null, List.of(),
        folder.resolve("warned.html")));
    assertThat(html).contains("<p class=\"warning\"><strong>Warning:</strong> these crops frame the face"
        + " &lt;more&gt; tightly</p>").doesNotContain("**");
    Path markdown = folder.resolve("warned/report.md");
    ResultsReportExport.writeMarkdown(warned, null, List.of(), markdown);
    assertThat(Files.readString(markdown)).contains("\n\n**Warning:** these crops frame the face <more> tightly\n");
  }
}
